"""What the subcommands share: the options of every command (-q, -v, --color, --format-in),
reading agenda files (``-`` is standard input) with every problem printed, option parsers,
output paths checked before any work is done (``-`` is standard output)."""

from __future__ import annotations

import argparse
import contextvars
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from datetime import datetime, timedelta
    from pathlib import Path

    from agenda._formats.files import Document
    from agenda.exceptions import Problem

#: The years a --stamp may fall in (UTC): a DTSTAMP outside them is a typo, and the extremes of
#: `datetime` overflow when converted to UTC.
STAMP_YEARS = range(1970, 2201)

#: ``-`` as a file name: standard input to read, standard output to write.
STDIO = "-"
INPUT_FORMATS = ("toml", "yaml", "json")

#: The global options of the running command, set by `agenda.cli.main`.
_verbosity: contextvars.ContextVar[int] = contextvars.ContextVar("verbosity", default=0)
_input_format: contextvars.ContextVar[str | None] = contextvars.ContextVar("input_format", default=None)


class CommandParser(argparse.ArgumentParser):
    """The parser of a subcommand: it carries the options every command takes, and remembers
    itself so that an unknown option is reported with this command's usage."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        common = self.add_argument_group("options of every command")
        loudness = common.add_mutually_exclusive_group()
        loudness.add_argument("-q", "--quiet", action="store_true", help="print only what was asked for and errors")
        loudness.add_argument("-v", "--verbose", action="store_true", help="also say what was read and skipped")
        common.add_argument(
            "--color",
            "--colour",
            dest="color",
            choices=("auto", "always", "never"),
            default="auto",
            help="colour the output: auto (a terminal, unless NO_COLOR is set or TERM=dumb), always or never",
        )
        common.add_argument(
            "--format-in",
            choices=INPUT_FORMATS,
            help="the format of an agenda read from standard input ('-'); detected from the text otherwise",
        )
        self.set_defaults(command_parser=self)


def configure(args: argparse.Namespace) -> None:
    """Take in the global options of a parsed command line."""
    _verbosity.set(-1 if getattr(args, "quiet", False) else (1 if getattr(args, "verbose", False) else 0))
    _input_format.set(getattr(args, "format_in", None))


def verbosity() -> int:
    """-1 with --quiet, 1 with --verbose, else 0."""
    return _verbosity.get()


def info(message: str) -> None:
    """A message for people on standard error, left out with --quiet."""
    if verbosity() >= 0:
        print(message, file=sys.stderr)


def detail(message: str) -> None:
    """A message on standard error printed only with --verbose."""
    if verbosity() > 0:
        print(message, file=sys.stderr)


def use_colour(choice: str, stream: IO[str], environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour `stream`: ``--color always``/``never`` decide; ``auto`` colours a
    terminal, except that FORCE_COLOR (not ``0``) forces it and NO_COLOR or TERM=dumb forbid it
    (https://no-color.org, https://force-color.org)."""
    if choice != "auto":
        return choice == "always"
    environ = os.environ if environ is None else environ
    force = environ.get("FORCE_COLOR")
    if force is not None and force.strip() not in ("", "0", "false"):
        return True
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def detect_format(text: str) -> str:
    """The format of agenda text without a file name: JSON starts with ``{``, TOML has a
    ``[table]`` header or a ``key = value`` line, anything else is read as YAML."""
    import re

    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        return "json"
    if re.search(r"(?m)^\s*\[", text) or re.search(r"(?m)^\s*[A-Za-z0-9_.\"'-]+\s*=", text):
        return "toml"
    return "yaml"


def read_input(path: str, *, name: str | None = None, format: str | None = None) -> Document:
    """The agenda at `path`, or on standard input for ``-`` (named `name` in messages, its
    format `format`, the --format-in option, the extension of `name`, or detected)."""
    from agenda._formats.files import MAX_FILE_SIZE, parse_document, read_document
    from agenda._formats.parse import FORMATS

    if path != STDIO:
        return read_document(path)
    label = name or "<stdin>"
    raw = sys.stdin.buffer.read(MAX_FILE_SIZE + 1)  # bounded, as files are
    if len(raw) > MAX_FILE_SIZE:
        from agenda.exceptions import LoadError, Problem

        raise LoadError([Problem("", f"input too large (more than {MAX_FILE_SIZE:,} bytes, the limit)", file=label)])
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    chosen = format or _input_format.get()
    if chosen is None and name is not None:
        chosen = next((fmt for suffix, fmt in FORMATS.items() if name.lower().endswith(suffix)), None)
    return parse_document(text, chosen or detect_format(text), label)


def write_output(path: str | None, data: str | bytes | Callable[[], Iterable[str]]) -> None:
    """Write to the file `path` atomically, or to standard output for None or ``-``. `data` may
    be a function that makes the text in pieces, written as they come, some at a time (a large
    report is never held whole)."""
    if path is None or path == STDIO:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        elif isinstance(data, str):
            write_text(data)
        else:
            for batch in _batched(data()):
                write_text(batch)
        return
    from agenda._formats.atomic import write_atomic

    # A file name that is not UTF-8 goes back to the bytes it was given as.
    if isinstance(data, str):
        write_atomic(path, data.encode("utf-8", errors="surrogateescape"))
    elif isinstance(data, bytes):
        write_atomic(path, data)
    else:
        make = data

        def write(stream: IO[bytes]) -> None:
            for batch in _batched(make()):
                stream.write(batch.encode("utf-8", errors="surrogateescape"))

        write_atomic(path, write)


def _batched(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """The pieces joined into texts of about `size` characters: a write per finding's few
    pieces would cost more than making them."""
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch.clear()
            length = 0
    if batch:
        yield "".join(batch)


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
    from agenda.exceptions import AgendaError, LoadError

    if not path.strip():
        raise AgendaError("the agenda file name is empty")
    try:
        return read_input(path)
    except LoadError as error:
        fail(error.problems, not_done=not_done)


def path_argument(text: str) -> str:
    """An argparse type for file and directory arguments: an empty one would mean the current
    directory, or be silently ignored."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the path is empty")
    return text


def language_argument(text: str) -> str:
    """An argparse type for --language: an IANA language tag the registry knows, as written
    conventionally (``pt-br`` is ``pt-BR``)."""
    from agenda._languages import canonical_tag, language_problem

    problem = language_problem(text.strip())
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return canonical_tag(text.strip())


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """--language, the reader's language, for a command that writes an agenda's texts."""
    parser.add_argument(
        "--language",
        type=language_argument,
        metavar="TAG",
        help="the reader's language, an IANA tag such as ru: each title, description and organisation name "
        "in it where the agenda gives it, else in the event's language (the default)",
    )


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
    if path == STDIO:
        return  # standard output
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
    if path == STDIO:
        raise AgendaError(f"{option} -: several files are written here, so give a directory, not standard output")
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise AgendaError(f"{option} {path}: is a file, not a directory")
    if not target.exists() and not target.absolute().parent.is_dir():
        raise AgendaError(
            f"{option} {path}: the directory {str(target.absolute().parent)!r} does not exist "
            "(only the last level is created)"
        )
    return target
