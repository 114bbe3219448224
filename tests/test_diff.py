"""agenda.diff: what changed between two versions of an agenda."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
from hypothesis import HealthCheck, given, settings

from agenda.diff import ChangeKind, diff_agendas, format_diff, node_keys
from agenda.model import Agenda, Event, Item, Part, Speaker
from agenda.testing import agendas

MOSCOW = ZoneInfo("Europe/Moscow")


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def webinar() -> Agenda:
    """A two-part webinar whose parts have budgets, so removing an item shifts nothing after it."""
    return Agenda(
        event=Event(
            id="webinar", title="India and Russia webinar", start=datetime(2021, 2, 10, 10, 0, tzinfo=MOSCOW)
        ),
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
    """Two items with the same id are told apart by their order."""
    old = webinar()
    qa = Item(title="Q&A", duration=minutes(5))
    new = replace_items(old, 1, (*items_of(old, 1), qa, qa))
    assert kinds(diff_agendas(old, new)) == [("added", "item:q-a"), ("added", "item:q-a#2")]


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
    assert "01:00 (+1 day)\N{EN DASH}01:30" in format_diff(diff_agendas(old, new), old, new)


def test_json_form_round_trips_through_json() -> None:
    """The JSON form is plain JSON with ISO times carrying their offset."""
    old = webinar()
    new = replace_items(old, 0, items_of(old, 0)[:2])
    data = json.loads(json.dumps(diff_agendas(old, new).to_json()))
    assert data["zone"] == "Europe/Moscow"
    assert {"change": "removed", "key": "item:keynote"}.items() <= data["changes"][0].items()
    assert data["changes"][0]["old"]["start"] == "2021-02-10T10:25:00+03:00"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agendas())
def test_generated_agenda_has_no_changes_against_itself(generated: Agenda) -> None:
    """Any agenda compared with itself, whatever its zones, has no changes."""
    assert diff_agendas(generated, generated).changes == ()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agendas(), agendas())
def test_every_node_is_added_removed_or_matched(old: Agenda, new: Agenda) -> None:
    """Between any two agendas, additions are exactly the new keys and removals the vanished ones."""
    result = diff_agendas(old, new)
    old_keys = {key for key, _, _ in node_keys(old)}
    new_keys = {key for key, _, _ in node_keys(new)}
    assert result.keys(ChangeKind.ADDED) == new_keys - old_keys
    assert result.keys(ChangeKind.REMOVED) == old_keys - new_keys
