"""The programme as a plain-text table: one time column per zone, each time with its date shift."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from agenda._model import Agenda, Item, ItemKind, Part
from agenda._timeline import Timeline
from agenda._words import at, duration, span, zone_name

__all__ = ["default_zones", "render_table"]


def default_zones(agenda: Agenda) -> tuple[ZoneInfo, ...]:
    """The event's zone, then each audience's, without repeats."""
    keys: dict[str, ZoneInfo] = {agenda.event.zone.key: agenda.event.zone}
    for audience in agenda.audiences:
        keys.setdefault(audience.zone.key, audience.zone)
    return tuple(keys.values())


def _offset_changed(start: datetime, end: datetime, zone: ZoneInfo, first: timedelta | None) -> bool:
    return start.astimezone(zone).utcoffset() != first or end.astimezone(zone).utcoffset() != first


def render_table(agenda: Agenda, timeline: Timeline, zones: Sequence[ZoneInfo]) -> str:
    """The whole programme, one row per part and item, one time column per zone."""
    event = agenda.event
    reference = timeline.start.astimezone(event.zone)
    names = {s.id: s for s in agenda.speakers}
    organizations = {o.id: o for o in agenda.organizations}

    # A column's header gives the zone and its offset at the start; a row whose offset differs
    # (a DST change during the event) shows its own.
    headers = [zone_name(timeline.start, zone) for zone in zones]
    starting_offsets = [timeline.start.astimezone(zone).utcoffset() for zone in zones]
    rows: list[list[str]] = []
    for slot in timeline.slots:
        node = slot.node
        cells = [
            span(slot.start, slot.end, zone, reference, offset=_offset_changed(slot.start, slot.end, zone, first))
            for zone, first in zip(zones, starting_offsets, strict=True)
        ]
        label = "  " * slot.depth + node.title
        if isinstance(node, Item):
            people = []
            for speaker_id in node.speakers:
                speaker = names.get(speaker_id)
                if speaker is None:
                    people.append(speaker_id)
                    continue
                organization = organizations.get(speaker.organization or "")
                people.append(f"{speaker.name} ({organization.name})" if organization else speaker.name)
            if node.kind is not ItemKind.PRESENTATION:
                label += f" [{node.kind.value}]"
            if people:
                label += " — " + ", ".join(people)
        elif isinstance(node, Part) and node.chair:
            chair = names.get(node.chair)
            label += f" (chair: {chair.name if chair else node.chair})"
        rows.append([*cells, duration(slot.duration), label])

    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    widths.append(max([3, *(len(r[len(zones)]) for r in rows)]))
    lines = [
        event.title,
        " · ".join(
            part
            for part in (
                f"{reference:%A %d %B %Y}",
                at(reference, event.zone, reference),
                event.platform.name if event.platform else "",
                event.platform.url or "" if event.platform else "",
            )
            if part
        ),
        "",
    ]
    header = [*headers, "Time", "Programme"]
    lines.extend(
        "  ".join(cell.ljust(width) for cell, width in zip(row, [*widths, 0], strict=False)).rstrip()
        for row in (header, *rows)
    )
    total = timeline.end - timeline.start
    footer = f"Total {duration(total)}"
    if event.end is not None:
        footer += f"; booked until {at(event.end, event.zone, reference)}"
    lines += ["", footer]
    return "\n".join(lines) + "\n"
