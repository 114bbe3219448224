"""`agenda schedule FILE --format xml|json|json2`: the c3voc/frab schedule for conference apps."""

from __future__ import annotations

import argparse
from typing import Any

from agenda._formats.registry import names
from agenda.cli._common import add_language_option, path_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schedule",
        description="Export the schedule exchange format that frab and pretalx write and Giggity, "
        "EventFahrplan, ConfClerk and the c3voc recording pipeline read: xml (schedule.xml), json "
        "(its v1 JSON) or json2 (schedule2). Guids and ids are derived from the agenda's ids, so they "
        "stay the same across exports.",
    )
    parser.add_argument("file", type=path_argument, help="agenda file (.toml, .yaml, .yml or .json)")
    parser.add_argument("--format", choices=names("schedule"), default="xml", help="the form to write (default: xml)")
    parser.add_argument(
        "-o", "--output", type=path_argument, metavar="OUT", help="write to OUT (atomically) instead of stdout"
    )
    add_language_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from agenda._formats.atomic import write_atomic
    from agenda._formats.registry import output
    from agenda.cli._common import check_output_file, load_document_or_exit, write_text

    if args.output is not None:
        check_output_file("-o", args.output)
    document = load_document_or_exit(args.file, not_done="nothing was written")
    text: str = output("schedule", args.format).renderer()(document.agenda.in_language(args.language))
    if args.output is not None:
        write_atomic(args.output, text.encode("utf-8"))
    else:
        write_text(text)
        sys.stdout.flush()
    return 0
