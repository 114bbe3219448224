"""The programme as a plain-text table: one time column per zone, each time with its date shift."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from agenda.model import Agenda, Item, ItemKind, Part
from agenda.timeline import Timeline
from agenda.times import format_duration, format_offset

__all__ = ["day_shift", "default_zones", "format_span", "render_table"]


def default_zones(agenda: Agenda) -> tuple[ZoneInfo, ...]:
    """The event's zone, then each audience's, without repeats."""
    keys: dict[str, ZoneInfo] = {agenda.event.zone.key: agenda.event.zone}
    for audience in agenda.audiences:
        keys.setdefault(audience.zone.key, audience.zone)
    return tuple(keys.values())


def day_shift(moment: datetime, zone: ZoneInfo, reference: datetime) -> str:
    """``+1 day`` / ``-1 day`` when `moment` falls on another local date in `zone` than `reference`
    (the event's start, in the event's zone); empty on the same date."""
    days = (moment.astimezone(zone).date() - reference.date()).days
    if days == 0:
        return ""
    return f"{days:+d} day" + ("s" if abs(days) != 1 else "")


def format_span(start: datetime, end: datetime, zone: ZoneInfo, reference: datetime, *, offset: bool = False) -> str:
    """``13:30–13:35`` in `zone`, with the offset when asked (each end's when a DST change falls
    inside the span) and the date shift when there is one."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if offset and local_start.utcoffset() != local_end.utcoffset():
        text = (
            f"{local_start:%H:%M} {format_offset(local_start.utcoffset())}"
            f"–{local_end:%H:%M} {format_offset(local_end.utcoffset())}"
        )
    else:
        text = f"{local_start:%H:%M}–{local_end:%H:%M}"
        if offset:
            text += f" {format_offset(local_start.utcoffset())}"
    shift, end_shift = day_shift(start, zone, reference), day_shift(end, zone, reference)
    if end_shift != shift and local_end.time() != time(0):  # ending at midnight is still that day
        shift = f"{shift}, ends {end_shift or 'same day'}" if shift else f"ends {end_shift}"
    return f"{text} ({shift})" if shift else text


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
    headers = [f"{zone.key} ({format_offset(timeline.start.astimezone(zone).utcoffset())})" for zone in zones]
    starting_offsets = [timeline.start.astimezone(zone).utcoffset() for zone in zones]
    rows: list[list[str]] = []
    for slot in timeline.slots:
        node = slot.node
        cells = [
            format_span(
                slot.start, slot.end, zone, reference, offset=_offset_changed(slot.start, slot.end, zone, first)
            )
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
        rows.append([*cells, format_duration(slot.duration), label])

    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    widths.append(max([3, *(len(r[len(zones)]) for r in rows)]))
    lines = [
        event.title,
        " · ".join(
            part
            for part in (
                f"{reference:%A %d %B %Y}",
                f"{reference:%H:%M} {event.zone.key}",
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
    footer = f"Total {format_duration(total)}"
    if event.end is not None:
        booked = event.end.astimezone(event.zone)
        footer += f"; booked until {booked:%H:%M} {event.zone.key}"
    lines += ["", footer]
    return "\n".join(lines) + "\n"
