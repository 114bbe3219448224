"""The performance benchmark's own mechanics: goals read from the table, and for each row that can
miss its goal, a section of bench/PERFORMANCE.md saying what was tried (the timings themselves
are never asserted)."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench() -> Iterator[Any]:
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("bench_perf")
    finally:
        sys.path.remove(str(BENCH))


@pytest.mark.parametrize(
    ("ratio", "goal", "missed"),
    [
        (3.5, "≤ 3×", True),
        (2.9, "≤ 3×", False),
        (1.2, "≥ 1.8× on 2 cores", True),
        (1.9, "≥ 1.8× on 2 cores", False),
        (None, "≤ 3×", False),
        (9.0, "(for comparison)", False),
    ],
)
def test_a_row_says_whether_it_misses_its_goal(
    bench: Any, capsys: pytest.CaptureFixture[str], ratio: float | None, goal: str, missed: bool
) -> None:
    assert bench.row("m", ratio, goal) is missed
    shown = "—" if ratio is None else f"{ratio:.2f}×"
    assert capsys.readouterr().out == f"| m | {shown} | {goal} |\n"


def test_every_row_that_can_miss_has_its_section_of_what_was_tried(bench: Any) -> None:
    keys = set(re.findall(r'Missed\("(\w+)"', (BENCH / "bench_perf.py").read_text(encoding="utf-8")))
    assert keys == {"start", "help", "loads", "rules", "file", "memory", "jobs"}
    for key in keys:
        section = bench.tried(key)
        assert len(section) > 1, key
        assert not section[0].startswith("(no section"), key
    assert bench.tried("nothing") == ["(no section 'nothing' in PERFORMANCE.md)"]


def test_import_costs_name_the_modules_a_start_up_imports(bench: Any) -> None:
    lines = bench.import_costs([sys.executable, "-c", "import json"], None, count=1000)
    assert lines[0].startswith("own import time of each module")
    modules = {line.split()[2] for line in lines[1:]}
    assert {"json", "json.decoder", "json.scanner"} <= modules
    assert all(re.fullmatch(r"- +\d+\.\d% \S+ \(\d+\.\d ms\)", line) for line in lines[1:])


def test_memory_costs_name_the_lines_that_hold_a_checks_memory(bench: Any, tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from agenda import Agenda, Event, Item, dumps, get_zone

    start = datetime(2026, 3, 2, 23, 0, tzinfo=get_zone("Europe/Moscow"))
    agenda = Agenda(
        event=Event(id="e", title="E", start=start), parts=[Item(title="T", duration=timedelta(minutes=30))]
    )
    file = tmp_path / "agenda.toml"
    file.write_text(dumps(agenda, format="toml"), encoding="utf-8")
    lines = bench.memory_costs(file, {**os.environ, "AGENDA_CACHE_DIR": str(tmp_path)}, count=5)
    assert lines[0].startswith("memory held when the findings are given their lines")
    assert len(lines) == 6
    assert all(re.fullmatch(r"- +\d+\.\d% .+:\d+ \(\d+\.\d MiB in [\d,]+ blocks\)", line) for line in lines[1:])
