"""The `agenda` command: thin. Each subcommand lives in a module of this package with a
`register(subparsers)` function, listed in `COMMANDS`; only the command that runs is imported
(`agenda --help` lists them all from the table), and heavy imports happen inside the command."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import Any

__all__ = ["COMMANDS", "console", "main"]

#: Each subcommand (the module of this package of that name) and its line in `agenda --help`.
COMMANDS = {
    "check": "check agenda files against the rules (a linter for CI)",
    "diff": "list what changed between two versions of an agenda",
    "fit": "make the programme fit a booked window (pack, stretch or shift it)",
    "html": "write the agenda's web page (one self-contained HTML file)",
    "ics": "export the agenda as an iCalendar (.ics) file",
    "invite": "write or send e-mail invitations (iMIP) for an agenda",
    "plan": "find the best start times for an agenda in a window of dates",
    "publish": "put the agenda on a CalDAV calendar (one event per resource, updated in place)",
    "rules": "list the rules of `agenda check`",
    "schedule": "export the c3voc/frab schedule (schedule.xml or its JSON) for conference apps",
    "schema": "print the JSON Schema of agenda files",
    "show": "print the programme with its times in several zones",
    "timeline": "draw the programme in each audience's local time (SVG)",
}


class _Version(argparse.Action):
    """--version, read from the package metadata only when asked (it costs an import)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        import agenda

        print(f"agenda {agenda.__version__}")
        parser.exit()


class _Commands:
    """The subparsers as a command's `register` sees them: each parser gets its line of `COMMANDS`."""

    def __init__(self, subparsers: Any) -> None:
        self._subparsers = subparsers

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self._subparsers.add_parser(name, help=COMMANDS[name], **kwargs)
        return parser


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of the command line `argv` (default: every command's). Only the command it names
    is registered in full; the others stand in the listing with their lines of `COMMANDS`, unless
    the command comes first (then no option of the top level can ask for that listing)."""
    from agenda.cli._common import CommandParser

    parser = argparse.ArgumentParser(
        prog="agenda",
        description="Multi-part webinar and event agendas across time zones.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    # Every subcommand's parser takes the global options (-q, -v, --color, --format-in).
    subparsers = _Commands(
        parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=CommandParser)
    )
    # The top level has no option that takes a value: its first other argument is the command.
    named = next((argument for argument in argv if not argument.startswith("-")), None) if argv is not None else None
    alone = argv is not None and len(argv) > 0 and argv[0] == named and named in COMMANDS
    for name in COMMANDS:
        if argv is None or name == named:
            importlib.import_module(f"{__name__}.{name}").register(subparsers)
        elif not alone:
            subparsers.add_parser(name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 findings, 2 unusable input)."""
    from agenda.cli._common import configure

    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args, extra = parser.parse_known_args(argv)
    if extra:
        # argparse would print the top level's usage for an option only the subcommand lacks.
        command: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    configure(args)
    from agenda.exceptions import AgendaError  # after the parse: --help needs no model

    try:
        with _signals_as_exceptions():
            code: int = args.run(args)
    except AgendaError as error:
        print(f"agenda: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"agenda: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    except UnicodeError as error:
        # Text that came in undecodable (a command-line byte such as 0xff under UTF-8) and could
        # not go out: file names may be any bytes, text that becomes output may not.
        reason = getattr(error, "reason", None) or error
        print(f"agenda: error: text that is not valid Unicode ({reason}): give UTF-8 text", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


def console() -> int:
    """The `agenda` program: `main` on the process's own command line, which then ends."""
    # A short run makes few reference cycles: collect them rarely, not every 700 new objects
    # (which costs `agenda check` a tenth of its time, mostly while modules are imported).
    gc.set_threshold(100_000, 10, 10)
    try:
        return main()
    finally:
        # What is left is freed when the process ends: without this, the collections of the
        # interpreter's shutdown would walk (and free) every object, another tenth.
        gc.freeze()


class _Terminated(BaseException):
    """SIGTERM or SIGHUP, raised so that `finally` blocks run: a temporary file is removed."""


@contextlib.contextmanager
def _signals_as_exceptions() -> Iterator[None]:
    """While a command runs, SIGTERM and SIGHUP (left at their default, which kills without
    cleaning up) raise instead; the exit code is then 128 + the signal, as a kill would give."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    caught = [getattr(signal, name) for name in names if signal.getsignal(getattr(signal, name)) == signal.SIG_DFL]

    def handler(number: int, frame: FrameType | None) -> None:
        raise _Terminated(number)

    previous = {number: signal.signal(number, handler) for number in caught}
    try:
        yield
    except _Terminated as stop:
        raise SystemExit(128 + int(stop.args[0])) from None
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
