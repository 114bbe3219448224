"""Command-line conventions: --version, '-' for standard input and output, -q/-v, --color, the
subcommand's usage for an unknown option, discovery settings, the pre-commit and CI options of
`agenda check` (--only-agendas, --compare-with, --report, --statistics)."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import agenda
from agenda.cli._common import detect_format, use_colour
from agenda.cli._discover import looks_like_agenda

Cli = Callable[..., tuple[int, str, str]]
CASES = Path(__file__).parent / "check_cases"
CLEAN = (CASES / "clean.toml").read_text(encoding="utf-8")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


# -- global options ----------------------------------------------------------------------------


def test_version(cli: Cli) -> None:
    """`agenda --version` prints the package's version and exits 0."""
    assert cli("--version") == (0, f"agenda {agenda.__version__}\n", "")


def test_unknown_option_prints_the_subcommands_usage(cli: Cli) -> None:
    """An option the subcommand lacks is reported with that subcommand's usage, exit 2."""
    code, _, err = cli("check", "--bogus", str(CASES / "clean.toml"))
    assert (code, err.startswith("usage: agenda check"), "unrecognized arguments: --bogus" in err) == (2, True, True)


@pytest.mark.parametrize("option", ["-q", "--quiet", "-v", "--verbose", "--color=never"])
def test_every_command_takes_the_global_options(cli: Cli, option: str) -> None:
    """-q, -v and --color are accepted by every command (here `agenda rules`)."""
    assert cli("rules", option)[0] == 0


def test_quiet_prints_only_the_findings(cli: Cli) -> None:
    """check -q prints the findings and no summary."""
    code, out, err = cli("check", "-q", str(CASES / "overrun.toml"))
    assert (code, out.splitlines()[-1].startswith(f"  {CASES / 'overrun.toml'}:10: AG101"), err) == (1, True, "")


def test_quiet_clean_run_prints_nothing(cli: Cli) -> None:
    """check -q on a clean file prints nothing at all."""
    assert cli("check", "-q", str(CASES / "clean.toml")) == (0, "", "")


def test_verbose_says_what_was_read(cli: Cli) -> None:
    """check -v names each file it checks on standard error."""
    _, _, err = cli("check", "-v", str(CASES / "clean.toml"))
    assert err == f"agenda: checking {CASES / 'clean.toml'}\n"


@pytest.mark.parametrize(
    ("choice", "environ", "tty", "expected"),
    [
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"TERM": "dumb"}, True, False),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, True, True),
        ("auto", {"FORCE_COLOR": "0", "NO_COLOR": "1"}, True, False),
    ],
)
def test_colour_choice(choice: str, environ: dict[str, str], tty: bool, expected: bool) -> None:
    """--color always/never decide; auto colours a terminal, FORCE_COLOR forces, NO_COLOR and TERM=dumb forbid."""
    stream = Terminal() if tty else io.StringIO()
    assert use_colour(choice, stream, environ) is expected


def test_color_always_colours_a_pipe(cli: Cli) -> None:
    """check --color always writes ANSI colours even when standard output is not a terminal."""
    _, out, _ = cli("check", "--color", "always", str(CASES / "overrun.toml"))
    assert "\033[31merror\033[0m" in out


# -- standard input and output ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("{\n}", "json"), ('[event]\nid = "x"', "toml"), ('title = "x"', "toml"), ("event:\n  id: x", "yaml")],
)
def test_detect_format(text: str, expected: str) -> None:
    """Text without a file name: JSON by its brace, TOML by a table or key = value, else YAML."""
    assert detect_format(text) == expected


def test_check_reads_standard_input(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """`agenda check -` reads the agenda from standard input, its format detected."""
    stdin(monkeypatch, (CASES / "overrun.toml").read_text("utf-8"))
    code, out, _ = cli("check", "-")
    assert (code, "<stdin>:10: AG101" in out) == (1, True)


def test_stdin_filename_names_the_input(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """--stdin-filename names standard input in the report and gives its format by extension."""
    stdin(monkeypatch, (CASES / "unused-budget.yaml").read_text("utf-8"))
    _, out, _ = cli("check", "--format", "json", "--stdin-filename", "agendas/a.yaml", "-")
    assert [entry["file"] for entry in json.loads(out)["files"]] == ["agendas/a.yaml"]


def test_format_in_overrides_detection(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """--format-in json reads standard input as JSON, whatever it looks like."""
    stdin(monkeypatch, 'title = "not json"\n')
    code, out, _ = cli("check", "--format-in", "json", "-")
    assert (code, "JSON syntax error" in out) == (2, True)


def test_show_reads_standard_input(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Other commands read '-' too: `agenda show -`."""
    stdin(monkeypatch, CLEAN)
    code, out, _ = cli("show", "-")
    assert (code, "Keynote" in out) == (0, True)


def test_output_dash_is_standard_output(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check -o - writes the report to standard output and creates no file named '-'."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "-o", "-", "--format", "json", str(CASES / "clean.toml"))
    assert (code, json.loads(out)["summary"]["files"], (tmp_path / "-").exists()) == (0, 1, False)


# -- reports from one run --------------------------------------------------------------------


def test_report_writes_more_formats_from_the_same_run(cli: Cli, tmp_path: Path) -> None:
    """--report sarif=FILE --report markdown=FILE write those beside the main output."""
    sarif, summary = tmp_path / "a.sarif", tmp_path / "summary.md"
    code, out, _ = cli(
        "check", "--format", "github", "--report", f"sarif={sarif}", "--report", f"markdown={summary}",
        str(CASES / "overrun.toml"),
    )  # fmt: skip
    results = json.loads(sarif.read_text("utf-8"))["runs"][0]["results"]
    assert (code, out.startswith("::error"), [r["ruleId"] for r in results]) == (1, True, ["AG101"])
    assert summary.read_text("utf-8").startswith("## agenda check\n\n❌ 1 error, 0 warnings, 0 notes in 1 file.")


def test_report_needs_a_known_format(cli: Cli) -> None:
    """--report with an unregistered format is a usage error."""
    code, _, err = cli("check", "--report", "pdf=x.pdf", str(CASES / "clean.toml"))
    assert (code, "FORMAT one of text, json, github, sarif, markdown" in err) == (2, True)


def test_statistics_counts_per_rule(cli: Cli) -> None:
    """--statistics lists the count per rule instead of the findings, then the summary."""
    code, out, _ = cli("check", "--statistics", str(CASES / "overrun.toml"), str(CASES / "unused-budget.yaml"))
    assert (code, out.splitlines()) == (
        1,
        ["    1  AG101  budget-overrun", "    1  AG102  budget-unused", "", "1 error, 1 warning, 0 notes in 2 files."],
    )


def test_markdown_cells_cannot_break_the_table() -> None:
    """A message with a pipe, a line break or HTML stays inside its cell."""
    from agenda._formats.report import render_markdown
    from agenda.checks import Finding, Report, Severity

    odd = Finding(
        code="AG101", name="budget-overrun", severity=Severity.ERROR, message="a | b\n<script>", path="p", file="a.toml"
    )
    row = render_markdown([Report(findings=[odd], file="a.toml")]).splitlines()[-2]
    assert row == "| a.toml |  | AG101 `budget-overrun` | error | a \\| b &lt;script&gt; |"


# -- discovery ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ('[evnt]\nid = "x"\n[[parts]]\ntitle = "a"', ".toml", True),
        ('event.id = "x"', ".toml", True),
        ('[tool]\nevent = "x"', ".toml", False),
        ("site_name: x\nnav: []", ".yml", False),
        ("parts:\n  - title: a", ".yaml", True),
        ('{"name": "x", "config": {"event": 1}}', ".json", False),
        ('{"event": {"id": ', ".json", True),
    ],
)
def test_content_sniffing(text: str, suffix: str, expected: bool) -> None:
    """A file is an agenda by content when event or parts is a top-level key, even with a syntax error."""
    assert looks_like_agenda(text, suffix) is expected


def test_named_file_is_always_checked(cli: Cli, tmp_path: Path) -> None:
    """A file named on the command line is checked even if discovery would pass it over (a hidden file)."""
    hidden = tmp_path / ".draft.toml"
    shutil.copy(CASES / "overrun.toml", hidden)
    assert cli("check", str(hidden))[0] == 1


def test_pyproject_include_and_exclude(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """[tool.agenda] include adds files discovery would not take; exclude leaves found ones out."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.agenda]\ninclude = ["schedules/*.txt.toml", ".events/**"]\nexclude = ["old/"]\n', encoding="utf-8"
    )
    for name in ("schedules/a.txt.toml", ".events/b.toml", "old/c.agenda.toml", "d.agenda.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CASES / "clean.toml", tmp_path / name)
    # A file that matches include is taken even without event or parts.
    (tmp_path / "schedules" / "a.txt.toml").write_text('title = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, out, _ = cli("check", "--format", "json", ".")
    files = sorted(entry["file"] for entry in json.loads(out)["files"])
    assert files == [".events/b.toml", "d.agenda.toml", "schedules/a.txt.toml"]


def test_bad_tool_agenda_table_exits_two(cli: Cli, tmp_path: Path) -> None:
    """An unknown key in [tool.agenda] is an error naming the file and the known keys."""
    (tmp_path / "pyproject.toml").write_text('[tool.agenda]\nincludes = ["x"]\n', encoding="utf-8")
    code, _, err = cli("check", str(tmp_path))
    assert (code, "[tool.agenda] has an unknown key 'includes'" in err) == (2, True)


def test_only_agendas_skips_tool_files(cli: Cli, tmp_path: Path) -> None:
    """--only-agendas, as the pre-commit hook passes every changed file: tool files are skipped, agendas checked."""
    (tmp_path / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    shutil.copy(CASES / "overrun.toml", tmp_path / "a.toml")
    names = [str(tmp_path / n) for n in ("package.json", "mkdocs.yml", "a.toml")]
    code, out, _ = cli("check", "--only-agendas", "--format", "json", *names)
    assert (code, [entry["file"] for entry in json.loads(out)["files"]]) == (1, [str(tmp_path / "a.toml")])


def test_only_agendas_with_no_agenda_passes(cli: Cli, tmp_path: Path) -> None:
    """A commit that changes only tool files passes the hook: nothing to check is not an error then."""
    (tmp_path / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    assert cli("check", "--only-agendas", str(tmp_path / "package.json")) == (0, "", "")


def test_compare_with_finds_double_bookings_without_reporting_the_others(cli: Cli) -> None:
    """--compare-with DIR: the named agenda is compared with the others there, only its own findings reported."""
    moscow = CASES / "cross" / "moscow.toml"
    code, out, _ = cli("check", "--format", "json", "--compare-with", str(CASES / "cross"), str(moscow))
    files = json.loads(out)["files"]
    assert (code, [(e["file"], [f["code"] for f in e["findings"]]) for e in files]) == (1, [(str(moscow), ["AG302"])])


def test_compare_with_skips_unreadable_agendas(cli: Cli) -> None:
    """An agenda under --compare-with that cannot be read is left out, not reported."""
    code, out, _ = cli("check", "--compare-with", str(CASES), str(CASES / "clean.toml"))
    assert (code, out) == (0, "All clear: 1 file checked, no findings.\n")


# -- messages that name the valid choices ----------------------------------------------------


def test_unknown_speaker_lists_the_speakers(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """`agenda ics --speaker nobody` says which speaker ids the agenda has."""
    code, _, err = cli("ics", str(seed_path), "--speaker", "nobody", "-o", str(tmp_path / "x.ics"))
    assert (code, "not a speaker of this agenda; its speakers are " in err) == (2, True)


# -- docs/check.md runs ------------------------------------------------------------------------

CHECK_PAGE = Path(__file__).parent.parent / "docs" / "check.md"
ROOT = CHECK_PAGE.parent.parent


def page_blocks(info: str) -> list[str]:
    import re

    return re.findall(rf"(?ms)^```{info}\n(.*?)^```", CHECK_PAGE.read_text("utf-8"))


@pytest.mark.parametrize("block", page_blocks("console"))
def test_console_examples_of_the_check_page(cli: Cli, block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each `$ agenda ...` example of docs/check.md prints what the page shows."""
    import shlex

    monkeypatch.chdir(ROOT)
    command, _, shown = block.partition("\n")
    _, out, _ = cli(*shlex.split(command.removeprefix("$ agenda ")))
    assert out == shown


def test_json_example_of_the_check_page(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON report shown in docs/check.md is what `agenda check --format json` writes for that file."""
    monkeypatch.chdir(ROOT)
    shown = json.loads(page_blocks("json")[0])
    _, out, _ = cli("check", "--format", "json", shown["files"][0]["file"])
    assert json.loads(out) == shown


def test_suppression_example_of_the_check_page(tmp_path: Path) -> None:
    """The speaker and part of the suppressions example load, and silence what they say they silence."""
    from agenda._formats.files import loads
    from agenda.checks import check

    example = next(block for block in page_blocks("toml") if "ignore_reason" in block)
    head = '[event]\nid = "d"\ntitle = "D"\nstart = "2021-02-10T20:30"\nzone = "Asia/Kolkata"\n'
    head += '[[audiences]]\nname = "India"\nzone = "Asia/Kolkata"\nhours = "09:00-21:00"\n'
    report = check(loads(head + example.replace('duration = "1h"', 'duration = "1h"\nspeakers = ["raj"]')))
    assert (report.findings, sorted(s.finding.code for s in report.suppressed)) == ((), ["AG401", "AG402"])


def test_ics_output_dash_is_standard_output(
    cli: Cli, seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`agenda ics -o -` writes the calendar to standard output and creates no file named '-'."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("ics", str(seed_path), "--stamp", "2021-02-01T09:00Z", "-o", "-")
    assert (code, out.startswith("BEGIN:VCALENDAR"), (tmp_path / "-").exists()) == (0, True, False)


def test_compare_with_a_missing_path_is_refused(cli: Cli, tmp_path: Path) -> None:
    """--compare-with naming nothing is an error, not a silent comparison with nothing."""
    code, _, err = cli("check", "--compare-with", str(tmp_path / "nope"), str(CASES / "clean.toml"))
    assert (code, "--compare-with" in err, "no such file" in err) == (2, True, True)
