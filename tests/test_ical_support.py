"""Helpers (no tests) for the iCalendar tests: the seed agenda, a pinned tz database, the same calendar
built with icalendar's components, and the three parsers' view of an export."""

from __future__ import annotations

import itertools
import zoneinfo
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from hypothesis import reject
from icalendar import Alarm, Calendar, Event, vCalAddress, vRecur, vText

import agenda._times
import agenda.ical._zones
from agenda._model import Agenda, Organizer
from agenda.ical import PRODID, CalendarEvent, ExportError, plan_events
from agenda.ical._write import timezone_component, vtimezone, zones_used
from agenda.ical._zones import written

STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)
FALLBACK_ORGANIZER = Organizer(name="Organiser", email="organiser@example.org")


def pin_tz_database() -> Iterator[None]:
    """Read zones from the `tzdata` package only, so VTIMEZONE text does not depend on the machine."""
    original = tuple(zoneinfo.TZPATH)

    def forget() -> None:
        zoneinfo.ZoneInfo.clear_cache()
        agenda._times._get_zone.cache_clear()
        agenda._times._zone_keys.cache_clear()
        agenda._times.zone_keys.cache_clear()
        vtimezone.cache_clear()
        agenda.ical._zones.zone_form.cache_clear()
        agenda.ical._zones._changes.cache_clear()
        agenda.ical._zones._shifted_walls.cache_clear()

    zoneinfo.reset_tzpath(to=())
    forget()
    try:
        yield
    finally:
        zoneinfo.reset_tzpath(to=original)
        forget()


def organised(agenda: Agenda) -> Agenda:
    """`agenda` with an organizer (invitations and cancellations need one), and without a series
    the export refuses (one no VTIMEZONE can carry for every client; tested apart)."""
    exportable(agenda)
    if agenda.event.organizer is not None:
        return agenda
    return attrs.evolve(agenda, event=attrs.evolve(agenda.event, organizer=FALLBACK_ORGANIZER))


def exportable(agenda: Agenda) -> None:
    """Rejects the example when a split of `agenda` holds a series that cannot be written."""
    for split in ("event", "parts", "items"):
        try:
            plan_events(agenda, split=split)  # type: ignore[arg-type]
        except ExportError as error:
            if (error.subject or "").startswith("event.recurrence"):
                reject()
            raise


def by_icalendar(
    events: Sequence[CalendarEvent],
    *,
    method: str,
    stamp: datetime,
    organizer: Organizer | None,
    name: str | None,
    alarms: Sequence[timedelta] = (),
    language: str | None = None,
) -> bytes:
    """The same calendar built through icalendar's components and serialised by it."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("METHOD", method.upper())
    if name and method not in ("request", "cancel"):
        # icalendar 7 types NAME as unknown and writes it unescaped; RFC 7986 makes it TEXT.
        said = {"LANGUAGE": language} if language else None
        calendar.add("NAME", vText(name), parameters=said)
        calendar.add("X-WR-CALNAME", vText(name), parameters=said)
    for key in zones_used(events):
        calendar.add_component(timezone_component(key))
    for planned in events:
        event = Event.new(
            uid=planned.uid,
            stamp=stamp,
            start=written(planned.start),
            end=written(planned.end),
            summary=planned.summary,
            sequence=planned.sequence,
            description=planned.description or None,
            location=planned.location,
            color=planned.color,
            url=planned.url.strip() if planned.url else None,
            related_to=[planned.related_to] if planned.related_to else None,
        )
        if planned.language:
            event["SUMMARY"].params["LANGUAGE"] = planned.language
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
                alarm.add(
                    "DESCRIPTION",
                    planned.summary,
                    parameters={"LANGUAGE": planned.language} if planned.language else None,
                )
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


# ---------------------------------------------------------------------------------------------
# Readers that disagree with RFC 5545: Outlook's one rule per zone, and a later-occurrence reader


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _yearly_onset(observance: Any, year: int) -> datetime:
    """The wall time of an observance's onset in `year`, as Outlook stores it: month, weekday and
    its occurrence (1-4, or last) from RRULE, the time of day from DTSTART ([MS-OXCICAL]
    2.1.3.1.1.19.2.2). Forms Outlook cannot import fail the test."""
    import calendar

    start = observance["DTSTART"].dt
    rules = observance.get("RRULE")
    assert rules is not None, "Outlook needs an RRULE on each sub-component of a zone with DAYLIGHT"
    rule = rules if not isinstance(rules, list) else rules[0]
    assert rule["FREQ"] == ["YEARLY"], f"Outlook reads only yearly zone rules, got {rule.to_ical()!r}"
    assert "BYMONTHDAY" not in rule, "Outlook reads BYDAY or BYMONTHDAY, and this writer must use BYDAY"
    (month,) = rule.get("BYMONTH", [start.month])
    (byday,) = rule["BYDAY"]
    position, weekday = int(byday[:-2]), _WEEKDAYS.index(byday[-2:])
    assert position in (1, 2, 3, 4, -1), f"Outlook's SYSTEMTIME holds the 1st to 4th or the last, got {byday}"
    days = [
        d for d in range(1, calendar.monthrange(year, month)[1] + 1) if datetime(year, month, d).weekday() == weekday
    ]
    day = days[-1] if position == -1 else days[position - 1]
    return datetime(year, month, day, start.hour, start.minute, start.second)


def outlook_zone(vtimezone: Any) -> Any:
    """A function from a naive wall time to its UTC instant, reading `vtimezone` as Outlook and
    Exchange do ([MS-OXCICAL] 2.1.3.1.1.19): only the STANDARD and the DAYLIGHT with the latest
    DTSTART count, their yearly RRULE applies to every year, RDATE is never read."""

    def latest(name: str) -> Any:
        found = [sub for sub in vtimezone.subcomponents if sub.name == name]
        return max(found, key=lambda sub: sub["DTSTART"].dt) if found else None

    standard, daylight = latest("STANDARD"), latest("DAYLIGHT")
    assert standard is not None, "Outlook needs a STANDARD sub-component"
    standard_offset = standard["TZOFFSETTO"].td
    if daylight is None:
        return lambda wall: (wall - standard_offset).replace(tzinfo=UTC)
    daylight_offset = daylight["TZOFFSETTO"].td

    def to_utc(wall: datetime) -> datetime:
        summer, winter = _yearly_onset(daylight, wall.year), _yearly_onset(standard, wall.year)
        in_daylight = summer <= wall < winter if summer < winter else not winter <= wall < summer
        return (wall - (daylight_offset if in_daylight else standard_offset)).replace(tzinfo=UTC)

    return to_utc


def _occurrences(rule: Any, first: datetime, count: int = 60) -> list[datetime]:
    """The first `count` starts of a series from a naive `first`, expanded as wall times."""
    from dateutil.rrule import rrulestr

    found = []
    for index, moment in enumerate(rrulestr(rule.to_ical().decode(), dtstart=first)):
        if index >= count:
            break
        found.append(moment)
    return found


def _instants(data: bytes, wall_to_utc: Any) -> list[list[datetime]]:
    """Per VEVENT: DTSTART, DTEND, then the series' starts, as UTC instants, mapping each TZID wall
    time with ``wall_to_utc(tzid, naive)``."""
    seen = []
    for event in Calendar.from_ical(data).walk("VEVENT"):

        def instant(prop: Any) -> datetime:
            tzid = prop.params.get("TZID")
            value = prop.dt
            if tzid is None:
                return value.astimezone(UTC)
            return wall_to_utc(tzid, value.replace(tzinfo=None))

        start, end = instant(event["DTSTART"]), instant(event["DTEND"])
        found = [start, end]
        if "RRULE" in event:
            tzid = event["DTSTART"].params.get("TZID")
            first = event["DTSTART"].dt.replace(tzinfo=None)
            walls = _occurrences(event["RRULE"], first)
            found += [wall_to_utc(tzid, wall) if tzid else wall.replace(tzinfo=UTC) for wall in walls]
        seen.append(found)
    return seen


def outlook_instants(data: bytes) -> list[list[datetime]]:
    """Every instant of every VEVENT as Outlook reads them (`outlook_zone`)."""
    zones = {str(z["TZID"]): outlook_zone(z) for z in Calendar.from_ical(data).walk("VTIMEZONE")}
    return _instants(data, lambda tzid, wall: zones[tzid](wall))


def later_occurrence_instants(data: bytes) -> list[list[datetime]]:
    """Every instant as libical (Evolution) and ical.js (Thunderbird) read them: the tz database's
    zone by TZID, and a repeated wall time as its second occurrence."""
    return _instants(data, lambda tzid, wall: wall.replace(tzinfo=zoneinfo.ZoneInfo(tzid), fold=1).astimezone(UTC))


def rfc_instants(data: bytes) -> list[list[datetime]]:
    """Every instant as RFC 5545 reads them, with vobject (validating): its own reading of the
    VTIMEZONE, the series expanded by its rruleset."""
    import vobject

    (parsed,) = vobject.readComponents(data.decode(), validate=True)
    seen = []
    for event in parsed.vevent_list:
        found = [event.dtstart.value.astimezone(UTC), event.dtend.value.astimezone(UTC)]
        if hasattr(event, "rrule"):
            found += [moment.astimezone(UTC) for moment in itertools.islice(event.getrruleset(), 60)]
        seen.append(found)
    return seen


def planned_instants(events: Sequence[CalendarEvent]) -> list[list[datetime]]:
    """What every reader must find: each event's start, end and series starts (expanded from the
    zoned start, as RFC 5545 and zoneinfo read it)."""
    from dateutil.rrule import rrulestr

    seen = []
    for event in events:
        found = [event.start.astimezone(UTC), event.end.astimezone(UTC)]
        if event.rrule:
            zone = event.start.tzinfo
            first = event.start.astimezone(zone)
            for index, moment in enumerate(rrulestr(event.rrule, dtstart=first)):
                if index >= 60:
                    break
                found.append(moment.astimezone(UTC))
        seen.append(found)
    return seen
