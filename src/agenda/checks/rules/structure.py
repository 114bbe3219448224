"""Structure: durations, breaks, the order of opening and closing, empty parts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from agenda._model import Item, ItemKind, Part
from agenda._timeline import Slot
from agenda.checks.context import CheckContext, duration, item_of
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity


@register("AG601", "non-positive-duration", Severity.ERROR, "An item lasts no time or less, or a part has no budget.")
def non_positive_duration(context: CheckContext) -> Iterator[Hit]:
    """An item's ``duration`` or a part's ``allotted`` budget is zero or negative. The other
    findings on such an item (its audience hours, its place in the event) are its consequences
    and are reported under it, as is the overrun of a part allotted no time."""
    for path, node in context.nodes():
        if isinstance(node, Item) and node.duration <= timedelta(0):
            # Whatever else is found on an item that lasts no time follows from it ("runs 22:30–22:30").
            yield Hit(
                path=f"{path}.duration",
                message=f"item {node.title!r} lasts {duration(node.duration)}",
                claims=(("*", path),),
            )
        elif isinstance(node, Part) and node.allotted is not None and node.allotted <= timedelta(0):
            yield Hit(
                path=f"{path}.allotted",
                message=f"part {node.title!r} is allotted {duration(node.allotted)}",
                claims=(("AG101", f"{path}.allotted"),),
            )


@register("AG602", "no-break", Severity.WARNING, "The programme runs longer than the allowed stretch without a break.")
def no_break(context: CheckContext) -> Iterator[Hit]:
    """Items follow one another for longer than ``check.max_stretch`` (2h unless configured)
    with no ``break`` item and no gap of at least ``check.min_break`` (10m) between them. The
    finding points at the item during which the limit is passed."""
    limit, rest = context.settings.max_stretch, context.settings.min_break
    begin: datetime | None = None
    reach: datetime | None = None
    passed: Slot | None = None

    def close() -> Iterator[Hit]:
        if passed is not None and begin is not None and reach is not None:
            yield Hit(
                path=passed.path,
                message=(
                    f"{duration(reach - begin)} without a break "
                    f"({context.span(begin, reach, offset=False, inline=True)}), longer than "
                    f"{duration(limit)}; the limit passes during {context.title(passed)}"
                ),
            )

    for slot in context.items_by_time:
        is_break = item_of(slot).kind is ItemKind.BREAK
        if begin is None or reach is None or is_break or slot.start - reach >= rest:
            yield from close()
            begin, reach, passed = None, None, None
            if is_break:
                continue
            begin = slot.start
        reach = slot.end if reach is None else max(reach, slot.end)
        if passed is None and reach - begin > limit:
            passed = slot
    yield from close()


def _kind(slot: Slot) -> ItemKind:
    return item_of(slot).kind


@register("AG603", "opening-not-first", Severity.WARNING, "An opening item is not the first thing on the programme.")
def opening_not_first(context: CheckContext) -> Iterator[Hit]:
    """The agenda has an item of kind ``opening`` and some other item starts before it."""
    slots = context.items_by_time
    first_other = next((s for s in slots if _kind(s) is not ItemKind.OPENING), None)
    for slot in slots:
        if _kind(slot) is ItemKind.OPENING and first_other is not None and first_other.start < slot.start:
            yield Hit(
                path=slot.path,
                message=(
                    f"opening {slot.node.title!r} starts {context.at(slot.start)}, after "
                    f"{context.title(first_other)} at {context.at(first_other.start)}"
                ),
                related=(first_other.path,),
            )


@register("AG604", "closing-not-last", Severity.WARNING, "A closing item is not the last thing on the programme.")
def closing_not_last(context: CheckContext) -> Iterator[Hit]:
    """The agenda has an item of kind ``closing`` and some other item starts after it."""
    slots = context.items_by_time
    last_other = next((s for s in reversed(slots) if _kind(s) is not ItemKind.CLOSING), None)
    for slot in slots:
        if _kind(slot) is ItemKind.CLOSING and last_other is not None and last_other.start > slot.start:
            yield Hit(
                path=slot.path,
                message=(
                    f"closing {slot.node.title!r} starts {context.at(slot.start)}, before "
                    f"{context.title(last_other)} at {context.at(last_other.start)}"
                ),
                related=(last_other.path,),
            )


@register("AG605", "empty-part", Severity.WARNING, "A part or block has no items.")
def empty_part(context: CheckContext) -> Iterator[Hit]:
    """A part or block with an empty ``items`` list: a placeholder left behind."""
    for slot in context.part_slots:
        if not context.children[slot.path]:
            yield Hit(path=f"{slot.path}.items", message=f"{context.title(slot)} has no items")
