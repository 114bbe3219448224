"""`agenda check` in a realistic repository: discovery among tool files, annotations of a broken
agenda, the GitHub Action's command line and the pre-commit hook (through `pre-commit try-repo`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
CASES = Path(__file__).parent / "check_cases"

#: The files of a repository that uses agenda beside other tools, and its agendas.
TOOL_FILES = {
    "mkdocs.yml": "site_name: Events\nnav:\n  - Home: index.md\n",
    "renovate.json": '{\n  "extends": ["config:recommended"]\n}\n',
    "package.json": '{\n  "name": "events-site",\n  "version": "1.0.0",\n  "private": true\n}\n',
    ".github/workflows/ci.yml": (
        "name: ci\non: [pull_request]\njobs:\n  agendas:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - uses: OWNER/agenda@TAG\n"
    ),
    "pyproject.toml": '[project]\nname = "events"\nversion = "1"\n',
    ".pre-commit-config.yaml": "repos: []\n",
    ".gitignore": "build/\n",
    "docs/index.md": "# Events\n",
}
MOSCOW = "agendas/moscow.toml"  # found by its content
DELHI = "agendas/delhi.agenda.json"  # found by its name
BROKEN = "events/launch.toml"  # a misspelt [event]; found by its [[parts]]
IGNORED = "build/copy.agenda.toml"  # git ignores it


def broken_agenda() -> tuple[str, int]:
    """A clean agenda with its [event] misspelt, and the line of the typo."""
    text = (CASES / "clean.toml").read_text("utf-8").replace("[event]", "[evnt]")
    return text, text.splitlines().index("[evnt]") + 1


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with tool files, two agendas that book Olga at once, a broken agenda and an
    ignored one, everything committed."""
    repo = tmp_path / "events"
    files = dict(TOOL_FILES)
    files[MOSCOW] = (CASES / "cross" / "moscow.toml").read_text("utf-8")
    files[DELHI] = (CASES / "cross" / "delhi.json").read_text("utf-8")
    files[BROKEN] = broken_agenda()[0]
    files[IGNORED] = (CASES / "broken.toml").read_text("utf-8")
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "events")
    return repo


def environment() -> dict[str, str]:
    """The environment for commands run in another folder: a relative PYTHONPATH (``src``) made absolute."""
    paths = [str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)} if paths else dict(os.environ)


def agenda(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agenda", *args], cwd=cwd, capture_output=True, text=True, check=False, env=environment()
    )


def test_check_dot_reads_exactly_the_agendas(repository: Path) -> None:
    """`agenda check .` reads the three agendas and none of the tool files nor the git-ignored agenda."""
    result = agenda(repository, "check", ".", "--format", "json")
    files = sorted(entry["file"] for entry in json.loads(result.stdout)["files"])
    assert (result.returncode, files) == (2, sorted([MOSCOW, DELHI, BROKEN]))


def test_check_dot_reports_the_double_booking_in_both_files(repository: Path) -> None:
    """The speaker booked at once in two agendas is reported in each of them."""
    result = agenda(repository, "check", ".", "--format", "json")
    codes = {entry["file"]: [f["code"] for f in entry["findings"]] for entry in json.loads(result.stdout)["files"]}
    assert (codes[MOSCOW], codes[DELHI]) == (["AG302"], ["AG302"])


def test_github_annotates_the_broken_agenda_at_its_line(repository: Path) -> None:
    """--format github puts an ::error at the broken agenda's file and the line of its typo."""
    result = agenda(repository, "check", ".", "--format", "github")
    line = broken_agenda()[1]
    expected = f"::error file={BROKEN},line={line},title=AG001 load-error::AG001 unknown key 'evnt'"
    assert (result.returncode, any(row.startswith(expected) for row in result.stdout.splitlines())) == (2, True)


def test_sarif_locates_the_broken_agenda(repository: Path) -> None:
    """--format sarif has an AG001 result at the broken agenda's file and line."""
    result = agenda(repository, "check", ".", "--format", "sarif")
    results = json.loads(result.stdout)["runs"][0]["results"]
    places = [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"],
        )
        for r in results
        if r["ruleId"] == "AG001"
    ]
    assert places == [(BROKEN, {"startLine": broken_agenda()[1]})]


def test_action_command_line(repository: Path, tmp_path: Path) -> None:
    """The Action's step, run by bash with its defaults: annotations, a SARIF file and a Markdown job summary."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "agenda"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m agenda "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    defaults = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    step = next(s for s in action["runs"]["steps"] if s.get("name") == "Check agendas")
    summary = tmp_path / "step_summary.md"
    summary.write_text("", encoding="utf-8")
    env = {
        **environment(),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "AGENDA_PATHS": defaults["paths"],
        "AGENDA_ARGS": defaults["args"],
        "AGENDA_SARIF": "agenda.sarif",
        "AGENDA_SUMMARY": defaults["summary"],
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    result = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step["run"]],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    annotations = [row.split("::", 2)[1] for row in result.stdout.splitlines() if row.startswith("::error")]
    sarif = json.loads((repository / "agenda.sarif").read_text("utf-8"))
    markdown = summary.read_text("utf-8")
    assert (result.returncode, sorted(annotations)) == (
        2,
        sorted(
            [
                f"error file={BROKEN},line={broken_agenda()[1]},title=AG001 load-error",
                f"error file={DELHI},line=9,title=AG302 speaker-double-booked-across-files",
                f"error file={MOSCOW},line=16,title=AG302 speaker-double-booked-across-files",
            ]
        ),
    )
    assert sorted(r["ruleId"] for r in sarif["runs"][0]["results"]) == ["AG001", "AG302", "AG302"]
    assert ("| AG302 | `speaker-double-booked-across-files` | 2 | 0 |" in markdown, BROKEN in markdown) == (True, True)


def hook_repository(tmp_path: Path) -> Path:
    """A committed copy of this source tree, as pre-commit wants a hook repository to be."""
    copy = tmp_path / "agenda-hooks"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git(copy, "init", "-q", "-b", "main")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "agenda")
    return copy


def test_pre_commit_hook_compares_a_staged_agenda_with_the_others(repository: Path, tmp_path: Path) -> None:
    """With only one agenda (and a tool file) staged, the hook still finds its double booking with the other."""
    hooks = hook_repository(tmp_path)
    moscow = repository / MOSCOW
    moscow.write_text(moscow.read_text("utf-8").replace("Moscow webinar", "Moscow webinar (v2)"), encoding="utf-8")
    renovate = repository / "renovate.json"
    renovate.write_text(renovate.read_text("utf-8").replace("recommended", "base"), encoding="utf-8")
    git(repository, "add", MOSCOW, "renovate.json")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("PYTHONPATH", None)  # the hook runs agenda as pre-commit installed it from the hook repository
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "agenda-check", "--verbose"],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = result.stdout + result.stderr
    found = [row.strip() for row in output.splitlines() if "AG302" in row]
    assert (result.returncode, len(found), f"of '{DELHI}'" in found[0] if found else None) == (1, 1, True), output
    assert ("renovate.json" not in "\n".join(found), "AG001" in output) == (True, False)
