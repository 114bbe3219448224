"""Document order for the paths of findings: ``parts[2]`` before ``parts[10]``, a part before its
items, ``event`` before ``parts`` before ``speakers``.

`path_key` defines the order on any path. `PathOrder` gives the same order from the timeline's
slots, which are in programme order already: a path into the programme becomes its slot's position
and what follows the slot's path, instead of a parsed key compared segment by segment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from agenda._timeline import Slot

__all__ = ["PathOrder", "path_key"]

_SECTIONS = {"event": 0, "parts": 1, "speakers": 2, "organizations": 3, "audiences": 4, "check": 5}
_TOKEN = re.compile(r"[A-Za-z_]+|\d+")

Key = tuple[object, ...]


def _tokens(path: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in _TOKEN.findall(path))


def path_key(path: str) -> Key:
    """Document order for paths: ``parts[2]`` before ``parts[10]``, a part before its items."""
    tokens = _TOKEN.findall(path)
    head = _SECTIONS.get(tokens[0], 9) if tokens else 9
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

    def __init__(self, slots: Sequence[Slot]) -> None:
        #: slot path -> (position, position of the last slot of its subtree, depth)
        self._slots: dict[str, tuple[int, int, int]] = {}
        open_parts: list[tuple[str, int, int]] = []  # (path, position, depth) of parts still open
        for position, slot in enumerate(slots):
            while open_parts and open_parts[-1][2] >= slot.depth:
                path, start, depth = open_parts.pop()
                self._slots[path] = (start, position - 1, depth)
            self._slots[slot.path] = (position, position, slot.depth)
            if not slot.is_item:
                open_parts.append((slot.path, position, slot.depth))
        for path, start, depth in open_parts:
            self._slots[path] = (start, len(slots) - 1, depth)
        self._rests: dict[str, tuple[tuple[int, int, str], ...]] = {}

    def _key(self, path: str) -> Key | None:
        """The order key of `path`, or None when it is in the programme but not under a slot."""
        found = self._slots.get(path)
        if found is not None:
            return (1, found[0], 0, ())
        head, _, rest = path.rpartition(".")
        found = self._slots.get(head)
        while found is None:
            if "." not in head:
                key = path_key(path)
                return None if key[0] == 1 else (key[0], key)
            head, _, last = head.rpartition(".")
            rest = f"{last}.{rest}"
            found = self._slots.get(head)
        tokens = self._rests.get(rest)
        if tokens is None:
            tokens = self._rests[rest] = _tokens(rest)
        if not tokens:
            return None
        first = tokens[0]
        if first < _ITEMS or (first == _ITEMS and len(tokens) == 1):
            return (1, found[0], 0, tokens)
        if first == _ITEMS:
            return None  # a child that no slot holds
        return (1, found[1], 1, -found[2], tokens)

    def keys(self, paths: Iterable[str]) -> Callable[[str], Key]:
        """A key function for sorting `paths` (and only those) in document order."""
        keys: dict[str, Key] = {}
        for path in paths:
            if path not in keys:
                key = self._key(path)
                if key is None:
                    return path_key
                keys[path] = key
        return keys.__getitem__
