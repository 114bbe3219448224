"""The check engine: selection, severities, strict mode, located reports, drift, cross-file checks."""

from __future__ import annotations

import itertools
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda._formats.files import load, read_document
from agenda._model import Agenda, Audience, CheckSettings, Event, Item, ItemKind, Part, Speaker
from agenda._times import LocalHours
from agenda.checks import Severity, UnknownRuleError, all_rules, check, check_all, get_rule, resolve_selection

CASES = Path(__file__).parent / "check_cases"
SEED = Path(__file__).parent.parent / "examples" / "india-russia-webinar.toml"
MOSCOW = ZoneInfo("Europe/Moscow")
KOLKATA = ZoneInfo("Asia/Kolkata")


def at(hour: int, minute: int) -> datetime:
    """A time on 10 February 2021 in Moscow."""
    return datetime(2021, 2, 10, hour, minute, tzinfo=MOSCOW)


def minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


def webinar(*parts: Item | Part, **fields: object) -> Agenda:
    """A one-event agenda starting 11:00 Moscow time on 10 February 2021."""
    event = Event(id="demo", title="Demo", start=at(11, 0))
    return Agenda(event=event, parts=parts, **fields)  # type: ignore[arg-type]


def overrun() -> Agenda:
    """A part whose items take 40m of a 30m budget, then a 30m item with no budget."""
    return webinar(
        Part(title="Part 1", allotted=minutes(30), items=[Item(title="Talk", duration=minutes(40))]),
        Item(title="Panel", duration=minutes(30)),
    )


def test_registry_codes_are_unique_and_well_formed() -> None:
    """Every rule has a distinct AGnnn code and a distinct kebab-case name."""
    rules = all_rules()
    assert len({rule.code for rule in rules}) == len({rule.name for rule in rules}) == len(rules)
    assert all(rule.code[:2] == "AG" and rule.code[2:].isdigit() and len(rule.code) == 5 for rule in rules)


def test_get_rule_by_name() -> None:
    """A rule is found by its name as well as its code."""
    assert get_rule("audience-hours").code == "AG401"


def test_unknown_selector_is_an_error() -> None:
    """A selector naming no rule raises UnknownRuleError."""
    with pytest.raises(UnknownRuleError, match="unknown rule 'AG999'"):
        check(overrun(), select=["AG999"])


def test_select_by_prefix() -> None:
    """Selecting AG1 runs only the time budget rules."""
    assert {"AG101", "AG102", "AG103"} == {rule.code for rule in resolve_selection((), (), ["AG1"])}


def test_ignore_drops_a_rule() -> None:
    """An ignored rule yields no finding."""
    assert check(overrun(), ignore=["AG101"]).findings == ()


def test_more_specific_selector_wins() -> None:
    """Selecting AG101 explicitly beats ignoring the AG1 family."""
    assert tuple(rule.code for rule in resolve_selection(("AG101",), ("AG1",))) == ("AG101",)


def test_command_line_select_beats_file_ignore() -> None:
    """A rule ignored in the file runs when the command line selects it by code."""
    agenda = attrs.evolve(overrun(), check=CheckSettings(ignore=("AG101",)))
    assert check(agenda, select=["AG101"]).codes == ("AG101",)


def test_file_ignore_applies_without_command_line() -> None:
    """A rule ignored in the file's check section does not run."""
    agenda = attrs.evolve(overrun(), check=CheckSettings(ignore=("budget-overrun",)))
    assert check(agenda).codes == ()


def test_severity_override_from_settings() -> None:
    """check.severity turns a rule's error into a warning."""
    report = check(overrun(), settings=CheckSettings(severity={"AG101": "warning"}))
    assert [finding.severity for finding in report.findings] == [Severity.WARNING]


def test_invalid_severity_override() -> None:
    """An unknown severity level in the settings is refused with its value, when the settings are made."""
    with pytest.raises(ValueError, match="'AG101' has 'fatal'"):
        CheckSettings(severity={"AG101": "fatal"})


def test_strict_turns_warnings_into_errors() -> None:
    """With strict, a warning-level finding becomes an error and the report fails."""
    agenda = webinar(Part(title="P", allotted=timedelta(hours=1), items=[Item(title="T", duration=minutes(50))]))
    assert (check(agenda).ok, check(agenda, strict=True).ok) == (True, False)


def test_strict_from_settings_and_command_line_off() -> None:
    """strict in the file applies unless the caller passes strict=False."""
    agenda = webinar(Part(title="P", allotted=timedelta(hours=1), items=[Item(title="T", duration=minutes(50))]))
    agenda = attrs.evolve(agenda, check=CheckSettings(strict=True))
    assert (check(agenda).ok, check(agenda, strict=False).ok) == (False, True)


def test_running_drift_carries_an_overrun() -> None:
    """A 10-minute overrun shows as +10m drift on the part and the report."""
    report = check(overrun())
    assert [("parts[0]", minutes(10))] == [(entry.path, entry.drift) for entry in report.drift]


def test_drift_carries_into_later_parts() -> None:
    """A later budgeted part starts late and keeps its whole budget, so the drift carries on."""
    agenda = webinar(
        Part(title="A", allotted=minutes(30), items=[Item(title="T1", duration=minutes(40))]),
        Part(title="B", allotted=minutes(30), items=[Item(title="T2", duration=minutes(20))]),
    )
    expected = [minutes(10), minutes(10)]
    assert expected == [entry.drift for entry in check(agenda).drift]


def test_message_names_times_in_the_audience_zone() -> None:
    """An audience-hours finding shows the local time, its UTC offset and the hours allowed."""
    agenda = webinar(
        Item(title="Late talk", duration=timedelta(hours=1), start=at(21, 0)),
        audiences=[Audience(name="India", zone=KOLKATA, hours=LocalHours.parse("09:00-21:00"))],
    )
    messages = [f.message for f in check(agenda, select=["AG401"]).findings]
    assert messages == [
        "item 'Late talk' runs 23:30–00:30 Asia/Kolkata (UTC+05:30, ends +1 day) for India; allowed 09:00–21:00"
    ]


def test_default_audience_hours_from_settings() -> None:
    """check.audience_hours applies to audiences that give no hours."""
    agenda = webinar(
        Item(title="Talk", duration=timedelta(hours=1), start=at(20, 0)),
        audiences=[Audience(name="India", zone=KOLKATA)],
        check=CheckSettings(audience_hours=LocalHours.parse("09:00-20:00")),
    )
    assert check(agenda, select=["AG401"]).codes == ("AG401",)


def test_speaker_hours_follow_settings() -> None:
    """check.working_hours widens the hours a speaker may be asked to talk."""
    speaker = Speaker(id="raj", name="Raj", zone=KOLKATA)
    agenda = webinar(
        Item(
            title="Talk",
            duration=minutes(30),
            speakers=["raj"],
            start=at(17, 0),
        ),
        speakers=[speaker],
    )
    evening = CheckSettings(working_hours=LocalHours.parse("09:00-21:00"))
    assert (check(agenda, select=["AG402"]).codes, check(agenda, settings=evening, select=["AG402"]).codes) == (
        ("AG402",),
        (),
    )


def test_a_gap_as_long_as_min_break_ends_a_stretch() -> None:
    """A 10-minute gap counts as a break for the no-break rule."""
    agenda = webinar(
        Item(title="A", duration=minutes(90)),
        Item(title="B", duration=minutes(60), start=at(12, 40)),
    )
    assert check(agenda, select=["AG602"]).codes == ()


def test_min_gap_allows_short_gaps() -> None:
    """Gaps up to check.min_gap are not reported."""
    agenda = webinar(
        Item(title="A", duration=minutes(30)),
        Item(title="B", duration=minutes(30), start=at(11, 35)),
    )
    relaxed = CheckSettings(min_gap=minutes(5))
    assert (check(agenda, select=["AG204"]).codes, check(agenda, settings=relaxed, select=["AG204"]).codes) == (
        ("AG204",),
        (),
    )


def test_breaks_do_not_count_against_audience_hours() -> None:
    """A break outside an audience's hours is not a finding."""
    agenda = webinar(
        Item(
            title="Pause",
            kind=ItemKind.BREAK,
            duration=minutes(30),
            start=at(19, 0),
        ),
        audiences=[Audience(name="India", zone=KOLKATA, hours=LocalHours.parse("09:00-21:00"))],
    )
    assert check(agenda, select=["AG401"]).codes == ()


def test_holidays_missing_gives_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the holidays package the rule says it was skipped, as a note, and the check passes."""
    monkeypatch.setitem(sys.modules, "holidays", None)
    agenda = webinar(
        Item(title="Talk", duration=minutes(30)),
        audiences=[Audience(name="India", zone=KOLKATA, country="IN")],
    )
    report = check(agenda, select=["AG701"])
    assert [(f.severity, "not installed" in f.message) for f in report.findings] == [(Severity.INFO, True)]


def test_holidays_off_in_settings() -> None:
    """check.holidays = false turns the holiday rule off."""
    agenda = webinar(
        Item(title="Talk", duration=minutes(30)),
        audiences=[Audience(name="India", zone=KOLKATA, country="IN")],
        check=CheckSettings(holidays=False),
    )
    assert (
        check(
            attrs.evolve(agenda, event=attrs.evolve(agenda.event, start=datetime(2021, 1, 26, 11, tzinfo=MOSCOW)))
        ).codes
        == ()
    )


def test_unknown_country_gives_a_note() -> None:
    """An audience country with no holiday calendar yields a note, not a failure."""
    agenda = webinar(
        Item(title="Talk", duration=minutes(30)),
        audiences=[Audience(name="Nowhere", zone=KOLKATA, country="XX")],
    )
    assert [f.severity for f in check(agenda, select=["AG701"]).findings] == [Severity.INFO]


def test_others_are_only_used_for_cross_file_rules() -> None:
    """Findings of the other agendas are not reported, only their clashes with this one."""
    one, two = load(CASES / "cross" / "moscow.toml"), load(CASES / "cross" / "delhi.json")
    report = check(one, others=[two, load(CASES / "overrun.toml")])
    assert report.codes == ("AG302",)


def test_check_all_reports_cross_file_clash_in_both() -> None:
    """A person booked in two agendas at once is reported in each, matched by e-mail."""
    reports = check_all([load(CASES / "cross" / "moscow.toml"), load(CASES / "cross" / "delhi.json")])
    assert [report.codes for report in reports] == [("AG302",), ("AG302",)]


def test_same_event_in_two_files_is_not_a_clash() -> None:
    """Two files of the same event id (one agenda in two formats) are not double bookings."""
    reports = check_all([load(SEED), load(SEED.with_suffix(".yaml"))], select=["AG302"])
    assert [report.codes for report in reports] == [(), ()]


def test_located_report_has_file_lines() -> None:
    """Lines come from the document; the file is named on every finding."""
    document = read_document(CASES / "overrun.toml")
    report = check(document.agenda).located(document.file, document.line_of)
    assert [(str(CASES / "overrun.toml"), 10)] == [(f.file, f.line) for f in report.findings]


def test_findings_in_document_order() -> None:
    """Findings are sorted by their place in the agenda, parts[2] before parts[10]."""
    items = [Item(title=f"T{i}", duration=timedelta(0)) for i in range(12)]
    paths = [f.path for f in check(webinar(*items), select=["AG601"]).findings]
    assert [f"parts[{i}].duration" for i in range(12)] == paths


def test_seed_findings_are_the_documented_ones() -> None:
    """The seed webinar checks clean, as docs/check.md explains; a tighter stretch limit finds AG602."""
    seed = load(SEED)
    assert check(seed).codes == ()
    tighter = attrs.evolve(seed.check, max_stretch=timedelta(minutes=90))
    assert check(seed, settings=tighter).codes == ("AG602",)


@given(agenda=__import__("agenda.testing", fromlist=["agendas"]).agendas())
def test_check_never_crashes(agenda: Agenda) -> None:
    """Any valid agenda can be checked, and every finding has a known code and a message."""
    codes = {rule.code for rule in all_rules()}
    report = check(agenda)
    assert all(finding.code in codes and finding.message for finding in report.findings)


_ZONES = ("Europe/Moscow", "Asia/Kolkata", "Asia/Kathmandu", "America/New_York", "Australia/Lord_Howe", "UTC")


@given(
    start=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)),
    lengths=st.lists(st.integers(min_value=0, max_value=26 * 60), min_size=1, max_size=4),
    audiences=st.lists(
        st.tuples(st.sampled_from(_ZONES), st.integers(0, 23), st.integers(0, 23), st.sampled_from(["A", "B"])),
        min_size=1,
        max_size=5,
    ),
)
def test_audience_hours_leads_order_as_their_messages(
    start: datetime, lengths: list[int], audiences: list[tuple[str, int, int, str]]
) -> None:
    """The leads of the audience-hours messages (`Ranked`) of one item order them as their
    texts do, so that the report orders those findings by message without writing them."""
    from agenda._timeline import build_timeline
    from agenda.checks.context import CheckContext
    from agenda.checks.rules.hours import audience_hours

    items = [Item(title=f"T{n}", duration=minutes(length)) for n, length in enumerate(lengths)]
    event = Event(id="demo", title="Demo", start=start.replace(tzinfo=MOSCOW))
    people = [
        Audience(name=name, zone=ZoneInfo(zone), hours=LocalHours.parse(f"{opens:02d}:00-{closes:02d}:30"))
        for zone, opens, closes, name in audiences
    ]
    agenda = Agenda(event=event, parts=items, audiences=people)
    context = CheckContext(agenda, build_timeline(agenda), agenda.check)
    by_path: dict[str, list[tuple[int, str]]] = {}
    for hit in audience_hours(context):
        by_path.setdefault(hit.path, []).append((hit._message.lead, hit.message))  # type: ignore[union-attr]
    for found in by_path.values():
        for lead, message in found:
            for other_lead, other in found:
                if lead < other_lead:
                    assert message < other
    report = check(agenda, select=["AG401"])
    for before, after in itertools.pairwise(report.findings):
        if before.path == after.path:
            assert before.message <= after.message
