"""Agenda files: the three formats, and a clear located error for every kind of bad input."""

from __future__ import annotations

import json
import tomllib
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

import agenda
from agenda import LoadError
from agenda._formats.files import schema_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

VALID_TOML = """\
[event]
id = "demo"
title = "Demo"
start = "2021-02-10T11:00"
zone = "Europe/Moscow"

[[parts]]
title = "Welcome"
duration = "10m"
"""


def problems_of(text: str, format: str = "toml") -> list[str]:
    with pytest.raises(LoadError) as caught:
        agenda.loads(text, format)
    return [f"{p.line}:{p.path}: {p.message}" for p in caught.value.problems]


def test_the_seed_is_the_same_agenda_in_each_format() -> None:
    """The TOML, YAML and JSON files of the seed webinar load to equal agendas."""
    toml, yaml, json_ = (agenda.load(EXAMPLES / f"india-russia-webinar.{ext}") for ext in ("toml", "yaml", "json"))
    assert toml == yaml == json_


@pytest.mark.parametrize("format", ["toml", "yaml", "json"])
def test_dumps_then_loads_gives_an_equal_agenda(format: str, seed_path: Path) -> None:
    """What dumps writes, loads reads back unchanged."""
    seed = agenda.load(seed_path)
    assert seed == agenda.loads(agenda.dumps(seed, format), format)


def test_dump_writes_the_format_of_the_extension(tmp_path: Path, seed_path: Path) -> None:
    """dump picks the format from the file name and writes a loadable file."""
    seed = agenda.load(seed_path)
    target = tmp_path / "copy.yaml"
    agenda.dump(seed, target)
    assert seed == agenda.load(target)
    assert not list(tmp_path.glob(".*tmp"))


def test_local_times_are_in_the_event_zone() -> None:
    """A start without a zone is a wall time in the event's zone."""
    loaded = agenda.loads(VALID_TOML)
    assert loaded.event.start.isoformat() == "2021-02-10T11:00:00+03:00"
    assert loaded.event.zone.key == "Europe/Moscow"


def test_a_time_may_name_its_zone_and_a_time_of_day_is_on_the_event_date() -> None:
    """'15:00 Asia/Kolkata'-style times keep their zone; '11:30' falls on the event's date."""
    text = VALID_TOML + '\n[[parts]]\ntitle = "Fixed"\nduration = "5m"\nstart = "2021-02-10T15:00 Asia/Kolkata"\n'
    text += '\n[[parts]]\ntitle = "Later"\nduration = "5m"\nstart = "11:30"\n'
    starts = [part.start.isoformat() if part.start else None for part in agenda.loads(text).parts]
    assert starts == [None, "2021-02-10T15:00:00+05:30", "2021-02-10T11:30:00+03:00"]


def test_zone_links_are_normalised() -> None:
    """A link such as Asia/Calcutta becomes its canonical zone Asia/Kolkata."""
    loaded = agenda.loads(VALID_TOML.replace("Europe/Moscow", "Asia/Calcutta"))
    assert loaded.event.zone.key == "Asia/Kolkata"


def test_abbreviations_are_refused_with_the_reason_and_keys() -> None:
    """IST is refused: it names three zones, and the message suggests IANA keys."""
    (problem,) = problems_of(VALID_TOML.replace("Europe/Moscow", "IST"))
    assert problem.startswith("5:event.zone: ")
    assert "3 different zones" in problem
    assert "Asia/Kolkata" in problem


def test_three_problems_are_all_reported_with_paths_and_lines() -> None:
    """Loading collects every problem at once, each with its path and line."""
    text = VALID_TOML.replace('duration = "10m"', 'duration = "ten minutes"\nspeaker = ["x"]')
    text = text.replace('"Europe/Moscow"', '"Europe/Moskow"')
    assert problems_of(text) == [
        "5:event.zone: unknown time zone 'Europe/Moskow': not an IANA key of the tz database; "
        "did you mean Europe/Moscow or Europe/Minsk or Europe/Monaco?",
        "9:parts[0].duration: invalid duration 'ten minutes': write e.g. '15m', '1h30m', '90s' or 'PT1H30M'",
        "10:parts[0].speaker: unknown key 'speaker'; did you mean 'speakers'?",
    ]


def test_yaml_problems_carry_lines() -> None:
    """YAML files report the line of the offending key."""
    text = (
        "event:\n  id: d\n  title: D\n  start: 2021-02-10T11:00\n  zone: UTC\nparts:\n  - title: A\n    duration: 5x\n"
    )
    assert problems_of(text, "yaml") == [
        "8:parts[0].duration: invalid duration '5x': write e.g. '15m', '1h30m', '90s' or 'PT1H30M'"
    ]


def test_json_problems_carry_lines() -> None:
    """JSON files report the line of the offending value."""
    data = agenda.dumps(agenda.loads(VALID_TOML), "json").replace('"10m"', "10")
    (problem,) = problems_of(data, "json")
    assert problem.endswith("parts[0].duration: expected a duration such as '15m', got a number 10")
    expected_line = next(n for n, line in enumerate(data.splitlines(), 1) if '"duration": 10' in line)
    assert problem.split(":")[0] == str(expected_line)


def test_yaml_times_of_day_stay_times() -> None:
    """An unquoted 11:30 in YAML is a time of day, not YAML 1.1's sexagesimal 690."""
    text = "event:\n  id: d\n  title: D\n  start: 2021-02-10T11:00\n  zone: UTC\nparts:\n"
    text += "  - title: A\n    duration: 5m\n    start: 11:30\n"
    (part,) = agenda.loads(text, "yaml").parts
    assert part.start == datetime(2021, 2, 10, 11, 30, tzinfo=agenda.get_zone("UTC"))


@pytest.mark.parametrize(
    ("text", "format", "expected"),
    [
        ("", "toml", "the file is empty"),
        ("   \n\n", "yaml", "the file is empty"),
        ("[event\nid = 1", "toml", "TOML syntax error"),
        ("event: [1, 2\n", "yaml", "YAML syntax error"),
        ('{"event": }', "json", "JSON syntax error"),
        ("\x00\x01\x02binary", "toml", "NUL bytes"),
        ("- 1\n- 2\n", "yaml", "the top level must be a table"),
        ("[1, 2]", "json", "the top level must be a table"),
        ('{"event": {}, "event": {}}', "json", "duplicate key 'event'"),
        ("event: {}\nevent: {}\n", "yaml", "duplicate key 'event'"),
        ("a: 1\n---\nb: 2\n", "yaml", "holds one document"),
        ("x: !!binary aGVsbG8=\n", "yaml", "binary values"),
    ],
)
def test_unreadable_text_gets_a_clear_error(text: str, format: str, expected: str) -> None:
    """Empty files, syntax errors, junk and duplicates are one clear problem, not a traceback."""
    (problem,) = problems_of(text, format)
    assert expected in problem


def test_syntax_errors_carry_the_line() -> None:
    """A TOML syntax error names its line."""
    with pytest.raises(LoadError) as caught:
        agenda.loads(VALID_TOML + "oops = \n", "toml")
    assert caught.value.problems[0].line == 10


def test_a_yaml_alias_bomb_is_refused() -> None:
    """A 'billion laughs' document is stopped, not expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (problem,) = problems_of("\n".join(lines) + "\n", "yaml")
    assert "aliases expand too much" in problem


def test_a_recursive_yaml_alias_is_refused() -> None:
    """A node that contains itself is an error, not an endless loop."""
    (problem,) = problems_of("event: &e\n  self: *e\n", "yaml")
    assert "YAML" in problem


def test_binary_files_are_refused(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 give the offset of the first bad byte."""
    path = tmp_path / "junk.toml"
    path.write_bytes(b"[event]\n\xff\xfe\x00junk")
    with pytest.raises(LoadError, match=r"not UTF-8 text \(byte 0xff at offset 8\)"):
        agenda.load(path)


def test_unknown_extensions_are_refused(tmp_path: Path) -> None:
    """A file whose extension names no format is refused with the known ones."""
    path = tmp_path / "agenda.txt"
    path.write_text(VALID_TOML)
    with pytest.raises(LoadError, match=r"unknown agenda file type; use one of \.json, \.toml, \.yaml, \.yml"):
        agenda.load(path)


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ('duration = "10m"', 'duration = "99999999h"', "parts[0].duration: duration '99999999h' is too long"),
        ('duration = "10m"', 'duration = "P1M"', "years and months have no fixed length"),
        ('title = "Welcome"', "title = 42", "parts[0].title: expected text, got a number 42"),
        ('title = "Welcome"', 'title = "W"\nspeakers = "abc"', "parts[0].speakers: expected a list, got text 'abc'"),
        ('id = "demo"', 'id = "demo"\nrevision = 99999999999999', "event.revision: 'revision' must be <= 2147483647"),
        ('id = "demo"', 'id = "demo"\nrevision = true', "event.revision: expected a whole number, got true/false"),
        ('start = "2021-02-10T11:00"', 'start = "2021-02-30T11:00"', "event.start: invalid date-time"),
        ('start = "2021-02-10T11:00"', 'start = "25:00"', "event.start: invalid date-time"),
        ('title = "Welcome"', 'title = "W"\nkind = "keynot"', "did you mean 'keynote'?"),
        ('zone = "Europe/Moscow"', "", "event.zone: required key missing"),
    ],
)
def test_wrong_values_name_the_path_and_the_reason(replace: str, by: str, expected: str) -> None:
    """Wrong types, impossible times and absurd numbers are reported at their path."""
    problems = problems_of(VALID_TOML.replace(replace, by))
    assert any(expected in p for p in problems), problems


def test_the_schema_accepts_the_examples() -> None:
    """The packaged JSON Schema validates the seed webinar in TOML and JSON."""
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for data in (
        tomllib.loads((EXAMPLES / "india-russia-webinar.toml").read_text()),
        json.loads((EXAMPLES / "india-russia-webinar.json").read_text()),
    ):
        assert [e.message for e in validator.iter_errors(data)] == []


def test_the_schema_and_the_loader_know_the_same_keys() -> None:
    """Every table of the schema lists exactly the keys the loader accepts."""
    import attrs

    from agenda import _model as model

    schema = json.loads(schema_text())["$defs"]
    tables = {
        "organization": model.Organization,
        "speaker": model.Speaker,
        "audience": model.Audience,
        "item": model.Item,
        "part": model.Part,
        "check": model.CheckSettings,
    }
    for name, cls in tables.items():
        assert set(schema[name]["properties"]) == {a.name for a in attrs.fields(cls)}, name
    assert set(schema["event"]["properties"]) == {a.name for a in attrs.fields(model.Event)} | {"zone"}
    top = json.loads(schema_text())["properties"]
    assert set(top) == {a.name for a in attrs.fields(model.Agenda)}


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    """An unknown key fails the schema as it fails the loader."""
    data = tomllib.loads(VALID_TOML)
    data["parts"][0]["speaker"] = ["x"]
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    assert not validator.is_valid(data)
    with pytest.raises(LoadError):
        agenda.loads(json.dumps(data), "json")


def test_availability_is_read_in_the_speakers_own_zone() -> None:
    """A speaker's availability window without a zone is in the speaker's zone, not the event's."""
    text = VALID_TOML + (
        '\n[[speakers]]\nid = "s"\nname = "S"\nzone = "Asia/Kolkata"\n'
        'availability = [{ start = "2021-02-10T13:00", end = "2021-02-10T18:00" }]\n'
    )
    (speaker,) = agenda.loads(text).speakers
    assert speaker.availability[0].start.isoformat() == "2021-02-10T13:00:00+05:30"


@pytest.mark.parametrize(
    "text", ["15m", "1h30m", "90s", "2d", "PT1H30M", "pt1h", "-5m", "1h 30m", "", "P", "P1M", "5x", "P1DT", "15M"]
)
def test_the_schema_and_the_loader_agree_on_durations(text: str) -> None:
    """A duration the loader reads, the schema accepts, and the other way round."""
    from agenda._times import parse_duration

    defs = json.loads(schema_text())["$defs"]
    schema_accepts = jsonschema.Draft202012Validator({"$defs": defs, "$ref": "#/$defs/duration"}).is_valid(text)
    try:
        parse_duration(text)
    except ValueError:
        loader_accepts = False
    else:
        loader_accepts = True
    assert schema_accepts == loader_accepts


@pytest.mark.parametrize(
    "text", ["09:00-21:00", "22:00–02:00", "9:00-24:00", "09:00+05:30-10:00", "09:00:30-10:00", "25:00-26:00"]
)
def test_the_schema_and_the_loader_agree_on_hours(text: str) -> None:
    """Hours the loader reads, the schema accepts, and the other way round."""
    from agenda._times import LocalHours

    defs = json.loads(schema_text())["$defs"]
    schema_accepts = jsonschema.Draft202012Validator({"$defs": defs, "$ref": "#/$defs/hours"}).is_valid(text)
    try:
        LocalHours.parse(text)
    except ValueError:
        loader_accepts = False
    else:
        loader_accepts = True
    assert schema_accepts == loader_accepts


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ('id = "demo"', 'id = ""', "event.id: Length of 'id' must be >= 1"),
        (
            'zone = "Europe/Moscow"',
            'zone = "Europe/Moscow"\n[event.recurrence]\nrule = "FREQ=WEEKLY;UNTIL=20210310T110000"',
            "UNTIL values must be specified in UTC",
        ),
        ('start = "2021-02-10T11:00"', 'start = "2021-02-10"', "a date needs a time of day"),
        ('start = "2021-02-10T11:00"', 'start = "9999-12-31T23:00"', "'start' must fall in the years 1900-2200"),
        ('zone = "Europe/Moscow"', 'zone = "EST"', "write an IANA key such as America/New_York"),
        ('title = "Welcome"', 'title = "W"\nstart = "2021-02-10T15:00 EST5EDT"', "such as America/New_York"),
        ('id = "demo"', 'id = "demo"\nrevision = ' + "9" * 5000, "a number too long to read"),
    ],
)
def test_more_wrong_values_name_the_path_and_the_reason(replace: str, by: str, expected: str) -> None:
    """Empty ids, local UNTILs, date-only times, far years, abbreviation-like keys, huge numbers."""
    problems = problems_of(VALID_TOML.replace(replace, by))
    assert any(expected in p for p in problems), problems


def test_check_severities_are_checked_when_loading() -> None:
    """A severity other than error, warning or info is a problem at check.severity."""
    problems = problems_of(VALID_TOML + '\n[check]\nseverity = { AG101 = "fatal" }\n')
    assert problems == [
        "12:check.severity: 'severity' must map rule codes to error, warning or info; 'AG101' has 'fatal'"
    ]


def test_deep_nesting_is_refused() -> None:
    """Tables nested deeper than any agenda needs are one clear problem, not a crash."""
    (problem,) = problems_of("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "nested too deeply" in problem


@pytest.mark.parametrize(
    "address", ["nobody", "Olga <olga@example.org>", "a@b@x", "x@example.org\\nBcc: y@example.org"]
)
def test_e_mail_addresses_are_plain_addresses(address: str) -> None:
    """A speaker's e-mail that is not one plain address is refused at its path, before it reaches a header."""
    text = VALID_TOML + f'\n[[speakers]]\nid = "s"\nname = "S"\nemail = "{address}"\n'
    (problem,) = problems_of(text)
    assert problem.startswith("14:speakers[0].email: 'email' must be a plain e-mail address")


def test_a_bad_zone_does_not_hide_the_other_problems_of_its_table() -> None:
    """An unknown event zone and an impossible start are both reported."""
    text = VALID_TOML.replace('"Europe/Moscow"', '"IST"').replace("2021-02-10T11:00", "2021-02-30T11:00")
    assert [p.split(": ")[0] for p in problems_of(text)] == ["5:event.zone", "4:event.start"]
