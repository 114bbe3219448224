"""Planning a calendar: an agenda becomes `CalendarEvent` values. Pure: no icalendar, no clock.

The plan decides everything a VEVENT says (UIDs, times, texts, attendees); the writer only
encodes it. Two plans of the same agenda compare equal, so tests and the invite lifecycle can
reason about events without parsing bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, TypeAlias
from zoneinfo import ZoneInfo

import attrs

from agenda._formats.text import default_zones
from agenda._languages import text_language
from agenda._model import Agenda, Item, Node, Part, Speaker
from agenda._timeline import Slot, Timeline, build_timeline, node_keys
from agenda._words import duration, local_date, span, zone_label
from agenda.exceptions import ExportError
from agenda.ical._zones import series_problem, written

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
#: ``None`` is a calendar without METHOD: a calendar object resource for a CalDAV server (RFC 4791 4.1).
Method: TypeAlias = Literal["publish", "request", "cancel"] | None

SPLITS: tuple[Split, ...] = ("event", "parts", "items")
METHODS: tuple[Method, ...] = ("publish", "request", "cancel", None)
ROLES = ("CHAIR", "REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT")


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
    #: The language of `summary`, an IANA tag (RFC 5545 LANGUAGE), or None if unknown.
    language: str | None = None

    @end.validator
    def _not_before_start(self, attribute: attrs.Attribute[Any], value: datetime) -> None:
        # Compared as instants: two wall times of one zone compare without their fold.
        if value.astimezone(UTC) < self.start.astimezone(UTC):
            raise ValueError(f"end {value.isoformat()} is before start {self.start.isoformat()}")


# ---------------------------------------------------------------------------------------------
# UIDs


def _local(instant: datetime, zone: ZoneInfo) -> datetime:
    """`instant` as DTSTART or DTEND writes it: a wall time in `zone`, or UTC where readers would
    disagree on that wall time (`agenda.ical._zones.written`)."""
    return written(instant.astimezone(zone))


#: The right-hand side of every UID. UIDs depend only on the event id and the node ids, so
#: changing the organizer's address does not turn every event into a new one.
UID_DOMAIN = "agenda"


def _node_keys(agenda: Agenda) -> dict[str, str]:
    """Path -> a key unique within the agenda (the one id scheme, `agenda._timeline.node_keys`)."""
    return node_keys(agenda)


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


def _people(speakers: Mapping[str, Speaker], nodes: Iterable[Node], extra: Sequence[Attendee]) -> tuple[Attendee, ...]:
    found: list[Attendee] = []
    for node in nodes:
        for speaker_id, role in _speaker_ids(node):
            speaker = speakers.get(speaker_id)
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
# Descriptions: short lines a phone shows, one block per audience zone (times in `agenda._words`)


def _zone_heading(moment: datetime, zone: ZoneInfo) -> str:
    """``Wed 10 Feb 2021, Asia/Kolkata (IST, UTC+05:30)``."""
    return f"{local_date(moment, zone)}, {zone.key} ({zone_label(moment, zone)})"


def _times(slot: Slot, zone: ZoneInfo, reference: datetime) -> str:
    """``13:30–13:35`` in `zone`, with the offsets where they differ from `reference`'s and the
    day shift from `reference`'s local date."""
    changed = slot.start.astimezone(zone).utcoffset() != reference.utcoffset()
    changed = changed or slot.end.astimezone(zone).utcoffset() != reference.utcoffset()
    return span(slot.start, slot.end, zone, reference, offset=changed)


def _who(agenda: Agenda, node: Node) -> str:
    if isinstance(node, Item) and node.speakers:
        return " — " + ", ".join(_speaker_label(agenda, s) for s in node.speakers)
    if isinstance(node, Part) and node.chair:
        return f" (chair: {_speaker_label(agenda, node.chair)})"
    return ""


def _programme(agenda: Agenda, slots: Sequence[Slot], zones: Sequence[ZoneInfo], start: datetime) -> list[str]:
    """`slots` in each zone: a heading with the date and the zone, then one line per slot."""
    if not slots:
        return []
    base = min(slot.depth for slot in slots)
    lines: list[str] = []
    for zone in zones:
        reference = start.astimezone(zone)
        lines += ["", _zone_heading(reference, zone)]
        lines += [
            f"{_times(s, zone, reference)} {'  ' * (s.depth - base)}{s.node.title}{_who(agenda, s.node)}" for s in slots
        ]
    return lines


def _node_text(
    agenda: Agenda,
    slot: Slot,
    inner: Sequence[Slot],
    join: str | None,
    *,
    zones: Sequence[ZoneInfo],
    within: Sequence[str],
) -> str:
    """A part's or item's DESCRIPTION: the join link first, its own text, what it is part of, its
    people, when it is in each zone, and what it holds. `within` are the titles above it."""
    node = slot.node
    lines: list[str] = [join] if join else []
    if node.description:
        lines += [node.description, ""]
    lines.append("Part of " + ", part of ".join((*within, agenda.event.title)))
    if isinstance(node, Item) and node.speakers:
        lines.append("Speakers: " + ", ".join(_speaker_label(agenda, s) for s in node.speakers))
    if isinstance(node, Part) and node.chair:
        lines.append(f"Chair: {_speaker_label(agenda, node.chair)}")
    lines.append("")
    for zone in zones:
        reference = slot.start.astimezone(zone)
        lines.append(f"{_zone_heading(reference, zone)}: {_times(slot, zone, reference)}")
    lines += _programme(agenda, inner, zones, slot.start)
    return "\n".join(lines).strip("\n")


def _event_text(agenda: Agenda, timeline: Timeline, join: str | None, zones: Sequence[ZoneInfo]) -> str:
    """The whole event's DESCRIPTION: the join link first, its text, the programme in each zone."""
    head = [text for text in (join, agenda.event.description) if text]
    body = _programme(agenda, timeline.slots, zones, timeline.start)
    return "\n".join([*("\n\n".join(t.rstrip() for t in head).splitlines()), *body]).strip("\n")


# ---------------------------------------------------------------------------------------------
# The plan


def _titles_above(by_path: Mapping[str, Slot], slot: Slot) -> tuple[str, ...]:
    """The titles of the parts holding `slot`, the nearest first."""
    titles = []
    parent = slot.parent
    while parent is not None:
        above = by_path[parent]
        titles.append(above.node.title)
        parent = above.parent
    return tuple(titles)


def _involves(node: Node, speaker_id: str) -> bool:
    return any(found == speaker_id for found, _ in _speaker_ids(node))


def _wanted(slot: Slot, split: Split, speaker: str | None) -> bool:
    """Whether a slot is a VEVENT of this split (and of this speaker's calendar)."""
    node = slot.node
    chaired = isinstance(node, Part) and speaker is not None and node.chair == speaker
    if split == "parts":
        return slot.depth == 0 and (speaker is None or _involves(node, speaker))
    if isinstance(node, Item):
        return speaker is None or speaker in node.speakers
    # A part appears in the items split only as the slot its chair holds.
    return chaired


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
    audience's zone), ``"parts"`` (one per top-level node of the programme) or ``"items"`` (one per
    item). With `speaker` (a speaker id) only the events that speaker takes part in are kept; in
    the items split these are their items and the parts they chair. RELATED-TO names the parent
    (an item's part) only when the plan holds it too. `attendees` are invited to every event,
    after the speakers and chairs that have an e-mail address. Raises `ExportError` when nothing
    is left to export.
    """
    if split not in SPLITS:
        raise ExportError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    placed = timeline if timeline is not None else build_timeline(agenda)
    _refuse_backwards(placed)
    event = agenda.event
    zone = event.zone
    event_uid = f"{event.id}@{UID_DOMAIN}"
    keys = _node_keys(agenda)
    speakers = {speaker.id: speaker for speaker in agenda.speakers}
    zones = default_zones(agenda)
    extra = tuple(attendees)
    platform = event.platform
    link = platform.url if platform is not None and platform.url else None
    # The join link goes where every client shows it (nextcloud/calendar#5381: Thunderbird, Outlook
    # and Apple Calendar ignore CONFERENCE): LOCATION, the first line of DESCRIPTION, and URL when
    # the event has no page of its own.
    location = None
    if platform is not None:
        location = f"{platform.name}: {link}" if link else platform.name
    common: dict[str, Any] = {
        "location": location,
        "url": event.url if event.url else link,
        "conference": platform.url if platform is not None else None,
        "conference_label": platform.name if platform is not None and platform.url else None,
        "sequence": event.revision,
        "rrule": _rrule(event.recurrence.rule) if event.recurrence is not None else None,
        "color": event.color,
    }
    join = f"Join: {platform.url}" if platform is not None and platform.url else None

    if (
        speaker is not None
        and agenda.speaker(speaker) is None
        and not any(_involves(node, speaker) for node in agenda.parts)
    ):
        raise ExportError(f"not a speaker of this agenda; {agenda.speaker_choices()}", subject=f"speaker {speaker!r}")

    def uid(path: str | None) -> str:
        return event_uid if path is None else f"{keys[path]}.{event.id}@{UID_DOMAIN}"

    events: list[CalendarEvent] = []
    if split == "event":
        if speaker is None or any(_involves(node, speaker) for node in agenda.parts):
            # The whole event spans its booking and every slot, even a fixed one outside it.
            start = min([placed.start, *(slot.start for slot in placed.slots)])
            end = max(placed.end, event.end) if event.end is not None else placed.end
            events.append(
                CalendarEvent(
                    uid=event_uid,
                    summary=event.title,
                    language=text_language(event.title, event.language),
                    start=_local(start, zone),
                    end=_local(end, zone),
                    description=_event_text(agenda, placed, join, zones),
                    attendees=_people(speakers, agenda.parts, extra),
                    **common,
                )
            )
    else:
        by_path = {slot.path: slot for slot in placed.slots}
        chosen = [slot for slot in placed.slots if _wanted(slot, split, speaker)]
        # RELATED-TO only names an event the calendar holds too: a client cannot resolve another.
        planned_uids = {uid(slot.path) for slot in chosen}
        for slot in chosen:
            parent = None if split == "parts" else slot.parent
            inner = placed.descendants(slot.path)
            # A part spans its children, even one fixed earlier or later than the part itself.
            start = min([slot.start, *(s.start for s in inner)])
            end = max([slot.end, *(s.end for s in inner)])
            text = _node_text(agenda, slot, inner, join, zones=zones, within=_titles_above(by_path, slot))
            events.append(
                CalendarEvent(
                    uid=uid(slot.path),
                    summary=slot.node.title,
                    language=text_language(slot.node.title, event.language),
                    start=_local(start, zone),
                    end=_local(end, zone),
                    description=text,
                    related_to=uid(parent) if uid(parent) in planned_uids else None,
                    attendees=_people(speakers, [slot.node], extra),
                    path=slot.path,
                    **common,
                )
            )
    if not events:
        who = f" for speaker {speaker!r}" if speaker is not None else ""
        raise ExportError(f"no events to export{who} with split {split!r}")
    if common["rrule"] is not None:
        for planned in events:
            # Checked in the event's zone: `_local` may have turned the start into UTC.
            problem = series_problem(planned.start.astimezone(zone), common["rrule"])
            if problem is not None:
                raise ExportError(problem, subject=f"event.recurrence of {planned.summary!r}")
    return tuple(events)


def _refuse_backwards(placed: Timeline) -> None:
    """A negative duration loads (`agenda check` reports it, AG601) but no calendar event can end
    before it starts: say which node, instead of exporting times that cannot be."""
    for slot in placed.slots:
        if slot.end < slot.start:
            raise ExportError(
                f"{slot.path} ({slot.node.title!r}) would end {duration(slot.start - slot.end)} before it "
                "starts: give it a duration of zero or more (agenda check reports this as AG601)",
                subject="cannot export",
            )


def _rrule(rule: str) -> str:
    text = rule.strip()
    return text[len("RRULE:") :] if text.upper().startswith("RRULE:") else text


# ---------------------------------------------------------------------------------------------
# Versions: what changed since a calendar already received an earlier version


def same_content(old: CalendarEvent, new: CalendarEvent) -> bool:
    """Whether a client holding `old` would show `new` unchanged. The position in the programme
    alone is no change, and SEQUENCE is what is being decided."""
    return attrs.evolve(old, sequence=0, path=None) == attrs.evolve(new, sequence=0, path=None)


def next_sequence(old: CalendarEvent, revision: int) -> int:
    """The SEQUENCE of a change to `old`: the revision of the version that makes the change
    (one above `old`'s, should the revision not be above it)."""
    return max(old.sequence + 1, revision)


def against_previous(
    events: Sequence[CalendarEvent],
    previous: Sequence[CalendarEvent],
    revision: int,
    *,
    previous_revision: int,
) -> tuple[tuple[CalendarEvent, ...], tuple[CalendarEvent, ...], tuple[CalendarEvent, ...]]:
    """Split `events` by what a client holding `previous` needs, matched by UID:
    ``(changed or new, unchanged, removed)``. Changed events get `next_sequence`; unchanged
    ones keep their previous SEQUENCE; removed ones (from `previous`) get `next_sequence` too,
    ready to be cancelled.

    An event's SEQUENCE is the revision of the version in which it last changed, so a version
    that changes or removes anything must have a higher `revision` than `previous_revision`:
    otherwise `ExportError` (without it, two different updates would carry one SEQUENCE, and a
    client would ignore the second).
    """
    before = {event.uid: event for event in previous}
    now = {event.uid for event in events}
    changed: list[CalendarEvent] = []
    unchanged: list[CalendarEvent] = []
    for event in events:
        old = before.get(event.uid)
        if old is None:
            changed.append(event)
        elif same_content(old, event):
            unchanged.append(attrs.evolve(event, sequence=old.sequence))
        else:
            changed.append(attrs.evolve(event, sequence=next_sequence(old, revision)))
    gone = [old for uid, old in before.items() if uid not in now]
    if (changed or gone) and revision <= previous_revision:
        raise ExportError(
            f"{len(changed)} event(s) new or changed and {len(gone)} removed since the previous version, "
            f"but event.revision is {revision} and the previous version's is {previous_revision}: raise "
            f"event.revision to {previous_revision + 1} (each version sent out needs a higher revision; it "
            "becomes the SEQUENCE of what changed)"
        )
    removed = tuple(attrs.evolve(old, sequence=next_sequence(old, revision)) for old in gone)
    return tuple(changed), tuple(unchanged), removed
