"""Benchmark of the foundation: cold starts and loading large agenda files.

- `import agenda` and `agenda show` on the seed webinar, each as a ratio to
  `python -c "import attrs, cattrs"` measured in the same run (median of several fresh processes);
- that `import agenda` does not import icalendar (checked in sys.modules of a fresh process);
- loading a generated 10,000-item agenda from TOML, YAML and JSON files, as ratios to `json.loads`
  of the same JSON text.

    python bench/bench_foundation.py [--repeat 7] [--items 10000]

Prints ratios against baselines measured in the same run, never absolute targets. Exits 1 if
`import agenda` imports icalendar.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import agenda
from agenda import Agenda, Audience, Event, Item, ItemKind, LocalHours, Part, Speaker, get_zone

SEED = Path(__file__).resolve().parent.parent / "examples" / "india-russia-webinar.toml"
ZONES = ("Europe/Moscow", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham", "America/Sao_Paulo")


def cold_starts(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall time of each command in a fresh process, the commands interleaved so that a
    busy machine slows them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            begin = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times[name].append(time.perf_counter() - begin)
    return {name: statistics.median(values) for name, values in times.items()}


def imports_icalendar() -> bool:
    """Whether a fresh `import agenda` puts icalendar in sys.modules."""
    probe = "import sys, agenda; print('icalendar' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return result.stdout.strip() == "True"


def generated(count: int) -> Agenda:
    """`count` items of five minutes, in parts of 100 items made of blocks of 10, with speakers
    and audiences in several zones and text in three scripts."""
    moscow = get_zone("Europe/Moscow")
    people = [
        Speaker(id=f"speaker-{n}", name=f"Спикер {n} / वक्ता {n}", zone=get_zone(ZONES[n % len(ZONES)]))
        for n in range(100)
    ]
    kinds = list(ItemKind)
    parts = []
    for p in range(max(1, count // 100)):
        blocks = []
        for b in range(10):
            talks = [
                Item(
                    id=f"item-{p}-{b}-{i}",
                    title=f"Talk {p}.{b}.{i}: Взаимодействие; राज्यों, C:\\slides",
                    duration=timedelta(minutes=5),
                    kind=kinds[i % len(kinds)],
                    speakers=(people[(p + b + i) % len(people)].id,),
                )
                for i in range(10)
            ]
            blocks.append(Part(id=f"block-{p}-{b}", title=f"Block {b}", items=talks, allotted=timedelta(minutes=50)))
        parts.append(Part(id=f"part-{p}", title=f"Part {p}", items=blocks))
    return Agenda(
        event=Event(id="generated", title="Generated", start=datetime(2021, 2, 10, 9, 0, tzinfo=moscow)),
        parts=parts,
        speakers=people,
        audiences=[
            Audience(name="India", zone=get_zone("Asia/Kolkata"), hours=LocalHours.parse("09:00-21:00")),
            Audience(name="Russia", zone=moscow, hours=LocalHours.parse("09:00-20:00")),
        ],
    )


def best_median(action: Callable[[], object], repeat: int) -> float:
    """Median time of `action` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        action()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each measurement (median)")
    parser.add_argument("--items", type=int, default=10_000, help="items in the generated agenda")
    args = parser.parse_args()

    print(f"cold start, median of {args.repeat} fresh processes")
    starts = cold_starts(
        {
            "baseline": [sys.executable, "-c", "import attrs, cattrs"],
            "import agenda": [sys.executable, "-c", "import agenda"],
            "agenda show": [sys.executable, "-m", "agenda", "show", str(SEED)],
        },
        args.repeat,
    )
    baseline = starts.pop("baseline")
    print(f"  python -c 'import attrs, cattrs'   1.00  ({baseline * 1000:.0f} ms)")
    for name, seconds in starts.items():
        print(f"  {name:<33} {seconds / baseline:.2f}x")

    leaks = imports_icalendar()
    print(f"import agenda imports icalendar: {'YES (must not)' if leaks else 'no'}")

    big = generated(args.items)
    count = sum(1 for _ in big.items())
    print(f"loading a generated {count}-item agenda, median of 3 runs")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for format in ("toml", "yaml", "json"):
            paths[format] = Path(folder) / f"generated.{format}"
            paths[format].write_text(agenda.dumps(big, format=format), encoding="utf-8")
        json_text = paths["json"].read_text(encoding="utf-8")
        reference = best_median(lambda: json.loads(json_text), 3)
        print(f"  json.loads of the same JSON text     1.00  ({reference * 1000:.0f} ms)")
        for format, path in paths.items():
            loaded: list[Agenda] = []
            seconds = best_median(lambda path=path, loaded=loaded: loaded.append(agenda.load(path)), 3)
            same = "equal" if loaded[-1] == big else "DIFFERENT"
            size = path.stat().st_size / 1e6
            print(f"  agenda.load {format:<5} ({size:4.1f} MB, {same})  {seconds / reference:8.1f}x")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
