"""Agenda files: TOML, YAML and JSON to the model and back.

`load` and `loads` report every problem at once, each with its path and file line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import attrs

from agenda._formats.atomic import write_atomic
from agenda._formats.convert import structure_agenda, unstructure_agenda
from agenda._formats.locate import Locator
from agenda._formats.parse import format_of, parse
from agenda._model import Agenda
from agenda.exceptions import LoadError, Problem

__all__ = ["Document", "dump", "dumps", "load", "loads", "read_document"]

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


def parse_document(text: str, format: str, file: str = "<string>") -> Document:
    """Parse agenda text; raises `LoadError` listing every problem with its line."""
    data, locator = parse(text, format, file)
    agenda, problems = structure_agenda(data)
    if agenda is None:
        raise LoadError(attrs.evolve(problem, file=file, line=locator.line_of(problem.path)) for problem in problems)
    return Document(agenda=agenda, file=file, format=format, locator=locator)


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read an agenda file (its format from its extension)."""
    name = os.fspath(path)
    format = format_of(name)
    file = Path(name)
    size = file.stat().st_size
    if size > MAX_FILE_SIZE:
        raise LoadError([Problem("", f"file too large ({size:,} bytes); the limit is {MAX_FILE_SIZE:,}", file=name)])
    raw = file.read_bytes()
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


def load(path: str | os.PathLike[str]) -> Agenda:
    """The agenda in a TOML, YAML or JSON file."""
    return read_document(path).agenda


def loads(text: str, format: str = "toml") -> Agenda:
    """The agenda in `text`, written in `format` (``toml``, ``yaml`` or ``json``)."""
    return parse_document(text, format).agenda


def dumps(agenda: Agenda, format: str = "toml") -> str:
    """The agenda as file text; `loads` of the result gives an equal agenda."""
    data = unstructure_agenda(agenda)
    if format == "toml":
        import tomli_w

        return tomli_w.dumps(data)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "yaml":
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text: str = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
        return text
    raise ValueError(f"unknown format {format!r}; use toml, yaml or json")


def dump(agenda: Agenda, path: str | os.PathLike[str]) -> None:
    """Write the agenda to a file (format from the extension), atomically."""
    write_atomic(path, dumps(agenda, format_of(os.fspath(path))).encode("utf-8"))


def schema_text() -> str:
    """The JSON Schema of agenda files, as shipped in the package."""
    from importlib import resources

    return resources.files("agenda").joinpath("schema.json").read_text("utf-8")
