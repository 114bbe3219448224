"""JSON text as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, in pieces: the
containers of the first levels a member at a time, so that a document of many thousand entries is
written as it is made. A module of its own so that text output imports no `json`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

__all__ = ["Listed", "Verbatim", "json_list", "json_pieces", "json_string", "json_value"]

_string = json.encoder.encode_basestring  # what json.dumps uses without ensure_ascii (in C where it can)
#: A string as JSON, for writers of their own (`Listed`'s `encode`).
json_string = _string


#: How each plain scalar is written, by exact type (a subclass goes the long way, through `_encode`).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _string,
    type(None): lambda _: "null",
    bool: lambda value: "true" if value else "false",
    int: int.__repr__,
}


def _encode(value: Any, indent: str) -> str:
    """`value` as indented JSON, its first line at the current position and the others under
    `indent` (the indentation of the line it starts on)."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    if isinstance(value, str):
        return _string(value)
    if value is None or isinstance(value, bool):
        return "null" if value is None else ("true" if value else "false")
    if isinstance(value, int):
        return int.__repr__(value)
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = []
        for key, item in value.items():
            scalar = _SCALARS.get(type(item))
            written = scalar(item) if scalar is not None else _encode(item, inner)
            members.append(f"{inner}{_KEYS.get(key) or _key(key)}: {written}")
        return "{\n" + ",\n".join(members) + "\n" + indent + "}"
    if isinstance(value, (Listed, list, tuple)):
        if not value:
            return "[]"
        if isinstance(value, Listed) and value.encode is not None:
            encode = value.encode
            return json_list([encode(item, inner) for item in value._values], indent)
        elements = []
        for item in value:
            scalar = _SCALARS.get(type(item))
            elements.append(scalar(item) if scalar is not None else _encode(item, inner))
        return json_list(elements, indent)
    return json.dumps(value)  # a float (NaN and all), or the error json gives for what it cannot write


def json_value(value: Any, indent: str) -> str:
    """`value` as indented JSON, its first line at the current position and the others under `indent`."""
    return _encode(value, indent)


def json_list(elements: Sequence[str], indent: str) -> str:
    """A list of elements written already (each at `indent` and two spaces), its lines under `indent`."""
    if not elements:
        return "[]"
    inner = indent + "  "
    return "[\n" + ",\n".join([inner + element for element in elements]) + "\n" + indent + "]"


#: Keys as written, for the few a report uses over and over.
_KEYS: dict[str, str] = {}


def _key(key: object) -> str:
    if type(key) is str:
        written = _KEYS.get(key)
        if written is None:
            written = _string(key)
            if len(_KEYS) < 256:
                _KEYS[key] = written
        return written
    if not isinstance(key, str):
        raise TypeError(f"keys must be str here, not {type(key).__name__}")
    return _string(key)


class Listed:
    """A list that makes its elements when they are written (a finding's dictionary, say).
    With `encode`, what `make` would make is written by ``encode(value, indent)`` instead, the
    same text without the value in between."""

    def __init__(
        self, values: Sequence[Any], make: Callable[[Any], Any], encode: Callable[[Any, str], str] | None = None
    ) -> None:
        self._values, self._make, self.encode = values, make, encode

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return map(self._make, self._values)


class Verbatim:
    """Pieces of JSON written already, for their place in a document (`json_pieces` writes them
    as they are): a file's entry in a report, say, written where the file was checked."""

    def __init__(self, pieces: Iterable[str]) -> None:
        self.pieces = pieces


def json_pieces(value: Any, depth: int, indent: str = "") -> Iterator[str]:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` in pieces: the containers of the first
    `depth` levels are written a member at a time, what lies deeper as one piece each."""
    if isinstance(value, Verbatim):
        yield from value.pieces
        return
    if depth <= 0 or not isinstance(value, (dict, list, tuple, Listed)) or not value:
        yield _encode(value, indent)
        return
    inner = indent + "  "
    if isinstance(value, dict):
        opening, closing = "{", "}"
        members: Iterable[tuple[str, Any]] = ((f"{_key(key)}: ", item) for key, item in value.items())
    elif isinstance(value, Listed) and value.encode is not None and depth == 1:
        encode, separator = value.encode, "[\n"
        for item in value._values:  # each element one piece, as below, without its value
            yield f"{separator}{inner}"
            yield encode(item, inner)
            separator = ",\n"
        yield f"\n{indent}]"
        return
    else:
        opening, closing = "[", "]"
        members = (("", item) for item in value)
    separator = f"{opening}\n"
    for lead, item in members:
        yield f"{separator}{inner}{lead}"
        yield from json_pieces(item, depth - 1, inner)
        separator = ",\n"
    yield f"\n{indent}{closing}"
