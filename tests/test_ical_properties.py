"""Properties of the iCalendar export over generated agendas (zones from the whole tz database):
what icalendar, vobject (validating) and ical read back is exactly what was planned, and `to_ical`
/ `to_ical_each` follow the rules of each method."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from agenda import Agenda
from agenda._languages import text_language
from agenda.ical import (
    Attendee,
    CalendarEvent,
    ExportError,
    plan_calendar,
    plan_events,
    to_ical,
    to_ical_each,
    write_calendar,
)
from agenda.testing import agendas
from test_ical_support import FALLBACK_ORGANIZER, STAMP, by_icalendar, expected_view, organised, read_with_parsers

GUEST = Attendee(name='Guest, "Ünïcödé"', email="guest@example.org", role="OPT-PARTICIPANT")
SPLITS = st.sampled_from(["event", "parts", "items"])

#: (agenda, split, method, whether a guest is invited): without a guest, an event nobody is
#: invited to relies on `to_ical`'s organizer fallback for its ATTENDEE.
EXPORTS = st.tuples(agendas(max_items=6), SPLITS, st.sampled_from(["publish", "request", "cancel"]), st.booleans())


def sent_as(agenda: Agenda, split: str) -> Agenda:
    """`agenda` with ``event.split`` the split it is exported with: the file says how it was sent."""
    return attrs.evolve(agenda, event=attrs.evolve(agenda.event, split=split))


def export(agenda: Agenda, split: str, method: str, guest: bool) -> tuple[tuple[CalendarEvent, ...], list[bytes]]:
    """What `to_ical` plans, and the calendars it writes: one for a publish, one per event otherwise."""
    options = {"split": split, "method": method, "attendees": [GUEST] if guest else []}
    events = plan_calendar(agenda, **options)  # type: ignore[arg-type]
    if method == "publish":
        return events, [to_ical(agenda, stamp=STAMP, **options)]  # type: ignore[arg-type]
    return events, [data for _, data in to_ical_each(agenda, stamp=STAMP, **options)]  # type: ignore[arg-type]


def vevents(calendars: list[bytes]) -> list[Calendar]:
    return [event for data in calendars for event in Calendar.from_ical(data).walk("VEVENT")]


@given(EXPORTS)
def test_every_parser_reads_back_the_planned_events(case: tuple[Agenda, str, str, bool]) -> None:
    """icalendar, vobject and ical read exactly the planned UIDs, summaries, instants and attendees."""
    agenda, split, method, guest = case
    events, calendars = export(organised(agenda), split, method, guest)
    seen: dict[str, list[dict[str, object]]] = {"icalendar": [], "vobject": [], "ical": []}
    for data in calendars:
        for parser, found in read_with_parsers(data).items():
            seen[parser].extend(found)
    expected = expected_view(events, method)
    assert seen == {"icalendar": expected, "vobject": expected, "ical": expected}


@given(EXPORTS)
def test_calendar_structure_follows_the_method(case: tuple[Agenda, str, str, bool]) -> None:
    """A PUBLISH may hold many UIDs, all different; each REQUEST or CANCEL holds one. Every TZID
    has a VTIMEZONE, PUBLISH has no ATTENDEE, REQUEST and CANCEL have ORGANIZER and ATTENDEE on
    every event, CANCEL says CANCELLED."""
    agenda, split, method, guest = case
    _, calendars = export(organised(agenda), split, method, guest)
    parsed = [Calendar.from_ical(data) for data in calendars]
    uids = [[str(e["UID"]) for e in calendar.walk("VEVENT")] for calendar in parsed]
    every = [uid for group in uids for uid in group]
    assert len(set(every)) == len(every)
    if method != "publish":
        assert {len(group) for group in uids} == {1}
    assert len(parsed) == (1 if method == "publish" else len(every))
    assert {frozenset(calendar.get_missing_tzids()) for calendar in parsed} == {frozenset()}
    assert all(z.get("COMMENT") is None for calendar in parsed for z in calendar.walk("VTIMEZONE"))
    events = vevents(calendars)
    assert {("ATTENDEE" in e, "ORGANIZER" in e) for e in events} == {(method != "publish", True)}
    assert {str(e.get("STATUS")) for e in events} == {"CANCELLED" if method == "cancel" else "None"}


@given(EXPORTS)
def test_to_ical_sequence_and_attendees_follow_the_plan(case: tuple[Agenda, str, str, bool]) -> None:
    """Against `plan_events`: SEQUENCE is the revision (one more for a cancellation); an invitation
    lists the planned attendees, or the organizer where nobody is invited; a publish lists nobody."""
    agenda, split, method, guest = case
    agenda = organised(agenda)
    planned = plan_events(agenda, split=split, attendees=[GUEST] if guest else [])  # type: ignore[arg-type]
    _, calendars = export(agenda, split, method, guest)
    found = [
        (
            str(e["UID"]),
            int(e["SEQUENCE"]),
            sorted(
                str(a).removeprefix("mailto:")
                for a in (
                    e.get("ATTENDEE")
                    if isinstance(e.get("ATTENDEE"), list)
                    else [e["ATTENDEE"]]
                    if "ATTENDEE" in e
                    else []
                )
            ),
        )
        for e in vevents(calendars)
    ]
    organizer = agenda.event.organizer
    assert organizer is not None
    expected = [
        (
            e.uid,
            agenda.event.revision + (method == "cancel"),
            [] if method == "publish" else sorted(a.email for a in e.attendees) or [organizer.email],
        )
        for e in planned
    ]
    assert found == expected


@given(EXPORTS)
def test_writer_is_byte_identical_to_icalendar(case: tuple[Agenda, str, str, bool]) -> None:
    """Our content lines equal icalendar's serialisation of the same components, for any agenda."""
    agenda, split, method, guest = case
    agenda = organised(agenda)
    organizer = agenda.event.organizer
    events, calendars = export(agenda, split, method, guest)
    groups = [events] if method == "publish" else [(event,) for event in events]
    assert [
        by_icalendar(
            group,
            method=method,
            stamp=STAMP,
            organizer=organizer,
            name=agenda.event.title,
            language=text_language(agenda.event.title, agenda.event.language),
        )
        for group in groups
    ] == calendars


@given(agendas(max_items=6))
def test_exports_are_reproducible(agenda: Agenda) -> None:
    """Exporting the same agenda twice gives the same bytes, hence the same UIDs."""
    agenda = organised(agenda)
    assert export(agenda, "items", "request", False)[1] == export(agenda, "items", "request", False)[1]


@given(agendas(max_items=6), SPLITS)
def test_against_an_identical_version_nothing_moves(agenda: Agenda, split: str) -> None:
    """Against itself: a publish is the plain export, and there is nothing to invite or cancel."""
    agenda = sent_as(organised(agenda), split)
    assert to_ical(agenda, stamp=STAMP, split=split, previous=agenda) == to_ical(agenda, stamp=STAMP, split=split)  # type: ignore[arg-type]
    assert [
        to_ical_each(agenda, stamp=STAMP, split=split, method=m, previous=agenda)  # type: ignore[arg-type]
        for m in ("request", "cancel")
    ] == [(), ()]


@given(agendas(max_items=6), SPLITS)
def test_a_renamed_event_updates_everything_with_the_new_revision(agenda: Agenda, split: str) -> None:
    """Renaming the event changes every VEVENT (summary or description): the update holds them all
    with SEQUENCE the new revision, nothing is cancelled, and the same revision is refused."""
    old = sent_as(organised(agenda), split)
    event = old.event
    renamed = attrs.evolve(old, event=attrs.evolve(event, title=event.title + " v2", revision=event.revision + 1))
    update = to_ical_each(renamed, stamp=STAMP, split=split, method="request", previous=old)  # type: ignore[arg-type]
    found = [(str(e["UID"]), int(e["SEQUENCE"])) for e in vevents([data for _, data in update])]
    assert found == [(e.uid, event.revision + 1) for e in plan_events(old, split=split)]  # type: ignore[arg-type]
    assert to_ical_each(renamed, stamp=STAMP, split=split, method="cancel", previous=old) == ()  # type: ignore[arg-type]
    unbumped = attrs.evolve(renamed, event=attrs.evolve(renamed.event, revision=event.revision))
    with pytest.raises(ExportError, match=r"raise event\.revision"):
        to_ical(unbumped, stamp=STAMP, split=split, previous=old)  # type: ignore[arg-type]


def test_write_calendar_is_still_what_to_ical_writes() -> None:
    """`write_calendar` of one planned event is the calendar `to_ical_each` gives for it."""
    from datetime import UTC, datetime, timedelta

    from agenda import Event, Item, get_zone

    agenda = Agenda(
        event=Event(
            id="e",
            title="E",
            start=datetime(2021, 2, 10, 9, tzinfo=get_zone("Asia/Kolkata")),
            organizer=FALLBACK_ORGANIZER,
        ),
        parts=[
            Item(id="a", title="A", duration=timedelta(minutes=5)),
            Item(id="b", title="B", duration=timedelta(minutes=5)),
        ],
    )
    events = plan_calendar(agenda, split="items", method="request")
    stamp = datetime(2021, 2, 1, tzinfo=UTC)
    assert [
        (e.uid, write_calendar([e], method="request", stamp=stamp, organizer=FALLBACK_ORGANIZER, name="E"))
        for e in events
    ] == list(to_ical_each(agenda, stamp=stamp, split="items", method="request"))
