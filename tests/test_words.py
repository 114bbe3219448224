"""Time in words (agenda._words): the one way every output writes a time, a span, a zone and a shift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda import _words as words
from agenda import get_zone

MOSCOW = get_zone("Europe/Moscow")
KOLKATA = get_zone("Asia/Kolkata")
BERLIN = get_zone("Europe/Berlin")
KATHMANDU = get_zone("Asia/Kathmandu")
#: The seed webinar's start, 11:00 in Moscow: day shifts count from its date.
REFERENCE = datetime(2021, 2, 10, 11, 0, tzinfo=MOSCOW)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 2, day, hour, minute, tzinfo=UTC)


def test_clock_is_the_wall_time_in_the_zone() -> None:
    """08:00 UTC is 13:30 in Kolkata."""
    assert words.clock(utc(10, 8), KOLKATA) == "13:30"


def test_offsets_have_hours_and_minutes() -> None:
    """Kathmandu is UTC+05:45; UTC itself is plain UTC."""
    assert [words.utc_offset(utc(10, 8), KATHMANDU), words.utc_offset(utc(10, 8), UTC)] == ["UTC+05:45", "UTC"]


def test_zone_label_gives_the_abbreviation_and_the_offset() -> None:
    """Kolkata is IST, UTC+05:30; Kathmandu, which the database gives only a number, is its offset alone."""
    assert [words.zone_label(utc(10, 8), KOLKATA), words.zone_label(utc(10, 8), KATHMANDU)] == [
        "IST, UTC+05:30",
        "UTC+05:45",
    ]


def test_zone_name_is_the_key_and_its_offset() -> None:
    """A zone is named by its key with its offset, in parentheses or after a comma."""
    assert [words.zone_name(utc(10, 8), MOSCOW), words.zone_name(utc(10, 8), MOSCOW, inline=True)] == [
        "Europe/Moscow (UTC+03:00)",
        "Europe/Moscow, UTC+03:00",
    ]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(utc(10, 20), ""), (utc(10, 21), "+1 day"), (utc(12, 21), "+3 days"), (utc(9, 20), "-1 day")],
)
def test_day_shift_counts_local_dates_from_the_reference(moment: datetime, expected: str) -> None:
    """21:00 UTC is 00:00 the next day in Moscow: +1 day; plural beyond one."""
    assert expected == words.day_shift(moment, MOSCOW, REFERENCE)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (utc(10, 18), utc(10, 20), []),
        (utc(10, 20), utc(10, 22), ["ends +1 day"]),
        (utc(10, 22), utc(10, 23), ["+1 day"]),
        (utc(10, 22), utc(11, 23), ["starts +1 day", "ends +2 days"]),
        (utc(9, 20), utc(9, 22), ["starts -1 day", "ends on the event date"]),
        (utc(10, 20), utc(10, 21), []),  # ends at midnight: still that day
    ],
)
def test_span_shift_notes_both_ends_only_when_they_differ(start: datetime, end: datetime, expected: list[str]) -> None:
    """A span's day-shift notes: one shift for both ends, or where each end falls."""
    assert expected == words.span_shift(start, end, MOSCOW, REFERENCE)


def test_span_with_key_puts_the_offset_beside_the_zone() -> None:
    """With its key, a span reads 23:30–00:30 Asia/Kolkata (UTC+05:30, ends +1 day)."""
    text = words.span(utc(10, 18), utc(10, 19), KOLKATA, REFERENCE, offset=True, key=True)
    assert text == "23:30–00:30 Asia/Kolkata (UTC+05:30, ends +1 day)"


def test_inline_span_uses_commas_inside_parentheses() -> None:
    """Inline, the notes follow commas, so that no parenthesis holds another."""
    text = words.span(utc(10, 18), utc(10, 19), KOLKATA, REFERENCE, offset=True, key=True, inline=True)
    assert text == "23:30–00:30 Asia/Kolkata, UTC+05:30, ends +1 day"


def test_span_without_key_lets_the_offset_stand_for_the_zone() -> None:
    """Without a key, the offset follows the times: 13:30–13:35 UTC+05:30."""
    assert words.span(utc(10, 8), utc(10, 8, 5), KOLKATA, REFERENCE, offset=True) == "13:30–13:35 UTC+05:30"


def test_span_across_a_dst_change_gives_each_end_its_offset() -> None:
    """Across Berlin's spring change each end carries its own offset."""
    start = datetime(2021, 3, 28, 0, 30, tzinfo=UTC)
    reference = start.astimezone(BERLIN)
    text = words.span(start, start + timedelta(hours=2), BERLIN, reference, offset=True)
    assert text == "01:30 UTC+01:00–04:30 UTC+02:00"


def test_at_is_a_moment_with_its_zone_and_shift() -> None:
    """A moment reads 00:30 Asia/Kolkata (UTC+05:30, +1 day)."""
    assert words.at(utc(10, 19), KOLKATA, REFERENCE, offset=True) == "00:30 Asia/Kolkata (UTC+05:30, +1 day)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(timedelta(hours=1), "+1h"), (timedelta(minutes=-30), "-0h30m"), (timedelta(hours=5, minutes=30), "+5h30m")],
)
def test_change_is_signed_hours_and_minutes(value: timedelta, expected: str) -> None:
    """A change of clock time has its sign and whole hours."""
    assert expected == words.change(value)


def test_duration_drops_a_fraction_of_a_second() -> None:
    """1h30m and half a second reads 1h30m."""
    assert words.duration(timedelta(hours=1, minutes=30, microseconds=500_000)) == "1h30m"


@given(st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60), st.integers(min_value=1, max_value=3 * 24 * 60))
def test_a_span_has_a_shift_note_exactly_when_an_end_is_on_another_date(start_minute: int, length: int) -> None:
    """The notes are empty exactly when both ends (midnight counting as the day before) fall on the event date."""
    start = REFERENCE + timedelta(minutes=start_minute)
    end = start + timedelta(minutes=length)
    last = end - timedelta(microseconds=1)
    same = start.date() == REFERENCE.date() == last.astimezone(MOSCOW).date()
    assert same == (words.span_shift(start, end, MOSCOW, REFERENCE) == [])
