"""Zones, durations, the DST policy and local hours (agenda._times)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda._times import (
    DstPolicy,
    LocalHours,
    format_duration,
    format_offset,
    get_zone,
    parse_duration,
    resolve_local,
    zone_keys,
)
from agenda.exceptions import AgendaError, AmbiguousTimeError, UnknownZoneError
from agenda.testing import durations, local_datetimes, local_hours, zones

BERLIN = get_zone("Europe/Berlin")
LORD_HOWE = get_zone("Australia/Lord_Howe")
SAO_PAULO = get_zone("America/Sao_Paulo")

# --- zones -------------------------------------------------------------------------------------


def test_get_zone_returns_zoneinfo_with_iana_key() -> None:
    """An IANA key gives the zoneinfo zone of that key."""
    assert ZoneInfo("Asia/Kolkata") == get_zone("Asia/Kolkata")


def test_get_zone_normalises_links() -> None:
    """A link such as Asia/Calcutta becomes its canonical zone."""
    assert get_zone("Asia/Calcutta").key == "Asia/Kolkata"


def test_get_zone_normalises_renamed_zone() -> None:
    """Europe/Kiev (renamed) becomes Europe/Kyiv."""
    assert get_zone("Europe/Kiev").key == "Europe/Kyiv"


def test_get_zone_keeps_utc_name() -> None:
    """UTC stays UTC rather than becoming Etc/UTC."""
    assert get_zone("UTC").key == "UTC"


def test_get_zone_refuses_ist_naming_three_places() -> None:
    """IST is refused: it means India, Israel and Ireland, and all three keys are suggested."""
    with pytest.raises(UnknownZoneError, match=r"3 different zones.*Asia/Kolkata.*Asia/Jerusalem.*Europe/Dublin"):
        get_zone("IST")


def test_get_zone_refuses_msk_suggesting_moscow() -> None:
    """MSK is refused with Europe/Moscow suggested."""
    with pytest.raises(UnknownZoneError, match=r"abbreviation.*Europe/Moscow"):
        get_zone("MSK")


def test_get_zone_refuses_lowercase_abbreviation() -> None:
    """Abbreviations are recognised whatever their case."""
    with pytest.raises(UnknownZoneError, match="abbreviation"):
        get_zone("ist")


def test_get_zone_suggests_close_key_for_typo() -> None:
    """A misspelt key gets a 'did you mean' with the right key."""
    with pytest.raises(UnknownZoneError, match=r"did you mean Asia/Kolkata"):
        get_zone("Asia/Kolkatta")


def test_get_zone_refuses_empty_name() -> None:
    """An empty name is not a zone."""
    with pytest.raises(UnknownZoneError, match="IANA key"):
        get_zone("")


def test_unknown_zone_error_is_lookup_error_and_agenda_error() -> None:
    """UnknownZoneError can be caught as LookupError or AgendaError."""
    with pytest.raises(UnknownZoneError) as caught:
        get_zone("Mars/Olympus_Mons")
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, AgendaError)
    assert caught.value.name == "Mars/Olympus_Mons"


def test_get_zone_gives_one_name_to_utc() -> None:
    """Zulu, Universal and Etc/UTC are all UTC."""
    assert {"UTC"} == {get_zone(name).key for name in ("Zulu", "Universal", "Etc/UTC", "UCT")}


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory"])
def test_get_zone_refuses_names_of_no_place(name: str) -> None:
    """'localtime' in a system zoneinfo directory is this machine's zone; 'Factory' a placeholder."""
    with pytest.raises(UnknownZoneError, match="names no place"):
        get_zone(name)


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("EST", "America/New_York"),
        ("MST", "America/Denver"),
        ("CET", "Europe/Paris"),
        ("EST5EDT", "America/New_York"),
        ("PST8PDT", "America/Los_Angeles"),
        ("WET", "Europe/Lisbon"),
    ],
)
def test_get_zone_refuses_database_keys_that_read_as_abbreviations(key: str, meant: str) -> None:
    """The database's EST is UTC-05:00 all year, not what people mean: refused with the zone they mean."""
    with pytest.raises(UnknownZoneError, match=f"such as {meant}"):
        get_zone(key)


@pytest.mark.parametrize("key", zone_keys())
def test_get_zone_accepts_every_key_of_the_database(key: str) -> None:
    """Every accepted key of the tz database gives a zone whose key is itself a key of the database."""
    assert get_zone(key).key in available_timezones()


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Asia/Kolkata", "UTC+05:30"),
        ("Asia/Kathmandu", "UTC+05:45"),
        ("Pacific/Chatham", "UTC+13:45"),
        ("America/St_Johns", "UTC-03:30"),
        ("UTC", "UTC"),
    ],
)
def test_format_offset_of_odd_offsets(key: str, expected: str) -> None:
    """Half-hour and 45-minute offsets are written in full."""
    assert expected == format_offset(datetime(2021, 2, 10, 12, tzinfo=get_zone(key)).utcoffset())


# --- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15m", timedelta(minutes=15)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("90s", timedelta(seconds=90)),
        ("2d", timedelta(days=2)),
        ("45min", timedelta(minutes=45)),
        (" 1h 5m ", timedelta(hours=1, minutes=5)),
        ("PT1H30M", timedelta(hours=1, minutes=30)),
        ("pt15m", timedelta(minutes=15)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("P1W", timedelta(weeks=1)),
        ("PT90S", timedelta(seconds=90)),
        ("0m", timedelta(0)),
    ],
)
def test_parse_duration_accepts(text: str, expected: timedelta) -> None:
    """Short forms and ISO 8601 exact durations are read."""
    assert expected == parse_duration(text)


@pytest.mark.parametrize("text", ["P1M", "P1Y", "P1Y2M", "PT1.5H"])
def test_parse_duration_refuses_calendar_spans(text: str) -> None:
    """Months and years have no fixed length; fractions are not exact."""
    with pytest.raises(ValueError, match="invalid ISO 8601 duration"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["", "junk", "15", "1h30", "m", "15 minutes", "1,5h", "h1", "1m1h"])
def test_parse_duration_refuses_junk(text: str) -> None:
    """Text that is no duration is refused with an example of one."""
    with pytest.raises(ValueError, match=r"invalid duration .*'1h30m'"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["P", "PT", "P1DT"])
def test_parse_duration_refuses_empty_iso_parts(text: str) -> None:
    """An ISO duration without a number, or a T with no time after it, is refused."""
    with pytest.raises(ValueError, match="invalid ISO 8601 duration"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["31d", "P5W", "99999999999h", "P999999999999999999999D", "9" * 5000 + "m"])
def test_parse_duration_refuses_absurd_numbers(text: str) -> None:
    """Longer than 30 days is a typo; huge numbers get the same clear message, not an int error."""
    with pytest.raises(ValueError, match=r"too long \(at most 30 days\)"):
        parse_duration(text)


def test_parse_duration_refuses_non_ascii_digits() -> None:
    """Digits of other scripts are not read as numbers."""
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration("\u0661\u0665m")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (timedelta(hours=1, minutes=30), "1h30m"),
        (timedelta(0), "0m"),
        (timedelta(seconds=90), "1m30s"),
        (timedelta(minutes=-5), "-5m"),
        (timedelta(days=1, hours=2), "1d2h"),
    ],
)
def test_format_duration_short_form(value: timedelta, expected: str) -> None:
    """Durations are written in the short form."""
    assert expected == format_duration(value)


def test_format_duration_refuses_fractions_of_a_second() -> None:
    """A duration that the short form cannot write exactly is refused."""
    with pytest.raises(ValueError, match="fraction of a second"):
        format_duration(timedelta(milliseconds=1500))


@given(durations(timedelta(0), timedelta(days=30), timedelta(seconds=1)))
def test_format_then_parse_duration_round_trips(value: timedelta) -> None:
    """parse_duration reads back what format_duration writes."""
    assert value == parse_duration(format_duration(value))


# --- DST policy --------------------------------------------------------------------------------

GAP = datetime(2021, 3, 28, 2, 30, tzinfo=BERLIN)  # clocks jump 02:00 -> 03:00
FOLD = datetime(2021, 10, 31, 2, 30, tzinfo=BERLIN)  # clocks fall back 03:00 -> 02:00


@pytest.mark.parametrize(
    ("policy", "expected_utc"),
    [
        (DstPolicy.COMPATIBLE, datetime(2021, 3, 28, 1, 30, tzinfo=UTC)),  # 03:30 CEST: shifted forward
        (DstPolicy.LATER, datetime(2021, 3, 28, 1, 30, tzinfo=UTC)),
        (DstPolicy.EARLIER, datetime(2021, 3, 28, 0, 30, tzinfo=UTC)),  # 01:30 CET: shifted back
    ],
)
def test_nonexistent_berlin_time_under_each_policy(policy: DstPolicy, expected_utc: datetime) -> None:
    """02:30 on 28 March 2021 in Berlin does not exist; each policy moves it as documented."""
    resolved, issue = resolve_local(GAP, policy)
    assert expected_utc == resolved.astimezone(UTC)
    assert issue is not None
    assert issue.kind == "nonexistent"


@pytest.mark.parametrize(
    ("policy", "expected_utc"),
    [
        (DstPolicy.COMPATIBLE, datetime(2021, 10, 31, 0, 30, tzinfo=UTC)),  # the first 02:30 (CEST)
        (DstPolicy.EARLIER, datetime(2021, 10, 31, 0, 30, tzinfo=UTC)),
        (DstPolicy.LATER, datetime(2021, 10, 31, 1, 30, tzinfo=UTC)),  # the second 02:30 (CET)
    ],
)
def test_ambiguous_berlin_time_under_each_policy(policy: DstPolicy, expected_utc: datetime) -> None:
    """02:30 on 31 October 2021 in Berlin happens twice; each policy picks one as documented."""
    resolved, issue = resolve_local(FOLD, policy)
    # Compared in UTC: Python never finds a time on a fold equal to one in another zone (PEP 495).
    assert expected_utc == resolved.astimezone(UTC)
    assert issue is not None
    assert issue.kind == "ambiguous"


@pytest.mark.parametrize(("wall", "kind"), [(GAP, "nonexistent"), (FOLD, "ambiguous")])
def test_raise_policy_refuses_dst_affected_time(wall: datetime, kind: str) -> None:
    """The raise policy refuses a skipped or repeated local time, naming it and the zone."""
    with pytest.raises(AmbiguousTimeError, match=rf"2021-.*T02:30 is {kind} in Europe/Berlin"):
        resolve_local(wall, DstPolicy.RAISE)


def test_compatible_shifts_lord_howe_gap_by_thirty_minutes() -> None:
    """Lord Howe's clocks move by 30 minutes: 02:15 in its gap becomes 02:45."""
    resolved, issue = resolve_local(datetime(2021, 10, 3, 2, 15, tzinfo=LORD_HOWE))
    assert datetime(2021, 10, 3, 2, 45) == resolved.replace(tzinfo=None)
    assert issue is not None
    assert issue.kind == "nonexistent"


def test_lord_howe_fold_is_thirty_minutes_long() -> None:
    """On Lord Howe's fold, the two readings of 01:45 are 30 minutes apart."""
    wall = datetime(2021, 4, 4, 1, 45, tzinfo=LORD_HOWE)
    earlier, _ = resolve_local(wall, DstPolicy.EARLIER)
    later, _ = resolve_local(wall, DstPolicy.LATER)
    assert timedelta(minutes=30) == later.astimezone(UTC) - earlier.astimezone(UTC)


def test_sao_paulo_midnight_gap_moves_to_one_in_the_morning() -> None:
    """Sao Paulo's DST began at midnight (2018-11-04): 00:30 did not exist and becomes 01:30."""
    resolved, issue = resolve_local(datetime(2018, 11, 4, 0, 30, tzinfo=SAO_PAULO))
    assert datetime(2018, 11, 4, 1, 30) == resolved.replace(tzinfo=None)
    assert issue is not None
    assert issue.kind == "nonexistent"


def test_sao_paulo_fold_is_ambiguous() -> None:
    """Sao Paulo's DST ended at midnight (2018-02-18): 23:30 the evening before happened twice."""
    _, issue = resolve_local(datetime(2018, 2, 17, 23, 30, tzinfo=SAO_PAULO))
    assert issue is not None
    assert issue.kind == "ambiguous"


def test_ordinary_time_has_no_issue() -> None:
    """A local time no DST change touches resolves to itself with no issue."""
    wall = datetime(2021, 2, 10, 11, 0, tzinfo=get_zone("Europe/Moscow"))
    assert (wall, None) == resolve_local(wall)


def test_issue_records_wall_time_and_zone() -> None:
    """The issue keeps the wall time as written and names the zone."""
    _, issue = resolve_local(GAP)
    assert issue is not None
    assert (issue.wall, issue.zone) == (GAP, "Europe/Berlin")


def test_resolve_local_refuses_naive_datetime() -> None:
    """A naive datetime has no zone to resolve in."""
    with pytest.raises(ValueError, match="naive"):
        resolve_local(datetime(2021, 2, 10, 11, 0))


@given(local_datetimes(), st.sampled_from([DstPolicy.COMPATIBLE, DstPolicy.EARLIER, DstPolicy.LATER]))
def test_resolved_time_names_one_instant(wall: datetime, policy: DstPolicy) -> None:
    """The resolved time reads back as itself from UTC, so it names exactly one instant."""
    resolved, _ = resolve_local(wall, policy)
    assert resolved.replace(tzinfo=None) == resolved.astimezone(UTC).astimezone(wall.tzinfo).replace(tzinfo=None)


@given(local_datetimes())
def test_issue_reported_exactly_when_dst_touches_the_time(wall: datetime) -> None:
    """An issue is reported exactly when the two readings of the wall time differ in offset."""
    _, issue = resolve_local(wall)
    affected = wall.replace(fold=0).utcoffset() != wall.replace(fold=1).utcoffset()
    assert affected == (issue is not None)


@given(local_datetimes())
def test_compatible_never_moves_a_time_backwards(wall: datetime) -> None:
    """Under RFC 5545's rule a skipped time moves forward and a repeated one stays put."""
    resolved, issue = resolve_local(wall)
    if issue is None or issue.kind == "ambiguous":
        assert wall.replace(tzinfo=None) == resolved.replace(tzinfo=None)
    else:
        assert resolved.replace(tzinfo=None) > wall.replace(tzinfo=None)


@given(local_datetimes())
def test_earlier_policy_is_never_later_than_later_policy(wall: datetime) -> None:
    """EARLIER gives an instant at or before the one LATER gives."""
    earlier, _ = resolve_local(wall, DstPolicy.EARLIER)
    later, _ = resolve_local(wall, DstPolicy.LATER)
    assert earlier.astimezone(UTC) <= later.astimezone(UTC)


# --- local hours -------------------------------------------------------------------------------


def test_local_hours_parse() -> None:
    """'09:00-21:00' gives the window from 09:00 to 21:00."""
    assert LocalHours(time(9), time(21)) == LocalHours.parse("09:00-21:00")


def test_local_hours_parse_en_dash_and_24() -> None:
    """An en dash works, and 24:00 means midnight at the end of the day."""
    assert LocalHours(time(9), time(0)) == LocalHours.parse("09:00\u201324:00")


def test_local_hours_str_writes_24_for_midnight_end() -> None:
    """A window closing at midnight is written with 24:00."""
    assert str(LocalHours(time(9), time(0))) == "09:00\u201324:00"


@pytest.mark.parametrize("text", ["9-5", "09:00", "09:00-21:00-22:00", "25:00-26:00", ""])
def test_local_hours_parse_refuses_junk(text: str) -> None:
    """Text that is not two times of day is refused."""
    with pytest.raises(ValueError, match="invalid"):
        LocalHours.parse(text)


MOSCOW = get_zone("Europe/Moscow")


def _at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2021, 2, day, hour, minute, tzinfo=MOSCOW)


@pytest.mark.parametrize(
    ("start", "end", "inside"),
    [
        (_at(23, 30), _at(1, 0, day=11), True),  # across midnight, inside
        (_at(0, 30), _at(1, 30), True),  # after midnight
        (_at(22, 0), _at(2, 0, day=11), True),  # the whole window
        (_at(1, 30), _at(2, 30), False),  # runs past closing
        (_at(21, 30), _at(22, 30), False),  # starts before opening
        (_at(12, 0), _at(13, 0), False),  # the middle of the day
    ],
)
def test_local_hours_wrapping_past_midnight(start: datetime, end: datetime, inside: bool) -> None:
    """22:00-02:00 wraps past midnight: spans inside the night window fit, others do not."""
    assert inside == LocalHours.parse("22:00-02:00").contains(start, end)


def test_local_hours_evening_window_to_midnight() -> None:
    """09:00-24:00 holds a span ending exactly at midnight."""
    assert LocalHours.parse("09:00-24:00").contains(_at(23, 0), _at(0, 0, day=11))


@given(local_hours(), local_datetimes(MOSCOW, near_transitions=False))
def test_whole_day_hours_contain_every_span(hours: LocalHours, start: datetime) -> None:
    """Hours whose start equals their end hold any span of the day."""
    whole = LocalHours(hours.start, hours.start)
    assert whole.contains(start, start + timedelta(hours=1))


@given(local_hours(), st.dates(min_value=datetime(2000, 1, 2).date(), max_value=datetime(2035, 1, 1).date()))
def test_opening_minute_is_inside_and_minute_before_is_outside(hours: LocalHours, day: object) -> None:
    """The minute at opening time is inside the hours; the minute before is outside (unless whole day)."""
    opens = datetime.combine(day, hours.start, tzinfo=UTC)  # type: ignore[arg-type]
    assert hours.contains(opens, opens + timedelta(minutes=1))
    if not hours.whole_day:
        assert not hours.contains(opens - timedelta(minutes=1), opens)


@given(zones())
def test_zone_strategy_draws_usable_zones(zone: ZoneInfo) -> None:
    """Every zone drawn is one get_zone returns for its own key."""
    assert zone == get_zone(zone.key)


def test_a_wall_time_that_says_it_is_the_second_keeps_that_choice() -> None:
    """fold=1 on a repeated wall time is an explicit choice: kept under every policy, and reported."""
    berlin = get_zone("Europe/Berlin")
    second = datetime(2021, 10, 31, 1, 30, tzinfo=UTC).astimezone(berlin)
    for policy in DstPolicy:
        resolved, issue = resolve_local(second, policy)
        assert resolved.astimezone(UTC) == datetime(2021, 10, 31, 1, 30, tzinfo=UTC)
        assert issue is not None
        assert issue.kind == "ambiguous"
