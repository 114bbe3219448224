"""Agenda files: TOML, YAML and JSON to the model and back.

`load` and `loads` report every problem at once, each with its path and file line.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterable
from typing import Any

import attrs

from agenda._formats.convert import read_agenda, structure_agenda, unstructure_agenda
from agenda._formats.locate import Locator, lines_of
from agenda._formats.parse import check_nesting, format_of, parse
from agenda._gc import collection_paused
from agenda._model import Agenda
from agenda._text import escape_breaks
from agenda.exceptions import InvalidValueError, LoadError, Problem

__all__ = ["Document", "dump", "dumps", "load", "loads", "read_document", "read_limited"]

#: Files larger than this are refused before parsing: no agenda is this big.
MAX_FILE_SIZE = 64 * 1024 * 1024


@attrs.frozen
class Document:
    """An agenda as read from a file, able to say on which line a path is."""

    agenda: Agenda
    file: str
    format: str
    locator: Locator = attrs.field(repr=False, eq=False)

    def line_of(self, path: str) -> int | None:
        """The file line of a path such as ``parts[1].items[3].duration`` (or its nearest parent)."""
        return self.locator.line_of(path)

    def lines_of(self, paths: Iterable[str]) -> dict[str, int | None]:
        """`line_of` of each of `paths`, found together (a large file is read once, only on the
        way to them)."""
        return lines_of(self.locator, paths)


@collection_paused()
def parse_document(text: str, format: str, file: str = "<string>") -> Document:
    """Parse agenda text; raises `LoadError` listing every problem with its line."""
    data, locator = parse(text, format, file, nesting=False)
    agenda = read_agenda(data)
    if agenda is None:  # something is wrong: say what, as the parser and the converter see it
        check_nesting(data, file)
        agenda, problems = structure_agenda(data)
        if agenda is None:
            raise LoadError(
                attrs.evolve(problem, file=file, line=locator.line_of(problem.path)) for problem in problems
            )
    return Document(agenda=agenda, file=file, format=format, locator=locator)


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read an agenda file (its format from its extension)."""
    name = os.fspath(path)
    format = format_of(name)
    raw = read_limited(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise LoadError(
            [
                Problem(
                    "", f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})", line=line, file=name
                )
            ]
        ) from None
    return parse_document(text, format, name)


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_limited(
    path: str | os.PathLike[str], *, limit: int = MAX_FILE_SIZE, error: type[LoadError] = LoadError
) -> bytes:
    """The bytes of an input file, at most `limit` of them, whatever `stat` says (a link to
    ``/dev/zero`` reports size 0 and never ends). Anything but a regular file is refused (a
    device, a FIFO: reading could block or never end), unless it is this process's standard
    input. Problems raise `error` naming the file; a missing or unreadable file, `OSError`."""
    name = os.fspath(path)

    def refuse(message: str) -> LoadError:
        return error([Problem("", message, file=name)])

    # Non-blocking, so that opening a FIFO without a writer does not hang before the check.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(name, flags)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", name)
        if not stat.S_ISREG(info.st_mode):
            if not _is_standard_input(info):
                kind = next((what for test, what in _KINDS if test(info.st_mode)), "not a regular file")
                raise refuse(f"not a regular file ({kind}): give the path of an agenda file")
            os.set_blocking(descriptor, True)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(descriptor, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise refuse(f"file too large (more than {limit:,} bytes, the limit)")
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _is_standard_input(info: os.stat_result) -> bool:
    try:
        own = os.fstat(0)
    except OSError:
        return False
    return (own.st_dev, own.st_ino) == (info.st_dev, info.st_ino)


def load(path: str | os.PathLike[str]) -> Agenda:
    """The agenda in a TOML, YAML or JSON file."""
    return read_document(path).agenda


def loads(text: str, format: str = "toml") -> Agenda:
    """The agenda in `text`, written in `format` (``toml``, ``yaml`` or ``json``)."""
    return parse_document(text, format).agenda


def dumps(agenda: Agenda, format: str = "toml") -> str:
    """The agenda as file text; `loads` of the result gives an equal agenda."""
    if format not in ("toml", "json", "yaml"):
        raise InvalidValueError(f"unknown format {format!r}; use toml, yaml or json", value=format, field="format")
    data = unstructure_agenda(agenda)
    if format == "toml":
        import tomli_w

        return escape_breaks(tomli_w.dumps(data))
    if format == "json":
        import json

        return escape_breaks(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    import yaml

    text: str = yaml.dump(data, Dumper=_yaml_dumper(), sort_keys=False, allow_unicode=True, width=100)
    return text


@functools.cache
def _yaml_dumper() -> type:
    """PyYAML's safe dumper, writing text with NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR in
    double quotes, where they become the escapes ``\\N``, ``\\L``, ``\\P`` (in another style
    they would be written raw, as line breaks)."""
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    def text(dumper: Any, value: str) -> Any:
        style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    dumper: Any = type("AgendaDumper", (base,), {})
    dumper.add_representer(str, text)
    return dumper  # type: ignore[no-any-return]


def dump(agenda: Agenda, path: str | os.PathLike[str]) -> None:
    """Write the agenda to a file (format from the extension), atomically."""
    from agenda._formats.atomic import write_atomic

    write_atomic(path, dumps(agenda, format_of(os.fspath(path))).encode("utf-8"))


def schema_text() -> str:
    """The JSON Schema of agenda files, as shipped in the package."""
    from importlib import resources

    return resources.files("agenda").joinpath("schema.json").read_text("utf-8")
