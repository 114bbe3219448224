"""Which files `agenda check` reads: the files and globs it is given (always), ``-`` for standard
input, and the agendas the discovery rule (`agenda.cli._agendas`) finds in the directories it is
given. The rule is imported only when a directory is searched or named files are filtered."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["STDIN", "Discovery", "discover"]

STDIN = "-"


class Discovery(NamedTuple):
    """What the arguments name: agenda files in order (each once), arguments that name nothing,
    and files left out (named ones `is_agenda` refused, with ``only_agendas``)."""

    files: tuple[str, ...]
    missing: tuple[str, ...]
    skipped: tuple[str, ...] = ()


def discover(arguments: Sequence[str], *, only_agendas: bool = False) -> Discovery:
    """The files `arguments` name: a file or a glob's matches always (with `only_agendas`, only
    those `is_agenda` accepts), a folder's agenda files, ``-`` for standard input."""
    import glob

    found: dict[str, None] = {}
    seen: set[str] = set()
    missing: list[str] = []
    skipped: list[str] = []

    def add(name: str) -> None:
        key = name if name == STDIN else os.path.realpath(name)
        if key not in seen:
            seen.add(key)
            found[name] = None

    def named(name: str) -> None:
        if only_agendas:
            from pathlib import Path  # with the discovery rule, which works on paths

            from agenda.cli._agendas import config_for, is_agenda

            path = Path(name)
            if not is_agenda(path, config_for(path.absolute().parent)):
                skipped.append(name)
                return
        add(name)

    # Plain `os.path` for what the arguments name: `pathlib` is not imported to check one file.
    for argument in arguments:
        if argument == STDIN:
            add(STDIN)
        elif not argument.strip():
            missing.append(argument)  # Path("") is the current directory: never what was meant
        elif os.path.isdir(argument):
            from pathlib import Path

            from agenda.cli._agendas import search

            for name in search(Path(argument)):
                add(name)
        elif os.path.exists(argument) or not glob.has_magic(argument):
            if os.path.exists(argument):
                named(argument)
            else:
                missing.append(argument)
        else:
            matches = sorted(m for m in glob.glob(argument, recursive=True) if os.path.isfile(m))
            if not matches:
                missing.append(argument)
            for match in matches:
                named(match)
    return Discovery(files=tuple(found), missing=tuple(missing), skipped=tuple(skipped))
