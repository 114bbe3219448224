"""The agenda model: frozen values with validated fields (agenda._model)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given

from agenda import (
    Agenda,
    Audience,
    Event,
    Interval,
    Item,
    ItemKind,
    Part,
    Recurrence,
    Speaker,
    get_zone,
)
from agenda._model import slugify
from agenda.testing import agendas

MOSCOW = get_zone("Europe/Moscow")
START = datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW)


def _agenda(*nodes: Item | Part) -> Agenda:
    return Agenda(event=Event(id="webinar", title="Webinar", start=START), parts=nodes)


def _talk(title: str = "Talk", **fields: object) -> Item:
    return Item(title=title, duration=timedelta(minutes=10), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Q&A: Part 2", "q-a-part-2"),
        ("Opening remarks", "opening-remarks"),
        ("Café, München", "cafe-munchen"),
        ("  --  ", "item"),
    ],
)
def test_slugify(title: str, expected: str) -> None:
    """Titles become lower-case ASCII ids; text with no letters at all becomes 'item'."""
    assert expected == slugify(title)


def test_slugify_keeps_titles_in_other_scripts_apart() -> None:
    """Cyrillic and Devanagari titles get distinct, stable ASCII ids (a digest of the title)."""
    ids = [slugify(title) for title in ("Приветствие", "Доклад", "स्वागत", "Доклад 2")]
    assert len(set(ids)) == 4
    assert all(value.isascii() for value in ids)
    assert ids[1] == slugify("Доклад")
    assert ids[3].startswith("2-")


def test_item_id_defaults_to_slug_of_title() -> None:
    """An item without an id takes one from its title."""
    assert _talk("Keynote address").id == "keynote-address"


def test_item_kind_defaults_to_presentation() -> None:
    """An item is a presentation unless told otherwise."""
    assert _talk().kind == ItemKind.PRESENTATION


def test_lists_become_tuples() -> None:
    """Sequences given as lists are stored as tuples."""
    part = Part(title="P", items=[_talk()])
    assert (tuple, tuple) == (type(part.items), type(_agenda(part).parts))


def test_single_speaker_string_is_not_split_into_letters() -> None:
    """speakers='olga' means one speaker, not four (regression)."""
    assert _talk(speakers="olga").speakers == ("olga",)


def test_values_are_frozen() -> None:
    """Model values cannot be changed in place; attrs.evolve makes a changed copy."""
    item = _talk()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        item.title = "Other"  # type: ignore[misc]
    assert attrs.evolve(item, title="Other").title == "Other"


def test_naive_start_is_refused() -> None:
    """A datetime without a zone is refused, naming the field."""
    with pytest.raises(ValueError, match=r"'start' must carry a zoneinfo\.ZoneInfo zone"):
        Event(id="e", title="E", start=datetime(2021, 2, 10, 11, 0))


def test_fixed_offset_start_is_refused() -> None:
    """A fixed offset is not a zone: calendars need an IANA key."""
    with pytest.raises(ValueError, match="IANA key"):
        _talk(start=datetime(2021, 2, 10, 11, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))))


def test_datetime_timezone_utc_is_refused() -> None:
    """datetime.UTC is a fixed offset too; ZoneInfo('UTC') is the zone to use."""
    with pytest.raises(ValueError, match="zoneinfo"):
        Event(id="e", title="E", start=datetime(2021, 2, 10, 11, 0, tzinfo=UTC))


def test_non_datetime_start_is_refused() -> None:
    """A string where a datetime belongs is a TypeError naming the field."""
    with pytest.raises(TypeError, match="'start' must be a datetime"):
        _talk(start="2021-02-10T11:00")


def test_duration_must_be_timedelta() -> None:
    """A duration given as text is refused: parse it first."""
    with pytest.raises(TypeError, match="duration"):
        Item(title="T", duration="15m")  # type: ignore[arg-type]


def test_interval_end_must_follow_start() -> None:
    """An availability window that ends before it starts is refused."""
    with pytest.raises(ValueError, match="'end' must be after start"):
        Interval(start=START, end=START - timedelta(minutes=1))


def test_interval_contains() -> None:
    """A window holds spans that start and end inside it."""
    window = Interval(start=START, end=START + timedelta(hours=2))
    assert window.contains(START + timedelta(minutes=30), START + timedelta(hours=1))
    assert not window.contains(START + timedelta(minutes=30), START + timedelta(hours=3))


def test_negative_revision_is_refused() -> None:
    """Revisions count up from 0."""
    with pytest.raises(ValueError, match="revision"):
        Event(id="e", title="E", start=START, revision=-1)


def test_event_zone_is_start_zone() -> None:
    """The event's zone is the zone of its start."""
    assert Event(id="e", title="E", start=START).zone == MOSCOW


def test_audience_zone_must_be_zoneinfo() -> None:
    """An audience's zone is a ZoneInfo, not a name."""
    with pytest.raises(TypeError, match="zone"):
        Audience(name="India", zone="Asia/Kolkata")  # type: ignore[arg-type]


def test_walk_gives_paths_depth_first() -> None:
    """walk() yields every node with its path, each part before its children."""
    agenda = _agenda(Part(title="P1", items=[_talk("A"), Part(title="Block", items=[_talk("B")])]), _talk("C"))
    assert [path for path, _ in agenda.walk()] == [
        "parts[0]",
        "parts[0].items[0]",
        "parts[0].items[1]",
        "parts[0].items[1].items[0]",
        "parts[1]",
    ]


def test_items_gives_only_leaves_in_order() -> None:
    """items() yields the leaves in programme order."""
    agenda = _agenda(Part(title="P1", items=[_talk("A"), Part(title="Block", items=[_talk("B")])]), _talk("C"))
    assert [item.id for _, item in agenda.items()] == ["a", "b", "c"]


def test_speaker_lookup() -> None:
    """speaker() finds a declared speaker by id, or gives None."""
    olga = Speaker(id="olga", name="Olga Kulikova")
    agenda = attrs.evolve(_agenda(_talk()), speakers=[olga])
    assert (olga, None) == (agenda.speaker("olga"), agenda.speaker("nobody"))


def test_recurrence_refuses_invalid_rule() -> None:
    """An RRULE dateutil cannot read is refused when the value is made."""
    with pytest.raises(ValueError, match="'rule' must be an RFC 5545 RRULE"):
        Recurrence(rule="FREQ=SOMETIMES")


def test_recurrence_occurrences_keep_the_wall_time_across_dst() -> None:
    """A weekly series at 10:00 Berlin stays at 10:00 local across the March change."""
    berlin = get_zone("Europe/Berlin")
    starts = Recurrence(rule="FREQ=WEEKLY;COUNT=3").occurrences(datetime(2021, 3, 21, 10, 0, tzinfo=berlin))
    assert [datetime(2021, 3, day, 10, 0) for day in (21, 28)] + [datetime(2021, 4, 4, 10, 0)] == [
        start.replace(tzinfo=None) for start in starts
    ]
    assert [timedelta(hours=1), timedelta(hours=2), timedelta(hours=2)] == [start.utcoffset() for start in starts]


def test_recurrence_occurrences_respect_limit() -> None:
    """An endless series is cut at the limit."""
    assert len(Recurrence(rule="FREQ=DAILY").occurrences(START, limit=5)) == 5


@given(agendas())
def test_walk_visits_every_node_once_with_unique_paths(agenda: Agenda) -> None:
    """walk() gives each node once, under a path of its own."""
    paths = [path for path, _ in agenda.walk()]
    assert len(set(paths)) == len(paths)


@given(agendas())
def test_evolve_with_same_values_gives_equal_agenda(agenda: Agenda) -> None:
    """Rebuilding an agenda from its own fields gives an equal agenda."""
    assert agenda == attrs.evolve(agenda, parts=list(agenda.parts))
