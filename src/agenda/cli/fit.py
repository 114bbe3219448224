"""`agenda fit FILE [--end TIME | --length DURATION] [--mode pack|stretch|shift]`: make the
programme fit a booked window, write only the changed values back, print the diff. Exit 0 when it
fits, 1 when a constraint blocks it (nothing is written), 2 on unusable input."""

from __future__ import annotations

import argparse
from typing import Any

from agenda.cli._common import path_argument


def _minimum(text: str) -> tuple[Any, Any]:
    from agenda._model import ItemKind
    from agenda._times import parse_duration

    kind, _, value = text.partition("=")
    try:
        return ItemKind(kind.strip()), parse_duration(value)
    except ValueError as error:
        kinds = ", ".join(k.value for k in ItemKind)
        raise argparse.ArgumentTypeError(f"{text!r}: write KIND=DURATION such as qa=3m ({kinds}): {error}") from None


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fit",
        description="Make the programme fit a window: pack closes unused budgets and shortens items, Q&A and "
        "breaks first, never the opening or closing, never below a kind's minimum; stretch fills the window by "
        "lengthening Q&A and breaks; shift moves the whole event. Budgets move with their items. Only the "
        "changed values are written back; the changes are printed as `agenda diff` prints them. Exit status: "
        "0 when it fits, 1 when it cannot (the blocking constraint is named, nothing is written), 2 when the "
        "input cannot be used.",
    )
    parser.add_argument("file", type=path_argument, help="the agenda file")
    window = parser.add_mutually_exclusive_group()
    window.add_argument(
        "--end", metavar="TIME", help="the window's end: 13:45 (the event's date and zone) or a date-time"
    )
    window.add_argument("--length", metavar="DURATION", help="the window's length from the start, e.g. 2h30m")
    parser.add_argument("--start", metavar="TIME", help="shift only: the new start")
    parser.add_argument("--mode", choices=("pack", "stretch", "shift"), default="pack", help="how to fit (pack)")
    parser.add_argument(
        "--keep", choices=("instant", "wall"), default="instant", help="shift: keep instants' distances or wall times"
    )
    parser.add_argument(
        "--min",
        dest="minimums",
        type=_minimum,
        action="append",
        default=[],
        metavar="KIND=DURATION",
        help="the shortest an item of a kind may become, e.g. qa=3m (repeatable)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from agenda._diff import diff_agendas, format_diff
    from agenda._fit import fit
    from agenda._formats.edit import write_changes
    from agenda._times import parse_duration, parse_when, resolve_local
    from agenda._words import clock
    from agenda.cli._common import info, load_document_or_exit, write_text
    from agenda.exceptions import AgendaError

    document = load_document_or_exit(args.file)
    agenda = document.agenda
    zone = agenda.event.zone

    def when(option: str, text: str | None) -> Any:
        if text is None:
            return None
        try:
            return resolve_local(parse_when(text, zone, agenda.event.start.date()))[0]
        except (ValueError, TypeError) as error:
            raise AgendaError(f"{option} {text!r}: {error}") from None

    length = None
    if args.length is not None:
        try:
            length = parse_duration(args.length)
        except ValueError as error:
            raise AgendaError(f"--length {args.length!r}: {error}") from None
    result = fit(
        agenda,
        end=when("--end", args.end),
        length=length,
        start=when("--start", args.start),
        mode=args.mode,
        keep=args.keep,
        minimums=dict(args.minimums),
    )
    if not result.ok:
        print(f"agenda: cannot fit {document.file}: {result.blocking}; nothing was written", file=sys.stderr)
        return 1
    changes = diff_agendas(agenda, result.agenda)
    write_text(format_diff(changes, agenda, result.agenda))
    ends = f"at {clock(result.end_after, zone)} {zone.key} (was {clock(result.end_before, zone)})"
    if args.dry_run:
        info(f"The programme would end {ends}; nothing was written (--dry-run).")
        return 0
    changed = write_changes(document, result.agenda)
    info(f"The programme now ends {ends}; wrote {len(changed)} value(s) to {document.file}.")
    return 0
