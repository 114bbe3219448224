"""The performance table: every row a ratio against a baseline measured in the same run.

    python bench/bench_perf.py            # the full table (a few minutes)
    python bench/bench_perf.py --quick    # about a minute: smaller agendas, fewer runs
    python bench/bench_perf.py --only jobs   # some rows: start, loads, rules, file, jobs

Whole processes are measured by the CPU time they use (user + system, from `resource`), the
median of runs that alternate with their baseline, so that a busy shared machine slows both
alike; in-process rows by `time.process_time`, as `timeit` times (the heap collected before each
run, no collector during it); work spread over worker processes by wall time
(their CPU times add up). Memory is the peak resident size of a process. Nothing here asserts a
time: the goals are printed beside the figures, and for each goal missed, what was tried and
its effect (its section of PERFORMANCE.md), then where the measured side's cost is now: the
functions that take its time (one run under cProfile), the modules that take its start-up
(``-X importtime``) or the lines of code that hold its memory (tracemalloc).
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import gc
import json
import os
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple

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


def at_once(commands: list[list[str]]) -> list[str]:
    """One command that runs `commands` at the same time and waits for them all."""
    script = (
        "import json, subprocess, sys\n"
        "running = [subprocess.Popen(c, stdout=subprocess.DEVNULL) for c in json.loads(sys.argv[1])]\n"
        "sys.exit(max(p.wait() for p in running))\n"
    )
    return [sys.executable, "-c", script, json.dumps(commands)]


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


def row(measure: str, ratio: float | None, goal: str, note: str = "") -> bool:
    """Print a row of the table; True when its ratio misses its goal (``≤ 3×``, ``≥ 1.8×``)."""
    shown = "—" if ratio is None else f"{ratio:.2f}×"
    print(f"| {measure} | {shown} | {goal} |{(' ' + note) if note else ''}")
    bound = re.match(r"([≤≥]) ([0-9.]+)×", goal)
    if ratio is None or bound is None:
        return False
    return ratio > float(bound[2]) if bound[1] == "≤" else ratio < float(bound[2])


def profiled(action: Callable[[], object]) -> pstats.Stats:
    """`action` run once under cProfile."""
    profile = cProfile.Profile()
    profile.runcall(action)
    return pstats.Stats(profile)


def profiled_process(command: list[str], folder: str, environment: dict[str, str]) -> pstats.Stats:
    """``python -m agenda ARGS`` (the `command`) run once under cProfile in its own process."""
    out = os.path.join(folder, "profile.out")
    arguments = command[command.index("agenda") + 1 :]
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", out, "-m", "agenda", *arguments],
        capture_output=True,
        env=environment,
        check=False,
    )
    return pstats.Stats(out)


def _function(key: tuple[str, int, str]) -> str:
    """``agenda/_formats/convert.py:_builder`` for a profile's (file, line, name)."""
    file, _, name = key
    for marker in ("/site-packages/", "/src/", "/lib/python"):
        if marker in file:
            file = file.split(marker, 1)[1]
            if marker == "/lib/python":
                file = file.split("/", 1)[-1]
            break
    return f"{file}:{name}" if file != "~" else name


def time_costs(profile: Callable[[], pstats.Stats], count: int = 10) -> list[str]:
    """The functions that take the most of the measured side's own time, as shares of it, in the
    `profile` run now."""
    table: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = profile().stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in table.values()) or 1.0
    lines = ["own time of each function under cProfile:"]
    for key, entry in sorted(table.items(), key=lambda item: -item[1][2])[:count]:
        lines.append(f"- {entry[2] / total:5.1%} {_function(key)} ({entry[1]:,} calls)")
    return lines


def import_costs(command: list[str], environment: dict[str, str], count: int = 10) -> list[str]:
    """The modules whose own import takes the most of a start-up (``python -X importtime``)."""
    result = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]], capture_output=True, text=True, env=environment, check=False
    )
    own: list[tuple[int, str]] = []
    for line in result.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if found:
            own.append((int(found[1]), found[2]))
    total = sum(microseconds for microseconds, _ in own) or 1
    lines = [f"own import time of each module ({total / 1000:.1f} ms in all, one run):"]
    for microseconds, module in sorted(own, reverse=True)[:count]:
        lines.append(f"- {microseconds / total:5.1%} {module} ({microseconds / 1000:.1f} ms)")
    return lines


#: Run in a child: where the memory a check holds was allocated, at the moment its report is
#: given its lines (the peak is there: the findings, their unwritten messages and the model).
_HELD = """
import re, sys, tracemalloc
tracemalloc.start()
import agenda.cli.check as command
located = command.with_lines
def with_lines(report, document):
    snapshot = tracemalloc.take_snapshot()
    total = sum(stat.size for stat in snapshot.statistics("filename"))
    for stat in snapshot.statistics("lineno")[:COUNT]:
        where = stat.traceback[0]
        name = re.split(r"/src/|/site-packages/|/lib/python3[.0-9]+/", where.filename, maxsplit=1)[-1]
        print(f"{stat.size / total:.4f} {stat.size} {stat.count} {name}:{where.lineno}")
    return located(report, document)
command.with_lines = with_lines
from agenda.cli import main
main(["check", "--format", "json", "-o", sys.argv[2], sys.argv[1]])
"""


def memory_costs(file: Path, environment: dict[str, str], count: int = 10) -> list[str]:
    """The lines of code whose allocations hold the most of a check's memory (tracemalloc)."""
    code = _HELD.replace("COUNT", str(count))
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [sys.executable, "-c", code, str(file), os.path.join(folder, "report.json")],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
    lines = ["memory held when the findings are given their lines, by the line that allocated it:"]
    for line in result.stdout.splitlines():
        share, size, blocks, where = line.split(maxsplit=3)
        lines.append(f"- {float(share):5.1%} {where} ({int(size) / 2**20:.1f} MiB in {int(blocks):,} blocks)")
    return lines


#: What was tried for each row, and what it did: the sections of PERFORMANCE.md, by key.
TRIED = Path(__file__).resolve().parent / "PERFORMANCE.md"


def tried(key: str) -> list[str]:
    """The section ``## key: ...`` of PERFORMANCE.md, without its heading."""
    text = TRIED.read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(key)}:.*?\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return found[1].strip().splitlines() if found else [f"(no section '{key}' in {TRIED.name})"]


class Missed(NamedTuple):
    """A row that missed its goal: its key in PERFORMANCE.md, its measure, and where its measured
    side's cost is now (measured when the table is done, so as not to disturb it)."""

    key: str
    measure: str
    costs: Callable[[], list[str]]


def print_missed(missed: Missed) -> None:
    print(f"\n### {missed.measure}: goal missed\n")
    print(f"What was tried, and its effect ({TRIED.name}, '{missed.key}'):\n")
    print("\n".join(tried(missed.key)))
    print("\nWhere the cost is now, ", end="")
    print("\n".join(missed.costs()))


#: The groups of rows, in the table's order.
GROUPS = ("start", "loads", "rules", "file", "jobs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a minute-long version: 10k items, 200 files, 3 runs")
    parser.add_argument(
        "--only",
        action="append",
        choices=GROUPS,
        help="only these rows: start-up, loading, the rules, check FILE with its memory, --jobs (repeatable)",
    )
    args = parser.parse_args()
    only = set(args.only or GROUPS)
    repeat = 3 if args.quick else 9
    large = 10_000 if args.quick else 100_000
    files = 200 if args.quick else 2_000

    # Byte-code as an install has it (pip compiles): without it (PYTHONDONTWRITEBYTECODE, a fresh
    # checkout) every process would compile agenda's sources, and attrs and cattrs are compiled.
    compileall.compile_dir(Path(agenda.__file__).parent, quiet=1)
    unmet: Unmet = []  # the rows that miss their goal
    print("| measure | now | goal |")
    print("| --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        cache = {**os.environ, "AGENDA_CACHE_DIR": str(Path(folder) / "cache")}
        check_seed = [sys.executable, "-m", "agenda", "check", str(SEED)]
        process_cpu(check_seed, cache)  # fills the holiday cache, as any earlier run on the machine would
        if "start" in only:
            unmet += start_rows(folder, cache, check_seed, repeat)
        if "loads" in only:
            unmet += loads_rows(repeat)
        if only & {"rules", "file"}:
            big = generated(large, speakers=1000)
            if "rules" in only:
                unmet += rules_rows(big, large, repeat)
            if "file" in only:
                unmet += file_rows(big, large, folder, cache, repeat)
        if "jobs" in only:
            unmet += jobs_rows(files, folder, cache, repeat)
        for missed in unmet:
            print_missed(missed)
    return 0


Unmet = list[Missed]


def start_rows(folder: str, cache: dict[str, str], check_seed: list[str], repeat: int) -> Unmet:
    unmet: Unmet = []
    no_holidays = Path(folder) / "no_holidays"
    no_holidays.mkdir()
    (no_holidays / "holidays.py").write_text("raise ImportError('holidays hidden for the benchmark')\n")
    hidden = {
        **cache,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(no_holidays), os.environ.get("PYTHONPATH")])),
    }
    help_command = [sys.executable, "-m", "agenda", "--help"]
    times = alternate({"baseline": BASELINE, "check": check_seed, "help": help_command}, repeat, cache)
    measure = '`agenda check` seed vs `python -c "import attrs, cattrs"`, `holidays` installed, warm cache'
    if row(measure, times["check"] / times["baseline"], "≤ 1.5×"):
        unmet.append(Missed("start", measure, partial(import_costs, check_seed, cache)))
    hidden_times = alternate({"baseline": BASELINE, "check": check_seed}, repeat, hidden)
    measure = "same, without `holidays`"
    if row(measure, hidden_times["check"] / hidden_times["baseline"], "≤ 1.4×"):
        unmet.append(Missed("start", f"`agenda check` seed {measure}", partial(import_costs, check_seed, hidden)))
    measure = "`agenda --help` vs the same baseline"
    if row(measure, times["help"] / times["baseline"], "≤ 1.1×"):
        unmet.append(Missed("help", measure, partial(import_costs, help_command, cache)))
    return unmet


def loads_rows(repeat: int) -> Unmet:
    text = agenda.dumps(generated(10_000, speakers=100), format="json")
    loads = cpu_median(lambda: agenda.loads(text, format="json"), repeat)
    parse = cpu_median(lambda: json.loads(text), repeat)
    measure = "`agenda.loads` of a 10k-item JSON vs `json.loads` of the same text"
    if row(measure, loads / parse, "≤ 3.2×"):
        profile = partial(profiled, partial(agenda.loads, text, format="json"))
        return [Missed("loads", measure, partial(time_costs, profile))]
    return []


def rules_rows(big: agenda.Agenda, large: int, repeat: int) -> Unmet:
    timeline = build_timeline(big)
    rules = cpu_median(lambda: check(big), max(1, repeat // 3))
    floor = cpu_median(lambda: sweep(timeline), repeat)
    measure = f"all rules on a built {large // 1000}k-item timeline (1k speakers) vs a sort-and-sweep"
    if row(measure, rules / floor, "≤ 10×"):
        return [Missed("rules", measure, partial(time_costs, partial(profiled, partial(check, big))))]
    return []


def file_rows(big: agenda.Agenda, large: int, folder: str, cache: dict[str, str], repeat: int) -> Unmet:
    unmet: Unmet = []
    big_file = Path(folder) / "big.json"
    big_file.write_text(agenda.dumps(big, format="json"), encoding="utf-8")
    load_only = [sys.executable, "-c", f"import agenda; agenda.load({str(big_file)!r})"]
    check_big = [sys.executable, "-m", "agenda", "check", "--format", "json", str(big_file)]
    pair = alternate({"load": load_only, "check": check_big}, max(1, repeat // 3), cache)
    measure = f"`agenda check FILE` at {large // 1000}k items vs `agenda.loads` of it"
    if row(measure, pair["check"] / pair["load"], "≤ 3×"):
        unmet.append(Missed("file", measure, partial(time_costs, partial(profiled_process, check_big, folder, cache))))
    interpreter = peak_kib("import agenda", cache)
    loaded = peak_kib(f"import agenda; agenda.load({str(big_file)!r})", cache) - interpreter
    checked = (
        peak_kib(
            f"import sys; from agenda.cli import main; main(['check', '--format', 'json', {str(big_file)!r}])",
            cache,
        )
        - interpreter
    )
    measure = f"peak memory of `agenda check` at {large // 1000}k vs the loaded model alone"
    if row(measure, checked / loaded, "≤ 2×", f"({checked / 1024:.0f} vs {loaded / 1024:.0f} MiB)"):
        unmet.append(Missed("memory", measure, partial(memory_costs, big_file, cache)))
    return unmet


def jobs_rows(files: int, folder: str, cache: dict[str, str], repeat: int) -> Unmet:
    unmet: Unmet = []
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
        check_json = [sys.executable, "-m", "agenda", "check", "--format", "json"]
        commands = {
            "one": [*check_json, str(folder_checked)],
            "auto": [*check_json, str(folder_checked), "--jobs", "auto"],
        }
        if folder_checked == apart:
            # The machine's own limit: the files split among as many one-process checks as
            # there are CPUs, run at once (no findings cross between these files).
            names = sorted(str(file) for file in apart.iterdir())
            cpus = usable_cpus()
            commands["split"] = at_once([[*check_json, *names[start::cpus]] for start in range(cpus)])
        # At least 3 runs each: one wall time of a busy machine says little.
        walls = alternate_wall(commands, max(3, repeat // 3), cache)
        if row(measure, walls["one"] / walls["auto"], goal, f"({usable_cpus()} CPUs usable)"):
            # The parent's part: what it does besides its share of the files is not spread.
            auto = commands["auto"]
            costs = partial(time_costs, partial(profiled_process, auto, folder, cache))
            unmet.append(Missed("jobs", f"{measure}, the parent process", costs))
        if "split" in walls:
            row(
                f"the machine's limit: those files split among {usable_cpus()} one-process checks run at once",
                walls["one"] / walls["split"],
                "(for comparison)",
            )
    return unmet


if __name__ == "__main__":
    sys.exit(main())
