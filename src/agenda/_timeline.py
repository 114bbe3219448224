"""The timeline: every part and item of a programme placed at absolute instants. Pure.

Items follow one another from the event's start; an item or part with a fixed `start` begins
there, and what follows it continues from its end. A part with an `allotted` budget occupies at
least that budget, so the next part starts on schedule when a block finishes early, and later
when it overruns (the drift the checks report).

Every node has a path (``parts[1].items[0]``, which changes when the programme is reordered) and
a key (`node_keys`: its id, which does not); a timeline finds a slot by either.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from agenda import _paths as paths
from agenda import _words as words
from agenda._gc import collection_paused
from agenda._model import Agenda, Event, Item, ItemKind, Node, Part, Speaker
from agenda._times import (
    DstPolicy,
    LocalHours,
    LocalTimeIssue,
    ZoneOffsets,
    get_zone,
    instant_us,
    resolve_local,
    zone_key,
)
from agenda.exceptions import UnknownNodeError

__all__ = ["OutsideHours", "Slot", "TableRow", "Timeline", "build_timeline", "node_keys"]


def node_keys(agenda: Agenda) -> dict[str, str]:
    """Path -> a key unique within the agenda, in programme order: the node's id, or the ids from
    the top of the programme down to it joined by dots when the id alone repeats
    (``part-2.q-and-a``), numbered (``-2``) if even that repeats.

    The one id scheme: calendar UIDs are made from these keys, `agenda diff` matches nodes by them,
    and `Timeline` looks slots up by them."""
    keys = _Keys()
    keys.count(agenda.parts)
    return keys.of(agenda.parts, None, ())


class _Keys:
    """`node_keys`, depth first as `Agenda.walk` (without making the agenda keep its walk). Not a
    closure: a recursive one is a reference cycle, which keeps what it holds until the next full
    collection."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.seen: set[str] = set()
        self.keys: dict[str, str] = {}

    def count(self, nodes: Sequence[Node]) -> None:
        """How many nodes have each id."""
        for node in nodes:
            self.counts[node.id] = self.counts.get(node.id, 0) + 1
            if isinstance(node, Part):
                self.count(node.items)

    def of(self, nodes: Sequence[Node], parent: str | None, above: tuple[str, ...]) -> dict[str, str]:
        # The chain of ids is only joined for a repeated id.
        counts, seen, keys = self.counts, self.seen, self.keys
        for index, node in enumerate(nodes):
            path = paths.child(parent, index)
            ident = node.id
            key = ident if counts[ident] == 1 else ".".join((*above, ident))
            candidate, number = key, 1
            while candidate in seen:
                number += 1
                candidate = f"{key}-{number}"
            seen.add(candidate)
            keys[path] = candidate
            if isinstance(node, Part):
                self.of(node.items, path, (*above, ident))
        return keys


def _zone(zone: str | ZoneInfo) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else get_zone(zone)


def _hours(hours: str | LocalHours) -> LocalHours:
    return hours if isinstance(hours, LocalHours) else LocalHours.parse(hours)


@attrs.frozen(kw_only=True, repr=False)
class Slot:
    """Where one node of the programme lands. `start` and `end` are UTC instants; `path` is where
    the node sits (``parts[1].items[0]``), `key` what it is called (`node_keys`)."""

    path: str
    key: str
    node: Node
    start: datetime
    end: datetime
    depth: int
    #: The path of the part that holds this node; None at the top of the programme.
    parent: str | None = None
    #: For a part with a budget, when the budget says it should end.
    planned_end: datetime | None = None

    @property
    def id(self) -> str:
        """The node's own id (``block-2``)."""
        return self.node.id

    @property
    def title(self) -> str:
        return self.node.title

    @property
    def is_item(self) -> bool:
        return isinstance(self.node, Item)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def start_in(self, zone: str | ZoneInfo) -> datetime:
        """The start as a wall time in `zone`, an IANA key or a ZoneInfo (an aware datetime)."""
        return self.start.astimezone(_zone(zone))

    def end_in(self, zone: str | ZoneInfo) -> datetime:
        """The end as a wall time in `zone`, an IANA key or a ZoneInfo (an aware datetime)."""
        return self.end.astimezone(_zone(zone))

    def __repr__(self) -> str:
        kind = "item" if self.is_item else "part"
        when = f"{self.start:%Y-%m-%d} {words.clock(self.start, UTC)}{words.DASH}{words.clock(self.end, UTC)} UTC"
        return f"<Slot {self.path} {kind} {self.key!r} {when}>"


@attrs.frozen(kw_only=True, repr=False)
class TableRow:
    """One slot read in several zones: `starts` and `ends` are wall times, one per zone, and
    `spans` the same in words (``12:30–12:35``, ``00:30–01:00 (+1 day)``) from the event's date."""

    slot: Slot
    zones: tuple[ZoneInfo, ...]
    starts: tuple[datetime, ...]
    ends: tuple[datetime, ...]
    spans: tuple[str, ...]

    def __repr__(self) -> str:
        cells = ", ".join(f"{span} {zone_key(zone)}" for span, zone in zip(self.spans, self.zones, strict=True))
        return f"<TableRow {self.slot.key!r} {cells}>"


@attrs.frozen(kw_only=True, repr=False)
class OutsideHours:
    """A slot that starts or ends outside someone's local `hours` in their `zone`; `who` is the
    speaker's id, or the zone's key for a zone asked about directly."""

    slot: Slot
    who: str
    zone: ZoneInfo
    hours: LocalHours
    #: The slot in words in `zone`, with the day shift from the event's date (``20:30–20:50``).
    span: str

    def __repr__(self) -> str:
        return f"<OutsideHours {self.who!r} in {self.slot.key!r} {self.span} {zone_key(self.zone)}, hours {self.hours}>"

    @property
    def start(self) -> datetime:
        """The slot's start as a wall time in `zone`."""
        return self.slot.start.astimezone(self.zone)

    @property
    def end(self) -> datetime:
        """The slot's end as a wall time in `zone`."""
        return self.slot.end.astimezone(self.zone)


class Walls:
    """Each slot's start and end as instants (`instant_us`), and the UTC offsets of zones over
    them, each zone's worked out once: the wall time of a slot's end in a zone is then a sum
    (``end + offsets(zone).at(end)``) where ``astimezone`` would convert a datetime."""

    def __init__(self, slots: Sequence[Slot]) -> None:
        self.starts = array("q", [instant_us(slot.start) for slot in slots])
        self.ends = array("q", [instant_us(slot.end) for slot in slots])
        # Every end, also those of a slot that ends before it starts, lies in [low, high].
        self._low = min(min(self.starts, default=0), min(self.ends, default=0))
        self.high = max(max(self.starts, default=0), max(self.ends, default=0))
        self._zones: dict[ZoneInfo, ZoneOffsets] = {}
        #: The positions of the item slots, and of those among them that are no break: the
        #: questions about hours loop over these instead of testing every slot's node.
        self.items = array("l", [i for i, slot in enumerate(slots) if isinstance(slot.node, Item)])
        self.talks = array("l", [i for i in self.items if slots[i].node.kind is not ItemKind.BREAK])  # type: ignore[union-attr]

    def offsets(self, zone: ZoneInfo) -> ZoneOffsets:
        found = self._zones.get(zone)
        if found is None:
            found = self._zones[zone] = ZoneOffsets(zone, self._low, self.high)
        return found


@attrs.frozen(kw_only=True, repr=False)
class Timeline:
    """A placed programme: slots in programme order (each part before its children).

    ``timeline["block-2"]`` and ``timeline.slot("parts[1].items[1]")`` find a slot by key (see
    `node_keys`; a node's id unless the id repeats) or by path."""

    event: Event
    slots: tuple[Slot, ...]
    start: datetime
    end: datetime
    #: Local times that a DST change skips or repeats, by path (``event.start``, ``parts[0].start``).
    local_time_issues: tuple[tuple[str, LocalTimeIssue], ...] = ()
    # Indexes, built once: position by path and by key; the keys of each repeated id.
    _position: dict[str, int] = attrs.field(init=False, eq=False, hash=False)
    _repeated: dict[str, tuple[str, ...]] = attrs.field(init=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        position: dict[str, int] = {}
        first: dict[str, str] = {}  # id -> the key of its first slot
        by_id: dict[str, list[str]] = {}  # the keys of each id that repeats
        for index, slot in enumerate(self.slots):
            position[slot.path] = index
            position.setdefault(slot.key, index)
            ident = slot.node.id
            if ident in first:
                by_id.setdefault(ident, [first[ident]]).append(slot.key)
            else:
                first[ident] = slot.key
        repeated = {ident: tuple(keys) for ident, keys in by_id.items()}
        object.__setattr__(self, "_position", position)
        object.__setattr__(self, "_repeated", repeated)

    def __repr__(self) -> str:
        when = f"{self.start:%Y-%m-%d} {words.clock(self.start, UTC)}{words.DASH}{words.clock(self.end, UTC)} UTC"
        return f"<Timeline {self.event.title!r} {when}, {len(self.slots)} slots>"

    def __len__(self) -> int:
        return len(self.slots)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._position

    def __getitem__(self, key: str) -> Slot:
        """The slot with this key (``block-2``) or at this path (``parts[1].items[0]``)."""
        return self.slots[self._index(key)]

    def _index(self, key: str) -> int:
        position = self._position.get(key)
        if position is not None:
            return position
        raise UnknownNodeError(key, self._repeated.get(key, ()))

    def slot(self, key: str) -> Slot:
        """The slot with this key (``block-2``) or at this path (``parts[1].items[0]``)."""
        return self[key]

    def items(self) -> tuple[Slot, ...]:
        """The slots of items (the leaves), in programme order."""
        return tuple(slot for slot in self.slots if slot.is_item)

    def parts(self) -> tuple[Slot, ...]:
        """The slots of the parts at the top of the programme, in order."""
        return tuple(slot for slot in self.slots if slot.parent is None)

    def children(self, key: str) -> tuple[Slot, ...]:
        """The slots directly inside the part with this key or path, in order."""
        path = self[key].path
        return tuple(slot for slot in self.descendants(path) if slot.parent == path)

    def descendants(self, key: str) -> tuple[Slot, ...]:
        """Every slot inside the part with this key or path, at any depth, in programme order
        (not the part's own slot): a part's subtree."""
        position = self._index(key)
        depth = self.slots[position].depth
        end = position + 1
        while end < len(self.slots) and self.slots[end].depth > depth:
            end += 1
        return self.slots[position + 1 : end]

    # -- questions ---------------------------------------------------------------------------

    def _reference(self) -> datetime:
        return self.start.astimezone(self.event.zone)

    def table(self, zones: Iterable[str | ZoneInfo], *, items_only: bool = False) -> tuple[TableRow, ...]:
        """Every slot (or every item's, with `items_only`) read in each of `zones` (IANA keys or ZoneInfos)."""
        chosen = tuple(_zone(zone) for zone in zones)
        reference = self._reference()
        return tuple(
            TableRow(
                slot=slot,
                zones=chosen,
                starts=tuple(slot.start.astimezone(zone) for zone in chosen),
                ends=tuple(slot.end.astimezone(zone) for zone in chosen),
                spans=tuple(words.span(slot.start, slot.end, zone, reference) for zone in chosen),
            )
            for slot in (self.items() if items_only else self.slots)
        )

    def _outside(self, slot: Slot, who: str, zone: ZoneInfo, hours: LocalHours) -> OutsideHours:
        span = words.span(slot.start, slot.end, zone, self._reference())
        return OutsideHours(slot=slot, who=who, zone=zone, hours=hours, span=span)

    def outside_hours(
        self, zone: str | ZoneInfo, hours: str | LocalHours, *, breaks: bool = False
    ) -> tuple[OutsideHours, ...]:
        """The items that start or end outside `hours` (``"09:00-21:00"`` or a `LocalHours`) in
        `zone`, e.g. an audience's; breaks are left out unless `breaks` is true."""
        where, window = _zone(zone), _hours(hours)
        who = zone_key(where)
        return tuple(self._outside(slot, who, where, window) for slot, _ in self._items_outside(where, window, breaks))

    @functools.cached_property
    def _walls(self) -> Walls:
        """The slots' ends as integers and zones' offsets over them, for questions about local
        times asked of every slot (`outside_hours`, the checks)."""
        return Walls(self.slots)

    def _items_outside(self, zone: ZoneInfo, hours: LocalHours, breaks: bool) -> Iterator[tuple[Slot, int]]:
        """`outside_hours` without its words: each slot with its start's wall time in `zone`
        (`wall_us`), for the checks to phrase their own way."""
        if hours.whole_day:
            return
        walls, slots = self._walls, self.slots
        offsets, starts, ends, inside = walls.offsets(zone), walls.starts, walls.ends, hours.contains_wall
        at, constant = offsets.at, offsets.constant
        for index in walls.items if breaks else walls.talks:
            start, end = starts[index], ends[index]
            if constant is not None:  # no lookup where the offset never changes
                start, end = start + constant, end + constant
            else:
                start, end = start + at(start), end + at(end)
            if not inside(start, end, end <= start):
                yield slots[index], start

    def speakers_outside(self, speakers: Iterable[Speaker], hours: str | LocalHours) -> tuple[OutsideHours, ...]:
        """Each item and speaker (of `speakers`, those with a zone) where the speaker talks outside
        `hours` in their own zone, in programme order: "who speaks after 20:00 their time?"."""
        window = _hours(hours)
        return tuple(
            self._outside(slot, who, zone, window) for slot, who, zone in self._speakers_outside(speakers, window)
        )

    def _speakers_outside(self, speakers: Iterable[Speaker], hours: LocalHours) -> Iterator[tuple[Slot, str, ZoneInfo]]:
        """`speakers_outside` without its words: (slot, speaker id, the speaker's zone)."""
        zones: dict[str, ZoneInfo | None] = {}
        for speaker in speakers:
            zones.setdefault(speaker.id, speaker.zone)  # the first declaration wins, as in the checks
        if hours.whole_day:
            return
        walls, inside = self._walls, hours.contains_wall
        starts, ends = walls.starts, walls.ends
        clocks = {who: (zone, walls.offsets(zone)) for who, zone in zones.items() if zone is not None}
        slots = self.slots
        for index in walls.items:
            slot = slots[index]
            speaking = slot.node.speakers  # type: ignore[union-attr]
            for speaker_id in dict.fromkeys(speaking) if len(speaking) > 1 else speaking:
                clock = clocks.get(speaker_id)
                if clock is None:
                    continue
                zone, offsets = clock
                start, end = starts[index], ends[index]
                constant = offsets.constant
                if constant is not None:  # no lookup where the offset never changes
                    start, end = start + constant, end + constant
                else:
                    start, end = start + offsets.at(start), end + offsets.at(end)
                if not inside(start, end, end <= start):
                    yield slot, speaker_id, zone

    def _repr_html_(self) -> str:
        """The placed programme as HTML tables in the event's zone (how Jupyter shows a timeline)."""
        from agenda._formats.page import render_timeline_fragment

        return render_timeline_fragment(self)


@collection_paused()
def build_timeline(agenda: Agenda, policy: DstPolicy = DstPolicy.COMPATIBLE) -> Timeline:
    """Place every node of `agenda` in time. DST-affected local times are resolved by `policy`
    (RFC 5545's by default) and listed in `Timeline.local_time_issues`."""
    issues: list[tuple[str, LocalTimeIssue]] = []
    keys = node_keys(agenda)

    def instant(path: str, wall: datetime) -> datetime:
        resolved, issue = resolve_local(wall, policy)
        if issue is not None:
            issues.append((path, issue))
        return resolved.astimezone(UTC)

    placer = _Placer(iter(keys.items()), instant)
    begin = instant("event.start", agenda.event.start)
    finish = placer.place(agenda.parts, begin, 0, None)
    placed = tuple(slot for slot in placer.slots if slot is not None)
    return Timeline(
        event=agenda.event,
        slots=placed,
        start=begin,
        end=max([finish, *(s.end for s in placed)]),
        local_time_issues=tuple(issues),
    )


class _Placer:
    """Places nodes one after another, each part's slot before its children's. (Not a closure,
    as `_Keys`.)"""

    def __init__(self, keys: Iterator[tuple[str, str]], instant: Callable[[str, datetime], datetime]) -> None:
        #: (path, key) of every node, in the order they are placed (`node_keys`'s, depth first).
        self.keys, self.instant = keys, instant
        self.slots: list[Slot | None] = []

    def place(self, nodes: Sequence[Node], cursor: datetime, depth: int, parent: str | None) -> datetime:
        """Place `nodes` from `cursor` on; the end of the last. A fixed start is resolved by `instant`."""
        slots, keys = self.slots, self.keys
        for node in nodes:
            path, key = next(keys)
            start = self.instant(f"{path}.start", node.start) if node.start is not None else cursor
            if isinstance(node, Part):
                # The part's slot goes before its children's, once its end is known.
                position = len(slots)
                slots.append(None)
                # A part ends with its last child, never before its own start (children with
                # fixed starts may all lie earlier: the checks report them as outside it).
                end = max(start, self.place(node.items, start, depth + 1, path))
                planned = start + node.allotted if node.allotted is not None else None
                if planned is not None and planned > end:
                    end = planned
                slots[position] = Slot(
                    path=path,
                    key=key,
                    node=node,
                    start=start,
                    end=end,
                    depth=depth,
                    parent=parent,
                    planned_end=planned,
                )
            else:
                end = start + node.duration
                slots.append(Slot(path=path, key=key, node=node, start=start, end=end, depth=depth, parent=parent))
            cursor = end
        return cursor
