"""`agenda check --jobs`: files read and checked in worker processes give the report one process
gives, byte for byte (findings, order, lines, load errors, exit codes, every format), and a few
files start no worker at all."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agenda.cli import _jobs

Cli = Callable[..., tuple[int, str, str]]
CASES = Path(__file__).parent / "check_cases"
EXAMPLES = Path(__file__).parent.parent / "examples"
CLEAN = (CASES / "clean.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough agendas for two workers: clean ones with their own speakers and ids, a broken one,
    one whose check section names an unknown rule, a double booking across two files (AG302),
    two different agendas with one event id (AG308), one agenda in three formats (one event,
    silent), one that selects only the budget rules (its bookings still count for the others),
    and suppressions (used and unused)."""
    folder = tmp_path_factory.mktemp("agendas")
    for number in range(16):
        text = CLEAN.replace("clean-webinar", f"webinar-{number}").replace("anna@example.org", f"a{number}@example.org")
        (folder / f"clean-{number:02}.toml").write_text(text, encoding="utf-8")
    shutil.copy(CASES / "broken.toml", folder / "broken.toml")
    shutil.copy(CASES / "overrun.toml", folder / "overrun.toml")
    shutil.copy(CASES / "unused-budget.yaml", folder / "unused-budget.yaml")
    shutil.copy(CASES / "cross" / "moscow.toml", folder / "moscow.toml")
    shutil.copy(CASES / "cross" / "delhi.json", folder / "delhi.json")
    for suffix in ("toml", "yaml", "json"):
        shutil.copy(EXAMPLES / f"india-russia-webinar.{suffix}", folder / f"india-russia-webinar.{suffix}")
    (folder / "copy.toml").write_text(
        CLEAN.replace("clean-webinar", "webinar-0")
        .replace("anna@example.org", "copy@example.org")
        .replace("Keynote", "Talk"),
        encoding="utf-8",
    )
    budget_only = CLEAN.replace("clean-webinar", "budget-only").replace("anna@example.org", "olga@example.org")
    budget_only = budget_only.replace('start = "2021-02-10T11:00"', 'start = "2021-02-10T10:55"')
    (folder / "budget-only.toml").write_text(budget_only + '\n[check]\nselect = ["AG1"]\n', encoding="utf-8")
    (folder / "unknown-rule.toml").write_text(CLEAN + '\n[check]\nignore = ["AG999"]\n', encoding="utf-8")
    suppressed = CLEAN.replace("clean-webinar", "suppressed").replace("anna@example.org", "s@example.org")
    suppressed = suppressed.replace('duration = "45m"', 'duration = "75m"\nignore = ["AG401"]')
    suppressed = suppressed.replace('allotted = "1h"', 'allotted = "1h"\nignore = ["AG101"]')
    (folder / "suppressed.toml").write_text(suppressed, encoding="utf-8")
    return folder


def runs(cli: Cli, *args: object) -> dict[str, tuple[int, str, str]]:
    """The run in one process and with --jobs 1, 2 and auto."""
    words = [str(arg) for arg in args]
    return {jobs: cli("check", *words, *(("--jobs", jobs) if jobs else ())) for jobs in ("", "1", "2", "auto")}


def assert_same(results: dict[str, tuple[int, str, str]]) -> tuple[int, str, str]:
    one = results[""]
    for jobs, result in results.items():
        assert result == one, f"--jobs {jobs} differs from one process"
    return one


def test_the_tree_has_every_kind_of_finding(cli: Cli, tree: Path) -> None:
    """The fixture is what it says: load errors, both cross-file rules, suppressions, and enough
    files for two workers."""
    code, out, _ = cli("check", "--format", "json", str(tree))
    data = json.loads(out)
    codes = {finding["code"] for entry in data["files"] for finding in entry["findings"]}
    budget_only = next(entry for entry in data["files"] if entry["file"].endswith("budget-only.toml"))
    assert code == 2
    assert {"AG001", "AG002", "AG302", "AG308"} <= codes
    assert data["summary"]["unreadable"] == 2
    assert data["summary"]["suppressed"] >= 1
    assert "AG302" not in {finding["code"] for finding in budget_only["findings"]}
    assert _jobs.workers_for(2, data["summary"]["files"]) == 2


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "text"],
        ["--format", "text", "--statistics"],
        ["--format", "text", "-v"],
        ["--format", "text", "-q"],
        ["--format", "text", "-q", "--statistics"],
        ["--format", "json"],
        ["--format", "sarif"],
        ["--format", "markdown"],
        ["--format", "github"],
        ["--format", "json", "--strict", "--ignore", "AG308"],
        ["--format", "json", "--select", "AG3"],
    ],
)
def test_every_format_is_the_same_with_workers(cli: Cli, tree: Path, options: list[str]) -> None:
    """Same findings, order, lines, exit code, summary and standard error, whatever --jobs."""
    code, out, _ = assert_same(runs(cli, *options, tree))
    assert code == 2
    assert out


@pytest.mark.parametrize("also", ["json", "sarif"])
def test_several_outputs_are_the_same_with_workers(cli: Cli, tree: Path, tmp_path: Path, also: str) -> None:
    """Each output of one run (--report FORMAT=FILE beside standard output) is the same: written
    in parts by the workers, or (SARIF, which needs every report at once) from the reports."""
    results = {}
    for jobs in ("1", "2"):
        written = tmp_path / f"report-{jobs}.{also}"
        code, out, err = cli("check", "--jobs", jobs, "--report", f"{also}={written}", str(tree))
        results[jobs] = (code, out, err.replace(str(written), "FILE"), written.read_bytes())
    assert results["2"] == results["1"]


def test_parts_put_together_are_the_report(tree: Path) -> None:
    """`pieces` of reports written in parts elsewhere (`part`) is what it writes of the reports."""
    from agenda._formats.report import IN_PARTS, part, pieces, render
    from agenda.checks import check_all
    from agenda.cli.check import _read, with_lines

    documents = [document for file in sorted(tree.glob("*.toml")) if (document := _read(str(file), None)[0])]
    reports = check_all([d.agenda for d in documents], labels=[d.file for d in documents])
    located = [with_lines(report, document) for report, document in zip(reports, documents, strict=True)]
    for format in sorted(IN_PARTS):
        options = {"statistics": False, "quiet": True} if format == "text" else {}
        mixed = [part(report, format, **options) if number % 2 else report for number, report in enumerate(located)]
        assert "".join(pieces(mixed, format, **options)) == render(located, format, **options)
    with pytest.raises(ValueError, match="not written in parts"):
        list(pieces([part(located[0], "json")], "sarif"))


def test_load_errors_are_reported_alike(cli: Cli, tree: Path) -> None:
    """A file that fails to load in a worker is reported as in one process: exit 2, its
    problems at path:line on standard error when the report goes to a machine."""
    code, _, err = assert_same(runs(cli, "--format", "json", tree, tree / "missing.toml"))
    assert code == 2
    assert f"{tree / 'broken.toml'}:6: event.zone: unknown time zone 'IST'" in err
    assert "AG999" in err
    assert f"{tree / 'missing.toml'}:" in err
    assert err.rstrip().endswith("3 inputs could not be read (load-error AG001)")


def test_exit_code_one_without_load_errors(cli: Cli, tree: Path) -> None:
    """Without the unreadable files the run fails on its findings alone (1), as in one process."""
    files = [path for path in sorted(tree.iterdir()) if path.name not in ("broken.toml", "unknown-rule.toml")]
    code, out, _ = assert_same(runs(cli, "--format", "json", *files))
    assert (code, json.loads(out)["summary"]["unreadable"]) == (1, 0)


def test_compare_with_is_the_same_with_workers(cli: Cli, tree: Path) -> None:
    """--compare-with agendas are read by the workers too, for the cross-file rules only; the
    ones that cannot be read are left out alike (-v says so)."""
    changed = [tree / "moscow.toml", *sorted(tree.glob("clean-*.toml"))]
    code, out, err = assert_same(runs(cli, "-v", "--format", "json", "--compare-with", tree, *changed))
    moscow = json.loads(out)["files"][0]
    assert (code, [finding["code"] for finding in moscow["findings"]]) == (1, ["AG302"])
    assert f"not compared with {tree / 'broken.toml'}" in err


def test_a_few_files_start_no_worker(cli: Cli, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fewer files than a worker is worth are checked in this process."""

    def refuse(*args: object) -> None:
        raise AssertionError("a worker was started")

    monkeypatch.setattr(_jobs, "_Pool", refuse)
    files = [tree / "moscow.toml", tree / "delhi.json", tree / "broken.toml"]
    assert cli("check", "--jobs", "auto", *map(str, files))[0] == 2
    assert (_jobs.workers_for(4, 7), _jobs.workers_for(4, 16), _jobs.workers_for(4, 1000)) == (1, 2, 4)


@pytest.mark.parametrize(
    "method", sorted({"fork", "forkserver", "spawn"} & set(multiprocessing.get_all_start_methods()))
)
def test_every_start_method_gives_the_same_report(
    cli: Cli, tree: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """Workers started by fork (a single-threaded command), forkserver or spawn (elsewhere)."""
    expected = cli("check", "--format", "json", str(tree))
    monkeypatch.setattr(_jobs, "_context", lambda: multiprocessing.get_context(method))
    assert cli("check", "--format", "json", "--jobs", "2", str(tree)) == expected


def test_the_command_in_its_own_process(tree: Path) -> None:
    """`agenda check --jobs 2` as a command (single-threaded, so its workers are forked)."""

    def run(*extra: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "agenda", "check", "--format", "sarif", *extra, str(tree)]
        return subprocess.run(command, capture_output=True, check=False)

    one, two = run(), run("--jobs", "2")
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    assert one.returncode == 2


def test_an_error_in_a_worker_is_raised_here(cli: Cli, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected error while a worker checks a file stops the command as it would in one
    process, with the worker's traceback as a note."""
    from agenda.cli import check

    here, read = os.getpid(), check._read

    def fail(file: str, name: str | None) -> Any:
        if os.getpid() == here:  # this process does its share of the files too
            return read(file, name)
        raise RuntimeError(f"cannot go on with {file}")

    monkeypatch.setattr(_jobs, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(check, "_read", fail)
    with pytest.raises(RuntimeError, match="cannot go on with") as raised:
        cli("check", "--jobs", "2", str(tree))
    assert any("in a worker process of --jobs" in note for note in raised.value.__notes__)


@pytest.mark.parametrize("value", ["0", "-2", "many", "", "1.5"])
def test_invalid_jobs_is_a_usage_error(cli: Cli, value: str) -> None:
    """--jobs takes a number of processes (1 or more) or auto; anything else is a usage error."""
    code, out, err = cli("check", "--jobs", value, str(CASES / "clean.toml"))
    assert (code, out, err.startswith("usage: agenda check")) == (2, "", True)
    assert f"argument --jobs: write a number of processes (1 or more) or auto, got {value!r}" in err


def test_auto_is_the_cpus_this_process_may_use() -> None:
    assert _jobs.parse_jobs("auto") == _jobs.parse_jobs("AUTO") == _jobs.usable_cpus() >= 1
    assert _jobs.parse_jobs("3") == 3


def test_no_worker_can_start(cli: Cli, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When processes cannot be started (a limit on them), the files are checked in this process."""
    context = multiprocessing.get_context("spawn")

    class Refused:
        def __init__(self, **options: object) -> None:
            pass

        def start(self) -> None:
            raise BlockingIOError(11, "Resource temporarily unavailable")

    class Limited:
        Pipe = staticmethod(context.Pipe)
        Process = Refused

        def get_start_method(self) -> str:
            return "spawn"

    expected = cli("check", "--format", "json", str(tree))
    monkeypatch.setattr(_jobs, "_context", Limited)
    code, out, err = cli("check", "-v", "--format", "json", "--jobs", "2", str(tree))
    assert (code, out) == expected[:2]
    assert "cannot start worker processes ([Errno 11] Resource temporarily unavailable)" in err


def test_cross_file_hits_of_some_agendas_are_theirs_of_all(tree: Path) -> None:
    """A worker asks the cross-file rules for the hits of the files it read: each agenda's hits
    are the ones it gets when every agenda's are made, in the same order."""
    from agenda._formats.files import read_document
    from agenda.checks.engine import begin, cross_file_hits
    from agenda.exceptions import LoadError

    started = []
    for file in sorted(tree.iterdir()):
        try:
            document = read_document(file)
        except LoadError:
            continue
        if file.name == "unknown-rule.toml":
            continue  # a settings problem: the command reports it, the rules never run
        started.append(begin(document.agenda, label=document.file, holidays=lambda country, years: None))
    chosen = [one.codes for one in started]

    def read(code: str, index: int) -> object:
        return started[index].cross_file_input(code)

    every = cross_file_hits(chosen, read, len(started))
    assert sum(1 for hits in every if hits) >= 4  # AG302 and AG308, both ends of each
    for index in range(len(started)):
        some = cross_file_hits(chosen, read, len(started), [index, index])
        assert some[index] == every[index]
        assert not any(hits for other, hits in enumerate(some) if other != index)
