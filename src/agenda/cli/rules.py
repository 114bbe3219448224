"""`agenda rules`: every check rule with its code, name, default severity and summary."""

from __future__ import annotations

import argparse
from typing import Any


def _rule_name(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("empty rule name: give a code such as AG401 or a name, or none to list all")
    return text.strip()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rules",
        description="List every rule of `agenda check`: code, name, default severity and summary; "
        "with a code or name, print that rule's documentation.",
    )
    parser.add_argument("rule", nargs="?", type=_rule_name, help="a rule code or name to explain")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from agenda.checks import all_rules, get_rule
    from agenda.cli._common import write_text

    rules = (get_rule(args.rule),) if args.rule is not None else all_rules()
    if args.format == "json":
        data = [{**rule.to_dict(), "doc": rule.doc} for rule in rules]
        write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif args.rule is not None:
        rule = rules[0]
        write_text(f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.summary}\n\n{rule.doc}\n")
    else:
        width = max(len(rule.name) for rule in rules)
        write_text(
            "".join(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}\n" for rule in rules)
        )
    return 0
