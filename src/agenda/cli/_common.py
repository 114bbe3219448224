"""What the subcommands share: reading agenda files with every problem printed, option parsers,
output paths checked before any work is done."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from datetime import datetime, timedelta
    from pathlib import Path

    from agenda._formats.files import Document
    from agenda.exceptions import Problem

#: The years a --stamp may fall in (UTC): a DTSTAMP outside them is a typo, and the extremes of
#: `datetime` overflow when converted to UTC.
STAMP_YEARS = range(1970, 2201)


def report_problems(problems: Sequence[Problem], *, subject: str = "", not_done: str = "") -> None:
    """Print each problem (``file:line: path: message``) and a summary line to stderr.

    `subject` says where the problems are (``in the attendee list``); `not_done` what the
    command did not do because of them (``nothing was written``), for commands that write.
    """
    for problem in problems:
        print(problem, file=sys.stderr)
    count = len(problems)
    summary = f"agenda: {count} problem{'s' if count != 1 else ''}"
    if subject:
        summary += f" {subject}"
    if not_done:
        summary += f"; {not_done}"
    print(summary, file=sys.stderr)


def write_text(text: str) -> None:
    """Write to standard output; characters its encoding lacks (a console in a legacy code page)
    are written as backslash escapes instead of ending the command with an error."""
    stream = sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = stream.encoding or "utf-8"
        stream.write(text.encode(encoding, errors="backslashreplace").decode(encoding))


def fail(problems: Sequence[Problem], *, subject: str = "", not_done: str = "") -> NoReturn:
    """`report_problems`, then exit with code 2."""
    report_problems(problems, subject=subject, not_done=not_done)
    raise SystemExit(2)


def load_document_or_exit(path: str, *, not_done: str = "") -> Document:
    """The agenda file at `path`, or exit 2 with its problems on stderr."""
    from agenda._formats.files import read_document
    from agenda.exceptions import AgendaError, LoadError

    if not path.strip():
        raise AgendaError("the agenda file name is empty")
    try:
        return read_document(path)
    except LoadError as error:
        fail(error.problems, not_done=not_done)


def path_argument(text: str) -> str:
    """An argparse type for file and directory arguments: an empty one would mean the current
    directory, or be silently ignored."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the path is empty")
    return text


def parse_stamp(text: str) -> datetime:
    """An argparse type for --stamp: an ISO 8601 date-time with a zone, in UTC, whole seconds,
    between 1970 and 2200."""
    from datetime import UTC, datetime

    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date-time {text!r}: write e.g. 2021-02-01T09:00Z") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"date-time {text!r} has no zone: add Z or an offset such as +03:00")
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or utc.year not in STAMP_YEARS:
        raise argparse.ArgumentTypeError(
            f"date-time {text!r} is out of range: give one between {STAMP_YEARS[0]} and {STAMP_YEARS[-1]}"
        )
    return utc.replace(microsecond=0)


def parse_positive_duration(text: str) -> timedelta:
    """An argparse type for durations that must be longer than zero (an alarm's lead time)."""
    from datetime import timedelta

    from agenda._times import parse_duration

    try:
        value = parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if value <= timedelta(0):
        raise argparse.ArgumentTypeError(f"duration {text!r} must be longer than zero, e.g. 15m")
    return value


def check_output_file(option: str, path: str) -> None:
    """Refuse, before any work, an output file path that cannot be written: a directory, or one
    whose directory does not exist."""
    from pathlib import Path

    from agenda.exceptions import AgendaError

    if not path.strip():
        raise AgendaError(f"{option}: the file name is empty")
    from agenda._formats.atomic import check_replaceable

    target = Path(path)
    if target.is_dir():
        raise AgendaError(f"{option} {path}: is a directory, not a file")
    check_replaceable(target)  # a FIFO, a device or a socket is never replaced
    parent = target.parent
    if not parent.is_dir():
        raise AgendaError(f"{option} {path}: the directory {str(parent)!r} does not exist")


def check_output_directory(option: str, path: str) -> Path:
    """The output directory `path`, checked before any work: it may exist as a directory, or be
    created later in an existing parent; a file, or a missing parent, is refused."""
    from pathlib import Path

    from agenda.exceptions import AgendaError

    if not path.strip():
        raise AgendaError(f"{option}: the directory name is empty")
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise AgendaError(f"{option} {path}: is a file, not a directory")
    if not target.exists() and not target.absolute().parent.is_dir():
        raise AgendaError(
            f"{option} {path}: the directory {str(target.absolute().parent)!r} does not exist "
            "(only the last level is created)"
        )
    return target
