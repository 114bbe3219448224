"""The rules, by family: importing this package registers them all."""

from agenda.checks.rules import budget, dates, hours, people, placement, public_holidays, structure, weekends

__all__ = ["budget", "dates", "hours", "people", "placement", "public_holidays", "structure", "weekends"]
