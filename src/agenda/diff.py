"""What changed between two versions of an agenda. Pure: two agendas in, a list of changes out.

Parts and items are matched by id (the same ids the calendar UIDs are made from), so renaming a
talk is a rename, not a removal and an addition. Times are compared as instants and shown in the
event's own zone.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from agenda.model import Agenda, Item, Node, Part
from agenda.timeline import Slot, build_timeline
from agenda.times import DstPolicy, format_offset, zone_key

__all__ = ["AgendaDiff", "Change", "ChangeKind", "NodeState", "diff_agendas", "format_diff", "node_keys"]


class ChangeKind(enum.Enum):
    """What happened to one part or item (or to the event itself)."""

    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    RETIMED = "retimed"
    RENAMED = "renamed"
    SPEAKERS = "speakers"


@attrs.frozen(kw_only=True)
class NodeState:
    """A part or item as it stands in one version: where it is, when, who speaks (or chairs)."""

    kind: str
    id: str
    title: str
    path: str
    parent: str | None
    start: datetime
    end: datetime
    people: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "path": self.path,
            "parent": self.parent,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "people": list(self.people),
        }


@attrs.frozen(kw_only=True)
class Change:
    """One change to the node with this `key` (``item:welcome``, ``part:part-2``, ``event``)."""

    kind: ChangeKind
    key: str
    old: NodeState | None
    new: NodeState | None

    @property
    def title(self) -> str:
        state = self.new or self.old
        return state.title if state else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "change": self.kind.value,
            "key": self.key,
            "old": self.old.to_json() if self.old else None,
            "new": self.new.to_json() if self.new else None,
        }


@attrs.frozen(kw_only=True)
class AgendaDiff:
    """Every change between two agendas, in the new programme's order (removals where they were)."""

    zone: ZoneInfo
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def keys(self, *kinds: ChangeKind) -> frozenset[str]:
        """The keys of the nodes with a change of one of these kinds (any kind if none given)."""
        return frozenset(c.key for c in self.changes if not kinds or c.kind in kinds)

    def to_json(self) -> dict[str, Any]:
        return {"zone": zone_key(self.zone), "changes": [c.to_json() for c in self.changes]}


def node_keys(agenda: Agenda) -> Iterator[tuple[str, str, Node]]:
    """(key, path, node) for every part and item; keys are ``item:ID`` / ``part:ID``, with ``#2``,
    ``#3`` appended to an id that repeats, so every node has one key."""
    seen: dict[str, int] = {}
    for path, node in agenda.walk():
        base = f"{'part' if isinstance(node, Part) else 'item'}:{node.id}"
        count = seen.get(base, 0) + 1
        seen[base] = count
        yield (base if count == 1 else f"{base}#{count}"), path, node


def _states(agenda: Agenda, policy: DstPolicy) -> dict[str, NodeState]:
    zone = agenda.event.zone
    slots: dict[str, Slot] = {slot.path: slot for slot in build_timeline(agenda, policy).slots}
    key_of_path: dict[str, str] = {}
    states: dict[str, NodeState] = {}
    for key, path, node in node_keys(agenda):
        key_of_path[path] = key
        slot = slots[path]
        if isinstance(node, Item):
            people: tuple[str, ...] = node.speakers
        else:
            people = (node.chair,) if node.chair else ()
        states[key] = NodeState(
            kind="part" if isinstance(node, Part) else "item",
            id=node.id,
            title=node.title,
            path=path,
            parent=key_of_path[slot.parent] if slot.parent else None,
            start=slot.start.astimezone(zone),
            end=slot.end.astimezone(zone),
            people=people,
        )
    return states


def _moved(old: dict[str, NodeState], new: dict[str, NodeState]) -> set[str]:
    """Nodes whose parent changed, or that left their place among siblings both versions share
    (the ones outside the longest common order, so swapping two talks moves one, not all)."""
    common = [key for key in new if key in old]
    moved = {key for key in common if old[key].parent != new[key].parent}
    parents = {new[key].parent for key in common}
    for parent in parents:
        siblings = [key for key in common if key not in moved and new[key].parent == parent]
        before = [key for key in old if key in siblings]
        matcher = SequenceMatcher(a=before, b=siblings, autojunk=False)
        blocks = matcher.get_matching_blocks()
        kept = {key for block in blocks for key in siblings[block.b : block.b + block.size]}
        moved.update(key for key in siblings if key not in kept)
    return moved


def diff_agendas(old: Agenda, new: Agenda, policy: DstPolicy = DstPolicy.COMPATIBLE) -> AgendaDiff:
    """The changes from `old` to `new`: parts and items added, removed, moved, retimed, renamed,
    and speakers (or a part's chair) changed. The event itself appears as key ``event``."""
    zone = new.event.zone
    before, after = _states(old, policy), _states(new, policy)
    moved = _moved(before, after)
    changes: list[Change] = []

    event_old = _event_state(old, policy, zone)
    event_new = _event_state(new, policy, zone)
    changes.extend(_compare("event", event_old, event_new, moved=False))

    order = {key: index for index, key in enumerate(before)}
    removed = [key for key in before if key not in after]
    for key, state in after.items():
        # A removal is listed just before the first surviving node that followed it.
        while removed and key in order and order[removed[0]] < order[key]:
            gone = removed.pop(0)
            changes.append(Change(kind=ChangeKind.REMOVED, key=gone, old=before[gone], new=None))
        if key not in before:
            changes.append(Change(kind=ChangeKind.ADDED, key=key, old=None, new=state))
        else:
            changes.extend(_compare(key, before[key], state, moved=key in moved))
    changes.extend(Change(kind=ChangeKind.REMOVED, key=gone, old=before[gone], new=None) for gone in removed)
    return AgendaDiff(zone=zone, changes=tuple(changes))


def _event_state(agenda: Agenda, policy: DstPolicy, zone: ZoneInfo) -> NodeState:
    timeline = build_timeline(agenda, policy)
    return NodeState(
        kind="event",
        id=agenda.event.id,
        title=agenda.event.title,
        path="event",
        parent=None,
        start=timeline.start.astimezone(zone),
        end=timeline.end.astimezone(zone),
        people=(),
    )


def _compare(key: str, old: NodeState, new: NodeState, *, moved: bool) -> Iterator[Change]:
    if moved:
        yield Change(kind=ChangeKind.MOVED, key=key, old=old, new=new)
    if (old.start, old.end) != (new.start, new.end):
        yield Change(kind=ChangeKind.RETIMED, key=key, old=old, new=new)
    if old.title != new.title:
        yield Change(kind=ChangeKind.RENAMED, key=key, old=old, new=new)
    if old.people != new.people:
        yield Change(kind=ChangeKind.SPEAKERS, key=key, old=old, new=new)


# ---------------------------------------------------------------------------------------------
# Text

DASH = "\N{EN DASH}"


def _span(state: NodeState, zone: ZoneInfo, first_day: datetime) -> str:
    start, end = state.start.astimezone(zone), state.end.astimezone(zone)
    shift = (start.date() - first_day.date()).days
    day = f" ({shift:+d} day{'s' if abs(shift) != 1 else ''})" if shift else ""
    end_shift = (end.date() - start.date()).days
    end_text = end.strftime("%H:%M") + (f" (+{end_shift} day)" if end_shift else "")
    return f"{start:%H:%M}{day}{DASH}{end_text}"


def format_diff(diff: AgendaDiff, old: Agenda, new: Agenda) -> str:
    """A readable list of the changes, times in the event's zone with their offset and date shift."""
    zone = diff.zone
    first_day = new.event.start.astimezone(zone)
    offset = format_offset(first_day.utcoffset())
    header = (
        f"{old.event.id} -> {new.event.id}: {len(diff.changes)} change{'s' if len(diff.changes) != 1 else ''}"
        f" (times in {zone_key(zone)}, {offset}; day shifts from {first_day:%a %d %b %Y})"
    )
    lines = [f"  {c.kind.value:<9}{c.key}  {_describe(c, zone, first_day)}" for c in diff.changes]
    return "\n".join([header, *lines]) + "\n"


def _describe(change: Change, zone: ZoneInfo, first_day: datetime) -> str:
    old, new = change.old, change.new
    if old is None:
        return f"{new.title!r} at {new.path}, {_span(new, zone, first_day)}" if new else ""
    if new is None:
        return f"{old.title!r} from {old.path}, was {_span(old, zone, first_day)}"
    if change.kind is ChangeKind.MOVED:
        return f"{new.title!r}: {old.path} -> {new.path}"
    if change.kind is ChangeKind.RETIMED:
        return f"{new.title!r}: {_span(old, zone, first_day)} -> {_span(new, zone, first_day)}"
    if change.kind is ChangeKind.RENAMED:
        return f"{old.title!r} -> {new.title!r}"
    gained = [p for p in new.people if p not in old.people]
    lost = [p for p in old.people if p not in new.people]
    moves = [*(f"+{p}" for p in gained), *(f"-{p}" for p in lost)] or ["order changed"]
    return f"{new.title!r}: {', '.join(moves)}"
