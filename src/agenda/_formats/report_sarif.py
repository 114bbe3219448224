"""Check reports as SARIF 2.1.0, for code-scanning upload; what it writes is described by
``sarif.schema.json``, the subset of the SARIF schema it uses."""

from __future__ import annotations

import json
from collections.abc import Sequence

from agenda.checks.registry import Rule, all_rules
from agenda.checks.report import Finding, Report, Severity

__all__ = ["SARIF_SCHEMA", "render_sarif"]

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

    results: list[dict[str, object]] = []
    for report in reports:
        results.extend(result(finding) for finding in report.findings)
        for item in report.suppressed:
            silenced = result(item.finding)
            reason = item.reason or f"ignored by {item.by}.ignore"
            silenced["suppressions"] = [{"kind": "inSource", "justification": reason}]
            results.append(silenced)
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
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
