"""The programme as rows and zone columns: what the Markdown, JSON, CSV and HTML views show. Pure.

Each renderer lays these values out in its own syntax; the words (spans, zone labels, day
shifts) all come from `agenda._words`, so every view says the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import attrs

from agenda._model import Agenda, Item, ItemKind, Part, Speaker
from agenda._timeline import Slot, Timeline
from agenda._times import LocalHours, zone_key
from agenda._words import clock, duration, iso_local, span, span_shift, zone_label, zone_name

__all__ = ["Cell", "Column", "Person", "Programme", "Row", "anchors", "cell", "columns", "programme"]


@attrs.frozen
class Column:
    """One zone shown: its key, the audiences in it and their local hours."""

    zone: ZoneInfo
    #: The zone's label at the start of the event (``IST, UTC+05:30``).
    label: str
    #: The header `agenda show` prints: ``Asia/Kolkata (UTC+05:30)``.
    header: str
    audiences: tuple[str, ...]
    #: The hours every audience in this zone can attend in (None: no audience gives any).
    hours: tuple[LocalHours, ...]

    @property
    def key(self) -> str:
        return zone_key(self.zone)


@attrs.frozen
class Cell:
    """A slot's time in one zone."""

    zone: ZoneInfo
    start: datetime
    end: datetime
    #: As `agenda show` prints it: ``23:30–00:10 (ends +1 day)``, with the offset where it changes.
    span: str
    start_clock: str
    end_clock: str
    #: The zone label at the start, and at the end when a DST change falls inside the slot.
    label: str
    end_label: str | None
    #: ``+1 day``, ``ends +1 day`` or empty, from the reference date.
    shift: str
    #: The day offset of the start from the reference date.
    days: int
    #: False when the slot falls outside the local hours of an audience in this zone.
    within_hours: bool
    iso_start: str
    iso_end: str


@attrs.frozen
class Person:
    """A speaker as the views name them."""

    id: str
    name: str
    organization: str | None
    role: str | None

    @property
    def text(self) -> str:
        return f"{self.name} ({self.organization})" if self.organization else self.name


@attrs.frozen
class Row:
    """One part or item of the programme with its time in each column's zone."""

    slot: Slot
    #: A fragment id unique in the programme: the slot's key.
    anchor: str
    kind: str
    is_part: bool
    people: tuple[Person, ...]
    chair: Person | None
    duration: str
    cells: tuple[Cell, ...]

    @property
    def title(self) -> str:
        return self.slot.node.title

    @property
    def depth(self) -> int:
        return self.slot.depth

    @property
    def description(self) -> str | None:
        return self.slot.node.description

    @property
    def label(self) -> str:
        """The programme column of `agenda show`: title, kind, speakers or chair."""
        text = self.title
        if not self.is_part and self.kind != ItemKind.PRESENTATION.value:
            text += f" [{self.kind}]"
        if self.people:
            text += " — " + ", ".join(person.text for person in self.people)
        if self.chair is not None:
            text += f" (chair: {self.chair.name})"
        return text


@attrs.frozen
class Programme:
    """The rows of a programme and the zones they are shown in."""

    agenda: Agenda
    timeline: Timeline
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    #: The event's start in its own zone: day shifts count from its date.
    reference: datetime


def _person(agenda: Agenda, speakers: dict[str, Speaker], speaker_id: str) -> Person:
    speaker = speakers.get(speaker_id)
    if speaker is None:
        return Person(speaker_id, speaker_id, None, None)
    organization = agenda.organization(speaker.organization) if speaker.organization else None
    return Person(speaker.id, speaker.name, organization.name if organization else None, speaker.role)


def cell(slot: Slot, column: Column, reference: datetime, first_offset: object = None) -> Cell:
    """`slot`'s time in `column`'s zone; day shifts count from `reference`'s date. `first_offset`
    is the zone's offset at the event's start: where the slot's differs, the span names it."""
    zone = column.zone
    local_start, local_end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    changed = first_offset is not None and (
        local_start.utcoffset() != first_offset or local_end.utcoffset() != first_offset
    )
    label, end_label = zone_label(slot.start, zone), zone_label(slot.end, zone)
    within = all(hours.contains(local_start, local_end) for hours in column.hours) if slot.is_item else True
    return Cell(
        zone=zone,
        start=local_start,
        end=local_end,
        span=span(slot.start, slot.end, zone, reference, offset=changed),
        start_clock=clock(slot.start, zone),
        end_clock=clock(slot.end, zone),
        label=label,
        end_label=end_label if end_label != label else None,
        shift=", ".join(span_shift(slot.start, slot.end, zone, reference)),
        days=(local_start.date() - reference.date()).days,
        within_hours=within,
        iso_start=iso_local(slot.start, zone),
        iso_end=iso_local(slot.end, zone),
    )


def columns(agenda: Agenda, timeline: Timeline, zones: Sequence[ZoneInfo]) -> tuple[Column, ...]:
    """A column per zone, naming the audiences in it."""
    result = []
    for zone in zones:
        audiences = [a for a in agenda.audiences if zone_key(a.zone) == zone_key(zone)]
        hours = tuple(
            h for h in (a.hours or agenda.check.audience_hours for a in audiences) if h is not None and not h.whole_day
        )
        result.append(
            Column(
                zone=zone,
                label=zone_label(timeline.start, zone),
                header=zone_name(timeline.start, zone),
                audiences=tuple(a.name for a in audiences),
                hours=hours,
            )
        )
    return tuple(result)


def anchors(timeline: Timeline) -> dict[str, str]:
    """A fragment id per slot path: the slot's key (`agenda._timeline.node_keys`, the one id
    scheme, which calendar UIDs use too), unique in the programme."""
    return {slot.path: slot.key for slot in timeline.slots}


def programme(agenda: Agenda, timeline: Timeline, zones: Sequence[ZoneInfo], *, with_cells: bool = True) -> Programme:
    """Every slot of `timeline` as a row, with a cell per zone of `zones` (none without
    `with_cells`, for views that count day shifts from another date and make their own)."""
    reference = timeline.start.astimezone(agenda.event.zone)
    shown = columns(agenda, timeline, zones)
    first_offsets = [timeline.start.astimezone(column.zone).utcoffset() for column in shown]
    speakers = {speaker.id: speaker for speaker in agenda.speakers}
    ids = anchors(timeline)
    rows = []
    for slot in timeline.slots:
        node = slot.node
        anchor = ids[slot.path]
        is_item = isinstance(node, Item)
        rows.append(
            Row(
                slot=slot,
                anchor=anchor,
                kind=node.kind.value if isinstance(node, Item) else "part",
                is_part=not is_item,
                people=tuple(_person(agenda, speakers, s) for s in node.speakers) if isinstance(node, Item) else (),
                chair=_person(agenda, speakers, node.chair) if isinstance(node, Part) and node.chair else None,
                duration=duration(slot.duration),
                cells=tuple(
                    cell(slot, column, reference, first) for column, first in zip(shown, first_offsets, strict=True)
                ),
            )
        )
    return Programme(agenda=agenda, timeline=timeline, columns=shown, rows=tuple(rows), reference=reference)
