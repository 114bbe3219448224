"""`agenda publish FILE --caldav URL`: put the agenda on a shared CalDAV calendar."""

from __future__ import annotations

import argparse
from typing import Any

from agenda.cli._common import add_language_option, parse_stamp, path_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "publish",
        description="Make a CalDAV calendar hold the agenda's events: new ones are created, changed ones "
        "updated (If-Match on their ETag), removed ones deleted, unchanged ones not written. Only events "
        "published from this agenda are touched. An event edited on the server is reported and left as it "
        "is (exit code 1). Credentials come from AGENDA_CALDAV_USERNAME and AGENDA_CALDAV_PASSWORD or a "
        "netrc entry for the host; TLS certificates are verified.",
    )
    parser.add_argument("file", type=path_argument, help="agenda file (.toml, .yaml, .yml or .json)")
    parser.add_argument("--caldav", required=True, metavar="URL", help="the URL of the calendar collection")
    parser.add_argument(
        "--split",
        choices=("event", "parts", "items"),
        default="event",
        help="one event for the whole agenda (default), one per top-level part, or one per item",
    )
    parser.add_argument("--dry-run", action="store_true", help="list what would change; write nothing")
    parser.add_argument(
        "--force", action="store_true", help="overwrite or delete events edited on the server since they were published"
    )
    parser.add_argument(
        "--stamp",
        type=parse_stamp,
        metavar="DATETIME",
        help="the DTSTAMP of what is written, e.g. 2021-02-01T09:00Z (default: the current time)",
    )
    add_language_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys
    from datetime import UTC, datetime

    from agenda.cli._common import load_document_or_exit, write_text
    from agenda.publish import credentials_for, publish_caldav

    document = load_document_or_exit(args.file, not_done="nothing was published")
    auth = credentials_for(args.caldav)
    # The clock is read here, at the edge, and only when no stamp is given.
    stamp = args.stamp or datetime.now(UTC).replace(microsecond=0)
    result = publish_caldav(
        document.agenda.in_language(args.language),
        args.caldav,
        stamp=stamp,
        split=args.split,
        dry_run=args.dry_run,
        force=args.force,
        auth=auth,
    )
    would = "would " if result.dry_run else ""
    lines = [
        f"{would}{change.describe()}" for change in result.changes if change.action in ("create", "update", "delete")
    ]
    counts = (
        f"{result.count('create')} new, {result.count('update')} updated, {result.count('delete')} deleted, "
        f"{result.count('keep')} unchanged"
    )
    lines.append(f"{'dry run: ' if result.dry_run else ''}{counts}, {len(result.conflicts)} conflicts")
    write_text("\n".join(lines) + "\n")
    for conflict in result.conflicts:
        print(f"agenda: conflict: {conflict.uid}: {conflict.reason}", file=sys.stderr)
    return 1 if result.conflicts else 0
