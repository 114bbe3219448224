"""`agenda check [PATH...]`: lint agenda files; exit 0 clean, 1 on an error-level finding, 2 when
an input cannot be read."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from agenda._formats.registry import names
from agenda.cli._common import path_argument

if TYPE_CHECKING:
    from collections.abc import Iterator

    from agenda._formats.files import Document
    from agenda._formats.report import Part
    from agenda.checks.report import Report
    from agenda.cli._jobs import Settings, Style, Written
    from agenda.exceptions import Problem


def _selectors(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _also(text: str) -> tuple[str, str]:
    """``FORMAT=FILE`` for --report."""
    format, sep, file = text.partition("=")
    choices = names("report")
    if not sep or format not in choices or not file.strip():
        raise argparse.ArgumentTypeError(f"write FORMAT=FILE with FORMAT one of {', '.join(choices)}, got {text!r}")
    return format, file


def _jobs(text: str) -> int:
    from agenda.cli._jobs import parse_jobs

    return parse_jobs(text)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        description="Check agenda files: time budgets, placement, people, local hours, dates and DST, "
        "structure, public holidays. Exit status: 0 when there is no error-level finding, 1 when there "
        "is one, 2 when an input cannot be read. `agenda rules` lists the rules.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="agenda files (always checked; '-' reads standard input), directories (searched for agenda "
        "files, see docs/check.md) or glob patterns such as 'agendas/**/*.toml'; default: the current directory",
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
        "-o",
        "--output",
        type=path_argument,
        metavar="FILE",
        help="write the report to FILE instead of standard output ('-': standard output)",
    )
    parser.add_argument(
        "--report",
        type=_also,
        action="append",
        default=[],
        metavar="FORMAT=FILE",
        help="also write the report in FORMAT to FILE, from the same run (repeatable), "
        'e.g. --report sarif=agenda.sarif --report markdown="$GITHUB_STEP_SUMMARY"',
    )
    parser.add_argument(
        "--statistics", action="store_true", help="text format: count the findings per rule instead of listing them"
    )
    parser.add_argument(
        "--compare-with",
        action="append",
        default=[],
        type=path_argument,
        metavar="PATH",
        help="agendas to compare with for the cross-file rules (double bookings, event ids) without reporting "
        "their own findings, e.g. '.' in a pre-commit hook that is given only the changed files (repeatable)",
    )
    parser.add_argument(
        "--only-agendas",
        action="store_true",
        help="check only the named files that discovery takes for agendas (for hooks given every changed file)",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the file name to report for '-' (standard input); its extension gives the format",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="read and check the files in N processes, or 'auto': one per CPU this command may use "
        "(default: 1); the report is the same, and a few files are checked in one process anyway",
    )
    parser.set_defaults(run=run)


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


def _read(file: str, stdin_name: str | None) -> tuple[Document | None, list[Problem]]:
    """The document with usable check settings, or the problems that keep it from being checked."""
    from agenda.cli._common import STDIO, read_input
    from agenda.exceptions import AgendaError, LoadError, Problem

    label = (stdin_name or "<stdin>") if file == STDIO else file
    try:
        document = read_input(file, name=stdin_name)
    except LoadError as error:
        return None, [problem if problem.file else _with_file(problem, label) for problem in error.problems]
    except AgendaError as error:
        return None, [Problem("", str(error), file=label)]
    except (OSError, UnicodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return None, [Problem("", f"cannot read: {reason}", file=label)]
    problems = _settings_problems(document)
    return (None, problems) if problems else (document, [])


def _with_file(problem: Problem, file: str) -> Problem:
    import attrs

    return attrs.evolve(problem, file=file)


def run(args: argparse.Namespace) -> int:
    import functools
    import sys

    from agenda._formats.report import IN_PARTS, _where
    from agenda.checks import resolve_selection
    from agenda.checks.engine import load_report
    from agenda.checks.report import Report
    from agenda.cli._common import STDIO, check_output_file, detail, info, write_output
    from agenda.cli._discover import STDIN, discover
    from agenda.cli._jobs import Settings, Written, workers_for
    from agenda.exceptions import Problem

    # Unknown rules on the command line are a usage error, before any file is read.
    resolve_selection((), (), args.select, args.ignore)
    outputs: list[tuple[str, str | None]] = [(args.format, args.output), *args.report]
    for _, file in outputs:
        if file is not None:
            check_output_file("--output", file)
    styles = [_style(format, file, args) for format, file in outputs]
    found = discover(args.paths, only_agendas=args.only_agendas)
    for name in found.skipped:
        detail(f"agenda: skipped {name}: not an agenda by the discovery rule")
    if not found.files and not found.missing:
        if args.only_agendas:
            detail("agenda: none of the files is an agenda; nothing to check")
            return 0
        where = ", ".join(args.paths)
        print(f"agenda: no agenda file found in {where}; nothing was checked (see docs/check.md)", file=sys.stderr)
        return 2

    # Every file is reported: those that cannot be read as load errors (AG001) at their lines;
    # those written by the workers as their parts of the outputs.
    located: list[Report | Written] = []
    for argument in found.missing:
        problem = Problem("", "no such file, directory or matching agenda file", file=argument or repr(argument))
        located.append(load_report(problem.file, [problem]))
    for file in found.files:
        detail(f"agenda: checking {file}")
    others = _other_files(args.compare_with, found.files)
    workers = 1 if STDIN in found.files else workers_for(args.jobs, len(found.files) + len(others))
    settings = Settings(select=args.select, ignore=args.ignore, strict=args.strict)
    checked = None
    if workers > 1:
        from agenda.cli._jobs import NoWorkersError, check_files

        # The workers write each file's part of the outputs, when every format is written in parts.
        written = tuple(styles) if all(style.format in IN_PARTS for style in styles) else ()
        try:
            checked = check_files(found.files, others, settings._replace(outputs=written), workers)
        except NoWorkersError as error:
            detail(f"agenda: checking in this process: cannot start worker processes ({error})")
    outcomes, left_out = checked or _check_here(found.files, others, settings, args.stdin_filename)
    for other, problems in zip(others, left_out, strict=True):
        if problems is not None:
            detail(f"agenda: not compared with {other}: it cannot be read ({len(problems)} problems)")
    for file, outcome in zip(found.files, outcomes, strict=True):
        located.append(
            load_report(outcome[0].file if outcome else file, outcome) if isinstance(outcome, list) else outcome
        )
    unreadable = sum(1 for report in located if not report.loaded)
    for number, ((_, file), style) in enumerate(zip(outputs, styles, strict=True)):
        entries = [report.parts[number] if isinstance(report, Written) else report for report in located]
        write_output(file, functools.partial(_pieces, entries, style))
    if unreadable and (args.format != "text" or args.output not in (None, STDIO)):
        # The report is for a machine or in a file: people reading the log see the problems here.
        for report in located:
            if isinstance(report, Report) and not report.loaded:
                for finding in report.findings:
                    path = f" {finding.path}:" if finding.path else ""
                    print(f"{_where(finding)}:{path} {finding.message}", file=sys.stderr)
    if unreadable:
        info(f"agenda: {unreadable} {'input' if unreadable == 1 else 'inputs'} could not be read (load-error AG001)")
        return 2
    return 0 if all(report.ok for report in located) else 1


def _style(format: str, file: str | None, args: argparse.Namespace) -> Style:
    """How `format` is written to `file` (None: standard output): only text has options, and
    colour only on a terminal."""
    import sys

    from agenda.cli._common import STDIO, use_colour, verbosity
    from agenda.cli._jobs import Style

    if format != "text":
        return Style(format)
    colour = use_colour(args.color, sys.stdout) and file in (None, STDIO)
    options = {"statistics": args.statistics, "quiet": verbosity() < 0, "verbose": verbosity() > 0}
    return Style(format, colour, tuple(options.items()))


def _pieces(reports: Sequence[Report | Part], style: Style) -> Iterator[str]:
    from agenda._formats.report import pieces

    return pieces(reports, style.format, colour=style.colour, **dict(style.options))


def with_lines(report: Report, document: Document) -> Report:
    """The report with the file's lines, looked up together for every path it names."""
    lines = document.lines_of(report.paths())
    return report.located(document.file, lambda path: lines[path] if path in lines else document.line_of(path))


def _check_here(
    files: Sequence[str], others: Sequence[str], settings: Settings, stdin_name: str | None
) -> tuple[list[Report | list[Problem]], list[list[Problem] | None]]:
    """`agenda.cli._jobs.check_files` in this process: each file's report with its lines, or
    the problems that keep it from being read; for each of `others`, the problems that leave it
    out, or None."""
    from agenda._holidays import CachedHolidays, default_cache_directory
    from agenda.checks import check_all

    read: list[Document | list[Problem]] = []
    for file in files:
        document, problems = _read(file, stdin_name)
        read.append(problems if document is None else document)
    compared: list[Document] = []
    left_out: list[list[Problem] | None] = []
    for file in others:
        document, problems = _read(file, None)
        left_out.append(problems if document is None else None)
        if document is not None:
            compared.append(document)
    documents = [outcome for outcome in read if not isinstance(outcome, list)]
    reports = list(
        check_all(
            [document.agenda for document in documents],
            select=settings.select,
            ignore=settings.ignore,
            strict=settings.strict,
            labels=[document.file for document in documents],
            others=[document.agenda for document in compared],
            other_labels=[document.file for document in compared],
            holidays=CachedHolidays(default_cache_directory()),
        )
    )
    reports.reverse()
    # Each report is let go as its copy with lines is made: the two are never all kept at once.
    return [outcome if isinstance(outcome, list) else with_lines(reports.pop(), outcome) for outcome in read], left_out


def _other_files(paths: list[str], checked: tuple[str, ...]) -> list[str]:
    """The agendas under --compare-with, less those checked, each once."""
    import os

    from agenda.cli._discover import STDIN, discover
    from agenda.exceptions import AgendaError

    if not paths:
        return []
    seen = {os.path.realpath(file) for file in checked if file != STDIN}
    found = discover(paths)
    if found.missing:
        raise AgendaError(f"--compare-with {found.missing[0]}: no such file, directory or matching agenda file")
    files = []
    for file in found.files:
        if file == STDIN or os.path.realpath(file) in seen:
            continue
        seen.add(os.path.realpath(file))
        files.append(file)
    return files
