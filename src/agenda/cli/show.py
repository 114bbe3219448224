"""`agenda show FILE [--tz ZONE ...]`: the programme as a table, one time column per zone."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "show",
        help="print the programme with its times in several zones",
        description="Print the programme as a table: one time column per zone (by default the event's "
        "and each audience's), with '+1 day' where the local date differs from the event's.",
    )
    parser.add_argument("file", help="agenda file (.toml, .yaml, .yml or .json)")
    parser.add_argument(
        "--tz",
        action="append",
        metavar="ZONE",
        default=[],
        help="an IANA zone to show (repeatable); replaces the default columns",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from agenda._formats.text import default_zones, render_table
    from agenda._timeline import build_timeline
    from agenda._times import get_zone
    from agenda.cli._common import load_document_or_exit

    zones = tuple(get_zone(name) for name in args.tz)
    document = load_document_or_exit(args.file)
    agenda = document.agenda
    sys.stdout.write(render_table(agenda, build_timeline(agenda), zones or default_zones(agenda)))
    return 0
