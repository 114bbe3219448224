"""`agenda plan FILE --from DATE --to DATE`: when to hold it. Exit 0 when some start fits, 1 when
none does (near misses and a rotation are printed), 2 on unusable input."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from agenda._formats.registry import names
from agenda.cli._common import path_argument

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekdays(text: str) -> list[int]:
    days = []
    for part in text.split(","):
        key = part.strip().lower()[:3]
        if key not in _WEEKDAYS:
            raise argparse.ArgumentTypeError(f"unknown weekday {part.strip()!r}: use mon, tue, wed, thu, fri, sat, sun")
        days.append(_WEEKDAYS.index(key))
    return days


def _step(text: str) -> Any:
    from agenda.cli._common import parse_positive_duration

    return parse_positive_duration(text)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def register(subparsers: Any) -> None:
    from agenda._limits import LIMITS

    parser = subparsers.add_parser(
        "plan",
        description="Scan every start from --from to --to, --step apart, for the agenda's whole programme as "
        "it is, and list the best ones: each checks clean for the hard rules of `agenda check` (audience hours, "
        "speakers' working hours and availability, public holidays, weekends by country, DST), ranked by the "
        "smallest margin to anyone's limit, audience weights and your preferences, with the reasons. When "
        "nothing fits, the near misses and a rotation of two starts for a series. Exit status: 0 when some "
        "start fits, 1 when none does, 2 when the input cannot be used.",
    )
    parser.add_argument("file", type=path_argument, help="the agenda file")
    parser.add_argument(
        "--from",
        dest="start",
        required=True,
        metavar="DATE",
        help="first day (YYYY-MM-DD, in the event's zone) or a date-time such as 2021-02-10T09:00",
    )
    parser.add_argument(
        "--to", dest="end", required=True, metavar="DATE", help="last day, included (or a date-time, excluded)"
    )
    parser.add_argument("--step", type=_step, default=None, metavar="DURATION", help="between starts (15m)")
    parser.add_argument("--top", type=_positive, default=5, metavar="N", help="how many candidates to list (5)")
    parser.add_argument(
        "--relax",
        action="append",
        default=[],
        choices=sorted(LIMITS),
        help="do not apply this hard limit (repeatable)",
    )
    parser.add_argument(
        "--weekdays", type=_weekdays, default=[], metavar="DAYS", help="preferred weekdays, e.g. tue,wed,thu"
    )
    parser.add_argument(
        "--prefer-start",
        action="append",
        default=[],
        metavar="TIME",
        help="a preferred local start: 11:00 (the event's zone) or '14:00 Asia/Kolkata' (repeatable)",
    )
    parser.add_argument(
        "--any-date", action="store_true", help="no points off for different local dates in different zones"
    )
    parser.add_argument("--format", choices=names("plan"), default="text", help="output format (text)")
    parser.add_argument("--no-picture", action="store_true", help="leave out the strip of hours per zone")
    parser.add_argument(
        "--apply",
        type=_positive,
        metavar="N",
        help="write candidate N's start into the agenda file (the rest of the file is kept)",
    )
    parser.add_argument("-o", "--output", type=path_argument, metavar="FILE", help="write the plan to FILE")
    parser.set_defaults(run=run)


def _bound(text: str, zone: ZoneInfo, *, end: bool) -> datetime:
    """A date is midnight at its start in `zone` (for --to, the next midnight); a date-time is
    read as agenda files read one."""
    from datetime import date, datetime, timedelta

    from agenda._times import parse_when, resolve_local
    from agenda.exceptions import AgendaError

    value = text.strip()
    option = "--to" if end else "--from"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        try:
            return resolve_local(parse_when(value, zone))[0]
        except (ValueError, TypeError) as error:
            raise AgendaError(f"{option} {text!r}: {error}") from None
    if end:
        day += timedelta(days=1)
    return resolve_local(datetime.combine(day, datetime.min.time(), tzinfo=zone))[0]


def run(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from agenda._formats.registry import output
    from agenda._holidays import CachedHolidays, default_cache_directory
    from agenda._planner import plan
    from agenda.cli._common import check_output_file, load_document_or_exit, write_text
    from agenda.exceptions import AgendaError

    if args.output:
        check_output_file("--output", args.output)
    document = load_document_or_exit(args.file)
    agenda = document.agenda
    zone = agenda.event.zone
    start, end = _bound(args.start, zone, end=False), _bound(args.end, zone, end=True)
    top = max(args.top, args.apply or 0)
    result = plan(
        agenda,
        start,
        end,
        step=args.step or timedelta(minutes=15),
        top=top,
        relax=args.relax,
        weekdays=args.weekdays,
        prefer_starts=args.prefer_start,
        same_date=not args.any_date,
        holidays=CachedHolidays(default_cache_directory()),
    )
    renderer = output("plan", args.format).renderer()
    text = renderer(result, picture=not args.no_picture) if args.format == "text" else renderer(result)
    if args.output:
        from agenda._formats.atomic import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
    else:
        write_text(text)
    if args.apply is not None:
        if args.apply > len(result.candidates):
            raise AgendaError(
                f"--apply {args.apply}: only {len(result.candidates)} candidates fit; nothing was written"
            )
        _apply(document, result.candidates[args.apply - 1].start)
    return 0 if result.fitting else 1


def _apply(document: Any, start: datetime) -> None:
    import sys

    from agenda._diff import diff_agendas, format_diff
    from agenda._formats.edit import write_changes
    from agenda._planner import shift

    moved = shift(document.agenda, start)
    changed = write_changes(document, moved)
    print(f"Wrote {document.file}: {', '.join(changed) or 'nothing changed'}.", file=sys.stderr)
    diff = format_diff(diff_agendas(document.agenda, moved), document.agenda, moved)
    print(diff, end="", file=sys.stderr)
