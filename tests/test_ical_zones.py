"""VTIMEZONEs every client reads alike, and wall times in DST folds: Outlook's one rule per zone
([MS-OXCICAL] 2.1.3.1.1.19), RFC 5545's first occurrence and libical's second all give the
instants the timeline planned."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from icalendar import Calendar

from agenda import Agenda, Event, Item, Recurrence, get_zone, load
from agenda.ical import ExportError, plan_calendar, plan_events, to_ical, to_ical_each
from agenda.ical._write import vtimezone
from agenda.testing import agendas, zones
from test_ical_support import (
    STAMP,
    later_occurrence_instants,
    organised,
    outlook_instants,
    outlook_zone,
    pin_tz_database,
    planned_instants,
    read_with_parsers,
    rfc_instants,
)


@pytest.fixture(autouse=True)
def _pinned_tz_database() -> Iterator[None]:
    yield from pin_tz_database()


def one_item(start: datetime, minutes: int = 30, rule: str | None = None) -> Agenda:
    return Agenda(
        event=Event(
            id="e",
            title="E",
            start=start,
            recurrence=Recurrence(rule=rule) if rule else None,
        ),
        parts=[Item(id="a", title="A", duration=timedelta(minutes=minutes))],
    )


def lines(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


def event_times(data: bytes) -> list[str]:
    """The DTSTART and DTEND lines of the VEVENTs."""
    text = lines(data)
    return [x for x in text[text.index("BEGIN:VEVENT") :] if x.startswith(("DTSTART", "DTEND"))]


def zone_text(key: str) -> list[str]:
    return vtimezone(key).decode().split("\r\n")[:-1]


# ---------------------------------------------------------------------------------------------
# The form


def test_moscow_is_one_standard_from_2014() -> None:
    """A zone without changes since 2014 is one STANDARD from that change, no RRULE, no RDATE."""
    assert zone_text("Europe/Moscow") == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Moscow",
        "X-LIC-LOCATION:Europe/Moscow",
        "BEGIN:STANDARD",
        "DTSTART:20141026T020000",
        "TZNAME:MSK",
        "TZOFFSETFROM:+0400",
        "TZOFFSETTO:+0300",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def test_new_york_is_one_yearly_rule_from_2007() -> None:
    """New York: one DAYLIGHT and one STANDARD with the yearly rule of 2007, as Google and Apple write it."""
    assert zone_text("America/New_York") == [
        "BEGIN:VTIMEZONE",
        "TZID:America/New_York",
        "X-LIC-LOCATION:America/New_York",
        "BEGIN:DAYLIGHT",
        "DTSTART:20070311T020000",
        "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
        "TZNAME:EDT",
        "TZOFFSETFROM:-0500",
        "TZOFFSETTO:-0400",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20071104T020000",
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
        "TZNAME:EST",
        "TZOFFSETFROM:-0400",
        "TZOFFSETTO:-0500",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


@pytest.mark.parametrize(
    ("key", "rules"),
    [
        ("Europe/Berlin", ["RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"]),
        ("Australia/Sydney", ["RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4"]),
        ("Australia/Lord_Howe", ["RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4"]),
        ("Asia/Kolkata", []),
        ("America/Sao_Paulo", []),
    ],
)
def test_rules_of_notable_zones(key: str, rules: list[str]) -> None:
    """Southern zones, half-hour DST and former DST zones get their current rule, or none."""
    assert [line for line in zone_text(key) if line.startswith("RRULE")] == rules


def test_vtimezone_does_not_depend_on_the_dates() -> None:
    """The VTIMEZONE of a zone is the same in every export, whatever the events' dates."""
    zone = get_zone("America/New_York")

    def block(data: bytes) -> str:
        text = data.decode()
        return text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]

    early, late = (to_ical(one_item(datetime(y, 6, 1, 10, tzinfo=zone)), stamp=STAMP) for y in (2010, 2036))
    assert block(early) == block(late)


def test_no_rdate_and_no_comment_in_any_zone() -> None:
    """No VTIMEZONE holds an RDATE (Outlook never reads one) or COMMENT (libical refuses it)."""
    from agenda._times import zone_keys
    from agenda.ical._zones import zone_form

    keys = [key for key in zone_keys() if key != "UTC" and zone_form(get_zone(key)) is not None][::7]
    found = {line.partition(":")[0] for key in keys for line in zone_text(key)}
    assert (found & {"RDATE", "COMMENT"}) == set()


# ---------------------------------------------------------------------------------------------
# Where a wall time cannot carry its TZID


def test_the_seed_webinar_reads_right_in_outlook(seed_path: Path) -> None:
    """The seed webinar at 11:00 Moscow is 08:00 UTC for Outlook too (it was 07:00 with the RDATE form)."""
    data = to_ical(load(seed_path), stamp=STAMP)
    assert outlook_instants(data)[0][:2] == [
        datetime(2021, 2, 10, 8, tzinfo=UTC),
        datetime(2021, 2, 10, 11, tzinfo=UTC),
    ]


def test_a_time_in_a_fold_is_written_in_utc() -> None:
    """01:30 on 2021-11-07 in New York happens twice: DTSTART is its first occurrence, in UTC."""
    data = to_ical(one_item(datetime(2021, 11, 7, 1, 30, tzinfo=get_zone("America/New_York"))), stamp=STAMP)
    assert event_times(data) == [
        "DTSTART:20211107T053000Z",
        "DTEND:20211107T060000Z",
    ]


def test_an_end_in_a_fold_is_written_in_utc_and_the_start_keeps_its_zone() -> None:
    """Only the value in the fold goes to UTC; the start before it keeps the TZID."""
    data = to_ical(one_item(datetime(2021, 11, 7, 0, 45, tzinfo=get_zone("America/New_York"))), stamp=STAMP)
    assert event_times(data) == [
        "DTSTART;TZID=America/New_York:20211107T004500",
        "DTEND:20211107T051500Z",
    ]


def test_a_time_before_the_current_rule_is_written_in_utc() -> None:
    """New York's rule dates from 2007: a 1999 event is in UTC, where Outlook's reading of that rule would be wrong."""
    data = to_ical(one_item(datetime(1999, 4, 1, 10, tzinfo=get_zone("America/New_York"))), stamp=STAMP)
    assert ("DTSTART:19990401T150000Z" in lines(data), "BEGIN:VTIMEZONE" in lines(data)) == (True, False)


def test_a_zone_without_a_yearly_rule_is_written_in_utc() -> None:
    """Jerusalem's "Friday before the last Sunday" has no Outlook rule: its times are in UTC, no VTIMEZONE."""
    data = to_ical(one_item(datetime(2021, 6, 1, 10, tzinfo=get_zone("Asia/Jerusalem"))), stamp=STAMP)
    assert ("DTSTART:20210601T070000Z" in lines(data), "BEGIN:VTIMEZONE" in lines(data)) == (True, False)


def test_a_series_starting_in_a_fold_is_refused() -> None:
    """A weekly series from a repeated wall time would drift in UTC and split readers with a TZID: refused."""
    agenda = one_item(datetime(2021, 11, 7, 1, 30, tzinfo=get_zone("America/New_York")), rule="FREQ=WEEKLY;COUNT=4")
    with pytest.raises(ExportError, match=r"2021-11-07 01:30 America/New_York falls on a wall time a DST change"):
        to_ical(agenda, stamp=STAMP)


def test_a_series_reaching_a_fold_is_refused() -> None:
    """A daily series whose third start falls in the fold is refused, naming that occurrence."""
    agenda = one_item(datetime(2021, 11, 5, 1, 30, tzinfo=get_zone("America/New_York")), rule="FREQ=DAILY;COUNT=3")
    with pytest.raises(ExportError, match=r"occurrence at 2021-11-07 01:30"):
        to_ical(agenda, stamp=STAMP)


def test_a_series_before_the_current_rule_is_refused() -> None:
    """A 1999 series in New York cannot carry the zone (Outlook reads only the 2007 rule): refused."""
    agenda = one_item(datetime(1999, 4, 1, 10, tzinfo=get_zone("America/New_York")), rule="FREQ=WEEKLY;COUNT=4")
    with pytest.raises(ExportError, match=r"starts before 2007-03-11 03:00 America/New_York"):
        to_ical(agenda, stamp=STAMP)


def test_a_series_across_dst_keeps_its_wall_time() -> None:
    """A weekly series across the March change keeps 10:00 local for every reader, Outlook's included."""
    zone = get_zone("Europe/Berlin")
    agenda = one_item(datetime(2021, 3, 15, 10, tzinfo=zone), rule="FREQ=WEEKLY;COUNT=3")
    data = to_ical(agenda, stamp=STAMP)
    expected = [datetime(2021, 3, d, 10, tzinfo=zone).astimezone(UTC) for d in (15, 22, 29)]
    assert [outlook_instants(data)[0][2:], later_occurrence_instants(data)[0][2:], rfc_instants(data)[0][2:]] == [
        expected
    ] * 3


def test_outlook_reader_reads_the_old_form_wrongly() -> None:
    """The reading helper is Outlook's: given the 0.1 RDATE form of Moscow it puts 11:00 at 07:00 UTC."""
    old = (
        "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Moscow\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\n"
        "BEGIN:STANDARD\r\nDTSTART:20110327T020000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0400\r\nEND:STANDARD\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19811001T000000\r\nRDATE:20141026T020000\r\nTZOFFSETFROM:+0400\r\n"
        "TZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"
    )
    (component,) = Calendar.from_ical(old).walk("VTIMEZONE")
    assert outlook_zone(component)(datetime(2021, 2, 10, 11)) == datetime(2021, 2, 10, 7, tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# Every reader gets the planned instants


EXPORTS = st.tuples(
    agendas(max_items=5, years=(1990, 2037), event_zones=zones()),
    st.sampled_from(["event", "parts", "items"]),
    st.sampled_from(["publish", "request"]),
)


def calendars_of(agenda: Agenda, split: str, method: str) -> tuple[list[list[datetime]], list[bytes]]:
    try:
        agenda = organised(agenda)
        events = plan_calendar(agenda, split=split, method=method)  # type: ignore[arg-type]
    except ExportError as error:
        if "recurrence" in (error.subject or ""):
            reject()
        raise
    if method == "publish":
        return planned_instants(events), [to_ical(agenda, stamp=STAMP, split=split)]  # type: ignore[arg-type]
    data = [d for _, d in to_ical_each(agenda, stamp=STAMP, split=split, method=method)]  # type: ignore[arg-type]
    return planned_instants(events), data


@given(EXPORTS)
def test_outlook_and_a_later_occurrence_reader_get_the_planned_instants(case: tuple[Agenda, str, str]) -> None:
    """Outlook's reading (latest STANDARD/DAYLIGHT, RRULE, no RDATE), a reader taking the second of two
    repeated wall times, and vobject find every DTSTART, DTEND and series start where the timeline put it."""
    expected, calendars = calendars_of(*case)
    found = {
        reader.__name__: [seen for data in calendars for seen in reader(data)]
        for reader in (outlook_instants, later_occurrence_instants, rfc_instants)
    }
    assert found == {"outlook_instants": expected, "later_occurrence_instants": expected, "rfc_instants": expected}


@given(EXPORTS)
def test_icalendar_vobject_and_ical_agree_on_times_in_folds(case: tuple[Agenda, str, str]) -> None:
    """icalendar, vobject (validating) and ical read the planned DTSTART and DTEND, folds and gaps included."""
    expected, calendars = calendars_of(*case)
    seen: dict[str, list[list[datetime]]] = {"icalendar": [], "vobject": [], "ical": []}
    for data in calendars:
        for parser, events in read_with_parsers(data).items():
            seen[parser].extend([e["start"], e["end"]] for e in events)
    assert seen == {key: [found[:2] for found in expected] for key in seen}


def test_times_in_folds_are_in_utc_for_every_parser() -> None:
    """Fixed starts inside the New York fold: every reader, Outlook's included, gets the planned instants."""
    zone = get_zone("America/New_York")
    agenda = one_item(datetime(2021, 11, 7, 1, 10, tzinfo=zone), minutes=40)
    agenda = attrs.evolve(agenda, parts=[*agenda.parts, Item(id="b", title="B", duration=timedelta(minutes=20))])
    events = plan_events(agenda, split="items")
    data = to_ical(agenda, stamp=STAMP, split="items")
    expected = planned_instants(events)
    assert [outlook_instants(data), later_occurrence_instants(data), rfc_instants(data)] == [expected] * 3


@pytest.mark.parametrize("split", ["event", "parts", "items"])
def test_the_seed_webinar_is_read_alike_by_every_reader(seed_path: Path, split: str) -> None:
    """The seed webinar: Outlook's reading, a later-occurrence reader, vobject, icalendar and ical
    all find the planned instants."""
    seed = load(seed_path)
    data = to_ical(seed, stamp=STAMP, split=split)  # type: ignore[arg-type]
    expected = planned_instants(plan_events(seed, split=split))  # type: ignore[arg-type]
    parsed = {p: [[e["start"], e["end"]] for e in found] for p, found in read_with_parsers(data).items()}
    assert [outlook_instants(data), later_occurrence_instants(data), rfc_instants(data), *parsed.values()] == [
        expected
    ] * 6
