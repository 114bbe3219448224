"""Weekends in an audience's country on the event's dates: they differ by country.

A small table, not the `holidays` package: that is an optional extra and slow to import, and the
weekend is needed by `agenda plan` for every candidate start. A test holds the table to the
package's own ``weekend`` of each country.
"""

from __future__ import annotations

from collections.abc import Iterator

from agenda.checks.context import CheckContext
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity
from agenda.checks.rules.public_holidays import _local_dates

__all__ = ["DEFAULT_WEEKEND", "WEEKENDS", "weekend_of"]

#: Saturday and Sunday (``date.weekday()`` numbers), the weekend of most countries.
DEFAULT_WEEKEND = frozenset({5, 6})

_FRIDAY_SATURDAY = frozenset({4, 5})

# Where the weekend is Friday and Saturday (alpha-2 and alpha-3 codes).
_FRIDAY_SATURDAY_COUNTRIES = (
    "AF",
    "AFG",
    "BD",
    "BGD",
    "BH",
    "BAH",
    "BHR",
    "DJ",
    "DJI",
    "DZ",
    "DZA",
    "EG",
    "EGY",
    "IL",
    "ISR",
    "IQ",
    "IRQ",
    "JO",
    "JOR",
    "KW",
    "KWT",
    "MR",
    "MRT",
    "MV",
    "MDV",
    "OM",
    "OMN",
    "QA",
    "QAT",
    "SA",
    "SAU",
    "SD",
    "SDN",
    "SY",
    "SYR",
    "YE",
    "YEM",
)

#: Countries (ISO 3166 alpha-2 and alpha-3 codes) whose weekend is not Saturday and Sunday.
WEEKENDS: dict[str, frozenset[int]] = {
    **dict.fromkeys(_FRIDAY_SATURDAY_COUNTRIES, _FRIDAY_SATURDAY),
    "IR": frozenset({4}),  # Friday
    "IRN": frozenset({4}),
    "BN": frozenset({4, 6}),  # Friday and Sunday
    "BRN": frozenset({4, 6}),
}

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekend_of(country: str) -> frozenset[int]:
    """The weekdays (Monday 0 ... Sunday 6) that are the weekend in `country`."""
    return WEEKENDS.get(country.strip().upper(), DEFAULT_WEEKEND)


def weekend_names(days: frozenset[int]) -> str:
    """``Friday–Saturday``, ``Friday and Sunday``, ``Friday``."""
    ordered = sorted(days)
    if len(ordered) == 2 and ordered[1] - ordered[0] == 1:
        return f"{_DAY_NAMES[ordered[0]]}–{_DAY_NAMES[ordered[1]]}"
    return " and ".join(_DAY_NAMES[day] for day in ordered)


@register("AG702", "weekend", Severity.WARNING, "The event falls on a weekend day in an audience's country.")
def weekend(context: CheckContext) -> Iterator[Hit]:
    """An audience gives its ``country`` and the event, on that audience's local dates, falls on
    a weekend day there. Weekends differ by country: Friday–Saturday in Egypt, Israel, Saudi Arabia
    and several others, Friday alone in Iran, Friday and Sunday in Brunei, Saturday–Sunday elsewhere."""
    for index, audience in enumerate(context.agenda.audiences):
        if not audience.country:
            continue
        days = weekend_of(audience.country)
        for day in _local_dates(context, audience.zone):
            if day.weekday() in days:
                yield Hit(
                    path=f"audiences[{index}].country",
                    message=(
                        f"{day:%A %d %B %Y} is a weekend day in {audience.country.upper()} "
                        f"(weekend {weekend_names(days)}) for {audience.name}"
                    ),
                )
