"""The public Hypothesis strategies (agenda.testing) draw valid, varied values."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from random import Random
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from agenda import Agenda, Item, LocalHours, Part
from agenda._times import resolve_local
from agenda.testing import (
    agendas,
    durations,
    ids,
    items,
    local_datetimes,
    local_hours,
    parts,
    speakers,
    titles,
    zones,
)

# Reachability: stop at the first example found, without shrinking it.
SEARCH = settings(
    max_examples=2000,
    deadline=None,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _offset(zone: ZoneInfo, when: datetime = datetime(2021, 1, 15, 12)) -> timedelta:
    offset = when.replace(tzinfo=zone).utcoffset()
    assert offset is not None
    return offset


def _depth(node: Part | Item) -> int:
    return 0 if isinstance(node, Item) else 1 + max(_depth(child) for child in node.items)


# --- agendas -----------------------------------------------------------------------------------


@given(agendas())
def test_agenda_ids_are_unique_across_the_programme(agenda: Agenda) -> None:
    """No two parts or items of one programme share an id."""
    found = [node.id for _, node in agenda.walk()]
    assert len(set(found)) == len(found)


@given(agendas())
def test_agenda_references_are_declared(agenda: Agenda) -> None:
    """Every speaker and chair a node names, and every organisation a speaker names, is declared."""
    declared = {speaker.id for speaker in agenda.speakers}
    for _, node in agenda.walk():
        named = set(node.speakers) if isinstance(node, Item) else {node.chair} - {None}
        assert named <= declared
    organizations = {org.id for org in agenda.organizations}
    assert {s.organization for s in agenda.speakers} - {None} <= organizations


@given(agendas(max_items=5, max_depth=2))
def test_agenda_respects_size_and_depth(agenda: Agenda) -> None:
    """max_items bounds the items, max_depth the nesting, and every part holds something."""
    assert 1 <= len(list(agenda.items())) <= 5
    assert all(isinstance(node, Part) for node in agenda.parts)
    assert max(_depth(node) for node in agenda.parts) <= 2
    assert all(node.items for _, node in agenda.walk() if isinstance(node, Part))


@given(agendas(with_fixed_starts=False))
def test_agenda_without_fixed_starts_has_none(agenda: Agenda) -> None:
    """with_fixed_starts=False draws programmes where every node follows the one before."""
    assert all(node.start is None for _, node in agenda.walk())


@given(agendas())
def test_agenda_titles_have_no_control_characters(agenda: Agenda) -> None:
    """Titles carry no control characters by default."""
    for _, node in agenda.walk():
        assert not any(unicodedata.category(char) == "Cc" for char in node.title)


def test_fixed_starts_are_reachable() -> None:
    """Some drawn agendas pin a node to a fixed start."""
    find(agendas(), lambda agenda: any(node.start is not None for _, node in agenda.walk()), settings=SEARCH)


def test_deep_nesting_is_reachable() -> None:
    """Programmes nested to the full depth are drawn."""
    find(agendas(max_depth=3), lambda agenda: max(_depth(node) for node in agenda.parts) == 3, settings=SEARCH)


def test_dst_affected_event_start_is_reachable() -> None:
    """Some drawn events start at a local time a DST change skips."""
    find(
        agendas(),
        lambda agenda: getattr(resolve_local(agenda.event.start)[1], "kind", None) == "nonexistent",
        settings=SEARCH,
    )


@pytest.mark.parametrize(("maximum", "depth"), [(0, 3), (5, 0)])
def test_agendas_refuses_impossible_bounds(maximum: int, depth: int) -> None:
    """An agenda needs room for one item one level down."""
    with pytest.raises(ValueError, match="max_items >= 1 and max_depth >= 1"):
        agendas(max_items=maximum, max_depth=depth)


# --- zones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "Pacific/Chatham",
        "Australia/Lord_Howe",
        "America/Argentina/Ushuaia",
        "Africa/Casablanca",
        "Antarctica/Troll",
    ],
)
def test_every_kind_of_zone_is_reachable(key: str) -> None:
    """Notable zones and ordinary ones from the whole database are drawn."""
    assert key == find(zones(), lambda zone: zone.key == key, settings=SEARCH).key


def test_half_hour_offset_shrinks_to_kolkata() -> None:
    """A failure needing a non-whole-hour offset shrinks to Asia/Kolkata (+05:30)."""
    assert find(zones(), lambda zone: _offset(zone) % timedelta(hours=1) != timedelta(0)).key == "Asia/Kolkata"


def test_quarter_hour_offset_shrinks_to_kathmandu() -> None:
    """A failure needing a 45-minute offset shrinks to Asia/Kathmandu (+05:45)."""
    found = find(zones(), lambda zone: _offset(zone) % timedelta(hours=1) == timedelta(minutes=45))
    assert found.key == "Asia/Kathmandu"


def test_dst_zone_shrinks_to_a_notable_one() -> None:
    """A failure needing DST in 2021 shrinks to a notable zone, not an obscure one."""
    found = find(
        zones(),
        lambda zone: _offset(zone) != _offset(zone, datetime(2021, 7, 15, 12)),
        settings=settings(database=None),  # a stored example from another run is not the simplest
        # Shrinking is a heuristic: from some starting draws it stops at another DST zone of the
        # second half (seed 34 of the ci profile stops at America/Thule). A fixed seed shows the
        # usual result without depending on the run's random draws.
        random=Random(0),
    )
    assert found.key == "Pacific/Chatham"


def test_links_are_normalised() -> None:
    """Zones come out under their canonical keys (no Asia/Calcutta)."""
    with pytest.raises(NoSuchExample):
        find(zones(), lambda zone: zone.key == "Asia/Calcutta", settings=settings(SEARCH, max_examples=500))


# --- local times -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["nonexistent", "ambiguous"])
def test_dst_affected_local_times_are_reachable(kind: str) -> None:
    """Skipped and repeated local times are drawn often enough to find."""
    find(local_datetimes(), lambda wall: getattr(resolve_local(wall)[1], "kind", None) == kind, settings=SEARCH)


@given(local_datetimes(min_year=2020, max_year=2021))
def test_local_datetimes_are_whole_minutes_in_range(wall: datetime) -> None:
    """Local times are whole minutes, fold 0, with a zone, within the years asked for."""
    assert (wall.second, wall.microsecond, wall.fold) == (0, 0, 0)
    assert isinstance(wall.tzinfo, ZoneInfo)
    assert 2019 <= wall.year <= 2022  # a transition's neighbourhood may cross New Year


# --- durations, hours, text --------------------------------------------------------------------


@given(durations(timedelta(minutes=5), timedelta(hours=2), timedelta(minutes=5)))
def test_durations_respect_bounds_and_resolution(value: timedelta) -> None:
    """Durations stay within bounds and are multiples of the resolution."""
    assert timedelta(minutes=5) <= value <= timedelta(hours=2)
    assert timedelta(0) == value % timedelta(minutes=5)


def test_durations_refuse_empty_range() -> None:
    """Bounds with no multiple of the resolution between them are refused."""
    with pytest.raises(ValueError, match="no multiple"):
        durations(timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=5))


def test_durations_refuse_sub_second_resolution() -> None:
    """A resolution that is not whole seconds is refused."""
    with pytest.raises(ValueError, match="whole number of seconds"):
        durations(resolution=timedelta(milliseconds=500))


def test_local_hours_wrapping_past_midnight_is_reachable() -> None:
    """Hours that wrap past midnight are drawn."""
    find(local_hours(), lambda hours: hours.end < hours.start, settings=SEARCH)


def test_whole_day_hours_shrink_to_midnight() -> None:
    """The simplest hours are the whole day from midnight."""
    assert LocalHours.parse("00:00-00:00") == find(local_hours(), lambda hours: hours.whole_day)


@pytest.mark.parametrize(
    ("name", "wanted"),
    [
        ("Devanagari", lambda c: "\u0900" <= c <= "\u097f"),
        ("Cyrillic", lambda c: "\u0400" <= c <= "\u04ff"),
        ("comma", lambda c: c == ","),
        ("semicolon", lambda c: c == ";"),
        ("backslash", lambda c: c == "\\"),
    ],
)
def test_titles_reach_every_script_and_punctuation(name: str, wanted: object) -> None:
    """Titles include Devanagari, Cyrillic, commas, semicolons and backslashes."""
    find(titles(), lambda title: any(wanted(char) for char in title), settings=SEARCH)  # type: ignore[operator]


@given(titles())
def test_titles_are_trimmed_single_lines(title: str) -> None:
    """Titles are non-empty, without control characters or stray spaces."""
    assert title == title.strip()
    assert title
    assert "  " not in title
    assert not any(unicodedata.category(char) == "Cc" for char in title)


def test_titles_with_control_characters_when_asked() -> None:
    """control_characters=True lets tabs, newlines and NUL into titles."""
    find(titles(control_characters=True), lambda title: any(c in title for c in "\t\n\x00"), settings=SEARCH)


@given(ids())
def test_ids_are_lower_case_ascii_slugs(value: str) -> None:
    """Ids are lower-case ASCII letters, digits and single hyphens."""
    assert value.isascii()
    assert value == value.lower()
    assert value.strip("-") == value
    assert "--" not in value


# --- speakers, items, parts --------------------------------------------------------------------


@given(st.data())
def test_speakers_belong_to_given_organisations(data: st.DataObject) -> None:
    """A speaker's organisation is one of those offered; availability is in their own zone."""
    speaker = data.draw(speakers(organization_ids=["chamber", "embassy"]))
    assert speaker.organization in {None, "chamber", "embassy"}
    assert all(window.start.tzinfo is speaker.zone for window in speaker.availability)


@given(items(speaker_ids=["olga", "raj"]))
def test_items_name_offered_speakers(item: Item) -> None:
    """An item's speakers come from the ids offered, without repeats."""
    assert set(item.speakers) <= {"olga", "raj"}
    assert len(set(item.speakers)) == len(item.speakers)


@given(parts(max_items=4, max_depth=2))
def test_parts_respect_size_and_depth(part: Part) -> None:
    """A drawn part holds 1 to max_items items, nested at most max_depth levels below it."""
    leaves = _leaves(part)
    assert 1 <= len(leaves) <= 4
    assert _depth(part) <= 2


def _leaves(node: Part | Item) -> list[Item]:
    if isinstance(node, Item):
        return [node]
    return [leaf for child in node.items for leaf in _leaves(child)]
