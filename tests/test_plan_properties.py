"""The planner's fast evaluation of the hard limits is the check engine's: start by start, over
generated agendas, zones and windows, the rules it says a start breaks are those `check` reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given
from hypothesis import strategies as st

from agenda._model import Agenda, Interval
from agenda._planner import LIMITS, _Limits, _us, hard_codes, plan, shift
from agenda._timeline import build_timeline
from agenda.checks import Severity, check
from agenda.testing import agendas, zones

_RELAX = st.lists(st.sampled_from(sorted(LIMITS)), max_size=2, unique=True)


@st.composite
def planned(draw: st.DrawFn) -> tuple[Agenda, datetime, timedelta, int, tuple[str, ...]]:
    """An agenda whose speakers' availability lies near its start, a window near it, a step."""
    agenda = draw(agendas(max_items=5, max_speakers=3, max_audiences=3))
    origin = build_timeline(agenda).start
    people = []
    for speaker in agenda.speakers:
        if draw(st.booleans()):
            # In UTC: the model compares an interval's ends as wall times when they share a zone,
            # which a window over a DST fold would trip.
            zone = ZoneInfo("UTC")
            windows = []
            for _ in range(draw(st.integers(1, 3))):
                begin = origin + timedelta(minutes=15 * draw(st.integers(-300, 300)))
                length = timedelta(minutes=30 * draw(st.integers(1, 40)))
                windows.append(Interval(start=begin.astimezone(zone), end=(begin + length).astimezone(zone)))
            people.append(attrs.evolve(speaker, availability=tuple(windows)))
        else:
            people.append(speaker)
    agenda = attrs.evolve(agenda, speakers=tuple(people))
    minutes = draw(st.integers(-3 * 24 * 60, 24 * 60))
    start = (origin + timedelta(minutes=minutes)).replace(second=0, microsecond=0).astimezone(UTC)
    step = timedelta(minutes=draw(st.sampled_from((5, 15, 37, 60, 90))))
    count = draw(st.integers(1, 60))
    return agenda, start, step, count, tuple(draw(_RELAX))


def _reported(agenda: Agenda, start: datetime, codes: tuple[str, ...]) -> set[str]:
    report = check(shift(agenda, start), select=list(codes)) if codes else None
    if report is None:
        return set()
    return {f.code for f in report.findings if f.severity is not Severity.INFO}


@given(planned())
def test_limits_agree_with_check_engine_at_every_start(
    case: tuple[Agenda, datetime, timedelta, int, tuple[str, ...]],
) -> None:
    """At every start of the grid, the limits the planner finds broken are the rules `check` reports."""
    agenda, start, step, count, relax = case
    codes = hard_codes(agenda, relax)
    low = _us(start)
    limits = _Limits(
        agenda, codes, low - 2 * 86_400_000_000, low + count * (step // timedelta(microseconds=1)) + 86_400_000_000
    )
    for k in range(count):
        moment = start + k * step
        expected = _reported(agenda, moment, codes)
        actual = {limit.code for limit in limits.broken_at(_us(moment))}
        assert expected == actual, moment


@given(planned())
def test_every_candidate_checks_clean_and_every_rejected_start_breaks_a_rule(
    case: tuple[Agenda, datetime, timedelta, int, tuple[str, ...]],
) -> None:
    """Candidates check clean for the hard rules; the other starts of the grid break at least one."""
    agenda, start, step, count, relax = case
    result = plan(agenda, start, start + count * step, step=step, top=count, relax=relax)
    chosen = {candidate.start for candidate in result.candidates}
    for k in range(count):
        moment = start + k * step
        assert (moment in chosen) == (not _reported(agenda, moment, result.codes)), moment
    assert len(chosen) == result.fitting


@given(agendas(max_items=4, max_speakers=2, max_audiences=2), zones())
def test_shift_moves_the_whole_programme_by_one_amount(agenda: Agenda, zone: object) -> None:
    """A moved agenda's timeline is the old one moved by the same exact amount, slot by slot."""
    before = build_timeline(agenda)
    target = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
    after = build_timeline(shift(agenda, target))
    delta = target - before.start
    assert [(s.path, s.start + delta, s.end + delta) for s in before.slots] == [
        (s.path, s.start, s.end) for s in after.slots
    ]
