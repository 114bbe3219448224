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
    calendar_name,
    plan_events,
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
    "calendar_name",
    "plan_events",
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
) -> bytes:
    """`agenda` as an iCalendar file: `write_calendar` of `plan_events`.

    A cancellation is a change of the agenda, so with ``method="cancel"`` every SEQUENCE is one
    above the agenda's revision. The calendar's name defaults to `calendar_name`.
    """
    events = plan_events(agenda, split=split, speaker=speaker, attendees=attendees)
    if method == "cancel":
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
