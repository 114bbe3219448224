"""Where a path such as ``parts[1].items[3].duration`` sits in the text of an agenda file.

Each format gets a locator with one method, ``line_of(path) -> int | None``; when a path has no
line of its own (a value inside an inline table, say) the nearest enclosing one is given.
Locators do their work lazily: a file that loads cleanly never pays for them. `lines_of` finds
the lines of many paths at once; the JSON locator then reads only the parts of the file on the
way to them.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from agenda._paths import Segment, parse

__all__ = ["JsonLocator", "Locator", "TomlLocator", "YamlLocator", "lines_of", "parse_path"]

#: ``parts[1].items[3].duration`` -> ``("parts", 1, "items", 3, "duration")``.
parse_path = parse


class Locator(Protocol):
    def line_of(self, path: str) -> int | None: ...


def lines_of(locator: Locator, paths: Iterable[str]) -> dict[str, int | None]:
    """``line_of`` of each of `paths`, found together where the locator can (`JsonLocator`)."""
    batch = getattr(locator, "lines_of", None)
    if batch is not None:
        found: dict[str, int | None] = batch(paths)
        return found
    return {path: locator.line_of(path) for path in paths}


#: Path -> line; a path that is there with None has no line found (yet: see `_wanted`).
Lines = dict[tuple[Segment, ...], int | None]


def _nearest(lines: Lines, path: str) -> int | None:
    return _nearest_segments(lines, parse_path(path))


def _nearest_segments(lines: Lines, segments: tuple[Segment, ...]) -> int | None:
    for end in range(len(segments), 0, -1):
        line = lines.get(segments[:end])
        if line is not None:
            return line
    return None


class _Lazy:
    """A locator whose table of path -> line is built once, on first use."""

    def __init__(self, build: Callable[[], Lines]) -> None:
        self._build = build
        self._lines: Lines | None = None

    def line_of(self, path: str) -> int | None:
        if self._lines is None:
            self._lines = self._build()
        return _nearest(self._lines, path)


_DOTTED = re.compile(r'"[^"]*"|\'[^\']*\'|[^.]+')


def _split_dotted(text: str) -> list[str]:
    """``a."b.c".d`` -> ``["a", "b.c", "d"]`` (TOML dotted keys)."""
    if '"' not in text and "'" not in text:  # most keys: split where the pattern would, cheaper
        return [part.strip() for part in text.split(".") if part]
    return [part.strip().strip("\"'") for part in _DOTTED.findall(text)]


class TomlLocator(_Lazy):
    """Reads table headers (``[a.b]``, ``[[a.b]]``) and ``key = value`` lines."""

    def __init__(self, text: str) -> None:
        super().__init__(lambda: self._scan(text))
        self._text = text

    def lines_of(self, paths: Iterable[str]) -> dict[str, int | None]:
        """``line_of`` of each of `paths`, from a reading that keeps only the lines on their way."""
        return _lines_of(paths, self._lines, lambda wanted: self._scan(self._text, wanted))

    @staticmethod
    def _scan(text: str, wanted: Lines | None = None) -> Lines:
        """Path -> line, of every table and key; with `wanted` (paths and every path above them),
        only of those."""
        lines: Lines = {}
        counts: dict[tuple[Segment, ...], int] = {}
        table: tuple[Segment, ...] = ()
        in_string: str | None = None

        def resolve(keys: list[str]) -> tuple[Segment, ...]:
            # Each array of tables along the way means its latest element.
            resolved: tuple[Segment, ...] = ()
            for key in keys:
                resolved += (key,)
                if resolved in counts:
                    resolved += (counts[resolved] - 1,)
            return resolved

        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if in_string:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            if not line or line.startswith("#"):
                continue
            if line.startswith("[["):
                keys = _split_dotted(line[2 : line.find("]]")])
                parent = resolve(keys[:-1])
                array = (*parent, keys[-1])
                counts[array] = counts.get(array, 0) + 1
                table = (*array, counts[array] - 1)
                if wanted is None or array in wanted:
                    lines.setdefault(array, number)
                if wanted is None or table in wanted:
                    lines[table] = number
            elif line.startswith("["):
                table = resolve(_split_dotted(line[1 : line.find("]")]))
                if wanted is None or table in wanted:
                    lines.setdefault(table, number)
            elif "=" in line:
                # Under a table no wanted path goes through, no key is wanted (`wanted` holds
                # every path above a wanted one): only a multi-line string's start matters.
                if wanted is None or table in wanted:
                    key = (*table, *_split_dotted(line.split("=", 1)[0]))
                    if wanted is None or key in wanted:
                        lines.setdefault(key, number)
                if '"""' in line or "'''" in line:
                    for quote in ('"""', "'''"):
                        if line.count(quote) % 2 == 1:
                            in_string = quote
        return lines


def _lines_of(
    paths: Iterable[str],
    table: Lines | None,
    scan: Callable[[Lines], Lines],
) -> dict[str, int | None]:
    """``line_of`` of each of `paths`: from the whole `table`, when it was made already, else from
    a `scan` that keeps only the lines of the paths wanted (these and every path above them)."""
    asked = list(dict.fromkeys(paths))  # each once: findings share paths (one per audience, say)
    parsed = _parsed(asked)
    if table is None:
        table = scan(_wanted(parsed[path] for path in asked))
    return {path: _nearest_segments(table, parsed[path]) for path in asked}


def _wanted(chosen: Iterable[tuple[Segment, ...]]) -> Lines:
    """The paths and every path above them, none with a line yet: a scan may fill in their lines
    here, without a table of its own (for a large file, a hundred thousand paths more)."""
    wanted: Lines = {}
    for segments in chosen:
        # Once a path is there, so are those above it.
        end = len(segments)
        while end >= 0 and segments[:end] not in wanted:
            wanted[segments[:end]] = None
            end -= 1
    return wanted


def _parsed(paths: Iterable[str]) -> dict[str, tuple[Segment, ...]]:
    """Each path's segments (and those of some paths above them). Paths that share a beginning
    share its segments (``parts[1].items[0]`` and ``parts[1].items[0].speakers``): thousands of
    paths take little more room than one each."""
    found: dict[str, tuple[Segment, ...]] = {}
    names: dict[Segment, Segment] = {}
    for path in paths:
        # Up to the longest beginning already parsed, then down: a key or an index at a time.
        steps: list[tuple[str, str, Segment]] = []  # (path, the path before its last step, that step)
        head = path
        while head not in found:
            step = _last_step(head)
            if step is None:
                found[head] = tuple(names.setdefault(segment, segment) for segment in parse_path(head))
                break
            steps.append((head, *step))
            head = step[0]
        for whole, before, last in reversed(steps):
            found[whole] = (*found[before], names.setdefault(last, last))
    return found


def _last_step(path: str) -> tuple[str, Segment] | None:
    """``parts[1].items`` -> ``("parts[1]", "items")``, ``parts[1]`` -> ``("parts", 1)``: the path
    before the last segment and that segment, where `parse_path` would split them so; None for
    anything else (the whole path is parsed then)."""
    if path.endswith("]"):
        before, bracket, index = path.rpartition("[")
        if bracket and before and index[:-1].isdigit() and index[:-1].isascii():
            return before, int(index[:-1])
        return None
    before, dot, last = path.rpartition(".")
    if dot and before and last and "[" not in last and "]" not in last:
        return before, last
    return None


#: Always matches (maybe nothing): JSON's whitespace.
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_BLANK = frozenset(" \t\n\r")


class JsonLocator(_Lazy):
    """Walks the JSON text once, recording the line where each value or key starts."""

    def __init__(self, text: str) -> None:
        super().__init__(lambda: self._scan(text))
        self._text = text

    def lines_of(self, paths: Iterable[str]) -> dict[str, int | None]:
        """``line_of`` of each of `paths`, from one walk that goes down only towards them (the
        rest of the file is skipped at the speed of the JSON parser)."""
        return _lines_of(paths, self._lines, lambda wanted: self._scan(self._text, wanted=wanted))

    def span_of(self, path: str) -> tuple[int, int] | None:
        """Where the scalar value at exactly `path` sits in the text: (start, end) offsets."""
        spans: dict[tuple[Segment, ...], tuple[int, int]] = {}
        self._scan(self._text, spans)
        return spans.get(parse_path(path))

    @staticmethod
    def _scan(
        text: str,
        spans: dict[tuple[Segment, ...], tuple[int, int]] | None = None,
        wanted: Lines | None = None,
    ) -> Lines:
        """Path -> line, of every value and key; with `wanted` (paths and every path above them),
        only of those, the values elsewhere skipped whole."""
        walk = _JsonWalk(text, spans, wanted)
        # A broken file is reported by the parser, not here: keep what was found.
        with contextlib.suppress(ValueError, IndexError, StopIteration):
            walk.value(0, ())
        return walk.lines


@functools.cache
def _json_scanners() -> tuple[Callable[[str, int], tuple[Any, int]], Callable[[str, int], tuple[str, int]]]:
    """`json`'s own scanners: (value, where it ends) of the JSON value at a position, which
    ``raw_decode`` wraps in a call more (it raises StopIteration where no value starts), and
    (string, where it ends) of the string after a quote. Made on first use: a TOML or YAML file
    needs no `json`."""
    import json

    return json.scanner.make_scanner(json.JSONDecoder()), json.decoder.scanstring  # type: ignore[attr-defined]


def _holding(wanted: Lines) -> set[tuple[Segment, ...]]:
    """The paths of `wanted` that hold another, as its own keys."""
    above = {path[:-1] for path in wanted if path}
    return {path for path in wanted if path in above}


class _JsonWalk:
    """One walk through JSON text for `JsonLocator`. (A class, not nested functions: a recursive
    closure is a reference cycle, which keeps what it holds until the next full collection.)"""

    def __init__(
        self,
        text: str,
        spans: dict[tuple[Segment, ...], tuple[int, int]] | None,
        wanted: Lines | None,
    ) -> None:
        self.text, self.spans, self.wanted = text, spans, wanted
        self._decode, self._scanstring = _json_scanners()
        # The lines of wanted paths are set in `wanted` itself: its keys are kept, not the walk's.
        self.lines: Lines = {} if wanted is None else wanted
        # With `wanted`, the values gone into are those that hold a wanted path (these keys too).
        self.inner = None if wanted is None else _holding(wanted)
        # The walk only goes forward: lines are counted from the last position asked about.
        self.counted, self.line_number = 0, 1

    def line(self, position: int) -> int:
        self.line_number += self.text.count("\n", self.counted, position)
        self.counted = position
        return self.line_number

    def value(self, position: int, path: tuple[Segment, ...]) -> int:
        """Walk the value at `position` (the path `path`); where it ends."""
        text, lines, wanted, inner, decode = self.text, self.lines, self.wanted, self.inner, self._decode
        # JSON's whitespace is skipped inline, and only where there is some (after ':' and ','
        # in indented text, rarely before them): this runs for every key on the way.
        blank, skip = _BLANK, _WHITESPACE.match
        if text[position : position + 1] in blank:
            position = skip(text, position).end()  # type: ignore[union-attr]  # always matches
        if inner is not None and path not in inner:
            if wanted is not None and path in wanted and lines[path] is None:
                lines[path] = self.line(position)
            return int(decode(text, position)[1])
        if lines.get(path) is None:  # a key's line comes first
            lines[path] = self.line(position)
        char = text[position : position + 1]
        if char == "{":
            position = skip(text, position + 1).end()  # type: ignore[union-attr]
            if text[position : position + 1] == "}":
                return position + 1
            while True:
                key, position = self._scanstring(text, position + 1)
                child = (*path, key)
                if wanted is None or child in wanted:
                    lines[child] = self.line(position)
                if text[position : position + 1] in blank:
                    position = skip(text, position).end()  # type: ignore[union-attr]
                position += 1  # past ':'
                if wanted is None or child in wanted:
                    position = self.value(position, child)
                else:  # not wanted, so nothing under it is either: skipped whole
                    if text[position : position + 1] in blank:
                        position = skip(text, position).end()  # type: ignore[union-attr]
                    position = int(decode(text, position)[1])
                if text[position : position + 1] in blank:
                    position = skip(text, position).end()  # type: ignore[union-attr]
                if text[position] == "}":
                    return position + 1
                position = skip(text, position + 1).end()  # type: ignore[union-attr]  # at the next key's quote
        if char == "[":
            position = skip(text, position + 1).end()  # type: ignore[union-attr]
            if text[position : position + 1] == "]":
                return position + 1
            index = 0
            while True:
                position = self.value(position, (*path, index))
                if text[position : position + 1] in blank:
                    position = skip(text, position).end()  # type: ignore[union-attr]
                if text[position] == "]":
                    return position + 1
                position += 1
                index += 1
        _, end = decode(text, position)
        if self.spans is not None:
            self.spans[path] = (position, int(end))
        return int(end)


class YamlLocator:
    """Follows a path through the composed YAML node graph; nodes know their line."""

    def __init__(self, root: Any) -> None:
        self._root = root

    def span_of(self, path: str) -> tuple[int, int, str | None] | None:
        """Where the scalar value at exactly `path` sits in the text: (start, end) character
        offsets and its quoting style (``'``, ``"`` or None for a plain scalar)."""
        node = self._root
        for segment in parse_path(path):
            child = None
            if isinstance(segment, int) and node.id == "sequence" and segment < len(node.value):
                child = node.value[segment]
            elif isinstance(segment, str) and node.id == "mapping":
                child = next((item for key, item in node.value if key.value == segment), None)
            if child is None:
                return None
            node = child
        if node is None or node.id != "scalar":
            return None
        return node.start_mark.index, node.end_mark.index, node.style or None

    def line_of(self, path: str) -> int | None:
        node = self._root
        best: int | None = node.start_mark.line + 1 if node is not None else None
        for segment in parse_path(path):
            child = None
            if isinstance(segment, int) and node.id == "sequence" and segment < len(node.value):
                child = node.value[segment]
            elif isinstance(segment, str) and node.id == "mapping":
                found = _yaml_key(node, segment)
                if found is not None:
                    best = found[0].start_mark.line + 1
                    child = found[1]
            if child is None:
                return best
            node = child
            best = node.start_mark.line + 1
        return best


def _yaml_key(mapping: Any, name: str, depth: int = 0) -> tuple[Any, Any] | None:
    """The key and value nodes of `name` in a YAML mapping node, its own or from a merge key."""
    merges: list[Any] = []
    for key, item in mapping.value:
        if key.tag == "tag:yaml.org,2002:merge":
            merges.extend(item.value if item.id == "sequence" else [item])
        elif key.value == name:
            return key, item
    if depth > 64:  # the parser refuses deeper files; a merge cycle stops here
        return None
    for source in merges:
        if source.id == "mapping":
            found = _yaml_key(source, name, depth + 1)
            if found is not None:
                return found
    return None
