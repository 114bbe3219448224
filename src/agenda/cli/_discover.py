"""Which files `agenda check` reads: the files and globs it is given (always), ``-`` for standard
input, and the agendas the discovery rule (`agenda.cli._agendas`) finds in the directories it is
given. The rule is imported only when a directory is searched or named files are filtered."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
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
            path = Path(name)
            from agenda.cli._agendas import config_for, is_agenda

            if not is_agenda(path, config_for(path.absolute().parent)):
                skipped.append(name)
                return
        add(name)

    for argument in arguments:
        path = Path(argument)
        if argument == STDIN:
            add(STDIN)
        elif not argument.strip():
            missing.append(argument)  # Path("") is the current directory: never what was meant
        elif path.is_dir():
            from agenda.cli._agendas import search

            for name in search(path):
                add(name)
        elif path.exists() or not glob.has_magic(argument):
            if path.exists():
                named(argument)
            else:
                missing.append(argument)
        else:
            matches = sorted(m for m in glob.glob(argument, recursive=True) if Path(m).is_file())
            if not matches:
                missing.append(argument)
            for match in matches:
                named(match)
    return Discovery(files=tuple(found), missing=tuple(missing), skipped=tuple(skipped))
