"""`agenda plan` and `agenda.plan`: the seed webinar's February, weekends by country, weights,
preferences, near misses and rotations, the command line and --apply."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

import agenda
from agenda._planner import LIMITS, hard_codes
from agenda.checks import Severity, check
from agenda.checks.rules.weekends import WEEKENDS, weekend_of

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "india-russia-webinar.toml"
THREE = ROOT / "examples" / "three-continents.toml"
MOSCOW = ZoneInfo("Europe/Moscow")
FEBRUARY = (datetime(2021, 2, 1, tzinfo=MOSCOW), datetime(2021, 3, 1, tzinfo=MOSCOW))
Cli = Callable[..., tuple[int, str, str]]


def _hard_findings(moved: agenda.Agenda) -> list[str]:
    report = check(moved, select=list(hard_codes(moved)))
    return [f"{f.code} {f.message}" for f in report.findings if f.severity is not Severity.INFO]


def test_seed_february_lists_moscow_mid_day_starts_first() -> None:
    """For the seed's two audiences in February 2021, the best starts are around 11:00 in Moscow."""
    result = agenda.plan(agenda.load(SEED), *FEBRUARY, top=5)
    starts = [c.start.astimezone(MOSCOW).strftime("%d %H:%M") for c in result.candidates]
    assert starts == ["10 11:15", "10 11:00", "10 11:30", "10 10:45", "10 11:45"]


def test_seed_top_candidates_check_clean_once_applied() -> None:
    """Each top candidate, applied to the seed, leaves `agenda check` nothing to say for the hard rules."""
    seed = agenda.load(SEED)
    result = agenda.plan(seed, *FEBRUARY, top=5)
    assert len(result.candidates) == 5
    assert [finding for c in result.candidates for finding in _hard_findings(agenda.shift(seed, c.start))] == []


def test_seed_applied_by_the_command_line_checks_clean(tmp_path: Path, cli: Cli) -> None:
    """`agenda plan --apply 1` writes the file; `agenda check` of it then passes for the hard rules."""
    target = tmp_path / "webinar.toml"
    shutil.copy(SEED, target)
    code, _, _ = cli("plan", str(target), "--from", "2021-02-01", "--to", "2021-02-28", "--apply", "1")
    assert code == 0
    codes = ",".join(hard_codes(agenda.load(target)))
    assert cli("check", str(target), "--select", codes)[0] == 0
    assert agenda.load(target).event.start == datetime(2021, 2, 10, 11, 15, tzinfo=MOSCOW)


def test_seed_without_availability_skips_weekends_and_russian_holidays() -> None:
    """Without the Gujarat speaker's one-day availability, every weekday fits except Russia's days
    off: 23 February (Defender of the Fatherland Day) and 22 February (moved from Saturday 20)."""
    result = agenda.plan(agenda.load(SEED), *FEBRUARY, top=400, relax=["availability"])
    days = {c.start.astimezone(MOSCOW).date() for c in result.candidates}
    weekdays = {FEBRUARY[0].date() + timedelta(days=n) for n in range(28)}
    expected = {d for d in weekdays if d.weekday() < 5} - {datetime(2021, 2, 22).date(), datetime(2021, 2, 23).date()}
    assert expected == days


def test_relaxing_holidays_brings_back_the_holiday() -> None:
    """With holidays relaxed, 23 February has candidates again."""
    result = agenda.plan(agenda.load(SEED), *FEBRUARY, top=400, relax=["availability", "holidays"])
    assert datetime(2021, 2, 23).date() in {c.start.astimezone(MOSCOW).date() for c in result.candidates}


def test_candidates_explain_the_tightest_limit() -> None:
    """The first reason names the tightest limit and its margin; the score is that margin in minutes."""
    best = agenda.plan(agenda.load(SEED), *FEBRUARY, top=1).candidates[0]
    assert (best.score, best.margin) == (105.0, timedelta(hours=1, minutes=45))
    assert best.reasons[0].text.startswith("1h45m inside everyone's limits; tightest: Invest India representative's")


def test_candidates_show_local_times_in_every_zone() -> None:
    """A candidate lists the audiences' zones and the speakers' other zones (Yekaterinburg)."""
    best = agenda.plan(agenda.load(SEED), *FEBRUARY, top=1).candidates[0]
    assert [(s.who, s.zone.key) for s in best.local] == [
        ("India", "Asia/Kolkata"),
        ("Russia", "Europe/Moscow"),
        ("Sverdlovsk Oblast representative", "Asia/Yekaterinburg"),
    ]


_EVENT = """
[event]
id = "demo"
title = "Demo"
start = "2021-02-10T11:00"
zone = "Europe/Moscow"

[[parts]]
title = "Talk"
duration = "1h"
"""


def _audiences(*audiences: agenda.Audience) -> agenda.Agenda:
    return attrs.evolve(agenda.loads(_EVENT), audiences=audiences)


def test_friday_is_the_weekend_in_egypt() -> None:
    """An Egyptian audience gets no Friday or Saturday start; Sunday is a working day there."""
    cairo = agenda.Audience(name="Egypt", zone=ZoneInfo("Africa/Cairo"), country="EG")
    week = (datetime(2021, 2, 8, tzinfo=UTC), datetime(2021, 2, 15, tzinfo=UTC))
    result = agenda.plan(_audiences(cairo), *week, step=timedelta(hours=1), top=200)
    assert {c.start.astimezone(cairo.zone).weekday() for c in result.candidates} == {0, 1, 2, 3, 6}


def test_weekend_rule_reports_a_saturday_in_germany() -> None:
    """AG702 reports a Saturday for a German audience."""
    berlin = agenda.Audience(name="Germany", zone=ZoneInfo("Europe/Berlin"), country="DE")
    moved = agenda.shift(_audiences(berlin), datetime(2021, 2, 13, 10, tzinfo=UTC))
    assert [f.message for f in check(moved, select=["AG702"]).findings] == [
        "Saturday 13 February 2021 is a weekend day in DE (weekend Saturday–Sunday) for Germany"
    ]


def test_weekend_table_agrees_with_the_holidays_package() -> None:
    """Every country the table lists has the weekend the holidays package gives it, and every
    country whose weekend there includes a Friday is in the table."""
    holidays = pytest.importorskip("holidays")
    differing = {}
    for country in holidays.list_supported_countries():
        weekend = frozenset(holidays.country_holidays(country, years=2024).weekend)
        if 4 in weekend or country in WEEKENDS:
            differing[country] = weekend
    assert differing == {country: weekend_of(country) for country in differing}


def test_weight_moves_the_best_start_towards_the_heavier_audience() -> None:
    """With two audiences of different hours, the heavier one gets the larger margin."""
    early = agenda.Audience(name="Early", zone=ZoneInfo("UTC"), hours=agenda.LocalHours.parse("06:00-14:00"))
    late = agenda.Audience(name="Late", zone=ZoneInfo("UTC"), hours=agenda.LocalHours.parse("08:00-20:00"))
    day = (datetime(2021, 2, 10, tzinfo=UTC), datetime(2021, 2, 11, tzinfo=UTC))

    def best(*audiences: agenda.Audience) -> str:
        return f"{agenda.plan(_audiences(*audiences), *day, top=1).candidates[0].start:%H:%M}"

    assert (best(early, late), best(early, attrs.evolve(late, weight=4.0))) == ("10:30", "12:00")


def test_preferred_weekday_ranks_first() -> None:
    """Among starts of equal margin on every weekday, a preferred weekday comes first."""
    result = agenda.plan(agenda.load(SEED), *FEBRUARY, top=1, relax=["availability"], weekdays=[3])
    assert f"{result.candidates[0].start.astimezone(MOSCOW):%a %d %H:%M}" == "Thu 04 11:00"


def test_preferred_local_start_ranks_first() -> None:
    """Where no hours limit the start, the one nearest a preferred local start comes first."""
    anyone = agenda.Audience(name="Anyone", zone=ZoneInfo("UTC"))
    day = (datetime(2021, 2, 10, tzinfo=UTC), datetime(2021, 2, 11, tzinfo=UTC))
    result = agenda.plan(_audiences(anyone), *day, top=1, prefer_starts=["15:00 Asia/Kolkata"])
    assert f"{result.candidates[0].start:%H:%M}" == "09:30"


def test_different_local_dates_cost_points() -> None:
    """A start that falls on two dates across the zones loses the same-date points."""
    tokyo = agenda.Audience(name="Tokyo", zone=ZoneInfo("Asia/Tokyo"))
    la = agenda.Audience(name="LA", zone=ZoneInfo("America/Los_Angeles"))
    day = (datetime(2021, 2, 10, 0, tzinfo=UTC), datetime(2021, 2, 10, 1, tzinfo=UTC))
    candidate = agenda.plan(_audiences(tokyo, la), *day, top=1).candidates[0]
    assert candidate.reasons[-1].points == -60
    assert candidate.reasons[-1].text.startswith("not on one local date everywhere")


def test_nothing_fits_across_three_continents_but_a_rotation_does() -> None:
    """Los Angeles, Berlin and Tokyo: no start fits; a rotation gives each audience its hours."""
    result = agenda.plan(
        agenda.load(THREE),
        datetime(2026, 3, 9, tzinfo=UTC),
        datetime(2026, 3, 14, tzinfo=UTC),
        top=3,
    )
    assert result.fitting == 0
    assert result.near_misses[0].breaches[0].code == "AG401"
    assert result.rotation is not None
    assert (result.rotation.first_serves, result.rotation.second_serves) == (
        ("Berlin", "Tokyo"),
        ("Los Angeles", "Berlin"),
    )


def test_near_miss_says_how_far_the_start_must_move() -> None:
    """A one-hour talk at 10:00 for 09:00–10:30 hours must start 30 minutes earlier."""
    narrow = agenda.Audience(name="Narrow", zone=ZoneInfo("UTC"), hours=agenda.LocalHours.parse("09:00-10:30"))
    day = (datetime(2021, 2, 10, 10, tzinfo=UTC), datetime(2021, 2, 10, 10, 1, tzinfo=UTC))
    result = agenda.plan(_audiences(narrow), *day, step=timedelta(minutes=1))
    assert [b.text for b in result.near_misses[0].breaches] == [
        "Narrow: audience hours (AG401); start 30m earlier to meet it"
    ]


def test_near_miss_says_when_no_start_meets_a_limit() -> None:
    """A one-hour talk for half-hour hours meets them at no start."""
    narrow = agenda.Audience(name="Narrow", zone=ZoneInfo("UTC"), hours=agenda.LocalHours.parse("09:00-09:30"))
    day = (datetime(2021, 2, 10, 9, tzinfo=UTC), datetime(2021, 2, 10, 9, 1, tzinfo=UTC))
    result = agenda.plan(_audiences(narrow), *day, step=timedelta(minutes=1))
    assert [b.text for b in result.near_misses[0].breaches] == ["Narrow: audience hours (AG401); no start meets it"]


def test_unknown_limit_is_refused() -> None:
    """Relaxing a limit that does not exist names the ones that do."""
    with pytest.raises(agenda.PlanError, match="unknown limit 'lunch': use audience-hours"):
        agenda.plan(agenda.load(SEED), *FEBRUARY, relax=["lunch"])


def test_naive_window_is_refused() -> None:
    """The window's ends carry a zone."""
    with pytest.raises(agenda.PlanError, match="naive"):
        agenda.plan(agenda.load(SEED), datetime(2021, 2, 1), FEBRUARY[1])


def test_too_many_steps_are_refused() -> None:
    """A window of ten years at one-minute steps is refused with the count."""
    start = datetime(2020, 1, 1, tzinfo=UTC)
    with pytest.raises(agenda.PlanError, match="starts to scan; at most"):
        agenda.plan(agenda.load(SEED), start, start + timedelta(days=3650), step=timedelta(minutes=1))


def test_relaxed_limits_are_left_out_of_the_codes() -> None:
    """Every limit name relaxes its own rules."""
    seed = agenda.load(SEED)
    for name, codes in LIMITS.items():
        assert set(codes).isdisjoint(hard_codes(seed, [name])), name


def test_file_ignores_are_respected() -> None:
    """A rule the agenda's own check section ignores is no hard limit of its plan."""
    seed = agenda.load(SEED)
    ignoring = attrs.evolve(seed, check=attrs.evolve(seed.check, ignore=("AG402",)))
    assert "AG402" not in hard_codes(ignoring)


# -- the command line -------------------------------------------------------------------------


def test_cli_text_lists_candidates_with_a_strip(cli: Cli) -> None:
    """The text output has the candidates, their reasons and a strip of hour cells per zone."""
    code, out, _ = cli("plan", str(SEED), "--from", "2021-02-01", "--to", "2021-02-28", "--top", "1")
    assert code == 0
    assert "1. Wed 10 Feb 2021 11:15–14:05 Europe/Moscow (MSK, UTC+03:00)  score 105" in out
    assert "     India                             13:45–16:35  Asia/Kolkata (IST, UTC+05:30)" in out
    assert "██ ██ ██ ██" in out


def test_cli_json_is_parseable_and_in_utc(cli: Cli) -> None:
    """The JSON output gives UTC instants and the limits applied."""
    code, out, _ = cli("plan", str(SEED), "--from", "2021-02-01", "--to", "2021-02-28", "--format", "json")
    data = json.loads(out)
    assert (code, data["candidates"][0]["start"], data["limits"][:2]) == (0, "2021-02-10T08:15:00Z", ["AG401", "AG402"])


def test_cli_markdown_has_a_table_per_candidate(cli: Cli) -> None:
    """The Markdown output has a table of local times per candidate."""
    _, out, _ = cli("plan", str(SEED), "--from", "2021-02-10", "--to", "2021-02-10", "--format", "markdown")
    assert "| India | 13:45–16:35 | Asia/Kolkata (IST, UTC+05:30) |" in out


def test_cli_exits_1_when_nothing_fits(cli: Cli) -> None:
    """No fitting start: exit 1, with near misses and the rotation printed."""
    code, out, _ = cli("plan", str(THREE), "--from", "2026-03-09", "--to", "2026-03-13", "--top", "2")
    assert code == 1
    assert "Rotation for a series" in out


def test_cli_bad_date_is_a_usage_error(cli: Cli) -> None:
    """An unreadable --from is exit 2 with one line."""
    code, _, err = cli("plan", str(SEED), "--from", "February", "--to", "2021-02-28")
    assert (code, err.count("\n")) == (2, 1)
    assert "--from 'February'" in err


def test_cli_apply_beyond_the_candidates_writes_nothing(tmp_path: Path, cli: Cli) -> None:
    """--apply N with fewer than N candidates is exit 2 and leaves the file as it was."""
    target = tmp_path / "webinar.toml"
    shutil.copy(SEED, target)
    code, _, err = cli("plan", str(target), "--from", "2021-02-10", "--to", "2021-02-10", "--apply", "99")
    assert (code, target.read_bytes()) == (2, SEED.read_bytes())
    assert "nothing was written" in err


@pytest.mark.parametrize("suffix", ["toml", "yaml", "json"])
def test_apply_changes_only_the_start_and_end_lines(tmp_path: Path, cli: Cli, suffix: str) -> None:
    """--apply rewrites the event's start and booked end and leaves every other line as it was."""
    source = ROOT / "examples" / f"india-russia-webinar.{suffix}"
    target = tmp_path / f"webinar.{suffix}"
    shutil.copy(source, target)
    cli("plan", str(target), "--from", "2021-02-01", "--to", "2021-02-28", "--apply", "1")
    before, after = source.read_text("utf-8").splitlines(), target.read_text("utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    moved = [(line, line.replace("T11:00", "T11:15").replace("T14:00", "T14:15")) for line in before]
    assert changed == [(old, new) for old, new in moved if old != new]
    assert len(changed) == 2


def test_apply_keeps_toml_comments(tmp_path: Path, cli: Cli) -> None:
    """The comment after the event's start survives --apply."""
    target = tmp_path / "webinar.toml"
    shutil.copy(SEED, target)
    cli("plan", str(target), "--from", "2021-02-01", "--to", "2021-02-28", "--apply", "2")
    line = next(line for line in target.read_text("utf-8").splitlines() if line.startswith("start ="))
    assert line == 'start = "2021-02-10T11:00"  # illustrative: 11:00 in Moscow is 13:30 in New Delhi'


def test_apply_moves_fixed_starts_written_as_times_of_day(tmp_path: Path, cli: Cli) -> None:
    """A fixed start written as a time of day stays one, moved with the event."""
    target = tmp_path / "fixed.toml"
    target.write_text(_EVENT.replace('title = "Talk"', 'title = "Talk"\nstart = "11:30"  # after the welcome'), "utf-8")
    code, _, _ = cli("plan", str(target), "--from", "2021-02-10T14:00", "--to", "2021-02-10T14:10", "--apply", "1")
    assert code == 0
    assert 'start = "14:30"  # after the welcome' in target.read_text("utf-8")


def test_writing_a_value_the_file_does_not_have_is_refused() -> None:
    """A change to a value that is not written in the file is refused, not added."""
    from agenda._formats.edit import EditError, rewrite

    seed = agenda.load(SEED)
    with pytest.raises(EditError, match="is not written in the file"):
        rewrite(SEED.read_text("utf-8"), "toml", [("parts[0].start", seed.event.start)], seed)


def test_yaml_keeps_single_quotes() -> None:
    """A single-quoted YAML value is rewritten in single quotes."""
    from agenda._formats.edit import rewrite

    text = (
        (ROOT / "examples" / "india-russia-webinar.yaml")
        .read_text("utf-8")
        .replace("start: 2021-02-10T11:00", "start: '2021-02-10T11:00'")
    )
    moved = agenda.shift(agenda.loads(text, "yaml"), datetime(2021, 2, 10, 9, 15, tzinfo=UTC))
    assert "start: '2021-02-10T12:15'" in rewrite(text, "yaml", [("event.start", moved.event.start)], moved)


def test_rotation_names_the_occurrences_of_the_series(cli: Cli) -> None:
    """For a weekly series of eight, the rotation gives A the odd occurrences and B the even ones."""
    _, out, _ = cli("plan", str(THREE), "--from", "2026-03-09", "--to", "2026-03-13", "--top", "1")
    assert "In the series (FREQ=WEEKLY;COUNT=8): A for occurrences 1, 3, 5 and 7, B for 2, 4, 6 and 8." in out
