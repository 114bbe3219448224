"""Zones, durations, the DST policy and local-hours windows. Pure: values in, values out."""

from __future__ import annotations

import bisect
import enum
import functools
import os
import posixpath
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import attrs

from agenda.exceptions import AmbiguousTimeError, InvalidValueError, UnknownZoneError

__all__ = [
    "DURATION_PATTERN",
    "HOURS_PATTERN",
    "ZONE_PATTERN",
    "DstPolicy",
    "LocalHours",
    "LocalTimeIssue",
    "format_duration",
    "format_offset",
    "get_zone",
    "parse_duration",
    "parse_when",
    "zone_keys",
    "resolve_local",
]

#: Longest exact duration accepted from text: anything longer is a typo, not a webinar.
MAX_DURATION = timedelta(days=30)

# Abbreviations people write instead of zone keys; several mean more than one place.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "IST": ("Asia/Kolkata", "Asia/Jerusalem", "Europe/Dublin"),
    "MSK": ("Europe/Moscow",),
    "MSD": ("Europe/Moscow",),
    "CST": ("America/Chicago", "Asia/Shanghai", "America/Havana"),
    "CDT": ("America/Chicago", "America/Havana"),
    "EDT": ("America/New_York",),
    "PST": ("America/Los_Angeles", "Asia/Manila"),
    "PDT": ("America/Los_Angeles",),
    "MDT": ("America/Denver",),
    "BST": ("Europe/London", "Asia/Dhaka"),
    "CEST": ("Europe/Berlin", "Europe/Paris"),
    "EEST": ("Europe/Athens", "Europe/Kyiv"),
    "WEST": ("Europe/Lisbon",),
    "AEST": ("Australia/Sydney", "Australia/Brisbane"),
    "AEDT": ("Australia/Sydney",),
    "JST": ("Asia/Tokyo",),
    "KST": ("Asia/Seoul",),
    "SGT": ("Asia/Singapore",),
    "HKT": ("Asia/Hong_Kong",),
    "NPT": ("Asia/Kathmandu",),
    "PKT": ("Asia/Karachi",),
    "GST": ("Asia/Dubai", "Atlantic/South_Georgia"),
    "SAST": ("Africa/Johannesburg",),
    "BRT": ("America/Sao_Paulo",),
    "ART": ("America/Argentina/Buenos_Aires",),
    "WIB": ("Asia/Jakarta",),
    "ICT": ("Asia/Bangkok", "Asia/Ho_Chi_Minh"),
    "NZST": ("Pacific/Auckland",),
    "NZDT": ("Pacific/Auckland",),
    # Keys the tz database keeps for compatibility; they read like abbreviations but are not what
    # people mean by them (the key EST is UTC-05:00 all year, without New York's summer time).
    "EST": ("America/New_York", "America/Panama"),
    "MST": ("America/Denver", "America/Phoenix"),
    "HST": ("Pacific/Honolulu",),
    "CET": ("Europe/Paris", "Europe/Berlin"),
    "EET": ("Europe/Athens", "Europe/Helsinki"),
    "WET": ("Europe/Lisbon",),
    "MET": ("Europe/Paris", "Europe/Berlin"),
    "EST5EDT": ("America/New_York",),
    "CST6CDT": ("America/Chicago",),
    "MST7MDT": ("America/Denver",),
    "PST8PDT": ("America/Los_Angeles",),
}


# Names that are no place: files in a system zoneinfo directory that are this machine's zone,
# and the database's placeholder for "zone not yet set".
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})


@functools.cache
def _zone_keys() -> frozenset[str]:
    return frozenset(available_timezones())


@functools.cache
def zone_keys() -> tuple[str, ...]:
    """Every key `get_zone` accepts, sorted: the tz database without abbreviation-like keys."""
    refused = _NOT_PLACES | {key for key in _zone_keys() if key.upper() in _ABBREVIATIONS}
    return tuple(sorted(_zone_keys() - refused))


@functools.cache
def _links() -> dict[str, str]:
    """Link name -> canonical zone, from the tz database's own source (`tzdata.zi`)."""
    import importlib.util  # not importlib.resources: it would cost more than the read, at start-up

    spec = importlib.util.find_spec("tzdata")
    if spec is None or spec.origin is None:  # pragma: no cover - tzdata is a dependency
        return {}
    with open(os.path.join(os.path.dirname(spec.origin), "zoneinfo", "tzdata.zi"), encoding="utf-8") as file:
        text = file.read()
    # The links come last in the file: the rest is no business of this table.
    links = 0 if text.startswith("L ") else max(text.find("\nL "), 0)
    return {name: target for target, name in re.findall(r"^L (\S+) (\S+)$", text[links:], re.MULTILINE)}


#: The shape of an IANA key (``Asia/Kolkata``, ``America/Argentina/Buenos_Aires``, ``UTC``);
#: `get_zone` decides which keys exist.
ZONE_PATTERN = r"^([A-Za-z][A-Za-z0-9_+\-]*)(/[A-Za-z0-9_+\-]+)*$"


def get_zone(name: str) -> ZoneInfo:
    """The zone for an IANA key; links such as ``Asia/Calcutta`` become their canonical zone.

    Raises `UnknownZoneError` for abbreviations (``IST`` is India, Israel and Ireland; the
    database's own ``EST`` has no summer time) and for names the tz database does not know,
    suggesting keys.
    """
    if not isinstance(name, str) or not name:
        raise UnknownZoneError(str(name), "a zone is an IANA key such as 'Asia/Kolkata'")
    return _get_zone(name)


@functools.cache
def _get_zone(name: str) -> ZoneInfo:
    if name in _NOT_PLACES:
        raise UnknownZoneError(
            name, "names no place (it depends on the machine or is a placeholder): write an IANA key"
        )
    upper = name.upper()
    if upper in _ABBREVIATIONS:
        places = _ABBREVIATIONS[upper]
        meaning = " or ".join(places)
        why = "is an abbreviation, not a zone key"
        if len(places) > 1:
            why += f"; it can mean {len(places)} different zones"
        raise UnknownZoneError(name, f"{why}: write an IANA key such as {meaning}")
    if not _is_key(name):
        import difflib

        close = difflib.get_close_matches(name, zone_keys(), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise UnknownZoneError(name, f"not an IANA key of the tz database{hint}")
    target = _links().get(name, name)
    # Every alias of UTC (Zulu, Universal, Etc/UTC...) becomes UTC, of GMT becomes GMT: the
    # names people recognise, and one spelling per zone.
    key = {"Etc/UTC": "UTC", "Etc/GMT": "GMT"}.get(target, target)
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as error:  # pragma: no cover - key came from the db
        raise UnknownZoneError(name, str(error)) from None


def _is_key(name: str) -> bool:
    """Whether the tz database has `name`: opening it is cheaper than listing the whole database,
    which only an unknown name (for its suggestions) needs."""
    if posixpath.normpath(name) != name or name.startswith(("/", "right/", "posix/")) or "\\" in name:
        # "Europe/../Asia/Kolkata" would open under a key that is no key; right/ and posix/ are
        # copies of the database that `available_timezones` leaves out too.
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone_key(zone: ZoneInfo) -> str:
    """The IANA key of a zone (every zone in this library has one)."""
    return str(zone.key)


# ---------------------------------------------------------------------------------------------
# Durations

# ASCII digits only (``\d`` would take any script's digits); a "T" needs a time after it. The
# same expressions make the JSON Schema's pattern (`DURATION_PATTERN`), so the two cannot differ.
_SHORT_FORM = (
    r"(?P<sign>-)?\s*(?:(?P<d>[0-9]+)\s*d)?\s*(?:(?P<h>[0-9]+)\s*h)?\s*"
    r"(?:(?P<m>[0-9]+)\s*m(?:in)?)?\s*(?:(?P<s>[0-9]+)\s*s)?"
)
_ISO_FORM = (
    r"(?P<sign>-)?[pP](?:(?P<w>[0-9]+)[wW])?(?:(?P<d>[0-9]+)[dD])?"
    r"(?:[tT](?=[0-9])(?:(?P<h>[0-9]+)[hH])?(?:(?P<m>[0-9]+)[mM])?(?:(?P<s>[0-9]+)[sS])?)?"
)
_SHORT = re.compile(rf"^\s*{_SHORT_FORM}\s*$")
_ISO = rf"^{_ISO_FORM}$"  # compiled on first use (by `re`): few files write ISO durations


def _unnamed(pattern: str) -> str:
    """A pattern without group names, as JSON Schema's (ECMA 262) regular expressions need."""
    return re.sub(r"\(\?P<\w+>", "(", pattern)


#: Every text `parse_duration` reads (within its length limit), as one regular expression.
DURATION_PATTERN = rf"^(?=.*[0-9])(?:\s*{_unnamed(_SHORT_FORM)}\s*|\s*{_unnamed(_ISO_FORM)}\s*)$"
#: More digits than this in one number is never a real duration (and `int` refuses thousands).
_MAX_DIGITS = 9


@functools.lru_cache(maxsize=1024)  # agendas repeat a handful of durations thousands of times
def parse_duration(text: str) -> timedelta:
    """An exact duration from ``15m``, ``1h30m``, ``90s``, ``2d`` or ISO 8601 ``PT1H30M``.

    Calendar spans (``P1M``, ``P1Y``) are refused: their length depends on the date.
    """
    value = text.strip()
    if value.upper().lstrip("-").startswith("P"):
        match = re.match(_ISO, value)
        if match is None or not any(v for k, v in match.groupdict().items() if k != "sign"):
            raise InvalidValueError(
                f"invalid ISO 8601 duration {text!r}: use weeks, days, hours, minutes and seconds "
                "(years and months have no fixed length)"
            )
    else:
        match = _SHORT.match(value)
        if match is None or not any(v for k, v in match.groupdict().items() if k != "sign"):
            raise InvalidValueError(f"invalid duration {text!r}: write e.g. '15m', '1h30m', '90s' or 'PT1H30M'")
    numbers = {k: v for k, v in match.groupdict().items() if v and k != "sign"}
    if any(len(v.lstrip("0")) > _MAX_DIGITS for v in numbers.values()):
        raise InvalidValueError(f"duration {text[:40]!r} is too long (at most 30 days)")
    parts = {k: int(v) for k, v in numbers.items()}
    try:
        result = timedelta(
            weeks=parts.get("w", 0),
            days=parts.get("d", 0),
            hours=parts.get("h", 0),
            minutes=parts.get("m", 0),
            seconds=parts.get("s", 0),
        )
    except OverflowError:
        raise InvalidValueError(f"duration {text!r} is too long (at most 30 days)") from None
    if result > MAX_DURATION:
        raise InvalidValueError(f"duration {text!r} is too long (at most 30 days)")
    return -result if match.group("sign") else result


def format_duration(value: timedelta) -> str:
    """The short form `parse_duration` reads back: ``1h30m``, ``15m``, ``0m``, ``-5m``."""
    total = int(value.total_seconds())
    if timedelta(seconds=total) != value:
        raise InvalidValueError(f"duration {value!r} has a fraction of a second")
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "".join(f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")) if n)
    return sign + (text or "0m")


@functools.lru_cache(maxsize=256)  # a handful of offsets, written in every message about a time
def format_offset(offset: timedelta | None) -> str:
    """``UTC+05:30``, ``UTC-03:00``, ``UTC`` for zero."""
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


# ---------------------------------------------------------------------------------------------
# DST policy


class DstPolicy(enum.Enum):
    """How a wall-clock time that a DST change skips or repeats becomes an instant.

    ``COMPATIBLE`` is RFC 5545's rule (and Python's ``fold=0``): the earlier of two on a fold,
    shifted forward by the gap's length in a gap.
    """

    COMPATIBLE = "compatible"
    EARLIER = "earlier"
    LATER = "later"
    RAISE = "raise"


@attrs.frozen
class LocalTimeIssue:
    """A wall-clock time that a DST change skips (``nonexistent``) or repeats (``ambiguous``)."""

    kind: str
    wall: datetime
    resolved: datetime

    @property
    def zone(self) -> str:
        return zone_key(self.wall.tzinfo)  # type: ignore[arg-type]


def resolve_local(wall: datetime, policy: DstPolicy = DstPolicy.COMPATIBLE) -> tuple[datetime, LocalTimeIssue | None]:
    """Resolve a zoned wall time to an unambiguous one under `policy`; report if DST was involved.

    The result has ``fold`` set so that it denotes exactly one instant. A repeated wall time
    that already says which of the two it is (``fold=1``, as ``astimezone`` gives for the second)
    keeps that choice under every policy; it is still reported.
    """
    if wall.tzinfo is None:
        raise InvalidValueError(f"naive datetime {wall.isoformat()}: give it a zone")
    first, second = wall.replace(fold=0), wall.replace(fold=1)
    if first.utcoffset() == second.utcoffset():
        return first, None
    plain = wall.replace(tzinfo=None)
    round_trip = first.astimezone(UTC).astimezone(wall.tzinfo).replace(tzinfo=None)
    kind = "ambiguous" if round_trip == plain else "nonexistent"
    if kind == "ambiguous" and wall.fold == 1:
        return second, LocalTimeIssue(kind=kind, wall=first, resolved=second)
    if policy is DstPolicy.RAISE:
        raise AmbiguousTimeError(plain.isoformat(timespec="minutes"), zone_key(wall.tzinfo), kind)  # type: ignore[arg-type]
    if kind == "ambiguous":
        chosen = second if policy is DstPolicy.LATER else first
    else:
        # fold=0 in a gap uses the offset before the gap: the wall time moves forward.
        chosen = second if policy is DstPolicy.EARLIER else first
    # Normalise a shifted time to the wall time it really is, so it names one instant.
    resolved = chosen.astimezone(UTC).astimezone(wall.tzinfo)
    return resolved, LocalTimeIssue(kind=kind, wall=wall.replace(fold=0), resolved=resolved)


# ---------------------------------------------------------------------------------------------
# UTC offsets over a stretch of time, and wall times as integers

#: How far apart the offset is sampled. No zone of the tz database changes its UTC offset twice
#: within 95 hours between 1900 and 2200 (the closest pair: Africa/Freetown, 1939), so a step of
#: one day never holds two changes that could cancel out; a test holds the installed database to it.
SAMPLE_STEP = timedelta(days=1)

#: Microseconds in a day. Instants count them from 1970-01-01 00:00 UTC (`instant_us`), wall times
#: from 1970-01-01 00:00 on the wall's own clock (`wall_us`): wall = instant + offset.
DAY_US = 86_400_000_000
MINUTE_US = 60_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_US = timedelta(microseconds=1)


def as_instant(moment: datetime) -> datetime:
    """`moment` in UTC: how aware times are compared and subtracted when they may share a zone.
    Python compares and subtracts two times of one tzinfo as wall times, offset and fold left
    out, so 01:30 EDT equals 01:30 EST, and a span across a DST change is an hour off."""
    return moment.astimezone(UTC)


def instant_us(moment: datetime) -> int:
    """An aware datetime as whole microseconds since 1970-01-01 00:00 UTC."""
    return (moment - _EPOCH) // _US


def wall_us(moment: datetime) -> int:
    """The wall-clock reading of `moment` (its date and time of day, zone and fold left out) as
    microseconds since 1970-01-01 00:00: integers that compare as naive datetimes do."""
    of_day = ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond
    return (moment.toordinal() - _EPOCH_ORDINAL) * DAY_US + of_day


def _instant(second: int) -> datetime:
    # Arithmetic, not fromtimestamp: some platforms refuse instants before 1970.
    return _EPOCH + timedelta(seconds=second)


def _offset_at(zone: ZoneInfo, second: int) -> timedelta | None:
    return _instant(second).astimezone(zone).utcoffset()


def offset_changes(zone: ZoneInfo, start: datetime, end: datetime) -> Iterator[tuple[datetime, timedelta, timedelta]]:
    """(instant, offset before, offset after) for each change of UTC offset in (start, end].

    The offset is compared at both ends of every step of `SAMPLE_STEP`; where it differs the
    change is found by bisection to the second (changes happen on whole seconds)."""
    # Changes fall on whole seconds, so flooring both ends keeps each change on its side of them.
    left = (start - _EPOCH) // timedelta(seconds=1)
    last = (end - _EPOCH) // timedelta(seconds=1)
    step = int(SAMPLE_STEP.total_seconds())
    before = _offset_at(zone, left)
    while left < last:
        right = min(left + step, last)
        after = _offset_at(zone, right)
        if before != after and before is not None and after is not None:
            low, high = left, right
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_at(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            yield _instant(high), before, after
        left, before = right, after


class ZoneOffsets:
    """The UTC offset of `zone` from instant `low` to `high` (`instant_us`), piecewise constant
    between its changes: the wall time of an instant in the zone is ``value + at(value)``, what
    ``astimezone`` gives, for a sum instead of a conversion."""

    def __init__(self, zone: ZoneInfo, low: int, high: int) -> None:
        self.zone = zone
        start = _EPOCH + timedelta(microseconds=low)
        self.changes = list(offset_changes(zone, start, _EPOCH + timedelta(microseconds=high)))
        first = start.astimezone(zone).utcoffset()
        #: Where each segment starts, and its offset in microseconds.
        self.starts = [low] + [instant_us(moment) for moment, _, _ in self.changes]
        self.offsets = [(first or timedelta(0)) // _US] + [after // _US for _, _, after in self.changes]
        #: The offset when it never changes over the stretch, else None.
        self.constant = self.offsets[0] if not self.changes else None
        # The segment last asked about (from, to, offset): instants asked in order fall in it.
        self._segment = (low, low, self.offsets[0])

    def at(self, value: int) -> int:
        """The offset at instant `value` (from `low` to `high`), in microseconds."""
        if self.constant is not None:
            return self.constant
        begin, end, offset = self._segment
        if begin <= value < end:
            return offset
        index = bisect.bisect_right(self.starts, value) - 1
        if index >= 0:
            following = self.starts[index + 1] if index + 1 < len(self.starts) else 1 << 62  # on to the end
            self._segment = (self.starts[index], following, self.offsets[index])
        return self.offsets[index]


# ---------------------------------------------------------------------------------------------
# Local hours


_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
_ANY_CLOCK = r"(?:(?:[01]?[0-9]|2[0-3]):[0-5][0-9]|24:00)"

#: Every text `LocalHours.parse` reads, as one regular expression (``09:00-21:00``).
HOURS_PATTERN = rf"^\s*{_ANY_CLOCK}\s*[-–]\s*{_ANY_CLOCK}\s*$"


def _parse_clock(text: str) -> time:
    """``09:00`` -> 09:00; ``24:00`` is the end of the day (midnight)."""
    value = text.strip()
    if value == "24:00":
        return time(0)
    match = _CLOCK.match(value)
    if match is None:
        raise InvalidValueError(
            f"invalid time of day {text!r}: write HH:MM from 00:00 to 24:00, e.g. '09:00'", value=text
        )
    return time(int(match.group(1)), int(match.group(2)))


def _hh_mm(value: time) -> str:
    """``09:05``, as ``strftime("%H:%M")`` writes it, without its cost."""
    return f"{value.hour:02d}:{value.minute:02d}"


@attrs.frozen
class LocalHours:
    """Daily hours in someone's own zone, e.g. 09:00–21:00. An end at or before the start wraps
    past midnight (22:00–02:00); ``end == start`` means the whole day."""

    start: time = attrs.field(validator=attrs.validators.instance_of(time))
    end: time = attrs.field(validator=attrs.validators.instance_of(time))
    #: When the window opens and closes, in microseconds from midnight.
    _bounds: tuple[int, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_bounds", (_time_us(self.start), _time_us(self.end)))

    @classmethod
    def parse(cls, text: str) -> LocalHours:
        """From ``09:00-21:00`` (an en dash works too)."""
        pieces = re.split(r"\s*[-–]\s*", text.strip())
        if len(pieces) != 2:
            raise InvalidValueError(f"invalid hours {text!r}: write e.g. '09:00-21:00'")
        return cls(_parse_clock(pieces[0]), _parse_clock(pieces[1]))

    def __str__(self) -> str:
        end = "24:00" if self.end == time(0) and self.start != time(0) else _hh_mm(self.end)
        return f"{_hh_mm(self.start)}–{end}"

    @property
    def whole_day(self) -> bool:
        return self.start == self.end

    def contains(self, start: datetime, end: datetime) -> bool:
        """Whether the local span [start, end) lies inside these hours (both in the same zone)."""
        return self.whole_day or self.contains_wall(wall_us(start), wall_us(end), end <= start)

    def contains_wall(self, start: int, end: int, backwards: bool) -> bool:
        """`contains` on wall times as integers (`wall_us`): the daily window that holds `start`,
        if any, must not close before `end`, unless the span goes `backwards` (its end is no
        later than its start), when holding `start` is enough. A window opens at `start` on some
        date and closes at `end` on that date, or on the next when the hours wrap past midnight."""
        opens, closes = self._bounds
        if opens == closes:
            return True  # the whole day
        day, at = divmod(start, DAY_US)
        if opens < closes:
            if not opens <= at < closes:
                return False
        elif at >= opens:
            day += 1  # the window that opened today closes tomorrow
        elif at >= closes:
            return False
        return backwards or end <= day * DAY_US + closes


def _time_us(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


# ---------------------------------------------------------------------------------------------
# Local times as text

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_iso(text: str) -> datetime | time:
    """A date-time, or a time of day alone; raises ValueError."""
    if _DATE_ONLY.match(text):
        raise ValueError("a date needs a time of day")
    return datetime.fromisoformat(text) if ("-" in text[:5] or "T" in text) else time.fromisoformat(text)


def parse_when(value: str | datetime | time, zone: ZoneInfo | None = None, day: date | None = None) -> datetime:
    """A zoned datetime from the text of an agenda file (or a TOML/YAML native date-time or time).

    Text is ``2021-02-10T11:00`` (a wall time in `zone`), ``11:00`` (on `day`), either followed
    by a zone key (``2021-02-10T15:00 Asia/Kolkata``), or ISO 8601 with an offset (shown in
    `zone`). Without a `zone`, only a time that names its zone can be read.
    """
    named: ZoneInfo | None = None
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed: datetime | time = _parse_iso(text)
        except ValueError as whole:
            when, _, key = text.rpartition(" ")
            try:
                parsed = _parse_iso(when.strip())
            except ValueError as error:
                # Say why when Python knows (a 30 February, an hour 25), not for plain junk.
                reason = next((str(e) for e in (error, whole) if "range" in str(e) or "needs" in str(e)), "")
                raise InvalidValueError(
                    f"invalid date-time {value!r}{f' ({reason})' if reason else ''}: write e.g. "
                    "'2021-02-10T11:00', '11:00' or '2021-02-10T15:00 Asia/Kolkata'",
                    value=value,
                ) from None
            named = get_zone(key)  # an unknown or abbreviated zone says why and suggests keys
    elif isinstance(value, (datetime, time)):
        parsed = value
    else:
        raise InvalidValueError(f"expected a date-time such as '2021-02-10T11:00', got {value!r}", value=value)
    target = named or zone
    if target is None:
        raise InvalidValueError(
            f"local time {value!r} needs its zone: write e.g. '2021-02-10T11:00 Europe/Moscow'", value=value
        )
    if isinstance(parsed, time):
        if day is None:
            raise InvalidValueError(
                f"time of day {value!r} needs a date here: write e.g. '2021-02-10T{value}'", value=value
            )
        if parsed.tzinfo is not None:
            raise InvalidValueError(f"time of day {value!r} cannot carry an offset; name a zone instead", value=value)
        parsed = datetime.combine(day, parsed)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=target)
    result = parsed.astimezone(target)
    if named is not None and result.replace(tzinfo=None) != parsed.replace(tzinfo=None):
        raise InvalidValueError(f"{value!r}: the offset is not {named.key}'s at that time", value=value)
    return result
