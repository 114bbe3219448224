"""Public holidays through a cache: a warm cache answers without the `holidays` package, and a
stale, corrupt or unwritable cache is never an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path

import pytest

from agenda._holidays import CachedHolidays, NoCalendarError, holidays_version, package_holidays

REPUBLIC_DAY = date(2021, 1, 26)


class CountingSource:
    """A holiday source that answers from the real package and counts the questions."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, tuple[int, ...]]] = []

    def __call__(self, country: str, years: Collection[int]) -> Mapping[date, str] | None:
        self.asked.append((country, tuple(sorted(years))))
        return package_holidays(country, years)


def test_the_package_knows_republic_day() -> None:
    """The uncached source answers from the `holidays` package."""
    found = package_holidays("IN", {2021})
    assert found is not None
    assert found[REPUBLIC_DAY] == "Republic Day"


def test_a_warm_cache_does_not_ask_the_package(tmp_path: Path) -> None:
    """The second question about the same country and years is answered from the file."""
    source = CountingSource()
    cached = CachedHolidays(tmp_path, source=source, version=lambda: "1.0")
    first = cached("IN", {2021})
    second = CachedHolidays(tmp_path, source=source, version=lambda: "1.0")("IN", {2021})
    assert first == second
    assert source.asked == [("IN", (2021,))]


def test_only_missing_years_are_asked(tmp_path: Path) -> None:
    """A cache holding 2021 asks the package for 2022 alone, and answers both."""
    source = CountingSource()
    cached = CachedHolidays(tmp_path, source=source, version=lambda: "1.0")
    cached("IN", {2021})
    both = cached("IN", {2021, 2022})
    assert both is not None
    assert source.asked == [("IN", (2021,)), ("IN", (2022,))]
    assert {day.year for day in both} == {2021, 2022}


def test_a_new_package_version_starts_a_new_cache(tmp_path: Path) -> None:
    """After an upgrade of `holidays` the old answers are not used."""
    source = CountingSource()
    CachedHolidays(tmp_path, source=source, version=lambda: "1.0")("IN", {2021})
    CachedHolidays(tmp_path, source=source, version=lambda: "2.0")("IN", {2021})
    assert len(source.asked) == 2
    assert sorted(path.name for path in tmp_path.iterdir()) == ["holidays-1.0-IN.json", "holidays-2.0-IN.json"]


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"years": {"2021": {"not a date": "x"}}}', "\udcff"])
def test_a_corrupt_cache_is_rewritten(tmp_path: Path, content: str) -> None:
    """A cache file that is not what we wrote gives the right answer and is replaced."""
    file = tmp_path / "holidays-1.0-IN.json"
    file.write_bytes(content.encode("utf-8", "surrogateescape"))
    answer = CachedHolidays(tmp_path, version=lambda: "1.0")("IN", {2021})
    assert answer is not None
    assert answer[REPUBLIC_DAY] == "Republic Day"
    assert "2021" in json.loads(file.read_text("utf-8"))["years"]


def test_an_unwritable_cache_directory_still_answers(tmp_path: Path) -> None:
    """A cache that cannot be written (here: its folder is a file) only costs time."""
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    answer = CachedHolidays(blocker, version=lambda: "1.0")("IN", {2021})
    assert answer is not None
    assert answer[REPUBLIC_DAY] == "Republic Day"


def test_an_unknown_country_is_remembered(tmp_path: Path) -> None:
    """A country without a calendar raises NoCalendarError, from the package and then from the cache."""
    source = CountingSource()
    for _ in range(2):
        with pytest.raises(NoCalendarError):
            CachedHolidays(tmp_path, source=source, version=lambda: "1.0")("XX", {2021})
    assert source.asked == [("XX", (2021,))]


def test_the_version_is_read_without_importing_the_package() -> None:
    """`holidays_version` finds the installed version and leaves `holidays` unimported."""
    probe = (
        "import sys; from agenda._holidays import holidays_version; "
        "print(holidays_version()); print('holidays' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    from importlib.metadata import version

    assert result.stdout.split() == [version("holidays"), "False"]
    assert holidays_version() == version("holidays")


def test_check_with_a_warm_cache_imports_no_holidays(seed_path: Path, tmp_path: Path) -> None:
    """`agenda check` on the seed: the first run fills the cache, the second imports nothing from
    `holidays`, and both report the same."""
    probe = (
        "import sys; from agenda.cli import main; code = main(['check', '--format', 'json', sys.argv[1]]); "
        "print('HOLIDAYS-IMPORTED' if 'holidays' in sys.modules else 'HOLIDAYS-NOT-IMPORTED'); sys.exit(code)"
    )
    environment = {**os.environ, "AGENDA_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, str(seed_path)], capture_output=True, text=True, env=environment, check=False
        )
        for _ in range(2)
    ]
    assert [run.stdout.rsplit("\n", 2)[-2] for run in runs] == ["HOLIDAYS-IMPORTED", "HOLIDAYS-NOT-IMPORTED"]
    assert runs[0].stdout.rsplit("\n", 2)[0] == runs[1].stdout.rsplit("\n", 2)[0]
    assert runs[0].returncode == runs[1].returncode
    assert list(tmp_path.iterdir())


@pytest.mark.parametrize("country", ["../../escape", "I/N", "INDIA"])
def test_a_country_that_is_no_code_never_names_a_file(tmp_path: Path, country: str) -> None:
    """Only two- and three-letter codes are cached; anything else goes to the package alone."""
    with pytest.raises(NoCalendarError):
        CachedHolidays(tmp_path / "cache", version=lambda: "1.0")(country, {2021})
    assert list(tmp_path.iterdir()) == []


def test_one_source_reads_the_version_and_each_countrys_file_once(tmp_path: Path) -> None:
    """A check of many files asks for each file's holidays: the version and the cache file are
    read once, and the answers stay the same."""
    versions: list[int] = []

    def version() -> str:
        versions.append(1)
        return "1.0"

    source = CountingSource()
    CachedHolidays(tmp_path, source=source, version=version)("IN", {2021})
    cached = CachedHolidays(tmp_path, source=source, version=version)
    reads: list[str] = []
    read = CachedHolidays._read

    def counting_read(file: str) -> tuple[bool, dict[str, dict[str, str]]]:
        reads.append(os.path.basename(file))
        return read(file)

    cached._read = counting_read  # type: ignore[method-assign]
    answers = [cached("IN", {2021}) for _ in range(5)]
    assert (len(versions), reads, source.asked) == (2, ["holidays-1.0-IN.json"], [("IN", (2021,))])
    assert all(answer == answers[0] and answer for answer in answers)
