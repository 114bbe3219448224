"""`agenda ics FILE`: the agenda as an iCalendar file, for a download link or invitations."""

from __future__ import annotations

import argparse
from typing import Any

from agenda.cli._common import add_language_option, parse_positive_duration, parse_stamp, path_argument


def _attendee(text: str) -> tuple[str, str]:
    from email.utils import parseaddr

    from agenda._text import MAX_NAME, mailbox_problem, text_problem

    name, address = parseaddr(text)
    if "@" not in address:
        raise argparse.ArgumentTypeError(f"invalid attendee {text!r}: write 'Name <name@example.org>'")
    problem = mailbox_problem(address)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"invalid attendee {text!r}: the address {problem}")
    problem = text_problem(name, limit=MAX_NAME)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"invalid attendee {text!r}: the name {problem}")
    return name or address, address


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ics",
        description="Export the agenda as iCalendar: one event for the whole agenda, one per part or one "
        "per item, for a download (publish), invitations (request) or a cancellation (cancel).",
    )
    parser.add_argument("file", type=path_argument, help="agenda file (.toml, .yaml, .yml or .json)")
    parser.add_argument(
        "-o",
        "--output",
        type=path_argument,
        metavar="OUT",
        help="write to OUT (atomically) instead of stdout; for --method request or cancel with --split "
        "parts or items, OUT is a directory (created if its parent exists) that gets one .ics per event, "
        "since an invitation or cancellation is about one event (RFC 5546)",
    )
    parser.add_argument(
        "--split",
        choices=("event", "parts", "items"),
        help="one event for the whole agenda, one per top-level part, or one per item (default: the file's "
        "event.split, else event)",
    )
    parser.add_argument(
        "--previous-split",
        choices=("event", "parts", "items"),
        help="how the --previous version was exported (default: its event.split, else the same as this one)",
    )
    parser.add_argument(
        "--method",
        choices=("publish", "request", "cancel", "none"),
        default="publish",
        help="publish: a download, no attendees (default); request: invitations with organizer and "
        "attendees; cancel: cancel the events; none: as publish but without METHOD, the form a CalDAV "
        "server stores (RFC 4791 4.1)",
    )
    parser.add_argument(
        "--previous",
        type=path_argument,
        metavar="OLD",
        help="the version calendars already hold: only changed events get a higher SEQUENCE; with "
        "--method request only new and changed events are written, with --method cancel only removed ones",
    )
    parser.add_argument("--speaker", metavar="ID", help="only the slots of this speaker (their own calendar)")
    parser.add_argument(
        "--stamp",
        type=parse_stamp,
        metavar="DATETIME",
        help="the DTSTAMP, e.g. 2021-02-01T09:00Z; give it for byte-for-byte reproducible output "
        "(default: the current time)",
    )
    parser.add_argument(
        "--alarm",
        type=parse_positive_duration,
        action="append",
        default=[],
        metavar="DURATION",
        help="a reminder this long before each event, e.g. 15m (repeatable)",
    )
    parser.add_argument(
        "--attendee",
        type=_attendee,
        action="append",
        default=[],
        metavar="'NAME <EMAIL>'",
        help="invite this person to every event, besides the speakers (repeatable)",
    )
    parser.add_argument(
        "--feed",
        metavar="URL",
        help="write a subscription feed served at URL (no METHOD; REFRESH-INTERVAL, SOURCE, NAME), for a "
        "webcal:// link",
    )
    parser.add_argument(
        "--refresh",
        type=parse_positive_duration,
        metavar="DURATION",
        help="with --feed: how often subscribers fetch it again (default 1h)",
    )
    add_language_option(parser)
    parser.set_defaults(run=run)


def calendar_file_name(uid: str) -> str:
    """``closing.webinar-2021.ics`` for ``closing.webinar-2021@agenda``: stable across runs, one
    file per UID (a digest is added when the name had to be changed to be safe)."""
    import hashlib
    import re

    local = uid.removesuffix("@agenda")
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", local)[:120].lstrip(".") or "event"
    if safe != local:
        safe += "-" + hashlib.sha256(uid.encode()).hexdigest()[:10]
    return safe + ".ics"


def run(args: argparse.Namespace) -> int:
    import sys
    from datetime import UTC, datetime

    from agenda._formats.atomic import write_atomic
    from agenda.cli._common import (
        check_output_directory,
        check_output_file,
        load_document_or_exit,
        write_output,
        write_text,
    )
    from agenda.exceptions import AgendaError
    from agenda.ical import Attendee, to_ical, to_ical_each

    if args.refresh is not None and args.feed is None:
        raise AgendaError("--refresh is how often a feed is fetched again: give --feed URL too")
    # An invitation or cancellation is about one UID: several events make several files. The
    # file's event.split is known only once it is loaded; -o DIR is checked then.
    not_done = "nothing was written"
    document = load_document_or_exit(args.file, not_done=not_done)
    agenda = document.agenda.in_language(args.language)
    split = args.split or agenda.event.split or "event"
    per_event = args.method in ("request", "cancel") and split != "event"
    if per_event:
        if args.output is None:
            raise AgendaError(
                f"--method {args.method} with --split {split} writes one calendar per event (RFC 5546: one "
                "UID per invitation): give -o DIR, or use --split event or --method publish"
            )
        directory = check_output_directory("-o", args.output)
        if not directory.is_dir() and directory.suffix.lower() == ".ics":
            raise AgendaError(f"-o {args.output}: give a directory, one .ics per event is written in it")
    elif args.output is not None:
        check_output_file("-o", args.output)
    previous = None
    if args.previous is not None:
        previous = load_document_or_exit(args.previous, not_done=not_done).agenda.in_language(args.language)
    # The clock is read here, at the edge, and only when no stamp is given.
    stamp = args.stamp or datetime.now(UTC).replace(microsecond=0)
    method = None if args.method == "none" else args.method
    options = {
        "stamp": stamp,
        "split": split,
        "previous_split": args.previous_split,
        "method": method,
        "speaker": args.speaker,
        "attendees": [Attendee(name=name, email=email) for name, email in args.attendee],
        "alarms": args.alarm,
        "previous": previous,
    }
    calendars: tuple[tuple[str, bytes], ...]
    if args.feed is not None:
        from agenda.publish import DEFAULT_REFRESH, to_feed

        calendars = (("", to_feed(agenda, args.feed, refresh=args.refresh or DEFAULT_REFRESH, **options)),)
    elif args.method in ("publish", "none"):
        # A publish holds every current event, so it is never empty.
        calendars = (("", to_ical(agenda, **options)),)
    else:
        calendars = to_ical_each(agenda, **options)
    if not calendars:
        print(f"agenda: nothing changed since {args.previous}; nothing was written", file=sys.stderr)
        return 0
    if per_event:
        directory.mkdir(exist_ok=True)
        for uid, data in calendars:
            write_atomic(directory / calendar_file_name(uid), data)
        count = len(calendars)
        write_text(
            f"wrote {count} calendar{'s' if count != 1 else ''} (METHOD:{args.method.upper()}, one per "
            f"event) to {directory}\n"
        )
        return 0
    ((_, data),) = calendars
    write_output(args.output, data)  # standard output for none or "-"
    return 0
