"""`agenda timeline FILE -o timeline.svg`: the programme across zones as an SVG picture."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    from agenda.cli._common import add_language_option, path_argument

    parser = subparsers.add_parser(
        "timeline",
        description="Draw one lane per audience in its local time: hour ticks, the hours it can attend "
        "shaded, midnight lines with the local date, offset changes (DST) and the programme's parts. "
        "Plain SVG that GitHub shows in a README.",
    )
    parser.add_argument("file", help="agenda file (.toml, .yaml, .yml or .json)")
    parser.add_argument(
        "-o",
        "--output",
        type=path_argument,
        metavar="FILE",
        help="write to FILE (atomically); - or none: standard output",
    )
    parser.add_argument(
        "--tz",
        action="append",
        metavar="ZONE",
        default=[],
        help="an IANA zone to draw a lane for (repeatable); replaces the default lanes",
    )
    parser.add_argument("--speakers", action="store_true", help="add a lane per speaker with a zone")
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
    agenda = load_document_or_exit(args.file).agenda.in_language(args.language)
    render = output("picture", "svg").renderer()
    svg: str = render(agenda, build_timeline(agenda), zones or default_zones(agenda), speakers=args.speakers)
    if to_file:
        from agenda._formats.atomic import write_atomic

        write_atomic(args.output, svg.encode("utf-8"))
    else:
        write_text(svg)
    return 0
