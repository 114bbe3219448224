"""Paths into an agenda, such as ``parts[1].items[3].duration``: the one place that parses,
joins and walks up them. Pure.

A path is a plain string everywhere (a slot's `path`, a finding's, a load problem's); these
functions are the only code that knows its grammar: keys joined by dots, list indexes in brackets.
A node's path is ``parts[I]`` followed by ``.items[J]`` once per level of nesting.
"""

from __future__ import annotations

import re

__all__ = ["Segment", "child", "join", "parent", "parse", "up"]

#: One step of a path: a key (``parts``, ``duration``) or a list index.
Segment = str | int

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse(path: str) -> tuple[Segment, ...]:
    """``parts[1].items[3].duration`` -> ``("parts", 1, "items", 3, "duration")``."""
    return tuple(int(index) if index else key for key, index in _SEGMENT.findall(path))


def join(segments: tuple[Segment, ...] | list[Segment]) -> str:
    """``("parts", 1, "items", 3)`` -> ``parts[1].items[3]``: the inverse of `parse`."""
    text = ""
    for segment in segments:
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else segment
    return text


def child(path: str | None, index: int) -> str:
    """The path of the `index`-th node inside the part at `path` (of the `index`-th part when `path`
    is None): ``child(None, 1)`` is ``parts[1]``, ``child("parts[1]", 3)`` is ``parts[1].items[3]``."""
    return f"parts[{index}]" if path is None else f"{path}.items[{index}]"


def parent(path: str) -> str | None:
    """The path of the part that holds the node at `path` (``parts[1].items[3]`` -> ``parts[1]``);
    None for a part at the top of the programme or a path that is not a node's."""
    segments = parse(path)
    if len(segments) > 2 and segments[-2] == "items" and isinstance(segments[-1], int):
        return join(segments[:-2])
    return None


def up(path: str) -> str:
    """One step up: ``parts[1].items[0].duration`` -> ``parts[1].items[0]`` -> ``parts[1].items`` ->
    ``parts[1]`` -> ``parts`` -> ``""``."""
    return join(parse(path)[:-1])
