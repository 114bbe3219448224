"""`agenda schema`: the JSON Schema of agenda files, for editors and validators."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        description="Print the JSON Schema of agenda files (TOML, YAML and JSON share it), for editor completion.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from agenda._formats.files import schema_text

    sys.stdout.write(schema_text())
    return 0
