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

__all__ = [
    "FORMATS",
    "render",
    "render_github",
    "render_json",
    "render_markdown",
    "render_sarif",
    "render_text",
    "schema",
    "summary_line",
]

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


def render(reports: Sequence[Report], format: str, *, colour: bool = False, **options: bool) -> str:
    """The reports in one of the registered report formats (`FORMATS`); `colour` and `options`
    (``statistics``, ``quiet``, ``verbose``) concern the text format only."""
    renderer = output("report", format).renderer()
    text: str = renderer(reports, colour=colour, **options) if format == "text" else renderer(reports)
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _where(finding: Finding) -> str:
    where = finding.file or "<agenda>"
    if finding.line is not None:
        where += f":{finding.line}"
    return where


def summary_line(reports: Sequence[Report]) -> str:
    """The closing summary: findings by severity, files, unreadable files, suppressions and
    consequences, e.g. ``2 errors, 1 warning, 0 notes in 3 files; 1 file could not be read.``"""
    counts = summary_counts(reports)
    files = _plural(len(reports), "file")
    unread = sum(1 for report in reports if not report.loaded)
    consequences = sum(len(finding.consequences) for report in reports for finding in report.findings)
    notes = []
    if unread:
        notes.append(f"{_plural(unread, 'file')} could not be read")
    if counts["suppressed"]:
        notes.append(f"{counts['suppressed']} suppressed by ignore in the agendas")
    if consequences:
        notes.append(
            f"{_plural(consequences, 'consequence')} shown under {'its' if consequences == 1 else 'their'} cause"
        )
    tail = "".join(f"; {note}" for note in notes)
    if not (counts["errors"] or counts["warnings"] or counts["infos"]):
        return f"All clear: {files} checked, no findings{tail}."
    return (
        f"{_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}, "
        f"{_plural(counts['infos'], 'note')} in {files}{tail}."
    )


def render_text(
    reports: Sequence[Report],
    *,
    colour: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    verbose: bool = False,
) -> str:
    """For people: findings grouped by file (consequences indented under their cause), running
    drift where the programme slips, a summary. `statistics` counts findings per rule instead;
    `quiet` leaves out everything but the findings; `verbose` adds the suppressed findings."""

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    def line(finding: Finding, indent: str) -> str:
        level = paint(_COLOURS[finding.severity], finding.severity.value)
        where = f"{finding.name} at {finding.path}" if finding.path else finding.name
        tag = paint(_DIM, f"[{where}]")
        return f"{indent}{_where(finding)}: {paint(_BOLD, finding.code)} {level}: {finding.message} {tag}"

    lines: list[str] = []
    if statistics:
        for code, name, count, implied in rule_statistics(reports):
            extra = f" (+{implied} as consequences)" if implied else ""
            lines.append(f"{count:>5}  {paint(_BOLD, code)}  {name}{extra}")
        if lines and not quiet:
            lines.append("")
    else:
        for report in reports:
            hidden = report.suppressed if verbose else ()
            if not report.findings and not hidden:
                continue
            lines.append(paint(_BOLD, report.file or "<agenda>"))
            for finding in report.findings:
                lines.append(line(finding, "  "))
                lines.extend(line(consequence, "    ↳ ") for consequence in finding.consequences)
            for silenced in hidden:
                why = f": {silenced.reason}" if silenced.reason else ""
                lines.append(paint(_DIM, f"  suppressed by {silenced.by}.ignore{why}: ") + line(silenced.finding, ""))
            late = [entry for entry in report.drift if entry.drift]
            if late and not quiet:
                lines.append("  running drift:")
                lines.extend(f"    {entry.path} {entry.title!r}: {words.minutes(entry.drift)}" for entry in late)
            lines.append("")
    if quiet:
        while lines and not lines[-1]:
            lines.pop()
        return "".join(f"{text}\n" for text in lines)
    lines.append(paint(_BOLD, summary_line(reports)))
    return "\n".join(lines) + "\n"


def rule_statistics(reports: Sequence[Report]) -> list[tuple[str, str, int, int]]:
    """(code, name, findings, consequences) per rule, most frequent first."""
    from agenda.checks.report import statistics

    return statistics(reports)


def render_json(reports: Sequence[Report]) -> str:
    """Stable JSON: a version, one entry per file and a summary (see ``report.schema.json``)."""
    files = []
    for report in reports:
        entry = report.to_dict()
        entry["suppressed"] = [
            {**item.finding.to_dict(), "by": item.by, "reason": item.reason} for item in report.suppressed
        ]
        files.append(entry)
    statistics = [
        {"code": code, "name": name, "count": count, "consequences": implied}
        for code, name, count, implied in rule_statistics(reports)
    ]
    unread = sum(1 for report in reports if not report.loaded)
    data = {
        "version": JSON_VERSION,
        "files": files,
        "statistics": statistics,
        "summary": {**summary_counts(reports), "files": len(reports), "unreadable": unread},
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
            text = f"{finding.code} {finding.message}" + (f" ({finding.path})" if finding.path else "")
            if finding.consequences:
                codes = ", ".join(sorted({c.code for c in finding.consequences}))
                text += f"; it causes {_plural(len(finding.consequences), 'more finding')} ({codes})"
            lines.append(f"::{command[finding.severity]} {','.join(properties)}::{_escape_data(text)}")
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


def _cell(text: str) -> str:
    """Text for a Markdown table cell: no line break, no pipe, no HTML."""
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


#: Findings listed in the Markdown summary; the counts above the list cover all of them.
MARKDOWN_ROWS = 200


def render_markdown(reports: Sequence[Report]) -> str:
    """Markdown for a CI job summary (``$GITHUB_STEP_SUMMARY``): the summary line, the count per
    rule and a table of the findings (GitHub shows only about ten annotations per type and step)."""
    counts = summary_counts(reports)
    mark = "❌" if counts["errors"] else ("⚠️" if counts["warnings"] else "✅")
    lines = ["## agenda check", "", f"{mark} {_cell(summary_line(reports))}", ""]
    statistics = rule_statistics(reports)
    if statistics:
        lines += ["| Rule | Name | Findings | Consequences |", "| --- | --- | ---: | ---: |"]
        lines += [f"| {code} | `{name}` | {count} | {implied} |" for code, name, count, implied in statistics]
        lines.append("")
    rows = [
        (finding, consequence)
        for report in reports
        for finding in report.findings
        for consequence in (None, *finding.consequences)
    ]
    if rows:
        lines += ["| File | Line | Rule | Severity | Message |", "| --- | ---: | --- | --- | --- |"]
        for finding, consequence in rows[:MARKDOWN_ROWS]:
            shown = consequence or finding
            message = _cell(shown.message) if consequence is None else f"↳ {_cell(shown.message)} (from {finding.code})"
            lines.append(
                f"| {_cell(shown.file or '')} | {shown.line or ''} | {shown.code} `{shown.name}` | "
                f"{shown.severity.value} | {message} |"
            )
        if len(rows) > MARKDOWN_ROWS:
            lines.append(f"\n… and {len(rows) - MARKDOWN_ROWS} more; `agenda check` lists them all.")
        lines.append("")
    return "\n".join(lines) + "\n"
