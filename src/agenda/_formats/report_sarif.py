"""Check reports as SARIF 2.1.0, for code-scanning upload; what it writes is described by
``sarif.schema.json``, the subset of the SARIF schema it uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from agenda._formats.jsontext import Listed, json_pieces
from agenda.checks.registry import Rule, all_rules
from agenda.checks.report import Finding, Report, Severity, Suppressed

__all__ = ["SARIF_SCHEMA", "iter_sarif", "render_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _sarif_rule(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "defaultConfiguration": {"level": _sarif_level(rule.severity)},
    }


def _uri(file: str | None) -> str:
    """A file as a URI reference: relative paths stay relative (code scanning wants that)."""
    from pathlib import PurePath
    from urllib.parse import quote

    if not file:
        return "agenda"
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def _sarif_level(severity: Severity) -> str:
    return {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}[severity]


def render_sarif(reports: Sequence[Report]) -> str:
    """SARIF 2.1.0 for code-scanning upload: one run, every rule described, a result per finding."""
    return "".join(iter_sarif(reports))


def iter_sarif(reports: Sequence[Report]) -> Iterator[str]:
    """`render_sarif`, a result at a time (each made as it is written)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        tool_version = version("agenda")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        tool_version = "0"
    rules = all_rules()
    index = {rule.code: position for position, rule in enumerate(rules)}

    def location(finding: Finding) -> dict[str, object]:
        physical: dict[str, object] = {"artifactLocation": {"uri": _uri(finding.file)}}
        if finding.line is not None:
            physical["region"] = {"startLine": finding.line}
        place: dict[str, object] = {"physicalLocation": physical}
        if finding.path:
            place["logicalLocations"] = [{"fullyQualifiedName": finding.path, "kind": "member"}]
        return place

    def result(finding: Finding) -> dict[str, object]:
        entry: dict[str, object] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _sarif_level(finding.severity),
            "message": {"text": finding.message},
            "locations": [location(finding)],
        }
        if finding.consequences:
            # What follows from this finding: shown with it, not as results of their own.
            entry["relatedLocations"] = [
                {**location(c), "id": n, "message": {"text": f"{c.code} {c.name}: {c.message}"}}
                for n, c in enumerate(finding.consequences, start=1)
            ]
        return entry

    def suppressed(item: Suppressed) -> dict[str, object]:
        silenced = result(item.finding)
        reason = item.reason or f"ignored by {item.by}.ignore"
        silenced["suppressions"] = [{"kind": "inSource", "justification": reason}]
        return silenced

    entries: list[tuple[Callable[[Any], dict[str, object]], Finding | Suppressed]] = []
    for report in reports:
        entries.extend((result, finding) for finding in report.findings)
        entries.extend((suppressed, item) for item in report.suppressed)
    results = Listed(entries, lambda entry: entry[0](entry[1]))
    data = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "agenda",
                        "version": tool_version,
                        "rules": [_sarif_rule(rule) for rule in rules],
                    }
                },
                "results": results,
            }
        ],
    }
    # The log, its runs, the run, its results: a result is one piece.
    yield from json_pieces(data, depth=4)
    yield "\n"
