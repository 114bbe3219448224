"""Writing changed values back into an agenda file, leaving the rest of the file as it was.

Only values that exist in the file are replaced: the event's start and booked end, fixed starts,
item durations and part budgets. TOML goes through tomlkit, which keeps comments, key order,
blank lines and the comment after a replaced value. In YAML and JSON the text of the value itself
is replaced at the position the loader's locator gives, so everything else (comments, quoting,
indentation, key order, anchors) stays byte for byte; a replaced YAML value keeps its quotes.
The new text is read back before it is written: it must give exactly the changed agenda.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from agenda._formats.atomic import write_atomic
from agenda._formats.convert import format_when
from agenda._formats.files import Document, parse_document
from agenda._formats.locate import JsonLocator, YamlLocator, parse_path
from agenda._model import Agenda, Node, Part
from agenda._times import format_duration
from agenda.exceptions import EditError

__all__ = ["EditError", "changed_values", "rewrite", "write_changes"]

_TIME_OF_DAY = re.compile(r"^\s*\d{1,2}:\d{2}(:\d{2})?\s*$")
_PLAIN = re.compile(r"^[A-Za-z0-9]+$")


def _nodes(agenda: Agenda) -> dict[str, Node]:
    return dict(agenda.walk())


def changed_values(old: Agenda, new: Agenda) -> list[tuple[str, Any]]:
    """(path, new value) for every start, end, duration and budget that differs between two
    agendas of the same shape (`new` made from `old` by moving or reflowing it)."""
    found: list[tuple[str, Any]] = []
    for key in ("start", "end"):
        before, after = getattr(old.event, key), getattr(new.event, key)
        if _differs(before, after):
            found.append((f"event.{key}", after))
    old_nodes, new_nodes = _nodes(old), _nodes(new)
    if list(old_nodes) != list(new_nodes):
        raise EditError("the programme changed shape: only starts, durations and budgets can be written back")
    for path, node in new_nodes.items():
        previous = old_nodes[path]
        fields = ("start", "allotted") if isinstance(node, Part) else ("start", "duration")
        for field in fields:
            before, after = getattr(previous, field), getattr(node, field)
            if _differs(before, after):
                found.append((f"{path}.{field}", after))
    return found


def _differs(before: Any, after: Any) -> bool:
    if isinstance(before, datetime) and isinstance(after, datetime):
        return (before.utcoffset(), before.replace(tzinfo=None), before.tzinfo) != (
            after.utcoffset(),
            after.replace(tzinfo=None),
            after.tzinfo,
        )
    return bool(before != after)


def _value_text(value: Any, original: str | None, agenda: Agenda) -> str:
    """The file text of a new value, in the form the loader reads back: a time of day stays a
    time of day when it is still on the event's date in the event's zone."""
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, datetime):
        zone = agenda.event.zone
        if (
            original is not None
            and _TIME_OF_DAY.match(original)
            and value.tzinfo == zone
            and value.date() == agenda.event.start.date()
            and not (value.fold and value.utcoffset() != value.replace(fold=0).utcoffset())
        ):
            return value.strftime("%H:%M" if value.second == 0 else "%H:%M:%S")
        return format_when(value, zone)
    raise EditError(f"cannot write {value!r} into an agenda file")


def _toml(text: str, changes: Sequence[tuple[str, Any]], agenda: Agenda) -> str:
    import tomlkit

    document = tomlkit.parse(text)
    for path, value in changes:
        container: Any = document
        segments = parse_path(path)
        try:
            for segment in segments[:-1]:
                container = container[segment]
            old = container[segments[-1]]
        except (KeyError, IndexError):
            raise EditError(f"{path} is not written in the file, so it cannot be changed there") from None
        original = old if isinstance(old, str) else None
        item = tomlkit.item(_value_text(value, original, agenda))
        trivia = getattr(old, "trivia", None)
        if trivia is not None:  # keep the comment after the value, and its spacing
            item.trivia.indent, item.trivia.comment_ws = trivia.indent, trivia.comment_ws
            item.trivia.comment, item.trivia.trail = trivia.comment, trivia.trail
        container[segments[-1]] = item
    return tomlkit.dumps(document)


def _spliced(text: str, replacements: Iterator[tuple[int, int, str]]) -> str:
    pieces: list[str] = []
    cursor = 0
    for start, end, new in sorted(replacements):
        pieces.extend((text[cursor:start], new))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _shape(text: str) -> str:
    return re.sub(r"[0-9]", "0", text)


def _yaml(text: str, changes: Sequence[tuple[str, Any]], agenda: Agenda) -> str:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    locator = YamlLocator(yaml.compose(text, Loader=loader))

    def replacements() -> Iterator[tuple[int, int, str]]:
        for path, value in changes:
            span = locator.span_of(path)
            if span is None:
                raise EditError(f"{path} is not written in the file as a plain value, so it cannot be changed there")
            start, end, style = span
            original = text[start:end].strip("'\"")
            new = _value_text(value, original, agenda)
            if style == "'":
                yield start, end, "'" + new.replace("'", "''") + "'"
            elif style is None and (_PLAIN.match(new) or _shape(new) == _shape(original)):
                # A plain scalar of the same shape (digits for digits) is read by YAML the same way.
                yield start, end, new
            else:
                yield start, end, json.dumps(new, ensure_ascii=False)

    return _spliced(text, replacements())


def _json(text: str, changes: Sequence[tuple[str, Any]], agenda: Agenda) -> str:
    locator = JsonLocator(text)

    def replacements() -> Iterator[tuple[int, int, str]]:
        for path, value in changes:
            span = locator.span_of(path)
            if span is None:
                raise EditError(f"{path} is not written in the file, so it cannot be changed there")
            start, end = span
            original = json.loads(text[start:end])
            new = _value_text(value, original if isinstance(original, str) else None, agenda)
            yield start, end, json.dumps(new, ensure_ascii=False)

    return _spliced(text, replacements())


def rewrite(text: str, format: str, changes: Sequence[tuple[str, Any]], agenda: Agenda) -> str:
    """`text` with each (path, value) of `changes` written in place; `agenda` is the changed
    agenda (its event's zone and date decide how times are written)."""
    writers = {"toml": _toml, "yaml": _yaml, "json": _json}
    if format not in writers:
        raise EditError(f"cannot write changes into a {format!r} file")
    return writers[format](text, changes, agenda)


def write_changes(document: Document, new: Agenda) -> list[str]:
    """Write into `document`'s file the values in which `new` differs from the agenda it was
    read as, atomically, after checking that the new text reads back as `new`. Returns the
    paths changed (nothing is written when there are none)."""
    changes = changed_values(document.agenda, new)
    if not changes:
        return []
    raw = Path(document.file).read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    updated = rewrite(text, document.format, changes, new)
    reread = parse_document(updated, document.format, document.file).agenda
    if reread != new or changed_values(reread, new):
        raise EditError(f"{document.file}: the changed file would not read back as planned; nothing was written")
    write_atomic(document.file, (b"\xef\xbb\xbf" if bom else b"") + updated.encode("utf-8"))
    return [path for path, _ in changes]
