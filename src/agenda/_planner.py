"""The planner: every candidate start of an agenda in a window, judged by the rules of `agenda check`. Pure.

The programme is moved as it is: every part and item keeps its place relative to the start, fixed
starts move with it, speakers' availability stays where it is. A start is a *candidate* when the
moved agenda checks clean for the hard rules:

========================  ======  ===========================================================
limit                     rule    what
========================  ======  ===========================================================
``audience-hours``        AG401   every item (breaks aside) inside every audience's hours
``speaker-hours``         AG402   every speaker's items inside their own or the working hours
``availability``          AG303   every speaker's items inside their availability
``holidays``              AG701   no public holiday in an audience's country (``holidays``)
``weekends``              AG702   no weekend day in an audience's country
``dst``                   AG502-4 no written start in a DST gap or fold, no offset change
                                  during the event in any participant's zone
========================  ======  ===========================================================

What the agenda's ``ignore`` entries suppress in `agenda check` is no limit here either.

Instead of checking each start (a year at 15-minute steps is 35,040 of them), each limit becomes
the set of starts it allows, as intervals of instants computed in closed form between the UTC
offset changes of the zone concerned; the candidates are the grid points in the intersection. A
property test holds this to the check engine itself, start by start, over generated agendas.

Ranking, explained in each candidate's reasons: the smallest margin to anyone's limit first (how
far the start could move before some item leaves someone's hours or availability), each
audience's margin divided by its ``weight``; then points off for a weekday that is not preferred,
for the distance from a preferred local start, and for an event that falls on different local
dates in different zones.
"""

from __future__ import annotations

import bisect
import functools
import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs

from agenda._holidays import HolidaySource, package_holidays
from agenda._limits import LIMITS
from agenda._model import Agenda, ItemKind, Node, Part
from agenda._timeline import Slot, Timeline, build_timeline
from agenda._times import DAY_US, MINUTE_US, LocalHours, ZoneOffsets, resolve_local
from agenda.checks.context import item_of
from agenda.checks.registry import get_rule, resolve_selection
from agenda.checks.report import Severity
from agenda.exceptions import PlanError

__all__ = [
    "LIMITS",
    "Breach",
    "Candidate",
    "LocalSpan",
    "NearMiss",
    "Plan",
    "PlanError",
    "Reason",
    "Rotation",
    "hard_codes",
    "plan",
    "shift",
]

#: Points off a candidate's score (in minutes of margin) for each preference it misses, and per
#: minute from the nearest preferred local start (half a point: margins come first).
WEEKDAY_PENALTY = 120
DATE_PENALTY = 60
START_PENALTY = 0.5
#: Margins are counted up to a day: beyond that, every start is equally comfortable.
MAX_MARGIN = timedelta(days=1)
#: The most starts one plan looks at (a year at 5-minute steps is 105,120).
MAX_STEPS = 400_000

_US = timedelta(microseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_CAP = MAX_MARGIN // _US

Intervals = list[tuple[int, int]]


# ---------------------------------------------------------------------------------------------
# Instants as whole microseconds since 1970, and sets of them as sorted disjoint intervals


def _us(moment: datetime) -> int:
    return (moment - _EPOCH) // _US


def _instant(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def _merge(intervals: Iterable[tuple[int, int]]) -> Intervals:
    """Sorted, disjoint, non-touching half-open intervals."""
    merged: Intervals = []
    for low, high in sorted(i for i in intervals if i[0] < i[1]):
        if merged and low <= merged[-1][1]:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


def _intersect(one: Intervals, two: Intervals) -> Intervals:
    if not one or not two:
        return []
    # One interval that covers the other list whole (the usual start of a narrowing) changes nothing.
    if len(one) == 1 and one[0][0] <= two[0][0] and two[-1][1] <= one[0][1]:
        return list(two)
    if len(two) == 1 and two[0][0] <= one[0][0] and one[-1][1] <= two[0][1]:
        return list(one)
    found: Intervals = []
    i = j = 0
    while i < len(one) and j < len(two):
        low, high = max(one[i][0], two[j][0]), min(one[i][1], two[j][1])
        if low < high:
            found.append((low, high))
        if one[i][1] < two[j][1]:
            i += 1
        else:
            j += 1
    return found


def _complement(intervals: Intervals, low: int, high: int) -> Intervals:
    gaps: Intervals = []
    cursor = low
    for start, end in intervals:
        if start > cursor:
            gaps.append((cursor, min(start, high)))
        cursor = max(cursor, end)
    if cursor < high:
        gaps.append((cursor, high))
    return [g for g in gaps if g[0] < g[1]]


def _containing(intervals: Intervals, value: int) -> tuple[int, int] | None:
    position = bisect.bisect_right(intervals, (value, float("inf"))) - 1
    if position >= 0 and intervals[position][0] <= value < intervals[position][1]:
        return intervals[position]
    return None


# ---------------------------------------------------------------------------------------------
# A zone's UTC offset, piecewise constant between its changes


class _Offsets(ZoneOffsets):
    """The UTC offset of a zone over a stretch of time, as segments between its changes."""

    def segments(self, shift: int, low: int, high: int) -> list[tuple[int, int, int]]:
        """(from, to, offset): the starts S in [low, high) over which S + shift has one offset."""
        found = []
        for index, opens in enumerate(self.starts):
            end = self.starts[index + 1] if index + 1 < len(self.starts) else high + shift + DAY_US
            begin = min(opens, low + shift) if index == 0 else opens
            lo, hi = max(begin - shift, low), min(end - shift, high)
            if lo < hi:
                found.append((lo, hi, self.offsets[index]))
        return found

    def pairs(self, one: int, two: int, low: int, high: int) -> Iterator[tuple[int, int, int, int]]:
        """(from, to, offset at S + one, offset at S + two) over [low, high)."""
        first, second = self.segments(one, low, high), self.segments(two, low, high)
        i = j = 0
        while i < len(first) and j < len(second):
            lo, hi = max(first[i][0], second[j][0]), min(first[i][1], second[j][1])
            if lo < hi:
                yield lo, hi, first[i][2], second[j][2]
            if first[i][1] < second[j][1]:
                i += 1
            else:
                j += 1


def _clock_us(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _hours_allowed(offsets: _Offsets, start: int, end: int, hours: LocalHours, *, low: int, high: int) -> Intervals:
    """The event starts S in [low, high) for which ``hours.contains`` holds for the item
    [S + start, S + end) read in the zone: its local start inside a daily window and its local
    end no later than that window's close (wall times, as `LocalHours.contains` compares them)."""
    if hours.whole_day:
        return [(low, high)]
    opens = _clock_us(hours.start)
    length = (_clock_us(hours.end) - opens) % DAY_US or DAY_US
    found: Intervals = []
    for lo, hi, first, second in offsets.pairs(start, end, low, high):
        start_only = (end + second) - (start + first) <= 0
        shift = start + first
        for day in range((lo + shift) // DAY_US - 1, (hi + shift) // DAY_US + 2):
            window_open = day * DAY_US + opens
            window_close = window_open + length
            a = window_open - shift
            b = window_close - shift if start_only else min(window_close - shift, window_close - end - second + 1)
            a, b = max(a, lo), min(b, hi)
            if a < b:
                found.append((a, b))
    return _merge(found)


def _runs(spans: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Items of positive length that follow one another without a gap, grouped; others alone."""
    runs: list[list[tuple[int, int]]] = []
    for start, end in sorted(spans):
        if runs and end > start and runs[-1][-1][1] == start and runs[-1][-1][1] > runs[-1][-1][0]:
            runs[-1].append((start, end))
        else:
            runs.append([(start, end)])
    return runs


def _run_allowed(
    offsets: _Offsets, run: Sequence[tuple[int, int]], hours: LocalHours, low: int, high: int
) -> Intervals:
    """`_hours_allowed` for every item of a run at once. Where the zone's offset is the same at
    the run's start and end, the items lie in one daily window exactly when the whole run does
    (each starts where the one before ends, and windows never touch); elsewhere, over the short
    stretches where the offset changes inside the run, each item is taken on its own."""
    if len(run) == 1:
        return _hours_allowed(offsets, *run[0], hours, low=low, high=high)
    first, last = run[0][0], run[-1][1]
    found: Intervals = []
    for lo, hi, before, after in offsets.pairs(first, last, low, high):
        if before == after:
            found.extend(_hours_allowed(offsets, first, last, hours, low=lo, high=hi))
        else:
            allowed = [(lo, hi)]
            for start, end in run:
                allowed = _intersect(allowed, _hours_allowed(offsets, start, end, hours, low=lo, high=hi))
            found.extend(allowed)
    return _merge(found)


def _days_forbidden(offsets: _Offsets, last: int, forbidden: Callable[[int], bool], low: int, high: int) -> Intervals:
    """The starts S whose span of local dates, from S to S + last, holds a forbidden day
    (days counted from 1970-01-01 in the zone)."""
    found: Intervals = []
    for lo, hi, first, second in offsets.pairs(0, last, low, high):
        for day in range((lo + first) // DAY_US, (hi + last + second) // DAY_US + 1):
            if forbidden(day):
                a, b = max(day * DAY_US - last - second, lo), min((day + 1) * DAY_US - first, hi)
                if a < b:
                    found.append((a, b))
    return _merge(found)


def _availability_allowed(windows: Sequence[tuple[int, int]], start: int, end: int) -> Intervals:
    """Starts for which the item [S + start, S + end) lies in the window that the last window
    beginning at or before its start is (AG303's reading of merged windows)."""
    found = []
    for index, (opens, closes) in enumerate(windows):
        following = windows[index + 1][0] - start if index + 1 < len(windows) else None
        high = closes - end + 1 if following is None else min(following, closes - end + 1)
        found.append((opens - start, high))
    return _merge(found)


# ---------------------------------------------------------------------------------------------
# What the planner returns


@attrs.frozen(kw_only=True)
class LocalSpan:
    """A candidate's span as wall times in one zone, for the people named."""

    who: str
    zone: ZoneInfo
    start: datetime
    end: datetime


@attrs.frozen(kw_only=True)
class Reason:
    """One line of a candidate's explanation, with the points it adds to the score (or takes off)."""

    points: float
    text: str


@attrs.frozen(kw_only=True)
class Candidate:
    """A start that checks clean for the hard limits, its score and why. `start`/`end` are UTC."""

    rank: int
    start: datetime
    end: datetime
    score: float
    margin: timedelta
    reasons: tuple[Reason, ...]
    local: tuple[LocalSpan, ...]


@attrs.frozen(kw_only=True)
class Breach:
    """A limit a near miss breaks, and by how much: the start would have to move `by` in `direction`."""

    limit: str
    code: str
    subject: str
    path: str
    #: None when no start in reach meets the limit at all (an item longer than someone's hours).
    by: timedelta | None
    direction: str

    @property
    def text(self) -> str:
        from agenda._words import format_duration

        what = f"{self.subject}: {_LIMIT_WORDS[self.limit]} ({self.code})"
        if self.by is None:
            return f"{what}; no start meets it"
        return f"{what}; start {format_duration(_whole_minutes_up(self.by))} {self.direction} to meet it"


@attrs.frozen(kw_only=True)
class NearMiss:
    """A start that breaks few limits by little, when none fits."""

    start: datetime
    end: datetime
    breaches: tuple[Breach, ...]
    local: tuple[LocalSpan, ...]


@attrs.frozen(kw_only=True)
class Rotation:
    """For a series: alternate two starts, so that each audience has its hours at one of them."""

    first: datetime
    second: datetime
    first_serves: tuple[str, ...]
    second_serves: tuple[str, ...]
    length: timedelta
    local: tuple[tuple[LocalSpan, ...], tuple[LocalSpan, ...]]


@attrs.frozen(kw_only=True)
class Plan:
    """The planner's answer: the best candidates, how many starts fit, and near misses and a
    rotation when none does. `codes` are the rules applied as hard limits."""

    agenda: Agenda
    window_start: datetime
    window_end: datetime
    step: timedelta
    length: timedelta
    codes: tuple[str, ...]
    relaxed: tuple[str, ...]
    scanned: int
    fitting: int
    candidates: tuple[Candidate, ...]
    near_misses: tuple[NearMiss, ...] = ()
    rotation: Rotation | None = None
    notes: tuple[str, ...] = ()


_LIMIT_WORDS = {
    "audience-hours": "audience hours",
    "speaker-hours": "working hours",
    "availability": "availability",
    "holidays": "public holiday",
    "weekends": "weekend",
    "dst": "DST change",
}


def _whole_minutes_up(value: timedelta) -> timedelta:
    return timedelta(minutes=-(-value // timedelta(minutes=1)))


# ---------------------------------------------------------------------------------------------
# Moving an agenda


def shift(agenda: Agenda, start: datetime, *, timeline: Timeline | None = None) -> Agenda:
    """The agenda moved so that it starts at `start` (an aware instant): the event's start and
    booked end, and every fixed start, move by the same exact amount; wall times are written in
    each value's own zone (the second of two equal wall times keeps ``fold=1``). `timeline` is
    the agenda's, when already built."""
    if start.tzinfo is None:
        raise PlanError(f"naive start {start.isoformat()}: give it a zone")
    timeline = timeline or build_timeline(agenda)
    delta = start - timeline.start
    slots = {slot.path: slot for slot in timeline.slots}

    def moved(value: datetime, instant: datetime) -> datetime:
        zone = value.tzinfo
        return (instant + delta).astimezone(zone)

    def walk(nodes: Sequence[Node], prefix: str) -> tuple[Node, ...]:
        result: list[Node] = []
        for index, node in enumerate(nodes):
            path = f"{prefix}[{index}]"
            changes: dict[str, object] = {}
            if node.start is not None:
                changes["start"] = moved(node.start, slots[path].start)
            if isinstance(node, Part):
                changes["items"] = walk(node.items, f"{path}.items")
            result.append(attrs.evolve(node, **changes))  # type: ignore[arg-type]
        return tuple(result)

    event = agenda.event

    new_end = None
    if event.end is not None:
        end_instant, _ = resolve_local(event.end)
        new_end = moved(event.end, end_instant.astimezone(UTC))
    new_event = attrs.evolve(event, start=start.astimezone(event.zone), end=new_end)
    return attrs.evolve(agenda, event=new_event, parts=walk(agenda.parts, "parts"))


# ---------------------------------------------------------------------------------------------
# The limits of one agenda, as sets of allowed starts


@attrs.frozen(kw_only=True)
class _Limit:
    limit: str
    code: str
    subject: str
    path: str
    allowed: Intervals
    #: Counts towards the margin (hours and availability), divided by `weight`.
    margin: bool = False
    weight: float = 1.0
    audience: int | None = None


def hard_codes(agenda: Agenda, relax: Iterable[str] = ()) -> tuple[str, ...]:
    """The rule codes the planner applies to `agenda`: the hard limits that the agenda's own
    ``check`` settings select and do not turn into notes, less those relaxed (limit names or codes)."""
    relaxed: set[str] = set()
    for name in relax:
        key = name.strip()
        if key in LIMITS:
            relaxed.update(LIMITS[key])
        elif any(key.upper() in codes for codes in LIMITS.values()):
            relaxed.add(key.upper())
        else:
            raise PlanError(
                f"unknown limit {name!r}: use {', '.join(LIMITS)} or one of their rule codes "
                f"({', '.join(c for codes in LIMITS.values() for c in codes)})"
            )
    settings = agenda.check
    active = {rule.code for rule in resolve_selection(settings.select, settings.ignore)}
    notes = {get_rule(key).code for key, level in settings.severity.items() if Severity.parse(level) is Severity.INFO}
    return tuple(c for codes in LIMITS.values() for c in codes if c in active and c not in notes and c not in relaxed)


def _holiday_days(source: HolidaySource, country: str, years: range) -> tuple[Callable[[int], bool] | None, str | None]:
    """Whether a day (counted from 1970) is a public holiday in `country`, or a note why not known."""
    from agenda._holidays import NoCalendarError

    try:
        calendar = source(country, years)
    except NoCalendarError:
        return None, f"public holidays not checked for country {country!r}: no calendar for it"
    if calendar is None:
        return None, (
            "public holidays not checked: the holidays package is not installed (pip install 'agenda[holidays]')"
        )
    days = frozenset(day.toordinal() - _EPOCH_ORDINAL for day, name in calendar.items() if name)
    return days.__contains__, None


class _Limits:
    """Every hard limit of one agenda over a stretch of starts."""

    def __init__(
        self, agenda: Agenda, codes: Sequence[str], low: int, high: int, holidays: HolidaySource | None = None
    ) -> None:
        self.agenda = agenda
        self.holiday_source = holidays or package_holidays
        self.timeline = build_timeline(agenda)
        self.low, self.high = low, high
        self.notes: list[str] = []
        origin = self.timeline.start
        self.length = _us(self.timeline.end) - _us(origin)
        items = [(slot, _us(slot.start) - _us(origin), _us(slot.end) - _us(origin)) for slot in self.timeline.items()]
        self.items = items
        reach = max([self.length, 0, *(end for _, _, end in items), *(start for _, start, _ in items)])
        earliest = min([0, *(start for _, start, _ in items)])
        self._span = (low + earliest - 2 * DAY_US, high + reach + 2 * DAY_US)
        self.limits: list[_Limit] = []
        self.ignores = self._ignores()
        wanted = set(codes)
        if "AG401" in wanted:
            self._audience_hours()
        if "AG402" in wanted:
            self._speaker_hours()
        if "AG303" in wanted:
            self._availability()
        if "AG701" in wanted:
            self._holidays()
        if "AG702" in wanted:
            self._weekends()
        if "AG504" in wanted:
            self._folds()
        if "AG502" in wanted:
            self._changes()

    def _ignores(self) -> list[tuple[str, tuple[str, ...]]]:
        """(path, selectors) of every ``ignore`` in the agenda: nodes, speakers, audiences."""
        agenda = self.agenda
        found = [(path, node.ignore) for path, node in agenda.walk() if node.ignore]
        found.extend((f"speakers[{i}]", s.ignore) for i, s in enumerate(agenda.speakers) if s.ignore)
        found.extend((f"audiences[{i}]", a.ignore) for i, a in enumerate(agenda.audiences) if a.ignore)
        return found

    def suppressed(self, code: str, *paths: str) -> bool:
        """Whether the agenda's own ``ignore`` entries suppress a finding of `code` at `paths` (its
        path and related paths), as the check engine does: an entry covers itself and what is inside it."""
        from agenda.checks.registry import get_rule, matches

        if not self.ignores:
            return False
        rule = get_rule(code)
        return any(
            any(p == scope or (p.startswith(scope) and p[len(scope)] in ".[") for p in paths)
            and any(matches(selector, rule) for selector in selectors)
            for scope, selectors in self.ignores
        )

    @functools.cache  # noqa: B019 - one set of limits per plan, and zones repeat
    def offsets(self, zone: ZoneInfo) -> _Offsets:
        return _Offsets(zone, *self._span)

    def _audience_hours(self) -> None:
        settings = self.agenda.check
        for index, audience in enumerate(self.agenda.audiences):
            hours = audience.hours or settings.audience_hours
            if hours is None:
                continue
            allowed = [(self.low, self.high)]
            zone = self.offsets(audience.zone)
            spans = [
                (start, end)
                for slot, start, end in self.items
                if item_of(slot).kind is not ItemKind.BREAK
                and not self.suppressed("AG401", slot.path, f"audiences[{index}]")
            ]
            for run in _runs(spans):
                allowed = _intersect(allowed, _run_allowed(zone, run, hours, self.low, self.high))
            self.limits.append(
                _Limit(
                    limit="audience-hours",
                    code="AG401",
                    subject=audience.name,
                    path=f"audiences[{index}]",
                    allowed=allowed,
                    margin=True,
                    weight=audience.weight,
                    audience=index,
                )
            )

    def _bookings(self) -> dict[str, list[tuple[Slot, int, int]]]:
        found: dict[str, list[tuple[Slot, int, int]]] = {}
        for slot, start, end in self.items:
            for speaker_id in dict.fromkeys(item_of(slot).speakers):
                found.setdefault(speaker_id, []).append((slot, start, end))
        return found

    def _speaker_hours(self) -> None:
        default = self.agenda.check.working_hours
        declared = {s.id: (i, s) for i, s in reversed(list(enumerate(self.agenda.speakers)))}
        for speaker_id, bookings in self._bookings().items():
            if speaker_id not in declared or declared[speaker_id][1].zone is None:
                continue
            index, speaker = declared[speaker_id]
            if speaker.zone is None:
                continue
            hours = speaker.hours or default  # their own hours, as AG402 reads them
            zone = self.offsets(speaker.zone)
            allowed = [(self.low, self.high)]
            kept = [
                (start, end)
                for slot, start, end in bookings
                if not self.suppressed("AG402", f"{slot.path}.speakers", f"speakers[{index}]")
            ]
            for run in _runs(kept):
                allowed = _intersect(allowed, _run_allowed(zone, run, hours, self.low, self.high))
            self.limits.append(
                _Limit(
                    limit="speaker-hours",
                    code="AG402",
                    subject=speaker.name,
                    path=f"speakers[{index}]",
                    allowed=allowed,
                    margin=True,
                )
            )

    def _availability(self) -> None:
        from agenda.checks.rules.people import _merged

        declared = {s.id: (i, s) for i, s in reversed(list(enumerate(self.agenda.speakers)))}
        for speaker_id, bookings in self._bookings().items():
            if speaker_id not in declared or not declared[speaker_id][1].availability:
                continue
            index, speaker = declared[speaker_id]
            windows = [(_us(a), _us(b)) for a, b in _merged(speaker.availability)]
            allowed = [(self.low, self.high)]
            for slot, start, end in bookings:
                if self.suppressed("AG303", f"{slot.path}.speakers", f"speakers[{index}].availability"):
                    continue
                allowed = _intersect(allowed, _availability_allowed(windows, start, end))
            self.limits.append(
                _Limit(
                    limit="availability",
                    code="AG303",
                    subject=speaker.name,
                    path=f"speakers[{index}].availability",
                    allowed=allowed,
                    margin=True,
                )
            )

    def _last(self) -> int:
        return max(0, self.length - 1)

    def _holidays(self) -> None:
        if not self.agenda.check.holidays:
            return
        first, last = _instant(self._span[0]).year, _instant(self._span[1]).year
        for index, audience in enumerate(self.agenda.audiences):
            if not audience.country or self.suppressed("AG701", f"audiences[{index}].country"):
                continue
            is_holiday, note = _holiday_days(self.holiday_source, audience.country, range(first, last + 1))
            if is_holiday is None:
                if note not in self.notes:
                    self.notes.append(note or "")
                continue
            forbidden = _days_forbidden(self.offsets(audience.zone), self._last(), is_holiday, self.low, self.high)
            self.limits.append(
                _Limit(
                    limit="holidays",
                    code="AG701",
                    subject=audience.name,
                    path=f"audiences[{index}].country",
                    allowed=_complement(forbidden, self.low, self.high),
                )
            )

    def _weekends(self) -> None:
        from agenda.checks.rules.weekends import weekend_of

        for index, audience in enumerate(self.agenda.audiences):
            if not audience.country or self.suppressed("AG702", f"audiences[{index}].country"):
                continue
            days = weekend_of(audience.country)

            def is_weekend(day: int, days: frozenset[int] = days) -> bool:
                return (day + 3) % 7 in days  # 1970-01-01 was a Thursday

            forbidden = _days_forbidden(self.offsets(audience.zone), self._last(), is_weekend, self.low, self.high)
            self.limits.append(
                _Limit(
                    limit="weekends",
                    code="AG702",
                    subject=audience.name,
                    path=f"audiences[{index}].country",
                    allowed=_complement(forbidden, self.low, self.high),
                )
            )

    def _written_starts(self) -> Iterator[tuple[str, int, ZoneInfo]]:
        """(path, offset from the start, zone) of each local time the moved agenda writes."""
        event = self.agenda.event
        yield "event.start", 0, event.zone
        origin = _us(self.timeline.start)
        if event.end is not None and isinstance(event.end.tzinfo, ZoneInfo):
            # The booked end moves with the start (see `shift`), and check reads it for DST too.
            yield "event.end", _us(resolve_local(event.end)[0]) - origin, event.end.tzinfo
        for slot in self.timeline.slots:
            node = slot.node
            if node.start is not None and isinstance(node.start.tzinfo, ZoneInfo):
                yield f"{slot.path}.start", _us(slot.start) - origin, node.start.tzinfo

    def _folds(self) -> None:
        forbidden: Intervals = []
        for path, offset, zone in self._written_starts():
            if self.suppressed("AG504", path):
                continue
            for moment, before, after in self.offsets(zone).changes:
                if after < before:
                    back = (before - after) // _US
                    forbidden.append((_us(moment) - back - offset, _us(moment) + back - offset))
        self._add_dst("AG504", "local times", forbidden)

    def _changes(self) -> None:
        length = self.length // 1_000_000 * 1_000_000
        if length <= 0:
            return
        zones: dict[str, ZoneInfo] = {self.agenda.event.zone.key: self.agenda.event.zone}
        for audience in self.agenda.audiences:
            zones.setdefault(audience.zone.key, audience.zone)
        for speaker in self.agenda.speakers:
            if speaker.zone is not None:
                zones.setdefault(speaker.zone.key, speaker.zone)
        # AG502 names the item running at the change (the last to start by then, else the
        # first): where that item ignores the rule, the change does not count.
        order = {slot.path: n for n, (slot, _, _) in enumerate(self.items)}
        running = sorted(self.items, key=lambda entry: (entry[1], entry[2], order[entry[0].path]))
        quiet = [self.suppressed("AG502", slot.path) for slot, _, _ in running]
        forbidden = []
        for zone in zones.values():
            for moment, _, _ in self.offsets(zone).changes:
                change = _us(moment)
                if not any(quiet):
                    forbidden.append((change - length, change))
                    continue
                for k in range(len(running)):
                    # S for which item k is the one named: its start is at or before the change,
                    # the next one's is after it (the first item also when none has started).
                    high = change - running[k][1] + 1
                    low = change - running[k + 1][1] + 1 if k + 1 < len(running) else None
                    if k == 0:
                        high = change + DAY_US * 3650
                    if not quiet[k]:
                        lo = max(change - length, low) if low is not None else change - length
                        hi = min(change, high)
                        if lo < hi:
                            forbidden.append((lo, hi))
        self._add_dst("AG502", "participant zones", forbidden)

    def _add_dst(self, code: str, subject: str, forbidden: Intervals) -> None:
        merged = _merge(forbidden)
        self.limits.append(
            _Limit(
                limit="dst",
                code=code,
                subject=subject,
                path="event.start",
                allowed=_complement(merged, self.low, self.high),
            )
        )

    def broken_at(self, value: int) -> list[_Limit]:
        """The limits a start breaks (for tests and explanations)."""
        return [limit for limit in self.limits if _containing(limit.allowed, value) is None]


# ---------------------------------------------------------------------------------------------
# Planning


def _grid(low: int, step: int, count: int, intervals: Intervals) -> Iterator[int]:
    """The grid points low + k * step (k < count) inside the intervals."""
    for start, end in intervals:
        first = max(0, -(-(start - low) // step))
        last = min(count, -(-(end - low) // step))
        for k in range(first, last):
            yield low + k * step


def _local(agenda: Agenda, start: datetime, end: datetime) -> tuple[LocalSpan, ...]:
    """The span in each audience's zone, the event's zone if no audience is in it, and each
    speaker's zone not shown yet."""
    spans = []
    shown = set()
    for audience in agenda.audiences:
        spans.append(LocalSpan(who=audience.name, zone=audience.zone, start=start, end=end))
        shown.add(audience.zone.key)
    if agenda.event.zone.key not in shown:
        spans.insert(0, LocalSpan(who="event", zone=agenda.event.zone, start=start, end=end))
        shown.add(agenda.event.zone.key)
    others: dict[str, tuple[ZoneInfo, list[str]]] = {}
    for speaker in agenda.speakers:
        if speaker.zone is not None and speaker.zone.key not in shown:
            others.setdefault(speaker.zone.key, (speaker.zone, []))[1].append(speaker.name)
    for zone, names in others.values():
        who = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
        spans.append(LocalSpan(who=who, zone=zone, start=start, end=end))
    return tuple(spans)


def _parse_prefer_starts(values: Iterable[tuple[ZoneInfo, time] | str], zone: ZoneInfo) -> list[tuple[ZoneInfo, int]]:
    found = []
    for value in values:
        if isinstance(value, str):
            from agenda._times import _parse_clock, get_zone

            clock_text, _, key = value.strip().partition(" ")
            found.append((get_zone(key) if key else zone, _clock_us(_parse_clock(clock_text))))
        else:
            found.append((value[0], _clock_us(value[1])))
    return found


def plan(
    agenda: Agenda,
    start: datetime,
    end: datetime,
    *,
    step: timedelta = timedelta(minutes=15),
    top: int = 10,
    relax: Iterable[str] = (),
    weekdays: Iterable[int] = (),
    prefer_starts: Iterable[tuple[ZoneInfo, time] | str] = (),
    same_date: bool = True,
    holidays: HolidaySource | None = None,
) -> Plan:
    """Every start from `start` (included) to `end` (excluded), `step` apart in UTC, at which the
    agenda as it is checks clean for the hard limits; the best `top` of them, explained.

    `relax` names limits (or rule codes) not to apply; `weekdays` (Monday 0 ... Sunday 6, in the
    event's zone) and `prefer_starts` (``(zone, time)`` pairs or text such as ``"11:00"`` in the
    event's zone or ``"14:00 Asia/Kolkata"``) are preferences; `same_date` takes points off an
    event that falls on different local dates in different zones. When nothing fits, the plan
    has near misses and, where two starts can share the audiences between them, a rotation.
    `holidays` is where public holidays come from (the `holidays` package by default), as for `check`.
    """
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None or value.utcoffset() is None:
            raise PlanError(f"the window's {name} {value.isoformat()} is naive: give it a zone")
    if step <= timedelta(0) or step % timedelta(seconds=1):
        raise PlanError(f"the step must be a whole number of seconds above zero, got {step}")
    if top < 1:
        raise PlanError(f"top must be at least 1, got {top}")
    low, high, every = _us(start), _us(end), step // _US
    if low % 1_000_000:
        raise PlanError(f"the window must start on a whole second, got {start.isoformat()}")
    if high <= low:
        raise PlanError(f"the window is empty: {end.isoformat()} is not after {start.isoformat()}")
    count = -(-(high - low) // every)
    if count > MAX_STEPS:
        raise PlanError(f"{count:,} starts to scan; at most {MAX_STEPS:,}: use a shorter window or a longer step")
    relax = tuple(relax)
    codes = hard_codes(agenda, relax)
    pad = _CAP + DAY_US
    limits = _Limits(agenda, codes, low - pad, high + pad, holidays)
    fitting: Intervals = [(low, high)]
    for limit in limits.limits:
        fitting = _intersect(fitting, limit.allowed)

    scorer = _Scorer(agenda, limits, tuple(weekdays), _parse_prefer_starts(prefer_starts, agenda.event.zone), same_date)
    total = 0
    best: list[tuple[float, int]] = []
    for point in _grid(low, every, count, fitting):
        total += 1
        score = scorer.quick(point)
        if len(best) < top:
            heapq.heappush(best, (score, -point))
        elif (score, -point) > best[0]:
            heapq.heapreplace(best, (score, -point))
    ranked = sorted(best, key=lambda pair: (-pair[0], -pair[1]))
    candidates = tuple(scorer.explain(rank, -point) for rank, (_, point) in enumerate(ranked, start=1))
    near: tuple[NearMiss, ...] = ()
    rotation = None
    if total == 0:
        near = _near_misses(agenda, limits, low, every, count, top=top)
        rotation = _rotation(agenda, limits, low, every, count)
    return Plan(
        agenda=agenda,
        window_start=start,
        window_end=end,
        step=step,
        length=timedelta(microseconds=limits.length),
        codes=codes,
        relaxed=relax,
        scanned=count,
        fitting=total,
        candidates=candidates,
        near_misses=near,
        rotation=rotation,
        notes=tuple(limits.notes),
    )


class _Scorer:
    """Scores starts: fast for every candidate, in words for the few shown."""

    def __init__(
        self,
        agenda: Agenda,
        limits: _Limits,
        weekdays: tuple[int, ...],
        prefer: list[tuple[ZoneInfo, int]],
        same_date: bool,
    ) -> None:
        self.agenda, self.limits = agenda, limits
        self.weekdays, self.prefer, self.same_date = frozenset(weekdays), prefer, same_date
        self.margined = [limit for limit in limits.limits if limit.margin]
        # The smallest margin at a start is its distance to the nearest edge of any margin
        # limit's allowed intervals (the intervals of one limit are disjoint), so one sorted
        # list of edges per weight answers it with a bisection.
        self.edges: dict[float, list[int]] = {}
        for limit in self.margined:
            edges = self.edges.setdefault(limit.weight, [])
            for a, b in limit.allowed:
                if a > limits.low:
                    edges.append(a)
                if b < limits.high:
                    edges.append(b - 1)
        for edges in self.edges.values():
            edges.sort()
        self.event_zone = limits.offsets(agenda.event.zone)
        zones = {agenda.event.zone.key: agenda.event.zone}
        for audience in agenda.audiences:
            zones.setdefault(audience.zone.key, audience.zone)
        self.date_zones = [limits.offsets(zone) for zone in zones.values()]
        self.last = max(0, limits.length - 1)

    def margin(self, value: int) -> tuple[float, int]:
        """(the smallest weighted margin, in minutes; the unweighted one in microseconds)."""
        weighted, plain = float(_CAP // MINUTE_US), _CAP
        for weight, edges in self.edges.items():
            position = bisect.bisect_left(edges, value)
            distance = _CAP
            if position < len(edges):
                distance = min(distance, edges[position] - value)
            if position > 0:
                distance = min(distance, value - edges[position - 1])
            plain = min(plain, distance)
            weighted = min(weighted, distance / MINUTE_US / weight)
        return weighted, plain

    def _day(self, offsets: _Offsets, value: int) -> int:
        return (value + offsets.at(value)) // DAY_US

    def dates_differ(self, value: int) -> bool:
        days = {self._day(zone, value) for zone in self.date_zones}
        days.update(self._day(zone, value + self.last) for zone in self.date_zones)
        return len(days) > 1

    def weekday(self, value: int) -> int:
        return (self._day(self.event_zone, value) + 3) % 7

    def start_distance(self, value: int) -> int | None:
        """Minutes from the nearest preferred local start, on the clock."""
        if not self.prefer:
            return None
        best = None
        for zone, clock in self.prefer:
            local = (value + self.limits.offsets(zone).at(value)) % DAY_US
            distance = abs(local - clock)
            distance = min(distance, DAY_US - distance) // MINUTE_US
            best = distance if best is None else min(best, distance)
        return best

    def quick(self, value: int) -> float:
        score, _ = self.margin(value)
        if self.weekdays and self.weekday(value) not in self.weekdays:
            score -= WEEKDAY_PENALTY
        distance = self.start_distance(value)
        if distance is not None:
            score -= distance * START_PENALTY
        if self.same_date and self.dates_differ(value):
            score -= DATE_PENALTY
        return score

    def explain(self, rank: int, value: int) -> Candidate:
        from agenda._words import format_duration, weekday_date

        start = _instant(value)
        end = start + timedelta(microseconds=self.limits.length)
        weighted, plain = self.margin(value)
        reasons = []
        tight = self._tightest(value)
        if tight is None:
            reasons.append(Reason(points=weighted, text="no hours or availability limit the start"))
        else:
            limit, earlier, later = tight
            room = format_duration(timedelta(minutes=min(earlier, later) // MINUTE_US))
            which = "later" if later <= earlier else "earlier"
            weight = f", weight {limit.weight:g}" if limit.weight != 1 else ""
            reasons.append(
                Reason(
                    points=weighted,
                    text=(
                        f"{room} inside everyone's limits; tightest: {limit.subject}'s {_LIMIT_WORDS[limit.limit]} "
                        f"({limit.code}{weight}), which a start more than {room} {which} would break"
                    ),
                )
            )
            others = [text for other, text in self._margins(value) if other is not limit]
            reasons.extend(Reason(points=0, text=text) for text in others[:3])
        if self.weekdays:
            day = weekday_date(start, self.agenda.event.zone)
            if self.weekday(value) in self.weekdays:
                reasons.append(Reason(points=0, text=f"{day.split()[0]} is a preferred weekday"))
            else:
                reasons.append(Reason(points=-WEEKDAY_PENALTY, text=f"{day.split()[0]} is not a preferred weekday"))
        distance = self.start_distance(value)
        if distance is not None:
            reasons.append(
                Reason(
                    points=-distance * START_PENALTY,
                    text=f"{format_duration(timedelta(minutes=distance))} from the nearest preferred local start"
                    if distance
                    else "at a preferred local start",
                )
            )
        if self.same_date:
            if self.dates_differ(value):
                days = sorted(
                    {weekday_date(moment, zone.zone) for zone in self.date_zones for moment in (start, end - _US)}
                )
                reasons.append(
                    Reason(points=-DATE_PENALTY, text=f"not on one local date everywhere: {', '.join(days)}")
                )
            else:
                reasons.append(Reason(points=0, text="on the same local date everywhere"))
        score = self.quick(value)
        return Candidate(
            rank=rank,
            start=start,
            end=end,
            score=round(score, 2),
            margin=timedelta(microseconds=plain),
            reasons=tuple(reasons),
            local=_local(self.agenda, start, end),
        )

    def _tightest(self, value: int) -> tuple[_Limit, int, int] | None:
        best: tuple[float, _Limit, int, int] | None = None
        for limit in self.margined:
            found = _containing(limit.allowed, value)
            if found is None:
                continue
            earlier = value - found[0] if found[0] > self.limits.low else _CAP
            later = found[1] - 1 - value if found[1] < self.limits.high else _CAP
            earlier, later = min(earlier, _CAP), min(later, _CAP)
            key = min(earlier, later) / limit.weight
            if best is None or key < best[0]:
                best = (key, limit, earlier, later)
        return None if best is None else best[1:]

    def _margins(self, value: int) -> list[tuple[_Limit, str]]:
        """Each margin limit's room, tightest first, in words."""
        from agenda._words import format_duration

        rows = []
        for limit in self.margined:
            found = _containing(limit.allowed, value)
            if found is None:
                continue
            earlier = min(value - found[0], _CAP) if found[0] > self.limits.low else _CAP
            later = min(found[1] - 1 - value, _CAP) if found[1] < self.limits.high else _CAP
            if min(earlier, later) >= _CAP:
                continue
            before, after = (
                format_duration(timedelta(minutes=room // MINUTE_US)) if room < _CAP else "any time"
                for room in (earlier, later)
            )
            text = f"{limit.subject}'s {_LIMIT_WORDS[limit.limit]}: {before} earlier, {after} later"
            rows.append((min(earlier, later) / limit.weight, text, limit))
        rows.sort(key=lambda row: (row[0], row[1]))
        return [(limit, text) for _, text, limit in rows]


def _near_misses(
    agenda: Agenda, limits: _Limits, low: int, every: int, count: int, *, top: int
) -> tuple[NearMiss, ...]:
    """The grid starts that break the fewest limits, by the least, one per run of equal breaches."""
    if not limits.limits:
        return ()
    satisfied = [0] * (count + 1)
    for limit in limits.limits:
        for a, b in limit.allowed:
            first = max(0, -(-(a - low) // every))
            last = min(count, -(-(b - low) // every))
            if first < last:
                satisfied[first] += 1
                satisfied[last] -= 1
    running, counts = 0, []
    for k in range(count):
        running += satisfied[k]
        counts.append(running)
    most = max(counts)
    pool = [k for k in range(count) if counts[k] == most]
    breaches: dict[int, list[Breach]] = {k: [] for k in pool}
    cost: dict[int, float] = dict.fromkeys(pool, 0.0)
    for limit in limits.limits:
        for a, b in _complement(limit.allowed, limits.low, limits.high):
            first = bisect.bisect_left(pool, -(-(a - low) // every))
            last = bisect.bisect_left(pool, -(-(b - low) // every))
            for k in pool[first:last]:
                value = low + k * every
                later = b - value if b < limits.high else None
                earlier = value - a + 1 if a > limits.low else None
                if later is not None and (earlier is None or later <= earlier):
                    by, direction = later, "later"
                elif earlier is not None:
                    by, direction = earlier, "earlier"
                else:
                    by, direction = None, "later"
                breaches[k].append(
                    Breach(
                        limit=limit.limit,
                        code=limit.code,
                        subject=limit.subject,
                        path=limit.path,
                        by=None if by is None else timedelta(microseconds=by),
                        direction=direction,
                    )
                )
                cost[k] += (_CAP if by is None else by) / limit.weight
    # One per run of neighbouring starts that break the same limits: the one that breaks them least.
    runs: list[tuple[float, int]] = []
    previous: tuple[int, tuple[tuple[str, str], ...]] | None = None
    for k in pool:
        key = tuple((b.code, b.subject) for b in breaches[k])
        if previous is not None and previous == (k - 1, key):
            if cost[k] < runs[-1][0]:
                runs[-1] = (cost[k], k)
        else:
            runs.append((cost[k], k))
        previous = (k, key)
    # The best of each different set of breaches first, so that the misses show the choices.
    ordered: list[tuple[float, int]] = []
    rest: list[tuple[float, int]] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    for cost_k, k in sorted(runs):
        key = tuple((b.code, b.subject) for b in breaches[k])
        (rest if key in seen else ordered).append((cost_k, k))
        seen.add(key)
    chosen = (ordered + rest)[:top]
    misses = []
    for _, k in chosen:
        start = _instant(low + k * every)
        end = start + timedelta(microseconds=limits.length)
        misses.append(NearMiss(start=start, end=end, breaches=tuple(breaches[k]), local=_local(agenda, start, end)))
    return tuple(misses)


def _rotation(agenda: Agenda, limits: _Limits, low: int, every: int, count: int) -> Rotation | None:
    """Two starts that meet every limit but audience hours, such that every audience has its hours at one."""
    audiences = [limit for limit in limits.limits if limit.limit == "audience-hours"]
    if len(audiences) < 2:
        return None
    rest: Intervals = [(low, low + count * every)]
    for limit in limits.limits:
        if limit.limit != "audience-hours":
            rest = _intersect(rest, limit.allowed)
    full = (1 << len(audiences)) - 1
    best: dict[int, tuple[float, int]] = {}
    for value in _grid(low, every, count, rest):
        mask, room = 0, float(_CAP)
        for bit, limit in enumerate(audiences):
            found = _containing(limit.allowed, value)
            if found is not None:
                mask |= 1 << bit
                room = min(room, min(value - found[0], found[1] - 1 - value) / limit.weight)
        if mask and (mask not in best or room > best[mask][0]):
            best[mask] = (room, value)
    pairs = [
        (min(best[m1][0], best[m2][0]), best[m1][1], best[m2][1], m1, m2)
        for m1 in best
        for m2 in best
        if m1 < m2 and m1 | m2 == full
    ]
    if not pairs:
        return None
    _, one, two, m1, m2 = max(pairs, key=lambda p: (p[0], -min(p[1], p[2])))
    if one > two:
        one, two, m1, m2 = two, one, m2, m1
    length = timedelta(microseconds=limits.length)
    first, second = _instant(one), _instant(two)
    return Rotation(
        first=first,
        second=second,
        first_serves=tuple(limit.subject for bit, limit in enumerate(audiences) if m1 >> bit & 1),
        second_serves=tuple(limit.subject for bit, limit in enumerate(audiences) if m2 >> bit & 1),
        length=length,
        local=(_local(agenda, first, first + length), _local(agenda, second, second + length)),
    )
