"""Placement: items that overlap, that sit outside their part or the event, and gaps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from agenda._timeline import Slot
from agenda.checks.context import CheckContext, duration
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity


@register("AG201", "item-overlap", Severity.ERROR, "Two items of the programme overlap in time.")
def item_overlap(context: CheckContext) -> Iterator[Hit]:
    """Two items run at the same time. Items follow one another, so this happens when an item
    or part has a fixed ``start`` earlier than the end of what comes before it."""
    latest: Slot | None = None
    for slot in context.items_by_time:
        if slot.duration.total_seconds() <= 0:
            continue
        if latest is not None and slot.start < latest.end:
            yield Hit(
                path=slot.path,
                message=(
                    f"{context.title(slot)} at {context.span(slot.start, slot.end)} overlaps "
                    f"{context.title(latest)} ({context.span(latest.start, latest.end, offset=False, inline=True)}) "
                    f"by {duration(min(latest.end, slot.end) - slot.start)}"
                ),
                related=(latest.path,),
            )
        if latest is None or slot.end > latest.end:
            latest = slot


@register("AG202", "outside-parent", Severity.ERROR, "An item or block lies outside the part that contains it.")
def outside_parent(context: CheckContext) -> Iterator[Hit]:
    """A node whose fixed ``start`` puts it before its part begins, or that ends after its
    part ends (the part ends with its last node, so an earlier node that runs longer sticks out)."""
    for slot in context.timeline.slots:
        if slot.parent is None:
            continue
        parent = context.slot_by_path[slot.parent]
        if slot.start < parent.start:
            where = f"starts {duration(parent.start - slot.start)} before it"
        elif slot.end > parent.end:
            where = f"ends {duration(slot.end - parent.end)} after it"
        else:
            continue
        yield Hit(
            path=slot.path,
            message=(
                f"{context.title(slot)} ({context.span(slot.start, slot.end, inline=True)}) lies outside "
                f"{context.title(parent)} ({context.span(parent.start, parent.end, offset=False, inline=True)}): "
                f"{where}"
            ),
            related=(parent.path,),
        )


@register("AG203", "outside-event", Severity.ERROR, "An item starts before the event or after its booked end.")
def outside_event(context: CheckContext) -> Iterator[Hit]:
    """An item placed before the event's ``start`` (a fixed start too early) or starting at or
    after the event's booked ``end``. An item that only runs past the end is `event-overrun`."""
    begin, booked = context.timeline.start, context.booked_end
    for slot in context.item_slots:
        if slot.start < begin:
            why = f"before the event starts at {context.at(begin)}"
        elif booked is not None and slot.start >= booked:
            why = f"after the event's booked end {context.at(booked)}"
        else:
            continue
        yield Hit(path=slot.path, message=f"{context.title(slot)} at {context.span(slot.start, slot.end)} is {why}")


@register("AG204", "gap", Severity.WARNING, "Nothing is scheduled between two items.")
def gap(context: CheckContext) -> Iterator[Hit]:
    """Dead air: time between the end of one item and the start of the next that no item
    fills. The unused part of a budget is `budget-unused` and not repeated here; gaps up to
    ``check.min_gap`` are allowed."""
    # Where a budgeted part's items end early, the budget explains the gap up to its planned end.
    slack: dict[datetime, datetime] = {}
    for slot in context.part_slots:
        if slot.planned_end is not None:
            used = max((child.end for child in context.children[slot.path]), default=slot.start)
            if used < slot.planned_end:
                slack[used] = max(slack.get(used, used), slot.planned_end)
    latest: Slot | None = None
    for slot in context.items_by_time:
        if latest is not None and slot.start > latest.end:
            begin = latest.end
            while begin in slack and slack[begin] > begin:
                begin = slack[begin]
            if slot.start - begin > context.settings.min_gap:
                yield Hit(
                    path=slot.path,
                    message=(
                        f"{duration(slot.start - begin)} gap before {context.title(slot)}: nothing is scheduled "
                        f"{context.span(begin, slot.start)}, after {context.title(latest)}"
                    ),
                    related=(latest.path,),
                )
        if latest is None or slot.end > latest.end:
            latest = slot
