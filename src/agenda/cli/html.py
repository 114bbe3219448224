"""`agenda html FILE -o page.html`: the agenda's web page, one self-contained file."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    from agenda.cli._common import language_argument, parse_stamp, path_argument

    parser = subparsers.add_parser(
        "html",
        description="Write the programme as a web page: every time with its zone and date shift, a "
        "column per audience zone, a zone switcher, calendar links (.ics, Google, Outlook) and the "
        "timeline across zones; an agenda in several languages gets a language switch. It needs no "
        "network and reads correctly without JavaScript.",
    )
    parser.add_argument("file", help="agenda file (.toml, .yaml, .yml or .json)")
    parser.add_argument("-o", "--output", required=True, type=path_argument, metavar="FILE", help="the page to write")
    parser.add_argument(
        "--tz",
        action="append",
        metavar="ZONE",
        default=[],
        help="an IANA zone to show (repeatable; the first groups the days); replaces the default columns",
    )
    parser.add_argument(
        "--ics-dir",
        type=path_argument,
        metavar="DIR",
        help="write the .ics files into DIR and link them from the page (default: embedded as data URLs)",
    )
    parser.add_argument("--feed-url", metavar="URL", help="an https:// calendar feed: adds a webcal:// link")
    parser.add_argument(
        "--stamp",
        type=parse_stamp,
        metavar="DATETIME",
        help="DTSTAMP of the .ics files, e.g. 2021-02-01T09:00Z (default: now); fixes the output",
    )
    parser.add_argument("--speakers", action="store_true", help="add a lane per speaker to the timeline picture")
    parser.add_argument(
        "--language",
        type=language_argument,
        metavar="TAG",
        help="for an agenda in several languages, the one the page opens in (an IANA tag such as ru); "
        "default: the event's language. The page has a switch to the others",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import os
    from datetime import UTC, datetime
    from pathlib import Path
    from urllib.parse import quote

    from agenda._formats.atomic import write_atomic
    from agenda._formats.page import page_files, render_page, webcal_link
    from agenda._formats.text import default_zones
    from agenda._timeline import build_timeline
    from agenda._times import get_zone
    from agenda.cli._common import check_output_directory, check_output_file, load_document_or_exit

    check_output_file("-o", args.output)
    ics_dir = check_output_directory("--ics-dir", args.ics_dir) if args.ics_dir is not None else None
    if args.feed_url is not None:
        webcal_link(args.feed_url)  # refused before any work
    zones = tuple(get_zone(name) for name in args.tz)
    agenda = load_document_or_exit(args.file, not_done="nothing was written").agenda
    timeline = build_timeline(agenda)
    # The clock is read here, at the edge, and only when no stamp is given.
    stamp = args.stamp or datetime.now(UTC).replace(microsecond=0)
    ics_base = None
    if ics_dir is not None:
        relative = os.path.relpath(ics_dir.absolute(), Path(args.output).absolute().parent)
        ics_base = "" if relative == "." else quote(Path(relative).as_posix()) + "/"
    calendars = page_files(agenda, timeline, stamp=stamp, language=args.language)
    page = render_page(
        agenda,
        timeline,
        zones or default_zones(agenda),
        stamp=stamp,
        ics_base=ics_base,
        feed_url=args.feed_url,
        timeline_speakers=args.speakers,
        calendars=calendars,
        language=args.language,
    )
    if ics_dir is not None:
        ics_dir.mkdir(exist_ok=True)
        for name, content in calendars.items():
            # A page in several languages has each other language's files in a folder of its own.
            (ics_dir / name).parent.mkdir(exist_ok=True)
            write_atomic(ics_dir / name, content)
    write_atomic(args.output, page.encode("utf-8"))
    return 0
