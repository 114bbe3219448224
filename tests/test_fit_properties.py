"""`fit` on generated agendas meets the window or names a constraint that truly blocks it, and
never changes a protected item."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from agenda._fit import DEFAULT_MINIMUMS, PROTECTED, fit
from agenda._model import Agenda, Item, Part
from agenda._timeline import build_timeline
from agenda.checks import Severity, check
from agenda.testing import agendas

_MINUTE = timedelta(minutes=1)


def _least(node: Item | Part) -> timedelta:
    """The shortest a node can become: items at their minimum (protected ones as they are)."""
    if isinstance(node, Item):
        if node.kind in PROTECTED:
            return node.duration
        minimum = DEFAULT_MINIMUMS[node.kind]
        return node.duration - max(timedelta(0), (node.duration - minimum) // _MINUTE * _MINUTE)
    return sum((_least(child) for child in node.items), timedelta(0))


def _parts(nodes: tuple[Item | Part, ...]) -> list[Part]:
    found = []
    for node in nodes:
        if isinstance(node, Part):
            found.append(node)
            found.extend(_parts(node.items))
    return found


@given(
    agendas(max_items=10, with_fixed_starts=False),
    st.floats(0.2, 2.0),
    st.sampled_from(("pack", "stretch")),
)
def test_fit_meets_the_window_or_names_what_blocks_it(agenda: Agenda, scale: float, mode: str) -> None:
    """Fitted: ends by the window, budgets kept, protected items and minimums respected.
    Blocked: the items at their minimums are too long for the window, or for a part's budget."""
    timeline = build_timeline(agenda)
    length = max(_MINUTE, (timeline.end - timeline.start) * scale // _MINUTE * _MINUTE)
    end = timeline.start + length
    result = fit(agenda, end=end, mode=mode)  # type: ignore[arg-type]
    before = dict(agenda.items())
    if result.ok:
        placed = build_timeline(result.agenda)
        assert placed.end <= end
        errors = [f for f in check(result.agenda, select=["AG101", "AG103"]).findings if f.severity is Severity.ERROR]
        assert errors == []
        for path, item in result.agenda.items():
            old = before[path]
            if item.kind in PROTECTED:
                assert item.duration == old.duration, path
            elif item.duration < old.duration:
                assert item.duration >= DEFAULT_MINIMUMS[item.kind], path
            assert (item.duration - old.duration) % _MINUTE == timedelta(0), path
    else:
        assert result.agenda == agenda
        too_long = sum((_least(node) for node in agenda.parts), timedelta(0)) > length
        over_budget = any(p.allotted is not None and _least(p) > p.allotted for p in _parts(agenda.parts))
        assert too_long or over_budget, result.blocking
