"""The c3voc/frab schedule: schedule.xml, v1 JSON and schedule2, validated against the shipped schemas."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import attrs
import jsonschema
import pytest
import xmlschema
from hypothesis import example, given
from hypothesis import strategies as st

from agenda import Agenda, Event, Item, ItemKind, Part, load
from agenda._formats.registry import names, output
from agenda._formats.schedule import ScheduleError, plan_schedule, render_json, render_json2, render_xml
from agenda.testing import agendas, titles

SCHEMAS = Path(__file__).parent / "c3voc"
Cli = Callable[..., tuple[int, str, str]]


@cache
def xml_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd"))


@cache
def json_validator(name: str) -> jsonschema.Draft6Validator:
    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    # date-time and uri formats are checked too (rfc3339-validator, rfc3986-validator).
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


def json_errors(name: str, text: str) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in json_validator(name).iter_errors(json.loads(text))]


def xml_root(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - our own output, parsed to be inspected


def xml_guids(text: str) -> list[str]:
    return [event.get("guid", "") for event in xml_root(text).iter("event")]


def v1_events(text: str) -> list[dict[str, Any]]:
    days = json.loads(text)["schedule"]["conference"]["days"]
    return [event for day in days for events in day["rooms"].values() for event in events]


@pytest.fixture
def seed(seed_path: Path) -> Agenda:
    return load(seed_path)


def test_seed_xml_validates(seed: Agenda) -> None:
    """The seed's schedule.xml is valid against the c3voc XSD."""
    assert xml_schema().is_valid(render_xml(seed))


def test_seed_json_v1_validates(seed: Agenda) -> None:
    """The seed's v1 JSON is valid against schema.json, formats included."""
    assert json_errors("schema.json", render_json(seed)) == []


def test_seed_json2_validates(seed: Agenda) -> None:
    """The seed's schedule2 JSON is valid against schema2.json, formats included."""
    assert json_errors("schema2.json", render_json2(seed)) == []


def test_seed_event_carries_offset_zone_and_duration(seed: Agenda) -> None:
    """An event's date has its offset, its duration is H:MM, its room is the platform."""
    root = xml_root(render_xml(seed))
    closing = next(e for e in root.iter("event") if e.findtext("title") == "Closing speech")
    expected = ("2021-02-10T13:40:00+03:00", "13:40", "0:10", "Cisco Webex", "Olga Kulikova")
    actual = (
        closing.findtext("date"),
        closing.findtext("start"),
        closing.findtext("duration"),
        closing.findtext("room"),
        closing.findtext("persons/person"),
    )
    assert expected == actual
    assert root.findtext("conference/time_zone_name") == "Europe/Moscow"


def test_v1_events_carry_what_frab_era_readers_index(seed: Agenda) -> None:
    """Each v1 event has ``description`` and each person ``public_name``: readers such as pyfahrplan
    index them directly, although the schema does not require them."""
    events = v1_events(render_json(seed))
    closing = next(e for e in events if e["title"] == "Closing speech")
    assert all("description" in e for e in events)
    assert [p["public_name"] for p in closing["persons"]] == ["Olga Kulikova"]


def test_guid_is_uuid5_of_the_node_and_event_ids(seed: Agenda) -> None:
    """The guid of an item is uuid5 of the schedule namespace and ``<node id>.<event id>``."""
    from agenda._formats.schedule import GUID_NAMESPACE

    event = next(e for e in v1_events(render_json(seed)) if e["title"] == "Closing speech")
    assert str(uuid.uuid5(GUID_NAMESPACE, "closing.india-russia-interregional-2021")) == event["guid"]


def test_breaks_are_not_talks_in_v1_and_break_meta_events_in_schedule2(seed: Agenda) -> None:
    """The seed's break is absent from schedule.xml and v1 JSON, and a BREAK in schedule2."""
    assert "Break" not in [e["title"] for e in v1_events(render_json(seed))]
    assert "Break" not in [e.findtext("title") for e in xml_root(render_xml(seed)).iter("event")]
    events = json.loads(render_json2(seed))["schedule"]["events"]
    assert [(e["type"], e["title"]) for e in events if e["type"] == "BREAK"] == [("BREAK", "Break")]


def test_ids_stay_when_an_item_is_inserted(seed: Agenda) -> None:
    """Inserting an item at the front changes no other event's id or guid (ids are not positions)."""
    before = {e["title"]: (e["id"], e["guid"]) for e in v1_events(render_json(seed))}
    first = seed.parts[0]
    assert isinstance(first, Part)
    changed = attrs.evolve(
        seed,
        parts=(
            attrs.evolve(first, items=(Item(title="New", duration=timedelta(minutes=5)), *first.items)),
            *seed.parts[1:],
        ),
    )
    after = {e["title"]: (e["id"], e["guid"]) for e in v1_events(render_json(changed))}
    assert before == {title: after[title] for title in before}


def test_a_series_lists_every_occurrence_with_its_own_guids(seed: Agenda) -> None:
    """A weekly series of three: three days, each item three times with three different guids."""
    from agenda import Recurrence

    series = attrs.evolve(seed, event=attrs.evolve(seed.event, recurrence=Recurrence(rule="FREQ=WEEKLY;COUNT=3")))
    text = render_xml(series)
    assert xml_schema().is_valid(text)
    root = xml_root(text)
    assert [day.get("date") for day in root.iter("day")] == ["2021-02-10", "2021-02-17", "2021-02-24"]
    closing = [e.get("guid") for e in root.iter("event") if e.findtext("title") == "Closing speech"]
    assert len(set(closing)) == 3


def test_an_endless_series_is_refused(seed: Agenda) -> None:
    """A series without COUNT or UNTIL has no schedule: a ScheduleError on event.recurrence."""
    from agenda import Recurrence

    series = attrs.evolve(seed, event=attrs.evolve(seed.event, recurrence=Recurrence(rule="FREQ=WEEKLY")))
    with pytest.raises(ScheduleError, match=r"^event\.recurrence: the series .* never ends"):
        render_xml(series)


def test_schedule2_needs_a_language(seed: Agenda) -> None:
    """schedule2 requires an ISO 639-1 language: without one, a ScheduleError says so."""
    silent = attrs.evolve(seed, event=attrs.evolve(seed.event, language=None))
    with pytest.raises(ScheduleError, match=r"^event\.language: schedule2 needs .* ISO 639-1"):
        render_json2(silent)


def test_a_control_character_is_refused_in_xml(seed: Agenda) -> None:
    """A title with a character XML cannot carry is an error naming the item, not broken XML."""
    first = seed.parts[0]
    assert isinstance(first, Part)
    # Built past the model's validators: the export does not rely on them to write valid XML.
    with attrs.validators.disabled():
        bad_item = attrs.evolve(first.items[0], title="Open\x0bremarks")
        bad = attrs.evolve(seed, parts=(attrs.evolve(first, items=(bad_item, *first.items[1:])), *seed.parts[1:]))
    with pytest.raises(ScheduleError, match=r"^parts\[0\]\.items\[0\]\.title: the control character U\+000B"):
        render_xml(bad)


def test_a_zone_the_json_pattern_refuses_is_left_to_the_offsets(seed: Agenda) -> None:
    """Etc/GMT-3 fails the JSON schemas' time_zone_name pattern: the JSON omits it, the XML keeps it."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Etc/GMT-3")
    moved = attrs.evolve(
        seed,
        event=attrs.evolve(seed.event, start=seed.event.start.replace(tzinfo=zone), end=None),
    )
    assert "time_zone_name" not in json.loads(render_json(moved))["schedule"]["conference"]
    assert json_errors("schema.json", render_json(moved)) == []
    assert xml_root(render_xml(moved)).findtext("conference/time_zone_name") == "Etc/GMT-3"


def test_registered_as_schedule_outputs() -> None:
    """The three forms are registered under the kind ``schedule``."""
    assert names("schedule") == ("xml", "json", "json2")
    assert output("schedule", "xml").media_type == "application/vnd.c3voc.schedule+xml"


def test_cli_writes_the_file(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """`agenda schedule FILE --format xml -o schedule.xml` writes a valid schedule.xml."""
    target = tmp_path / "schedule.xml"
    code, out, err = cli("schedule", str(seed_path), "--format", "xml", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert xml_schema().is_valid(target.read_text("utf-8"))


def test_cli_json_to_stdout(cli: Cli, seed_path: Path) -> None:
    """`--format json` without -o prints the v1 JSON."""
    code, out, _ = cli("schedule", str(seed_path), "--format", "json")
    assert (code, json_errors("schema.json", out)) == (0, [])


def test_cli_error_is_one_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    """An agenda that cannot be a schedule2 exits 2 with one line naming the field."""
    path = tmp_path / "a.toml"
    path.write_text(
        '[event]\nid = "e"\ntitle = "T"\nstart = "2021-02-10T11:00"\nzone = "UTC"\n'
        '[[parts]]\ntitle = "A"\nduration = "5m"\n'
    )
    code, out, err = cli("schedule", str(path), "--format", "json2")
    assert (code, out) == (2, "")
    assert re.fullmatch(r"agenda: error: event\.language: schedule2 needs .*\n", err)


# ---------------------------------------------------------------------------------------------
# Across a DST change: durations, order and spans are taken between instants


def _one_item_at(wall: datetime, minutes: int = 1) -> Agenda:
    """An event of one part holding one item of `minutes`, starting at the zoned `wall` time."""
    item = Item(title="Talk", duration=timedelta(minutes=minutes))
    return Agenda(event=Event(id="dst", title="DST", start=wall), parts=(Part(title="Part", items=(item,)),))


#: What Hypothesis found: a one-minute item at 02:59 in Moscow on 1995-09-24, the last minute
#: before the clocks went back from 03:00 MSD to 02:00 MSK.
MOSCOW_FALL_BACK = _one_item_at(datetime(1995, 9, 24, 2, 59, tzinfo=ZoneInfo("Europe/Moscow")))


def _xml_event(text: str) -> tuple[str | None, str | None, str | None]:
    event = next(xml_root(text).iter("event"))
    return event.findtext("date"), event.findtext("start"), event.findtext("duration")


def test_an_item_ending_after_the_clocks_go_back_lasts_its_minutes() -> None:
    """A one-minute item from 01:59 EDT to 01:00 EST (New York, 2021-11-07) is ``0:01`` long, not
    ``-1:01``; its end is the real wall time with its offset."""
    agenda = _one_item_at(datetime(2021, 11, 7, 1, 59, tzinfo=ZoneInfo("America/New_York")))
    event = v1_events(render_json(agenda))[0]
    assert _xml_event(render_xml(agenda)) == ("2021-11-07T01:59:00-04:00", "01:59", "0:01")
    assert (event["date"], event["end"], event["duration"]) == (
        "2021-11-07T01:59:00-04:00",
        "2021-11-07T01:00:00-05:00",
        "0:01",
    )


def test_an_item_across_the_spring_gap_lasts_its_minutes() -> None:
    """A one-minute item from 01:59 CET to 03:00 CEST (Berlin, 2021-03-28) is ``0:01`` long, not
    the ``1:01`` its wall times are apart."""
    agenda = _one_item_at(datetime(2021, 3, 28, 1, 59, tzinfo=ZoneInfo("Europe/Berlin")))
    event = v1_events(render_json(agenda))[0]
    assert _xml_event(render_xml(agenda)) == ("2021-03-28T01:59:00+01:00", "01:59", "0:01")
    assert (event["end"], event["duration"]) == ("2021-03-28T03:00:00+02:00", "0:01")


def test_a_half_hour_fold_gives_the_item_its_minutes() -> None:
    """Lord Howe goes back half an hour: 01:59 to 01:30 (+10:30) is one minute."""
    agenda = _one_item_at(datetime(2021, 4, 4, 1, 59, tzinfo=ZoneInfo("Australia/Lord_Howe")))
    event = v1_events(render_json(agenda))[0]
    assert (event["end"], event["duration"]) == ("2021-04-04T01:30:00+10:30", "0:01")


def test_events_in_a_fold_are_ordered_and_spanned_by_instant() -> None:
    """In New York's repeated hour, 01:50 EDT comes before 01:10 EST: the day lists them in that
    order, and the day and the conference run from the first start to the last end in instants."""
    new_york = ZoneInfo("America/New_York")
    first = Item(title="First", duration=timedelta(minutes=5), start=datetime(2021, 11, 7, 1, 50, tzinfo=new_york))
    second = Item(
        title="Second", duration=timedelta(minutes=5), start=datetime(2021, 11, 7, 1, 10, fold=1, tzinfo=new_york)
    )
    agenda = Agenda(
        event=Event(id="fold", title="Fold", start=datetime(2021, 11, 7, 1, 40, tzinfo=new_york)),
        parts=(Part(title="Part", items=(first, second)),),
    )
    conference = json.loads(render_json(agenda))["schedule"]["conference"]
    day = conference["days"][0]
    expected = ("2021-11-07T01:50:00-04:00", "2021-11-07T01:15:00-05:00")
    assert [e["title"] for e in day["rooms"]["Main"]] == ["First", "Second"]
    assert (day["day_start"], day["day_end"]) == expected
    assert (conference["start"], conference["end"]) == expected
    assert [e.findtext("title") for e in xml_root(render_xml(agenda)).iter("event")] == ["First", "Second"]


def test_the_booked_end_after_a_fold_is_the_conference_end() -> None:
    """A booked end at 01:30 EST is after a last item ending at 01:55 EDT: it is the end written."""
    new_york = ZoneInfo("America/New_York")
    item = Item(title="Talk", duration=timedelta(minutes=5))
    agenda = Agenda(
        event=Event(
            id="booked",
            title="Booked",
            start=datetime(2021, 11, 7, 1, 50, tzinfo=new_york),
            end=datetime(2021, 11, 7, 1, 30, fold=1, tzinfo=new_york),
        ),
        parts=(Part(title="Part", items=(item,)),),
    )
    root = xml_root(render_xml(agenda))
    assert root.findtext("conference/end") == "2021-11-07T01:30:00-05:00"


# ---------------------------------------------------------------------------------------------
# Properties over generated agendas


def _retitle(agenda: Agenda, data: st.DataObject) -> Agenda:
    def node(value: Item | Part) -> Item | Part:
        title = data.draw(titles())
        if isinstance(value, Item):
            return attrs.evolve(value, title=title)
        return attrs.evolve(value, title=title, items=tuple(node(child) for child in value.items))

    return attrs.evolve(agenda, parts=tuple(node(part) for part in agenda.parts))


@given(agendas(max_items=6))
@example(MOSCOW_FALL_BACK)
def test_every_generated_agenda_validates_as_xml_and_json(agenda: Agenda) -> None:
    """Any valid agenda gives a schedule.xml and a v1 JSON that the schemas accept."""
    assert xml_schema().is_valid(render_xml(agenda))
    assert json_errors("schema.json", render_json(agenda)) == []


@given(agendas(max_items=6))
def test_every_generated_agenda_with_a_language_validates_as_schedule2(agenda: Agenda) -> None:
    """Any valid agenda with a language gives a schedule2 JSON that schema2 accepts."""
    agenda = attrs.evolve(agenda, event=attrs.evolve(agenda.event, language=agenda.event.language or "ru"))
    assert json_errors("schema2.json", render_json2(agenda)) == []


@given(agendas(max_items=6), st.data())
def test_guids_and_ids_are_stable_across_exports_and_titles(agenda: Agenda, data: st.DataObject) -> None:
    """Two exports, and an export after every title changed, give the same guids and ids."""
    first = [(e.guid, e.id, e.path) for e in plan_schedule(agenda).events]
    again = [(e.guid, e.id, e.path) for e in plan_schedule(agenda).events]
    retitled = [(e.guid, e.id, e.path) for e in plan_schedule(_retitle(agenda, data)).events]
    assert first == again == retitled
    # schedule.xml lists events by day, so compare them as sets.
    assert sorted(xml_guids(render_xml(agenda))) == sorted(g for g, _, p in first if not _is_break(agenda, p))


def _is_break(agenda: Agenda, path: str) -> bool:
    node = dict(agenda.walk())[path]
    return isinstance(node, Item) and node.kind is ItemKind.BREAK


@given(agendas(max_items=8))
def test_guids_and_ids_are_unique(agenda: Agenda) -> None:
    """No two events of a schedule share a guid or an id."""
    events = plan_schedule(agenda).events
    assert len(events) == len({e.guid for e in events}) == len({e.id for e in events})
