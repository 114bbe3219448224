"""The timeline: every part and item of a programme placed at absolute instants. Pure.

Items follow one another from the event's start; an item or part with a fixed `start` begins
there, and what follows it continues from its end. A part with an `allotted` budget occupies at
least that budget, so the next part starts on schedule when a block finishes early, and later
when it overruns (the drift the checks report).

Every node has a path (``parts[1].items[0]``, which changes when the programme is reordered) and
a key (`node_keys`: its id, which does not); a timeline finds a slot by either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from agenda import _paths as paths
from agenda import _words as words
from agenda._gc import collection_paused
from agenda._model import Agenda, Event, Item, ItemKind, Node, Part, Speaker
from agenda._times import DstPolicy, LocalHours, LocalTimeIssue, get_zone, resolve_local, zone_key
from agenda.exceptions import UnknownNodeError

__all__ = ["OutsideHours", "Slot", "TableRow", "Timeline", "build_timeline", "node_keys"]


def node_keys(agenda: Agenda) -> dict[str, str]:
    """Path -> a key unique within the agenda, in programme order: the node's id, or the ids from
    the top of the programme down to it joined by dots when the id alone repeats
    (``part-2.q-and-a``), numbered (``-2``) if even that repeats.

    The one id scheme: calendar UIDs are made from these keys, `agenda diff` matches nodes by them,
    and `Timeline` looks slots up by them."""
    chains: dict[str, tuple[str, ...]] = {}
    for path, node in agenda.walk():
        above = paths.parent(path)
        chains[path] = (*(chains[above] if above is not None else ()), node.id)
    counts: dict[str, int] = {}
    for chain in chains.values():
        counts[chain[-1]] = counts.get(chain[-1], 0) + 1
    keys: dict[str, str] = {}
    seen: set[str] = set()
    for path, chain in chains.items():
        key = chain[-1] if counts[chain[-1]] == 1 else ".".join(chain)
        candidate, number = key, 1
        while candidate in seen:
            number += 1
            candidate = f"{key}-{number}"
        seen.add(candidate)
        keys[path] = candidate
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
        by_id: dict[str, list[str]] = {}
        for index, slot in enumerate(self.slots):
            position[slot.path] = index
            position.setdefault(slot.key, index)
            by_id.setdefault(slot.id, []).append(slot.key)
        repeated = {ident: tuple(keys) for ident, keys in by_id.items() if len(keys) > 1}
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

    def _outside(self, slot: Slot, who: str, zone: ZoneInfo, hours: LocalHours) -> OutsideHours | None:
        if hours.contains(slot.start.astimezone(zone), slot.end.astimezone(zone)):
            return None
        span = words.span(slot.start, slot.end, zone, self._reference())
        return OutsideHours(slot=slot, who=who, zone=zone, hours=hours, span=span)

    def outside_hours(
        self, zone: str | ZoneInfo, hours: str | LocalHours, *, breaks: bool = False
    ) -> tuple[OutsideHours, ...]:
        """The items that start or end outside `hours` (``"09:00-21:00"`` or a `LocalHours`) in
        `zone`, e.g. an audience's; breaks are left out unless `breaks` is true."""
        where, window = _zone(zone), _hours(hours)
        found = (
            self._outside(slot, zone_key(where), where, window)
            for slot in self.items()
            if breaks or not (isinstance(slot.node, Item) and slot.node.kind is ItemKind.BREAK)
        )
        return tuple(entry for entry in found if entry is not None)

    def speakers_outside(self, speakers: Iterable[Speaker], hours: str | LocalHours) -> tuple[OutsideHours, ...]:
        """Each item and speaker (of `speakers`, those with a zone) where the speaker talks outside
        `hours` in their own zone, in programme order: "who speaks after 20:00 their time?"."""
        window = _hours(hours)
        zones: dict[str, ZoneInfo | None] = {}
        for speaker in speakers:
            zones.setdefault(speaker.id, speaker.zone)  # the first declaration wins, as in the checks
        found: list[OutsideHours] = []
        for slot in self.items():
            speaking = slot.node.speakers if isinstance(slot.node, Item) else ()
            for speaker_id in dict.fromkeys(speaking):
                zone = zones.get(speaker_id)
                if zone is not None and (entry := self._outside(slot, speaker_id, zone, window)) is not None:
                    found.append(entry)
        return tuple(found)

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

    slots: list[Slot] = []

    def place(nodes: Sequence[Node], cursor: datetime, depth: int, parent: str | None) -> datetime:
        for index, node in enumerate(nodes):
            path = paths.child(parent, index)
            start = instant(f"{path}.start", node.start) if node.start is not None else cursor
            slot = Slot(path=path, key=keys[path], node=node, start=start, end=start, depth=depth, parent=parent)
            if isinstance(node, Part):
                position = len(slots)
                slots.append(slot)
                # A part ends with its last child, never before its own start (children with
                # fixed starts may all lie earlier: the checks report them as outside it).
                end = max(start, place(node.items, start, depth + 1, path))
                planned = start + node.allotted if node.allotted is not None else None
                if planned is not None and planned > end:
                    end = planned
                slots[position] = attrs.evolve(slots[position], end=end, planned_end=planned)
            else:
                end = start + node.duration
                slots.append(attrs.evolve(slot, end=end))
            cursor = end
        return cursor

    begin = instant("event.start", agenda.event.start)
    finish = place(agenda.parts, begin, 0, None)
    return Timeline(
        event=agenda.event,
        slots=tuple(slots),
        start=begin,
        end=max([finish, *(s.end for s in slots)]),
        local_time_issues=tuple(issues),
    )
