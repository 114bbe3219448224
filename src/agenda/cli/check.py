"""`agenda check PATH...`: lint agenda files; exit 0 clean, 1 on an error-level finding, 2 when
an input cannot be read."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agenda.formats.files import Document

#: What a directory is searched for.
AGENDA_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
_SKIPPED_DIRECTORIES = {"node_modules", "__pycache__", "venv", "site-packages"}


def _selectors(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check agenda files against the rules (a linter for CI)",
        description="Check agenda files: time budgets, placement, people, local hours, dates and DST, "
        "structure, public holidays. Exit status: 0 when there is no error-level finding, 1 when there "
        "is one, 2 when an input cannot be read. `agenda rules` lists the rules.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="agenda files, directories (searched for agenda files) or glob patterns such as 'agendas/**/*.toml'",
    )
    parser.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text", help="output format")
    parser.add_argument(
        "--select",
        type=_selectors,
        action="extend",
        metavar="RULES",
        help="only these rules: codes, prefixes (AG4), names or ALL, comma-separated; replaces the files' select",
    )
    parser.add_argument(
        "--ignore", type=_selectors, action="extend", metavar="RULES", help="skip these rules (comma-separated)"
    )
    parser.add_argument("--strict", action="store_true", default=None, help="treat warnings as errors")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.set_defaults(run=run)


def _looks_like_agenda(path: Any) -> bool:
    """Directories hold other TOML/YAML/JSON files too (pyproject.toml): keep those with an event."""
    import re

    try:
        head = path.read_text("utf-8", errors="replace")[:65536]
    except OSError:
        return True  # let the loader report it
    return re.search(r'(?m)^\s*(\[event\]|event\s*[=:.]|"event"\s*:|event:)', head) is not None


def expand_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """The agenda files named by `paths` (files, directories, globs), each once, and the
    arguments that named nothing."""
    import glob
    from pathlib import Path

    found: dict[str, None] = {}
    missing: list[str] = []
    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                parts = candidate.relative_to(path).parts
                if any(p.startswith(".") or p in _SKIPPED_DIRECTORIES for p in parts[:-1]):
                    continue
                wanted = candidate.suffix.lower() in AGENDA_SUFFIXES and candidate.is_file()
                if wanted and _looks_like_agenda(candidate):
                    found[str(candidate)] = None
        elif path.exists() or not glob.has_magic(argument):
            if path.exists():
                found[argument] = None
            else:
                missing.append(argument)
        else:
            matches = sorted(m for m in glob.glob(argument, recursive=True) if Path(m).is_file())
            if not matches:
                missing.append(argument)
            found.update(dict.fromkeys(matches))
    return list(found), missing


def _read(file: str) -> Document | None:
    """The document, or None after printing why it cannot be read."""
    import sys

    from agenda.exceptions import AgendaError, LoadError
    from agenda.formats.files import read_document

    try:
        return read_document(file)
    except LoadError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
    except AgendaError as error:
        print(f"{file}: {error}", file=sys.stderr)
    except (OSError, UnicodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        print(f"{file}: cannot read: {reason}", file=sys.stderr)
    return None


def run(args: argparse.Namespace) -> int:
    import os
    import sys

    from agenda.checks import check_all
    from agenda.formats.report import render

    files, missing = expand_paths(args.paths)
    for argument in missing:
        print(f"{argument}: no such file, directory or matching agenda file", file=sys.stderr)
    documents = []
    unreadable = len(missing)
    for file in files:
        document = _read(file)
        if document is None:
            unreadable += 1
        else:
            documents.append(document)
    reports = check_all(
        [document.agenda for document in documents],
        select=args.select,
        ignore=args.ignore,
        strict=args.strict,
        labels=[document.file for document in documents],
    )
    located = [report.located(doc.file, doc.line_of) for report, doc in zip(reports, documents, strict=True)]
    stream = sys.stdout
    colour = (
        args.format == "text" and args.output is None and stream.isatty() and not os.environ.get("NO_COLOR")
    )
    text = render(located, args.format, colour=colour)
    if args.output is not None:
        from agenda.formats.atomic import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
    else:
        stream.write(text)
    if unreadable:
        noun = "input" if unreadable == 1 else "inputs"
        print(f"agenda: {unreadable} {noun} could not be read", file=sys.stderr)
        return 2
    return 0 if all(report.ok for report in located) else 1
