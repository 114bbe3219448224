"""`agenda html` for an agenda in several languages: the switch, a variant of each text per
language (what `Agenda.in_language` gives, with its `lang` and a marker where it falls back), the
calendar links in each language, `--language`. In a browser: test_page_browser.py."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

from agenda import Agenda, Event, Item, Part, build_timeline, get_zone, loads, read_document
from agenda._formats.page import calendar_files, page_files, page_languages, render_page
from agenda._formats.rows import programme
from agenda._formats.text import default_zones
from agenda._languages import Localized, text_language
from agenda.exceptions import PageError
from agenda.testing import agendas
from test_ical_support import exportable

Cli = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "india-russia-webinar.toml"
STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)
MOSCOW = get_zone("Europe/Moscow")

PARTLY = """\
[event]
id = "partly"
title = { en = "Partly translated", ru = "Частично переведено" }
start = "2021-02-10T11:00"
zone = "Europe/Moscow"
language = "en"
[[parts]]
id = "both"
title = { en = "In both", ru = "На обоих" }
duration = "10m"
[[parts]]
id = "plain"
title = "Only in English"
duration = "10m"
[[parts]]
id = "russian"
title = { ru = "Только по-русски" }
duration = "10m"
"""


class _Shown(HTMLParser):
    """The page as a reader of `language` sees it once CSS has hidden the other variants: the
    text of each row's title (its `span.name`) by row id, with the `lang` it is in and its
    fallback marker."""

    def __init__(self, language: str | None) -> None:
        super().__init__()
        self.language = language
        self.names: dict[str, tuple[str, str | None, str]] = {}
        self._row = ""
        self._stack: list[tuple[str, bool, str | None, bool]] = []  # tag, hidden, lang, in a name
        self._marker: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        hidden, lang, in_name = self._stack[-1][1:] if self._stack else (False, None, False)
        variant = found.get("data-for")
        if variant is not None and self.language not in variant.split():
            hidden = True
        if tag != "html":  # the page's own language is the default: None
            lang = found.get("lang", lang)
        if tag == "tr":
            self._row = found.get("id") or ""
        if "name" in (found.get("class") or "").split() and tag == "span":
            in_name = True
            self.names[self._row] = ("", None, "")
        self._stack.append((tag, hidden, lang, in_name))
        if found.get("class") == "fallback":
            self._marker.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break
        if self._marker and self._marker[-1] == tag:
            self._marker.pop()

    def handle_data(self, data: str) -> None:
        if not self._stack:
            return
        _, hidden, lang, in_name = self._stack[-1]
        if hidden or not in_name:
            return
        text, text_lang, marker = self.names[self._row]
        if self._marker:
            self.names[self._row] = (text, text_lang, marker + data)
        else:
            self.names[self._row] = (text + data, lang if not text else text_lang, marker)


def _shown(html: str, language: str | None) -> dict[str, tuple[str, str | None, str]]:
    parser = _Shown(language)
    parser.feed(html)
    # A marker follows its text after a space.
    return {
        row: (text.removesuffix(" ") if marker else text, lang, marker)
        for row, (text, lang, marker) in parser.names.items()
    }


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[str, dict[str, str | None]]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found.append((tag, dict(attrs)))

    parser = Tags()
    parser.feed(html)
    return parser.found


def _page(agenda: Agenda, **options: Any) -> str:
    return render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP, **options)


@pytest.fixture(scope="module")
def seed() -> Agenda:
    return read_document(SEED).agenda


@pytest.fixture(scope="module")
def seed_html(seed: Agenda) -> str:
    return _page(seed)


def _expected(agenda: Agenda, language: str) -> dict[str, tuple[str, str | None, str]]:
    """Each row's title as `Agenda.in_language` gives it, the language it is in (None where the
    page's own, English, covers it) and the marker naming that language when it is not the reader's."""
    view = agenda.in_language(language)
    document = agenda.event.language or "en"
    found = {}
    for row in programme(view, build_timeline(view), ()).rows:
        written = text_language(row.title, view.event.language)
        marker = written if written not in (None, language) else ""
        found[row.anchor] = (str(row.title), None if written == document else written, marker)
    return found


def test_the_switch_lists_the_languages_the_event_first(seed_html: str) -> None:
    """One radio button per language, the event's first and checked, each label in its language."""
    tags = _tags(seed_html)
    radios = [(a["value"], "checked" in a) for tag, a in tags if tag == "input" and a.get("name") == "language"]
    labels = [a.get("lang") for tag, a in tags if tag == "label"]
    assert (radios, labels, tags[0]) == ([("en", True), ("ru", False)], ["en", "ru"], ("html", {"lang": "en"}))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_each_language_shows_the_titles_in_language(seed: Agenda, seed_html: str, language: str) -> None:
    """With CSS hiding the other variants, every row shows its title as `agenda.in_language`
    gives it; the Russian ones carry lang="ru"."""
    assert _shown(seed_html, language) == _expected(seed, language)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_text_that_falls_back_carries_its_language_and_a_marker(language: str) -> None:
    """A title given only in English shows to a Russian reader with a marker "en"; one given only
    in Russian shows to an English reader in lang="ru" with a marker "ru"."""
    agenda = loads(PARTLY, "toml")
    shown = _shown(_page(agenda), language)
    expected = {
        "en": {
            "both": ("In both", None, ""),
            "plain": ("Only in English", None, ""),
            "russian": ("Только по-русски", "ru", "ru"),
        },
        "ru": {
            "both": ("На обоих", "ru", ""),
            "plain": ("Only in English", None, "en"),
            "russian": ("Только по-русски", "ru", ""),
        },
    }[language]
    assert (shown, shown == _expected(agenda, language)) == (expected, True)


def test_language_option_opens_the_page_in_it(seed: Agenda) -> None:
    """`language="ru"`: Russian first and checked, the page's own title and links in Russian;
    `<html lang>` stays the event's."""
    html = _page(seed, language="ru")
    tags = _tags(html)
    radios = [(a["value"], "checked" in a) for tag, a in tags if tag == "input" and a.get("name") == "language"]
    opening = next(a for tag, a in tags if tag == "a" and a.get("download", "").endswith(".opening.ics"))
    calendar = base64.b64decode((opening["href"] or "").split(",", 1)[1]).decode()
    assert (radios, tags[0], "<title>Вебинар о межрегиональном" in html, opening["aria-label"]) == (
        [("ru", True), ("en", False)],
        ("html", {"lang": "en"}),
        True,
        ".ics file for Вступительное слово",
    )
    assert "SUMMARY;LANGUAGE=ru:Вступительное слово" in calendar.replace("\r\n ", "")


def test_links_in_the_other_languages_are_their_calendars(seed: Agenda, seed_html: str) -> None:
    """Each link's `data-by-language` gives its attributes in Russian: the opening's .ics is the
    opening's calendar of the agenda in Russian, and its Google link has the Russian title."""
    from urllib.parse import parse_qs, urlsplit

    tags = _tags(seed_html)
    opening = next(a for tag, a in tags if tag == "a" and a.get("download", "").endswith(".opening.ics"))
    google = next(a for tag, a in tags if tag == "a" and "Google Calendar: Opening" in (a.get("aria-label") or ""))
    russian = json.loads(opening["data-by-language"] or "")["ru"]
    russian_google = json.loads(google["data-by-language"] or "")["ru"]
    view = seed.in_language("ru")
    files = calendar_files(view, build_timeline(view), stamp=STAMP)
    payload = base64.b64decode(russian["href"].split(",", 1)[1])
    assert (payload, russian["aria-label"], parse_qs(urlsplit(russian_google["href"]).query)["text"]) == (
        files[f"{seed.event.id}.opening.ics"],
        ".ics file for Вступительное слово",
        ["Вступительное слово"],
    )


def test_page_files_hold_each_language(seed: Agenda) -> None:
    """The page's files: the first language's as `calendar_files` makes them, each other's in a
    folder named by its tag."""
    files = page_files(seed, build_timeline(seed), stamp=STAMP)
    english = calendar_files(seed.in_language("en"), build_timeline(seed), stamp=STAMP)
    view = seed.in_language("ru")
    russian = calendar_files(view, build_timeline(view), stamp=STAMP)
    assert files == {**english, **{f"ru/{name}": content for name, content in russian.items()}}


def test_an_agenda_in_one_language_has_no_switch() -> None:
    """No switch, no variants and no language rules for an agenda in one language (or none)."""
    start = datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW)
    for language in (None, "en"):
        agenda = Agenda(
            event=Event(id="e", title="T", start=start, language=language),
            parts=(Item(title=Localized({"en": "x"}), duration=timedelta(minutes=5)),),
        )
        html = _page(agenda, language="ru")
        attributes = {name for _, found in _tags(html) for name in found}
        ids = {found.get("id") for _, found in _tags(html)}
        assert (page_languages(agenda), "language-switcher" in ids, attributes & {"data-for", "data-by-language"}) == (
            (),
            False,
            set(),
        )


def test_an_unknown_language_tag_is_refused(seed: Agenda) -> None:
    """`language="xx"` names the tag and says why."""
    with pytest.raises(PageError, match=r"'xx'.*unknown language code"):
        _page(seed, language="xx")


def test_a_language_the_agenda_lacks_opens_in_the_event_language(seed: Agenda, seed_html: str) -> None:
    """A reader of German sees the event's language: the page is the default one."""
    assert _page(seed, language="de") == seed_html


def test_the_page_script_gets_the_titles_of_each_language(seed_html: str) -> None:
    """The embedded data lists the languages and the page's title in each, for the switch."""
    script = seed_html.split('<script type="application/json" id="agenda-data">', 1)[1]
    data = json.loads(script.split("</script>", 1)[0])
    assert (data["languages"], data["titles"]["ru"]) == (
        ["en", "ru"],
        "Вебинар о межрегиональном сотрудничестве Индии и России",
    )


def test_timeline_picture_in_each_language(seed_html: str) -> None:
    """One picture per language, each with its own ids; the Russian one names the parts in Russian."""
    figure = seed_html.split("<figure>", 1)[1].split("</figure>", 1)[0]
    english, russian = figure.split('<div data-for="ru">')
    assert ('id="timeline-title"' in english, 'id="timeline-ru-title"' in russian) == (True, True)
    assert ("Взаимодействие штатов Индии" in russian, "Взаимодействие штатов Индии" in english) == (True, False)


def test_cli_language_and_ics_dir(cli: Cli, tmp_path: Path, seed: Agenda) -> None:
    """`agenda html --language ru --ics-dir DIR`: the same page as `render_page`, Russian first,
    and every file it links to, in each language, written under DIR."""
    from urllib.parse import unquote

    target = tmp_path / "index.html"
    code, out, err = cli(
        "html", str(SEED), "-o", str(target), "--stamp", "2021-02-01T09:00Z", "--language", "RU", "--ics-dir",
        str(tmp_path / "ics"),
    )  # fmt: skip
    html = target.read_text(encoding="utf-8")
    expected = _page(seed, language="ru", ics_base="ics/")
    hrefs = [a["href"] for tag, a in _tags(html) if tag == "a" and a.get("download")]
    for _, found in _tags(html):
        hrefs += [v["href"] for v in json.loads(found.get("data-by-language") or "{}").values()]
    files = [unquote(h or "") for h in hrefs if (h or "").startswith("ics/")]
    assert (code, out, err, html == expected) == (0, "", "", True)
    assert (len(files) > 20, any(f.startswith("ics/en/") for f in files)) == (True, True)
    assert all((tmp_path / f).is_file() for f in files)


def test_cli_unknown_language_exits_two(cli: Cli, tmp_path: Path) -> None:
    """`--language xx`: exit 2 with the reason on one line, nothing written."""
    target = tmp_path / "page.html"
    code, _, err = cli("html", str(SEED), "-o", str(target), "--language", "xx")
    assert (code, "unknown language code 'xx'" in err, "Traceback" in err, target.exists()) == (2, True, False, False)


def _translated(agenda: Agenda) -> Agenda:
    """`agenda` with every title also in Russian (reversed), but for every third node's."""
    counter = iter(range(1_000_000))

    def title(text: str) -> Localized | str:
        return text if next(counter) % 3 == 2 else Localized({"en": text, "ru": text[::-1] or "-"})

    def node(value: Item | Part) -> Item | Part:
        if isinstance(value, Item):
            return attrs.evolve(value, title=title(value.title))
        return attrs.evolve(value, title=title(value.title), items=tuple(node(n) for n in value.items))

    event = attrs.evolve(agenda.event, title=title(agenda.event.title), language="en")
    return attrs.evolve(agenda, event=event, parts=tuple(node(n) for n in agenda.parts))


@given(agendas())
def test_any_translated_agenda_shows_each_language(agenda: Agenda) -> None:
    """For any agenda with titles in two languages, each language's rows show exactly
    `agenda.in_language`'s titles, with their lang and markers, one row per slot."""
    exportable(agenda)
    translated = _translated(agenda)
    html = _page(translated)
    rows = [a for tag, a in _tags(html) if tag == "tr" and "slot" in (a.get("class") or "")]
    assert len(rows) == len(build_timeline(agenda).slots)
    for language in ("en", "ru"):
        assert _shown(html, language) == _expected(translated, language)
