"""Dump then load gives the same agenda, in TOML, YAML and JSON."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given

from agenda import Agenda, Event, Interval, Item, Part, Speaker, dump, dumps, get_zone, load, loads
from agenda._times import zone_keys
from agenda.testing import agendas

FORMATS = ["toml", "yaml", "json"]
SUFFIXES = {"toml": ".toml", "yaml": ".yaml", "json": ".json"}

# Zones whose key has no "/" (UTC, GMT): a file names them after a time just the same.
_SLASHLESS = {get_zone(key).key for key in zone_keys()} - {key for key in zone_keys() if "/" in key}


@pytest.mark.parametrize("format", FORMATS)
@given(agenda=agendas())
def test_dump_then_load_gives_equal_agenda(format: str, agenda: Agenda) -> None:
    """loads(dumps(agenda)) == agenda in each format."""
    assert agenda == loads(dumps(agenda, format=format), format=format)


@pytest.mark.parametrize("format", FORMATS)
@given(agenda=agendas())
def test_dumps_is_stable(format: str, agenda: Agenda) -> None:
    """Dumping a loaded dump gives the same text: output is reproducible."""
    text = dumps(agenda, format=format)
    assert text == dumps(loads(text, format=format), format=format)


@pytest.mark.parametrize("format", FORMATS)
def test_dump_then_load_file(format: str, tmp_path: Path) -> None:
    """dump to a path and load from it give back the agenda, the format taken from the suffix."""
    zone = get_zone("Asia/Kathmandu")
    agenda = Agenda(
        event=Event(id="kathmandu", title="Нетворкинг, सत्र; C:\\temp", start=datetime(2021, 2, 10, 9, 45, tzinfo=zone)),
        parts=[Part(title="Part 1", items=[Item(title="Welcome", duration=timedelta(seconds=90))])],
    )
    path = tmp_path / f"agenda{SUFFIXES[format]}"
    dump(agenda, path)
    assert agenda == load(path)


@pytest.mark.parametrize("format", FORMATS)
def test_speaker_availability_keeps_its_zone(format: str) -> None:
    """A speaker's availability, written in their own zone, loads back in that zone (regression)."""
    utc, kolkata = get_zone("UTC"), get_zone("Asia/Kolkata")
    window = Interval(start=datetime(2021, 2, 10, 9, tzinfo=kolkata), end=datetime(2021, 2, 10, 21, tzinfo=kolkata))
    agenda = Agenda(
        event=Event(id="e", title="E", start=datetime(2021, 2, 10, 8, tzinfo=utc)),
        parts=[Part(title="P", items=[Item(title="I", duration=timedelta(minutes=5))])],
        speakers=[Speaker(id="s", name="S", zone=kolkata, availability=[window])],
    )
    assert agenda == loads(dumps(agenda, format=format), format=format)


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("key", sorted(_SLASHLESS))
def test_fixed_start_in_zone_without_slash_loads_back(format: str, key: str) -> None:
    """A fixed start in UTC (or another key without '/') in a Moscow event loads back."""
    moscow = get_zone("Europe/Moscow")
    agenda = Agenda(
        event=Event(id="e", title="E", start=datetime(2021, 2, 10, 11, tzinfo=moscow)),
        parts=[
            Part(
                title="P",
                items=[
                    Item(title="I", duration=timedelta(minutes=5), start=datetime(2021, 2, 10, 4, tzinfo=get_zone(key)))
                ],
            )
        ],
    )
    assert agenda == loads(dumps(agenda, format=format), format=format)


@pytest.mark.parametrize("format", FORMATS)
def test_the_second_of_two_repeated_wall_times_loads_back(format: str) -> None:
    """A fixed start at the second 02:30 of a night when clocks go back keeps its instant."""
    berlin = get_zone("Europe/Berlin")
    second = datetime(2021, 10, 31, 1, 30, tzinfo=get_zone("UTC")).astimezone(berlin)
    assert (second.hour, second.fold) == (2, 1)
    agenda = Agenda(
        event=Event(id="e", title="E", start=datetime(2021, 10, 31, 1, 0, tzinfo=berlin)),
        parts=[Item(title="I", duration=timedelta(minutes=5), start=second)],
    )
    loaded = loads(dumps(agenda, format=format), format=format)
    (item,) = loaded.parts
    assert item.start is not None
    assert item.start.astimezone(get_zone("UTC")) == second.astimezone(get_zone("UTC"))
