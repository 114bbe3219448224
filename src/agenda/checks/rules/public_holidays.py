"""Public holidays in an audience's country on the event's dates (needs the `holidays` package)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from agenda._holidays import NoCalendarError
from agenda.checks.context import CheckContext
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity


def _local_dates(context: CheckContext, zone: ZoneInfo) -> list[date]:
    first = context.timeline.start.astimezone(zone).date()
    last = max(context.timeline.start, context.timeline.end - timedelta(microseconds=1)).astimezone(zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@register("AG701", "public-holiday", Severity.WARNING, "The event falls on a public holiday in an audience's country.")
def public_holiday(context: CheckContext) -> Iterator[Hit]:
    """An audience gives its ``country`` (ISO 3166 code such as ``IN``) and the event, on that
    audience's local dates, falls on a public holiday there. Needs the optional ``holidays``
    package (``pip install 'agenda[holidays]'``); without it the check is skipped with a note.
    ``check.holidays = false`` turns it off."""
    audiences = [(i, a, a.country) for i, a in enumerate(context.agenda.audiences) if a.country]
    if not audiences or not context.settings.holidays:
        return
    for index, audience, country in audiences:
        dates = _local_dates(context, audience.zone)
        try:
            calendar = context.holidays(country, {d.year for d in dates})
        except NoCalendarError:
            yield Hit(
                path=f"audiences[{index}].country",
                message=f"public holidays not checked for {audience.name}: no calendar for country {country!r}",
                severity=Severity.INFO,
            )
            continue
        if calendar is None:
            yield Hit(
                path="audiences",
                message="public holidays not checked: the holidays package is not installed "
                "(pip install 'agenda[holidays]')",
                severity=Severity.INFO,
            )
            return
        for day in dates:
            name = calendar.get(day)
            if name:
                yield Hit(
                    path=f"audiences[{index}].country",
                    message=f"{day:%A %d %B %Y} is a public holiday in {country.upper()} ({name}) for {audience.name}",
                )
