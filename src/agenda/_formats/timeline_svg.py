"""The timeline across zones as an SVG picture: one lane per audience (and speaker, on request)
in local time, with local hour ticks, the hours they can attend shaded, midnight lines with the
local date, DST changes marked, and the programme's parts as blocks.

Plain SVG (no script, no web fonts, a white background) so that GitHub shows it in a README.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from agenda._model import Agenda, Item, Part
from agenda._timeline import Slot, Timeline
from agenda._times import LocalHours, format_offset, zone_key
from agenda._words import DASH, clock, iso_utc, zone_label

__all__ = ["Lane", "lanes", "render_svg", "window"]

WIDTH = 960
LEFT = 230  # the lane labels
RIGHT = 16
TOP = 44  # the title
PROGRAMME_HEIGHT = 30
LANE_HEIGHT = 52
GAP = 10
LEGEND_HEIGHT = 34
#: Hour steps for the ticks: the smallest that leaves room for a label.
STEPS = (1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720)
MIN_TICK_SPACE = 30.0
#: Blocks narrower than this (in px) that touch are drawn as one.
MIN_BLOCK = 3.0
#: At most this many parts are named in a key under the lanes.
MAX_KEY = 12
KEY_LINE = 16
FONT = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"


@attrs.frozen
class Lane:
    """One row of the picture: a zone, who is in it, their hours, and which slots they take part in."""

    title: str
    zone: ZoneInfo
    hours: LocalHours | None
    #: The slots drawn in this lane (all the top-level parts for an audience).
    slots: tuple[Slot, ...]


@attrs.define
class Block:
    """A part (or several narrow ones) drawn as a rectangle."""

    left: float
    right: float
    title: str
    slot: Slot
    shade: int
    count: int = 1
    label: str = ""
    tip: str = ""

    @property
    def width(self) -> float:
        return round(max(self.right - self.left, 1.0), 1)


def window(timeline: Timeline) -> tuple[datetime, datetime]:
    """The UTC span the picture covers: at least a whole day around the event, on whole hours."""
    start = timeline.start
    end = max(timeline.end, timeline.event.end or timeline.end)
    if end - start < timedelta(hours=22):
        middle = start + (end - start) / 2
        start, end = middle - timedelta(hours=12), middle + timedelta(hours=12)
    else:
        start, end = start - timedelta(hours=1), end + timedelta(hours=1)
    floor = start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    ceiling = end.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    if ceiling < end:
        ceiling += timedelta(hours=1)
    return floor, ceiling


def lanes(agenda: Agenda, timeline: Timeline, zones: Sequence[ZoneInfo], *, speakers: bool = False) -> tuple[Lane, ...]:
    """A lane per zone of `zones` (named after its audiences), then one per speaker with a zone
    when `speakers` is set (their working hours, their own items)."""
    top = tuple(slot for slot in timeline.slots if slot.depth == 0)
    result = []
    for zone in zones:
        audiences = [a for a in agenda.audiences if zone_key(a.zone) == zone_key(zone)]
        hours = next((a.hours or agenda.check.audience_hours for a in audiences), None)
        names = ", ".join(a.name for a in audiences)
        result.append(Lane(title=names or zone_key(zone), zone=zone, hours=hours, slots=top))
    if speakers:
        for speaker in agenda.speakers:
            if speaker.zone is None:
                continue
            own = tuple(
                slot
                for slot in timeline.slots
                if (isinstance(slot.node, Item) and speaker.id in slot.node.speakers)
                or (isinstance(slot.node, Part) and slot.node.chair == speaker.id)
            )
            if own:
                result.append(Lane(title=speaker.name, zone=speaker.zone, hours=agenda.check.working_hours, slots=own))
    return tuple(result)


def _offset_changes(zone: ZoneInfo, start: datetime, end: datetime) -> Iterator[datetime]:
    """The instants in [start, end) where `zone`'s offset changes, to the minute."""
    step = timedelta(hours=1)
    moment = start
    while moment < end:
        following = min(moment + step, end)
        if moment.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            low, high = moment, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            yield high.replace(second=0, microsecond=0)
        moment = following


def _local_instant(day: datetime, hour: int, zone: ZoneInfo) -> datetime:
    """The instant of local `hour` o'clock on `day`'s date in `zone` (a skipped hour moves on)."""
    wall = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(hours=hour)
    return wall.astimezone(UTC)


def _blocks(slots: Sequence[Slot], x: Callable[[datetime], float], start: datetime, end: datetime) -> list[Block]:
    """Rectangles for `slots` inside the window; narrow neighbours are merged into one."""
    blocks: list[Block] = []
    for index, slot in enumerate(slots):
        if slot.end <= start or slot.start >= end:
            continue
        left, right = x(max(slot.start, start)), x(min(slot.end, end))
        last = blocks[-1] if blocks else None
        if last is not None and right - left < MIN_BLOCK and last.width < MIN_BLOCK * 4 and left - last.right < 1:
            last.right, last.title, last.count = right, "", last.count + 1
            continue
        blocks.append(Block(left=left, right=right, title=slot.node.title, slot=slot, shade=index % 2))
    return blocks


def _key_lines(key: Sequence[dict[str, object]]) -> list[str]:
    """The key's entries (``1 Opening``), several to a line as the width allows."""
    lines: list[str] = []
    current = ""
    room = int((WIDTH - 24) / (11 * 0.56))
    for entry in key:
        text = _fit(f"{entry['number']} {entry['title']}", room * 11 * 0.56 / 2)
        candidate = f"{current} · {text}" if current else text
        if len(candidate) > room and current:
            lines.append(current)
            candidate = text
        current = candidate
    if current:
        lines.append(current)
    return lines


def _fit(text: str, width: float, size: float = 11.0) -> str:
    """`text` cut with an ellipsis to about `width` px at `size` px (average glyph width)."""
    room = int((width - 8) / (size * 0.56))
    if room <= 1:
        return ""
    return text if len(text) <= room else text[: max(room - 1, 1)].rstrip() + "…"


def render_svg(
    agenda: Agenda,
    timeline: Timeline,
    zones: Sequence[ZoneInfo],
    *,
    speakers: bool = False,
    id_prefix: str = "timeline",
) -> str:
    """The picture as an SVG document. `id_prefix` keeps its element ids unique inside a page."""
    from agenda._formats.templating import render_template

    begin, finish = window(timeline)
    span_seconds = (finish - begin).total_seconds()
    plot = WIDTH - LEFT - RIGHT

    def x(moment: datetime) -> float:
        return round(LEFT + (moment - begin).total_seconds() / span_seconds * plot, 1)

    hours_in_window = span_seconds / 3600
    step = next((s for s in STEPS if plot / (hours_in_window / s) >= MIN_TICK_SPACE), STEPS[-1])
    shown = lanes(agenda, timeline, zones, speakers=speakers)
    top_slots = tuple(slot for slot in timeline.slots if slot.depth == 0)

    programme_y = TOP
    drawn = []
    y = programme_y + PROGRAMME_HEIGHT + GAP
    for lane in shown:
        zone = lane.zone
        first_day = begin.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        days = math.ceil(hours_in_window / 24) + 2
        shading = []
        if lane.hours is not None and not lane.hours.whole_day:
            for number in range(-1, days):
                day = first_day + timedelta(days=number)
                opens = _wall(day, lane.hours.start, zone)
                closes = _wall(day, lane.hours.end, zone)
                if closes <= opens:
                    closes = _wall(day + timedelta(days=1), lane.hours.end, zone)
                left, right = max(opens, begin), min(closes, finish)
                if right > left:
                    shading.append({"left": x(left), "width": round(x(right) - x(left), 1)})
        ticks: list[dict[str, Any]] = []
        midnights: list[dict[str, Any]] = []
        for number in range(-1, days):
            day = first_day + timedelta(days=number)
            for hour in range(0, 24, step) if step < 24 else (0,):
                moment = _local_instant(day, hour, zone)
                if not begin <= moment < finish:
                    continue
                at = x(moment)
                if hour == 0:
                    local = moment.astimezone(zone)
                    if step >= 24 and number % (step // 24):
                        continue
                    # A date near the right edge is written to the left of its line.
                    midnights.append({"x": at, "label": f"{local:%a %d %b}", "end": at > WIDTH - RIGHT - 70})
                elif LEFT + 8 <= at <= WIDTH - RIGHT - 8:
                    ticks.append({"x": at, "label": f"{moment.astimezone(zone):%H}"})
        moments = list(_offset_changes(zone, begin, finish))
        changes = [
            {
                "x": x(moment),
                "label": f"{format_offset((moment - timedelta(minutes=1)).astimezone(zone).utcoffset())}"
                f" → {format_offset(moment.astimezone(zone).utcoffset())}",
                "when": f"{clock(moment, zone)}",
            }
            for moment in moments
        ]
        # The offset change's label sits in the row of hour ticks: the ticks next to it make way.
        change_xs = [x(moment) for moment in moments]
        ticks = [t for t in ticks if all(abs(float(t["x"]) - at) > 66 for at in change_xs)]
        slots = lane.slots
        blocks = _blocks(slots, x, begin, finish)
        for block in blocks:
            slot = block.slot
            name = block.title or f"{block.count} parts"
            block.tip = f"{name}: {clock(slot.start, zone)}{DASH}{clock(slot.end, zone)} {zone_label(slot.start, zone)}"
        first = timeline.start
        # The lane's local span, written after its last block (before its first near the right edge).
        right_end = max((b.right for b in blocks), default=float(LEFT))
        left_end = min((b.left for b in blocks), default=float(LEFT))
        own_start = min((s.start for s in slots), default=timeline.start)
        own_end = max((s.end for s in slots), default=timeline.end)
        span_label = {
            "text": f"{clock(own_start, zone)}{DASH}{clock(own_end, zone)}",
            "x": right_end + 4 if right_end < WIDTH - RIGHT - 80 else left_end - 4,
            "end": right_end >= WIDTH - RIGHT - 80,
        }
        drawn.append(
            {
                "y": y,
                "title": _fit(lane.title, LEFT - 8, 13.5),
                "zone": zone_key(zone),
                "label": zone_label(first, zone),
                "hours": str(lane.hours) if lane.hours is not None else "",
                "shading": shading,
                "ticks": ticks,
                "midnights": midnights,
                "changes": changes,
                "blocks": blocks,
                "local_span": span_label["text"],
                "span": span_label,
            }
        )
        y += LANE_HEIGHT + GAP
    programme_blocks = _blocks(top_slots, x, begin, finish)
    # Parts too narrow for their title get a number, and a key under the lanes names them.
    key: list[dict[str, object]] = []
    for block in programme_blocks:
        title = block.title
        label = _fit(title, block.width)
        if title and label != title and len(programme_blocks) <= MAX_KEY:
            key.append({"number": len(key) + 1, "title": title})
            label = str(len(key)) if block.width >= 12 else ""
        block.label = label
    key_lines = _key_lines(key)
    y += len(key_lines) * KEY_LINE
    height = y + LEGEND_HEIGHT
    event = agenda.event
    description = "; ".join(f"{lane['title']}: {lane['local_span']} {lane['label']}" for lane in drawn)
    return render_template(
        "timeline.svg",
        width=WIDTH,
        height=height,
        left=LEFT,
        plot_right=WIDTH - RIGHT,
        top=TOP,
        programme_y=programme_y,
        programme_height=PROGRAMME_HEIGHT,
        lane_height=LANE_HEIGHT,
        lanes=drawn,
        programme=programme_blocks,
        title=event.title,
        date=f"{timeline.start.astimezone(event.zone):%A %d %B %Y}",
        description=f"The programme in local time. {description}.",
        legend_y=y + 8,
        key_lines=key_lines,
        key_y=y - len(key_lines) * KEY_LINE + 4,
        key_line=KEY_LINE,
        id_prefix=id_prefix,
        font=FONT,
        window=f"{iso_utc(begin)}/{iso_utc(finish)}",
    )


def _wall(day: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The instant of the local time of day `at` on `day`'s date in `zone` (RFC 5545's reading
    of a skipped or repeated time)."""
    return datetime.combine(day.date(), at, tzinfo=zone).astimezone(UTC)
