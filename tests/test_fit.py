"""`agenda fit` and `agenda._fit.fit`: pack, stretch and shift on the seed webinar, the blocking
constraint, minimums, and writing back only the changed values."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import agenda
from agenda._fit import FitError, fit
from agenda._model import ItemKind
from agenda.checks import check

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "india-russia-webinar.toml"
MOSCOW = ZoneInfo("Europe/Moscow")
Cli = Callable[..., tuple[int, str, str]]


def _durations(subject: agenda.Agenda) -> dict[str, timedelta]:
    return {path: item.duration for path, item in subject.items()}


def _end(result_agenda: agenda.Agenda) -> str:
    return f"{agenda.build_timeline(result_agenda).end.astimezone(MOSCOW):%H:%M}"


def test_pack_takes_from_questions_and_breaks_first() -> None:
    """Packing the seed into 13:40 shortens only Q&A and breaks (10 minutes are there to take)."""
    seed = agenda.load(SEED)
    result = fit(seed, end=datetime(2021, 2, 10, 13, 40, tzinfo=MOSCOW))
    before, after = _durations(seed), _durations(result.agenda)
    kinds = {path: item.kind for path, item in seed.items()}
    changed = {kinds[path] for path in before if before[path] != after[path]}
    assert (result.ok, _end(result.agenda), changed) == (True, "13:40", {ItemKind.QA, ItemKind.BREAK})


def test_pack_never_changes_opening_or_closing() -> None:
    """Deep cuts leave the opening remarks and the closing speech as they were."""
    seed = agenda.load(SEED)
    result = fit(seed, end=datetime(2021, 2, 10, 12, 45, tzinfo=MOSCOW))
    protected = {p: i.duration for p, i in seed.items() if i.kind in (ItemKind.OPENING, ItemKind.CLOSING)}
    assert result.ok
    assert protected == {p: i.duration for p, i in result.agenda.items() if p in protected}


def test_pack_keeps_budgets_and_the_booking() -> None:
    """After packing, the budget rules find nothing: budgets moved with their items, the booked end too."""
    result = fit(agenda.load(SEED), end=datetime(2021, 2, 10, 13, 30, tzinfo=MOSCOW))
    assert check(result.agenda, select=["AG1"]).findings == ()


def test_pack_says_which_constraint_blocks() -> None:
    """A window shorter than the minimums allow names the shortfall."""
    result = fit(agenda.load(SEED), end=datetime(2021, 2, 10, 12, 30, tzinfo=MOSCOW))
    assert result.blocking == (
        "the programme needs 1h20m less to end by the window, but its items can give only 1h18m without "
        "going below their kinds' minimums or changing an opening or closing item"
    )


def test_minimums_can_be_lowered() -> None:
    """With a Q&A minimum of one minute and presentations of three, the same window fits."""
    minimums = {ItemKind.QA: timedelta(minutes=1), ItemKind.PRESENTATION: timedelta(minutes=3)}
    result = fit(agenda.load(SEED), end=datetime(2021, 2, 10, 12, 30, tzinfo=MOSCOW), minimums=minimums)
    assert (result.ok, _end(result.agenda)) == (True, "12:30")


def test_stretch_fills_the_booked_window() -> None:
    """Stretching the seed to its booked 14:00 lengthens Q&A and breaks and ends at 14:00."""
    seed = agenda.load(SEED)
    result = fit(seed, mode="stretch")
    kinds = {path: item.kind for path, item in seed.items()}
    grown = {kinds[p] for p, d in _durations(result.agenda).items() if d != _durations(seed)[p]}
    assert (_end(result.agenda), grown) == ("14:00", {ItemKind.QA, ItemKind.BREAK})


def test_changes_are_whole_minutes_and_deterministic() -> None:
    """Two runs give the same durations, each a whole number of minutes."""
    seed = agenda.load(SEED)
    one = fit(seed, length=timedelta(hours=2, minutes=17))
    two = fit(seed, length=timedelta(hours=2, minutes=17))
    assert one.agenda == two.agenda
    assert all(d % timedelta(minutes=1) == timedelta(0) for d in _durations(one.agenda).values())


def test_shift_keeps_instants_or_wall_times() -> None:
    """Moving a Berlin event over the spring change: a fixed start written in Kolkata time keeps
    its distance from the start (instant) or its clock time (wall)."""
    text = (
        SEED.read_text("utf-8")
        .replace('start = "2021-02-10T11:00"  # illustrative', 'start = "2021-03-20T11:00"  # illustrative')
        .replace('zone = "Europe/Moscow"\nend = "2021-02-10T14:00"', 'zone = "Europe/Berlin"\nend = "2021-03-20T14:00"')
        .replace(
            'id = "closing"\nkind = "closing"',
            'id = "closing"\nkind = "closing"\nstart = "2021-03-20T18:10 Asia/Kolkata"',
        )
    )
    subject = agenda.loads(text)
    target = datetime(2021, 4, 3, 11, tzinfo=ZoneInfo("Europe/Berlin"))
    kolkata = ZoneInfo("Asia/Kolkata")
    by_instant = fit(subject, mode="shift", start=target, keep="instant").agenda.parts[3].start
    by_wall = fit(subject, mode="shift", start=target, keep="wall").agenda.parts[3].start
    assert (by_instant, by_wall) == (
        datetime(2021, 4, 3, 17, 10, tzinfo=kolkata),
        datetime(2021, 4, 3, 18, 10, tzinfo=kolkata),
    )


def test_shift_keeps_every_duration() -> None:
    """Shifting moves the event and changes no duration or budget."""
    seed = agenda.load(SEED)
    moved = fit(seed, mode="shift", end=datetime(2021, 2, 11, 17, tzinfo=MOSCOW)).agenda
    assert (_durations(moved), _end(moved)) == (_durations(seed), "17:00")


def test_no_window_is_an_error() -> None:
    """Without an end, a length or a booked end there is no window."""
    seed = agenda.load(SEED)
    unbooked = agenda.loads(agenda.dumps(seed).replace('end = "2021-02-10T14:00"\n', ""))
    with pytest.raises(FitError, match="no window"):
        fit(unbooked)


def test_minimum_below_a_minute_is_refused() -> None:
    """A minimum of zero would allow an item of no time (AG601)."""
    with pytest.raises(FitError, match="minimum for qa"):
        fit(agenda.load(SEED), minimums={ItemKind.QA: timedelta(0)})


def test_cli_writes_only_changed_values_and_prints_the_diff(tmp_path: Path, cli: Cli) -> None:
    """`agenda fit --end 13:40` rewrites only the Q&A and break durations, budgets and the booked end."""
    target = tmp_path / "webinar.toml"
    shutil.copy(SEED, target)
    code, out, err = cli("fit", str(target), "--end", "13:40")
    before, after = SEED.read_text("utf-8").splitlines(), target.read_text("utf-8").splitlines()
    changed = [new for old, new in zip(before, after, strict=True) if old != new]
    assert code == 0
    assert out.startswith("india-russia-interregional-2021 -> india-russia-interregional-2021:")
    assert "retimed  item:closing  'Closing speech': 13:40–13:50 -> 13:30–13:40" in out
    # 10 minutes from the 12 that Q&A and breaks can give, in proportion: 4 + 1 + 1 + 4.
    assert changed == [
        'end = "2021-02-10T13:40"    # the booked Webex meeting (illustrative)',
        'duration = "6m"',
        'allotted = "1h24m"',
        'allotted = "29m"',
        'duration = "5m"',
        'allotted = "29m"',
        'duration = "5m"',
        'allotted = "26m"',
        'duration = "6m"',
    ]
    assert "now ends at 13:40" in err


def test_cli_quiet_prints_the_diff_without_the_summary(tmp_path: Path, cli: Cli) -> None:
    """With -q the diff (what was asked for) is printed, the closing line on stderr is not."""
    target = tmp_path / "webinar.toml"
    shutil.copy(SEED, target)
    code, out, err = cli("fit", "-q", str(target), "--end", "13:40")
    assert (code, "'Closing speech': 13:40–13:50 -> 13:30–13:40" in out, err) == (0, True, "")


def test_cli_blocked_writes_nothing(tmp_path: Path, cli: Cli) -> None:
    """A window that cannot be met is exit 1 with the constraint, and the file is untouched."""
    target = tmp_path / "webinar.toml"
    shutil.copy(SEED, target)
    code, _, err = cli("fit", str(target), "--end", "12:30")
    assert (code, target.read_bytes()) == (1, SEED.read_bytes())
    assert "cannot fit" in err
    assert "nothing was written" in err


def test_cli_bad_end_is_a_usage_error(cli: Cli) -> None:
    """An unreadable --end is exit 2 with one line."""
    code, _, err = cli("fit", str(SEED), "--end", "soon", "--dry-run")
    assert (code, err.count("\n")) == (2, 1)


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_cli_rewrites_only_the_changed_values_in_yaml_and_json(tmp_path: Path, cli: Cli, suffix: str) -> None:
    """In YAML and JSON, only the lines of changed values differ, and the file reads back as fitted."""
    source = ROOT / "examples" / f"india-russia-webinar.{suffix}"
    target = tmp_path / f"webinar.{suffix}"
    shutil.copy(source, target)
    assert cli("fit", str(target), "--end", "13:40")[0] == 0
    before, after = source.read_text("utf-8").splitlines(), target.read_text("utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 9
    assert all(old.split(":")[0] == new.split(":")[0] for old, new in changed)
    assert agenda.load(target) == fit(agenda.load(source), end=datetime(2021, 2, 10, 13, 40, tzinfo=MOSCOW)).agenda
