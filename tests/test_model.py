"""The agenda model: frozen values with validated fields (agenda._model)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given

from agenda import (
    Agenda,
    Audience,
    CheckSettings,
    Event,
    Interval,
    Item,
    ItemKind,
    LocalHours,
    Organization,
    Organizer,
    Part,
    Platform,
    Recurrence,
    Speaker,
    UnknownNodeError,
    get_zone,
    loads,
)
from agenda._formats.convert import _converter
from agenda._model import slugify
from agenda.exceptions import InvalidValueError
from agenda.testing import agendas, audiences, items

MOSCOW = get_zone("Europe/Moscow")
unstructure = _converter.unstructure
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
    """A number where a datetime belongs is an InvalidValueError naming the field."""
    with pytest.raises(InvalidValueError, match="'start' must be a datetime") as caught:
        _talk(start=1100)
    assert caught.value.field == "start"


def test_start_as_text_without_a_zone_is_refused() -> None:
    """A local time given as text must name its zone: no event around it says which."""
    with pytest.raises(InvalidValueError, match=r"'start': local time '2021-02-10T11:00' needs its zone"):
        _talk(start="2021-02-10T11:00")


def test_start_as_text_with_a_zone_is_read_like_the_file() -> None:
    """A local time with a zone key becomes the zoned datetime the loader makes of it."""
    kolkata = get_zone("Asia/Kolkata")
    assert datetime(2021, 2, 10, 15, 0, tzinfo=kolkata) == _talk(start="2021-02-10T15:00 Asia/Kolkata").start


def test_duration_as_text_is_parsed() -> None:
    """A duration given as text is read as the file reads it."""
    assert timedelta(minutes=20) == Item(title="T", duration="20m").duration


def test_bad_duration_text_names_the_field() -> None:
    """Text that is no duration raises InvalidValueError naming the field and why."""
    with pytest.raises(InvalidValueError, match=r"'duration': invalid duration '20 minutes'") as caught:
        Item(title="T", duration="20 minutes")
    assert (caught.value.field, caught.value.value) == ("duration", "20 minutes")


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


def test_audience_zone_may_be_a_key() -> None:
    """An audience's zone may be given by its IANA key; a link becomes the canonical zone."""
    assert get_zone("Asia/Kolkata") == Audience(name="India", zone="Asia/Calcutta").zone


def test_abbreviated_zone_is_refused_naming_the_field() -> None:
    """An abbreviation is refused as the loader refuses it, under the field's name."""
    with pytest.raises(InvalidValueError, match=r"'zone': unknown time zone 'IST'.*Asia/Kolkata"):
        Audience(name="India", zone="IST")


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


# -- the file's vocabulary in Python ---------------------------------------------------------


def test_kind_as_text_is_read() -> None:
    """kind="qa" is ItemKind.QA, as in a file."""
    assert _talk(kind="qa").kind == ItemKind.QA


def test_unknown_kind_suggests_the_closest() -> None:
    """An unknown kind names the field and suggests the kind meant, as the loader does."""
    with pytest.raises(InvalidValueError, match=r"'kind': unknown kind 'keynot'; did you mean 'keynote'\?"):
        _talk(kind="keynot")


def test_hours_as_text_are_read() -> None:
    """hours="09:00-21:00" is LocalHours.parse of it."""
    india = Audience(name="India", zone="Asia/Kolkata", hours="09:00-21:00")
    assert LocalHours.parse("09:00-21:00") == india.hours


def test_bad_hours_name_the_field() -> None:
    """Hours that do not parse raise InvalidValueError naming the field."""
    with pytest.raises(InvalidValueError, match=r"'working_hours': invalid time of day '25:00'"):
        CheckSettings(working_hours="25:00-26:00")


def test_check_settings_take_durations_as_text() -> None:
    """The [check] durations take the file's text too."""
    assert timedelta(minutes=90) == CheckSettings(max_stretch="1h30m").max_stretch


def test_event_start_as_text_names_its_zone() -> None:
    """An event's start as text carries the zone that becomes the event's zone."""
    event = Event(id="e", title="E", start="2021-02-10T11:00 Europe/Moscow")
    assert (event.start, event.zone.key) == (START, "Europe/Moscow")


def test_availability_windows_take_text() -> None:
    """Availability windows read zoned local times as text."""
    window = Interval(start="2021-02-10T13:00 Asia/Kolkata", end="2021-02-10T18:00 Asia/Kolkata")
    assert timedelta(hours=5) == window.end - window.start


def test_an_offset_is_not_a_zone() -> None:
    """A time with only an offset says which zone it is not enough for."""
    with pytest.raises(InvalidValueError, match="needs its zone"):
        Event(id="e", title="E", start="2021-02-10T11:00+03:00")


def test_model_built_from_text_equals_the_loaded_file() -> None:
    """The same agenda from Python text and from a file are equal values."""
    built = Agenda(
        event=Event(id="demo", title="Demo", start="2021-02-10T11:00 Europe/Moscow"),
        audiences=[Audience(name="India", zone="Asia/Kolkata", hours="09:00-21:00")],
        parts=[Item(title="Welcome", kind="opening", duration="10m")],
    )
    text = """
[event]
id = "demo"
title = "Demo"
start = "2021-02-10T11:00"
zone = "Europe/Moscow"

[[audiences]]
name = "India"
zone = "Asia/Kolkata"
hours = "09:00-21:00"

[[parts]]
title = "Welcome"
kind = "opening"
duration = "10m"
"""
    assert loads(text, "toml") == built


JUNK: tuple[object, ...] = (12, 1.5, ["x"], {"a": 1}, object(), b"bytes")
REQUIRED: dict[type, dict[str, object]] = {
    Organization: {"id": "org", "name": "Org"},
    Interval: {"start": START, "end": START + timedelta(hours=1)},
    Speaker: {"id": "olga", "name": "Olga"},
    Audience: {"name": "India", "zone": "Asia/Kolkata"},
    Item: {"title": "Talk", "duration": "5m"},
    Part: {"title": "Part", "items": [_talk()]},
    Platform: {"name": "Webex"},
    Organizer: {"name": "Team", "email": "team@example.org"},
    Recurrence: {"rule": "FREQ=DAILY;COUNT=2"},
    Event: {"id": "e", "title": "E", "start": START},
    CheckSettings: {},
    Agenda: {"event": Event(id="e", title="E", start=START), "parts": [_talk()]},
}
FIELDS = [(cls, field.name) for cls in REQUIRED for field in attrs.fields(cls)]


@pytest.mark.parametrize(("cls", "name"), FIELDS, ids=[f"{cls.__name__}.{name}" for cls, name in FIELDS])
def test_a_wrong_value_is_an_invalid_value_error_naming_the_field(cls: type, name: str) -> None:
    """Every field refuses values of the wrong type with InvalidValueError naming it, never TypeError."""
    refused = []
    for junk in JUNK:
        try:
            cls(**{**REQUIRED[cls], name: junk})
        except InvalidValueError as error:
            refused.append(error.field)
    assert [name] * len(refused) == refused
    assert refused, f"{cls.__name__}.{name} took every wrong value"


# -- look-ups, tuples and short reprs --------------------------------------------------------


def test_lookup_by_id_finds_parts_and_items() -> None:
    """agenda[id] is the part or item with that id, at any depth."""
    block = Part(title="Block 2", items=[_talk("Gujarat")])
    agenda = _agenda(Part(title="Part 2", items=[block]))
    assert (block, block.items[0]) == (agenda["block-2"], agenda["gujarat"])


def test_lookup_of_an_unknown_id_says_so() -> None:
    """An id that names nothing raises UnknownNodeError, a KeyError and an AgendaError."""
    with pytest.raises(UnknownNodeError, match="no part or item has the key or path 'block-9'") as caught:
        _agenda(_talk())["block-9"]
    assert isinstance(caught.value, KeyError)


def test_in_tells_whether_an_id_is_used() -> None:
    """`id in agenda` is true for the ids of parts and items."""
    agenda = _agenda(_talk("Keynote"))
    assert ("keynote" in agenda, "nothing" in agenda) == (True, False)


def test_organization_lookup() -> None:
    """organization() finds a declared organisation by id, or gives None."""
    acme = Organization(id="acme", name="Acme")
    agenda = attrs.evolve(_agenda(_talk()), organizations=[acme])
    assert (acme, None) == (agenda.organization("acme"), agenda.organization("nobody"))


def test_walk_and_items_are_tuples() -> None:
    """walk() and items() give tuples that can be read more than once."""
    agenda = _agenda(Part(title="P", items=[_talk("A")]))
    walked, leaves = agenda.walk(), agenda.items()
    assert (tuple, tuple, list(walked), list(leaves)) == (type(walked), type(leaves), list(walked), list(leaves))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Item(title="Opening remarks", duration="5m"), "<Item 'Opening remarks' 5m>"),
        (Part(title="Block 2", items=[_talk(), _talk("B"), _talk("C")]), "<Part 'Block 2' 3 items>"),
        (Part(title="Block 3", items=[_talk()]), "<Part 'Block 3' 1 item>"),
        (_agenda(_talk()), "<Agenda 'Webinar' 2021-02-10 11:00 Europe/Moscow>"),
        (Event(id="e", title="E", start=START), "<Event 'E' 2021-02-10 11:00 Europe/Moscow>"),
    ],
    ids=["item", "part", "one-item", "agenda", "event"],
)
def test_short_reprs(value: object, expected: str) -> None:
    """Items, parts, events and agendas print as one short line, not their whole tree."""
    assert expected == repr(value)


def test_an_agenda_is_not_iterable() -> None:
    """Look-ups by id do not make an agenda a sequence; walk() and items() go through it."""
    with pytest.raises(TypeError, match="not iterable"):
        iter(_agenda(_talk()))


@given(items(fixed_start_near=START))
def test_an_item_built_from_its_file_text_is_the_item(item: Item) -> None:
    """An item built in Python from the values its file would hold ("5m", "opening", a zoned
    time as text) equals the item: the constructors read text as the loader does."""
    text = unstructure(item, Item)
    assert all(isinstance(value, (str, list, dict)) for value in text.values())
    assert item == Item(**text)


@given(audiences())
def test_an_audience_built_from_its_file_text_is_the_audience(audience: Audience) -> None:
    """An audience built from its zone key and hours as text equals the audience."""
    assert audience == Audience(**unstructure(audience, Audience))


def test_a_window_across_a_dst_fold_is_ordered_by_instant() -> None:
    """01:30 EDT to 01:10 EST (the repeated hour of 2021-11-07 in New York) is a 40-minute window,
    though its end reads earlier on the wall; it holds the slots inside it, in instants."""
    new_york = ZoneInfo("America/New_York")
    start = datetime(2021, 11, 7, 1, 30, tzinfo=new_york)
    end = datetime(2021, 11, 7, 1, 10, fold=1, tzinfo=new_york)
    window = Interval(start=start, end=end)
    inside = datetime(2021, 11, 7, 1, 50, tzinfo=new_york)
    after = end.astimezone(UTC) + timedelta(minutes=1)
    assert (window.contains(start, inside), window.contains(inside, after)) == (True, False)
