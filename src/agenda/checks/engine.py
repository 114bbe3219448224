"""The engine: build the timeline once, run the selected rules, apply severities, sort."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from agenda._holidays import HolidaySource, package_holidays
from agenda._model import Agenda, CheckSettings
from agenda._timeline import build_timeline
from agenda.checks.context import CheckContext
from agenda.checks.registry import Rule, get_rule, resolve_selection
from agenda.checks.report import Finding, Hit, Report, Severity

__all__ = ["check", "check_all"]

_SECTIONS = {"event": 0, "parts": 1, "speakers": 2, "organizations": 3, "audiences": 4, "check": 5}
_TOKEN = re.compile(r"[A-Za-z_]+|\d+")


def _path_key(path: str) -> tuple[object, ...]:
    """Document order for paths: ``parts[2]`` before ``parts[10]``, a part before its items."""
    tokens = _TOKEN.findall(path)
    head = _SECTIONS.get(tokens[0], 9) if tokens else 9
    return (head, *((0, int(t), "") if t.isdigit() else (1, 0, t) for t in tokens[1:]))


def _severities(overrides: Mapping[str, str]) -> dict[str, Severity]:
    return {get_rule(selector).code: Severity.parse(level) for selector, level in overrides.items()}


def _finding(rule: Rule, hit: Hit, levels: Mapping[str, Severity], strict: bool) -> Finding:
    severity = hit.severity or levels.get(rule.code, rule.severity)
    if strict and severity is Severity.WARNING:
        severity = Severity.ERROR
    return Finding(
        code=rule.code, name=rule.name, severity=severity, message=hit.message, path=hit.path, related=hit.related
    )


def _report(findings: Iterable[Finding], context: CheckContext, rules: Sequence[Rule]) -> Report:
    ordered = sorted(findings, key=lambda f: (_path_key(f.path), f.code, f.message))
    return Report(findings=ordered, drift=context.drift, rules=tuple(rule.code for rule in rules))


def check_all(
    agendas: Sequence[Agenda],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    strict: bool | None = None,
    labels: Sequence[str] | None = None,
    holidays: HolidaySource = package_holidays,
) -> tuple[Report, ...]:
    """Check several agendas together, one report each, in order. Each uses its own ``check``
    settings, overridden by `select`, `ignore` and `strict`; cross-file rules (a speaker
    double-booked in two agendas) see all of them. `labels` name the agendas in messages;
    `holidays` is where public holidays come from (the `holidays` package by default)."""
    return _run(
        agendas, select=select, ignore=ignore, strict=strict, labels=labels, reported=len(agendas), holidays=holidays
    )


def _run(
    agendas: Sequence[Agenda],
    *,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    strict: bool | None,
    labels: Sequence[str] | None,
    reported: int,
    holidays: HolidaySource = package_holidays,
) -> tuple[Report, ...]:
    """Reports for the first `reported` agendas; the rest take part in cross-file rules only."""
    contexts = [
        CheckContext(
            agenda, build_timeline(agenda), agenda.check, label=labels[i] if labels else None, holidays=holidays
        )
        for i, agenda in enumerate(agendas)
    ]
    chosen: list[tuple[Rule, ...]] = []
    levels: list[dict[str, Severity]] = []
    findings: list[list[Finding]] = []
    for context in contexts:
        settings = context.settings
        rules = resolve_selection(settings.select, settings.ignore, select, ignore)
        chosen.append(rules)
        levels.append(_severities(settings.severity))
        is_strict = settings.strict if strict is None else strict
        if len(findings) >= reported:
            findings.append([])
            continue
        findings.append(
            [
                _finding(rule, hit, levels[-1], is_strict)
                for rule in rules
                if rule.function is not None
                for hit in rule.function(context)
            ]
        )
    cross = {rule.code: (rule, rule.cross_file) for rules in chosen for rule in rules if rule.cross_file is not None}
    for rule, function in cross.values():
        for index, hit in function(contexts):
            if index < reported and rule in chosen[index]:
                is_strict = contexts[index].settings.strict if strict is None else strict
                findings[index].append(_finding(rule, hit, levels[index], is_strict))
    return tuple(_report(findings[i], contexts[i], chosen[i]) for i in range(len(contexts)))[:reported]


def check(
    agenda: Agenda,
    *,
    settings: CheckSettings | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    strict: bool | None = None,
    others: Iterable[Agenda] = (),
    holidays: HolidaySource = package_holidays,
) -> Report:
    """Check one agenda and return its report.

    `settings` replace the agenda's own ``check`` section; `select`, `ignore` and `strict`
    override them as the command line does. `others` are agendas checked alongside, for the
    cross-file rules only (a speaker booked at the same time elsewhere): their own findings
    are not reported. `holidays` is where public holidays come from (the `holidays` package by
    default; `agenda._holidays.CachedHolidays` keeps them in a cache directory).
    """
    if settings is not None:
        agenda = attrs.evolve(agenda, check=settings)
    reports = _run(
        [agenda, *others], select=select, ignore=ignore, strict=strict, labels=None, reported=1, holidays=holidays
    )
    return reports[0]
