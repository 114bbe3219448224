"""The timeline: placing the programme at absolute instants (agenda._timeline)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda import (
    Agenda,
    AgendaError,
    AmbiguousTimeError,
    DstPolicy,
    Event,
    Item,
    LocalHours,
    Node,
    Part,
    Timeline,
    UnknownNodeError,
    UnknownZoneError,
    build_timeline,
    check,
    get_zone,
    load,
)
from agenda._timeline import node_keys
from agenda._times import resolve_local
from agenda.testing import agendas as all_agendas
from agenda.testing import zones

ROOT = Path(__file__).resolve().parent.parent


def agendas(*, with_fixed_starts: bool) -> st.SearchStrategy[Agenda]:
    """Agendas small enough to draw quickly; the programme is what matters here."""
    return all_agendas(max_items=8, max_speakers=2, max_audiences=2, with_fixed_starts=with_fixed_starts)


BERLIN = get_zone("Europe/Berlin")
MOSCOW = get_zone("Europe/Moscow")
KOLKATA = get_zone("Asia/Kolkata")
LORD_HOWE = get_zone("Australia/Lord_Howe")


def _agenda(start: datetime, *nodes: Node) -> Agenda:
    return Agenda(event=Event(id="webinar", title="Webinar", start=start), parts=nodes)


def _item(title: str, minutes: int, start: datetime | None = None) -> Item:
    return Item(title=title, duration=timedelta(minutes=minutes), start=start)


def _occupied(node: Node) -> timedelta:
    """The time a node takes without fixed starts: items their duration, parts the larger of
    their content and their budget."""
    if isinstance(node, Item):
        return node.duration
    content = sum((_occupied(child) for child in node.items), timedelta(0))
    return max(content, node.allotted) if node.allotted is not None else content


def _unused_budgets(node: Node) -> timedelta:
    """Budget left over in this part and every part inside it."""
    if isinstance(node, Item):
        return timedelta(0)
    content = sum((_occupied(child) for child in node.items), timedelta(0))
    spare = max(timedelta(0), node.allotted - content) if node.allotted is not None else timedelta(0)
    return spare + sum((_unused_budgets(child) for child in node.items), timedelta(0))


# --- properties without fixed starts -----------------------------------------------------------


@given(agendas(with_fixed_starts=False))
def test_items_follow_one_another_without_overlap(agenda: Agenda) -> None:
    """Without fixed starts, each item starts at or after the end of the one before."""
    items = list(build_timeline(agenda).items())
    for before, after in itertools.pairwise(items):
        assert before.end <= after.start


@given(agendas(with_fixed_starts=False))
def test_durations_add_up(agenda: Agenda) -> None:
    """Without fixed starts, the programme lasts the sum of its item durations plus unused budgets."""
    timeline = build_timeline(agenda)
    items = sum((item.duration for _, item in agenda.items()), timedelta(0))
    spare = sum((_unused_budgets(node) for node in agenda.parts), timedelta(0))
    assert items + spare == timeline.end - timeline.start


@given(agendas(with_fixed_starts=False))
def test_programme_starts_at_event_start(agenda: Agenda) -> None:
    """The first slot starts at the event's start, resolved by the default DST policy."""
    timeline = build_timeline(agenda)
    expected, _ = resolve_local(agenda.event.start)
    assert expected.astimezone(UTC) == timeline.start == timeline.slots[0].start


@given(agendas(with_fixed_starts=False))
def test_only_event_start_is_reported_without_fixed_starts(agenda: Agenda) -> None:
    """Without fixed starts, the only local time that can be DST-affected is the event's start."""
    _, issue = resolve_local(agenda.event.start)
    expected = [("event.start", issue)] if issue is not None else []
    assert expected == list(build_timeline(agenda).local_time_issues)


# --- properties with fixed starts --------------------------------------------------------------


def _fixed_between(agenda: Agenda, before_path: str, after_path: str) -> bool:
    """Whether a node that opens after `before_path` and up to `after_path` has a fixed start:
    the item at `after_path` or a part it is the first item of."""
    paths = [path for path, _ in agenda.walk()]
    nodes = dict(agenda.walk())
    opening = paths[paths.index(before_path) + 1 : paths.index(after_path) + 1]
    return any(nodes[path].start is not None for path in opening)


@given(agendas(with_fixed_starts=True))
def test_items_overlap_only_when_a_fixed_start_forces_it(agenda: Agenda) -> None:
    """An item starts before the previous one ends only at a fixed start (its own or its part's)."""
    items = list(build_timeline(agenda).items())
    for before, after in itertools.pairwise(items):
        if after.start < before.end:
            assert _fixed_between(agenda, before.path, after.path)


@given(agendas(with_fixed_starts=True))
def test_fixed_starts_are_honoured(agenda: Agenda) -> None:
    """A node with a fixed start begins at that instant, resolved by the default DST policy."""
    timeline = build_timeline(agenda)
    for path, node in agenda.walk():
        if node.start is not None:
            expected, _ = resolve_local(node.start)
            assert expected.astimezone(UTC) == timeline.slot(path).start


@given(agendas(with_fixed_starts=True))
def test_items_last_their_duration(agenda: Agenda) -> None:
    """Every item's slot is exactly as long as its duration, DST changes or not."""
    for slot in build_timeline(agenda).items():
        assert isinstance(slot.node, Item)
        assert slot.node.duration == slot.end - slot.start


@given(agendas(with_fixed_starts=False))
def test_parts_hold_their_children(agenda: Agenda) -> None:
    """Without fixed starts, a part starts with its first child and no child sticks out of it."""
    timeline = build_timeline(agenda)
    for slot in timeline.slots:
        children = list(timeline.children(slot.path))
        if children:
            assert slot.start == children[0].start
            assert all(slot.start <= child.start and child.end <= slot.end for child in children)


@given(agendas(with_fixed_starts=True))
def test_part_ends_with_its_last_child_or_budget(agenda: Agenda) -> None:
    """A part ends when its last child ends, or at the end of its budget if that is later, and
    never before it starts."""
    timeline = build_timeline(agenda)
    for slot in timeline.slots:
        children = list(timeline.children(slot.path))
        if children:
            assert max(filter(None, [slot.start, children[-1].end, slot.planned_end])) == slot.end


@given(agendas(with_fixed_starts=True))
def test_slots_come_in_programme_order(agenda: Agenda) -> None:
    """Slots list every node once, parts before their children, in the order of walk()."""
    assert [path for path, _ in agenda.walk()] == [slot.path for slot in build_timeline(agenda).slots]


@given(agendas(with_fixed_starts=True))
def test_slots_are_utc_instants(agenda: Agenda) -> None:
    """Slot starts and ends are aware UTC datetimes, never naive."""
    for slot in build_timeline(agenda).slots:
        assert (slot.start.tzinfo, slot.end.tzinfo) == (UTC, UTC)


@given(agendas(with_fixed_starts=True))
def test_timeline_ends_with_its_last_slot(agenda: Agenda) -> None:
    """The timeline ends when its latest slot ends."""
    timeline = build_timeline(agenda)
    assert max(slot.end for slot in timeline.slots) == timeline.end


@given(agendas(with_fixed_starts=True), zones())
def test_times_shown_in_any_zone_name_the_same_instant(agenda: Agenda, zone: ZoneInfo) -> None:
    """A slot's start and end shown in any zone are the same instants, at that zone's offset."""
    for slot in build_timeline(agenda).slots:
        shown = slot.start_in(zone)
        assert zone == shown.tzinfo
        assert slot.start == shown.astimezone(UTC)
        assert slot.end == slot.end_in(zone).astimezone(UTC)
        assert slot.start + zone.utcoffset(shown) == shown.replace(tzinfo=UTC)  # type: ignore[operator]


@given(agendas(with_fixed_starts=True), st.sampled_from([DstPolicy.EARLIER, DstPolicy.LATER]))
def test_every_policy_reports_the_same_local_times(agenda: Agenda, policy: DstPolicy) -> None:
    """Which local times DST touches does not depend on the policy that resolves them."""
    default = [(path, issue.kind) for path, issue in build_timeline(agenda).local_time_issues]
    other = [(path, issue.kind) for path, issue in build_timeline(agenda, policy).local_time_issues]
    assert default == other


# --- examples ----------------------------------------------------------------------------------


def test_items_are_placed_one_after_another() -> None:
    """Items follow from the event's start: 11:00, 11:10, 11:40 in Moscow."""
    agenda = _agenda(
        datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW),
        Part(title="Part 1", items=[_item("Opening", 10), _item("Keynote", 30), _item("Q&A", 15)]),
    )
    starts = [slot.start_in(MOSCOW).strftime("%H:%M") for slot in build_timeline(agenda).items()]
    assert starts == ["11:00", "11:10", "11:40"]


def test_seed_start_shown_in_kolkata_is_half_past_one() -> None:
    """11:00 in Moscow on 10 February 2021 is 13:30 in Kolkata (UTC+05:30)."""
    agenda = _agenda(datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW), Part(title="P", items=[_item("Opening", 10)]))
    assert datetime(2021, 2, 10, 13, 30) == build_timeline(agenda).start.astimezone(KOLKATA).replace(tzinfo=None)


def test_budget_keeps_next_part_on_schedule() -> None:
    """A part that finishes before its budget still occupies the budget."""
    agenda = _agenda(
        datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW),
        Part(title="Part 1", items=[_item("Talk", 20)], allotted=timedelta(minutes=60)),
        Part(title="Part 2", items=[_item("Talk 2", 20)]),
    )
    timeline = build_timeline(agenda)
    assert timeline.start + timedelta(minutes=60) == timeline.slot("parts[1]").start


def test_overrun_part_pushes_the_next_one() -> None:
    """A part whose items exceed its budget ends when its items end; its planned end is kept."""
    agenda = _agenda(
        datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW),
        Part(title="Part 1", items=[_item("Talk", 50), _item("Talk 2", 20)], allotted=timedelta(minutes=60)),
        Part(title="Part 2", items=[_item("Talk 3", 20)]),
    )
    timeline = build_timeline(agenda)
    first = timeline.slot("parts[0]")
    assert (timeline.start + timedelta(minutes=60), timeline.start + timedelta(minutes=70)) == (
        first.planned_end,
        timeline.slot("parts[1]").start,
    )


def test_fixed_start_in_another_zone() -> None:
    """A fixed start written in Kolkata time lands at that instant in a Moscow event."""
    agenda = _agenda(
        datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW),
        Part(
            title="P",
            items=[_item("Opening", 10), _item("Closing", 10, datetime(2021, 2, 10, 16, 0, tzinfo=KOLKATA))],
        ),
    )
    assert datetime(2021, 2, 10, 10, 30, tzinfo=UTC) == build_timeline(agenda).slot("parts[0].items[1]").start


def test_item_across_spring_forward_lasts_its_exact_duration() -> None:
    """An hour-long item from 01:30 in Berlin on 28 March 2021 ends at 03:30 local: one real hour."""
    agenda = _agenda(datetime(2021, 3, 28, 1, 30, tzinfo=BERLIN), Part(title="P", items=[_item("Night", 60)]))
    slot = build_timeline(agenda).items()[0]
    assert datetime(2021, 3, 28, 3, 30) == slot.end_in(BERLIN).replace(tzinfo=None)


def test_nonexistent_event_start_is_recorded_and_shifted() -> None:
    """An event at 02:30 on 28 March 2021 in Berlin (skipped) starts at 03:30 and is recorded."""
    agenda = _agenda(datetime(2021, 3, 28, 2, 30, tzinfo=BERLIN), Part(title="P", items=[_item("Talk", 30)]))
    timeline = build_timeline(agenda)
    assert datetime(2021, 3, 28, 1, 30, tzinfo=UTC) == timeline.start
    assert [(path, issue.kind) for path, issue in timeline.local_time_issues] == [("event.start", "nonexistent")]


def test_nonexistent_event_start_under_earlier_policy() -> None:
    """Under the earlier policy the skipped 02:30 becomes 01:30 CET."""
    agenda = _agenda(datetime(2021, 3, 28, 2, 30, tzinfo=BERLIN), Part(title="P", items=[_item("Talk", 30)]))
    assert datetime(2021, 3, 28, 0, 30, tzinfo=UTC) == build_timeline(agenda, DstPolicy.EARLIER).start


def test_ambiguous_fixed_start_is_recorded_with_its_path() -> None:
    """A fixed start at 02:30 on 31 October 2021 in Berlin (repeated) is recorded under its path."""
    agenda = _agenda(
        datetime(2021, 10, 30, 23, 0, tzinfo=BERLIN),
        Part(title="P", items=[_item("Talk", 30), _item("Late", 30, datetime(2021, 10, 31, 2, 30, tzinfo=BERLIN))]),
    )
    issues = build_timeline(agenda).local_time_issues
    assert [(path, issue.kind) for path, issue in issues] == [("parts[0].items[1].start", "ambiguous")]


@pytest.mark.parametrize(
    ("policy", "expected_utc"),
    [
        (DstPolicy.COMPATIBLE, datetime(2021, 10, 31, 0, 30, tzinfo=UTC)),
        (DstPolicy.LATER, datetime(2021, 10, 31, 1, 30, tzinfo=UTC)),
    ],
)
def test_ambiguous_fixed_start_follows_the_policy(policy: DstPolicy, expected_utc: datetime) -> None:
    """The repeated 02:30 is the first one by default and the second under the later policy."""
    agenda = _agenda(
        datetime(2021, 10, 30, 23, 0, tzinfo=BERLIN),
        Part(title="P", items=[_item("Late", 30, datetime(2021, 10, 31, 2, 30, tzinfo=BERLIN))]),
    )
    assert expected_utc == build_timeline(agenda, policy).slot("parts[0].items[0]").start


def test_raise_policy_refuses_dst_affected_start() -> None:
    """Under the raise policy a skipped event start is an error naming time and zone."""
    agenda = _agenda(datetime(2021, 3, 28, 2, 30, tzinfo=BERLIN), Part(title="P", items=[_item("Talk", 30)]))
    with pytest.raises(AmbiguousTimeError, match="2021-03-28T02:30 is nonexistent in Europe/Berlin"):
        build_timeline(agenda, DstPolicy.RAISE)


def test_lord_howe_half_hour_gap_shifts_start_by_thirty_minutes() -> None:
    """At Lord Howe's 30-minute spring gap, 02:15 becomes 02:45 and is recorded."""
    agenda = _agenda(datetime(2021, 10, 3, 2, 15, tzinfo=LORD_HOWE), Part(title="P", items=[_item("Talk", 30)]))
    timeline = build_timeline(agenda)
    assert datetime(2021, 10, 3, 2, 45) == timeline.start.astimezone(LORD_HOWE).replace(tzinfo=None)
    assert [path for path, _ in timeline.local_time_issues] == ["event.start"]


def test_sao_paulo_midnight_gap() -> None:
    """Sao Paulo skipped midnight to 01:00 on 4 November 2018: a 00:30 event starts at 01:30."""
    zone = get_zone("America/Sao_Paulo")
    agenda = _agenda(datetime(2018, 11, 4, 0, 30, tzinfo=zone), Part(title="P", items=[_item("Talk", 30)]))
    assert datetime(2018, 11, 4, 1, 30) == build_timeline(agenda).start.astimezone(zone).replace(tzinfo=None)


def test_slot_lookup_by_unknown_path_raises_key_error() -> None:
    """Asking for a path the programme does not have is a KeyError naming it."""
    agenda = _agenda(datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW), Part(title="P", items=[_item("Talk", 30)]))
    with pytest.raises(KeyError, match=r"parts\[9\]"):
        build_timeline(agenda).slot("parts[9]")


def test_child_fixed_before_its_part_sticks_out() -> None:
    """A child fixed before its part's start stays there: the part keeps its own start (the
    checks report the child as outside its part)."""
    agenda = _agenda(
        datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW),
        Part(title="P1", items=[_talk_of(60)]),
        Part(title="P2", items=[_item("Early", 10, datetime(2021, 2, 10, 11, 30, tzinfo=MOSCOW))]),
    )
    timeline = build_timeline(agenda)
    assert (datetime(2021, 2, 10, 9, 0, tzinfo=UTC), datetime(2021, 2, 10, 8, 30, tzinfo=UTC)) == (
        timeline.slot("parts[1]").start,
        timeline.slot("parts[1].items[0]").start,
    )


def _talk_of(minutes: int) -> Item:
    return _item("Talk", minutes)


def test_a_part_never_ends_before_it_starts() -> None:
    """A part whose only child is fixed before the part's place ends where it starts, not earlier."""
    moscow = get_zone("Europe/Moscow")
    early = Item(title="Early", duration=timedelta(minutes=10), start=datetime(2021, 2, 10, 10, 0, tzinfo=moscow))
    agenda = Agenda(
        event=Event(id="e", title="E", start=datetime(2021, 2, 10, 11, 0, tzinfo=moscow)),
        parts=[Item(title="First", duration=timedelta(hours=1)), Part(title="Late part", items=[early])],
    )
    part = build_timeline(agenda).slot("parts[1]")
    assert part.start == part.end == datetime(2021, 2, 10, 9, 0, tzinfo=UTC)


# --- looking slots up ---------------------------------------------------------------------------


SEED = ROOT / "examples" / "india-russia-webinar.toml"


def _seed() -> Timeline:
    return build_timeline(load(SEED))


def _repeated() -> Agenda:
    """Two parts that each end with an item called ``q-a``, and a part whose id repeats itself."""
    return _agenda(
        datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW),
        Part(id="one", title="One", items=[_item("Talk", 10), _item("Q&A", 5)]),
        Part(id="two", title="Two", items=[_item("Q&A", 5), Part(id="two", title="Two", items=[_item("Q&A", 5)])]),
    )


def test_slot_is_found_by_id_and_by_path() -> None:
    """``timeline["block-2"]`` and ``timeline.slot("parts[2].items[1]")`` are the same slot."""
    timeline = _seed()
    assert timeline["block-2"] is timeline.slot("parts[2].items[1]")


def test_unique_ids_are_their_own_keys() -> None:
    """In the seed every id is unique, so every slot's key is its node's id."""
    assert all(slot.key == slot.id for slot in _seed().slots)


def test_repeated_ids_are_qualified_by_the_ids_above_them() -> None:
    """An id used twice is keyed by the ids from the top down to it, numbered if even that repeats."""
    keys = [slot.key for slot in build_timeline(_repeated()).slots]
    assert keys == ["one", "talk", "one.q-a", "two", "two.q-a", "two.two", "two.two.q-a"]


def test_node_keys_are_the_slot_keys() -> None:
    """`node_keys` (the calendar UIDs' scheme) gives each path the key of its slot."""
    agenda = _repeated()
    assert node_keys(agenda) == {slot.path: slot.key for slot in build_timeline(agenda).slots}


def test_a_repeated_bare_id_names_the_keys_to_use() -> None:
    """Looking up an id that several nodes share raises UnknownNodeError listing their keys."""
    with pytest.raises(UnknownNodeError, match=r"3 nodes have the id 'q-a'.*'one\.q-a', 'two\.q-a', 'two\.two\.q-a'"):
        build_timeline(_repeated())["q-a"]


def test_unknown_key_is_an_agenda_error_and_a_key_error() -> None:
    """An unknown key can be caught as AgendaError or as KeyError."""
    timeline = _seed()
    with pytest.raises(AgendaError, match="no part or item has the key or path 'nope'"):
        timeline["nope"]
    with pytest.raises(KeyError):
        timeline.slot("nope")


def test_children_are_the_direct_slots_of_a_part() -> None:
    """A part's children are its own items and blocks, not theirs."""
    assert [slot.key for slot in _seed().children("part-2")] == ["block-1", "block-2", "block-3"]


def test_descendants_are_the_whole_subtree_in_order() -> None:
    """A part's descendants are every slot below it, in programme order."""
    timeline = _seed()
    expected = [slot for slot in timeline.slots if slot.path.startswith("parts[2].")]
    assert expected == list(timeline.descendants("part-2"))


@given(agendas(with_fixed_starts=False))
def test_children_and_descendants_agree_with_parent_links(agenda: Agenda) -> None:
    """Each part's children are exactly the slots whose parent it is, all among its descendants."""
    timeline = build_timeline(agenda)
    for part in timeline.slots:
        children = timeline.children(part.path)
        assert [s for s in timeline.slots if s.parent == part.path] == list(children)
        assert set(children) <= set(timeline.descendants(part.path))


def test_lookups_give_tuples() -> None:
    """items, parts, children and descendants are tuples, to be read more than once."""
    timeline = _seed()
    found = (timeline.items(), timeline.parts(), timeline.children("part-2"), timeline.descendants("part-2"))
    assert all(isinstance(value, tuple) for value in found)


def test_start_in_takes_a_key_or_a_zone() -> None:
    """Block 2 starts at 15:10 in Kolkata, whether the zone is given as a key or a ZoneInfo."""
    block = _seed()["block-2"]
    assert block.start_in("Asia/Kolkata") == block.start_in(KOLKATA)
    assert block.start_in("Asia/Kolkata").strftime("%H:%M") == "15:10"


def test_end_in_an_unknown_zone_is_refused() -> None:
    """An abbreviation is not a zone: UnknownZoneError."""
    with pytest.raises(UnknownZoneError, match="'IST'"):
        _seed()["block-2"].end_in("IST")


def test_reprs_are_one_short_line() -> None:
    """A slot and a timeline show what they are in one line, not the tree inside."""
    timeline = _seed()
    assert repr(timeline["block-2"]) == "<Slot parts[2].items[1] part 'block-2' 2021-02-10 09:40–10:10 UTC>"
    assert repr(timeline) == (
        "<Timeline 'Webinar on Interregional Cooperation between India and Russia' "
        "2021-02-10 08:00–10:50 UTC, 22 slots>"
    )


# --- questions ----------------------------------------------------------------------------------


def test_nobody_speaks_after_eight_in_the_evening_in_the_seed() -> None:
    """The seed is an afternoon in India and Russia: no speaker talks outside 08:00–20:00 their time."""
    seed = load(SEED)
    assert build_timeline(seed).speakers_outside(seed.speakers, "08:00-20:00") == ()


def test_speakers_outside_their_hours_are_found_in_their_own_zone() -> None:
    """With hours ending 13:00, Sverdlovsk's speaker (Yekaterinburg, UTC+05:00) is late at 14:40 their time."""
    seed = load(SEED)
    late = build_timeline(seed).speakers_outside(seed.speakers, LocalHours.parse("09:00-13:00"))
    found = {(entry.who, entry.slot.key): entry for entry in late}
    sverdlovsk = found["sverdlovsk-rep", "sverdlovsk"]
    assert (sverdlovsk.zone.key, sverdlovsk.span, sverdlovsk.start.strftime("%H:%M")) == (
        "Asia/Yekaterinburg",
        "14:40–14:52",
        "14:40",
    )


def test_speakers_outside_agrees_with_the_speaker_hours_rule() -> None:
    """Every speaker the query finds is one AG402 reports, and the other way round."""
    seed = load(SEED)
    settings = attrs.evolve(seed.check, working_hours=LocalHours.parse("09:00-14:00"))
    report = check(seed, settings=settings, select=["AG402"])
    late = build_timeline(seed).speakers_outside(seed.speakers, "09:00-14:00")
    assert sorted(f"{entry.slot.path}.speakers" for entry in late) == sorted(f.path for f in report.findings)


def test_outside_hours_leaves_breaks_out() -> None:
    """In New York (03:00 there), every item but the break is outside 07:00–22:00."""
    timeline = _seed()
    late = timeline.outside_hours("America/New_York", "07:00-22:00")
    assert [entry.slot.key for entry in late] == [s.key for s in timeline.items() if s.key != "break"]


def test_table_reads_each_slot_in_each_zone() -> None:
    """The table gives wall times and spans per zone, with the day shift where the date differs."""
    table = _seed().table(["Asia/Kolkata", "Pacific/Kiritimati"], items_only=True)
    opening = table[0]
    assert (opening.slot.key, opening.starts[0].strftime("%H:%M"), opening.spans) == (
        "opening",
        "13:30",
        ("13:30–13:35", "22:00–22:05"),
    )
    assert table[-1].spans[1] == "00:40–00:50 (+1 day)"
