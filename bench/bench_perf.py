"""The performance table: every row a ratio against a baseline measured in the same run.

    python bench/bench_perf.py            # the full table (a few minutes)
    python bench/bench_perf.py --quick    # about a minute: smaller agendas, fewer runs

Whole processes are measured by the CPU time they use (user + system, from `resource`), the
median of runs that alternate with their baseline, so that a busy shared machine slows both
alike; in-process rows by `time.process_time`, as `timeit` times (the heap collected before each
run, no collector during it); work spread over worker processes by wall time
(their CPU times add up). Memory is the peak resident size of a process. Nothing here asserts a
time: the goals are printed beside the figures.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_check import generated  # the 100k-item programme with 1,000 speakers

import agenda
from agenda import build_timeline
from agenda.checks import check
from agenda.cli._jobs import usable_cpus

SEED = Path(__file__).resolve().parent.parent / "examples" / "india-russia-webinar.toml"
BASELINE = [sys.executable, "-c", "import attrs, cattrs"]


def process_cpu(command: list[str], environment: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of one run of `command` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, capture_output=True, env=environment, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


#: Prints the process's peak resident size at exit. Read from /proc: `ru_maxrss` of a child also
#: counts the parent's pages it had between fork and exec.
_PEAK = (
    "import atexit, sys\n"
    "def _peak():\n"
    "    line = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "    sys.stderr.write('PEAK ' + line.split()[1] + '\\n')\n"
    "atexit.register(_peak)\n"
)


def peak_kib(code: str, environment: dict[str, str] | None = None) -> int:
    """Peak resident kibibytes of ``python -c code``."""
    result = subprocess.run(
        [sys.executable, "-c", _PEAK + code], capture_output=True, text=True, env=environment, check=False
    )
    return int(result.stderr.rsplit("PEAK ", 1)[1].split()[0])


def alternate(
    commands: dict[str, list[str]], repeat: int, environment: dict[str, str] | None = None
) -> dict[str, float]:
    """Median CPU seconds of each command, the runs interleaved."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(process_cpu(command, environment))
    return {name: statistics.median(values) for name, values in times.items()}


def alternate_wall(
    commands: dict[str, list[str]], repeat: int, environment: dict[str, str] | None = None
) -> dict[str, float]:
    """Median wall seconds of each command, the runs interleaved: for work spread over processes,
    whose CPU time adds up."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            begin = time.perf_counter()
            subprocess.run(command, capture_output=True, env=environment, check=False)
            times[name].append(time.perf_counter() - begin)
    return {name: statistics.median(values) for name, values in times.items()}


def cpu_median(action: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of `action`, each run from a collected heap and without the garbage
    collector (as `timeit` measures): otherwise a run's time depends on when the collector's
    thresholds fall, which for `json.loads` of a large text varies threefold between runs."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            begin = time.process_time()
            action()
            times.append(time.process_time() - begin)
        finally:
            gc.enable()
    return statistics.median(times)


def sweep(timeline: agenda.Timeline) -> int:
    """The floor for the checks' work: sort the items once, then sweep for overlaps and for
    speakers booked twice (20 lines, no messages)."""
    slots = sorted((s for s in timeline.slots if isinstance(s.node, agenda.Item)), key=lambda s: (s.start, s.end))
    found = 0
    latest_end = None
    busy: dict[str, object] = {}
    for slot in slots:
        if latest_end is not None and slot.start < latest_end:
            found += 1
        latest_end = slot.end if latest_end is None else max(latest_end, slot.end)
        for speaker in slot.node.speakers:  # type: ignore[union-attr]
            end = busy.get(speaker)
            if end is not None and slot.start < end:  # type: ignore[operator]
                found += 1
            busy[speaker] = slot.end
    return found


def row(measure: str, ratio: float | None, goal: str, note: str = "") -> None:
    shown = "—" if ratio is None else f"{ratio:.2f}×"
    print(f"| {measure} | {shown} | {goal} |{(' ' + note) if note else ''}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a minute-long version: 10k items, 200 files, 3 runs")
    args = parser.parse_args()
    repeat = 3 if args.quick else 9
    large = 10_000 if args.quick else 100_000
    files = 200 if args.quick else 2_000

    # Byte-code as an install has it (pip compiles): without it (PYTHONDONTWRITEBYTECODE, a fresh
    # checkout) every process would compile agenda's sources, and attrs and cattrs are compiled.
    compileall.compile_dir(Path(agenda.__file__).parent, quiet=1)
    print("| measure | now | goal |")
    print("| --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        cache = {**os.environ, "AGENDA_CACHE_DIR": str(Path(folder) / "cache")}
        no_holidays = Path(folder) / "no_holidays"
        no_holidays.mkdir()
        (no_holidays / "holidays.py").write_text("raise ImportError('holidays hidden for the benchmark')\n")
        hidden = {
            **cache,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(no_holidays), os.environ.get("PYTHONPATH")])),
        }
        check_seed = [sys.executable, "-m", "agenda", "check", str(SEED)]
        process_cpu(check_seed, cache)  # fills the holiday cache, as any earlier run on the machine would
        times = alternate(
            {"baseline": BASELINE, "check": check_seed, "help": [sys.executable, "-m", "agenda", "--help"]},
            repeat,
            cache,
        )
        row(
            '`agenda check` seed vs `python -c "import attrs, cattrs"`, `holidays` installed, warm cache',
            times["check"] / times["baseline"],
            "≤ 1.5×",
        )
        hidden_times = alternate({"baseline": BASELINE, "check": check_seed}, repeat, hidden)
        row("same, without `holidays`", hidden_times["check"] / hidden_times["baseline"], "≤ 1.4×")
        row("`agenda --help` vs the same baseline", times["help"] / times["baseline"], "≤ 1.1×")

        ten_k = generated(10_000, speakers=100)
        text = agenda.dumps(ten_k, format="json")
        loads = cpu_median(lambda: agenda.loads(text, format="json"), repeat)
        parse = cpu_median(lambda: json.loads(text), repeat)
        row("`agenda.loads` of a 10k-item JSON vs `json.loads` of the same text", loads / parse, "≤ 3.2×")

        big = generated(large, speakers=1000)
        timeline = build_timeline(big)
        rules = cpu_median(lambda: check(big), max(1, repeat // 3))
        floor = cpu_median(lambda: sweep(timeline), repeat)
        row(
            f"all rules on a built {large // 1000}k-item timeline (1k speakers) vs a sort-and-sweep",
            rules / floor,
            "≤ 10×",
        )

        big_file = Path(folder) / "big.json"
        big_file.write_text(agenda.dumps(big, format="json"), encoding="utf-8")
        load_only = [sys.executable, "-c", f"import agenda; agenda.load({str(big_file)!r})"]
        check_big = [sys.executable, "-m", "agenda", "check", "--format", "json", str(big_file)]
        big_runs = max(1, repeat // 3)
        pair = alternate({"load": load_only, "check": check_big}, big_runs, cache)
        row(
            f"`agenda check FILE` at {large // 1000}k items vs `agenda.loads` of it",
            pair["check"] / pair["load"],
            "≤ 3×",
        )
        interpreter = peak_kib("import agenda", cache)
        loaded = peak_kib(f"import agenda; agenda.load({str(big_file)!r})", cache) - interpreter
        checked = (
            peak_kib(
                f"import sys; from agenda.cli import main; main(['check', '--format', 'json', {str(big_file)!r}])",
                cache,
            )
            - interpreter
        )
        row(
            f"peak memory of `agenda check` at {large // 1000}k vs the loaded model alone",
            checked / loaded,
            "≤ 2×",
            f"({checked / 1024:.0f} vs {loaded / 1024:.0f} MiB)",
        )

        many = Path(folder) / "many"
        many.mkdir()
        small = agenda.dumps(generated(50, speakers=10), format="toml")
        for number in range(files):
            (many / f"agenda-{number:04}.toml").write_text(
                small.replace('id = "generated"', f'id = "generated-{number}"'), encoding="utf-8"
            )
        # The same agendas, each with speakers of its own: no double booking across files (AG302
        # gives each file of `many` about 120 findings), only the files' own findings.
        apart = Path(folder) / "apart"
        apart.mkdir()
        for number in range(files):
            text = small.replace('id = "generated"', f'id = "generated-{number}"')
            (apart / f"agenda-{number:04}.toml").write_text(
                text.replace('name = "Speaker ', f'name = "Speaker {number}-'), encoding="utf-8"
            )
        for folder_checked, measure, goal in (
            (
                many,
                f"`agenda check` on {files} files of 50 items, `--jobs auto` vs one process (wall)",
                "≥ 1.8× on 2 cores",
            ),
            (apart, "same, files that share no speaker (no AG302 between them)", "(for comparison)"),
        ):
            serial = [sys.executable, "-m", "agenda", "check", "--format", "json", str(folder_checked)]
            # At least 3 runs each: one wall time of a busy machine says little.
            walls = alternate_wall({"one": serial, "auto": [*serial, "--jobs", "auto"]}, max(3, repeat // 3), cache)
            row(measure, walls["one"] / walls["auto"], goal, f"({usable_cpus()} CPUs usable)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
