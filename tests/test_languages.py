"""Texts in several languages: language tags, `Localized`, loading tables by language, and every
output in the reader's language with a clear fallback."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

import agenda
from agenda._languages import Localized, canonical_tag, language_problem, text_language
from agenda.exceptions import InvalidValueError, LoadError
from agenda.testing import agendas, localized, titles

Cli = Callable[..., tuple[int, str, str]]

STAMP = "2021-02-01T09:00Z"

BILINGUAL = """
[event]
id = "demo"
title = { en = "Demo webinar", ru = "Демонстрационный вебинар" }
start = "2021-02-10T11:00"
zone = "Europe/Moscow"
language = "en"

[[parts]]
id = "keynote"
title = { en = "Keynote", ru = "Основной доклад" }
duration = "30m"

[[parts]]
id = "questions"
title = "Questions"
duration = "10m"
"""


# ---------------------------------------------------------------------------------------------
# Language tags


@pytest.mark.parametrize("tag", ["en", "ru", "hi", "fil", "pt-BR", "sr-Latn", "sr-Latn-RS", "es-419", "de-CH-1996"])
def test_registered_tags_are_valid(tag: str) -> None:
    """Tags of the IANA registry: a language, then optionally a script, a region and variants."""
    assert language_problem(tag) is None


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("xx", "unknown language code 'xx'"),
        ("english", "unknown language code 'english'"),
        ("en-XX", "'xx' is not a script, region or variant"),
        ("", "unknown language code ''"),
        (3, "a language tag is text"),
    ],
)
def test_unknown_tags_say_why(tag: object, expected: str) -> None:
    problem = language_problem(tag)
    assert problem is not None
    assert expected in problem


@pytest.mark.parametrize(
    ("written", "canonical"), [("EN", "en"), ("pt-br", "pt-BR"), ("SR-LATN-rs", "sr-Latn-RS"), ("en_GB", "en-GB")]
)
def test_tags_are_kept_in_their_conventional_case(written: str, canonical: str) -> None:
    assert canonical_tag(written) == canonical
    assert canonical_tag(canonical) == canonical


def test_the_shipped_table_is_the_registry_s() -> None:
    """language-subtags.txt is what ``--write`` makes of the IANA registry (the copy langcodes ships)."""
    import langcodes  # the test extra has it: the check never skips

    registry = Path(langcodes.__file__).parent / "data" / "language-subtag-registry.txt"
    result = subprocess.run(
        [sys.executable, "-m", "agenda._languages", "--check", str(registry)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


# ---------------------------------------------------------------------------------------------
# Localized


def test_a_localized_text_is_its_first_text() -> None:
    title = Localized({"en": "Opening", "ru": "Открытие"})
    assert (str(title), title.language, title.languages, title == "Opening", repr(title)) == (
        "Opening",
        "en",
        ("en", "ru"),
        True,
        "'Opening'",
    )


def test_in_language_falls_back_to_the_event_s_then_the_first() -> None:
    title = Localized({"ru": "Открытие", "en": "Opening"})
    assert [(str(t), t.language) for t in (title.in_language("en"), title.in_language("de", "en"))] == [
        ("Opening", "en"),
        ("Opening", "en"),
    ]
    assert (title.in_language("de", "hi").language, title.in_language(None).language) == ("ru", "ru")


def test_two_tables_are_equal_when_every_text_is() -> None:
    both = Localized({"en": "Opening", "ru": "Открытие"})
    assert both == Localized({"en": "Opening", "ru": "Открытие"})
    assert both != Localized({"en": "Opening", "ru": "Начало"})
    assert both != both.in_language("ru")
    assert hash(both) == hash("Opening")


@given(localized(titles()), st.sampled_from(("en", "ru", "hi", "de", None)))
def test_a_localized_text_survives_pickle_and_copy(text: Localized, language: str | None) -> None:
    chosen = text.in_language(language)
    for again in (pickle.loads(pickle.dumps(chosen)), copy.deepcopy(chosen)):  # noqa: S301 - our own bytes
        assert (again, again.language, dict(again.texts)) == (chosen, chosen.language, dict(chosen.texts))


# ---------------------------------------------------------------------------------------------
# Loading and building


def test_a_table_by_language_loads_and_dumps_back() -> None:
    loaded = agenda.loads(BILINGUAL)
    title = loaded.parts[0].title
    assert (type(title), dict(title.texts), loaded.languages) == (
        Localized,
        {"en": "Keynote", "ru": "Основной доклад"},
        ("en", "ru"),
    )
    for form in ("toml", "yaml", "json"):
        assert agenda.loads(agenda.dumps(loaded, form), form) == loaded


@given(agendas(max_items=6))
def test_generated_agendas_round_trip_their_texts(generated: agenda.Agenda) -> None:
    """Every table by language comes back from each file format, text for text."""
    for form in ("toml", "json"):
        again = agenda.loads(agenda.dumps(generated, form), form)
        assert [getattr(t, "texts", t) for t in _texts(again)] == [getattr(t, "texts", t) for t in _texts(generated)]


def _texts(value: agenda.Agenda) -> list[str]:
    return [text for _, text in value.texts()]


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ('ru = "Основной доклад"', 'xx = "Основной доклад"', "parts[0].title: 'title': unknown language code 'xx'"),
        ('ru = "Основной доклад"', 'EN = "Основной доклад"', "the language 'en' is given twice"),
        ('ru = "Основной доклад"', "ru = 5", "the 'ru' text must be text, got 5"),
        ('title = { en = "Keynote", ru = "Основной доклад" }', "title = {}", "needs at least one"),
        ('language = "en"', 'language = "english"', "event.language: 'language': unknown language code 'english'"),
    ],
)
def test_wrong_tables_are_located_load_errors(replace: str, by: str, expected: str) -> None:
    with pytest.raises(LoadError) as raised:
        agenda.loads(BILINGUAL.replace(replace, by))
    (problem,) = raised.value.problems
    assert (expected in f"{problem.path}: {problem.message}", problem.line is not None) == (True, True)


def test_an_unknown_language_code_fails_check_with_its_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    text = BILINGUAL.replace('ru = "Основной доклад"', 'zz = "Основной доклад"')
    path.write_text(text, "utf-8")
    line = text.splitlines().index('title = { en = "Keynote", zz = "Основной доклад" }') + 1
    code, out, err = cli("check", str(path))
    assert (code, f"{path}:{line}:" in out, "unknown language code 'zz'" in out, "Traceback" in out + err) == (
        2,
        True,
        True,
        False,
    )


def test_python_constructors_take_tables_and_refuse_unknown_codes() -> None:
    item = agenda.Item(title={"en": "Opening", "ru": "Открытие"}, duration="5m")
    assert (item.id, item.title.in_language("ru")) == ("opening", "Открытие")
    with pytest.raises(InvalidValueError, match="unknown language code 'xx'"):
        agenda.Item(title={"xx": "Opening"}, duration="5m")
    with pytest.raises(InvalidValueError, match=r"'title' \(ru\) must be one line"):
        agenda.Item(title={"en": "Opening", "ru": "От\nкрытие"}, duration="5m")


def test_in_language_refuses_an_unknown_code() -> None:
    with pytest.raises(InvalidValueError, match="unknown language code 'zz'"):
        agenda.loads(BILINGUAL).in_language("zz")


# ---------------------------------------------------------------------------------------------
# Outputs


def test_show_in_russian_and_english(cli: Cli, seed_path: Path) -> None:
    _, english, _ = cli("show", str(seed_path))
    code, russian, _ = cli("show", str(seed_path), "--language", "ru")
    assert (code, "Closing speech" in english, "Заключительное слово" in russian, "Closing speech" in russian) == (
        0,
        True,
        True,
        False,
    )


def test_show_refuses_an_unknown_language(cli: Cli, seed_path: Path) -> None:
    code, _, err = cli("show", str(seed_path), "--language", "zz")
    assert (code, "unknown language code 'zz'" in err) == (2, True)


def test_a_calendar_is_one_language_and_says_it(cli: Cli, tmp_path: Path) -> None:
    """SUMMARY, NAME and X-WR-CALNAME carry LANGUAGE=; a text the reader's language lacks falls
    back to the event's and says so."""
    path = tmp_path / "a.toml"
    path.write_text(BILINGUAL, "utf-8")
    code, out, _ = cli("ics", str(path), "--split", "items", "--language", "ru", "--stamp", STAMP)
    calendar = Calendar.from_ical(out)
    summaries = [(str(e["SUMMARY"]), e["SUMMARY"].params.get("LANGUAGE")) for e in calendar.walk("VEVENT")]
    assert (code, summaries, calendar["NAME"].params.get("LANGUAGE"), str(calendar["X-WR-CALNAME"])) == (
        0,
        [("Основной доклад", "ru"), ("Questions", "en")],
        "ru",
        "Демонстрационный вебинар",
    )


def test_each_language_s_calendar_keeps_the_uids(cli: Cli, seed_path: Path) -> None:
    """One meeting in two languages: the same UIDs and SEQUENCEs, only the texts differ."""

    def events(language: str) -> list[tuple[str, str, str]]:
        _, out, _ = cli("ics", str(seed_path), "--split", "items", "--language", language, "--stamp", STAMP)
        return [(str(e["UID"]), str(e["SEQUENCE"]), str(e["SUMMARY"])) for e in Calendar.from_ical(out).walk("VEVENT")]

    english, russian = events("en"), events("ru")
    assert [(uid, seq) for uid, seq, _ in english] == [(uid, seq) for uid, seq, _ in russian]
    assert (english[-1][2], russian[-1][2]) == ("Closing speech", "Заключительное слово")


def test_schedule2_writes_descriptions_as_localisation_maps(cli: Cli, seed_path: Path) -> None:
    code, out, _ = cli("schedule", str(seed_path), "--format", "json2", "--language", "ru")
    conference = json.loads(out)["schedule"]["conference"]
    assert (code, conference["title"], sorted(conference["description"]), conference["languages"]) == (
        0,
        "Вебинар о межрегиональном сотрудничестве Индии и России",
        ["en", "ru"],
        ["en", "ru"],
    )


def test_text_language_names_the_language_a_text_is_in() -> None:
    seed = agenda.loads(BILINGUAL).in_language("ru")
    assert [text_language(node.title, seed.event.language) for node in seed.parts] == ["ru", "en"]


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ('ru = "Основной доклад"', 'ru = "Доклад"', "(ru) 'Основной доклад' -> 'Доклад'"),
        ('title = { en = "Keynote", ru = "Основной доклад" }', 'title = "Keynote"', "(ru) removed 'Основной доклад'"),
        ('title = "Questions"', 'title = { en = "Questions", ru = "Вопросы" }', "(ru) added 'Вопросы'"),
    ],
)
def test_diff_names_the_language_of_a_changed_text(
    cli: Cli, tmp_path: Path, replace: str, by: str, expected: str
) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(BILINGUAL, "utf-8")
    new.write_text(BILINGUAL.replace(replace, by), "utf-8")
    code, out, _ = cli("diff", str(old), str(new))
    assert (code, expected in out, "1 change" in out) == (1, True, True)
