"""iCalendar export: an agenda becomes ``.ics`` bytes that calendar clients accept.

Two steps, usable apart: `plan_events` turns an agenda into `CalendarEvent` values (pure,
comparable), `write_calendar` encodes them as RFC 5545 bytes; `to_ical` does both, and
`to_ical_each` writes one calendar per event, as invitations and cancellations need.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from agenda._languages import text_language
from agenda._model import Agenda
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
    "plan_calendar",
    "plan_events",
    "same_content",
    "to_ical",
    "to_ical_each",
    "write_calendar",
]


def plan_calendar(
    agenda: Agenda,
    *,
    split: Split | None = None,
    method: Method = "publish",
    speaker: str | None = None,
    attendees: Sequence[Attendee] = (),
    previous: Agenda | None = None,
    previous_split: Split | None = None,
) -> tuple[CalendarEvent, ...]:
    """The events `to_ical` writes: `plan_events`, then what `method` and `previous` make of them.

    A cancellation is a change of the agenda, so with ``method="cancel"`` every SEQUENCE is one
    above the agenda's revision. With `previous`, the version that calendars already hold, only
    what changed moves (`against_previous`): a ``publish`` keeps the SEQUENCE of unchanged events
    and gives changed ones the new revision, a ``request`` holds only the new and changed events, a
    ``cancel`` only the removed ones; either may then be empty. ``method=None`` (a calendar without
    METHOD, as a CalDAV server stores it, RFC 4791 4.1) plans as ``publish`` does. In an invitation or cancellation,
    an event nobody is invited to (a break) lists the organizer.

    The split is part of each version: `split` (else the file's ``event.split``, else
    ``"event"``), and for `previous` `previous_split` (else its ``event.split``, else the current
    split); when they differ, what the previous split had and this one lacks is removed.
    """
    now = split or agenda.event.split or "event"
    events = plan_events(agenda, split=now, speaker=speaker, attendees=attendees)  # type: ignore[arg-type]
    if previous is not None:
        then = previous_split or previous.event.split or now
        before = plan_events(previous, split=then, speaker=speaker, attendees=attendees)  # type: ignore[arg-type]
        changed, unchanged, removed = against_previous(
            events, before, agenda.event.revision, previous_revision=previous.event.revision
        )
        current = (*changed, *unchanged)
        by_method = {"publish": current, None: current, "request": changed, "cancel": removed}
        order = {event.uid: index for index, event in enumerate((*events, *before))}
        events = tuple(sorted(by_method[method], key=lambda event: order[event.uid]))
    elif method == "cancel":
        events = tuple(attrs.evolve(event, sequence=event.sequence + 1) for event in events)
    organizer = agenda.event.organizer
    if method in ("request", "cancel") and organizer is not None:
        # As clients do, the organizer attends what nobody else is invited to (a break):
        # every event of an invitation then has its ATTENDEE.
        host = Attendee(name=organizer.name, email=organizer.email, role="CHAIR", rsvp=False, partstat="ACCEPTED")
        events = tuple(e if e.attendees else attrs.evolve(e, attendees=(host,)) for e in events)
    return events


def to_ical(
    agenda: Agenda,
    *,
    stamp: datetime,
    split: Split | None = None,
    method: Method = "publish",
    speaker: str | None = None,
    attendees: Sequence[Attendee] = (),
    alarms: Sequence[timedelta] = (),
    name: str | None = None,
    previous: Agenda | None = None,
    previous_split: Split | None = None,
) -> bytes:
    """`agenda` as one iCalendar file: `write_calendar` of `plan_calendar`.

    The calendar's name defaults to `calendar_name`. A ``request`` or ``cancel`` holds one UID
    (RFC 5546): with ``split="parts"`` or ``"items"`` and more than one event, use `to_ical_each`.
    Raises `ExportError` when `previous` leaves nothing to write.
    """
    events = plan_calendar(
        agenda,
        split=split,
        method=method,
        speaker=speaker,
        attendees=attendees,
        previous=previous,
        previous_split=previous_split,
    )
    if not events:
        raise ExportError(f"nothing to {method or 'export'}: no event changed since the previous version")
    return _write(agenda, events, method=method, stamp=stamp, speaker=speaker, alarms=alarms, name=name)


def to_ical_each(
    agenda: Agenda,
    *,
    stamp: datetime,
    split: Split | None = None,
    method: Method = "publish",
    speaker: str | None = None,
    attendees: Sequence[Attendee] = (),
    alarms: Sequence[timedelta] = (),
    name: str | None = None,
    previous: Agenda | None = None,
    previous_split: Split | None = None,
) -> tuple[tuple[str, bytes], ...]:
    """One iCalendar file per event, as ``(uid, bytes)`` in programme order: what an iTIP
    ``request`` or ``cancel`` of several events is (RFC 5546: one UID per object). The
    arguments are `to_ical`'s; empty when `previous` leaves nothing to write."""
    events = plan_calendar(
        agenda,
        split=split,
        method=method,
        speaker=speaker,
        attendees=attendees,
        previous=previous,
        previous_split=previous_split,
    )
    return tuple(
        (event.uid, _write(agenda, (event,), method=method, stamp=stamp, speaker=speaker, alarms=alarms, name=name))
        for event in events
    )


def _write(
    agenda: Agenda,
    events: Sequence[CalendarEvent],
    *,
    method: Method,
    stamp: datetime,
    speaker: str | None,
    alarms: Sequence[timedelta],
    name: str | None,
) -> bytes:
    return write_calendar(
        events,
        method=method,
        stamp=stamp,
        organizer=agenda.event.organizer,
        name=name if name is not None else calendar_name(agenda, speaker),
        alarms=alarms,
        language=text_language(name if name is not None else agenda.event.title, agenda.event.language),
    )
