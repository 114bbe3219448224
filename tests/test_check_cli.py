"""`agenda check` and `agenda rules` on the command line: exit codes, formats, paths, colour."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from agenda._formats.report import schema
from agenda.cli import main

CASES = Path(__file__).parent / "check_cases"
SEED = Path(__file__).parent.parent / "examples" / "india-russia-webinar.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main(["check", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """A clean agenda exits 0 with an all-clear summary."""
    code, out, _ = run(capsys, CASES / "clean.toml")
    assert (code, out) == (0, "All clear: 1 file checked, no findings.\n")


def test_error_finding_exits_one(capsys: pytest.CaptureFixture[str]) -> None:
    """An error-level finding exits 1, with the file, line and code in the text."""
    code, out, _ = run(capsys, CASES / "overrun.toml")
    assert code == 1
    assert f"{CASES / 'overrun.toml'}:10: AG101 error:" in out


def test_warning_only_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings alone do not fail the check."""
    assert run(capsys, CASES / "unused-budget.yaml")[0] == 0


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    """--strict turns the warning into an error and exits 1."""
    assert run(capsys, "--strict", CASES / "unused-budget.yaml")[0] == 1


def test_ignore_on_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """--ignore AG101 makes the overrunning agenda pass."""
    assert run(capsys, "--ignore", "AG101", CASES / "overrun.toml")[0] == 0


def test_select_comma_separated(capsys: pytest.CaptureFixture[str]) -> None:
    """--select takes a comma-separated list; unselected rules do not run."""
    assert run(capsys, "--select", "AG4,AG6", CASES / "overrun.toml")[0] == 0


def test_unknown_rule_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown rule in --select is a usage error, exit 2."""
    code, _, err = run(capsys, "--select", "AG999", CASES / "clean.toml")
    assert code == 2
    assert "unknown rule 'AG999'" in err


def test_unreadable_input_exits_two_with_loader_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """An agenda that does not load exits 2 and reports every problem as a load error at its line."""
    code, out, _ = run(capsys, CASES / "broken.toml")
    assert code == 2
    assert f"{CASES / 'broken.toml'}:6: AG001 error: unknown time zone 'IST'" in out
    assert f"{CASES / 'broken.toml'}:10: AG001 error:" in out


def test_unreadable_input_is_also_on_stderr_for_machine_formats(capsys: pytest.CaptureFixture[str]) -> None:
    """With a machine-readable format on standard output, the load problems are also printed for people."""
    code, _, err = run(capsys, "--format", "json", CASES / "broken.toml")
    assert (code, f"{CASES / 'broken.toml'}:6: event.zone: unknown time zone 'IST'" in err) == (2, True)


def test_unreadable_input_still_reports_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    """With one broken file among good ones, the good ones are reported and the exit is 2."""
    code, out, _ = run(capsys, CASES / "broken.toml", CASES / "overrun.toml")
    assert (code, "AG101" in out) == (2, True)


def test_missing_file_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A path that does not exist exits 2."""
    code, out, _ = run(capsys, tmp_path / "nope.toml")
    assert code == 2
    assert "nope.toml: AG001 error: no such file" in out


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that cannot be opened exits 2 and says why."""
    target = tmp_path / "secret.toml"
    shutil.copy(CASES / "clean.toml", target)
    target.chmod(0)
    code, out, _ = run(capsys, target)
    assert (code, "cannot read" in out) == (2, True)


def test_directory_finds_agendas_and_skips_other_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A directory is searched recursively for agenda files; pyproject.toml and hidden folders are skipped."""
    (tmp_path / "nested").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(CASES / "clean.toml", tmp_path / "a.toml")
    shutil.copy(CASES / "unused-budget.yaml", tmp_path / "nested" / "b.yaml")
    shutil.copy(CASES / "broken.toml", tmp_path / ".hidden" / "broken.toml")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    code, out, _ = run(capsys, "--format", "json", tmp_path)
    files = [entry["file"] for entry in json.loads(out)["files"]]
    assert (code, files) == (0, [str(tmp_path / "a.toml"), str(tmp_path / "nested" / "b.yaml")])


def test_glob_pattern(capsys: pytest.CaptureFixture[str]) -> None:
    """A glob names every matching file, checked in one run."""
    code, out, _ = run(capsys, "--format", "json", str(CASES / "cross" / "*"))
    assert code == 1
    expected = {"errors": 2, "warnings": 0, "infos": 0, "suppressed": 0, "files": 2, "unreadable": 0}
    assert json.loads(out)["summary"] == expected


def test_glob_matching_nothing_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    """A glob with no match is an unreadable input."""
    assert run(capsys, str(CASES / "*.nothing"))[0] == 2


def test_cross_file_double_booking(capsys: pytest.CaptureFixture[str]) -> None:
    """Two files checked together report the person booked in both, in each file."""
    code, out, _ = run(capsys, "--format", "json", CASES / "cross" / "moscow.toml", CASES / "cross" / "delhi.json")
    codes = [[finding["code"] for finding in entry["findings"]] for entry in json.loads(out)["files"]]
    assert (code, codes) == (1, [["AG302"], ["AG302"]])


def test_json_validates_against_its_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json output validates against report.schema.json."""
    _, out, _ = run(capsys, "--format", "json", CASES / "overrun.toml", CASES / "clean.toml")
    jsonschema.validate(json.loads(out), schema("json"), format_checker=jsonschema.FormatChecker())


def test_json_finding_fields(capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON finding carries code, name, severity, message, path, file and line."""
    _, out, _ = run(capsys, "--format", "json", CASES / "overrun.toml")
    finding = json.loads(out)["files"][0]["findings"][0]
    expected = ("AG101", "budget-overrun", "error", "parts[0].allotted", str(CASES / "overrun.toml"), 10)
    fields = ("code", "name", "severity", "path", "file", "line")
    assert tuple(finding[key] for key in fields) == expected


def test_sarif_validates_against_its_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """--format sarif output is SARIF 2.1.0 and validates against sarif.schema.json."""
    _, out, _ = run(capsys, "--format", "sarif", CASES / "overrun.toml", CASES / "unused-budget.yaml")
    data = json.loads(out)
    jsonschema.validate(data, schema("sarif"), format_checker=jsonschema.FormatChecker())
    levels = [result["level"] for result in data["runs"][0]["results"]]
    assert (data["version"], levels) == ("2.1.0", ["error", "warning"])


def test_sarif_rule_index_points_at_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """Each SARIF result's ruleIndex names the rule with its ruleId."""
    _, out, _ = run(capsys, "--format", "sarif", CASES / "overrun.toml")
    run_ = json.loads(out)["runs"][0]
    result = run_["results"][0]
    assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_github_workflow_commands(capsys: pytest.CaptureFixture[str]) -> None:
    """--format github prints one ::error/::warning command per finding with file and line."""
    _, out, _ = run(capsys, "--format", "github", CASES / "overrun.toml")
    assert out.startswith(f"::error file={CASES / 'overrun.toml'},line=10,title=AG101 budget-overrun::AG101 part")


def test_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--output writes the report to a file and nothing to standard output."""
    target = tmp_path / "report.sarif"
    code, out, _ = run(capsys, "--format", "sarif", "--output", target, CASES / "clean.toml")
    assert (code, out, json.loads(target.read_text())["version"]) == (0, "", "2.1.0")


def test_text_is_plain_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a terminal the text has no colour codes."""
    _, out, _ = run(capsys, CASES / "overrun.toml")
    assert "\033[" not in out


def test_text_is_coloured_on_a_terminal(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the severity is coloured, unless NO_COLOR is set."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    coloured = run(capsys, CASES / "overrun.toml")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run(capsys, CASES / "overrun.toml")[1]
    assert ("\033[31merror" in coloured, "\033[" in plain) == (True, False)


def test_seed_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """The seed webinar checks clean, as docs/check.md explains, and exits 0."""
    code, out, _ = run(capsys, "--format", "json", SEED)
    codes = [finding["code"] for finding in json.loads(out)["files"][0]["findings"]]
    assert (code, codes) == (0, [])


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """`agenda rules` prints code, name, severity and summary for every rule."""
    from agenda.checks import all_rules

    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:3] for line in lines] == [[r.code, r.name, r.severity.value] for r in all_rules()]


def test_rules_explains_one_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """`agenda rules NAME` prints that rule's documentation."""
    assert main(["rules", "audience-hours"]) == 0
    assert capsys.readouterr().out.startswith("AG401 audience-hours (error)")


def test_check_does_not_import_icalendar() -> None:
    """`agenda check` runs without importing icalendar or jinja2 (a fresh interpreter, import-time log)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "agenda", "check", str(SEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert (result.returncode, "agenda.checks" in imported, "icalendar" in imported, "jinja2" in imported) == (
        0,
        True,
        False,
        False,
    )


def test_file_that_is_not_text_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that is not UTF-8 text cannot be read: exit 2 with the loader's problem."""
    target = tmp_path / "binary.toml"
    target.write_bytes(b"\xff\xfe\x00agenda")
    code, out, _ = run(capsys, target)
    assert (code, "not UTF-8 text" in out) == (2, True)
