"""The `agenda` command: thin. Each subcommand lives in a module of this package with a
`register(subparsers)` function; heavy imports happen inside the command, not here."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agenda",
        description="Multi-part webinar and event agendas across time zones.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 findings, 2 unusable input)."""
    from agenda.exceptions import AgendaError

    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except AgendaError as error:
        print(f"agenda: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"agenda: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code
