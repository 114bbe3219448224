"""Check reports as text (for people), JSON (stable, documented), GitHub workflow commands and
SARIF 2.1.0 (code scanning). The JSON and SARIF outputs validate against the schemas beside
this module: ``report.schema.json`` and ``sarif.schema.json``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources

from agenda import _words as words
from agenda._formats.registry import names, output
from agenda.checks.registry import Rule, all_rules
from agenda.checks.report import Finding, Report, Severity, summary_counts

__all__ = ["FORMATS", "render", "render_github", "render_json", "render_sarif", "render_text", "schema"]

FORMATS = names("report")

#: Bumped only when the JSON output changes incompatibly.
JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def schema(name: str) -> dict[str, object]:
    """The JSON Schema of an output format: ``json`` or ``sarif``."""
    text = resources.files("agenda._formats").joinpath(f"{'report' if name == 'json' else name}.schema.json")
    loaded: dict[str, object] = json.loads(text.read_text("utf-8"))
    return loaded


def render(reports: Sequence[Report], format: str, *, colour: bool = False) -> str:
    """The reports in one of the registered report formats (`FORMATS`)."""
    renderer = output("report", format).renderer()
    text: str = renderer(reports, colour=colour) if format == "text" else renderer(reports)
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _where(finding: Finding) -> str:
    where = finding.file or "<agenda>"
    if finding.line is not None:
        where += f":{finding.line}"
    return where


def render_text(reports: Sequence[Report], *, colour: bool = False) -> str:
    """For people: findings grouped by file, running drift where the programme slips, a summary."""

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    lines: list[str] = []
    for report in reports:
        if not report.findings:
            continue
        lines.append(paint(_BOLD, report.file or "<agenda>"))
        for finding in report.findings:
            level = paint(_COLOURS[finding.severity], finding.severity.value)
            lines.append(
                f"  {_where(finding)}: {paint(_BOLD, finding.code)} {level}: {finding.message} "
                f"{paint(_DIM, f'[{finding.name} at {finding.path}]')}"
            )
        late = [entry for entry in report.drift if entry.drift]
        if late:
            lines.append("  running drift:")
            lines.extend(f"    {entry.path} {entry.title!r}: {words.minutes(entry.drift)}" for entry in late)
        lines.append("")
    counts = summary_counts(reports)
    files = _plural(len(reports), "file")
    if not any(counts.values()):
        lines.append(paint(_BOLD, f"All clear: {files} checked, no findings."))
    else:
        summary = (
            f"{_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}, "
            f"{_plural(counts['infos'], 'note')} in {files}."
        )
        lines.append(paint(_BOLD, summary))
    return "\n".join(lines) + "\n"


def render_json(reports: Sequence[Report]) -> str:
    """Stable JSON: a version, one entry per file and a summary (see ``report.schema.json``)."""
    data = {
        "version": JSON_VERSION,
        "files": [report.to_dict() for report in reports],
        "summary": {**summary_counts(reports), "files": len(reports)},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[Report]) -> str:
    """GitHub Actions workflow commands: each finding shows inline on the pull request."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for report in reports:
        for finding in report.findings:
            properties = []
            if finding.file:
                properties.append(f"file={_escape_property(finding.file)}")
            if finding.line is not None:
                properties.append(f"line={finding.line}")
            properties.append(f"title={_escape_property(f'{finding.code} {finding.name}')}")
            lines.append(
                f"::{command[finding.severity]} {','.join(properties)}::"
                f"{_escape_data(f'{finding.code} {finding.message} ({finding.path})')}"
            )
    return "".join(line + "\n" for line in lines)


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
    results = []
    for report in reports:
        for finding in report.findings:
            physical: dict[str, object] = {"artifactLocation": {"uri": _uri(finding.file)}}
            if finding.line is not None:
                physical["region"] = {"startLine": finding.line}
            results.append(
                {
                    "ruleId": finding.code,
                    "ruleIndex": index[finding.code],
                    "level": _sarif_level(finding.severity),
                    "message": {"text": finding.message},
                    "locations": [
                        {
                            "physicalLocation": physical,
                            "logicalLocations": [{"fullyQualifiedName": finding.path, "kind": "member"}],
                        }
                    ],
                }
            )
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
