"""Benchmark of publishing: the c3voc schedule against the iCalendar export of the same agenda, and
`publish_caldav` against a Radicale server started here (first publish, a rerun with nothing
changed, a rerun with one change).

Prints ratios against baselines measured in the same run, never absolute targets:

    python bench/bench_publish.py [--items 1000] [--caldav-items 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import base64
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import niquests
from bench_check import generated

from agenda import Agenda, Part
from agenda._formats.schedule import render_json, render_xml
from agenda.ical import to_ical
from agenda.publish import publish_caldav

STAMP = datetime(2021, 2, 1, 9, tzinfo=UTC)


def best(function: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        function()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


class Counting(niquests.Session):
    """Counts requests by method."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.counts[method] = self.counts.get(method, 0) + 1
        return super().request(method, url, *args, **kwargs)


def radicale(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n[storage]\n"
        f"filesystem_folder = {folder / 'collections'}\n[logging]\nlevel = error\n"
    )
    process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)])
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    return process, f"http://127.0.0.1:{port}/"


def retitle_first(agenda: Agenda) -> Agenda:
    def first(nodes: tuple[Any, ...]) -> tuple[Any, ...]:
        head = nodes[0]
        changed = (
            attrs.evolve(head, items=first(head.items))
            if isinstance(head, Part)
            else attrs.evolve(head, title="Changed")
        )
        return (changed, *nodes[1:])

    return attrs.evolve(agenda, parts=first(agenda.parts), event=attrs.evolve(agenda.event, revision=1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--caldav-items", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    agenda = generated(args.items, speakers=100)
    ical = best(lambda: to_ical(agenda, stamp=STAMP, split="items"), args.repeat)
    xml = best(lambda: render_xml(agenda), args.repeat)
    json_v1 = best(lambda: render_json(agenda), args.repeat)
    print(f"schedule.xml, {args.items} items / to_ical(split=items) of the same agenda = {xml / ical:.2f}x")
    print(f"schedule JSON v1, {args.items} items / to_ical(split=items) = {json_v1 / ical:.2f}x")

    small = generated(args.caldav_items, speakers=20)
    with tempfile.TemporaryDirectory() as folder:
        process, base = radicale(Path(folder))
        try:
            url = f"{base}bench/cal/"
            # Radicale makes the user's collection on their first request (any user, auth none).
            login = {"Authorization": "Basic " + base64.b64encode(b"bench:").decode()}
            request = urllib.request.Request(url, method="MKCALENDAR", headers=login)  # noqa: S310 - local server
            urllib.request.urlopen(request, timeout=10).close()  # noqa: S310
            first_session = Counting()
            begin = time.perf_counter()
            publish_caldav(small, url, stamp=STAMP, split="items", session=first_session)
            first = time.perf_counter() - begin
            again_session = Counting()
            begin = time.perf_counter()
            result = publish_caldav(small, url, stamp=STAMP, split="items", session=again_session)
            again = time.perf_counter() - begin
            one_session = Counting()
            begin = time.perf_counter()
            publish_caldav(retitle_first(small), url, stamp=STAMP, split="items", session=one_session)
            one = time.perf_counter() - begin
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(f"caldav, {args.caldav_items} items: first publish requests {first_session.counts}")
    writes = result.writes
    print(f"caldav rerun, nothing changed: {again_session.counts} ({writes} writes); {again / first:.2f}x the first")
    print(f"caldav rerun, one item changed: {one_session.counts}; {one / first:.2f}x the first")


if __name__ == "__main__":
    main()
