"""`agenda invite FILE --out DIR`: e-mail invitations, written as .eml files or sent over SMTP."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from agenda.cli._common import parse_stamp, path_argument

if TYPE_CHECKING:
    from collections.abc import Iterator

    from agenda.invite import Invitation


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "invite",
        description="Make one invitation per recipient: the agenda's speakers and chairs with an e-mail "
        "address, and everyone in --attendees. With --previous, only changes go out: updates with a higher "
        "SEQUENCE, cancellations for removed events, nothing for unchanged ones. Without --smtp each "
        "message is written to DIR as an .eml file; with it they are sent, and DIR/sent.log records each "
        "delivery so that a rerun sends nobody a message twice. SMTP encryption and login come from the "
        "environment: AGENDA_SMTP_TLS=starttls|implicit|none (AGENDA_SMTP_STARTTLS=1 means starttls), "
        "AGENDA_SMTP_USER, AGENDA_SMTP_PASSWORD; a login without TLS is refused. Exit 0 when every "
        "message was written or delivered, 1 when a recipient was refused or sending stopped, 2 on bad input.",
    )
    parser.add_argument("file", type=path_argument, help="agenda file (.toml, .yaml, .yml or .json)")
    parser.add_argument(
        "--attendees",
        type=path_argument,
        metavar="CSV",
        help="attendee list: CSV with columns name,email[,zone][,language]",
    )
    parser.add_argument(
        "--previous", type=path_argument, metavar="OLD", help="the version of the agenda invited last time"
    )
    parser.add_argument(
        "--out",
        type=path_argument,
        metavar="DIR",
        required=True,
        help="directory for .eml files and sent.log (created if its parent exists)",
    )
    parser.add_argument("--smtp", metavar="HOST:PORT", help="send through this SMTP server instead of writing")
    parser.add_argument(
        "--stamp",
        type=parse_stamp,
        metavar="DATETIME",
        help="DTSTAMP and Date, ISO 8601 with an offset (default: now, in UTC)",
    )
    parser.add_argument(
        "--split",
        choices=("event", "parts", "items"),
        help="one invitation for the whole event, per part or per item (default: the file's event.split, else event)",
    )
    parser.add_argument(
        "--previous-split",
        choices=("event", "parts", "items"),
        help="how the --previous version was sent (default: its event.split, else the same as this one); "
        "when it differs, what that version sent and this one does not is cancelled",
    )
    parser.add_argument("--speaker", metavar="ID", help="only the events this speaker takes part in")
    parser.set_defaults(run=run)


def file_name(invitation: Invitation) -> str:
    """``olga@example.org--3f2a9c1b7d4e.eml``: the recipient, and the Message-ID for uniqueness."""
    import hashlib
    import re

    safe = re.sub(r"[^A-Za-z0-9@._+-]", "_", invitation.recipient.email)
    return f"{safe}--{hashlib.sha256(invitation.message_id.encode()).hexdigest()[:12]}.eml"


def run(args: argparse.Namespace) -> int:
    import email.policy
    import itertools
    import os
    import sys
    from datetime import UTC, datetime

    from agenda._formats.atomic import write_atomic
    from agenda.cli._common import check_output_directory, fail, load_document_or_exit, verbosity, write_text
    from agenda.invite import (
        AttendeeListError,
        DeliveryStatus,
        SentLog,
        SmtpSettings,
        invitations,
        read_attendees,
    )

    out = check_output_directory("--out", args.out)
    settings = SmtpSettings.from_environment(args.smtp, os.environ) if args.smtp else None
    not_done = "nothing was sent" if settings is not None else "nothing was written"
    agenda = load_document_or_exit(args.file, not_done=not_done).agenda
    previous = load_document_or_exit(args.previous, not_done=not_done).agenda if args.previous is not None else None
    # The clock is read here, at the edge, and only when no stamp is given.
    stamp = args.stamp or datetime.now(UTC).replace(microsecond=0)
    try:
        guests = read_attendees(args.attendees) if args.attendees is not None else ()
    except AttendeeListError as error:
        fail(error.problems, subject="in the attendee list", not_done=not_done)
    planned = invitations(
        agenda,
        stamp=stamp,
        attendees=guests,
        previous=previous,
        split=args.split,
        speaker=args.speaker,
        previous_split=args.previous_split,
    )
    # The first invitation plans them all: a bad speaker or agenda stops here, before DIR exists.
    first = next(planned, None)
    out.mkdir(exist_ok=True)
    stream: Iterator[Invitation] = itertools.chain((first,), planned) if first is not None else planned

    counts: dict[str, int] = {}
    if settings is None:
        for invitation in stream:
            write_atomic(out / file_name(invitation), invitation.message.as_bytes(policy=email.policy.SMTP))
            counts[invitation.method] = counts.get(invitation.method, 0) + 1
        total = sum(counts.values())
        if verbosity() < 0:  # --quiet: the messages are what was asked for, not this summary
            return 0
        if not total:
            why = "no event changed" if previous is not None else "nobody to invite has an e-mail address"
            write_text(f"nothing to send: {why}\n")
            return 0
        detail = ", ".join(f"{n} {method.upper()}" for method, n in sorted(counts.items(), reverse=True))
        write_text(f"wrote {total} message{'s' if total != 1 else ''} ({detail}) to {out}\n")
        return 0

    from agenda.invite import send_invitations

    for delivery in send_invitations(stream, settings, SentLog(out / "sent.log")):
        status = delivery.status
        counts[status.value] = counts.get(status.value, 0) + 1
        who = delivery.invitation.recipient.email
        line = f"{status.value:<12} {delivery.invitation.method.upper():<7} {who}"
        write_text(line + (f": {delivery.detail}" if delivery.detail else "") + "\n")
        if status is DeliveryStatus.FAILED:
            print(
                "agenda: sending stopped; rerun the same command to send the rest (nobody gets a message twice)",
                file=sys.stderr,
            )
    summary = ", ".join(f"{n} {state}" for state, n in counts.items()) or "nothing to send"
    write_text(summary + "\n")
    bad = counts.get(DeliveryStatus.REFUSED.value, 0) + counts.get(DeliveryStatus.FAILED.value, 0)
    return 1 if bad else 0
