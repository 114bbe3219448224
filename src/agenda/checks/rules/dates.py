"""Dates and DST: local midnight, clock changes during the event, skipped and repeated times."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from agenda import _words as words
from agenda._timeline import Slot
from agenda._times import DAY_US, SAMPLE_STEP, ZoneOffsets, offset_changes

__all__ = ["SAMPLE_STEP"]  # where the AG502 rule samples offsets (a test holds the database to it)
from agenda.checks.context import CheckContext, Words, item_of
from agenda.checks.registry import register
from agenda.checks.report import Hit, Pending, Severity


def _midnight_message(say: Words, slot: Slot, zones: list[ZoneInfo]) -> str:
    last_moment = slot.end - timedelta(microseconds=1)
    crossed = [
        f"{say.span(slot.start, slot.end, zone)}, into {last_moment.astimezone(zone):%A %d %B}" for zone in zones
    ]
    return f"{say.title(slot)} crosses local midnight: {'; '.join(crossed)}"


@register("AG501", "crosses-midnight", Severity.WARNING, "An item crosses local midnight in a participant's zone.")
def crosses_midnight(context: CheckContext) -> Iterator[Hit]:
    """An item starts on one date and ends on the next in the zone of the event, of an audience
    or of one of its speakers: calendars split it over two days and people misread the date."""
    walls = context.timeline._walls
    starts, ends = walls.starts, walls.ends
    slots = context.timeline.slots
    # Items of some length, by position among the slots.
    items = [index for index in walls.items if ends[index] > starts[index]]
    held = _Holders(items, starts, ends)

    def crossing(zone: ZoneInfo, among: Iterable[int]) -> Iterator[int]:
        """The items whose first and last microsecond fall on different local dates in `zone`."""
        offsets = walls.offsets(zone)
        offset, at = offsets.constant, offsets.at
        if offset is not None:  # the same all through: no lookup per item
            return (i for i in among if (starts[i] + offset) // DAY_US != (ends[i] - 1 + offset) // DAY_US)
        return (i for i in among if (starts[i] + at(starts[i])) // DAY_US != (ends[i] - 1 + at(ends[i] - 1)) // DAY_US)

    # The zones every item is read in, each asked of all the items in one go.
    participants = dict.fromkeys(context.participant_zones)
    crossed: dict[int, list[ZoneInfo]] = {}
    for zone in participants:
        # Only an item that holds a local midnight or a change of offset can cross one.
        candidates = held.holding(_turns(walls.offsets(zone), walls.high))
        for index in crossing(zone, items if candidates is None else sorted(candidates)):
            crossed.setdefault(index, []).append(zone)
    # Speakers whose own zone the participants' lack (they hold every declared speaker's zone
    # by key, so only a second ZoneInfo of one key is missing): their items are read in it too.
    strangers = {
        speaker_id: speaker.zone
        for speaker_id, (_, speaker) in context.speakers_by_id.items()
        if speaker.zone is not None and speaker.zone not in participants
    }
    for index in items if strangers else sorted(crossed):
        slot = slots[index]
        zones = crossed.get(index, [])
        extra: dict[ZoneInfo, None] = {}
        if strangers:
            for speaker_id in item_of(slot).speakers:
                own = strangers.get(speaker_id)
                if own is not None:
                    extra[own] = None
        if extra:
            zones = [*zones, *(zone for zone in extra if any(crossing(zone, (index,))))]
        if zones:
            yield Hit(path=slot.path, message=Pending(_midnight_message, context.words, slot, zones))


def _turns(offsets: ZoneOffsets, high: int) -> list[int] | None:
    """The instants up to `high` where the zone's offset changes, and those where a local date
    begins: between two of them an item keeps one offset and one date. None when there are more
    than a thousand a segment (a programme over years): then every item is read."""
    bounds = [*offsets.starts, high + 1]
    turns: list[int] = []
    for segment, offset in enumerate(offsets.offsets):
        begin, end = bounds[segment], bounds[segment + 1]
        days = range((begin + offset) // DAY_US, (end + offset) // DAY_US + 1)
        if len(days) > 1000:
            return None
        turns.append(begin)
        turns.extend(day * DAY_US - offset for day in days)
    return turns


class _Holders:
    """Finds the items that hold an instant after their first microsecond (``start < instant <=
    end - 1``) by bisecting their starts, instead of reading every item."""

    def __init__(self, items: list[int], starts: Sequence[int], ends: Sequence[int]) -> None:
        self.items, self.ends = items, ends
        self.by_start = sorted(items, key=starts.__getitem__)
        self.starts = [starts[index] for index in self.by_start]
        #: No item holds an instant further than this from its start.
        self.longest = max((ends[index] - 1 - starts[index] for index in items), default=0)

    def holding(self, instants: list[int] | None) -> set[int] | None:
        """The items that hold any of `instants`, or None when that would mean looking at more
        items than there are (long items, many instants): reading them all is cheaper then."""
        if instants is None:
            return None
        found: set[int] = set()
        budget = len(self.items)
        by_start, ends, longest = self.by_start, self.ends, self.longest
        for instant in instants:
            low = bisect.bisect_left(self.starts, instant - longest)
            high = bisect.bisect_left(self.starts, instant)
            budget -= high - low
            if budget < 0:
                return None
            found.update(by_start[k] for k in range(low, high) if ends[by_start[k]] - 1 >= instant)
        return found


@register("AG502", "dst-during-event", Severity.WARNING, "A participant zone changes its UTC offset during the event.")
def dst_during_event(context: CheckContext) -> Iterator[Hit]:
    """A DST change (or any change of UTC offset) happens between the event's start and end in
    the zone of the event, an audience or a speaker: local times after it move by the change."""
    slots = context.items_by_time
    starts = [slot.start for slot in slots]
    for zone in context.participant_zones:
        for moment, before, after in offset_changes(zone, context.timeline.start, context.timeline.end):
            # Name the item running when the clocks change (or the first one after it).
            position = max(bisect.bisect_right(starts, moment) - 1, 0)
            current = slots[position] if slots else None
            during = f", during {context.title(current)}" if current is not None else ""
            local = moment.astimezone(zone)
            yield Hit(
                path=current.path if current is not None else "event.start",
                message=(
                    f"{zone.key} changes from {_offset(before)} to {_offset(after)} during the event, "
                    f"at {words.clock(moment, UTC)} UTC ({words.clock(local)} local, {local:%d %B}){during}: "
                    f"local times after it shift by {words.change(after - before)}"
                ),
            )


def _offset(value: timedelta) -> str:
    # A change from "UTC+00:00", not from "UTC": here the number is the point.
    return words.format_offset(value) if value else "UTC+00:00"


@register("AG503", "nonexistent-local-time", Severity.ERROR, "A local time in the agenda does not exist (a DST gap).")
def nonexistent_local_time(context: CheckContext) -> Iterator[Hit]:
    """A local time that the clocks skip in its zone (e.g. 02:30 on the night clocks go
    forward): the start of the event, of a part or an item, the booked end, or either end of a
    speaker's availability window. It is read by RFC 5545's rule, moved forward by the gap."""
    for path, issue in context.local_time_issues:
        if issue.kind != "nonexistent":
            continue
        yield Hit(
            path=path,
            message=(
                f"{words.clock(issue.wall)} on {issue.wall:%Y-%m-%d} does not exist in {issue.zone} "
                f"(the clocks skip it); "
                f"read as {words.clock(issue.resolved)} ({words.utc_offset(issue.resolved)})"
            ),
        )


@register("AG504", "ambiguous-local-time", Severity.WARNING, "A local time in the agenda happens twice (a DST fold).")
def ambiguous_local_time(context: CheckContext) -> Iterator[Hit]:
    """A local time that happens twice in its zone (the night clocks go back), anywhere in the
    agenda (as for AG503). The first occurrence is used; give the time with an explicit offset
    to choose."""
    for path, issue in context.local_time_issues:
        if issue.kind != "ambiguous":
            continue
        first, second = issue.wall.replace(fold=0).utcoffset(), issue.wall.replace(fold=1).utcoffset()
        chosen = issue.resolved.utcoffset()
        which, other = ("first", second) if chosen == first else ("second", first)
        yield Hit(
            path=path,
            message=(
                f"{words.clock(issue.wall)} on {issue.wall:%Y-%m-%d} happens twice in {issue.zone}; "
                f"read as the {which} "
                f"({words.format_offset(chosen)}, not {words.format_offset(other)})"
            ),
        )
