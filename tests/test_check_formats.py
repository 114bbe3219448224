"""Rendering reports: text summary and drift, GitHub escaping, SARIF levels, unknown formats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agenda.checks import DriftEntry, Finding, Report, Severity
from agenda.formats.report import render, render_github, render_sarif, render_text


def finding(severity: Severity = Severity.ERROR, message: str = "too long", line: int | None = 3) -> Finding:
    return Finding(
        code="AG101",
        name="budget-overrun",
        severity=severity,
        message=message,
        path="parts[0]",
        file="a.toml",
        line=line,
    )


def test_text_summary_counts_each_severity() -> None:
    """The summary line counts errors, warnings and notes over all files."""
    report = Report(findings=[finding(), finding(Severity.WARNING), finding(Severity.INFO)], file="a.toml")
    assert render_text([report, Report(file="b.toml")]).endswith("1 error, 1 warning, 1 note in 2 files.\n")


def test_text_groups_by_file_and_shows_drift() -> None:
    """Findings appear under their file, with the running drift of late parts."""
    start = datetime(2021, 2, 10, 8, tzinfo=UTC)
    late = start + timedelta(minutes=10)
    drift = DriftEntry(path="parts[0]", title="Part 1", planned_end=start, end=late, budget=None)
    text = render_text([Report(findings=[finding()], drift=[drift], file="a.toml")])
    expected = [
        "a.toml",
        "  a.toml:3: AG101 error: too long [budget-overrun at parts[0]]",
        "  running drift:",
        "    parts[0] 'Part 1': +10 min",
    ]
    assert text.splitlines()[:4] == expected


def test_github_escapes_newlines_and_property_commas() -> None:
    """Workflow command data escapes % and newlines; properties escape , and :."""
    line = render_github([Report(findings=[finding(message="50%\nover")], file="a.toml")])
    assert line == "::error file=a.toml,line=3,title=AG101 budget-overrun::AG101 50%25%0Aover (parts[0])\n"


def test_github_without_line_omits_it() -> None:
    """A finding without a line has only the file property."""
    text = render_github([Report(findings=[finding(Severity.INFO, line=None)])])
    assert text.startswith("::notice file=a.toml,title=")


def test_sarif_info_is_a_note() -> None:
    """SARIF has no 'info' level: notes become 'note'."""
    assert '"level": "note"' in render_sarif([Report(findings=[finding(Severity.INFO)])])


def test_unknown_format_is_refused() -> None:
    """render names the formats it knows."""
    with pytest.raises(ValueError, match="unknown report format 'xml'"):
        render([], "xml")
