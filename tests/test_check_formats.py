"""Rendering reports: text summary and drift, JSON drift, GitHub escaping, SARIF levels, unknown formats;
the GitHub action passing its patterns to agenda unexpanded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml

from agenda._formats.report import render, render_github, render_json, render_sarif, render_text, schema
from agenda.checks import DriftEntry, Finding, Report, Severity


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


def test_github_escapes_data_and_properties() -> None:
    """Workflow command data escapes %, CR and LF; the file and title properties also escape : and ,."""
    odd = Finding(
        code="AG101",
        name="budget-overrun",
        severity=Severity.ERROR,
        message="50%\r\nover: a, b",
        path="parts[0]",
        file="C:\\agendas\\a,b%\r\n.toml",
        line=3,
    )
    line = render_github([Report(findings=[odd])])
    assert line == (
        "::error file=C%3A\\agendas\\a%2Cb%25%0D%0A.toml,line=3,title=AG101 budget-overrun"
        "::AG101 50%25%0D%0Aover: a, b (parts[0])\n"
    )


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


def test_json_drift_carries_the_budget() -> None:
    """A drift entry gives the part's allotted time in seconds, or null without one, and validates."""
    start = datetime(2021, 2, 10, 8, tzinfo=UTC)
    budgeted = DriftEntry(path="parts[0]", title="A", planned_end=start, end=start, budget=timedelta(minutes=30))
    free = DriftEntry(path="parts[1]", title="B", planned_end=start, end=start, budget=None)
    data = json.loads(render_json([Report(drift=[budgeted, free], file="a.toml")]))
    jsonschema.validate(data, schema("json"), format_checker=jsonschema.FormatChecker())
    assert [entry["budget_seconds"] for entry in data["files"][0]["drift"]] == [1800, None]


ACTION = Path(__file__).parent.parent / "action.yml"


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps are bash")
def test_action_passes_patterns_unexpanded(tmp_path: Path) -> None:
    """The action hands 'agendas/**/*.toml' to agenda as written, not globbed one level deep by bash."""
    (tmp_path / "agendas" / "deep").mkdir(parents=True)
    (tmp_path / "agendas" / "top.toml").touch()
    (tmp_path / "agendas" / "deep" / "inner.toml").touch()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "agenda"
    fake.write_text('#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$RECORDED_ARGS"\n')
    fake.chmod(0o755)
    steps = yaml.safe_load(ACTION.read_text("utf-8"))["runs"]["steps"]
    script = next(s["run"] for s in steps if s.get("name") == "Check agendas")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RECORDED_ARGS": str(tmp_path / "args"),
        "AGENDA_PATHS": "agendas/**/*.toml  extra.yaml",
        "AGENDA_ARGS": "--ignore AG204",
        "AGENDA_SARIF": "out.sarif",
    }
    subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=tmp_path, env=env, check=True)
    args = (tmp_path / "args").read_text().splitlines()
    assert args[:5] == ["check", "agendas/**/*.toml", "extra.yaml", "--ignore", "AG204"]
