"""The rules, by family: importing this package registers them all."""

from agenda.checks.rules import (
    budget,
    dates,
    engine,
    hours,
    languages,
    people,
    placement,
    public_holidays,
    structure,
    weekends,
)

__all__ = [
    "budget",
    "dates",
    "engine",
    "hours",
    "languages",
    "people",
    "placement",
    "public_holidays",
    "structure",
    "weekends",
]
