"""Helpers (no tests) for the iCalendar tests: the seed agenda, a pinned tz database, the same calendar
built with icalendar's components, and the three parsers' view of an export."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Alarm, Calendar, Event, vCalAddress, vRecur, vText

import agenda._times
from agenda._model import Organizer
from agenda.ical import PRODID, CalendarEvent
from agenda.ical._write import _zone_ranges, timezone_component, vtimezone

STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)


def pin_tz_database() -> Iterator[None]:
    """Read zones from the `tzdata` package only, so VTIMEZONE text does not depend on the machine."""
    original = tuple(zoneinfo.TZPATH)

    def forget() -> None:
        zoneinfo.ZoneInfo.clear_cache()
        agenda._times._get_zone.cache_clear()
        agenda._times._zone_keys.cache_clear()
        agenda._times.zone_keys.cache_clear()
        vtimezone.cache_clear()

    zoneinfo.reset_tzpath(to=())
    forget()
    try:
        yield
    finally:
        zoneinfo.reset_tzpath(to=original)
        forget()


def by_icalendar(
    events: Sequence[CalendarEvent],
    *,
    method: str,
    stamp: datetime,
    organizer: Organizer | None,
    name: str | None,
    alarms: Sequence[timedelta] = (),
) -> bytes:
    """The same calendar built through icalendar's components and serialised by it."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("METHOD", method.upper())
    if name:
        # icalendar 7 types NAME as unknown and writes it unescaped; RFC 7986 makes it TEXT.
        calendar.add("NAME", vText(name))
        calendar.add("X-WR-CALNAME", vText(name))
    for key, (first, last) in sorted(_zone_ranges(events).items()):
        calendar.add_component(timezone_component(key, first, last))
    for planned in events:
        event = Event.new(
            uid=planned.uid,
            stamp=stamp,
            start=planned.start,
            end=planned.end,
            summary=planned.summary,
            sequence=planned.sequence,
            description=planned.description or None,
            location=planned.location,
            color=planned.color,
            url=planned.url.strip() if planned.url else None,
            related_to=[planned.related_to] if planned.related_to else None,
        )
        if planned.rrule:
            event.add("RRULE", vRecur.from_ical(planned.rrule))
        if method != "publish":
            for person in planned.attendees:
                address = vCalAddress(f"mailto:{person.email}")
                address.params.update(
                    {
                        "CN": person.name,
                        "PARTSTAT": person.partstat,
                        "ROLE": person.role,
                        "RSVP": "TRUE" if person.rsvp else "FALSE",
                    }
                )
                event.add("ATTENDEE", address)
        if planned.conference:
            parameters: dict[str, Any] = {"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"]}
            if planned.conference_label:
                parameters["LABEL"] = planned.conference_label
            event.add("CONFERENCE", planned.conference.strip(), parameters=parameters)
        if organizer is not None:
            address = vCalAddress(f"mailto:{organizer.email}")
            address.params["CN"] = organizer.name
            event.add("ORGANIZER", address)
        if method == "cancel":
            event.add("STATUS", "CANCELLED")
        else:
            for before in alarms:
                alarm = Alarm()
                alarm.add("ACTION", "DISPLAY")
                alarm.add("DESCRIPTION", planned.summary)
                alarm.add("TRIGGER", -before)
                event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def normalised_text(text: str) -> str:
    """What a TEXT value reads back as: line breaks become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_with_parsers(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Every VEVENT as icalendar, vobject (validating) and ical read it: uid, summary, instants,
    attendee addresses."""
    import vobject
    from ical.calendar_stream import IcsCalendarStream

    text = data.decode()
    seen: dict[str, list[dict[str, Any]]] = {"icalendar": [], "vobject": [], "ical": []}
    for event in Calendar.from_ical(data).walk("VEVENT"):
        attendees = event.get("ATTENDEE", [])
        seen["icalendar"].append(
            {
                "uid": str(event["UID"]),
                "summary": str(event["SUMMARY"]),
                "start": event.start.astimezone(UTC),
                "end": event.end.astimezone(UTC),
                "attendees": [
                    str(a).removeprefix("mailto:") for a in (attendees if isinstance(attendees, list) else [attendees])
                ],
            }
        )
    (parsed,) = vobject.readComponents(text, validate=True)
    for event in parsed.vevent_list:
        seen["vobject"].append(
            {
                "uid": event.uid.value,
                "summary": event.summary.value,
                "start": event.dtstart.value.astimezone(UTC),
                "end": event.dtend.value.astimezone(UTC),
                "attendees": [a.value.removeprefix("mailto:") for a in getattr(event, "attendee_list", [])],
            }
        )
    for event in IcsCalendarStream.calendar_from_ics(text).events:
        seen["ical"].append(
            {
                "uid": event.uid,
                "summary": event.summary,
                "start": event.dtstart.astimezone(UTC),
                "end": event.dtend.astimezone(UTC),
                "attendees": [a.uri.removeprefix("mailto:") for a in event.attendees],
            }
        )
    return seen


def expected_view(events: Sequence[CalendarEvent], method: str) -> list[dict[str, Any]]:
    """The model's side of `read_with_parsers`."""
    return [
        {
            "uid": e.uid,
            "summary": normalised_text(e.summary),
            "start": e.start.astimezone(UTC),
            "end": e.end.astimezone(UTC),
            "attendees": [a.email for a in e.attendees] if method != "publish" else [],
        }
        for e in events
    ]
