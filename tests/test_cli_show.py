"""`agenda show` and `agenda schema`, and the command line's handling of bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Cli = Callable[..., tuple[int, str, str]]


def test_show_prints_moscow_and_india_columns(cli: Cli, seed_path: Path) -> None:
    """The seed webinar is shown with a column for Moscow and one for India, times with zones."""
    code, out, err = cli("show", str(seed_path))
    assert (code, err) == (0, "")
    header = next(line for line in out.splitlines() if line.startswith("Europe/Moscow"))
    assert "Asia/Kolkata (UTC+05:30)" in header
    closing = next(line for line in out.splitlines() if "Closing speech" in line)
    assert closing.split()[:2] == ["13:40–13:50", "16:10–16:20"]
    assert "Olga Kulikova" in closing


def test_show_marks_a_date_shift(cli: Cli, seed_path: Path) -> None:
    """A zone where the event falls on another date gets '+1 day' / '-1 day' markers."""
    code, out, _ = cli("show", str(seed_path), "--tz", "Pacific/Kiritimati", "--tz", "Pacific/Pago_Pago")
    assert code == 0
    closing = next(line for line in out.splitlines() if "Closing speech" in line)
    assert re.split(r"\s{2,}", closing)[:2] == ["00:40–00:50 (+1 day)", "23:40–23:50 (-1 day)"]


def test_show_names_an_offset_that_changes_during_the_event(cli: Cli, tmp_path: Path) -> None:
    """When DST changes mid-event in a column's zone, the rows after it show their offset."""
    path = tmp_path / "dst.toml"
    path.write_text(
        '[event]\nid = "e"\ntitle = "Night"\nstart = "2021-03-28T00:30"\nzone = "Europe/Berlin"\n'
        '[[parts]]\ntitle = "Before"\nduration = "2h"\n[[parts]]\ntitle = "After"\nduration = "1h"\n'
    )
    code, out, _ = cli("show", str(path))
    assert code == 0
    before = next(line for line in out.splitlines() if "Before" in line)
    after = next(line for line in out.splitlines() if "After" in line)
    assert before.startswith("00:30 UTC+01:00–03:30 UTC+02:00 ")
    assert after.startswith("03:30–04:30 UTC+02:00 ")


def test_bad_files_exit_2_with_every_problem(cli: Cli, tmp_path: Path) -> None:
    """A file with three problems: all three on stderr with file:line and path, exit code 2."""
    path = tmp_path / "bad.toml"
    path.write_text(
        '[event]\nid = "e"\ntitle = "T"\nstart = "2021-02-10T11:00"\nzone = "MSK"\n'
        '[[parts]]\ntitle = "A"\nduraton = "5m"\nduration = "5"\n'
    )
    code, out, err = cli("show", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{path}:5: event.zone: unknown time zone 'MSK': is an abbreviation, not a zone key: "
        "write an IANA key such as Europe/Moscow",
        f"{path}:9: parts[0].duration: invalid duration '5': write e.g. '15m', '1h30m', '90s' or 'PT1H30M'",
        f"{path}:8: parts[0].duraton: unknown key 'duraton'; did you mean 'duration'?",
        "agenda: 3 problems",
    ]


def test_missing_files_and_bad_zones_exit_2_without_traceback(cli: Cli, seed_path: Path) -> None:
    """A missing file or an unknown --tz is a one-line error and exit code 2."""
    code, _, err = cli("show", "no-such-agenda.toml")
    assert code == 2
    assert err == "agenda: error: No such file or directory: no-such-agenda.toml\n"
    code, _, err = cli("show", str(seed_path), "--tz", "IST")
    assert code == 2
    assert err.startswith("agenda: error: unknown time zone 'IST'")


def test_schema_prints_the_json_schema(cli: Cli) -> None:
    """`agenda schema` prints the packaged JSON Schema."""
    code, out, _ = cli("schema")
    assert code == 0
    assert json.loads(out)["title"] == "agenda file"


def test_python_m_agenda_runs_the_cli(seed_path: Path) -> None:
    """`python -m agenda` is the same command."""
    result = subprocess.run(
        [sys.executable, "-m", "agenda", "show", str(seed_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "Closing speech" in result.stdout
