"""Benchmark of the web page: rendering it for a generated agenda of 10,000 items (1,000 speakers)
against `agenda show` (the text table) on the same agenda, and the page's size.

Prints ratios against the baseline measured in the same run, never absolute targets:

    python bench/bench_page.py [--items 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_check import generated  # the same generated agendas as the check benchmark

from agenda._formats.markdown import render_markdown
from agenda._formats.page import render_page
from agenda._formats.text import default_zones, render_table
from agenda._formats.timeline_svg import render_svg
from agenda._model import Agenda
from agenda._timeline import build_timeline

STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)


def best(function: Callable[[], str], repeat: int) -> tuple[float, str]:
    """The fastest of `repeat` runs, and what the last one returned."""
    times, result = [], ""
    for _ in range(repeat):
        begin = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - begin)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="items in the generated agenda")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the fastest counts)")
    args = parser.parse_args()

    agenda: Agenda = generated(args.items)
    zones = default_zones(agenda)

    # `agenda show` on the same agenda, in process: place it in time, then the text table.
    show, table = best(lambda: render_table(agenda, build_timeline(agenda), zones), args.repeat)
    markdown, _ = best(lambda: render_markdown(agenda, build_timeline(agenda), zones), args.repeat)
    svg_time, svg = best(lambda: render_svg(agenda, build_timeline(agenda), zones), args.repeat)
    embedded, page = best(lambda: render_page(agenda, build_timeline(agenda), zones, stamp=STAMP), args.repeat)
    linked, linked_page = best(
        lambda: render_page(agenda, build_timeline(agenda), zones, stamp=STAMP, ics_base="ics/"), args.repeat
    )

    def mb(text: str) -> str:
        return f"{len(text.encode('utf-8')) / 1e6:.1f} MB"

    print(f"agenda: {args.items:,} items, {len(agenda.speakers):,} speakers, zones {', '.join(z.key for z in zones)}")
    print(f"baseline agenda show (text table), in process: {show:.2f} s, {mb(table)}")
    print(f"markdown view / show = {markdown / show:.1f}x")
    print(f"timeline SVG / show = {svg_time / show:.1f}x ({len(svg.encode()) / 1e3:.0f} kB)")
    print(f"page, .ics as data URLs / show = {embedded / show:.1f}x; page size {mb(page)}")
    print(f"page, .ics written next to it (--ics-dir) / show = {linked / show:.1f}x; page size {mb(linked_page)}")


if __name__ == "__main__":
    main()
