"""`agenda check PATH...`: lint agenda files; exit 0 clean, 1 on an error-level finding, 2 when
an input cannot be read."""

from __future__ import annotations

import argparse
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from agenda._formats.registry import names
from agenda.cli._common import path_argument

if TYPE_CHECKING:
    from agenda._formats.files import Document
    from agenda.checks.report import Report
    from agenda.exceptions import Problem

_SKIPPED_DIRECTORIES = {"node_modules", "__pycache__", "venv", "site-packages"}
#: Files a directory holds beside agendas, known by name; every other TOML, YAML or JSON file in
#: a directory is read as an agenda, so a broken agenda is reported rather than passed over.
_NOT_AGENDAS = {
    "pyproject.toml",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "action.yml",
    "action.yaml",
    "docker-compose.yml",
    "docker-compose.yaml",
}


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
    parser.add_argument("--format", choices=names("report"), default="text", help="output format")
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
    parser.add_argument(
        "-o", "--output", type=path_argument, metavar="FILE", help="write the report to FILE instead of standard output"
    )
    parser.set_defaults(run=run)


def _is_agenda_candidate(relative: tuple[str, ...], suffixes: Collection[str]) -> bool:
    """Whether a file found in a directory (its path parts below it) is read as an agenda: by
    extension, except hidden files, files in hidden or tool folders, and known tool files."""
    *folders, name = relative
    if any(part.startswith(".") or part in _SKIPPED_DIRECTORIES for part in folders):
        return False  # .github/, .git/, .venv/, node_modules/...
    if name.startswith(".") or name.lower() in _NOT_AGENDAS:
        return False
    return any(name.lower().endswith(suffix) for suffix in suffixes)


def expand_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """The agenda files named by `paths` (files, directories, globs), each once, and the
    arguments that named nothing."""
    import glob
    from pathlib import Path

    from agenda._formats.parse import FORMATS

    found: dict[str, None] = {}
    missing: list[str] = []
    for argument in paths:
        path = Path(argument)
        if not argument.strip():
            missing.append(argument)  # Path("") is the current directory: never what was meant
        elif path.is_dir():
            for candidate in sorted(path.rglob("*")):
                relative = candidate.relative_to(path).parts
                if _is_agenda_candidate(relative, FORMATS) and candidate.is_file():
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


def _settings_problems(document: Document) -> list[Problem]:
    """What is wrong in the file's own ``check`` section (unknown rules, bad severities), with
    its lines: the engine would stop the whole run on them."""
    from agenda.checks import UnknownRuleError, get_rule, resolve_selection
    from agenda.checks.report import Severity
    from agenda.exceptions import Problem

    settings = document.agenda.check
    problems: list[Problem] = []

    def add(path: str, section: str, message: str) -> None:
        line = document.line_of(path) or document.line_of(section)
        problems.append(Problem(path, message, line=line, file=document.file))

    for key in ("select", "ignore"):
        for index, selector in enumerate(getattr(settings, key)):
            try:
                resolve_selection((selector,), ())
            except UnknownRuleError as error:
                add(f"check.{key}[{index}]", f"check.{key}", str(error))
    for code, level in settings.severity.items():
        try:
            get_rule(code)
        except UnknownRuleError as error:
            add(f"check.severity.{code}", "check.severity", str(error))
        try:
            Severity.parse(str(level))
        except ValueError as error:
            add(f"check.severity.{code}", "check.severity", str(error))
    return problems


def _read(file: str) -> Document | None:
    """The document with usable check settings, or None after printing why it cannot be checked."""
    from agenda._formats.files import read_document
    from agenda.cli._common import report_problems
    from agenda.exceptions import AgendaError, LoadError, Problem

    try:
        document = read_document(file)
    except LoadError as error:
        problems = list(error.problems)
    except AgendaError as error:
        problems = [Problem("", str(error), file=file)]
    except (OSError, UnicodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        problems = [Problem("", f"cannot read: {reason}", file=file)]
    else:
        problems = _settings_problems(document)
        if not problems:
            return document
    report_problems(problems, subject=f"in {file}")
    return None


def run(args: argparse.Namespace) -> int:
    import os
    import sys

    from agenda._formats.report import render
    from agenda._holidays import CachedHolidays, default_cache_directory
    from agenda.checks import check_all, resolve_selection
    from agenda.cli._common import write_text

    # Unknown rules on the command line are a usage error, before any file is read.
    resolve_selection((), (), args.select, args.ignore)
    if args.output is not None:
        from agenda.cli._common import check_output_file

        check_output_file("--output", args.output)
    files, missing = expand_paths(args.paths)
    for argument in missing:
        print(f"{argument or repr(argument)}: no such file, directory or matching agenda file", file=sys.stderr)
    if not files and not missing:
        print(f"agenda: no agenda file found in {', '.join(args.paths)}; nothing was checked", file=sys.stderr)
        return 2
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
        holidays=CachedHolidays(default_cache_directory()),
    )
    located = [report.located(doc.file, doc.line_of) for report, doc in zip(reports, documents, strict=True)]
    stream = sys.stdout
    colour = args.format == "text" and args.output is None and stream.isatty() and not os.environ.get("NO_COLOR")
    text = render(located, args.format, colour=colour)
    failed = f"{unreadable} {'input' if unreadable == 1 else 'inputs'} could not be read"
    if unreadable and args.format == "text":
        # The renderer's summary knows only the files it saw: "All clear" would contradict exit 2.
        text = text.rstrip("\n").rpartition("\n")[0]
        text = (text + "\n" if text else "") + _summary(located) + f"; {failed}.\n"
    if args.output is not None:
        from agenda._formats.atomic import write_atomic

        # A file name that is not UTF-8 goes back to the bytes it was given as.
        write_atomic(args.output, text.encode("utf-8", errors="surrogateescape"))
    else:
        write_text(text)
    if unreadable:
        print(f"agenda: {failed}", file=sys.stderr)
        return 2
    return 0 if all(report.ok for report in located) else 1


def _summary(reports: list[Report]) -> str:
    """The count of findings by severity, over the files that could be checked."""
    from agenda.checks.report import summary_counts

    def plural(count: int, noun: str) -> str:
        return f"{count} {noun}{'' if count == 1 else 's'}"

    counts = summary_counts(reports)
    return (
        f"{plural(counts['errors'], 'error')}, {plural(counts['warnings'], 'warning')}, "
        f"{plural(counts['infos'], 'note')} in {plural(len(reports), 'file')} checked"
    )
