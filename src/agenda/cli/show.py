"""`agenda show FILE [--tz ZONE ...] [--format FORMAT] [-o FILE]`: the programme, one time column
per zone, as a terminal table, Markdown, JSON or CSV."""

from __future__ import annotations

import argparse
from typing import Any

from agenda._formats.registry import names


def register(subparsers: Any) -> None:
    from agenda.cli._common import add_language_option, path_argument

    parser = subparsers.add_parser(
        "show",
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
    parser.add_argument(
        "--format",
        choices=names("programme"),
        default="text",
        help="text (a terminal table), markdown (a GitHub table), json (instants and local times "
        "per zone) or csv (for spreadsheets); default text",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=path_argument,
        metavar="FILE",
        help="write to FILE (atomically); - or none: standard output",
    )
    add_language_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from agenda._formats.registry import output
    from agenda._formats.text import default_zones
    from agenda._timeline import build_timeline
    from agenda._times import get_zone
    from agenda.cli._common import check_output_file, load_document_or_exit, write_text

    to_file = args.output is not None and args.output != "-"  # "-" is standard output
    if to_file:
        check_output_file("-o", args.output)
    zones = tuple(get_zone(name) for name in args.tz)
    document = load_document_or_exit(args.file)
    agenda = document.agenda.in_language(args.language)
    render = output("programme", args.format).renderer()
    text: str = render(agenda, build_timeline(agenda), zones or default_zones(agenda))
    if to_file:
        from agenda._formats.atomic import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
    else:
        write_text(text)
    return 0
