"""Time zones for calendars: the one VTIMEZONE form every client reads alike, and which wall
times may be written with a TZID at all. Pure: reads only the zoneinfo database.

Outlook and Exchange read a VTIMEZONE as one yearly rule: the STANDARD and the DAYLIGHT
sub-component with the latest DTSTART, their RRULE (``FREQ=YEARLY;BYMONTH=m;BYDAY=nSU``), never an
RDATE ([MS-OXCICAL] 2.1.3.1.1.19). So a zone is written as the rule it follows now: the latest run
of years, up to `HORIZON`, in which its changes recur on the same weekday of the same month at the
same wall time with the same offsets; one STANDARD and one DAYLIGHT with that RRULE, DTSTART the
wall time before the first change of the run; a single STANDARD for a zone without changes since
its last one. The form depends only on the key (and the tz database), so every export carries the
same bytes for a zone: vobject, hence Radicale, keeps the first VTIMEZONE it sees for a TZID.

A wall time is written with its TZID only where every reader maps it to the same instant: on or
after the rule's first change, and not in a DST fold (RFC 5545 3.3.5 reads a repeated wall time as
the first occurrence, libical and ical.js as the second). Anything else is written in UTC, which
every reader agrees on.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

__all__ = ["HORIZON", "Change", "ZoneForm", "in_fold", "written", "zone_form"]

#: The last year whose changes define a zone's current rule. The tz database states the rule that
#: follows its last listed change (the POSIX TZ string), so the rule found here goes on after it.
HORIZON = 2037
#: The earliest year looked at: the model's.
FIRST_YEAR = 1900
#: How many years in a row a yearly rule must hold before it is trusted to go on: enough for the
#: first of each month to fall on every weekday, so that a rule such as Chile's "first Sunday on or
#: after the 2nd" or Israel's "Friday before the last Sunday" is not taken for ``1SU`` or ``4FR``.
MIN_RUN = 8
_UTC = ZoneInfo("UTC")
_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@attrs.frozen
class Change:
    """One change of a zone's offset: the instant, the offsets before and after, the name after."""

    instant: datetime
    before: timedelta
    after: timedelta
    name: str

    @property
    def wall(self) -> datetime:
        """The naive wall time just before the change: a VTIMEZONE's DTSTART."""
        return (self.instant + self.before).replace(tzinfo=None)

    def forms(self) -> frozenset[int]:
        """The weekday positions in its month that name the change's day: ``n`` (1-4) and ``-1``."""
        day = self.wall.day
        last = calendar.monthrange(self.wall.year, self.wall.month)[1]
        found = {(day - 1) // 7 + 1} if day <= 28 else set()
        if day + 7 > last:
            found.add(-1)
        return frozenset(found)

    def signature(self) -> tuple[int, int, tuple[int, int, int], timedelta, timedelta]:
        wall = self.wall
        return (wall.month, wall.weekday(), (wall.hour, wall.minute, wall.second), self.before, self.after)


@attrs.frozen
class Observance:
    """A STANDARD or DAYLIGHT: its first change, and the yearly BYDAY position (None: no RRULE)."""

    change: Change
    position: int | None

    @property
    def daylight(self) -> bool:
        """A DAYLIGHT: the higher offset of a yearly rule (a zone's only observance is a STANDARD)."""
        return self.position is not None and self.change.after > self.change.before

    def rrule(self) -> str | None:
        if self.position is None:
            return None
        wall = self.change.wall
        return f"FREQ=YEARLY;BYMONTH={wall.month};BYDAY={self.position}{_WEEKDAYS[wall.weekday()]}"


@attrs.frozen
class ZoneForm:
    """How a zone is written: its observances (one STANDARD, or a STANDARD and a DAYLIGHT with a
    yearly rule) and the first instant they describe."""

    key: str
    observances: tuple[Observance, ...]
    start: datetime


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    value = instant.astimezone(zone).utcoffset()
    return value if value is not None else timedelta(0)


@functools.cache
def _changes(zone: ZoneInfo, year: int) -> tuple[Change, ...]:
    """The offset changes of `zone` in `year` (UTC), found day by day and bisected to the second."""
    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    before = _offset(zone, day)
    while day.year == year:
        following = day + _DAY
        after = _offset(zone, following)
        if after != before:
            low, high = day, following
            while high - low > _SECOND:
                middle = low + (high - low) // 2
                middle = middle.replace(microsecond=0)
                if _offset(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            name = high.astimezone(zone).tzname() or ""
            found.append(Change(instant=high, before=before, after=after, name=name))
        day, before = following, after
    return tuple(found)


def _years_back(zone: ZoneInfo) -> Iterator[tuple[int, tuple[Change, ...]]]:
    for year in range(HORIZON, FIRST_YEAR - 1, -1):
        yield year, _changes(zone, year)


@functools.cache
def zone_form(zone: ZoneInfo) -> ZoneForm | None:
    """The current rule of `zone` as a VTIMEZONE form, or None when no yearly rule describes its
    recent years (changes on varying weekdays or dates, such as Morocco's around Ramadan): then
    every time in that zone is written in UTC."""
    years = _years_back(zone)
    _, latest = next(years)
    if not latest:
        # No change in the horizon year: a fixed offset since the last change (or ever).
        for _, changes in years:
            if changes:
                return _fixed(zone, changes[-1])
        origin = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
        offset = _offset(zone, origin)
        name = origin.astimezone(zone).tzname() or ""
        return _fixed(zone, Change(instant=origin - offset, before=offset, after=offset, name=name))
    if len(latest) != 2 or latest[0].after != latest[1].before or latest[1].after != latest[0].before:
        return None
    signatures = [change.signature() for change in latest]
    positions = [change.forms() for change in latest]
    first = latest
    run = 1
    for _, changes in years:
        if len(changes) != 2 or [c.signature() for c in changes] != signatures:
            break
        narrowed = [known & change.forms() for known, change in zip(positions, changes, strict=True)]
        if not all(narrowed):
            break
        positions, first, run = narrowed, changes, run + 1
    if run < MIN_RUN:
        return None
    # Prefer "last" (-1) where it fits: it is what the rule usually says and stays right in
    # months whose length varies.
    observances = tuple(
        Observance(change=change, position=-1 if -1 in forms else min(forms))
        for change, forms in zip(first, positions, strict=True)
    )
    ordered = tuple(sorted(observances, key=lambda o: not o.daylight))
    return ZoneForm(key=zone.key, observances=ordered, start=min(c.instant for c in first))


def _fixed(zone: ZoneInfo, last: Change) -> ZoneForm:
    return ZoneForm(key=zone.key, observances=(Observance(change=last, position=None),), start=last.instant)


@functools.cache
def _shifted_walls(zone: ZoneInfo, year: int) -> tuple[tuple[datetime, datetime], ...]:
    """The naive wall times around `year` that a change repeats or skips, as ``[from, to)``."""
    spans = []
    for near in (year - 1, year, year + 1):
        for change in _changes(zone, near):
            low, high = sorted((change.instant + change.before, change.instant + change.after))
            spans.append((low.replace(tzinfo=None), high.replace(tzinfo=None)))
    return tuple(spans)


def in_fold(moment: datetime) -> bool:
    """Whether `moment`'s wall time in its own zone happens twice (or, given as a wall time a DST
    change skips, not at all)."""
    zone = moment.tzinfo
    if not isinstance(zone, ZoneInfo):
        return False
    # Built field by field: cheaper than `replace`, and this runs for every DTSTART and DTEND.
    m = moment
    wall = datetime(m.year, m.month, m.day, m.hour, m.minute, m.second, m.microsecond)
    for low, high in _shifted_walls(zone, m.year):  # noqa: SIM110 - a loop: any() over a generator costs more here
        if low <= wall < high:
            return True
    return False


def written(moment: datetime) -> datetime:
    """`moment` as a DTSTART or DTEND is written: as a wall time in its zone where every reader
    maps that to the same instant, else in UTC."""
    zone = moment.tzinfo
    if not isinstance(zone, ZoneInfo) or zone.key == "UTC":
        return moment
    form = zone_form(zone)
    # The year alone settles most comparisons with the rule's start, without computing an offset.
    if form is None or (moment.year <= form.start.year + 1 and moment < form.start) or in_fold(moment):
        return moment.astimezone(_UTC)
    return moment


def series_problem(start: datetime, rule: str) -> str | None:
    """Why a series from `start` (zoned) under `rule` cannot be written so that every reader
    agrees, or None. Its DTSTART must carry the TZID (in UTC it would drift an hour across DST),
    and no occurrence may fall on a wall time a DST change repeats or skips."""
    from dateutil.rrule import rrulestr

    zone = start.tzinfo
    if not isinstance(zone, ZoneInfo) or zone.key == "UTC":
        return None
    form = zone_form(zone)
    if form is None:
        return (
            f"{zone.key} changes its offset on dates no yearly rule describes, so no VTIMEZONE reads the same "
            "in every client; write the series in UTC or in another zone"
        )
    if start.astimezone(UTC) < form.start:
        since = form.start.astimezone(zone)
        return (
            f"the series starts before {since:%Y-%m-%d %H:%M} {zone.key}, when its current rule began, and "
            "Outlook reads a VTIMEZONE as that one rule (MS-OXCICAL 2.1.3.1.1.19), and in UTC the series "
            "would drift across DST: start the series on or after that date, or list its dates as events"
        )
    try:
        for count, occurrence in enumerate(rrulestr(rule, dtstart=start)):
            if in_fold(occurrence):
                return (
                    f"the occurrence at {occurrence:%Y-%m-%d %H:%M} {zone.key} falls on a wall time a DST change "
                    "repeats or skips: calendar clients disagree which instant it is (RFC 5545 3.3.5 takes the "
                    "first, libical and ical.js the second), and in UTC the series would drift across DST; "
                    "move the start out of the change's hour"
                )
            if count >= 999:
                break
    except (ValueError, TypeError, OverflowError) as error:
        return f"invalid recurrence rule {rule!r}: {error}"
    return None
