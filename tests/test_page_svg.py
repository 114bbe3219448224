"""`agenda timeline`: the SVG picture across zones (read with ElementTree)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given

from agenda import Agenda, Audience, Event, Item, LocalHours, build_timeline, get_zone, loads, read_document
from agenda._formats.text import default_zones
from agenda._formats.timeline_svg import render_svg, window
from agenda.testing import agendas

Cli = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "india-russia-webinar.toml"
README_SVG = ROOT / "docs" / "img" / "seed-timeline.svg"
NS = {"svg": "http://www.w3.org/2000/svg"}

DST = """\
[event]
id = "night"
title = "Night"
start = "2021-03-27T21:30"
zone = "Europe/Berlin"
[[audiences]]
name = "Berlin"
zone = "Europe/Berlin"
hours = "08:00-22:00"
[[parts]]
title = "Before"
duration = "4h"
[[parts]]
title = "After"
duration = "3h"
"""


@pytest.fixture(scope="module")
def seed() -> Agenda:
    return read_document(SEED).agenda


def _svg(agenda: Agenda, **options: bool) -> ET.Element:
    return ET.fromstring(render_svg(agenda, build_timeline(agenda), default_zones(agenda), **options))  # noqa: S314


def _lanes(root: ET.Element) -> list[ET.Element]:
    return root.findall("svg:g[@class='lane']", NS)


def _texts(element: ET.Element) -> list[str]:
    return [text.text or "" for text in element.iter("{http://www.w3.org/2000/svg}text")]


def test_committed_readme_svg_is_what_the_renderer_draws(seed: Agenda) -> None:
    """docs/img/seed-timeline.svg (in the README) is the renderer's output: run docs/screenshots.py."""
    expected = render_svg(seed, build_timeline(seed), default_zones(seed))
    assert README_SVG.read_text(encoding="utf-8") == expected


def test_one_lane_per_audience_zone_in_local_time(seed: Agenda) -> None:
    """The seed has a lane for Russia and one for India, each labelled with its zone."""
    lanes = _lanes(_svg(seed))
    assert [(lane.get("data-zone"), _texts(lane)[:3]) for lane in lanes] == [
        ("Europe/Moscow", ["Russia", "Europe/Moscow", "MSK, UTC+03:00 · 09:00–20:00"]),
        ("Asia/Kolkata", ["India", "Asia/Kolkata", "IST, UTC+05:30 · 09:00–21:00"]),
    ]


def test_each_lane_names_the_programme_in_its_local_time(seed: Agenda) -> None:
    """Moscow reads 11:00–13:50, New Delhi 13:30–16:20."""
    lanes = _lanes(_svg(seed))
    assert ["11:00–13:50" in _texts(lanes[0]), "13:30–16:20" in _texts(lanes[1])] == [True, True]


def test_a_day_is_shown_with_local_midnights(seed: Agenda) -> None:
    """The picture covers a whole day; each lane has a midnight line with the local date."""
    root = _svg(seed)
    start, end = window(build_timeline(seed))
    midnights = [[t for t in _texts(lane) if t.startswith(("Wed", "Thu"))] for lane in _lanes(root)]
    assert (end - start >= timedelta(hours=24), midnights) == (True, [["Wed 10 Feb", "Thu 11 Feb"], ["Thu 11 Feb"]])


def test_half_hour_zone_ticks_fall_between_whole_hour_ones(seed: Agenda) -> None:
    """India's hour ticks lie half an hour from Moscow's: at local whole hours."""
    lanes = _lanes(_svg(seed))
    xs = [{float(line.get("x1", "0")) for line in lane.findall("svg:line", NS)} for lane in lanes]
    assert xs[0].isdisjoint(xs[1])


def test_acceptable_hours_are_shaded(seed: Agenda) -> None:
    """Each audience lane has its local hours shaded: one band within a day."""
    lanes = _lanes(_svg(seed))
    assert [len(lane.findall("svg:rect[@class='hours']", NS)) for lane in lanes] == [1, 1]


def test_dst_change_is_marked() -> None:
    """Berlin's change of the clocks on 28 March 2021 is a marked line with both offsets."""
    root = _svg(loads(DST, "toml"))
    lane = _lanes(root)[0]
    changes = lane.findall("svg:line[@class='offset-change']", NS)
    assert (len(changes), "UTC+01:00 → UTC+02:00" in _texts(lane)) == (1, True)


def test_speaker_lanes_on_request(seed: Agenda) -> None:
    """With speakers=True each speaker with a zone and a part on the programme gets a lane."""
    lanes = _lanes(_svg(seed, speakers=True))
    assert len(lanes) == 2 + len(seed.speakers)


def test_plain_svg_for_github(seed: Agenda) -> None:
    """No script, no external reference, no foreign object: GitHub shows it as an image."""
    text = render_svg(seed, build_timeline(seed), default_zones(seed))
    assert ("<script" in text, "href" in text, "foreignObject" in text, "@import" in text) == (False,) * 4


def test_titles_are_escaped() -> None:
    """Markup in a title is text in the picture."""
    start = datetime(2021, 2, 10, 11, 0, tzinfo=get_zone("Europe/Moscow"))
    agenda = Agenda(
        event=Event(id="e", title="<script>x</script>", start=start),
        parts=(Item(title="a & b", duration=timedelta(minutes=5)),),
        audiences=(Audience(name="</text>", zone=get_zone("Asia/Kolkata"), hours=LocalHours.parse("09:00-21:00")),),
    )
    root = _svg(agenda)
    assert ("<script>x</script>" in _texts(root)[0], root.find("svg:script", NS)) == (True, None)


@given(agendas())
def test_any_agenda_draws_a_well_formed_picture(agenda: Agenda) -> None:
    """Any agenda gives well-formed SVG with a lane per default zone, blocks inside the picture."""
    root = _svg(agenda)
    width = float(root.get("width", "0"))
    xs = [float(rect.get("x", "0")) for rect in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert (len(_lanes(root)), all(0 <= x <= width for x in xs)) == (len(default_zones(agenda)), True)


def test_cli_writes_the_svg(cli: Cli, tmp_path: Path, seed: Agenda) -> None:
    """`agenda timeline FILE -o timeline.svg` writes what the renderer draws."""
    target = tmp_path / "timeline.svg"
    code, out, err = cli("timeline", str(SEED), "-o", str(target))
    expected = render_svg(seed, build_timeline(seed), default_zones(seed))
    assert (code, out, err, target.read_text(encoding="utf-8") == expected) == (0, "", "", True)


def test_cli_tz_chooses_the_lanes(cli: Cli) -> None:
    """--tz draws a lane for each zone given, in that order."""
    code, out, _ = cli("timeline", str(SEED), "--tz", "Pacific/Kiritimati", "--tz", "UTC")
    zones = [lane.get("data-zone") for lane in _lanes(ET.fromstring(out))]  # noqa: S314
    assert (code, zones) == (0, ["Pacific/Kiritimati", "UTC"])
