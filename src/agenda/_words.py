"""Time in words: the one module that phrases a span, a zone label, a day shift and a duration.

Every output (the terminal table, check messages, invitations, diff, calendar descriptions, the
web page) phrases times through these functions, so that they all say the same thing. Pure.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from agenda._times import format_duration, format_offset, zone_key

__all__ = [
    "DASH",
    "clock",
    "day_shift",
    "days_between",
    "local_date",
    "format_duration",
    "format_offset",
    "short_zone",
    "span",
    "zone_abbreviation",
    "zone_label",
]

#: The dash between the two ends of a span.
DASH = "–"


def days_between(moment: datetime, zone: ZoneInfo, reference: datetime) -> int:
    """How many local dates `moment`, read in `zone`, lies after `reference`'s own date."""
    return (moment.astimezone(zone).date() - reference.date()).days


def day_shift(moment: datetime, zone: ZoneInfo, reference: datetime) -> str:
    """``+1 day`` / ``-2 days`` when `moment` falls on another local date in `zone` than
    `reference` (a wall time, usually the event's start in the event's zone); empty on the same date."""
    days = days_between(moment, zone, reference)
    if days == 0:
        return ""
    return f"{days:+d} day" + ("s" if abs(days) != 1 else "")


def zone_abbreviation(moment: datetime, zone: ZoneInfo) -> str | None:
    """The zone's own abbreviation at `moment` (``IST``, ``MSK``, ``CEST``), or None where the tz
    database has only a number (``+0545``)."""
    name = moment.astimezone(zone).tzname()
    if not name or name[0] in "+-" or name[0].isdigit():
        return None
    return name


def short_zone(moment: datetime, zone: ZoneInfo) -> str:
    """``IST``: the zone's abbreviation at `moment`, or its offset (``UTC+05:45``) where the tz
    database has only a number."""
    return zone_abbreviation(moment, zone) or format_offset(moment.astimezone(zone).utcoffset())


def zone_label(moment: datetime, zone: ZoneInfo) -> str:
    """``IST, UTC+05:30``: the abbreviation (where the tz database has one) and the offset at `moment`.
    ``UTC`` alone for UTC."""
    offset = format_offset(moment.astimezone(zone).utcoffset())
    abbreviation = zone_abbreviation(moment, zone)
    if abbreviation is None or abbreviation == offset or zone_key(zone) == "UTC":
        return offset
    return f"{abbreviation}, {offset}"


def local_date(moment: datetime, zone: ZoneInfo) -> str:
    """``Wed 10 Feb 2021``: the local date of `moment` in `zone`, with its weekday."""
    return f"{moment.astimezone(zone):%a %d %b %Y}"


def clock(moment: datetime, zone: ZoneInfo) -> str:
    """``13:30``: the wall time of `moment` in `zone`."""
    return f"{moment.astimezone(zone):%H:%M}"


def span(start: datetime, end: datetime, zone: ZoneInfo, reference: datetime, *, offset: bool = False) -> str:
    """``13:30–13:35`` in `zone`, with the offset when asked (each end's when a DST change falls
    inside the span) and the date shift from `reference` when there is one: ``23:30–00:10 (ends +1 day)``."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if offset and local_start.utcoffset() != local_end.utcoffset():
        text = (
            f"{local_start:%H:%M} {format_offset(local_start.utcoffset())}"
            f"{DASH}{local_end:%H:%M} {format_offset(local_end.utcoffset())}"
        )
    else:
        text = f"{local_start:%H:%M}{DASH}{local_end:%H:%M}"
        if offset:
            text += f" {format_offset(local_start.utcoffset())}"
    shift, end_shift = day_shift(start, zone, reference), day_shift(end, zone, reference)
    if end_shift != shift and local_end.time() != time(0):  # ending at midnight is still that day
        shift = f"{shift}, ends {end_shift or 'same day'}" if shift else f"ends {end_shift}"
    return f"{text} ({shift})" if shift else text
