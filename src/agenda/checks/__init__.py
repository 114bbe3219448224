"""`agenda check`: rules with stable codes over an agenda and its timeline. Pure: no I/O.

>>> report = check(agenda)                      # doctest: +SKIP
>>> [f"{f.code} {f.message}" for f in report.findings]   # doctest: +SKIP
"""

from agenda.checks.context import CheckContext
from agenda.checks.engine import check, check_all, load_report
from agenda.checks.registry import Rule, UnknownRuleError, all_rules, get_rule, resolve_selection
from agenda.checks.report import DriftEntry, Finding, Hit, Report, Severity, Suppressed

__all__ = [
    "CheckContext",
    "DriftEntry",
    "Finding",
    "Hit",
    "Report",
    "Rule",
    "Severity",
    "Suppressed",
    "UnknownRuleError",
    "all_rules",
    "check",
    "check_all",
    "get_rule",
    "load_report",
    "resolve_selection",
]
