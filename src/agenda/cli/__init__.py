"""The `agenda` command: thin. Each subcommand lives in a module of this package with a
`register(subparsers)` function; heavy imports happen inside the command, not here."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import pkgutil
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType

__all__ = ["main"]


class _Version(argparse.Action):
    """--version, read from the package metadata only when asked (it costs an import)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        import agenda

        print(f"agenda {agenda.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from agenda.cli._common import CommandParser

    parser = argparse.ArgumentParser(
        prog="agenda",
        description="Multi-part webinar and event agendas across time zones.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    # Every subcommand's parser takes the global options (-q, -v, --color, --format-in).
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=CommandParser)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 findings, 2 unusable input)."""
    from agenda.cli._common import configure
    from agenda.exceptions import AgendaError

    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # argparse would print the top level's usage for an option only the subcommand lacks.
        command: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    configure(args)
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
