"""Every rule against the examples of docs/rules.md: each triggers on its example and not on its clean one;
then what single rules must and must not report."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import attrs
import pytest

from agenda._formats.files import loads
from agenda._model import Agenda, Audience, Event, Interval, Item, Part, Speaker
from agenda.checks import Report, Severity, all_rules, check, check_all
from agenda.checks.engine import load_report
from agenda.checks.rules.dates import SAMPLE_STEP
from agenda.exceptions import LoadError

RULES_PAGE = Path(__file__).parent.parent / "docs" / "rules.md"


@attrs.frozen
class Entry:
    code: str
    name: str
    severity: str
    summary: str
    trigger: str
    clean: str
    trigger_others: tuple[str, ...] = ()
    clean_others: tuple[str, ...] = ()


def read_entries() -> dict[str, Entry]:
    """The rule entries of docs/rules.md, by code."""
    text = RULES_PAGE.read_text("utf-8")
    entries = {}
    for chunk in re.split(r"(?m)^### ", text)[1:]:
        head = re.match(r"(AG\d{3}) ([a-z0-9-]+)\n\n\*\*(\w+)\*\*: (.+)\n", chunk)
        assert head is not None, chunk[:80]
        trigger_part, _, clean_part = chunk.partition("\nClean:\n")

        def blocks(part: str, info: str) -> list[str]:
            return re.findall(rf"(?ms)^```{info}\n(.*?)^```", part)

        entries[head[1]] = Entry(
            code=head[1],
            name=head[2],
            severity=head[3],
            summary=head[4],
            trigger=blocks(trigger_part, "toml")[0],
            clean=blocks(clean_part, "toml")[0],
            trigger_others=tuple(blocks(trigger_part, "toml other")),
            clean_others=tuple(blocks(clean_part, "toml other")),
        )
    return entries


ENTRIES = read_entries()
CODES = [rule.code for rule in all_rules()]


def test_docs_list_every_rule_once() -> None:
    """docs/rules.md has one entry per registered rule, and no others."""
    assert list(ENTRIES) == CODES


@pytest.mark.parametrize("code", CODES)
def test_docs_entry_agrees_with_registry(code: str) -> None:
    """The entry's name, severity and summary are the registry's."""
    rule = next(rule for rule in all_rules() if rule.code == code)
    entry = ENTRIES[code]
    assert (rule.name, rule.severity.value, rule.summary) == (entry.name, entry.severity, entry.summary)


def run_example(text: str, others: tuple[str, ...]) -> Report:
    """The report on a docs example: its load errors (AG001) if it cannot be loaded."""
    try:
        agenda = loads(text)
    except LoadError as error:
        return load_report(None, error.problems)
    return check(agenda, others=[loads(other) for other in others])


@pytest.mark.parametrize("code", CODES)
def test_rule_triggers_on_its_example(code: str) -> None:
    """The triggering example of the docs yields a finding of that rule, at the rule's severity."""
    entry = ENTRIES[code]
    report = run_example(entry.trigger, entry.trigger_others)
    found = [finding for finding in report.findings if finding.code == code]
    assert found, report.findings
    assert {Severity(entry.severity)} == {finding.severity for finding in found}


@pytest.mark.parametrize("code", CODES)
def test_rule_is_quiet_on_its_clean_example(code: str) -> None:
    """The clean example of the docs yields no finding at all."""
    entry = ENTRIES[code]
    report = run_example(entry.clean, entry.clean_others)
    assert report.findings == ()


KOLKATA = ZoneInfo("Asia/Kolkata")
MOSCOW = ZoneInfo("Europe/Moscow")


def kolkata(hour: int, minute: int = 0, day: int = 10) -> datetime:
    """A time in February 2021 in Kolkata."""
    return datetime(2021, 2, day, hour, minute, tzinfo=KOLKATA)


def webinar(*parts: Item | Part, start: datetime | None = None, **fields: object) -> Agenda:
    """A one-event agenda, in Kolkata at 13:00 on 10 February 2021 unless told otherwise."""
    event = Event(id="demo", title="Demo", start=start or kolkata(13), end=fields.pop("end", None))  # type: ignore[arg-type]
    return Agenda(event=event, parts=parts, **fields)  # type: ignore[arg-type]


def messages(report: Report) -> list[str]:
    return [finding.message for finding in report.findings]


# -- AG303 speaker-unavailable ---------------------------------------------------------------


@pytest.mark.parametrize("second_start", [(11, 15), (11, 0)], ids=["touching", "overlapping"])
def test_availability_windows_that_touch_or_overlap_count_as_one(second_start: tuple[int, int]) -> None:
    """A talk 11:00-11:30 fits availability 10:00-11:15 plus 11:15-13:00 (or 11:00-13:00)."""
    windows = [
        Interval(start=kolkata(10), end=kolkata(11, 15)),
        Interval(start=kolkata(*second_start), end=kolkata(13)),
    ]
    speaker = Speaker(id="raj", name="Raj", availability=windows)
    talk = Item(title="Talk", duration=timedelta(minutes=30), speakers=["raj"])
    agenda = webinar(talk, start=kolkata(11), speakers=[speaker])
    assert check(agenda, select=["AG303"]).findings == ()


def test_availability_with_a_hole_is_still_reported() -> None:
    """Windows 10:00-11:10 and 11:15-13:00 leave 11:10-11:15 open: a talk 11:00-11:30 is outside them."""
    windows = [Interval(start=kolkata(11, 15), end=kolkata(13)), Interval(start=kolkata(10), end=kolkata(11, 10))]
    speaker = Speaker(id="raj", name="Raj", zone=KOLKATA, availability=windows)
    talk = Item(title="Talk", duration=timedelta(minutes=30), speakers=["raj"])
    agenda = webinar(talk, start=kolkata(11), speakers=[speaker])
    assert messages(check(agenda, select=["AG303"])) == [
        "Raj speaks in item 'Talk' at 11:00–11:30 Asia/Kolkata (UTC+05:30) "
        "but is available only 10:00–11:10 Asia/Kolkata; 11:15–13:00 Asia/Kolkata"
    ]


def test_availability_in_another_zone_names_both_without_nesting() -> None:
    """A window is shown in the speaker's zone and in the event's, each with its date shift, one level deep."""
    night = Interval(start=kolkata(23, 30), end=kolkata(0, 30, day=11))
    speaker = Speaker(id="ana", name="Ana", zone=ZoneInfo("Pacific/Auckland"), availability=[night])
    agenda = webinar(Item(title="Talk", duration=timedelta(minutes=30), speakers=["ana"]), speakers=[speaker])
    assert messages(check(agenda, select=["AG303"])) == [
        "Ana speaks in item 'Talk' at 20:30–21:00 Pacific/Auckland (UTC+13:00) but is available only "
        "07:00–08:00 Pacific/Auckland, +1 day (23:30–00:30 Asia/Kolkata, ends +1 day)"
    ]


# -- AG502 dst-during-event ------------------------------------------------------------------


def test_every_offset_change_during_a_long_event_is_found() -> None:
    """Noronha went to UTC-01:00 on 8 October 2000 and back a week later: both changes are reported."""
    noronha = ZoneInfo("America/Noronha")
    start = datetime(2000, 10, 7, 12, tzinfo=noronha)
    agenda = webinar(Item(title="Retreat", duration=timedelta(days=9)), start=start)
    found = sorted(messages(check(agenda, select=["AG502"])), key=lambda message: "08 October" not in message)
    assert found == [
        "America/Noronha changes from UTC-02:00 to UTC-01:00 during the event, at 02:00 UTC (01:00 local, "
        "08 October), during item 'Retreat': local times after it shift by +1h",
        "America/Noronha changes from UTC-01:00 to UTC-02:00 during the event, at 01:00 UTC (23:00 local, "
        "14 October), during item 'Retreat': local times after it shift by -1h",
    ]


def test_offset_change_is_placed_to_the_second() -> None:
    """London's clocks went forward at 01:00:00 UTC on 28 March 2021; the finding says so."""
    london = ZoneInfo("Europe/London")
    start = datetime(2021, 3, 28, 0, 15, tzinfo=london)
    agenda = webinar(Item(title="Night", duration=timedelta(hours=2)), start=start)
    (message,) = messages(check(agenda, select=["AG502"]))
    assert "at 01:00 UTC (02:00 local, 28 March)" in message


def _offset_changes(key: str, low: int, high: int) -> list[int]:
    """UTC seconds at which `key` changes its UTC offset, read from the zone's transitions."""
    from zoneinfo import _zoneinfo

    zone = _zoneinfo.ZoneInfo.no_cache(key)  # type: ignore[attr-defined]
    changes, offset = [], zone._tti_before.utcoff if zone._tti_before else None
    for moment, info in zip(zone._trans_utc, zone._ttinfos, strict=True):
        if info.utcoff != offset:
            changes.append(moment)
            offset = info.utcoff
    rule = zone._tz_after
    if isinstance(rule, _zoneinfo._TZStr) and rule.dst_diff:  # type: ignore[attr-defined]
        last = zone._trans_utc[-1] if zone._trans_utc else low
        for year in range(datetime.fromtimestamp(last, UTC).year, 2201):
            on, off = rule.transitions(year)  # local standard and local daylight time
            moments = (on - rule.std.utcoff.total_seconds(), off - rule.dst.utcoff.total_seconds())
            changes.extend(int(moment) for moment in moments if moment > last)
    return sorted(change for change in changes if low <= change < high)


def test_no_zone_changes_offset_twice_within_a_sample_step() -> None:
    """AG502 samples offsets SAMPLE_STEP apart: no zone of the installed database changes twice that close."""
    from zoneinfo import _zoneinfo

    if not hasattr(_zoneinfo.ZoneInfo, "no_cache") or not hasattr(_zoneinfo, "_TZStr"):
        pytest.skip("this Python's zoneinfo internals differ")
    low = int(datetime(1899, 12, 30, tzinfo=UTC).timestamp())
    high = int(datetime(2201, 1, 2, tzinfo=UTC).timestamp())
    closest = min(
        (later - earlier, key)
        for key in available_timezones()
        for changes in [_offset_changes(key, low, high)]
        for earlier, later in itertools.pairwise(changes)
    )
    assert closest[0] > SAMPLE_STEP.total_seconds(), closest


# -- AG103 event-overrun ---------------------------------------------------------------------


def test_event_overrun_names_the_first_late_item_by_time() -> None:
    """An item placed later in the file but earlier in time is the one named as running past the end."""
    agenda = webinar(
        Item(title="Closing", duration=timedelta(minutes=30), start=kolkata(13, 50)),
        Item(title="Panel", duration=timedelta(minutes=40), start=kolkata(13, 40)),
        end=kolkata(14),
    )
    (finding,) = check(agenda, select=["AG103"]).findings
    named = "item 'Panel', from 13:40 Asia/Kolkata, is the first to run past it" in finding.message
    assert (finding.related, named) == (("parts[1]",), True)


# -- messages --------------------------------------------------------------------------------


def test_overlap_messages_do_not_nest_parentheses() -> None:
    """AG201 and AG301 give the other item's times after a comma inside one pair of parentheses."""
    speaker = Speaker(id="raj", name="Raj")
    agenda = webinar(
        Item(title="Keynote", duration=timedelta(minutes=45), speakers=["raj"]),
        Item(title="Panel", duration=timedelta(minutes=30), speakers=["raj"], start=kolkata(13, 30)),
        speakers=[speaker],
    )
    assert messages(check(agenda, select=["AG201", "AG301"])) == [
        "item 'Panel' at 13:30–14:00 Asia/Kolkata (UTC+05:30) overlaps item 'Keynote' "
        "(13:00–13:45 Asia/Kolkata) by 15m",
        "Raj is booked for item 'Panel' (13:30–14:00 Asia/Kolkata, UTC+05:30) and item 'Keynote' "
        "(13:00–13:45 Asia/Kolkata) at once",
    ]


def test_cross_file_message_does_not_nest_parentheses() -> None:
    """AG302 gives the times and the other file's path inside one pair of parentheses."""
    speaker = Speaker(id="raj", name="Raj", email="raj@example.org")
    one = webinar(Item(title="Keynote", duration=timedelta(minutes=30), speakers=["raj"]), speakers=[speaker])
    talk = Item(title="Talk", duration=timedelta(minutes=30), speakers=["raj"])
    two = attrs.evolve(webinar(talk, speakers=[speaker]), event=Event(id="other", title="Other", start=kolkata(13, 15)))
    first = messages(check_all([one, two], select=["AG302"])[0])
    assert first == [
        "Raj speaks in item 'Keynote' (13:00–13:30 Asia/Kolkata, UTC+05:30) and at the same time in item 'Talk' "
        "of 'Other' (13:15–13:45 Asia/Kolkata; parts[0])"
    ]


def _depth(text: str) -> int:
    deepest = level = 0
    for character in text:
        level += {"(": 1, ")": -1}.get(character, 0)
        deepest = max(deepest, level)
    return deepest


def test_no_message_nests_parentheses_across_midnight() -> None:
    """With times on other dates in several zones, no finding puts one parenthesis inside another."""
    speaker = Speaker(
        id="raj",
        name="Raj",
        zone=ZoneInfo("Pacific/Auckland"),
        email="raj@example.org",
        availability=[Interval(start=kolkata(8), end=kolkata(9))],
    )
    agenda = webinar(
        Part(
            title="Night",
            allotted=timedelta(minutes=30),
            items=[
                Item(title="Late", duration=timedelta(hours=2), speakers=["raj"]),
                Item(title="Later", duration=timedelta(hours=2), speakers=["raj"], start=kolkata(22, 45)),
            ],
            start=kolkata(23),
        ),
        Item(title="Early", duration=timedelta(hours=1), start=kolkata(22, 30), speakers=["raj"]),
        start=kolkata(22),
        end=kolkata(23, 15),
        audiences=[Audience(name="Moscow", zone=MOSCOW), Audience(name="Samoa", zone=ZoneInfo("Pacific/Apia"))],
        speakers=[speaker],
    )
    other = attrs.evolve(agenda, event=attrs.evolve(agenda.event, id="other"))
    report = check_all([agenda, other])[0]
    assert {"AG101", "AG103", "AG201", "AG202", "AG301", "AG302", "AG303", "AG602"} <= set(report.codes)
    assert [message for message in messages(report) if _depth(message) > 1] == []
