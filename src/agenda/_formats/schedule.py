"""The c3voc/frab schedule exchange format: ``schedule.xml``, its JSON (v1) and ``schedule2`` JSON.

frab, pretalx, osem and wafer export this format; Giggity, EventFahrplan, ConfClerk, the c3voc
recording pipeline and the engelsystem read it. What its consumers reported, and how it is met:

- a ``guid`` per event stable across exports and derived from ids, never from content
  (voc/schedule#63): uuid5 of the event's id and the node's key, the same key as its calendar UID;
- integer ``id`` values unique and stable when items are added or moved (pretalx#2248,
  giggity#252, EventFahrplan#496): taken from the guid, not from the position;
- an offset on every date (pretalx#618, giggity#162) and the full IANA ``time_zone_name``
  (frab#729);
- durations as ``H:MM``; a webinar's "room" is its platform;
- times compared and subtracted as instants, written as the wall time they are with its offset:
  two times of one zone compare as wall times in Python (fold ignored), so an item across a DST
  change would have a wrong or negative duration, and events in a repeated hour the wrong order.

Breaks are not events in ``schedule.xml`` and v1 JSON (the recording pipeline would make a
recording of each); ``schedule2`` lists them as its ``BREAK`` meta events. A series (an event
with a recurrence rule) is expanded: each occurrence is a day of the schedule, its guids derived
from the occurrence's date as well. Pure: values in, text out.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import attrs

from agenda._languages import Localized
from agenda._model import Agenda, Item, ItemKind, Part, slugify
from agenda._timeline import Slot, Timeline, build_timeline, node_keys
from agenda._times import resolve_local
from agenda.exceptions import ScheduleError

__all__ = [
    "GUID_NAMESPACE",
    "ScheduleError",
    "ScheduleEvent",
    "plan_schedule",
    "render_json",
    "render_json2",
    "render_xml",
]

#: The namespace of every guid written: uuid5 of it and ``<node key>.<event id>`` (the calendar
#: UID without its domain), with ``/<date>`` of the occurrence in a series.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:agenda:schedule")

#: The largest integer id: consumers store it in a signed 32-bit integer (Java's ``int``).
_MAX_ID = 2**31 - 1
#: The pattern the JSON schemas give ``time_zone_name`` (searched, as JSON Schema does).
_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
#: ISO 639-1, as schedule2 requires for ``language``.
_LANGUAGE = re.compile(r"^([a-z]{2})(?:[-_][A-Za-z0-9]+)*$")
#: Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_SERIES = 1000

_SCHEMA_V1 = "https://c3voc.de/schedule/schema.json"
_SCHEMA_V2 = "https://c3voc.de/schema/schedule2"

# schedule2's event types; breaks are its BREAK meta events.
_TYPES_V2 = {
    ItemKind.OPENING: "OTHER",
    ItemKind.WELCOME: "OTHER",
    ItemKind.KEYNOTE: "TALK",
    ItemKind.PRESENTATION: "TALK",
    ItemKind.PANEL: "DISCUSSION",
    ItemKind.QA: "DISCUSSION",
    ItemKind.CLOSING: "OTHER",
    ItemKind.OTHER: "OTHER",
}


@attrs.frozen(kw_only=True)
class Person:
    """Someone on an event of the schedule."""

    guid: str
    id: int
    name: str
    role: str = "SPEAKER"


def _instant(moment: datetime) -> datetime:
    """`moment` in UTC: how aware times of one zone are compared and subtracted here (Python
    compares two times of the same zone as wall times, fold ignored)."""
    return moment.astimezone(UTC)


@attrs.frozen(kw_only=True)
class ScheduleEvent:
    """One event of the schedule: an item at one occurrence. Times are aware, in the event's zone;
    compare them as instants (`duration`, `_instant`)."""

    guid: str
    id: int
    path: str
    key: str
    title: str
    kind: ItemKind
    start: datetime
    end: datetime
    track: str
    abstract: str
    persons: tuple[Person, ...]
    #: Index (from 1) of the schedule day it is on.
    day: int

    @property
    def is_break(self) -> bool:
        return self.kind is ItemKind.BREAK

    @property
    def duration(self) -> timedelta:
        """The exact time from start to end, whatever the clocks do between them."""
        return _instant(self.end) - _instant(self.start)


@attrs.frozen(kw_only=True)
class Day:
    index: int
    date: date
    start: datetime
    end: datetime


@attrs.frozen(kw_only=True)
class Schedule:
    """What every form of the schedule says, decided once."""

    agenda: Agenda
    acronym: str
    zone: ZoneInfo
    room: str
    room_guid: str
    days: tuple[Day, ...]
    events: tuple[ScheduleEvent, ...]
    timeslot: timedelta

    @property
    def start(self) -> datetime:
        return self.days[0].start

    @property
    def end(self) -> datetime:
        """The last end of the programme, or the booked end of the event when later."""
        booked = self.agenda.event.end
        last = self.days[-1].end
        if booked is None or self.agenda.event.recurrence is not None:
            return last
        return max(last, resolve_local(booked)[0].astimezone(self.zone), key=_instant)


def _guid(name: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, name))


def _integer_ids(guids: Sequence[str]) -> dict[str, int]:
    """A positive 31-bit id per guid, from the guid itself: stable when events are added, removed
    or moved. The rare collision moves the later guid (in sorted order) to the next free id."""
    taken: set[int] = set()
    ids: dict[str, int] = {}
    for guid in sorted(set(guids)):
        number = uuid.UUID(guid).int % _MAX_ID + 1
        while number in taken:
            number = number % _MAX_ID + 1
        taken.add(number)
        ids[guid] = number
    return ids


def acronym_of(event_id: str) -> str:
    """The conference acronym both schemas accept (``[a-z0-9_]``, four or more): the event's id
    with other characters as ``_``."""
    text = re.sub(r"[^a-z0-9_]", "_", event_id.lower())
    return text.ljust(4, "_")


def _occurrences(agenda: Agenda, timeline: Timeline) -> tuple[tuple[str | None, timedelta], ...]:
    """``(suffix of the guid name, shift from the timeline)`` of each occurrence of the event."""
    event = agenda.event
    if event.recurrence is None:
        return ((None, timedelta(0)),)
    rule = event.recurrence.rule.upper()
    if "COUNT=" not in rule and "UNTIL=" not in rule:
        raise ScheduleError(
            f"the series {event.recurrence.rule!r} never ends: a schedule lists every occurrence, add COUNT or UNTIL",
            path="event.recurrence",
        )
    walls = event.recurrence.occurrences(event.start, limit=_MAX_SERIES + 1)
    if len(walls) > _MAX_SERIES:
        raise ScheduleError(
            f"the series has more than {_MAX_SERIES} occurrences: too many for a schedule", path="event.recurrence"
        )
    found = []
    for wall in walls:
        instant, _ = resolve_local(wall)
        found.append((wall.date().isoformat(), instant - timeline.start))
    return tuple(found)


def _tracks(agenda: Agenda, timeline: Timeline) -> dict[str, str]:
    """Path -> track: the title of the top-level part an item is in; the event's title for an
    item at the top level."""
    top_level = {slot.path: slot.node for slot in timeline.slots if slot.depth == 0}
    tracks: dict[str, str] = {}
    for slot in timeline.slots:
        node = top_level[slot.path.split(".", 1)[0]]
        tracks[slot.path] = node.title if isinstance(node, Part) else agenda.event.title
    return tracks


def _people(agenda: Agenda) -> dict[str, Person]:
    """Every speaker id an item names -> its person, with a guid from the speaker and event ids."""
    names = {speaker.id: speaker.name for speaker in agenda.speakers}
    ids = {speaker_id for _, item in agenda.items() for speaker_id in item.speakers}
    guids = {speaker_id: _guid(f"speaker:{speaker_id}.{agenda.event.id}") for speaker_id in ids}
    numbers = _integer_ids(list(guids.values()))
    return {
        speaker_id: Person(guid=guid, id=numbers[guid], name=names.get(speaker_id, speaker_id))
        for speaker_id, guid in guids.items()
    }


def _timeslot(slots: Sequence[Slot], begin: datetime) -> timedelta:
    """The grid apps draw the programme on: the greatest common divisor, in minutes, of every
    item's duration and offset from the start, between five minutes and an hour."""
    minutes = [int(slot.duration.total_seconds()) // 60 for slot in slots]
    minutes += [int((slot.start - begin).total_seconds()) // 60 for slot in slots]
    step = math.gcd(*minutes) if minutes else 0
    return timedelta(minutes=min(max(step, 5), 60) if step else 15)


def plan_schedule(agenda: Agenda, timeline: Timeline | None = None) -> Schedule:
    """The schedule of `agenda`: its days and events, with guids and ids decided once."""
    placed = timeline if timeline is not None else build_timeline(agenda)
    event = agenda.event
    zone = event.zone
    keys = node_keys(agenda)
    tracks = _tracks(agenda, placed)
    item_slots = [slot for slot in placed.slots if isinstance(slot.node, Item)]
    planned: list[tuple[str, Slot, datetime, datetime]] = []
    for suffix, shift in _occurrences(agenda, placed):
        for slot in item_slots:
            name = f"{keys[slot.path]}.{event.id}" + (f"/{suffix}" if suffix else "")
            planned.append(
                (_guid(name), slot, (slot.start + shift).astimezone(zone), (slot.end + shift).astimezone(zone))
            )
    ids = _integer_ids([guid for guid, *_ in planned])
    dates = sorted({start.date() for _, _, start, _ in planned})
    index = {day: number for number, day in enumerate(dates, start=1)}
    spans: dict[date, tuple[datetime, datetime]] = {}
    for _, _, start, end in planned:
        known = spans.get(start.date())
        spans[start.date()] = (
            (min(known[0], start, key=_instant), max(known[1], end, key=_instant)) if known else (start, end)
        )
    days = [Day(index=index[day], date=day, start=spans[day][0], end=spans[day][1]) for day in dates]
    people = _people(agenda)
    events = tuple(
        ScheduleEvent(
            guid=guid,
            id=ids[guid],
            path=slot.path,
            key=keys[slot.path],
            title=slot.node.title,
            kind=slot.node.kind,
            start=start,
            end=end,
            track=tracks[slot.path],
            abstract=slot.node.description or "",
            persons=tuple(people[speaker_id] for speaker_id in dict.fromkeys(slot.node.speakers)),
            day=index[start.date()],
        )
        for guid, slot, start, end in planned
        if isinstance(slot.node, Item)
    )
    platform = event.platform
    room = platform.name if platform is not None and platform.name.strip() else "Main"
    return Schedule(
        agenda=agenda,
        acronym=acronym_of(event.id),
        zone=zone,
        room=room,
        room_guid=_guid(f"room:{room}.{event.id}"),
        days=tuple(days),
        events=events,
        timeslot=_timeslot(item_slots, placed.start),
    )


# ---------------------------------------------------------------------------------------------
# Values as the format writes them


def _date_time(moment: datetime) -> str:
    """``2021-02-10T11:00:00+03:00``: always with its offset (``+00:00`` for UTC)."""
    return moment.isoformat(timespec="seconds")


def hours_minutes(value: timedelta) -> str:
    """A duration as ``H:MM`` (``0:05``, ``1:30``); seconds are dropped (the end is exact)."""
    minutes = int(value.total_seconds()) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def _xml_duration(value: timedelta, path: str) -> str:
    seconds = int(value.total_seconds())
    if seconds >= 100 * 3600:
        raise ScheduleError(
            f"a duration of {seconds // 3600} hours does not fit schedule.xml (at most 99:59)", path=path
        )
    text = hours_minutes(value)
    return f"{text}:{seconds % 60:02d}" if seconds % 60 else text


def _iso_duration(value: timedelta) -> str:
    """ISO 8601 ``PT1H30M``, as schedule2 writes durations."""
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    return "PT" + (text or "0M")


def _by_start(event: ScheduleEvent) -> datetime:
    """Events of a day in order of time (a fixed start may put an item before earlier ones), as
    instants: in a repeated hour, 01:50 before the change comes before 01:10 after it."""
    return _instant(event.start)


def _slug(schedule: Schedule, event: ScheduleEvent) -> str:
    """``<acronym>-<id>-<key>``: unique (it holds the id) and what both schemas accept."""
    return f"{schedule.acronym}-{event.id}-{slugify(event.key)}"


def track_slug(name: str) -> str:
    """A track's slug (the schemas want two characters or more)."""
    slug = slugify(name)
    return slug if len(slug) >= 2 else f"track-{slug}"


def _http(url: str | None) -> str | None:
    """A URL consumers can open (http or https, no spaces), or None."""
    if url is None:
        return None
    text = url.strip()
    return text if re.match(r"^https?://[^\s]+$", text) else None


def _zone_name(schedule: Schedule) -> str:
    return str(schedule.zone.key)


def _language(schedule: Schedule) -> str | None:
    return schedule.agenda.event.language


# ---------------------------------------------------------------------------------------------
# schedule.xml


def _check_xml(text: str, path: str) -> str:
    bad = _NOT_XML.search(text)
    if bad is not None:
        raise ScheduleError(f"the control character U+{ord(bad.group()):04X} cannot be written in XML", path=path)
    return text


def _sub(parent: ET.Element, tag: str, text: str | None = None, path: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _check_xml(v, path) for k, v in attributes.items()})
    if text is not None:
        element.text = _check_xml(text, path)
    return element


def render_xml(agenda: Agenda, timeline: Timeline | None = None, **options: Any) -> str:
    """``schedule.xml`` (c3voc ``schedule.xml.xsd``)."""
    from agenda import __version__

    schedule = plan_schedule(agenda, timeline)
    event = agenda.event
    root = ET.Element("schedule")
    _sub(root, "generator", name="agenda", version=str(__version__))
    # The schedule's own <url> (where schedule.xml is served) is not known here; the event's page
    # is the conference's <url>.
    _sub(root, "version", str(event.revision))
    conference = _sub(root, "conference")
    _sub(conference, "title", event.title, "event.title")
    _sub(conference, "acronym", schedule.acronym)
    _sub(conference, "start", _date_time(schedule.start))
    _sub(conference, "end", _date_time(schedule.end))
    _sub(conference, "days", str(len(schedule.days)))
    _sub(conference, "timeslot_duration", hours_minutes(schedule.timeslot))
    if _http(event.url):
        _sub(conference, "url", _http(event.url))
    _sub(conference, "time_zone_name", _zone_name(schedule))
    for track in dict.fromkeys(e.track for e in schedule.events if not e.is_break):
        _sub(conference, "track", name=track)
    talks = [e for e in schedule.events if not e.is_break]
    for day in schedule.days:
        day_element = _sub(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=_date_time(day.start),
            end=_date_time(day.end),
        )
        on_day = sorted((e for e in talks if e.day == day.index), key=_by_start)
        if not on_day:
            continue
        room = _sub(day_element, "room", name=_check_xml(schedule.room, "event.platform.name"), guid=schedule.room_guid)
        for item in on_day:
            where = f"{item.path}.title"
            element = _sub(room, "event", id=str(item.id), guid=item.guid)
            _sub(element, "room", schedule.room, "event.platform.name")
            _sub(element, "title", item.title, where)
            _sub(element, "type", item.kind.value)
            _sub(element, "date", _date_time(item.start))
            _sub(element, "start", f"{item.start:%H:%M}")
            _sub(element, "duration", _xml_duration(item.duration, f"{item.path}.duration"))
            _sub(element, "abstract", item.abstract, f"{item.path}.description")
            _sub(element, "slug", _slug(schedule, item))
            _sub(element, "track", item.track, where)
            persons = _sub(element, "persons")
            for person in item.persons:
                _sub(persons, "person", person.name, f"{item.path}.speakers", id=str(person.id), guid=person.guid)
            if _language(schedule):
                _sub(element, "language", _language(schedule), "event.language")
            links = _sub(element, "links")
            if event.platform is not None and _http(event.platform.url):
                _sub(links, "link", event.platform.name, "event.platform", href=_http(event.platform.url) or "")
            if _http(event.url):
                _sub(element, "url", _http(event.url))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ---------------------------------------------------------------------------------------------
# JSON


def _url(schedule: Schedule, item: ScheduleEvent) -> str:
    return _http(schedule.agenda.event.url) or f"urn:uuid:{item.guid}"


def _links(schedule: Schedule) -> list[dict[str, str]]:
    platform = schedule.agenda.event.platform
    if platform is None or not _http(platform.url):
        return []
    return [{"url": _http(platform.url) or "", "title": platform.name}]


def _conference_common(schedule: Schedule) -> dict[str, Any]:
    event = schedule.agenda.event
    conference: dict[str, Any] = {"acronym": schedule.acronym, "title": event.title}
    if event.description:
        conference["description"] = event.description
    conference["start"] = _date_time(schedule.start)
    conference["end"] = _date_time(schedule.end)
    # The JSON schemas' pattern refuses some IANA keys (Etc/GMT-3, EST5EDT): those are left out
    # of the JSON (every date carries its offset), and schedule.xml still names them.
    if _ZONE_NAME.search(_zone_name(schedule)):
        conference["time_zone_name"] = _zone_name(schedule)
    if _http(event.url):
        conference["url"] = _http(event.url)
    return conference


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _generator() -> dict[str, str]:
    from agenda import __version__

    return {"name": "agenda", "version": str(__version__)}


def render_json(agenda: Agenda, timeline: Timeline | None = None, **options: Any) -> str:
    """The schedule as v1 JSON (c3voc ``schema.json``), as frab and pretalx export it."""
    schedule = plan_schedule(agenda, timeline)
    event = agenda.event
    platform = event.platform
    tracks = list(dict.fromkeys(e.track for e in schedule.events if not e.is_break))
    room: dict[str, Any] = {"name": schedule.room, "guid": schedule.room_guid}
    if platform is not None:
        room["type"] = "online"
        if _http(platform.url):
            room["url"] = _http(platform.url)
    days = []
    for day in schedule.days:
        talks = sorted((e for e in schedule.events if e.day == day.index and not e.is_break), key=_by_start)
        days.append(
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": _date_time(day.start),
                "day_end": _date_time(day.end),
                "rooms": {schedule.room: [_event_v1(schedule, e) for e in talks]} if talks else {},
            }
        )
    conference = _conference_common(schedule)
    conference |= {
        "daysCount": len(schedule.days),
        "timeslot_duration": hours_minutes(schedule.timeslot),
        "tracks": [{"name": name, "slug": track_slug(name)} for name in tracks],
        "rooms": [room],
        "days": days,
    }
    return _dump(
        {
            "$schema": _SCHEMA_V1,
            "generator": _generator(),
            "schedule": {"version": str(event.revision), "conference": conference},
        }
    )


def _event_v1(schedule: Schedule, item: ScheduleEvent) -> dict[str, Any]:
    return {
        "guid": item.guid,
        "id": item.id,
        "date": _date_time(item.start),
        "start": f"{item.start:%H:%M}",
        "end": _date_time(item.end),
        "duration": hours_minutes(item.duration),
        "room": schedule.room,
        "slug": _slug(schedule, item),
        "url": _url(schedule, item),
        "title": item.title,
        "subtitle": None,
        "track": item.track,
        "type": item.kind.value,
        "language": _language(schedule),
        "abstract": item.abstract,
        "description": None,
        # pretalx's form of a person: frab's (an id with public_name) would match too, and the
        # schema wants exactly one of the two.
        "persons": [{"guid": p.guid, "name": p.name, "public_name": p.name} for p in item.persons],
        "links": _links(schedule),
    }


def _localizable(text: str) -> str | dict[str, str]:
    """schedule2's LocalizableString: a text in several languages as a map by two-letter code
    (the first text of each code), else the text itself."""
    if not isinstance(text, Localized) or len(text.texts) < 2:
        return text
    by_code: dict[str, str] = {}
    for tag, value in text.texts.items():
        code = tag.split("-")[0]
        if len(code) == 2:
            by_code.setdefault(code, value)
    return by_code if len(by_code) > 1 else text


def render_json2(agenda: Agenda, timeline: Timeline | None = None, **options: Any) -> str:
    """The schedule as ``schedule2`` JSON (c3voc ``schema2.json``); needs the event's language."""
    schedule = plan_schedule(agenda, timeline)
    event = agenda.event
    language = _LANGUAGE.match(event.language or "")
    if language is None:
        raise ScheduleError(
            f"schedule2 needs the event's language as an ISO 639-1 code such as 'en', got {event.language!r}",
            path="event.language",
        )
    code = language.group(1)
    platform = event.platform
    room_ref = {"guid": schedule.room_guid, "name": schedule.room}
    room: dict[str, Any] = {"name": schedule.room, "guid": schedule.room_guid}
    if platform is not None:
        room["type"] = "VIRTUAL"
        if _http(platform.url):
            room["url"] = _http(platform.url)
    tracks = list(dict.fromkeys(e.track for e in schedule.events if not e.is_break))
    conference = _conference_common(schedule)
    if "description" in conference:
        conference["description"] = _localizable(event.description or "")
    conference |= {
        "timeslot_duration": _iso_duration(schedule.timeslot),
        "languages": [c for c in dict.fromkeys([code, *(t.split("-")[0] for t in agenda.languages)]) if len(c) == 2],
        "defaults": {"language": code},
        "tracks": [{"name": name, "slug": track_slug(name)} for name in tracks],
        "rooms": [room],
        "days": [
            {"index": d.index, "date": d.date.isoformat(), "start": _date_time(d.start), "end": _date_time(d.end)}
            for d in schedule.days
        ],
    }
    events: list[dict[str, Any]] = []
    for item in schedule.events:
        if item.is_break:
            events.append(
                {
                    "type": "BREAK",
                    "title": item.title,
                    "guid": item.guid,
                    "start": _date_time(item.start),
                    "end": _date_time(item.end),
                    "room": room_ref,
                }
            )
            continue
        events.append(
            {
                "guid": item.guid,
                "start": _date_time(item.start),
                "end": _date_time(item.end),
                "room": room_ref,
                "slug": _slug(schedule, item),
                "url": _url(schedule, item),
                "title": item.title,
                "subtitle": None,
                "track": {"slug": track_slug(item.track)},
                "type": _TYPES_V2[item.kind],
                "language": code,
                "abstract": _localizable(item.abstract),
                "participants": [{"guid": p.guid, "name": p.name, "role": p.role} for p in item.persons],
                "links": _links(schedule),
            }
        )
    return _dump(
        {
            "$schema": _SCHEMA_V2,
            "generator": _generator(),
            "schedule": {"version": str(event.revision), "conference": conference, "events": events},
        }
    )
