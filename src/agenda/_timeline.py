"""The timeline: every part and item of a programme placed at absolute instants. Pure.

Items follow one another from the event's start; an item or part with a fixed `start` begins
there, and what follows it continues from its end. A part with an `allotted` budget occupies at
least that budget, so the next part starts on schedule when a block finishes early, and later
when it overruns (the drift the checks report).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from agenda._model import Agenda, Event, Item, Node
from agenda._times import DstPolicy, LocalTimeIssue, resolve_local

__all__ = ["Slot", "Timeline", "build_timeline"]


@attrs.frozen(kw_only=True)
class Slot:
    """Where one node of the programme lands. `start` and `end` are UTC instants."""

    path: str
    node: Node
    start: datetime
    end: datetime
    depth: int
    parent: str | None = None
    #: For a part with a budget, when the budget says it should end.
    planned_end: datetime | None = None

    @property
    def is_item(self) -> bool:
        return isinstance(self.node, Item)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def start_in(self, zone: ZoneInfo) -> datetime:
        """The start as a wall time in `zone` (an aware datetime)."""
        return self.start.astimezone(zone)

    def end_in(self, zone: ZoneInfo) -> datetime:
        """The end as a wall time in `zone` (an aware datetime)."""
        return self.end.astimezone(zone)


@attrs.frozen(kw_only=True)
class Timeline:
    """A placed programme: slots in programme order (each part before its children)."""

    event: Event
    slots: tuple[Slot, ...]
    start: datetime
    end: datetime
    #: Local times that a DST change skips or repeats, by path (``event.start``, ``parts[0].start``).
    local_time_issues: tuple[tuple[str, LocalTimeIssue], ...] = ()

    def items(self) -> Iterator[Slot]:
        """The slots of items (the leaves), in programme order."""
        return (slot for slot in self.slots if slot.is_item)

    def slot(self, path: str) -> Slot:
        """The slot at a path such as ``parts[1].items[0]``."""
        for slot in self.slots:
            if slot.path == path:
                return slot
        raise KeyError(path)

    def children(self, path: str) -> Iterator[Slot]:
        """The slots directly inside the part at `path`."""
        return (slot for slot in self.slots if slot.parent == path)

    def subtree(self, index: int) -> tuple[Slot, ...]:
        """The slot at `index` in `slots` and every slot inside it: the run after it that lies
        deeper (the slots are in pre-order)."""
        depth, end = self.slots[index].depth, index + 1
        while end < len(self.slots) and self.slots[end].depth > depth:
            end += 1
        return self.slots[index:end]


def build_timeline(agenda: Agenda, policy: DstPolicy = DstPolicy.COMPATIBLE) -> Timeline:
    """Place every node of `agenda` in time. DST-affected local times are resolved by `policy`
    (RFC 5545's by default) and listed in `Timeline.local_time_issues`."""
    issues: list[tuple[str, LocalTimeIssue]] = []

    def instant(path: str, wall: datetime) -> datetime:
        resolved, issue = resolve_local(wall, policy)
        if issue is not None:
            issues.append((path, issue))
        return resolved.astimezone(UTC)

    slots: list[Slot] = []

    def place(nodes: Sequence[Node], cursor: datetime, prefix: str, depth: int, parent: str | None) -> datetime:
        for index, node in enumerate(nodes):
            path = f"{prefix}[{index}]"
            start = instant(f"{path}.start", node.start) if node.start is not None else cursor
            if isinstance(node, Item):
                end = start + node.duration
                slots.append(Slot(path=path, node=node, start=start, end=end, depth=depth, parent=parent))
            else:
                position = len(slots)
                slots.append(Slot(path=path, node=node, start=start, end=start, depth=depth, parent=parent))
                # A part ends with its last child, never before its own start (children with
                # fixed starts may all lie earlier: the checks report them as outside it).
                end = max(start, place(node.items, start, f"{path}.items", depth + 1, path))
                planned = start + node.allotted if node.allotted is not None else None
                if planned is not None and planned > end:
                    end = planned
                slots[position] = attrs.evolve(slots[position], end=end, planned_end=planned)
            cursor = end
        return cursor

    begin = instant("event.start", agenda.event.start)
    finish = place(agenda.parts, begin, "parts", 0, None)
    return Timeline(
        event=agenda.event,
        slots=tuple(slots),
        start=begin,
        end=max([finish, *(s.end for s in slots)]),
        local_time_issues=tuple(issues),
    )
