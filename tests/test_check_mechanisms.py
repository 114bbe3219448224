"""The shortcuts that keep `agenda check` linear on large agendas give the answers of the plain
definitions: local hours tested on times of day, times written without strftime, messages
written when first read, document order taken from the timeline's slots."""

from __future__ import annotations

import json
import pickle
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda import _words as words
from agenda._formats.files import dumps, load, parse_document
from agenda._formats.jsontext import json_pieces
from agenda._formats.locate import _parsed, _split_dotted, parse_path
from agenda._formats.report import FORMATS, iter_text, pieces, render, render_text
from agenda._model import Agenda, Audience, Event, Item, ItemKind, Part
from agenda._timeline import Slot, build_timeline
from agenda._times import LocalHours, ZoneOffsets, format_offset, instant_us
from agenda.checks import (
    Finding,
    Hit,
    Report,
    Severity,
    Suppressed,
    UnknownRuleError,
    all_rules,
    check,
    get_rule,
    registry,
)
from agenda.checks._order import PathOrder, path_key
from agenda.checks.context import CheckContext
from agenda.checks.registry import RuleFunction
from agenda.testing import agendas, local_hours, zones

# ---------------------------------------------------------------------------------------------
# The plain definitions, as they were written before the shortcuts.


def plain_contains(hours: LocalHours, start: datetime, end: datetime) -> bool:
    """Whether [start, end) lies in the daily window that contains `start`, on wall times."""
    if hours.whole_day:
        return True

    def window_of(moment: datetime) -> tuple[datetime, datetime] | None:
        day = moment.replace(tzinfo=None)
        for shift in (-1, 0):
            opens = datetime.combine(day.date() + timedelta(days=shift), hours.start)
            closes = datetime.combine(opens.date(), hours.end)
            if closes <= opens:
                closes += timedelta(days=1)
            if opens <= day < closes:
                return opens, closes
        return None

    window = window_of(start)
    if end <= start:
        return window is not None
    return window is not None and end.replace(tzinfo=None) <= window[1]


def plain_offset(offset: timedelta | None) -> str:
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def plain_days(days: int) -> str:
    return f"{days:+d} day" + ("s" if abs(days) != 1 else "") if days else ""


def plain_shift(start: datetime, end: datetime, zone: ZoneInfo, reference: datetime) -> list[str]:
    first = (start.astimezone(zone).date() - reference.date()).days
    last = (end.astimezone(zone).date() - reference.date()).days
    if last != first and end > start and end.astimezone(zone).time() == time(0):
        last -= 1
    if first == last:
        return [plain_days(first)] if first else []
    return [*([f"starts {plain_days(first)}"] if first else []), f"ends {plain_days(last) or 'on the event date'}"]


def plain_span(
    start: datetime, end: datetime, zone: ZoneInfo, reference: datetime, *, offset: bool, key: bool, inline: bool
) -> str:
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    notes: list[str] = []
    if offset and local_start.utcoffset() != local_end.utcoffset():
        text = (
            f"{local_start:%H:%M} {plain_offset(local_start.utcoffset())}–"
            f"{local_end:%H:%M} {plain_offset(local_end.utcoffset())}"
        )
        if key:
            text += f" {zone.key}"
    else:
        text = f"{local_start:%H:%M}–{local_end:%H:%M}"
        if key:
            text += f" {zone.key}"
            if offset:
                notes.append(plain_offset(local_start.utcoffset()))
        elif offset:
            text += f" {plain_offset(local_start.utcoffset())}"
    notes += plain_shift(start, end, zone, reference)
    if not notes:
        return text
    return f"{text}, {', '.join(notes)}" if inline else f"{text} ({', '.join(notes)})"


def plain_at(moment: datetime, zone: ZoneInfo, reference: datetime, *, offset: bool, inline: bool) -> str:
    local = moment.astimezone(zone)
    notes = [plain_offset(local.utcoffset())] if offset else []
    if shift := plain_days((local.date() - reference.date()).days):
        notes.append(shift)
    text = f"{local:%H:%M} {zone.key}"
    if not notes:
        return text
    return f"{text}, {', '.join(notes)}" if inline else f"{text} ({', '.join(notes)})"


# ---------------------------------------------------------------------------------------------
# Times

instants = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)).map(
    lambda moment: moment.replace(tzinfo=UTC)
)
lengths = st.timedeltas(min_value=timedelta(hours=-3), max_value=timedelta(days=2))


@given(local_hours(resolution=1), zones(), instants, lengths)
def test_local_hours_contain_what_the_daily_windows_contain(
    hours: LocalHours, zone: ZoneInfo, start: datetime, length: timedelta
) -> None:
    """`LocalHours.contains` on times of day agrees with building the windows as wall datetimes,
    for spans of any length and direction, across DST changes."""
    local_start, local_end = start.astimezone(zone), (start + length).astimezone(zone)
    assert hours.contains(local_start, local_end) == plain_contains(hours, local_start, local_end)


@given(st.times(), st.times(), zones(), instants)
def test_local_hours_with_seconds_agree_too(opens: time, closes: time, zone: ZoneInfo, start: datetime) -> None:
    """Hours made in code may have seconds: the window still closes where the plain definition says."""
    hours = LocalHours(opens, closes)
    for length in (timedelta(0), timedelta(seconds=1), timedelta(minutes=5), timedelta(hours=9)):
        local_start, local_end = start.astimezone(zone), (start + length).astimezone(zone)
        assert hours.contains(local_start, local_end) == plain_contains(hours, local_start, local_end)


@given(local_hours(resolution=1))
def test_hours_are_written_as_strftime_writes_them(hours: LocalHours) -> None:
    end = "24:00" if hours.end == time(0) and hours.start != time(0) else hours.end.strftime("%H:%M")
    assert str(hours) == f"{hours.start.strftime('%H:%M')}–{end}"


@given(zones(), instants, lengths, instants, st.tuples(st.booleans(), st.booleans(), st.booleans()))
def test_spans_and_moments_are_written_as_before(
    zone: ZoneInfo, start: datetime, length: timedelta, reference: datetime, flags: tuple[bool, bool, bool]
) -> None:
    """`span`, `at` and `clock` read each end in its zone once and write the clock without
    strftime: the same words as the plain definitions, DST changes inside the span included."""
    offset, key, inline = flags
    wall = reference.astimezone(zone)
    end = start + length
    assert words.span(start, end, zone, wall, offset=offset, key=key, inline=inline) == plain_span(
        start, end, zone, wall, offset=offset, key=key, inline=inline
    )
    assert words.span_shift(start, end, zone, wall) == plain_shift(start, end, zone, wall)
    assert words.at(start, zone, wall, offset=offset, inline=inline) == plain_at(
        start, zone, wall, offset=offset, inline=inline
    )
    assert words.clock(start, zone) == f"{start.astimezone(zone):%H:%M}"
    assert format_offset(start.astimezone(zone).utcoffset()) == plain_offset(start.astimezone(zone).utcoffset())


# ---------------------------------------------------------------------------------------------
# Messages written when first read


def test_a_deferred_message_is_written_once_and_then_kept() -> None:
    calls: list[int] = []

    def write() -> str:
        calls.append(1)
        return "speaks at 23:30"

    finding = Finding(code="AG402", name="speaker-hours", severity=Severity.WARNING, message=write, path="parts[0]")
    moved = attrs.evolve(finding, line=3)
    assert calls == []  # an evolved copy still waits
    assert (finding.message, finding.message, moved.message) == ("speaks at 23:30",) * 3
    assert len(calls) == 2  # once for each of the two findings


def test_a_deferred_message_compares_hashes_pickles_and_prints_as_its_text() -> None:
    def make(message: object) -> Finding:
        return Finding(code="AG401", name="audience-hours", severity=Severity.ERROR, message=message, path="p")  # type: ignore[arg-type]

    lazy, eager = make(lambda: "runs late"), make("runs late")
    assert lazy == eager
    assert hash(make(lambda: "runs late")) == hash(eager)
    assert repr(make(lambda: "runs late")) == repr(eager)
    assert "message='runs late'" in repr(eager)
    # The text crosses processes, not the function that writes it.
    assert pickle.loads(pickle.dumps(make(lambda: "runs late"))) == eager  # noqa: S301 (our own bytes)
    assert make(lambda: "other") != eager
    hit = Hit(path="p", message=lambda: "runs late")
    assert (hit.message, repr(hit)) == ("runs late", repr(Hit(path="p", message="runs late")))


def _eager(agenda: Agenda) -> list[dict[str, object]]:
    """The report's findings with every rule's messages written the moment each hit is yielded."""
    originals = {rule.code: rule for rule in all_rules() if rule.function is not None}

    def writing(function: RuleFunction) -> RuleFunction:
        def run(context: CheckContext) -> list[Hit]:
            hits = list(function(context))
            assert all(isinstance(hit.message, str) for hit in hits)
            return hits

        return run

    try:
        for code, rule in originals.items():
            assert rule.function is not None
            registry._RULES[code] = attrs.evolve(rule, function=writing(rule.function))
        return [finding.to_dict() for finding in check(agenda).findings]
    finally:
        registry._RULES.update(originals)


@given(agendas(max_items=10))
def test_messages_written_late_are_the_messages_written_at_once(agenda: Agenda) -> None:
    """A deferred message holds what it needs when the rule yields it: written after the whole
    check (and after other findings' messages), it says what it would have said at once."""
    late = check(agenda)
    assert [finding.to_dict() for finding in reversed(late.findings)][::-1] == _eager(agenda)


# ---------------------------------------------------------------------------------------------
# Document order from the timeline's slots

_RESTS = ("", ".speakers", ".speakers[1]", ".allotted", ".duration", ".items", ".start", ".ignore[0]", ".id", ".kind")
_ELSEWHERE = ("event.end", "event.start", "speakers[3]", "speakers[10].availability[0].start", "audiences[0].country")


@given(agendas(max_items=10), st.data())
def test_paths_sort_in_the_order_of_their_keys(agenda: Agenda, data: st.DataObject) -> None:
    """`PathOrder` puts the paths of findings (a node's path and what follows it, paths outside the
    programme) in exactly the order of `path_key`, and falls back to it for paths no slot holds."""
    timeline = build_timeline(agenda)
    nodes = [slot.path for slot in timeline.slots]
    paths = data.draw(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from(nodes), st.sampled_from(_RESTS)).map("".join),
                st.sampled_from(_ELSEWHERE),
            ),
            max_size=30,
        )
    )
    if data.draw(st.booleans()):
        paths.append(data.draw(st.sampled_from(("parts[99]", "parts[0].items[99]", "parts", "xyz", ""))))
    order = PathOrder(timeline)
    key = order.keys(paths)
    assert sorted(paths, key=key) == sorted(paths, key=path_key)
    assert all((key(a) < key(b)) == (path_key(a) < path_key(b)) for a in paths for b in paths)
    ranks = order.ranks(paths)
    if ranks is not None:
        assert all((ranks[a] < ranks[b]) == (path_key(a) < path_key(b)) for a in paths for b in paths)
        assert sorted(set(ranks.values())) == list(range(len(set(map(path_key, paths)))))


# ---------------------------------------------------------------------------------------------
# Local times as sums: a slot's ends in a zone from its instants and the zone's offsets


@given(agendas(max_items=10), zones(), local_hours(resolution=5))
def test_outside_hours_are_the_items_the_plain_test_finds(agenda: Agenda, zone: ZoneInfo, hours: LocalHours) -> None:
    """`Timeline.outside_hours` and `speakers_outside` add offsets to instants instead of
    converting each end: the same items as converting them and testing the plain definition."""
    timeline = build_timeline(agenda)

    def outside(slot: Slot, where: ZoneInfo) -> bool:
        return not plain_contains(hours, slot.start.astimezone(where), slot.end.astimezone(where))

    items = [(slot, slot.node) for slot in timeline.items() if isinstance(slot.node, Item)]
    expected = [slot.path for slot, item in items if item.kind is not ItemKind.BREAK and outside(slot, zone)]
    assert [late.slot.path for late in timeline.outside_hours(zone, hours)] == expected
    declared = {speaker.id: speaker.zone for speaker in reversed(agenda.speakers)}
    expected_speakers = [
        (slot.path, who)
        for slot, item in items
        for who in dict.fromkeys(item.speakers)
        if (where := declared.get(who)) is not None and outside(slot, where)
    ]
    found = [(late.slot.path, late.who) for late in timeline.speakers_outside(agenda.speakers, hours)]
    assert found == expected_speakers


@given(agendas(max_items=10))
def test_midnight_is_found_where_the_local_dates_differ(agenda: Agenda) -> None:
    """AG501 compares local dates as integer days: the items whose first and last microsecond
    fall on different dates when converted, in the event's, audiences' or speakers' zones."""
    context = CheckContext(agenda, build_timeline(agenda), agenda.check)
    expected = []
    for slot in context.item_slots:
        zones = dict.fromkeys(context.participant_zones)
        for who in slot.node.speakers:  # type: ignore[union-attr]
            speaker = agenda.speaker(who)
            if speaker is not None and speaker.zone is not None:
                zones[speaker.zone] = None
        last = slot.end - timedelta(microseconds=1)
        if slot.end > slot.start and any(slot.start.astimezone(z).date() != last.astimezone(z).date() for z in zones):
            expected.append(slot.path)
    rule = get_rule("AG501").function
    assert rule is not None
    assert [hit.path for hit in rule(context)] == expected


# ---------------------------------------------------------------------------------------------
# Reports written in pieces, lines looked up together

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=25,
)


@given(_JSON, st.integers(0, 5))
def test_json_in_pieces_is_what_json_dumps_writes(value: object, depth: int) -> None:
    """The report's JSON, written a finding at a time, is byte for byte ``json.dumps`` with an
    indent of 2, whatever the depth at which pieces are cut."""
    assert "".join(json_pieces(value, depth)) == json.dumps(value, indent=2, ensure_ascii=False)


def _pieces_report(agenda: Agenda) -> list[Report]:
    return [check(agenda), Report(file="empty.toml"), check(agenda, strict=True)]


@given(agendas(max_items=8))
def test_every_format_in_pieces_joins_to_the_whole(agenda: Agenda) -> None:
    """Each format's pieces join to its whole text, and that text is what the plain renderers
    wrote: JSON from the reports' dictionaries, text line by line, quiet output without its
    trailing blank lines."""
    reports = _pieces_report(agenda)
    files = [
        {**report.to_dict(), "suppressed": [_suppressed(item) for item in report.suppressed]} for report in reports
    ]
    written = render(reports, "json")
    assert json.loads(written)["files"] == json.loads(json.dumps(files))
    assert written == json.dumps(json.loads(written), indent=2, ensure_ascii=False) + "\n"
    for name in FORMATS:
        assert "".join(pieces(reports, name)) == render(reports, name)
    for quiet in (False, True):
        text = render_text(reports, quiet=quiet, verbose=True)
        assert not quiet or not text.endswith("\n\n")
        assert text == "".join(iter_text(reports, quiet=quiet, verbose=True))


def _suppressed(item: Suppressed) -> dict[str, object]:
    return {**item.finding.to_dict(), "by": item.by, "reason": item.reason}


@given(agendas(max_items=8), st.sampled_from(["toml", "json", "yaml"]), st.data())
def test_lines_found_together_are_the_lines_found_one_by_one(agenda: Agenda, format: str, data: st.DataObject) -> None:
    """`Document.lines_of` (for JSON, a walk that skips what leads to no wanted path) gives each
    path the line `line_of` gives it, for the paths of findings and for paths the file lacks."""
    text = dumps(agenda, format=format)
    report = check(agenda)
    extra = data.draw(st.lists(st.sampled_from(["parts[99]", "parts[0].items[42].title", "", "event", "nope.x"])))
    paths = [*report.paths(), *extra]
    together = parse_document(text, format).lines_of(paths)
    alone = parse_document(text, format)
    assert together == {path: alone.line_of(path) for path in paths}


def test_json_lines_found_together_follow_a_repeated_key_as_one_by_one() -> None:
    """A key given twice in JSON (its last value is the one read): the walk for many paths and
    the walk for one put a path under it on the same line, and the key itself where it was
    given last."""
    from agenda._formats.locate import JsonLocator

    text = '{\n "event": {"title": "A"},\n "event": {\n  "title": "B"\n },\n "parts": []\n}\n'
    paths = ["event", "event.title", "parts", "parts[0]"]
    assert JsonLocator(text).lines_of(paths) == {path: JsonLocator(text).line_of(path) for path in paths}
    assert JsonLocator(text).lines_of(paths) == {"event": 3, "event.title": 4, "parts": 6, "parts[0]": 6}


def test_the_cycle_collector_is_as_it_was_after_a_check() -> None:
    """A check pauses Python's cycle collector while it runs and leaves it as it found it, on or
    off, also when the check fails."""
    import gc

    agenda = load(Path(__file__).parent.parent / "examples" / "india-russia-webinar.toml")
    assert gc.isenabled()
    check(agenda)
    assert gc.isenabled()
    gc.disable()
    try:
        check(agenda)
        assert not gc.isenabled()
    finally:
        gc.enable()
    broken = attrs.evolve(agenda, check=attrs.evolve(agenda.check, select=("AG999",)))
    with pytest.raises(UnknownRuleError):
        check(broken)
    assert gc.isenabled()


@given(zones(), instants, st.integers(1, 3 * 365), st.lists(st.floats(0, 1), min_size=1, max_size=40), st.data())
def test_offsets_over_a_stretch_are_the_offsets_astimezone_gives(
    zone: ZoneInfo, start: datetime, days: int, spots: list[float], data: st.DataObject
) -> None:
    """`ZoneOffsets.at`, asked in any order (it keeps the segment it last found), gives each
    instant of its stretch the offset ``astimezone`` gives it, at the changes and a microsecond
    either side of them too."""
    low, high = instant_us(start), instant_us(start + timedelta(days=days))
    offsets = ZoneOffsets(zone, low, high)
    values = [low + int(spot * (high - low)) for spot in spots]
    values += [min(high, max(low, change + shift)) for change in offsets.starts for shift in (-1, 0, 1)]
    for value in data.draw(st.permutations(values)):
        offset = (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=value)).astimezone(zone).utcoffset()
        assert offset is not None
        assert offsets.at(value) == offset // timedelta(microseconds=1)


@given(st.text(alphabet="ab .\"'\t=]", max_size=14))
def test_dotted_keys_split_as_the_pattern_splits_them(text: str) -> None:
    """TOML keys without quotes are split on dots without the regular expression, as it would."""
    plain = [part.strip().strip("\"'") for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', text)]
    assert _split_dotted(text) == plain


@given(st.lists(st.text(alphabet="ab.[]1_0\u0663", max_size=12), max_size=8))
def test_paths_parsed_a_step_at_a_time_are_parsed_as_a_whole(paths: list[str]) -> None:
    """Line look-ups parse a path from the one before its last key or index: the segments
    `parse_path` gives the whole path, odd paths (non-ASCII digits, stray brackets) included."""
    parsed = _parsed(paths)
    assert all(parsed[path] == parse_path(path) for path in paths)


def test_a_located_finding_keeps_every_field_but_its_place() -> None:
    """`Report.located` copies each finding field by field (cheaper than ``attrs.evolve``): every
    field of `Finding` is copied, only `file` and `line` (and the consequences') are new."""
    inner = Finding(
        code="AG203", name="outside-event", severity=Severity.ERROR, message="late", path="parts[0].items[1]"
    )
    values = {
        "code": "AG601",
        "name": "non-positive-duration",
        "severity": Severity.WARNING,
        "message": lambda: "lasts 0m",
        "path": "parts[0].items[0].duration",
        "related": ("parts[0]",),
        "file": "old.toml",
        "line": 99,
        "consequences": (inner,),
    }
    assert {field.alias or field.name for field in attrs.fields(Finding)} == set(values)
    finding = Finding(**values)  # type: ignore[arg-type]
    placed = Report(findings=[finding]).located("new.toml", len).findings[0]
    expected = attrs.evolve(
        finding,
        file="new.toml",
        line=len(finding.path),
        consequences=(attrs.evolve(inner, file="new.toml", line=len(inner.path)),),
    )
    assert placed == expected
    assert placed._message is finding._message  # a message still unwritten stays so


def test_new_finding_makes_what_the_constructor_makes() -> None:
    """`new_finding` sets the slots directly (for the engine's many findings): the same finding
    as ``Finding(...)``, every field set, in the order of the class's fields."""
    from agenda.checks.report import _FINDING_FIELDS, new_finding

    assert tuple(field.name for field in attrs.fields(Finding)) == _FINDING_FIELDS
    inner = Finding(code="AG203", name="outside-event", severity=Severity.ERROR, message="late", path="parts[0]")
    made = new_finding(
        "AG601",
        "non-positive-duration",
        Severity.WARNING,
        "lasts 0m",
        "parts[0].items[0]",
        related=("parts[0]",),
        file="a.toml",
        line=3,
        consequences=(inner,),
    )
    expected = Finding(
        code="AG601",
        name="non-positive-duration",
        severity=Severity.WARNING,
        message="lasts 0m",
        path="parts[0].items[0]",
        related=("parts[0]",),
        file="a.toml",
        line=3,
        consequences=(inner,),
    )
    assert made == expected
    assert repr(made) == repr(expected)
    assert new_finding("AG601", "n", Severity.INFO, "m", "p") == Finding(
        code="AG601", name="n", severity=Severity.INFO, message="m", path="p"
    )


# ---------------------------------------------------------------------------------------------
# Local midnight found from the instants where dates begin


def _crossing_paths(agenda: Agenda) -> list[str]:
    """The items whose first and last microsecond fall on different dates in some participant's
    zone, by ``astimezone`` (no speakers here: the participants' zones are all there are)."""
    context = CheckContext(agenda, build_timeline(agenda), agenda.check)
    found = []
    for slot in context.item_slots:
        last = slot.end - timedelta(microseconds=1)
        zones = context.participant_zones
        if slot.end > slot.start and any(slot.start.astimezone(z).date() != last.astimezone(z).date() for z in zones):
            found.append(slot.path)
    return found


@pytest.mark.parametrize("longest", [timedelta(minutes=55), timedelta(hours=30)])
@pytest.mark.parametrize("start", [datetime(2021, 11, 6, 20), datetime(2021, 3, 13, 21), datetime(2021, 6, 1, 9)])
def test_midnight_is_found_around_clock_changes_and_long_items(start: datetime, longest: timedelta) -> None:
    """AG501 reads only the items that hold a local midnight or a change of offset, bisecting
    their starts (all of them when an item is long): over the nights New York's and Sydney's
    clocks change, it finds what converting every item finds."""
    talks: list[Item | Part] = [
        Item(title=f"Talk {n}", id=f"t{n}", duration=timedelta(minutes=5 + 10 * (n % 6))) for n in range(80)
    ]
    talks.insert(40, Item(title="Long", id="long", duration=longest))
    event = Event(id="e", title="E", start=start.replace(tzinfo=ZoneInfo("America/New_York")))
    audiences = [Audience(name="Sydney", zone=ZoneInfo("Australia/Sydney"))]
    agenda = Agenda(event=event, parts=talks, audiences=audiences)
    expected = _crossing_paths(agenda)
    assert expected  # the programme runs over midnight
    assert [finding.path for finding in check(agenda, select=["AG501"]).findings] == expected


def test_new_hit_makes_what_the_constructor_makes() -> None:
    """`new_hit` sets the slots directly (for the local-hours rules' many hits): the same hit as
    ``Hit(...)``, every field set, in the order of the class's fields."""
    from agenda.checks.report import _HIT_FIELDS, new_hit

    assert tuple(field.name for field in attrs.fields(Hit)) == _HIT_FIELDS
    made = new_hit("parts[0].items[0]", "late", ("audiences[0]",))
    expected = Hit(path="parts[0].items[0]", message="late", related=("audiences[0]",))
    assert made == expected
    assert repr(made) == repr(expected)
    assert new_hit("p", "m") == Hit(path="p", message="m")


_FINDINGS = st.recursive(
    st.builds(
        Finding,
        code=st.sampled_from(["AG401", "AG001"]),
        name=st.text(max_size=5),
        severity=st.sampled_from(Severity),
        message=st.text(),
        path=st.text(max_size=10),
        related=st.lists(st.text(max_size=10), max_size=3),
        file=st.none() | st.text(max_size=10),
        line=st.none() | st.integers(0, 10**6),
    ),
    lambda inner: st.builds(
        lambda finding, consequences: attrs.evolve(finding, consequences=consequences),
        inner,
        st.lists(inner, max_size=3),
    ),
    max_leaves=6,
)


@given(_FINDINGS, st.sampled_from(["", "  ", "        "]))
def test_a_finding_written_as_json_is_its_dictionary_dumped(finding: Finding, indent: str) -> None:
    """The report's own writer of a finding writes the text ``json.dumps`` writes of its
    dictionary, at any indentation."""
    from agenda._formats.report import _finding_json

    dumped = json.dumps(finding.to_dict(), indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
    assert _finding_json(finding, indent) == dumped
