"""Time in words: the one module that phrases a span, a zone label, a day shift and a duration.

Every output (the terminal table, check messages, invitations, diff, calendar descriptions, the
web page) phrases times through these functions, so that they all say the same thing. Pure.

The shapes, from small to large:

- ``13:30`` (`clock`), ``UTC+05:30`` (`utc_offset`), ``IST, UTC+05:30`` (`zone_label`),
  ``+1 day`` (`day_shift`), ``1h30m`` (`duration`), ``+1h`` (`change`), ``+15 min`` (`minutes`);
- a zone named with its offset: ``Asia/Kolkata (UTC+05:30)`` (`zone_name`);
- a moment: ``23:30 Asia/Kolkata (UTC+05:30, +1 day)`` (`at`);
- a span: ``23:30–00:30 Asia/Kolkata (UTC+05:30, ends +1 day)`` (`span`);
- a date: ``Wednesday 10 February 2021`` (`day_words`), and a span on it with its zone label:
  ``Wednesday 10 February 2021, 11:05–11:15 MSK, UTC+03:00`` (`when`);
- for machines: ``2021-02-10T13:30+05:30`` (`iso_local`, HTML's ``<time datetime>``),
  ``2021-02-10T08:00:00Z`` (`iso_utc`), ``20210210T080000Z`` (`basic_utc`, calendar links).

Notes go in parentheses after the text, or after commas (``inline``) when the text is itself
inside parentheses, so that no parenthesis ever holds another. A span's offset annotates its
zone key; without a key the offset stands for the zone (``03:30–04:30 UTC+02:00``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from agenda._times import format_duration, format_offset, zone_key

__all__ = [
    "DASH",
    "at",
    "basic_utc",
    "change",
    "clock",
    "day_shift",
    "day_words",
    "days_between",
    "duration",
    "format_duration",
    "format_offset",
    "iso_local",
    "iso_utc",
    "local_date",
    "minutes",
    "noted",
    "short_zone",
    "span",
    "span_shift",
    "utc_offset",
    "weekday_date",
    "when",
    "zone_abbreviation",
    "zone_label",
    "zone_name",
]

#: The dash between the two ends of a span.
DASH = "–"


def noted(text: str, notes: Sequence[str], *, inline: bool = False) -> str:
    """`text` with its notes in parentheses, or after commas when the whole is already in parentheses."""
    if not notes:
        return text
    return f"{text}, {', '.join(notes)}" if inline else f"{text} ({', '.join(notes)})"


def days_between(moment: datetime, zone: ZoneInfo, reference: datetime) -> int:
    """How many local dates `moment`, read in `zone`, lies after `reference`'s own date."""
    return moment.astimezone(zone).toordinal() - reference.toordinal()


def _days(days: int) -> str:
    return f"{days:+d} day" + ("s" if abs(days) != 1 else "") if days else ""


def day_shift(moment: datetime, zone: ZoneInfo, reference: datetime) -> str:
    """``+1 day`` / ``-2 days`` when `moment` falls on another local date in `zone` than
    `reference` (a wall time, usually the event's start in the event's zone); empty on the same date."""
    return _days(days_between(moment, zone, reference))


def span_shift(start: datetime, end: datetime, zone: ZoneInfo, reference: datetime) -> list[str]:
    """The day-shift notes of a span: ``["+1 day"]`` when both ends share one, else
    ``["ends +1 day"]``, ``["starts +1 day", "ends +2 days"]``, ``["starts -1 day", "ends on the
    event date"]``. A span that ends at midnight ends on the day it started."""
    return _span_shift(start.astimezone(zone), end.astimezone(zone), end > start, reference)


_MIDNIGHT = time(0)


def _span_shift(local_start: datetime, local_end: datetime, forward: bool, reference: datetime) -> list[str]:
    """`span_shift` of a span already read in its zone; `forward` says whether its end is the later instant."""
    base = reference.toordinal()
    first = local_start.toordinal() - base
    last = local_end.toordinal() - base
    if last != first and forward and local_end.time() == _MIDNIGHT:
        last -= 1
    if first == last:
        return [_days(first)] if first else []
    return [*([f"starts {_days(first)}"] if first else []), f"ends {_days(last) or 'on the event date'}"]


def zone_abbreviation(moment: datetime, zone: ZoneInfo) -> str | None:
    """The zone's own abbreviation at `moment` (``IST``, ``MSK``, ``CEST``), or None where the tz
    database has only a number (``+0545``)."""
    name = moment.astimezone(zone).tzname()
    if not name or name[0] in "+-" or name[0].isdigit():
        return None
    return name


def utc_offset(moment: datetime, zone: tzinfo | None = None) -> str:
    """``UTC+05:30``: the offset of `moment` in `zone` (its own offset when no zone is given); ``UTC`` for zero."""
    local = moment.astimezone(zone) if zone is not None else moment
    return format_offset(local.utcoffset())


def short_zone(moment: datetime, zone: ZoneInfo) -> str:
    """``IST``: the zone's abbreviation at `moment`, or its offset (``UTC+05:45``) where the tz
    database has only a number."""
    return zone_abbreviation(moment, zone) or utc_offset(moment, zone)


def local_date(moment: datetime, zone: ZoneInfo) -> str:
    """``Wed 10 Feb 2021``: the local date of `moment` in `zone`, with its weekday."""
    return f"{moment.astimezone(zone):%a %d %b %Y}"


def zone_label(moment: datetime, zone: ZoneInfo) -> str:
    """``IST, UTC+05:30``: the abbreviation (where the tz database has one) and the offset at `moment`.
    ``UTC`` alone for UTC."""
    offset = utc_offset(moment, zone)
    abbreviation = zone_abbreviation(moment, zone)
    if abbreviation is None or abbreviation == offset or zone_key(zone) == "UTC":
        return offset
    return f"{abbreviation}, {offset}"


def zone_name(moment: datetime, zone: ZoneInfo, *, inline: bool = False) -> str:
    """``Asia/Kolkata (UTC+05:30)``: the zone's key with its offset at `moment`."""
    return noted(zone_key(zone), [utc_offset(moment, zone)], inline=inline)


def weekday_date(moment: datetime, zone: ZoneInfo) -> str:
    """``Wed 10 Feb 2021``: the local date of `moment` in `zone`, with its weekday."""
    local = moment.astimezone(zone)
    return f"{_WEEKDAYS[local.weekday()]} {local.day:02d} {_MONTHS[local.month - 1]} {local.year}"


# Spelled out rather than taken from the locale (strftime's %a), so output is the same everywhere.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clock(moment: datetime, zone: tzinfo | None = None) -> str:
    """``13:30``: the wall time of `moment` in `zone` (its own wall time when no zone is given)."""
    local = moment.astimezone(zone) if zone is not None else moment
    return _CLOCKS[local.hour * 60 + local.minute]


#: What strftime's %H:%M writes for each minute of the day, written once: messages write
#: thousands of these.
_CLOCKS = tuple(f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60))


@functools.cache
def _offset_words(offset: timedelta | None) -> str:
    """`format_offset`, written once per offset (a file has a handful, its messages thousands)."""
    return format_offset(offset)


def duration(value: timedelta) -> str:
    """A duration for people: ``1h30m``, ``15m``; a fraction of a second is dropped."""
    return format_duration(timedelta(seconds=int(value.total_seconds())))


def change(value: timedelta) -> str:
    """A signed change of clock time: ``+1h``, ``-0h30m``, ``+5h30m``."""
    minutes = int(value.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours}h{minutes:02d}m" if minutes else f"{sign}{hours}h"


def minutes(value: timedelta) -> str:
    """A signed count of whole minutes, for a drift: ``+15 min``, ``-5 min``."""
    return f"{int(value.total_seconds() // 60):+d} min"


def at(
    moment: datetime,
    zone: ZoneInfo,
    reference: datetime,
    *,
    offset: bool = False,
    inline: bool = False,
) -> str:
    """``23:30 Asia/Kolkata (+1 day)``, or with `offset` ``23:30 Asia/Kolkata (UTC+05:30, +1 day)``:
    a moment in `zone`, with its date shift from `reference`."""
    local = moment.astimezone(zone)
    notes = [_offset_words(local.utcoffset())] if offset else []
    if shift := _days(local.toordinal() - reference.toordinal()):
        notes.append(shift)
    return noted(f"{clock(local)} {zone_key(zone)}", notes, inline=inline)


def span(
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    reference: datetime,
    *,
    offset: bool = False,
    key: bool = False,
    inline: bool = False,
) -> str:
    """``13:30–13:35`` in `zone`, with the date shift from `reference` when there is one
    (``23:30–00:10 (ends +1 day)``). `offset` adds the offset (each end's when a DST change falls
    inside the span); `key` names the zone: ``21:30–23:30 Asia/Kolkata (UTC+05:30, +1 day)``."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    clocks = _CLOCKS
    opens = clocks[local_start.hour * 60 + local_start.minute]
    closes = clocks[local_end.hour * 60 + local_end.minute]
    notes: list[str] = []
    if offset and (first := local_start.utcoffset()) != (last := local_end.utcoffset()):
        text = f"{opens} {_offset_words(first)}{DASH}{closes} {_offset_words(last)}"
        if key:
            text += f" {zone_key(zone)}"
    else:
        text = f"{opens}{DASH}{closes}"
        if key:
            text += f" {zone_key(zone)}"
            if offset:
                notes.append(_offset_words(first))
        elif offset:
            text += f" {_offset_words(first)}"
    notes += _span_shift(local_start, local_end, end > start, reference)
    return noted(text, notes, inline=inline)


def iso_local(moment: datetime, zone: ZoneInfo) -> str:
    """``2021-02-10T13:30+05:30``: the wall time in `zone` with its offset, as HTML's
    ``<time datetime>`` and ISO 8601 write it (seconds only when there are some)."""
    local = moment.astimezone(zone)
    return local.isoformat(timespec="seconds" if local.second else "minutes")


def iso_utc(moment: datetime) -> str:
    """``2021-02-10T08:00:00Z``: the instant in UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def basic_utc(moment: datetime) -> str:
    """``20210210T080000Z``: the instant in UTC in ISO 8601's basic form (RFC 5545, calendar links)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def day_words(day: date) -> str:
    """``Wednesday 10 February 2021``: a date as a heading."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def when(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """``Wednesday 10 February 2021, 11:05–11:15 MSK, UTC+03:00``: a span with its date and zone
    label, each end's label when a DST change falls inside, and ``(ends +1 day)`` past midnight."""
    local = start.astimezone(zone)
    label, end_label = zone_label(start, zone), zone_label(end, zone)
    if end_label != label:
        text = f"{clock(start, zone)} {label}{DASH}{clock(end, zone)} {end_label}"
    else:
        text = f"{clock(start, zone)}{DASH}{clock(end, zone)} {label}"
    return noted(f"{day_words(local.date())}, {text}", span_shift(start, end, zone, local))
