"""Benchmark of look-ups by id on an agenda: `agenda[id]` and `agenda.speaker(id)` (an index built
once per agenda) against a scan of `walk()` and of `speakers`, the way they were found before.

    python bench/bench_lookup.py [--items 10000] [--speakers 500] [--repeat 5]

Prints the index's time as a ratio to the scan's, both measured in this run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

import agenda


def generated(items: int, speakers: int) -> agenda.Agenda:
    """`items` five-minute items in parts of 100, with `speakers` declared speakers."""
    people = [agenda.Speaker(id=f"speaker-{n}", name=f"Speaker {n}") for n in range(speakers)]
    parts = [
        agenda.Part(
            id=f"part-{p}",
            title=f"Part {p}",
            items=[
                agenda.Item(id=f"item-{p}-{n}", title=f"Talk {n}", duration=timedelta(minutes=5))
                for n in range(min(100, items - p * 100))
            ],
        )
        for p in range(-(-items // 100))
    ]
    event = agenda.Event(id="bench", title="Bench", start="2021-02-10T11:00 Europe/Moscow")
    return agenda.Agenda(event=event, parts=parts, speakers=people)


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        action()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--speakers", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    value = generated(args.items, args.speakers)
    node_ids = [node.id for _, node in value.walk()][::97]
    speaker_ids = [speaker.id for speaker in value.speakers][::7]

    def scan_nodes() -> object:
        return [next(node for _, node in value.walk() if node.id == wanted) for wanted in node_ids]

    def index_nodes() -> object:
        return [value[wanted] for wanted in node_ids]

    def scan_speakers() -> object:
        return [next(s for s in value.speakers if s.id == wanted) for wanted in speaker_ids]

    def index_speakers() -> object:
        return [value.speaker(wanted) for wanted in speaker_ids]

    if scan_nodes() != index_nodes() or scan_speakers() != index_speakers():
        raise SystemExit("the index and the scan disagree")
    print(f"{len(node_ids)} node and {len(speaker_ids)} speaker look-ups, {args.items} items, median of {args.repeat}")
    for name, scan, index in (("agenda[id]", scan_nodes, index_nodes), ("speaker(id)", scan_speakers, index_speakers)):
        baseline = median_time(scan, args.repeat)
        print(f"  scan for {name:<12} 1.00  ({baseline * 1000:.1f} ms)")
        print(f"  {name:<21} {median_time(index, args.repeat) / baseline:.4f}x")


if __name__ == "__main__":
    main()
