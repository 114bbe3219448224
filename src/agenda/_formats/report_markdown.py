"""Check reports as Markdown, for a CI job summary (``$GITHUB_STEP_SUMMARY``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from agenda._formats.report import rule_statistics, summary_line
from agenda.checks.report import Report, summary_counts

__all__ = ["MARKDOWN_ROWS", "iter_markdown", "render_markdown"]


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


def iter_markdown(reports: Sequence[Report]) -> Iterator[str]:
    """`render_markdown` as one piece: the summary lists at most `MARKDOWN_ROWS` findings."""
    yield render_markdown(reports)
