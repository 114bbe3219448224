"""What changed between two versions of an agenda. Pure: two agendas in, a list of changes out.

Parts and items are matched by key (`agenda._timeline.node_keys`, the keys the calendar UIDs are
made from, so the diff sees what a calendar sees): renaming a talk is a rename, not a removal and
an addition. Speakers and organisations are matched by id, audiences by name (a new name reads as
one audience removed and another added). Times are compared as instants and shown in the new
version's event zone.

Every change a calendar user can see is reported: the event's own fields (id, title, zone, start,
booked end, description, language, platform and its link, organizer, recurrence, url, colour),
each part's and item's place, times, title, people (speakers, or a part's chair), kind, duration,
allotted budget, fixed start and description, and every field of the speakers, organisations and
audiences. The fields compared come from the model (`agenda._model.diff_fields`), so a field
added there is compared too. Left out, because no calendar or invitation shows them: the ``[check]`` settings, the
event's ``revision`` (the SEQUENCE counter, not content), and the order of the speakers,
organisations and audiences lists. Two agendas whose files differ only in those have no changes.

JSON shape (``AgendaDiff.to_json``)::

    {"zone": "Europe/Moscow",
     "changes": [{"change": "added" | "removed" | "moved" | "retimed" | "renamed" | "speakers"
                            | "edited",
                  "key": "item:welcome",        # or part:ID, event, speaker:ID, organization:ID,
                                                # audience:NAME; a part's or item's id that
                                                # repeats is qualified as calendar UIDs are
                                                # (part-2.q-a), a person's gets "#2"
                  "fields": ["description"],    # "edited": the details that differ; else []
                  "old": STATE | null,          # null for "added"
                  "new": STATE | null}]}        # null for "removed"

    STATE of the event, a part or an item:
        {"kind": "event" | "part" | "item", "id", "title", "path", "parent" (a key or null),
         "start", "end" (ISO 8601 with offset, in the zone above), "people": [ids],
         "details": {name: text or null}}
    STATE of a speaker, organisation or audience:
        {"kind": "speaker" | "organization" | "audience", "id", "title" (the name), "path",
         "details": {name: text or null}}
"""

from __future__ import annotations

import bisect
import enum
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs

from agenda import _words as words
from agenda._languages import Localized
from agenda._model import Agenda, Event, Interval, Item, Node, diff_fields
from agenda._timeline import Slot, build_timeline
from agenda._times import DstPolicy, LocalHours, as_instant, zone_key

__all__ = [
    "AgendaDiff",
    "Change",
    "ChangeKind",
    "EntryState",
    "NodeState",
    "diff_agendas",
    "format_diff",
    "node_key",
]

#: (name, value) pairs; values compare as the model's do, except that a datetime is kept as text
#: (its zone key and offset), so that the same instant in another zone counts as a change.
Details = tuple[tuple[str, object], ...]


class ChangeKind(enum.Enum):
    """What happened to one part, item, person or audience (or to the event itself)."""

    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    RETIMED = "retimed"
    RENAMED = "renamed"
    SPEAKERS = "speakers"
    EDITED = "edited"


@attrs.frozen(kw_only=True)
class NodeState:
    """A part or item (or the event) as it stands in one version: where it is, when, who speaks
    (or chairs), and its other details as text (``duration``, ``description``...).

    `start` and `end` are the wall times in the diff's zone, as they are written, and compare
    as instants: two states an hour apart in a DST fold (01:30 EDT and 01:30 EST) differ.
    Subtract them as instants too (`length`, `agenda._times.as_instant`)."""

    kind: str
    id: str
    title: str
    path: str
    parent: str | None
    start: datetime = attrs.field(eq=as_instant)
    end: datetime = attrs.field(eq=as_instant)
    people: tuple[str, ...]
    details: Details = ()

    @property
    def length(self) -> timedelta:
        """The exact time from start to end, whatever the clocks do between them."""
        return as_instant(self.end) - as_instant(self.start)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "path": self.path,
            "parent": self.parent,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "people": list(self.people),
            "details": {name: _text(value) for name, value in self.details},
        }


@attrs.frozen(kw_only=True)
class EntryState:
    """A speaker, organisation or audience as declared in one version; `title` is its name."""

    kind: str
    id: str
    title: str
    path: str
    details: Details = ()

    def to_json(self) -> dict[str, Any]:
        details = {name: _text(value) for name, value in self.details}
        return {"kind": self.kind, "id": self.id, "title": self.title, "path": self.path, "details": details}


State = NodeState | EntryState
_S = TypeVar("_S", NodeState, EntryState)


@attrs.frozen(kw_only=True)
class Change:
    """One change to the node with this `key` (``item:welcome``, ``part:part-2``, ``event``,
    ``speaker:olga``...). `fields` names the details that differ in an ``edited`` change."""

    kind: ChangeKind
    key: str
    old: State | None
    new: State | None
    fields: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        state = self.new or self.old
        return state.title if state else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "change": self.kind.value,
            "key": self.key,
            "fields": list(self.fields),
            "old": self.old.to_json() if self.old else None,
            "new": self.new.to_json() if self.new else None,
        }


@attrs.frozen(kw_only=True)
class AgendaDiff:
    """Every change between two agendas: the event first, then the programme in the new order
    (removals where they were), then speakers, organisations and audiences."""

    zone: ZoneInfo
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def keys(self, *kinds: ChangeKind) -> frozenset[str]:
        """The keys of the nodes with a change of one of these kinds (any kind if none given)."""
        return frozenset(c.key for c in self.changes if not kinds or c.kind in kinds)

    def to_json(self) -> dict[str, Any]:
        return {"zone": zone_key(self.zone), "changes": [c.to_json() for c in self.changes]}


def _numbered(bases: Iterable[str]) -> Iterator[str]:
    """Each base as it is, with ``#2``, ``#3`` appended when it repeats, so every key is unique."""
    seen: Counter[str] = Counter()
    for base in bases:
        seen[base] += 1
        yield base if seen[base] == 1 else f"{base}#{seen[base]}"


def node_key(slot: Slot) -> str:
    """A part's or item's key in a diff: ``item:KEY`` / ``part:KEY``, where KEY is the node's key
    of `agenda._timeline.node_keys`, the one its calendar UID is made from."""
    return f"{'item' if slot.is_item else 'part'}:{slot.key}"


# ---------------------------------------------------------------------------------------------
# States: what each version says, as comparable values


def _text(value: object) -> str | None:
    """A detail as text: equal values give equal text, so comparing texts compares values."""
    if value is None:
        return None
    if isinstance(value, datetime):
        # The offset tells the two readings of a repeated wall time apart; the key, the zone.
        zone = value.tzinfo
        return f"{value.isoformat()} {zone_key(zone)}" if isinstance(zone, ZoneInfo) else value.isoformat()
    if isinstance(value, timedelta):
        return words.format_duration(value) if value == timedelta(seconds=int(value.total_seconds())) else str(value)
    if isinstance(value, ZoneInfo):
        return zone_key(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _value(value: object) -> object:
    """A field's value as it is compared: raw when equal values mean the same (formatting 10,000
    durations would cost more than the whole comparison), else as text."""
    if value is None or isinstance(value, (str, int, timedelta, enum.Enum)):
        return value
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Interval):
        return f"{_text(value.start)} to {_text(value.end)}"
    if isinstance(value, LocalHours):
        return f"{value.start.isoformat()}-{value.end.isoformat()}"
    if isinstance(value, tuple):
        return ", ".join(str(_value(member)) for member in value) or None
    return _text(value)


def _details(value: object) -> Details:
    """Every field of `value` that diff compares (`agenda._model.diff_fields`), in field order,
    under its label. A nested value whose class says how it reads (``__str__``: an organizer, a
    recurrence) is compared as that text; another (a platform) field by field: its name under
    the outer field's label (``platform``), the others after it (``platform url``)."""
    found: list[tuple[str, object]] = []
    for name, label in _fields(type(value)):
        if isinstance(value, Event) and name == "start":
            found.append(("zone", _text(value.zone)))  # the file's own key, written before start
        found.extend(_field(label, getattr(value, name), _nested(value, name)))
    return tuple(found)


def _field(label: str, value: object, nested: type | None) -> Iterator[tuple[str, object]]:
    if nested is None:
        yield label, _value(value)
        return
    if "__str__" in vars(nested):
        yield label, str(value) if value is not None else None
        return
    for name, inner in _fields(nested):
        member = getattr(value, name) if value is not None else None
        yield from _field(label if name == "name" else f"{label} {inner}", member, None)


_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}
_NESTED: dict[type, dict[str, type | None]] = {}


def _fields(cls: type) -> tuple[tuple[str, str], ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = diff_fields(cls)
    return _FIELDS[cls]


def _nested_types(cls: type) -> dict[str, type | None]:
    """For each field of `cls`, the model class it holds (an optional one too), if any."""
    if cls not in _NESTED:
        found: dict[str, type | None] = {}
        for name, hint in typing.get_type_hints(cls).items():
            members = [m for m in typing.get_args(hint) if m is not type(None)] or [hint]
            kind = members[0] if len(members) == 1 else None
            nested = isinstance(kind, type) and attrs.has(kind) and kind.__module__ == Agenda.__module__
            found[name] = kind if nested and kind is not Interval else None
        _NESTED[cls] = found
    return _NESTED[cls]


def _nested(value: object, name: str) -> type | None:
    return _nested_types(type(value)).get(name)


def _node_details(node: Node) -> Details:
    return _details(node)


def _event_details(event: Event) -> Details:
    return _details(event)


def _in_languages(text: str, language: str) -> Localized:
    """A text by language, a plain one in `language` (the event's): so that adding, changing or
    removing one language's text is a change, and says which language."""
    return text if isinstance(text, Localized) else Localized({language: text})


def _programme(
    agenda: Agenda, zone: ZoneInfo, policy: DstPolicy, language: str
) -> tuple[NodeState, dict[str, NodeState]]:
    """The event's state and every node's, by key, from one timeline; times shown in `zone`,
    titles by language (plain ones in `language`)."""
    timeline = build_timeline(agenda, policy)
    key_of_path: dict[str, str] = {}
    states: dict[str, NodeState] = {}
    for slot in timeline.slots:
        path, node, key = slot.path, slot.node, node_key(slot)
        key_of_path[path] = key
        people: tuple[str, ...] = node.speakers if isinstance(node, Item) else (node.chair,) if node.chair else ()
        states[key] = NodeState(
            kind="item" if isinstance(node, Item) else "part",
            id=node.id,
            title=_in_languages(node.title, language),
            path=path,
            parent=key_of_path[slot.parent] if slot.parent else None,
            start=slot.start.astimezone(zone),
            end=slot.end.astimezone(zone),
            people=people,
            details=_node_details(node),
        )
    event = NodeState(
        kind="event",
        id=agenda.event.id,
        title=_in_languages(agenda.event.title, language),
        path="event",
        parent=None,
        start=timeline.start.astimezone(zone),
        end=timeline.end.astimezone(zone),
        people=(),
        details=_event_details(agenda.event),
    )
    return event, states


def _entries(agenda: Agenda, language: str) -> dict[str, EntryState]:
    """Speakers, organisations and audiences by key (``speaker:ID``, ``organization:ID``, ``audience:NAME``)."""
    # (kind, list key, entries as (id, title, details)); audiences are known by their name.
    groups = (
        ("speaker", "speakers", [(x.id, x.name, _details(x)) for x in agenda.speakers]),
        (
            "organization",
            "organizations",
            [(x.id, _in_languages(x.name, language), _details(x)) for x in agenda.organizations],
        ),
        ("audience", "audiences", [(x.name, x.name, _details(x)) for x in agenda.audiences]),
    )
    found = [
        (f"{kind}:{ident}", EntryState(kind=kind, id=ident, title=title, path=f"{key}[{index}]", details=details))
        for kind, key, entries in groups
        for index, (ident, title, details) in enumerate(entries)
    ]
    return dict(zip(_numbered(key for key, _ in found), (state for _, state in found), strict=True))


# ---------------------------------------------------------------------------------------------
# Comparing


def _kept_in_order(sequence: Sequence[int]) -> set[int]:
    """The positions of one longest increasing run (not necessarily adjacent) in `sequence`:
    O(n log n) by patience sorting."""
    tails: list[int] = []  # tails[k]: the smallest last value of an increasing run of length k+1
    tail_at: list[int] = []  # tail_at[k]: its position
    before: list[int] = []  # for each position, the position before it in its run (-1: none)
    for position, value in enumerate(sequence):
        length = bisect.bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[length] = value
            tail_at[length] = position
        before.append(tail_at[length - 1] if length else -1)
    kept: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position != -1:
        kept.add(position)
        position = before[position]
    return kept


def _moved(old: Mapping[str, NodeState], new: Mapping[str, NodeState]) -> set[str]:
    """Nodes whose parent changed, or that left their place among siblings both versions share:
    the fewest, i.e. those outside a longest common order, so swapping two talks moves one."""
    old_index = {key: index for index, key in enumerate(old)}
    moved: set[str] = set()
    siblings: dict[str | None, list[str]] = {}
    for key, state in new.items():
        if key not in old_index:
            continue
        if old[key].parent != state.parent:
            moved.add(key)
        else:
            siblings.setdefault(state.parent, []).append(key)
    for keys in siblings.values():
        kept = _kept_in_order([old_index[key] for key in keys])
        moved.update(key for position, key in enumerate(keys) if position not in kept)
    return moved


def _merged(
    before: Mapping[str, _S], after: Mapping[str, _S], compare: Callable[[str, _S, _S], Iterator[Change]]
) -> Iterator[Change]:
    """Changes in the new order; a removal just before the first surviving entry that followed it."""
    order = {key: index for index, key in enumerate(before)}
    removed = [key for key in before if key not in after]
    next_removed = 0
    for key, state in after.items():
        if key in order:
            while next_removed < len(removed) and order[removed[next_removed]] < order[key]:
                gone = removed[next_removed]
                next_removed += 1
                yield Change(kind=ChangeKind.REMOVED, key=gone, old=before[gone], new=None)
            yield from compare(key, before[key], state)
        else:
            yield Change(kind=ChangeKind.ADDED, key=key, old=None, new=state)
    for gone in removed[next_removed:]:
        yield Change(kind=ChangeKind.REMOVED, key=gone, old=before[gone], new=None)


def _edited(key: str, old: State, new: State, *, retimed: bool = False) -> Iterator[Change]:
    # A new duration, or a start set in both versions, is already told by the retimed change.
    shown_by_retime = {"start", "fixed start", "duration"} if retimed else set()
    old_details = dict(old.details)
    fields = tuple(
        name
        for name, value in new.details
        if old_details.get(name) != value and not (name in shown_by_retime and old_details.get(name) and value)
    )
    if fields:
        yield Change(kind=ChangeKind.EDITED, key=key, old=old, new=new, fields=fields)


def _compare_nodes(key: str, old: NodeState, new: NodeState, *, moved: bool) -> Iterator[Change]:
    if moved:
        yield Change(kind=ChangeKind.MOVED, key=key, old=old, new=new)
    # As instants: the same wall time an hour later in a DST fold is a new time.
    retimed = (as_instant(old.start), as_instant(old.end)) != (as_instant(new.start), as_instant(new.end))
    if retimed:
        yield Change(kind=ChangeKind.RETIMED, key=key, old=old, new=new)
    if old.title != new.title:
        yield Change(kind=ChangeKind.RENAMED, key=key, old=old, new=new)
    if old.people != new.people:
        yield Change(kind=ChangeKind.SPEAKERS, key=key, old=old, new=new)
    yield from _edited(key, old, new, retimed=retimed)


def _compare_entries(key: str, old: EntryState, new: EntryState) -> Iterator[Change]:
    if old.title != new.title:
        yield Change(kind=ChangeKind.RENAMED, key=key, old=old, new=new)
    yield from _edited(key, old, new)


def diff_agendas(old: Agenda, new: Agenda, policy: DstPolicy = DstPolicy.COMPATIBLE) -> AgendaDiff:
    """The changes from `old` to `new`: the event's fields (key ``event``); parts and items added,
    removed, moved, retimed, renamed, with speakers (or a part's chair) changed or other details
    edited; speakers, organisations and audiences added, removed, renamed or edited."""
    zone = new.event.zone
    # Plain texts are in the event's language; "" where neither version names one.
    language = new.event.language or old.event.language or ""
    event_before, before = _programme(old, zone, policy, language)
    event_after, after = _programme(new, zone, policy, language)
    moved = _moved(before, after)
    changes = list(_compare_nodes("event", event_before, event_after, moved=False))
    changes.extend(_merged(before, after, lambda key, a, b: _compare_nodes(key, a, b, moved=key in moved)))
    changes.extend(_merged(_entries(old, language), _entries(new, language), _compare_entries))
    return AgendaDiff(zone=zone, changes=tuple(changes))


# ---------------------------------------------------------------------------------------------
# Text


def _span(state: NodeState, zone: ZoneInfo, first_day: datetime) -> str:
    return words.span(state.start, state.end, zone, first_day)


def _short(value: str | None, limit: int = 60) -> str:
    if value is None:
        return "(none)"
    text = value if len(value) <= limit else value[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return repr(text)


def format_diff(diff: AgendaDiff, old: Agenda, new: Agenda) -> str:
    """A readable list of the changes, times in the event's zone with their offset and date shift."""
    zone = diff.zone
    first_day = new.event.start.astimezone(zone)
    count = len(diff.changes)
    header = (
        f"{old.event.id} -> {new.event.id}: {count} change{'s' if count != 1 else ''}"
        f" (times in {words.zone_name(first_day, zone, inline=True)}; day shifts from {first_day:%a %d %b %Y})"
    )
    lines = [f"  {c.kind.value:<9}{c.key}  {_describe(c, zone, first_day)}" for c in diff.changes]
    return "\n".join([header, *lines]) + "\n"


def _renamed(old: str, new: str) -> str:
    """``'Old' -> 'New'``; for texts by language, each language that changed."""
    before = old.texts if isinstance(old, Localized) else {"": old}
    after = new.texts if isinstance(new, Localized) else {"": new}
    if len(before) == len(after) == 1 and before.keys() == after.keys():
        return f"{old!r} -> {new!r}"
    changed = []
    for language in dict.fromkeys([*before, *after]):
        was, now = before.get(language), after.get(language)
        if was == now:
            continue
        what = f"added {now!r}" if was is None else f"removed {was!r}" if now is None else f"{was!r} -> {now!r}"
        changed.append(f"({language or 'no language'}) {what}")
    return "; ".join(changed)


def _where(state: State, zone: ZoneInfo, first_day: datetime, *, was: bool = False) -> str:
    if isinstance(state, NodeState):
        return f"{state.path}, {'was ' if was else ''}{_span(state, zone, first_day)}"
    return state.path


def _describe(change: Change, zone: ZoneInfo, first_day: datetime) -> str:
    old, new = change.old, change.new
    if new is None:
        return f"{old.title!r} from {_where(old, zone, first_day, was=True)}" if old else ""
    if old is None:
        return f"{new.title!r} at {_where(new, zone, first_day)}"
    if change.kind is ChangeKind.MOVED:
        return f"{new.title!r}: {old.path} -> {new.path}"
    if change.kind is ChangeKind.RETIMED and isinstance(old, NodeState) and isinstance(new, NodeState):
        return f"{new.title!r}: {_span(old, zone, first_day)} -> {_span(new, zone, first_day)}"
    if change.kind is ChangeKind.RENAMED:
        return _renamed(old.title, new.title)
    if change.kind is ChangeKind.EDITED:
        old_details, new_details = dict(old.details), dict(new.details)
        edits = [
            f"{name} {_short(_text(old_details.get(name)))} -> {_short(_text(new_details.get(name)))}"
            for name in change.fields
        ]
        return f"{new.title!r}: {'; '.join(edits)}"
    old_people = old.people if isinstance(old, NodeState) else ()
    new_people = new.people if isinstance(new, NodeState) else ()
    # Counted, so that a speaker listed twice and then once is a removal, not a new order.
    gained = list((Counter(new_people) - Counter(old_people)).elements())
    lost = list((Counter(old_people) - Counter(new_people)).elements())
    moves = [*(f"+{p}" for p in gained), *(f"-{p}" for p in lost)] or ["order changed"]
    return f"{new.title!r}: {', '.join(moves)}"
