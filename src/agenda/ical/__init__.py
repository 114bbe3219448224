"""iCalendar export: an agenda becomes ``.ics`` bytes that calendar clients accept.

Two steps, usable apart: `plan_events` turns an agenda into `CalendarEvent` values (pure,
comparable), `write_calendar` encodes them as RFC 5545 bytes; `to_ical` does both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from agenda.ical._plan import (
    Attendee,
    CalendarEvent,
    ExportError,
    Method,
    Split,
    against_previous,
    calendar_name,
    next_sequence,
    plan_events,
    same_content,
)
from agenda.ical._write import PRODID, write_calendar
from agenda.model import Agenda

__all__ = [
    "PRODID",
    "Attendee",
    "CalendarEvent",
    "ExportError",
    "Method",
    "Split",
    "against_previous",
    "calendar_name",
    "next_sequence",
    "plan_events",
    "same_content",
    "to_ical",
    "write_calendar",
]


def to_ical(
    agenda: Agenda,
    *,
    stamp: datetime,
    split: Split = "event",
    method: Method = "publish",
    speaker: str | None = None,
    attendees: Sequence[Attendee] = (),
    alarms: Sequence[timedelta] = (),
    name: str | None = None,
    previous: Agenda | None = None,
) -> bytes:
    """`agenda` as an iCalendar file: `write_calendar` of `plan_events`.

    A cancellation is a change of the agenda, so with ``method="cancel"`` every SEQUENCE is one
    above the agenda's revision. The calendar's name defaults to `calendar_name`.

    With `previous`, the version that calendars already hold, only what changed moves: a
    ``publish`` keeps the SEQUENCE of unchanged events and raises it for changed ones, a
    ``request`` holds only the new and changed events, a ``cancel`` only the removed ones.
    """
    events = plan_events(agenda, split=split, speaker=speaker, attendees=attendees)
    if previous is not None:
        before = plan_events(previous, split=split, speaker=speaker, attendees=attendees)
        changed, unchanged, removed = against_previous(events, before, agenda.event.revision)
        by_method = {"publish": (*changed, *unchanged), "request": changed, "cancel": removed}
        order = {event.uid: index for index, event in enumerate((*events, *before))}
        events = tuple(sorted(by_method[method], key=lambda event: order[event.uid]))
    elif method == "cancel":
        events = tuple(attrs.evolve(event, sequence=event.sequence + 1) for event in events)
    organizer = agenda.event.organizer
    if method != "publish" and organizer is not None:
        # As clients do, the organizer attends what nobody else is invited to (a break):
        # every event of an invitation then has its ATTENDEE.
        host = Attendee(name=organizer.name, email=organizer.email, role="CHAIR", rsvp=False,
                        partstat="ACCEPTED")
        events = tuple(e if e.attendees else attrs.evolve(e, attendees=(host,)) for e in events)
    return write_calendar(
        events,
        method=method,
        stamp=stamp,
        organizer=agenda.event.organizer,
        name=name if name is not None else calendar_name(agenda, speaker),
        alarms=alarms,
    )
