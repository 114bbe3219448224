"""agenda._diff: what changed between two versions of an agenda."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

import agenda
from agenda import _paths as paths
from agenda._diff import ChangeKind, NodeState, diff_agendas, format_diff, node_key
from agenda._model import (
    Agenda,
    Audience,
    CheckSettings,
    Event,
    Item,
    ItemKind,
    Organization,
    Organizer,
    Part,
    Platform,
    Recurrence,
    Speaker,
)
from agenda._timeline import build_timeline
from agenda._times import LocalHours
from agenda.testing import agendas

MOSCOW = ZoneInfo("Europe/Moscow")


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def webinar() -> Agenda:
    """A two-part webinar whose parts have budgets, so removing an item shifts nothing after it."""
    return Agenda(
        event=Event(id="webinar", title="India and Russia webinar", start=datetime(2021, 2, 10, 10, 0, tzinfo=MOSCOW)),
        parts=(
            Part(
                title="Part 1",
                id="part-1",
                allotted=minutes(60),
                chair="olga",
                items=(
                    Item(title="Opening", duration=minutes(10), speakers=("olga",)),
                    Item(title="Welcome", duration=minutes(15), speakers=("raj",)),
                    Item(title="Keynote", duration=minutes(20), speakers=("ivan",)),
                ),
            ),
            Part(
                title="Part 2",
                id="part-2",
                allotted=minutes(60),
                items=(
                    Item(title="Block A", duration=minutes(20), speakers=("raj",)),
                    Item(title="Block B", duration=minutes(20), speakers=("ivan",)),
                ),
            ),
        ),
        speakers=(
            Speaker(id="olga", name="Olga Kulikova", zone=MOSCOW),
            Speaker(id="raj", name="Raj Mehta", zone=ZoneInfo("Asia/Kolkata")),
            Speaker(id="ivan", name="Ivan Petrov", zone=MOSCOW),
        ),
    )


def replace_items(agenda: Agenda, part_index: int, items: tuple[Item | Part, ...]) -> Agenda:
    parts = list(agenda.parts)
    part = parts[part_index]
    assert isinstance(part, Part)
    parts[part_index] = attrs.evolve(part, items=items)
    return attrs.evolve(agenda, parts=tuple(parts))


def items_of(agenda: Agenda, part_index: int) -> tuple[Item | Part, ...]:
    part = agenda.parts[part_index]
    assert isinstance(part, Part)
    return part.items


def kinds(agenda_diff: object) -> list[tuple[str, str]]:
    return [(c.kind.value, c.key) for c in agenda_diff.changes]  # type: ignore[attr-defined]


def test_same_agenda_has_no_changes() -> None:
    """An agenda compared with itself has no changes and is falsy."""
    result = diff_agendas(webinar(), webinar())
    assert result.changes == ()
    assert not result


def test_removed_item_is_reported_where_it_was() -> None:
    """A removed item is listed as removed, with its old path and times."""
    old = webinar()
    new = replace_items(old, 0, items_of(old, 0)[:2])
    result = diff_agendas(old, new)
    assert kinds(result) == [("removed", "item:keynote")]
    removed = result.changes[0].old
    assert removed is not None
    assert removed.path == "parts[0].items[2]"
    assert removed.start == datetime(2021, 2, 10, 10, 25, tzinfo=MOSCOW)


def test_added_item() -> None:
    """A new item is listed as added at its new path."""
    old = webinar()
    new = replace_items(old, 1, (*items_of(old, 1), Item(title="Q&A", duration=minutes(10))))
    assert kinds(diff_agendas(old, new)) == [("added", "item:q-a")]


def test_retimed_item_and_the_ones_after_it() -> None:
    """Lengthening an item retimes it and every item that follows it in its part."""
    old = webinar()
    opening, welcome, keynote = items_of(old, 0)
    assert isinstance(opening, Item)
    new = replace_items(old, 0, (attrs.evolve(opening, duration=minutes(15)), welcome, keynote))
    assert kinds(diff_agendas(old, new)) == [
        ("retimed", "item:opening"),
        ("retimed", "item:welcome"),
        ("retimed", "item:keynote"),
    ]


def test_swapping_two_items_moves_one() -> None:
    """Swapping two neighbours marks one as moved, and both as retimed."""
    old = webinar()
    block_a, block_b = items_of(old, 1)
    new = replace_items(old, 1, (block_b, block_a))
    changes = kinds(diff_agendas(old, new))
    assert sum(kind == "moved" for kind, _ in changes) == 1
    assert {("retimed", "item:block-a"), ("retimed", "item:block-b")} <= set(changes)


def test_item_moved_to_another_part() -> None:
    """An item that changes part is moved even if its position number stays."""
    old = webinar()
    keynote = items_of(old, 0)[2]
    moved = replace_items(old, 0, items_of(old, 0)[:2])
    new = replace_items(moved, 1, (*items_of(old, 1), keynote))
    changes = diff_agendas(old, new)
    assert {"item:keynote"} == changes.keys(ChangeKind.MOVED)
    change = next(c for c in changes.changes if c.kind is ChangeKind.MOVED)
    assert (change.old.parent, change.new.parent) == ("part:part-1", "part:part-2")  # type: ignore[union-attr]


def test_renamed_item_keeps_its_identity() -> None:
    """A new title on the same id is a rename, not a removal and an addition."""
    old = webinar()
    opening, welcome, keynote = items_of(old, 0)
    renamed = attrs.evolve(welcome, title="Welcoming words", id="welcome")
    new = replace_items(old, 0, (opening, renamed, keynote))
    assert kinds(diff_agendas(old, new)) == [("renamed", "item:welcome")]


def test_speakers_changed() -> None:
    """A different speaker on an item is a speakers change; a new chair on a part too."""
    old = webinar()
    opening, welcome, keynote = items_of(old, 0)
    part = old.parts[0]
    assert isinstance(part, Part)
    assert isinstance(keynote, Item)
    items = (opening, welcome, attrs.evolve(keynote, speakers=("olga",)))
    new = attrs.evolve(old, parts=(attrs.evolve(part, chair="raj", items=items), old.parts[1]))
    assert kinds(diff_agendas(old, new)) == [("speakers", "part:part-1"), ("speakers", "item:keynote")]


def test_event_start_moves_everything() -> None:
    """Moving the event start retimes the event, every part and every item."""
    old = webinar()
    new = attrs.evolve(old, event=attrs.evolve(old.event, start=old.event.start + timedelta(hours=1)))
    result = diff_agendas(old, new)
    assert {"retimed"} == {c.kind.value for c in result.changes}
    assert len(result.changes) == 1 + 2 + 5


def test_repeated_ids_get_distinct_keys() -> None:
    """Two items with the same id get the keys their calendar UIDs have: the ids from the top, numbered."""
    old = webinar()
    qa = Item(title="Q&A", duration=minutes(5))
    new = replace_items(old, 1, (*items_of(old, 1), qa, qa))
    assert kinds(diff_agendas(old, new)) == [("added", "item:part-2.q-a"), ("added", "item:part-2.q-a-2")]


def test_text_shows_times_in_the_event_zone_with_offset() -> None:
    """The text form names the zone and offset and gives each time in it."""
    old = webinar()
    new = replace_items(old, 0, items_of(old, 0)[:2])
    text = format_diff(diff_agendas(old, new), old, new)
    assert "times in Europe/Moscow, UTC+03:00" in text
    assert "removed  item:keynote  'Keynote' from parts[0].items[2], was 10:25\N{EN DASH}10:45" in text


def test_text_shows_the_day_shift() -> None:
    """A time on another day than the event's first day says how many days later."""
    old = webinar()
    late = Item(title="Late", duration=minutes(30), start=datetime(2021, 2, 11, 1, 0, tzinfo=MOSCOW))
    new = replace_items(old, 1, (*items_of(old, 1), late))
    assert "01:00\N{EN DASH}01:30 (+1 day)" in format_diff(diff_agendas(old, new), old, new)


def test_json_form_round_trips_through_json() -> None:
    """The JSON form is plain JSON with ISO times carrying their offset."""
    old = webinar()
    new = replace_items(old, 0, items_of(old, 0)[:2])
    data = json.loads(json.dumps(diff_agendas(old, new).to_json()))
    assert data["zone"] == "Europe/Moscow"
    assert {"change": "removed", "key": "item:keynote"}.items() <= data["changes"][0].items()
    assert data["changes"][0]["old"]["start"] == "2021-02-10T10:25:00+03:00"


@given(agendas())
def test_generated_agenda_has_no_changes_against_itself(generated: Agenda) -> None:
    """Any agenda compared with itself, whatever its zones, has no changes."""
    assert diff_agendas(generated, generated).changes == ()


@given(agendas(), agendas())
def test_every_node_is_added_removed_or_matched(old: Agenda, new: Agenda) -> None:
    """Between any two agendas, added nodes are exactly the new keys and removed ones the vanished ones."""
    result = diff_agendas(old, new)
    old_keys = {node_key(slot) for slot in build_timeline(old).slots}
    new_keys = {node_key(slot) for slot in build_timeline(new).slots}
    assert new_keys - old_keys == result.keys(ChangeKind.ADDED) & (old_keys | new_keys)
    assert old_keys - new_keys == result.keys(ChangeKind.REMOVED) & (old_keys | new_keys)


# ---------------------------------------------------------------------------------------------
# Everything a calendar user sees


def evolve_event(agenda_value: Agenda, **changes: object) -> Agenda:
    return attrs.evolve(agenda_value, event=attrs.evolve(agenda_value.event, **changes))


def edited(agenda_diff: object) -> dict[str, tuple[str, ...]]:
    """The fields of each edited change, by key."""
    changes = agenda_diff.changes  # type: ignore[attr-defined]
    return {c.key: c.fields for c in changes if c.kind is ChangeKind.EDITED}


def test_platform_url_change_is_an_event_edit() -> None:
    """A new join link is reported on the event, as the invitations send it."""
    old = evolve_event(webinar(), platform=Platform(name="Cisco Webex", url="https://webex.example/a"))
    new = evolve_event(old, platform=Platform(name="Cisco Webex", url="https://webex.example/b"))
    assert edited(diff_agendas(old, new)) == {"event": ("platform url",)}


def test_event_title_change_is_a_rename() -> None:
    """A new event title renames the event."""
    old = webinar()
    new = evolve_event(old, title="India-Russia webinar")
    assert kinds(diff_agendas(old, new)) == [("renamed", "event")]


def test_event_description_and_organizer_changes_are_edits() -> None:
    """The event's description and organizer are event fields."""
    old = webinar()
    new = evolve_event(old, description="Agenda v2", organizer=Organizer(name="Olga", email="olga@example.org"))
    assert edited(diff_agendas(old, new)) == {"event": ("description", "organizer")}


def test_event_recurrence_url_and_color_changes_are_edits() -> None:
    """Recurrence, url and colour of the event are reported."""
    old = webinar()
    new = evolve_event(old, recurrence=Recurrence(rule="FREQ=WEEKLY;COUNT=4"), url="https://x.example", color="red")
    assert edited(diff_agendas(old, new)) == {"event": ("recurrence", "url", "color")}


def test_event_booked_end_change_is_an_edit() -> None:
    """The event's own end (its booking) is reported even when no slot moves."""
    old = webinar()
    new = evolve_event(old, end=datetime(2021, 2, 10, 14, 0, tzinfo=MOSCOW))
    assert edited(diff_agendas(old, new)) == {"event": ("booked end",)}


def test_event_id_change_is_an_edit() -> None:
    """A new event id (every calendar UID changes with it) is reported."""
    old = webinar()
    assert edited(diff_agendas(old, evolve_event(old, id="webinar-2"))) == {"event": ("id",)}


def test_event_zone_change_at_the_same_instant_is_an_edit() -> None:
    """The same start written in another zone changes the event's zone, not its times."""
    old = webinar()
    new = evolve_event(old, start=old.event.start.astimezone(ZoneInfo("Asia/Kolkata")))
    assert kinds(diff_agendas(old, new)) == [("edited", "event")]
    assert edited(diff_agendas(old, new))["event"] == ("zone", "start")


def test_event_retime_does_not_repeat_the_start_as_an_edit() -> None:
    """A moved event start is one retimed change on the event, not also an edit."""
    old = webinar()
    new = evolve_event(old, start=old.event.start + timedelta(hours=1))
    assert "event" not in edited(diff_agendas(old, new))


def test_item_description_change_is_an_edit() -> None:
    """A new description on an item is reported on that item only."""
    old = webinar()
    opening, welcome, keynote = items_of(old, 0)
    new = replace_items(old, 0, (opening, attrs.evolve(welcome, description="Short welcome"), keynote))
    assert kinds(diff_agendas(old, new)) == [("edited", "item:welcome")]


def test_item_kind_change_is_an_edit() -> None:
    """An item that becomes a break is reported."""
    old = webinar()
    opening, welcome, keynote = items_of(old, 0)
    new = replace_items(old, 0, (opening, welcome, attrs.evolve(keynote, kind=ItemKind.KEYNOTE)))
    assert edited(diff_agendas(old, new)) == {"item:keynote": ("kind",)}


def test_allotted_budget_change_is_an_edit() -> None:
    """A part's new budget is reported even when its items overrun both budgets."""
    old = webinar()
    part = old.parts[1]
    old = attrs.evolve(old, parts=(old.parts[0], attrs.evolve(part, allotted=minutes(30))))
    new = attrs.evolve(old, parts=(old.parts[0], attrs.evolve(part, allotted=minutes(20))))
    assert kinds(diff_agendas(old, new)) == [("edited", "part:part-2")]


def test_pinning_an_item_where_it_is_is_an_edit() -> None:
    """A fixed start at the item's current time is an edit, not a retime."""
    old = webinar()
    opening, welcome, keynote = items_of(old, 0)
    pinned = attrs.evolve(welcome, start=datetime(2021, 2, 10, 10, 10, tzinfo=MOSCOW))
    result = diff_agendas(old, replace_items(old, 0, (opening, pinned, keynote)))
    assert kinds(result) == [("edited", "item:welcome")]
    assert result.changes[0].fields == ("fixed start",)


def test_speaker_email_and_zone_changes_are_edits() -> None:
    """A speaker's new address and zone are reported on the speaker."""
    old = webinar()
    raj = attrs.evolve(old.speakers[1], email="raj@example.in", zone=ZoneInfo("Asia/Dubai"))
    new = attrs.evolve(old, speakers=(old.speakers[0], raj, old.speakers[2]))
    assert edited(diff_agendas(old, new)) == {"speaker:raj": ("zone", "email")}


def test_speaker_renamed_added_and_removed() -> None:
    """Speakers are matched by id: a new name is a rename, a new id an addition."""
    old = webinar()
    olga, _, ivan = old.speakers
    new = attrs.evolve(old, speakers=(attrs.evolve(olga, name="Olga K."), ivan, Speaker(id="anna", name="Anna")))
    assert kinds(diff_agendas(old, new)) == [
        ("renamed", "speaker:olga"),
        ("removed", "speaker:raj"),
        ("added", "speaker:anna"),
    ]


def test_organization_rename_is_reported() -> None:
    """An organisation's new name (shown next to its speakers) is a rename."""
    old = attrs.evolve(webinar(), organizations=(Organization(id="hse", name="HSE"),))
    new = attrs.evolve(old, organizations=(Organization(id="hse", name="HSE University"),))
    assert kinds(diff_agendas(old, new)) == [("renamed", "organization:hse")]


def test_audience_added_and_zone_changed() -> None:
    """Audiences are matched by name; a new zone (a new time column) is an edit."""
    india = Audience(name="India", zone=ZoneInfo("Asia/Kolkata"), hours=LocalHours.parse("09:00-21:00"))
    old = attrs.evolve(webinar(), audiences=(india,))
    russia = Audience(name="Russia", zone=MOSCOW)
    new = attrs.evolve(old, audiences=(attrs.evolve(india, zone=ZoneInfo("Asia/Dhaka")), russia))
    result = diff_agendas(old, new)
    assert kinds(result) == [("edited", "audience:India"), ("added", "audience:Russia")]
    assert result.changes[0].fields == ("zone",)


def test_reordered_speakers_list_is_no_change() -> None:
    """The order of the declared speakers is invisible in calendars, so it is no change."""
    old = webinar()
    new = attrs.evolve(old, speakers=old.speakers[::-1])
    assert diff_agendas(old, new).changes == ()


def test_revision_and_check_settings_are_no_change() -> None:
    """A new revision number or new check settings change nothing a calendar shows."""
    old = webinar()
    new = attrs.evolve(evolve_event(old, revision=3), check=CheckSettings(strict=True))
    assert diff_agendas(old, new).changes == ()


def test_edit_text_shows_old_and_new_values() -> None:
    """The text form gives each edited field with its old and new value."""
    old = evolve_event(webinar(), platform=Platform(name="Cisco Webex", url="https://webex.example/a"))
    new = evolve_event(old, platform=Platform(name="Zoom", url="https://webex.example/a"))
    text = format_diff(diff_agendas(old, new), old, new)
    assert "  edited   event  'India and Russia webinar': platform 'Cisco Webex' -> 'Zoom'\n" in text


def test_edit_json_names_the_fields_and_details() -> None:
    """The JSON form of an edit lists the fields and carries every detail as text."""
    old = webinar()
    part = old.parts[1]
    new = attrs.evolve(old, parts=(old.parts[0], attrs.evolve(part, allotted=minutes(20))))
    changes = json.loads(json.dumps(diff_agendas(old, new).to_json()))["changes"]
    change = next(c for c in changes if c["change"] == "edited")
    assert change["fields"] == ["allotted"]
    assert (change["old"]["details"]["allotted"], change["new"]["details"]["allotted"]) == ("1h", "20m")


# ---------------------------------------------------------------------------------------------
# Regressions


def test_fewest_nodes_are_moved() -> None:
    """Reordering a, b, c, d to b, d, c, a moves two items (a longest common order keeps two)."""
    old = webinar()
    a, b, c, d = (Item(title=title, duration=minutes(5)) for title in "abcd")
    old = replace_items(old, 1, (a, b, c, d))
    new = replace_items(old, 1, (b, d, c, a))
    assert len(diff_agendas(old, new).keys(ChangeKind.MOVED)) == 2


def test_json_old_times_are_in_the_new_event_zone() -> None:
    """Old and new times in JSON are both given in the zone the JSON names."""
    old = webinar()
    new = evolve_event(old, start=old.event.start.astimezone(ZoneInfo("Asia/Kolkata")))
    new = replace_items(new, 0, items_of(new, 0)[:2])
    data = diff_agendas(old, new).to_json()
    removed = next(c for c in data["changes"] if c["change"] == "removed")
    assert removed["old"]["start"] == "2021-02-10T12:55:00+05:30"


def test_speaker_listed_twice_then_once_is_a_removal() -> None:
    """Dropping a repeated speaker reads as a removal, not as a new order."""
    old = webinar()
    opening, welcome, keynote = items_of(old, 0)
    old = replace_items(old, 0, (opening, attrs.evolve(welcome, speakers=("raj", "raj")), keynote))
    new = replace_items(old, 0, (opening, attrs.evolve(welcome, speakers=("raj",)), keynote))
    assert "'Welcome': -raj" in format_diff(diff_agendas(old, new), old, new)


def test_text_says_days_in_the_plural() -> None:
    """An item ending two days after the event's first day says (ends +2 days)."""
    old = webinar()
    long = Item(title="Marathon", duration=timedelta(hours=40))
    new = replace_items(old, 1, (*items_of(old, 1), long))
    assert "11:40\N{EN DASH}03:40 (ends +2 days)" in format_diff(diff_agendas(old, new), old, new)


# ---------------------------------------------------------------------------------------------
# Properties: no change exactly when the files say the same thing


def visible(agenda_value: Agenda) -> str:
    """The agenda's file text without what the diff documents as invisible: check settings,
    the revision, and the order of the speakers, organisations and audiences lists."""
    normal = attrs.evolve(
        agenda_value,
        event=attrs.evolve(agenda_value.event, revision=0),
        check=CheckSettings(),
        speakers=sorted(agenda_value.speakers, key=lambda s: s.id),
        organizations=sorted(agenda_value.organizations, key=lambda o: o.id),
        audiences=sorted(agenda_value.audiences, key=lambda a: a.name),
    )
    return agenda.dumps(normal, format="json")


def _first_item(value: Agenda, change: object) -> Agenda:
    path, item = value.items()[0]
    indexes = [segment for segment in paths.parse(path) if isinstance(segment, int)]

    def replace(nodes: tuple[Item | Part, ...], at: list[int]) -> tuple[Item | Part, ...]:
        node = nodes[at[0]]
        if len(at) == 1:
            node = attrs.evolve(item, **change)  # type: ignore[arg-type]
        else:
            assert isinstance(node, Part)
            node = attrs.evolve(node, items=replace(node.items, at[1:]))
        return (*nodes[: at[0]], node, *nodes[at[0] + 1 :])

    return attrs.evolve(value, parts=replace(value.parts, indexes))


MUTATIONS = {
    "nothing": lambda a: a,
    "revision": lambda a: evolve_event(a, revision=a.event.revision + 1),
    "check": lambda a: attrs.evolve(a, check=CheckSettings(strict=not a.check.strict)),
    "speaker order": lambda a: attrs.evolve(a, speakers=a.speakers[::-1]),
    "organization order": lambda a: attrs.evolve(a, organizations=a.organizations[::-1]),
    "audience order": lambda a: attrs.evolve(a, audiences=a.audiences[::-1]),
    "title": lambda a: evolve_event(a, title=a.event.title + " v2"),
    "platform": lambda a: evolve_event(a, platform=Platform(name="Webex", url="https://webex.example/new")),
    "zone": lambda a: evolve_event(a, start=a.event.start.astimezone(ZoneInfo("UTC"))),
    "part order": lambda a: attrs.evolve(a, parts=a.parts[::-1]),
    "speakers dropped": lambda a: attrs.evolve(a, speakers=a.speakers[1:]),
    "audiences dropped": lambda a: attrs.evolve(a, audiences=()),
    "item description": lambda a: _first_item(a, {"description": "changed"}),
    "item duration": lambda a: _first_item(a, {"duration": a.items()[0][1].duration + minutes(1)}),
    "item pinned": lambda a: _first_item(a, {"start": None}),
    "item kind": lambda a: _first_item(a, {"kind": ItemKind.OTHER}),
}


@given(agendas(), st.sampled_from(sorted(MUTATIONS)))
def test_no_change_exactly_when_the_visible_files_are_equal(old: Agenda, mutation: str) -> None:
    """diff(a, b) is empty iff the files of a and b are equal but for the documented invisible fields."""
    new = MUTATIONS[mutation](old)
    assert (visible(old) == visible(new)) == (not diff_agendas(old, new))


@given(agendas(), agendas())
def test_no_change_exactly_when_the_visible_files_are_equal_for_any_two(old: Agenda, new: Agenda) -> None:
    """The same holds between two unrelated agendas."""
    assert (visible(old) == visible(new)) == (not diff_agendas(old, new))


# ---------------------------------------------------------------------------------------------
# Times of one zone are compared as instants: a DST fold repeats wall times, a gap skips them.

NEW_YORK = ZoneInfo("America/New_York")


def repeated_hour(opening: int) -> Agenda:
    """From 00:30 EDT on 3 Nov 2024, the night New York's 01:00-02:00 happens twice: an opening
    of `opening` minutes, then a 30-minute talk."""
    return Agenda(
        event=Event(id="night", title="Night", start=datetime(2024, 11, 3, 0, 30, tzinfo=NEW_YORK)),
        parts=(
            Part(
                title="Part",
                id="part",
                items=(
                    Item(title="Opening", id="opening", duration=minutes(opening)),
                    Item(title="Talk", id="talk", duration=minutes(30)),
                ),
            ),
        ),
    )


def test_an_item_moved_an_hour_within_the_repeated_hour_is_retimed() -> None:
    """The talk goes from 01:00 EDT to 01:00 EST, the same wall time an hour later: retimed, as
    are its part and the event, whose ends move from 01:30 EDT to 01:30 EST."""
    diff = diff_agendas(repeated_hour(30), repeated_hour(90))
    assert {"event", "part:part", "item:opening", "item:talk"} == diff.keys(ChangeKind.RETIMED)


def test_the_text_of_a_move_within_the_repeated_hour_says_both_offsets() -> None:
    """`agenda diff`'s line for the talk shows the same wall times with their two offsets."""
    old, new = repeated_hour(30), repeated_hour(90)
    lines = format_diff(diff_agendas(old, new), old, new).splitlines()
    assert "  retimed  item:talk  'Talk': 01:00–01:30 -> 01:00–01:30" in lines
    talk = next(c for c in diff_agendas(old, new).changes if c.key == "item:talk")
    assert (talk.old and talk.old.to_json()["start"], talk.new and talk.new.to_json()["start"]) == (
        "2024-11-03T01:00:00-04:00",
        "2024-11-03T01:00:00-05:00",
    )


def test_node_states_an_hour_apart_in_the_repeated_hour_differ() -> None:
    """Two states of one talk at 01:00 EDT and at 01:00 EST (the same wall time) are not equal."""
    edt = datetime(2024, 11, 3, 1, 0, tzinfo=NEW_YORK)
    est = edt.replace(fold=1)
    state = NodeState(
        kind="item",
        id="talk",
        title="Talk",
        path="parts[0].items[0]",
        parent=None,
        start=edt,
        end=edt + minutes(30),
        people=(),
    )
    assert state != attrs.evolve(state, start=est, end=est + minutes(30))


@given(st.integers(min_value=0, max_value=180), st.just(60) | st.integers(min_value=1, max_value=120))
@example(opening=30, more=60)
def test_a_longer_opening_always_retimes_the_talk(opening: int, more: int) -> None:
    """Across New York's fall-back night, lengthening the opening moves the talk: it is retimed,
    by exactly as much, whether or not its wall time repeats one of the old version's."""
    old, new = repeated_hour(opening), repeated_hour(opening + more)
    (talk,) = (c for c in diff_agendas(old, new).changes if c.key == "item:talk")
    assert talk.old is not None  # for mypy
    assert talk.new is not None
    assert (ChangeKind.RETIMED, minutes(more)) == (talk.kind, talk.new.start - talk.old.start.astimezone(UTC))
