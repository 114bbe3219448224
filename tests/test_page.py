"""`agenda html`: the page's markup (read with the standard library's HTML parser), its calendar
links, its options and their refusals. The page in a browser: test_page_browser.py."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given

from agenda import Agenda, Event, Item, Platform, Speaker, build_timeline, get_zone, read_document
from agenda._formats.page import PageError, calendar_files, google_link, outlook_link, render_page, webcal_link
from agenda._formats.text import default_zones
from agenda.testing import agendas
from test_ical_support import exportable

Cli = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "india-russia-webinar.toml"
STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of the document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def seed() -> Agenda:
    return read_document(SEED).agenda


@pytest.fixture(scope="module")
def seed_html(seed: Agenda) -> str:
    return render_page(seed, build_timeline(seed), default_zones(seed), stamp=STAMP)


def test_every_time_element_has_an_offset(seed_html: str) -> None:
    """Each `<time datetime>` is a local date-time with its offset, never a bare clock."""
    values = [attrs["datetime"] for tag, attrs in _parse(seed_html).tags if tag == "time"]
    assert values
    assert all(re.fullmatch(r"2021-02-10T\d\d:\d\d[+-]\d\d:\d\d", v or "") for v in values)


def test_lang_comes_from_the_event(seed: Agenda) -> None:
    """`<html lang>` is the event's language."""
    import attrs

    agenda = attrs.evolve(seed, event=attrs.evolve(seed.event, language="ru"))
    html = render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP)
    assert _parse(html).tags[0] == ("html", {"lang": "ru"})


def test_page_has_landmarks_and_a_heading_per_day(seed_html: str) -> None:
    """A header, a navigation, a main and a footer; an h1, and an h2 for the day."""
    tags = [tag for tag, _ in _parse(seed_html).tags]
    assert {"header", "nav", "main", "footer"} <= set(tags)
    assert (tags.count("h1"), "Wednesday 10 February 2021" in seed_html) == (1, True)


def test_page_needs_no_network(seed_html: str) -> None:
    """Nothing is loaded from elsewhere: no src or stylesheet link; scripts and styles are inline."""
    loaded = [
        (tag, attrs)
        for tag, attrs in _parse(seed_html).tags
        if attrs.get("src") or (tag == "link" and attrs.get("rel") == "stylesheet")
    ]
    assert loaded == []


def test_titles_are_escaped() -> None:
    """A title with markup is text in the page, never an element."""
    start = datetime(2021, 2, 10, 11, 0, tzinfo=get_zone("Europe/Moscow"))
    agenda = Agenda(
        event=Event(id="e", title="<b>T</b>", start=start),
        parts=(Item(title="</script><script>alert(1)</script>", duration=timedelta(minutes=5)),),
    )
    html = render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP)
    scripts = [attrs for tag, attrs in _parse(html).tags if tag == "script"]
    assert (len(scripts), "<b>T</b>" in html, "&lt;/script&gt;" in html) == (2, False, True)


def test_the_data_script_cannot_be_closed_by_agenda_text() -> None:
    """Agenda text in the embedded JSON cannot end its script element."""
    start = datetime(2021, 2, 10, 11, 0, tzinfo=get_zone("Europe/Moscow"))
    from agenda import Audience

    agenda = Agenda(
        event=Event(id="e", title="T", start=start),
        parts=(Item(title="x", duration=timedelta(minutes=5)),),
        audiences=(Audience(name="</script><b>", zone=get_zone("Asia/Kolkata")),),
    )
    html = render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP)
    data = html.split('<script type="application/json" id="agenda-data">', 1)[1].split("</script>", 1)[0]
    assert ("\\u003c/script\\u003e" in data, "<" in data) == (True, False)


def test_outside_local_hours_is_marked_in_words() -> None:
    """An item at 23:30 in a zone whose audience attends 09:00–21:00 is marked there, in words."""
    start = datetime(2021, 2, 10, 21, 0, tzinfo=get_zone("Europe/Moscow"))
    from agenda import Audience, LocalHours

    agenda = Agenda(
        event=Event(id="e", title="T", start=start),
        parts=(Item(id="late", title="Late", duration=timedelta(minutes=30)),),
        audiences=(Audience(name="India", zone=get_zone("Asia/Kolkata"), hours=LocalHours.parse("09:00-21:00")),),
    )
    html = render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP)
    text = " ".join("".join(_parse(html).text).split())
    assert "23:30–00:00 IST, UTC+05:30 outside local hours 09:00–21:00" in text


def test_join_link_and_speakers_with_organisations(seed_html: str) -> None:
    """The join link is on the page, and each speaker has a section with their organisation."""
    hrefs = [attrs.get("href") for tag, attrs in _parse(seed_html).tags if tag == "a"]
    ids = {attrs.get("id") for _, attrs in _parse(seed_html).tags}
    assert "https://example.webex.com/meet/india-russia-2021" in hrefs
    assert {"speaker-kulikova", "speaker-ambassador"} <= ids
    assert "Ambassador of India to Russia, Embassy of India in Russia" in seed_html


def test_item_ics_links_are_the_items_calendars(seed: Agenda, seed_html: str) -> None:
    """Each item's data URL is that item's own calendar from `agenda.ical` (one VEVENT, its UID)."""
    import icalendar

    links = [
        attrs for tag, attrs in _parse(seed_html).tags if tag == "a" and (attrs.get("download") or "").endswith(".ics")
    ]
    opening = next(a for a in links if a["download"] == "india-russia-interregional-2021.opening.ics")
    payload = base64.b64decode((opening["href"] or "").split(",", 1)[1])
    events = list(icalendar.Calendar.from_ical(payload).walk("VEVENT"))
    assert (len(events), str(events[0]["SUMMARY"]), events[0].decoded("DTSTART").astimezone(UTC)) == (
        1,
        "Opening remarks",
        datetime(2021, 2, 10, 8, 0, tzinfo=UTC),
    )


def test_calendar_files_cover_event_items_and_speakers(seed: Agenda) -> None:
    """The .ics files: the whole event, one per item, one per speaker on the programme."""
    files = calendar_files(seed, build_timeline(seed), stamp=STAMP)
    items = sum(1 for _ in seed.items())
    assert (len(files), "india-russia-interregional-2021.speaker.kulikova.ics" in files) == (
        1 + items + len(seed.speakers),
        True,
    )


def test_speaker_calendars_are_the_speaker_exports(seed: Agenda) -> None:
    """Each speaker's .ics is exactly `to_ical(..., split="items", speaker=...)`."""
    from agenda.ical import to_ical

    files = calendar_files(seed, build_timeline(seed), stamp=STAMP)
    expected = {s.id: to_ical(seed, stamp=STAMP, split="items", speaker=s.id) for s in seed.speakers}
    assert {s.id: files[f"{seed.event.id}.speaker.{s.id}.ics"] for s in seed.speakers} == expected


def test_google_link_is_in_utc() -> None:
    """The Google Calendar link gives the span as UTC instants in basic form."""
    start = datetime(2021, 2, 10, 13, 30, tzinfo=get_zone("Asia/Kolkata"))
    query = parse_qs(urlsplit(google_link("T", start, start + timedelta(minutes=5), "d", "here")).query)
    assert (query["dates"], query["action"], query["location"]) == (
        ["20210210T080000Z/20210210T080500Z"],
        ["TEMPLATE"],
        ["here"],
    )


def test_outlook_link_is_in_utc() -> None:
    """The Outlook link gives startdt and enddt in UTC with a Z."""
    start = datetime(2021, 2, 10, 13, 30, tzinfo=get_zone("Asia/Kolkata"))
    link = outlook_link("T", start, start + timedelta(minutes=5), "d", None, host="outlook.office.com")
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    assert (parts.netloc, query["startdt"], query["enddt"], query["rru"]) == (
        "outlook.office.com",
        ["2021-02-10T08:00:00Z"],
        ["2021-02-10T08:05:00Z"],
        ["addevent"],
    )


def test_long_descriptions_are_cut_in_links() -> None:
    """A long description is cut in the Google link, which URLs cannot carry whole."""
    start = datetime(2021, 2, 10, 8, 0, tzinfo=UTC)
    query = parse_qs(urlsplit(google_link("T", start, start, "x" * 5000, None)).query)
    assert (len(query["details"][0]) <= 1200, query["details"][0].endswith("…")) == (True, True)


@pytest.mark.parametrize(
    ("feed", "expected"),
    [
        ("https://example.org/feed.ics", "webcal://example.org/feed.ics"),
        ("http://example.org/a/b.ics?x=1", "webcal://example.org/a/b.ics?x=1"),
    ],
)
def test_webcal_link(feed: str, expected: str) -> None:
    """A feed URL becomes its webcal:// subscription link."""
    assert webcal_link(feed) == expected


@pytest.mark.parametrize("feed", ["ftp://example.org/feed.ics", "javascript:alert(1)", "https://", "https://e.org/a b"])
def test_webcal_refuses_other_urls(feed: str) -> None:
    """Only http(s) addresses without spaces make a subscription link."""
    with pytest.raises(PageError, match="--feed-url"):
        webcal_link(feed)


def test_cli_writes_the_page(cli: Cli, tmp_path: Path) -> None:
    """`agenda html FILE -o page.html --stamp …` writes the same page as `render_page`."""
    target = tmp_path / "page.html"
    seed = read_document(SEED).agenda
    code, out, err = cli("html", str(SEED), "-o", str(target), "--stamp", "2021-02-01T09:00Z")
    expected = render_page(seed, build_timeline(seed), default_zones(seed), stamp=STAMP)
    assert (code, out, err, target.read_text(encoding="utf-8") == expected) == (0, "", "", True)


def test_cli_feed_url_adds_a_webcal_link(cli: Cli, tmp_path: Path) -> None:
    """--feed-url puts a webcal:// subscription on the page."""
    target = tmp_path / "page.html"
    code, _, _ = cli(
        "html", str(SEED), "-o", str(target), "--stamp", "2021-02-01T09:00Z", "--feed-url", "https://e.org/f.ics"
    )
    assert (code, 'href="webcal://e.org/f.ics"' in target.read_text(encoding="utf-8")) == (0, True)


def test_cli_bad_feed_url_exits_two(cli: Cli, tmp_path: Path) -> None:
    """A feed URL that is not http(s): exit 2 with one line, nothing written."""
    target = tmp_path / "page.html"
    code, _, err = cli("html", str(SEED), "-o", str(target), "--feed-url", "ftp://e.org/f.ics")
    assert (code, err.count("\n"), target.exists()) == (2, 1, False)


def test_cli_ics_dir_writes_files_linked_from_the_page(cli: Cli, tmp_path: Path) -> None:
    """--ics-dir writes the .ics files there and the page links them relatively, without data URLs."""
    target = tmp_path / "site" / "index.html"
    target.parent.mkdir()
    ics = tmp_path / "site" / "calendar files"
    code, _, err = cli("html", str(SEED), "-o", str(target), "--stamp", "2021-02-01T09:00Z", "--ics-dir", str(ics))
    html = target.read_text(encoding="utf-8")
    hrefs = [
        unquote(attrs.get("href") or "")
        for tag, attrs in _parse(html).tags
        if tag == "a" and (attrs.get("download") or "").endswith(".ics")
    ]
    assert (code, err, "data:text/calendar" in html) == (0, "", False)
    assert all((target.parent / href).is_file() for href in hrefs)
    assert hrefs


def test_cli_tz_orders_the_columns(cli: Cli, tmp_path: Path) -> None:
    """--tz chooses the columns; the first groups the days."""
    target = tmp_path / "page.html"
    code, _, _ = cli("html", str(SEED), "-o", str(target), "--stamp", "2021-02-01T09:00Z", "--tz", "Pacific/Kiritimati")
    html = target.read_text(encoding="utf-8")
    assert (code, html.count('<section class="day"'), "(dates in Pacific/Kiritimati)" in html) == (0, 2, True)


def test_cli_missing_output_directory_exits_two(cli: Cli, tmp_path: Path) -> None:
    """An -o whose directory is missing: exit 2 before any work."""
    code, _, err = cli("html", str(SEED), "-o", str(tmp_path / "missing" / "p.html"))
    assert (code, "does not exist" in err) == (2, True)


def test_speakers_without_a_zone_and_undeclared_speakers_render() -> None:
    """An item naming an undeclared speaker shows the id; a speaker with nothing says so."""
    start = datetime(2021, 2, 10, 11, 0, tzinfo=get_zone("Europe/Moscow"))
    agenda = Agenda(
        event=Event(id="e", title="T", start=start, platform=Platform(name="Hall")),
        parts=(Item(title="x", duration=timedelta(minutes=5), speakers=("ghost",)),),
        speakers=(Speaker(id="idle", name="Idle"),),
    )
    text = " ".join(
        "".join(_parse(render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP)).text).split()
    )
    assert ("ghost" in text, "Not on the programme." in text, "On Hall" in text) == (True, True, True)


def test_check_imports_no_template_engine() -> None:
    """`agenda check` loads neither jinja2 nor a renderer of the page."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "agenda", "check", str(SEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert (result.returncode, "jinja2" in imported, "markupsafe" in imported, "agenda._formats.page" in imported) == (
        0,
        False,
        False,
        False,
    )


@given(agendas())
def test_any_agenda_gives_a_page_with_every_time_zoned(agenda: Agenda) -> None:
    """For any agenda, the page has two `<time>` per time cell, each with an offset, and a row per slot."""
    exportable(agenda)  # its calendar links are the export's; a series it refuses is refused here too
    html = render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP)
    tags = _parse(html).tags
    times = [attrs.get("datetime") or "" for tag, attrs in tags if tag == "time"]
    rows = [attrs for tag, attrs in tags if tag == "tr" and "slot" in (attrs.get("class") or "")]
    offset = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?[+-]\d\d:\d\d(:\d\d)?$")
    cells = len(rows) * len(default_zones(agenda))
    assert (len(rows), len([t for t in times if offset.match(t)]) >= 2 * cells) == (
        len(build_timeline(agenda).slots),
        True,
    )
