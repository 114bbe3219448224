"""Time budget: parts and blocks against their allotted time, the programme against the booking."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from agenda.checks.context import CheckContext, duration, part_of
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity


@register("AG101", "budget-overrun", Severity.ERROR, "A part's or block's items take longer than its allotted time.")
def budget_overrun(context: CheckContext) -> Iterator[Hit]:
    """A part or block with an ``allotted`` budget whose items run past it. Everything after it
    starts late: the message gives the overrun and the running drift of the programme at that
    point (lateness carried from this part and those before it)."""
    drift = {entry.path: entry.drift for entry in context.drift}
    for slot in context.part_slots:
        node = part_of(slot)
        if node.allotted is None or slot.planned_end is None:
            continue
        children = context.children[slot.path]
        used_end = max((child.end for child in children), default=slot.start)
        if used_end <= slot.planned_end:
            continue
        over = used_end - slot.planned_end
        running = drift.get(slot.path)
        tail = f"; running drift +{duration(running)}" if running else ""
        yield Hit(
            path=f"{slot.path}.allotted",
            message=(
                f"{context.title(slot)} runs {duration(used_end - slot.start)} for {duration(node.allotted)} "
                f"allotted ({duration(over)} over): it ends {context.at(used_end)} instead of "
                f"{context.at(slot.planned_end)}{tail}"
            ),
        )


@register("AG102", "budget-unused", Severity.WARNING, "A part's or block's items leave some of its budget unused.")
def budget_unused(context: CheckContext) -> Iterator[Hit]:
    """A part or block with an ``allotted`` budget whose items end before the budget does: the
    next part waits for the budget to run out, leaving dead air."""
    for slot in context.part_slots:
        node = part_of(slot)
        if node.allotted is None or slot.planned_end is None or node.allotted <= timedelta(0):
            continue
        children = context.children[slot.path]
        used_end = max((child.end for child in children), default=slot.start)
        if used_end >= slot.planned_end:
            continue
        yield Hit(
            path=f"{slot.path}.allotted",
            message=(
                f"{context.title(slot)} uses {duration(used_end - slot.start)} of {duration(node.allotted)} "
                f"allotted: {duration(slot.planned_end - used_end)} unused from {context.at(used_end)}"
            ),
        )


@register("AG103", "event-overrun", Severity.ERROR, "The programme ends after the event's booked end.")
def event_overrun(context: CheckContext) -> Iterator[Hit]:
    """The event has an ``end`` (the booked slot on the platform) and the programme runs past it.
    The first item in time that runs past the booked end is named; items that start at or after
    the booked end (`outside-event`) are reported under this finding, as its consequences."""
    booked = context.booked_end
    if booked is None or context.timeline.end <= booked:
        return
    late = next((slot for slot in context.items_by_time if slot.end > booked), None)
    # Items that start at or after the booked end are outside the event (AG203) only because of it.
    after = [slot for slot in context.item_slots if slot.start >= booked]
    zones = [context.event_zone, *(zone for zone in context.participant_zones if zone != context.event_zone)][:3]
    ends = "; ".join(context.at(context.timeline.end, zone, offset=True) for zone in zones)
    first = ""
    if late is not None:
        first = f"; {context.title(late)}, from {context.at(late.start)}, is the first to run past it"
    yield Hit(
        path="event.end",
        message=(
            f"the programme ends at {ends}, {duration(context.timeline.end - booked)} after the booked end "
            f"{context.at(booked)}{first}"
        ),
        related=(late.path,) if late is not None else (),
        claims=[("AG203", slot.path) for slot in after],
    )
