"""Planning a calendar: an agenda becomes `CalendarEvent` values. Pure: no icalendar, no clock.

The plan decides everything a VEVENT says (UIDs, times, texts, attendees); the writer only
encodes it. Two plans of the same agenda compare equal, so tests and the invite lifecycle can
reason about events without parsing bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, TypeAlias

import attrs

from agenda.exceptions import AgendaError
from agenda.model import Agenda, Item, Node, Part
from agenda.timeline import Slot, Timeline, build_timeline
from agenda.times import format_offset, zone_key

__all__ = [
    "Attendee",
    "CalendarEvent",
    "ExportError",
    "Method",
    "Split",
    "calendar_name",
    "plan_events",
]

Split: TypeAlias = Literal["event", "parts", "items"]
Method: TypeAlias = Literal["publish", "request", "cancel"]

SPLITS: tuple[Split, ...] = ("event", "parts", "items")
METHODS: tuple[Method, ...] = ("publish", "request", "cancel")
ROLES = ("CHAIR", "REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT")


class ExportError(AgendaError, ValueError):
    """An agenda that cannot become the calendar asked for (no events, no organizer...)."""

    def __init__(self, reason: str, *, subject: str | None = None) -> None:
        self.reason = reason
        self.subject = subject
        super().__init__(f"{subject}: {reason}" if subject else reason)


def _aware(instance: Any, attribute: attrs.Attribute[Any], value: datetime) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{attribute.name} must be an aware datetime, got {value!r}")


@attrs.frozen(kw_only=True)
class Attendee:
    """Someone invited to an event: a speaker (REQ-PARTICIPANT), a chair (CHAIR), a guest."""

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    email: str = attrs.field(validator=attrs.validators.instance_of(str))
    role: str = attrs.field(default="REQ-PARTICIPANT", validator=attrs.validators.in_(ROLES))
    rsvp: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    partstat: str = attrs.field(default="NEEDS-ACTION", validator=attrs.validators.instance_of(str))


def _attendee_tuple(values: Iterable[Attendee]) -> tuple[Attendee, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class CalendarEvent:
    """One VEVENT to be written: pure data, comparable. `start`/`end` are aware, in the zone to write."""

    uid: str
    summary: str
    start: datetime = attrs.field(validator=_aware)
    end: datetime = attrs.field(validator=_aware)
    description: str = ""
    location: str | None = None
    url: str | None = None
    #: The join link (RFC 7986 CONFERENCE) and its label, e.g. the platform's name.
    conference: str | None = None
    conference_label: str | None = None
    #: The UID of the parent VEVENT (a part for an item, the whole event for a part).
    related_to: str | None = None
    attendees: tuple[Attendee, ...] = attrs.field(default=(), converter=_attendee_tuple)
    sequence: int = 0
    #: An RFC 5545 recurrence rule without the ``RRULE:`` prefix, e.g. ``FREQ=WEEKLY;COUNT=4``.
    rrule: str | None = None
    color: str | None = None
    #: The path of the node in the programme (``parts[1].items[0]``), or None for the whole event.
    path: str | None = None

    @end.validator
    def _not_before_start(self, attribute: attrs.Attribute[Any], value: datetime) -> None:
        if value < self.start:
            raise ValueError(f"end {value.isoformat()} is before start {self.start.isoformat()}")


# ---------------------------------------------------------------------------------------------
# UIDs


def _uid_domain(agenda: Agenda) -> str:
    """The right-hand side of every UID: the organizer's mail domain, so two organisers' event
    ids cannot collide in one client; ``agenda`` when there is no organizer."""
    organizer = agenda.event.organizer
    if organizer is not None and "@" in organizer.email:
        domain = organizer.email.rpartition("@")[2].strip().lower()
        if domain:
            return domain
    return "agenda"


def _node_keys(agenda: Agenda) -> dict[str, str]:
    """Path -> a key unique within the agenda: the node's id, or the ids from the top of the
    programme down to it when the id alone repeats, numbered if even that repeats."""
    chains: dict[str, tuple[str, ...]] = {}
    for path, node in agenda.walk():
        parent = path.rpartition(".items[")[0] if ".items[" in path else ""
        chains[path] = (*chains.get(parent, ()), node.id)
    counts: dict[str, int] = {}
    for chain in chains.values():
        counts[chain[-1]] = counts.get(chain[-1], 0) + 1
    keys: dict[str, str] = {}
    seen: set[str] = set()
    for path, chain in chains.items():
        key = chain[-1] if counts[chain[-1]] == 1 else ".".join(chain)
        candidate, number = key, 1
        while candidate in seen:
            number += 1
            candidate = f"{key}-{number}"
        seen.add(candidate)
        keys[path] = candidate
    return keys


# ---------------------------------------------------------------------------------------------
# People


def _speaker_ids(node: Node) -> Iterator[tuple[str, str]]:
    """(speaker id, role) of everyone on a node: chairs of parts, speakers of items."""
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Item):
            for speaker in current.speakers:
                yield speaker, "REQ-PARTICIPANT"
        else:
            if current.chair is not None:
                yield current.chair, "CHAIR"
            stack.extend(reversed(current.items))


_RANK = {role: index for index, role in enumerate(ROLES)}


def _merge(attendees: Iterable[Attendee]) -> tuple[Attendee, ...]:
    """One entry per address, in order of first appearance, with the strongest role seen."""
    merged: dict[str, Attendee] = {}
    for attendee in attendees:
        key = attendee.email.casefold()
        known = merged.get(key)
        if known is None:
            merged[key] = attendee
        elif _RANK[attendee.role] < _RANK[known.role]:
            merged[key] = attrs.evolve(known, role=attendee.role)
    return tuple(merged.values())


def _people(agenda: Agenda, nodes: Iterable[Node], extra: Sequence[Attendee]) -> tuple[Attendee, ...]:
    found: list[Attendee] = []
    for node in nodes:
        for speaker_id, role in _speaker_ids(node):
            speaker = agenda.speaker(speaker_id)
            # Without an address a speaker cannot be invited; they still appear in DESCRIPTION.
            if speaker is not None and speaker.email:
                found.append(Attendee(name=speaker.name, email=speaker.email, role=role))
    return _merge([*found, *extra])


def _speaker_label(agenda: Agenda, speaker_id: str) -> str:
    speaker = agenda.speaker(speaker_id)
    if speaker is None:
        return speaker_id
    organization = agenda.organization(speaker.organization) if speaker.organization else None
    where = organization.name if organization is not None else speaker.organization
    return f"{speaker.name} ({where})" if where else speaker.name


# ---------------------------------------------------------------------------------------------
# Times in every audience's zone


@attrs.frozen
class _Column:
    label: str
    zone: Any
    day: Any
    offset: timedelta | None


def _columns(agenda: Agenda, start: datetime) -> tuple[_Column, ...]:
    """The event's zone, then each audience's zone once, with the date and offset at `start`."""
    named: dict[str, list[str]] = {zone_key(agenda.event.zone): []}
    zones = {zone_key(agenda.event.zone): agenda.event.zone}
    for audience in agenda.audiences:
        key = zone_key(audience.zone)
        zones.setdefault(key, audience.zone)
        named.setdefault(key, []).append(audience.name)
    columns = []
    for key, names in named.items():
        local = start.astimezone(zones[key])
        label = f"{key} ({', '.join(names)})" if names else key
        columns.append(_Column(label=label, zone=zones[key], day=local.date(), offset=local.utcoffset()))
    return tuple(columns)


def _clock(moment: datetime, column: _Column) -> str:
    """``14:00``, with the offset when it differs from the column's and the date shift."""
    local = moment.astimezone(column.zone)
    text = local.strftime("%H:%M")
    if local.utcoffset() != column.offset:
        text += f" {format_offset(local.utcoffset())}"
    shift = (local.date() - column.day).days
    if shift:
        text += f" ({shift:+d} day{'s' if abs(shift) != 1 else ''})"
    return text


def _span(slot_start: datetime, slot_end: datetime, columns: Sequence[_Column]) -> str:
    return " | ".join(f"{_clock(slot_start, c)}–{_clock(slot_end, c)}" for c in columns)


def _header(columns: Sequence[_Column]) -> str:
    return "Times: " + " | ".join(f"{c.label} {c.day:%a %d %b %Y} {format_offset(c.offset)}" for c in columns)


def _slot_line(agenda: Agenda, slot: Slot, columns: Sequence[_Column], depth: int) -> str:
    title = slot.node.title
    if isinstance(slot.node, Item) and slot.node.speakers:
        title += " — " + ", ".join(_speaker_label(agenda, s) for s in slot.node.speakers)
    elif isinstance(slot.node, Part) and slot.node.chair:
        title += f" (chair: {_speaker_label(agenda, slot.node.chair)})"
    return f"{_span(slot.start, slot.end, columns)}  {'  ' * depth}{title}"


def _programme(agenda: Agenda, slots: Sequence[Slot], columns: Sequence[_Column], base_depth: int) -> list[str]:
    return [_slot_line(agenda, slot, columns, slot.depth - base_depth) for slot in slots]


# ---------------------------------------------------------------------------------------------
# The plan


def _within(timeline: Timeline, path: str) -> list[Slot]:
    prefix = path + "."
    return [slot for slot in timeline.slots if slot.path.startswith(prefix)]


def _involves(node: Node, speaker_id: str) -> bool:
    return any(found == speaker_id for found, _ in _speaker_ids(node))


def _parent_path(path: str) -> str | None:
    return path.rpartition(".items[")[0] if ".items[" in path else None


def calendar_name(agenda: Agenda, speaker: str | None = None) -> str:
    """The calendar's display name: the event's title, and the speaker's name for their calendar."""
    if speaker is None:
        return agenda.event.title
    declared = agenda.speaker(speaker)
    return f"{agenda.event.title} — {declared.name if declared is not None else speaker}"


def plan_events(
    agenda: Agenda,
    *,
    split: Split = "event",
    speaker: str | None = None,
    attendees: Sequence[Attendee] = (),
    timeline: Timeline | None = None,
) -> tuple[CalendarEvent, ...]:
    """The VEVENTs of `agenda`, in programme order.

    `split` is ``"event"`` (one VEVENT for the whole event, its DESCRIPTION the programme in every
    audience's zone), ``"parts"`` (one per top-level node of the programme, RELATED-TO the whole
    event) or ``"items"`` (one per item, RELATED-TO its part). With `speaker` (a speaker id) only
    the events that speaker takes part in are kept; in the items split these are their items and
    the parts they chair. `attendees` are invited to every event, after the speakers and chairs
    that have an e-mail address. Raises `ExportError` when nothing is left to export.
    """
    if split not in SPLITS:
        raise ExportError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    placed = timeline if timeline is not None else build_timeline(agenda)
    event = agenda.event
    zone = event.zone
    domain = _uid_domain(agenda)
    event_uid = f"{event.id}@{domain}"
    keys = _node_keys(agenda)
    columns = _columns(agenda, placed.start)
    extra = tuple(attendees)
    platform = event.platform
    common: dict[str, Any] = {
        "location": platform.name if platform is not None else None,
        "url": event.url,
        "conference": platform.url if platform is not None else None,
        "conference_label": platform.name if platform is not None and platform.url else None,
        "sequence": event.revision,
        "rrule": _rrule(event.recurrence.rule) if event.recurrence is not None else None,
        "color": event.color,
    }
    join = f"Join: {platform.url}" if platform is not None and platform.url else None

    if speaker is not None and agenda.speaker(speaker) is None and not any(
        _involves(node, speaker) for node in agenda.parts
    ):
        raise ExportError("not a speaker of this agenda", subject=f"speaker {speaker!r}")

    def uid(path: str | None) -> str:
        return event_uid if path is None else f"{keys[path]}.{event.id}@{domain}"

    events: list[CalendarEvent] = []
    if split == "event":
        if speaker is None or any(_involves(node, speaker) for node in agenda.parts):
            end = event.end if event.end is not None else placed.end
            text = [event.description, join, _header(columns), "\n".join(
                _programme(agenda, placed.slots, columns, 0))]
            events.append(CalendarEvent(
                uid=event_uid, summary=event.title, start=placed.start.astimezone(zone),
                end=end.astimezone(zone), description="\n\n".join(t for t in text if t),
                attendees=_people(agenda, agenda.parts, extra), **common,
            ))
    else:
        for slot in placed.slots:
            node = slot.node
            if split == "parts" and slot.depth != 0:
                continue
            # A part appears in the items split only as the slot its chair holds.
            if (split == "items" and not isinstance(node, Item)
                    and (speaker is None or not (isinstance(node, Part) and node.chair == speaker))):
                continue
            if speaker is not None and not (
                (isinstance(node, Item) and speaker in node.speakers)
                or (isinstance(node, Part) and node.chair == speaker)
                or (split == "parts" and _involves(node, speaker))
            ):
                continue
            parent = None if split == "parts" else _parent_path(slot.path)
            text = [node.description, join, _header(_columns(agenda, slot.start)), "\n".join(
                _programme(agenda, [slot, *_within(placed, slot.path)], _columns(agenda, slot.start),
                           slot.depth))]
            events.append(CalendarEvent(
                uid=uid(slot.path), summary=node.title, start=slot.start.astimezone(zone),
                end=slot.end.astimezone(zone), description="\n\n".join(t for t in text if t),
                related_to=uid(parent), attendees=_people(agenda, [node], extra), path=slot.path,
                **common,
            ))
    if not events:
        who = f" for speaker {speaker!r}" if speaker is not None else ""
        raise ExportError(f"no events to export{who} with split {split!r}")
    return tuple(events)


def _rrule(rule: str) -> str:
    text = rule.strip()
    return text[len("RRULE:"):] if text.upper().startswith("RRULE:") else text
