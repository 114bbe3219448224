"""Suppressions in the agenda (`ignore`, `ignore_reason`), unused ones, consequences grouped under
their cause, speakers' own hours, and DST checks of every local time in the file."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda._formats.files import loads
from agenda._model import Agenda, Audience, Event, Interval, Item, Part, Speaker
from agenda._times import LocalHours
from agenda.checks import Report, check
from agenda.checks.engine import load_report
from agenda.exceptions import InvalidValueError, LoadError, Problem
from agenda.testing import agendas

KOLKATA = ZoneInfo("Asia/Kolkata")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
INDIA = Audience(name="India", zone=KOLKATA, hours=LocalHours.parse("09:00-21:00"))


def evening(*nodes: Item | Part, **fields: object) -> Agenda:
    """An agenda from 20:30 Kolkata time, booked until 22:30, for an Indian audience (hours 09:00-21:00)."""
    start = datetime(2021, 2, 10, 20, 30, tzinfo=KOLKATA)
    event = Event(id="demo", title="Demo", start=start, end=start + timedelta(hours=2))
    return Agenda(event=event, parts=nodes, audiences=fields.pop("audiences", [INDIA]), **fields)  # type: ignore[arg-type]


def talk(**fields: object) -> Item:
    return Item(title="Talk", duration=timedelta(hours=1), **fields)  # type: ignore[arg-type]


def codes(agenda: Agenda, **options: object) -> list[str]:
    return [finding.code for finding in check(agenda, **options).findings]  # type: ignore[arg-type]


def test_item_ignores_a_rule_for_itself() -> None:
    """An item's ignore = ["AG401"] suppresses its own audience-hours finding, and the report counts it."""
    report = check(evening(talk(ignore=["AG401"], ignore_reason="the Indian audience watches the recording")))
    suppressed = [(s.finding.code, s.by, s.reason) for s in report.suppressed]
    assert (report.findings, suppressed) == ((), [("AG401", "parts[0]", "the Indian audience watches the recording")])


def test_part_ignore_covers_its_items() -> None:
    """A part's ignore covers the items inside it."""
    block = Part(title="Evening", items=[talk()], ignore=["audience-hours"])
    assert codes(evening(block)) == []


def test_ignore_takes_prefixes() -> None:
    """ignore accepts selectors as --ignore does: a prefix such as AG4 covers AG401."""
    assert codes(evening(talk(ignore=["AG4"]))) == []


def test_audience_ignores_findings_that_name_it() -> None:
    """An audience that ignores AG401 silences the findings that name it as related."""
    audience = Audience(name="India", zone=KOLKATA, hours=LocalHours.parse("09:00-21:00"), ignore=["AG401"])
    assert codes(evening(talk(), audiences=[audience])) == []


def test_speaker_ignores_their_working_hours() -> None:
    """A speaker's ignore = ["AG402"] silences the finding on their hours, not others' findings."""
    raj = Speaker(id="raj", name="Raj", zone=LOS_ANGELES, ignore=["AG402"])
    assert codes(evening(talk(speakers=["raj"]), speakers=[raj])) == ["AG401"]


def test_ignore_of_another_node_does_not_apply() -> None:
    """An ignore on one item does not silence the same rule on its neighbour."""
    agenda = evening(talk(ignore=["AG401"]), Item(title="Second", duration=timedelta(minutes=30)))
    assert [f.path for f in check(agenda).findings] == ["parts[1]"]


def test_unused_ignore_is_a_finding() -> None:
    """An ignore that suppresses nothing is reported (AG002) at its entry."""
    quiet = Agenda(
        event=Event(id="d", title="D", start=datetime(2021, 2, 10, 11, tzinfo=KOLKATA)),
        parts=[talk(ignore=["AG401"])],
    )
    report = check(quiet)
    assert [(f.code, f.path, f.severity.value) for f in report.findings] == [("AG002", "parts[0].ignore[0]", "warning")]


def test_ignore_of_an_unknown_rule_is_a_finding() -> None:
    """A name that is no rule is reported as such."""
    report = check(evening(talk(ignore=["AG401", "AG999"])))
    assert [f.message for f in report.findings] == [
        "ignore names 'AG999', which is no rule (`agenda rules` lists them)"
    ]


def test_ignore_of_a_rule_that_did_not_run_is_not_judged() -> None:
    """With --select AG1, an ignore of AG401 cannot be judged unused."""
    assert codes(evening(talk(ignore=["AG401"])), select=["AG1", "AG002"]) == []


def test_unused_ignore_can_itself_be_ignored_on_the_command_line() -> None:
    """AG002 is a rule like the others: --ignore AG002 turns it off."""
    quiet = Agenda(
        event=Event(id="d", title="D", start=datetime(2021, 2, 10, 11, tzinfo=KOLKATA)),
        parts=[talk(ignore=["AG401"])],
    )
    assert codes(quiet, ignore=["AG002"]) == []


def test_reason_without_ignore_is_refused() -> None:
    """ignore_reason alone explains nothing: the model refuses it, naming the field."""
    with pytest.raises(InvalidValueError, match="'ignore_reason' is given without 'ignore'"):
        talk(ignore_reason="why")


IGNORED_IN = {
    "toml": (
        '[event]\nid = "d"\ntitle = "D"\nstart = "2021-02-10T20:30"\nzone = "Asia/Kolkata"\n'
        '[[audiences]]\nname = "India"\nzone = "Asia/Kolkata"\nhours = "09:00-21:00"\n'
        '[[parts]]\ntitle = "Talk"\nduration = "1h"\nignore = ["AG401"]\nignore_reason = "recorded"\n'
    ),
    "yaml": (
        "event: {id: d, title: D, start: '2021-02-10T20:30', zone: Asia/Kolkata}\n"
        "audiences: [{name: India, zone: Asia/Kolkata, hours: '09:00-21:00'}]\n"
        "parts:\n  - title: Talk\n    duration: 1h\n    ignore: [AG401]\n    ignore_reason: recorded\n"
    ),
    "json": (
        '{"event": {"id": "d", "title": "D", "start": "2021-02-10T20:30", "zone": "Asia/Kolkata"}, '
        '"audiences": [{"name": "India", "zone": "Asia/Kolkata", "hours": "09:00-21:00"}], '
        '"parts": [{"title": "Talk", "duration": "1h", "ignore": ["AG401"], "ignore_reason": "recorded"}]}'
    ),
}


@pytest.mark.parametrize("format", list(IGNORED_IN))
def test_ignore_in_every_format(format: str) -> None:
    """ignore and ignore_reason are read from TOML, YAML and JSON alike."""
    report = check(loads(IGNORED_IN[format], format))
    assert (report.findings, [(s.finding.code, s.reason) for s in report.suppressed]) == ((), [("AG401", "recorded")])


# -- consequences ---------------------------------------------------------------------------


def test_item_of_no_time_carries_its_consequences() -> None:
    """A 0m item at the booked end gives one AG601 with its AG203 and AG401 under it."""
    agenda = evening(
        Item(title="Talk", duration=timedelta(hours=2), ignore=["AG401"]), Item(title="Marker", duration=timedelta(0))
    )
    findings = check(agenda).findings
    assert [(f.code, [c.code for c in f.consequences]) for f in findings] == [("AG601", ["AG203", "AG401"])]


def test_early_booked_end_carries_the_items_after_it() -> None:
    """A booked end too early gives one AG103 with the items that start after it as its consequences."""
    start = datetime(2021, 2, 10, 11, tzinfo=KOLKATA)
    items = [Item(title=f"Talk {n}", id=f"t{n}", duration=timedelta(minutes=10)) for n in range(5)]
    agenda = Agenda(event=Event(id="d", title="D", start=start, end=start + timedelta(minutes=15)), parts=items)
    findings = check(agenda).findings
    assert [(f.code, [c.path for c in f.consequences]) for f in findings] == [
        ("AG103", ["parts[2]", "parts[3]", "parts[4]"])
    ]


def test_consequences_are_not_counted_twice() -> None:
    """The report counts the cause, not its consequences."""
    agenda = evening(
        Item(title="Talk", duration=timedelta(hours=2), ignore=["AG401"]), Item(title="Marker", duration=timedelta(0))
    )
    assert check(agenda).errors == 1


def test_load_problems_in_line_order_with_the_misspelt_key_first() -> None:
    """Load problems are in line order, and a key reported missing beside its misspelling is a consequence."""
    problems = [
        Problem("event", "required key missing", file="a.toml"),
        Problem("parts[0].duraton", "unknown key 'duraton'; did you mean 'duration'?", line=9, file="a.toml"),
        Problem("evnt", "unknown key 'evnt'; did you mean 'event'?", line=1, file="a.toml"),
    ]
    report = load_report("a.toml", problems)
    shape = [(f.path, f.line, [c.path for c in f.consequences]) for f in report.findings]
    assert (report.loaded, shape) == (False, [("evnt", 1, ["event"]), ("parts[0].duraton", 9, [])])


def test_loader_typo_gives_one_finding_per_mistake() -> None:
    """A file whose [event] is misspelt: the unknown key, with the missing event under it."""
    text = '[evnt]\nid = "d"\ntitle = "D"\nstart = "2021-02-10T11:00"\nzone = "Europe/Moscow"\n'
    text += '[[parts]]\ntitle = "Talk"\nduration = "10m"\n'
    with pytest.raises(LoadError) as caught:
        loads(text)
    findings = load_report("a.toml", caught.value.problems).findings
    assert [(f.code, f.line, len(f.consequences)) for f in findings] == [("AG001", 1, 1)]


# -- speakers' hours, DST of every local time --------------------------------------------------


def test_speaker_own_hours_replace_the_default() -> None:
    """A speaker with hours = "06:00-10:00" in Los Angeles may talk at 07:00 their time."""
    raj = Speaker(id="raj", name="Raj", zone=LOS_ANGELES, hours=LocalHours.parse("06:00-10:00"))
    assert codes(evening(talk(speakers=["raj"], ignore=["AG401"]), speakers=[raj])) == []


def test_speaker_without_hours_uses_the_check_default() -> None:
    """Without their own hours, a speaker is held to check.working_hours (09:00-18:00)."""
    raj = Speaker(id="raj", name="Raj", zone=LOS_ANGELES)
    assert codes(evening(talk(speakers=["raj"], ignore=["AG401"]), speakers=[raj])) == ["AG402"]


def test_availability_in_a_dst_gap_is_reported() -> None:
    """An availability window from 02:30 on 2025-03-09 in Los Angeles (skipped) is AG503 at its path."""
    day = datetime(2025, 3, 9, tzinfo=LOS_ANGELES)
    window = Interval(start=day.replace(hour=2, minute=30), end=day.replace(hour=5))
    raj = Speaker(id="raj", name="Raj", zone=LOS_ANGELES, availability=[window])
    event = Event(id="d", title="D", start=day.replace(hour=3, minute=30))
    agenda = Agenda(
        event=event, parts=[Item(title="Talk", duration=timedelta(minutes=30), speakers=["raj"])], speakers=[raj]
    )
    report = check(agenda, select=["AG5", "AG303"])
    assert [(f.code, f.path, f.message) for f in report.findings] == [
        (
            "AG503",
            "speakers[0].availability[0].start",
            "02:30 on 2025-03-09 does not exist in America/Los_Angeles (the clocks skip it); read as 03:30 (UTC-07:00)",
        )
    ]


def test_availability_in_a_gap_is_read_as_the_instant_it_names() -> None:
    """The window from a skipped 02:30 starts at 03:30: a talk at 03:00 (PST) is outside it, and said so at 03:30."""
    day = datetime(2025, 3, 9, tzinfo=LOS_ANGELES)
    window = Interval(start=day.replace(hour=2, minute=30), end=day.replace(hour=5))
    raj = Speaker(id="raj", name="Raj", zone=LOS_ANGELES, availability=[window])
    event = Event(id="d", title="D", start=day.replace(hour=1, minute=45))
    talk_item = Item(title="Talk", duration=timedelta(minutes=30), speakers=["raj"])
    report = check(Agenda(event=event, parts=[talk_item], speakers=[raj]), select=["AG303"])
    assert [f.message.rpartition("available only ")[2] for f in report.findings] == ["03:30–05:00 America/Los_Angeles"]


def test_booked_end_in_a_dst_gap_is_reported() -> None:
    """The booked end is a local time too: one that the clocks skip is AG503 at event.end."""
    start = datetime(2025, 3, 9, 1, tzinfo=LOS_ANGELES)
    event = Event(id="d", title="D", start=start, end=start.replace(hour=2, minute=30))
    agenda = Agenda(event=event, parts=[Item(title="Talk", duration=timedelta(minutes=30))])
    assert [(f.code, f.path) for f in check(agenda, select=["AG503"]).findings] == [("AG503", "event.end")]


# -- the new keys in files ---------------------------------------------------------------------


@pytest.mark.parametrize("format", ["toml", "yaml", "json"])
def test_new_keys_round_trip(format: str) -> None:
    """ignore, ignore_reason and a speaker's hours are written back and read as they were."""
    from agenda._formats.files import dumps

    raj = Speaker(
        id="raj",
        name="Raj",
        zone=LOS_ANGELES,
        hours=LocalHours.parse("06:00-10:00"),
        ignore=["AG303"],
        ignore_reason="r",
    )
    audience = Audience(name="India", zone=KOLKATA, ignore=["AG401"], ignore_reason="recorded")
    block = Part(title="Block", items=[talk(speakers=["raj"], ignore=["AG4"])], ignore=["AG101"], ignore_reason="b")
    agenda = evening(block, speakers=[raj], audiences=[audience])
    assert loads(dumps(agenda, format), format) == agenda


def test_schema_accepts_the_new_keys() -> None:
    """The packaged schema validates a file that uses ignore, ignore_reason and a speaker's hours."""
    import json

    import jsonschema
    import yaml

    from agenda._formats.files import schema_text

    source = IGNORED_IN["yaml"] + (
        "speakers:\n  - id: raj\n    name: Raj\n    zone: America/Los_Angeles\n    hours: '06:00-10:00'\n"
        "    ignore: [AG402]\n    ignore_reason: early riser\n"
    )
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    assert [e.message for e in validator.iter_errors(yaml.safe_load(source))] == []


def test_reports_with_consequences_and_suppressions_validate() -> None:
    """JSON and SARIF with consequences, suppressed findings and load errors validate against their schemas."""
    import json

    import jsonschema

    from agenda._formats.report import render_json, schema
    from agenda._formats.report_sarif import render_sarif

    agenda = evening(
        Item(title="Talk", duration=timedelta(hours=2), ignore=["AG401"], ignore_reason="recorded"),
        Item(title="Marker", duration=timedelta(0)),
    )
    reports = [
        check(agenda).located("a.toml", lambda path: 3),
        load_report("b.toml", [Problem("evnt", "unknown key 'evnt'; did you mean 'event'?", line=1, file="b.toml")]),
    ]
    for name, text in (("json", render_json(reports)), ("sarif", render_sarif(reports))):
        jsonschema.validate(json.loads(text), schema(name), format_checker=jsonschema.FormatChecker())
    sarif = json.loads(render_sarif(reports))["runs"][0]["results"]
    shape = [(r["ruleId"], len(r.get("relatedLocations", [])), "suppressions" in r) for r in sarif]
    assert shape == [("AG601", 2, False), ("AG401", 0, True), ("AG001", 0, False)]


def _all_findings(report: Report) -> list[tuple[str, str]]:
    """(code, path) of every finding of a report, consequences included, AG002 left out."""
    found = [(c.code, c.path) for f in report.findings for c in (f, *f.consequences)]
    return sorted(item for item in found if item[0] != "AG002")


@given(agendas(max_items=8, max_speakers=3), st.data())
def test_suppressing_a_node_moves_its_findings_and_loses_none(agenda: Agenda, data: st.DataObject) -> None:
    """With ignore = ["ALL"] on one top-level node, its findings move to `suppressed`: together with the
    rest (consequences included) they are exactly the findings and suppressions without it."""
    index = data.draw(st.integers(0, len(agenda.parts) - 1))
    node = attrs.evolve(agenda.parts[index], ignore=("ALL",))
    changed = attrs.evolve(agenda, parts=(*agenda.parts[:index], node, *agenda.parts[index + 1 :]))
    before, after = check(agenda, ignore=["AG701"]), check(changed, ignore=["AG701"])
    moved = [(s.finding.code, s.finding.path) for s in after.suppressed]
    already = [(s.finding.code, s.finding.path) for s in before.suppressed]  # the strategy draws ignores too
    assert sorted(_all_findings(after) + moved) == sorted(_all_findings(before) + already)
