"""`agenda diff OLD NEW [--format text|json]`: what changed between two versions of an agenda."""

from __future__ import annotations

import argparse
from typing import Any

from agenda.cli._common import path_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diff",
        description="List what a calendar user would see change: the event's details; parts and items "
        "added, removed, moved, retimed, renamed, edited (kind, budget, fixed start, description) or with other "
        "speakers or chair; speakers, organisations and audiences added, removed or edited. Times are in the "
        "event's zone. The check settings, the revision and the order of lists are not compared. Exit 0 when "
        "nothing changed, 1 when something did, 2 when a file cannot be read.",
    )
    parser.add_argument("old", type=path_argument, help="the earlier agenda file")
    parser.add_argument("new", type=path_argument, help="the later agenda file")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (text)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from agenda._diff import diff_agendas, format_diff
    from agenda.cli._common import load_document_or_exit, write_text

    old = load_document_or_exit(args.old).agenda
    new = load_document_or_exit(args.new).agenda
    changes = diff_agendas(old, new)
    if args.format == "json":
        write_text(json.dumps(changes.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        write_text(format_diff(changes, old, new))
    return 1 if changes else 0
