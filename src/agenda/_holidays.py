"""Public holidays by country and year, from the optional `holidays` package, with a cache.

The check rule asks a *holiday source* (a callable) for a country's holidays in some years; the
engine is given one, so the rule itself reads no files. `package_holidays` asks the package
directly. `CachedHolidays` (what the command line uses) keeps the answers in the user's cache
directory, one JSON file per country and `holidays` version, written atomically, so that a run
whose years are cached imports nothing from `holidays` (importing it and one country costs more
than the rest of `agenda check`). A stale, corrupt or unwritable cache is never an error: the
answer then comes from the package.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Collection, Mapping
from datetime import date

__all__ = [
    "CachedHolidays",
    "HolidaySource",
    "NoCalendarError",
    "default_cache_directory",
    "holidays_version",
    "package_holidays",
]

#: ``source(country, years)``: the holidays (date -> name) of an ISO 3166 country in those years;
#: None when the `holidays` package is not installed; `NoCalendarError` for an unknown country.
HolidaySource = Callable[[str, Collection[int]], Mapping[date, str] | None]


class NoCalendarError(LookupError):
    """The `holidays` package has no calendar for this country code."""


def package_holidays(country: str, years: Collection[int]) -> Mapping[date, str] | None:
    """The holidays of `country` in `years`, computed by the `holidays` package (None without it)."""
    import warnings

    try:
        import holidays
    except ImportError:
        return None
    try:
        with warnings.catch_warnings():
            # Years outside the package's range give no holidays and a warning we do not want.
            warnings.simplefilter("ignore")
            calendar = holidays.country_holidays(country.upper(), years=set(years))
            return dict(calendar.items())
    except NotImplementedError:
        raise NoCalendarError(country) from None


def holidays_version() -> str | None:
    """The installed `holidays` version, read from its distribution's folder name, without
    importing it (its own ``__version__`` imports importlib.metadata); None when not installed
    or not found that way."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    site = os.path.dirname(os.path.dirname(spec.origin))
    try:
        entries = os.listdir(site)
    except OSError:
        return None
    for entry in entries:
        if entry.startswith("holidays-") and entry.endswith(".dist-info"):
            return entry[len("holidays-") : -len(".dist-info")]
    return None


def default_cache_directory() -> str:
    """``$AGENDA_CACHE_DIR``, else ``$XDG_CACHE_HOME/agenda``, else ``~/.cache/agenda``. (Paths as
    strings, here and in `CachedHolidays`: `pathlib` would be the largest import of a check.)"""
    explicit = os.environ.get("AGENDA_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "agenda")


class CachedHolidays:
    """A holiday source that keeps what `source` answered in `directory`, per country, year and
    `holidays` version; a new version of the package starts a new cache file. One instance
    reads the version and each country's file once (a check of many files asks for every file)."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        source: HolidaySource = package_holidays,
        version: Callable[[], str | None] = holidays_version,
    ) -> None:
        self.directory = directory
        self._source = source
        self._version = functools.cache(version)
        self._files: dict[str, tuple[bool, dict[str, dict[str, str]]]] = {}

    def __call__(self, country: str, years: Collection[int]) -> Mapping[date, str] | None:
        version = self._version()
        if version is None or not (country.isascii() and country.isalpha() and len(country) <= 3):
            # Not installed (or not in a way to key a cache on), or no country code: a name made
            # of anything else never becomes part of a file name.
            return self._source(country, years)
        file = os.path.join(self.directory, f"holidays-{version}-{country.upper()}.json")
        if file not in self._files:
            self._files[file] = self._read(file)
        unknown, known = self._files[file]
        if unknown:
            raise NoCalendarError(country)
        missing = [year for year in years if str(year) not in known]
        if missing:
            try:
                found = self._source(country, missing)
            except NoCalendarError:
                self._files[file] = (True, {})
                self._write(file, {"unknown": True})
                raise
            if found is None:  # pragma: no cover - the version was found, so the package is there
                return None
            for year in missing:
                known[str(year)] = {day.isoformat(): name for day, name in found.items() if day.year == year}
            self._write(file, {"years": known})
        return {date.fromisoformat(day): name for year in years for day, name in known.get(str(year), {}).items()}

    @staticmethod
    def _read(file: str) -> tuple[bool, dict[str, dict[str, str]]]:
        """Whether the country is known to have no calendar, and the cached years (date -> name by
        year); a missing or unusable file (not what we wrote) reads as an empty cache, to be rewritten."""
        import json  # only with a cache to read: a run without `holidays` needs none

        try:
            with open(file, encoding="utf-8") as stream:
                content = json.load(stream)
        except (OSError, UnicodeDecodeError, ValueError):
            return False, {}
        if not isinstance(content, dict):
            return False, {}
        if content.get("unknown") is True:
            return True, {}
        years = content.get("years")
        if not isinstance(years, dict):
            return False, {}
        valid = all(
            isinstance(days, dict) and all(isinstance(name, str) and _is_date(day) for day, name in days.items())
            for days in years.values()
        )
        return False, (years if valid else {})

    def _write(self, file: str, content: Mapping[str, object]) -> None:
        import json

        from agenda._formats.atomic import write_atomic

        try:
            os.makedirs(self.directory, exist_ok=True)
            write_atomic(file, json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time


def _is_date(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
