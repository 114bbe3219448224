"""Fit: make a programme fit a booked window. Pure.

Three modes, after Indico's rescheduler but with the kinds' meaning:

- ``pack`` closes unused budgets (a part that allots more than its items take gives the rest
  back), then, if the programme is still too long, shortens items: Q&A and breaks first, then the
  other items; opening and closing items never change, and no item goes below its kind's minimum.
- ``stretch`` fills unused budgets by lengthening the Q&A and breaks inside them, then lengthens
  (or, when too long, shortens as ``pack`` does) so that the programme ends with the window.
- ``shift`` changes no duration: it moves the whole event to a new start (or so that it ends with
  the window), keeping either every instant's distance (``keep="instant"``) or the wall-clock
  times of its fixed starts (``keep="wall"``).

A part's budget moves with its items, so budgets stay kept (no AG101 overrun, no AG102 unused
budget). Changes are whole minutes, shared out in proportion to what each item can give (or,
when growing, to its length), the remainders to the largest fractions, ties in programme order.
When the window cannot be met, the result says which constraint blocks it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Literal

import attrs

from agenda._model import Agenda, Item, ItemKind, Node, Part
from agenda._timeline import build_timeline
from agenda._times import format_duration
from agenda.exceptions import FitError

__all__ = ["DEFAULT_MINIMUMS", "PROTECTED", "FitError", "FitResult", "fit"]

#: The shortest an item of each kind may become. Opening and closing items are never changed.
DEFAULT_MINIMUMS: Mapping[ItemKind, timedelta] = {
    ItemKind.QA: timedelta(minutes=5),
    ItemKind.BREAK: timedelta(minutes=5),
    ItemKind.WELCOME: timedelta(minutes=2),
    ItemKind.KEYNOTE: timedelta(minutes=5),
    ItemKind.PRESENTATION: timedelta(minutes=5),
    ItemKind.PANEL: timedelta(minutes=10),
    ItemKind.OTHER: timedelta(minutes=2),
}
PROTECTED = frozenset({ItemKind.OPENING, ItemKind.CLOSING})
#: Who gives or takes time first.
_FIRST = frozenset({ItemKind.QA, ItemKind.BREAK})
_MINUTE = timedelta(minutes=1)

Mode = Literal["pack", "stretch", "shift"]
Keep = Literal["wall", "instant"]


@attrs.frozen(kw_only=True)
class FitResult:
    """The refitted agenda (the original one when `blocking` says why it cannot fit)."""

    agenda: Agenda
    target_end: datetime
    end_before: datetime
    end_after: datetime
    blocking: str | None = None

    @property
    def ok(self) -> bool:
        return self.blocking is None


@attrs.define
class _Entry:
    """A mutable mirror of one node while it is refitted."""

    path: str
    node: Node
    duration: timedelta | None = None
    allotted: timedelta | None = None
    children: list[_Entry] = attrs.Factory(list)
    parents: list[_Entry] = attrs.Factory(list)

    @property
    def kind(self) -> ItemKind | None:
        return self.node.kind if isinstance(self.node, Item) else None

    def content(self) -> timedelta:
        return sum((child.length() for child in self.children), timedelta(0))

    def length(self) -> timedelta:
        if self.duration is not None:
            return self.duration
        content = self.content()
        return max(content, self.allotted) if self.allotted is not None else content


def _entries(nodes: Sequence[Node], prefix: str, parents: list[_Entry]) -> list[_Entry]:
    found = []
    for index, node in enumerate(nodes):
        path = f"{prefix}[{index}]"
        if isinstance(node, Item):
            found.append(_Entry(path=path, node=node, duration=node.duration, parents=parents))
        else:
            entry = _Entry(path=path, node=node, allotted=node.allotted, parents=parents)
            entry.children = _entries(node.items, f"{path}.items", [*parents, entry])
            found.append(entry)
    return found


def _items(entries: Iterable[_Entry]) -> list[_Entry]:
    found = []
    for entry in entries:
        found.extend([entry] if entry.duration is not None else _items(entry.children))
    return found


def _parts_bottom_up(entries: Iterable[_Entry]) -> list[_Entry]:
    found = []
    for entry in entries:
        if entry.duration is None:
            found.extend(_parts_bottom_up(entry.children))
            found.append(entry)
    return found


def _split(amount: int, weights: Sequence[int], caps: Sequence[int] | None = None) -> list[int]:
    """`amount` whole units in proportion to `weights`, the remainder to the largest fractions
    (ties to the first); with `caps`, no share above its cap (the caps are the weights then)."""
    total = sum(weights)
    if amount <= 0 or total <= 0:
        return [0] * len(weights)
    if caps is not None and amount >= sum(caps):
        return list(caps)
    shares = [amount * w // total for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in order[: amount - sum(shares)]:
        shares[i] += 1
    return shares


class _Refit:
    def __init__(self, agenda: Agenda, minimums: Mapping[ItemKind, timedelta]) -> None:
        self.agenda = agenda
        self.minimums = minimums
        self.top = _entries(agenda.parts, "parts", [])

    def _adjust(self, item: _Entry, minutes: int, within: _Entry | None) -> None:
        """Change an item by whole minutes, and with it the budget of each part around it (up to
        `within`, or all of them)."""
        change = minutes * _MINUTE
        assert item.duration is not None  # noqa: S101 - only items are adjusted
        item.duration += change
        for parent in reversed(item.parents):
            if parent.allotted is not None:
                parent.allotted += change
            if parent is within:
                break

    def _capacity(self, item: _Entry) -> int:
        kind = item.kind
        if kind is None or kind in PROTECTED or item.duration is None:
            return 0
        return max(0, (item.duration - self.minimums.get(kind, _MINUTE)) // _MINUTE)

    def shrink(self, entries: Iterable[_Entry], minutes: int, within: _Entry | None) -> int:
        """Take up to `minutes` from the items under `entries`, Q&A and breaks first; returns how
        many could not be taken."""
        items = _items(entries)
        for tier in (
            [i for i in items if i.kind in _FIRST],
            [i for i in items if i.kind not in _FIRST and i.kind not in PROTECTED],
        ):
            caps = [self._capacity(i) for i in tier]
            for item, share in zip(tier, _split(minutes, caps, caps), strict=True):
                if share:
                    self._adjust(item, -share, within)
                    minutes -= share
            if minutes <= 0:
                return 0
        return minutes

    def grow(self, entries: Iterable[_Entry], minutes: int, within: _Entry | None) -> bool:
        """Add `minutes` to the items under `entries`, to Q&A and breaks if there are any, else to
        the other unprotected items, in proportion to their lengths."""
        items = _items(entries)
        for tier in (
            [i for i in items if i.kind in _FIRST],
            [i for i in items if i.kind not in _FIRST and i.kind not in PROTECTED],
        ):
            if tier:
                weights = [max(1, (i.duration or _MINUTE) // _MINUTE) for i in tier]
                for item, share in zip(tier, _split(minutes, weights), strict=True):
                    if share:
                        self._adjust(item, share, within)
                return True
        return minutes <= 0

    def budgets(self, mode: Mode) -> str | None:
        """Every budget made to equal its items: overruns shortened, unused budget closed (pack)
        or filled (stretch). Returns why not, when an overrun cannot be absorbed."""
        for part in _parts_bottom_up(self.top):
            if part.allotted is None:
                continue
            content = part.content()
            if content > part.allotted:
                over = -(-(content - part.allotted) // _MINUTE)
                left = self.shrink(part.children, over, part)
                if left:
                    return (
                        f"{part.path} {part.node.title!r} runs {format_duration(content - part.allotted)} over its "
                        f"budget of {format_duration(part.allotted)}, and its items can give only "
                        f"{format_duration((over - left) * _MINUTE)} without going below their kinds' minimums "
                        "or changing an opening or closing item"
                    )
                part.allotted = part.content()
            elif content < part.allotted:
                slack = (part.allotted - content) // _MINUTE
                if mode == "stretch" and slack and self.grow(part.children, slack, part):
                    part.allotted = part.content()
                else:
                    part.allotted = content
        return None

    def total(self) -> timedelta:
        return sum((entry.length() for entry in self.top), timedelta(0))

    def agenda_now(self) -> Agenda:
        def rebuild(entries: list[_Entry]) -> tuple[Node, ...]:
            nodes: list[Node] = []
            for entry in entries:
                if isinstance(entry.node, Item):
                    nodes.append(attrs.evolve(entry.node, duration=entry.duration or entry.node.duration))
                else:
                    nodes.append(attrs.evolve(entry.node, allotted=entry.allotted, items=rebuild(entry.children)))
            return tuple(nodes)

        return attrs.evolve(self.agenda, parts=rebuild(self.top))


def _moved(agenda: Agenda, start: datetime, keep: Keep) -> Agenda:
    """The agenda moved to `start`: by one exact amount, or keeping the wall times' distances."""
    from agenda._planner import shift

    if keep == "instant":
        return shift(agenda, start)
    from agenda._times import resolve_local

    old = resolve_local(agenda.event.start)[0]
    wall = start.astimezone(agenda.event.zone)
    delta = wall.replace(tzinfo=None) - old.replace(tzinfo=None)

    def moved(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return (value.replace(tzinfo=None, fold=0) + delta).replace(tzinfo=value.tzinfo)

    def walk(nodes: Sequence[Node]) -> tuple[Node, ...]:
        result: list[Node] = []
        for node in nodes:
            node = attrs.evolve(node, start=moved(node.start))  # noqa: PLW2901
            if isinstance(node, Part):
                node = attrs.evolve(node, items=walk(node.items))  # noqa: PLW2901
            result.append(node)
        return tuple(result)

    event = attrs.evolve(agenda.event, start=wall, end=moved(agenda.event.end))
    return attrs.evolve(agenda, event=event, parts=walk(agenda.parts))


def fit(
    agenda: Agenda,
    *,
    end: datetime | None = None,
    length: timedelta | None = None,
    start: datetime | None = None,
    mode: Mode = "pack",
    keep: Keep = "instant",
    minimums: Mapping[ItemKind, timedelta] | None = None,
) -> FitResult:
    """Fit the programme into the window that ends at `end`, or lasts `length` from the start,
    or (without either) the event's booked end. ``shift`` moves the event to `start` instead, or
    so that its programme ends at `end`. With `end` and a booked end in the agenda, the booked
    end becomes `end`."""
    if mode not in ("pack", "stretch", "shift"):
        raise FitError(f"unknown mode {mode!r}: use pack, stretch or shift")
    if keep not in ("wall", "instant"):
        raise FitError(f"unknown keep {keep!r}: use wall or instant")
    for name, value in (("end", end), ("start", start)):
        if value is not None and (value.tzinfo is None or value.utcoffset() is None):
            raise FitError(f"{name} {value.isoformat()} is naive: give it a zone")
    limits = dict(DEFAULT_MINIMUMS)
    for kind, minimum in (minimums or {}).items():
        if minimum < _MINUTE or minimum % _MINUTE:
            raise FitError(f"the minimum for {kind.value} must be a whole number of minutes from 1m, got {minimum}")
        limits[kind] = minimum
    timeline = build_timeline(agenda)
    before = timeline.end
    if mode == "shift":
        programme = timeline.end - timeline.start
        if start is not None:
            new_start = start
        elif end is not None:
            new_start = end - programme
        else:
            raise FitError("shift needs a new start or an end")
        moved = _moved(agenda, new_start, keep)
        after = build_timeline(moved).end
        return FitResult(agenda=moved, target_end=end or after, end_before=before, end_after=after)
    if end is not None and length is not None:
        raise FitError("give an end or a length, not both")
    if end is not None:
        target = end
    elif length is not None:
        target = timeline.start + length
    elif agenda.event.end is not None:
        from agenda._times import resolve_local

        target = resolve_local(agenda.event.end)[0]
    else:
        raise FitError("no window: give an end or a length (the event has no booked end)")
    if target <= timeline.start:
        raise FitError(f"the window ends at {target.isoformat()}, not after the start {timeline.start.isoformat()}")

    def blocked(why: str) -> FitResult:
        return FitResult(agenda=agenda, target_end=target, end_before=before, end_after=before, blocking=why)

    refit = _Refit(agenda, limits)
    why = refit.budgets(mode)
    if why is not None:
        return blocked(why)
    room = target - timeline.start
    total = refit.total()
    if total > room:
        over = -(-(total - room) // _MINUTE)
        left = refit.shrink(refit.top, over, None)
        if left:
            return blocked(
                f"the programme needs {format_duration(over * _MINUTE)} less to end by the window, but its items can "
                f"give only {format_duration((over - left) * _MINUTE)} without going below their kinds' minimums "
                "or changing an opening or closing item"
            )
    elif mode == "stretch" and total < room:
        refit.grow(refit.top, (room - total) // _MINUTE, None)
    result = refit.agenda_now()
    if end is not None and result.event.end is not None:
        result = attrs.evolve(result, event=attrs.evolve(result.event, end=end.astimezone(result.event.end.tzinfo)))
    placed = build_timeline(result)
    if placed.end > target:
        fixed = [path for path, node in result.walk() if node.start is not None]
        return blocked(
            f"the programme still ends {format_duration(placed.end - target)} after the window: "
            f"the fixed starts of {', '.join(fixed) or 'no node'} hold it"
            if fixed
            else f"the programme still ends {format_duration(placed.end - target)} after the window"
        )
    booked = result.event.end
    if booked is not None and placed.end > booked:
        return blocked(
            f"the event's booked end is {format_duration(placed.end - booked)} before the programme's new end: "
            "give the window as an end to move it"
        )
    return FitResult(agenda=result, target_end=target, end_before=before, end_after=placed.end)
