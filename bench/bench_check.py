"""Benchmark of `agenda check`: cold start on the seed webinar against importing attrs and cattrs,
and checking generated agendas of 10,000 and 100,000 items with 1,000 speakers.

Prints ratios against baselines measured in the same run, never absolute targets:

    python bench/bench_check.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from agenda._model import Agenda, Audience, Event, Item, ItemKind, Part, Speaker
from agenda._times import LocalHours
from agenda.checks import check

SEED = Path(__file__).parent.parent / "examples" / "india-russia-webinar.toml"
ZONES = ("Europe/Moscow", "Asia/Kolkata", "Asia/Kathmandu", "America/New_York", "Europe/London", "Australia/Sydney")


def wall(command: list[str], repeat: int) -> float:
    """Median wall time of running `command` in a fresh process."""
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def generated(items: int, speakers: int = 1000) -> Agenda:
    """A programme of `items` five-minute items in blocks of 10 and parts of 10 blocks, with a
    break between parts, each item given one of `speakers` speakers in several zones."""
    zones = [ZoneInfo(key) for key in ZONES]
    people = [Speaker(id=f"s{n}", name=f"Speaker {n}", zone=zones[n % len(zones)]) for n in range(speakers)]
    block_size, blocks_per_part = 10, 10
    parts: list[Item | Part] = []
    count = 0
    while count < items:
        blocks = []
        for b in range(blocks_per_part):
            leaves = []
            for _ in range(block_size):
                if count >= items:
                    break
                speaker = people[count % speakers].id
                talk = Item(title=f"Talk {count}", id=f"t{count}", duration=timedelta(minutes=5), speakers=[speaker])
                leaves.append(talk)
                count += 1
            if leaves:
                budget = timedelta(minutes=50)
                block = Part(title=f"Block {count}-{b}", id=f"b{count}-{b}", items=leaves, allotted=budget)
                blocks.append(block)
        parts.append(Part(title=f"Part {count}", id=f"p{count}", items=blocks))
        pause = Item(title=f"Break {count}", id=f"break{count}", kind=ItemKind.BREAK, duration=timedelta(minutes=15))
        parts.append(pause)
    start = datetime(2021, 2, 10, 9, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    event = Event(id="generated", title="Generated", start=start)
    audiences = [
        Audience(name="India", zone=ZoneInfo("Asia/Kolkata"), country="IN", hours=LocalHours.parse("09:00-21:00")),
        Audience(name="Russia", zone=ZoneInfo("Europe/Moscow"), country="RU", hours=LocalHours.parse("09:00-20:00")),
    ]
    return Agenda(event=event, parts=parts, speakers=people, audiences=audiences)


def timed_check(agenda: Agenda, repeat: int) -> tuple[float, int]:
    times, findings = [], 0
    for _ in range(repeat):
        begin = time.perf_counter()
        report = check(agenda)
        times.append(time.perf_counter() - begin)
        findings = len(report.findings)
    return min(times), findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (median for processes)")
    args = parser.parse_args()

    baseline = wall([sys.executable, "-c", "import attrs, cattrs"], args.repeat)
    cold = wall([sys.executable, "-m", "agenda", "check", str(SEED)], args.repeat)
    print(f"cold start  agenda check (seed) / python -c 'import attrs, cattrs' = {cold / baseline:.2f}x")
    # The seed's audiences name countries, so the holiday rule imports the holidays package.
    no_holidays = wall([sys.executable, "-m", "agenda", "check", "--ignore", "AG701", str(SEED)], args.repeat)
    print(f"cold start  same with --ignore AG701 (no holidays import) = {no_holidays / baseline:.2f}x")
    # A folder is searched by the discovery rule: `git ls-files` in a work tree, then content sniffing.
    folder = wall([sys.executable, "-m", "agenda", "check", str(SEED.parent)], args.repeat)
    print(f"cold start  agenda check examples/ (discovery) / import baseline = {folder / baseline:.2f}x")

    small, large = generated(10_000), generated(100_000)
    rounds = max(1, args.repeat // 3)
    small_time, small_findings = timed_check(small, rounds)
    large_time, large_findings = timed_check(large, rounds)
    for label, seconds, findings in (("10,000", small_time, small_findings), ("100,000", large_time, large_findings)):
        ratio = seconds / baseline
        print(f"check {label} items, 1,000 speakers: {findings} findings; {ratio:.1f}x the import baseline")
    ideal = (100_000 * 17.0) / (10_000 * 13.3)  # n log2 n from 10k to 100k
    print(f"growth 10k -> 100k items: {large_time / small_time:.1f}x (linear 10x, n log n {ideal:.1f}x)")


if __name__ == "__main__":
    main()
