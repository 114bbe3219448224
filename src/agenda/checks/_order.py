"""Document order for the paths of findings: ``parts[2]`` before ``parts[10]``, a part before its
items, ``event`` before ``parts`` before ``speakers``.

`path_key` defines the order on any path. `PathOrder` gives the same order from the timeline's
slots, which are in programme order already: a path into the programme becomes its slot's position
and what follows the slot's path, instead of a parsed key compared segment by segment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import cast

from agenda._timeline import Slot, Timeline

__all__ = ["PathOrder", "path_key"]

_SECTIONS = {"event": 0, "parts": 1, "speakers": 2, "organizations": 3, "audiences": 4, "check": 5}
_OTHER = 9  # a section of no known name, after them all
_TOKEN = re.compile(r"[A-Za-z_]+|\d+")

Key = tuple[object, ...]


def _tokens(path: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in _TOKEN.findall(path))


def path_key(path: str) -> Key:
    """Document order for paths: ``parts[2]`` before ``parts[10]``, a part before its items."""
    tokens = _TOKEN.findall(path)
    head = _SECTIONS.get(tokens[0], _OTHER) if tokens else _OTHER
    return (head, *((0, int(t), "") if t.isdigit() else (1, 0, t) for t in tokens[1:]))


#: Where a part's children come in `path_key`: after what follows the part's path with a token
#: that sorts before ``items`` (``allotted``), before what sorts after it (``start``).
_ITEMS = (1, 0, "items")


class PathOrder:
    """`path_key`'s order, from the slots of a timeline (in programme order, each part before its
    children). A path inside the programme is its node's slot and a rest (``.speakers``):

    - the node itself, or a rest that sorts before ``items``: just after the node's slot;
    - a rest that sorts after ``items`` (``parts[0].start``): after the node's whole subtree,
      the deeper node first where two subtrees end together.

    Paths elsewhere (``event.end``, ``speakers[3]``) keep their `path_key` within their section.
    When some path fits neither (no slot has its node), `path_key` orders them all."""

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self._rests: dict[str, tuple[tuple[int, int, str], ...]] = {}

    def _slot(self, path: str) -> tuple[int, Slot] | None:
        """The position and slot of the node at `path`, if one is there."""
        position = self._timeline._position.get(path)  # paths and keys: a key may look like a path
        if position is None or self._timeline.slots[position].path != path:
            return None
        return position, self._timeline.slots[position]

    def _last(self, position: int, slot: Slot) -> int:
        """The position of the last slot of the subtree of the slot at `position`."""
        slots, end = self._timeline.slots, position + 1
        while end < len(slots) and slots[end].depth > slot.depth:
            end += 1
        return end - 1

    def _key(self, path: str) -> Key | None:
        """The order key of `path`, or None when it is in the programme but not under a slot.

        A key starts with one integer, its place before the rest is compared: twice the slot's
        position, plus one after the subtree; below all for ``event``, above all for the later
        sections. Sorts compare integers faster than the tuples that follow them."""
        found = self._slot(path)
        if found is not None:
            return (2 * found[0], ())
        head, _, rest = path.rpartition(".")
        found = self._slot(head)
        while found is None:
            if "." not in head:
                key = path_key(path)
                section = cast("int", key[0])
                if section == 1:
                    return None
                return (-1 if section == 0 else 2 * len(self._timeline.slots) + section, key)
            head, _, last = head.rpartition(".")
            rest = f"{last}.{rest}"
            found = self._slot(head)
        tokens = self._rests.get(rest)
        if tokens is None:
            tokens = self._rests[rest] = _tokens(rest)
        if not tokens:
            return None
        first, (position, slot) = tokens[0], found
        if first < _ITEMS or (first == _ITEMS and len(tokens) == 1):
            return (2 * position, tokens)
        if first == _ITEMS:
            return None  # a child that no slot holds
        return (2 * self._last(position, slot) + 1, -slot.depth, tokens)

    def _keys(self, paths: Iterable[str]) -> dict[str, Key] | None:
        """The key of each of `paths`, or None when one is not under a slot."""
        keys: dict[str, Key] = {}
        for path in paths:
            if path not in keys:
                key = self._key(path)
                if key is None:
                    return None
                keys[path] = key
        return keys

    def keys(self, paths: Iterable[str]) -> Callable[[str], Key]:
        """A key function for sorting `paths` (and only those) in document order."""
        keys = self._keys(paths)
        return path_key if keys is None else keys.__getitem__

    def ranks(self, paths: Iterable[str]) -> dict[str, int] | None:
        """Each of `paths` with its rank in document order, equal keys with equal ranks; None
        when one is not under a slot (where `keys` falls back to `path_key`). The paths are
        put in buckets by their keys' leading integers, so only those that share one are sorted."""
        keys = self._keys(paths)
        if keys is None:
            return None
        # Leading integers run from -1 (``event``) to twice the slots and `_OTHER`.
        buckets: list[list[str] | None] = [None] * (2 * len(self._timeline.slots) + _OTHER + 2)
        for path, key in keys.items():
            bucket = buckets[key[0] + 1]  # type: ignore[operator]  # an int: see _key
            if bucket is None:
                buckets[key[0] + 1] = [path]  # type: ignore[operator]
            else:
                bucket.append(path)
        ranks: dict[str, int] = {}
        rank = -1
        for bucket in buckets:
            if bucket is None:
                continue
            if len(bucket) == 1:
                rank += 1
                ranks[bucket[0]] = rank
                continue
            bucket.sort(key=keys.__getitem__)
            before: Key | None = None
            for path in bucket:
                key = keys[path]
                if key != before:
                    rank, before = rank + 1, key
                ranks[path] = rank
        return ranks
