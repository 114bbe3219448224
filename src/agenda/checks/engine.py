"""The engine: build the timeline once, run the selected rules, apply severities, honour the
agenda's own suppressions, group consequences under their cause, sort."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

import attrs

from agenda import _paths as paths
from agenda._gc import collection_paused
from agenda._holidays import HolidaySource, package_holidays
from agenda._model import Agenda, Audience, CheckSettings, Speaker
from agenda._timeline import build_timeline
from agenda.checks._order import PathOrder
from agenda.checks._order import path_key as _path_key
from agenda.checks.context import CheckContext
from agenda.checks.registry import Rule, get_rule, is_selector, matches, resolve_selection
from agenda.checks.report import Finding, Hit, Report, Severity, Suppressed, new_finding
from agenda.exceptions import Problem

__all__ = ["check", "check_all", "load_report"]


def _severities(overrides: Mapping[str, str]) -> dict[str, Severity]:
    return {get_rule(selector).code: Severity.parse(level) for selector, level in overrides.items()}


def _level(rule: Rule, hit: Hit | None, levels: Mapping[str, Severity], strict: bool) -> Severity:
    severity = (hit.severity if hit is not None else None) or levels.get(rule.code, rule.severity)
    return Severity.ERROR if strict and severity is Severity.WARNING else severity


Claims = tuple[tuple[str, str], ...]


class _Found:
    """The findings of one agenda so far, and what the hits of a few claim (`Hit.claims`), by
    finding: all the engine keeps of a hit."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        #: id of a finding -> its claims (the findings are all kept, so ids are not reused).
        self.claims: dict[int, Claims] = {}

    def add(self, rule: Rule, hits: Iterable[Hit], levels: Mapping[str, Severity], strict: bool) -> None:
        """A finding for each hit of `rule`: at the rule's level, unless the hit gives its own."""
        usual = _level(rule, None, levels, strict)
        code, name, findings = rule.code, rule.name, self.findings
        for hit in hits:
            severity = usual if hit.severity is None else _level(rule, hit, levels, strict)
            finding = new_finding(
                code, name, severity, hit._message, hit.path, related=hit.related
            )  # message maybe unwritten
            findings.append(finding)
            if hit.claims:
                self.claims[id(finding)] = hit.claims


def _within(path: str, scope: str) -> bool:
    """Whether `path` is `scope` or lies inside it (``parts[1].items[0]`` is inside ``parts[1]``)."""
    return path == scope or (path.startswith(scope) and path[len(scope)] in ".[")


class _Ignore(NamedTuple):
    """One node's ``ignore``: where it is, what it names and why."""

    path: str
    selectors: tuple[str, ...]
    reason: str | None


def _ignores(context: CheckContext) -> list[_Ignore]:
    agenda = context.agenda
    found = [_Ignore(path, node.ignore, node.ignore_reason) for path, node in context.nodes() if node.ignore]
    people: list[tuple[str, Speaker | Audience]] = [(f"speakers[{i}]", s) for i, s in enumerate(agenda.speakers)]
    people.extend((f"audiences[{i}]", a) for i, a in enumerate(agenda.audiences))
    found.extend(_Ignore(path, value.ignore, value.ignore_reason) for path, value in people if value.ignore)
    return found


def _suppress(
    found: list[Finding], context: CheckContext, rules: Sequence[Rule], unused: Rule | None, level: Severity
) -> tuple[list[Finding], list[Suppressed], list[Finding]]:
    """Findings the agenda's nodes do not ignore, those they do, and a finding for each ignore
    entry that suppressed nothing among the rules that ran (`unused` is that rule, if selected).

    A node ignores a finding on itself or inside it, or one that names it as related (an
    audience's hours, a speaker's working hours)."""
    ignores = _ignores(context)
    if not ignores:
        return found, [], []
    by_code = {rule.code: rule for rule in rules}
    used: set[tuple[int, int]] = set()
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for finding in found:
        rule = by_code.get(finding.code)
        match = None
        if rule is not None:
            for number, entry in enumerate(ignores):
                if not any(_within(p, entry.path) for p in (finding.path, *finding.related)):
                    continue
                index = next((k for k, s in enumerate(entry.selectors) if matches(s, rule)), None)
                if index is not None:
                    used.add((number, index))
                    match = match or entry
        if match is None:
            kept.append(finding)
        else:
            suppressed.append(Suppressed(finding=finding, by=match.path, reason=match.reason))
    unused_findings: list[Finding] = []
    if unused is not None:
        for number, entry in enumerate(ignores):
            for index, selector in enumerate(entry.selectors):
                if (number, index) in used:
                    continue
                if not is_selector(selector):
                    message = f"ignore names {selector!r}, which is no rule (`agenda rules` lists them)"
                elif any(matches(selector, rule) and (rule.function or rule.cross_file) for rule in rules):
                    message = f"{selector!r} in ignore suppresses nothing here; remove it"
                else:
                    continue  # the rules it names did not run: nothing to judge
                path = f"{entry.path}.ignore[{index}]"
                unused_findings.append(
                    Finding(code=unused.code, name=unused.name, severity=level, message=message, path=path)
                )
    return kept, suppressed, unused_findings


def _claimed(finding: Finding, claims: Sequence[tuple[str, str]]) -> bool:
    for selector, scope in claims:
        if _within(finding.path, scope) and (selector == "*" or matches(selector, get_rule(finding.code))):
            return True
    return False


def _group(found: list[Finding], all_claims: Mapping[int, Claims]) -> list[Finding]:
    """Findings with their consequences under them: a finding whose hit claims others (an item
    that lasts no time claims every other finding on it) takes them as consequences. A finding
    that claims is never itself a consequence; the first claimer by code wins."""
    claimers = sorted(
        ((finding, all_claims[id(finding)]) for finding in found if id(finding) in all_claims),
        key=lambda pair: (pair[0].code, pair[0].path),
    )
    if not claimers:
        return found
    taken: dict[int, list[Finding]] = {id(finding): [] for finding, _ in claimers}
    roots: list[Finding] = []
    for finding in found:
        if id(finding) not in all_claims:
            owner = next((c for c, h in claimers if c is not finding and _claimed(finding, h)), None)
            if owner is not None:
                taken[id(owner)].append(finding)
                continue
        roots.append(finding)
    return [attrs.evolve(f, consequences=_ordered(taken[id(f)])) if taken.get(id(f)) else f for f in roots]


def _ordered(findings: Iterable[Finding], order: PathOrder | None = None) -> list[Finding]:
    """Findings in document order: by path, then code, then message; `order` finds the paths'
    keys from the timeline's slots. Messages are read (and so written) only where the path and
    the code tie: most findings of a large agenda are never written."""
    listed = list(findings)
    places = _places(listed, order)
    positions = sorted(range(len(listed)), key=places.__getitem__)  # stable, as one sort by all three would be
    result: list[Finding] = []
    tied: list[Finding] = []  # findings of the place before, while more than one has it
    before = -1
    for position in positions:
        place, finding = places[position], listed[position]
        if place != before:
            if tied:
                result.extend(_by_message(tied))
                tied = []
            result.append(finding)
            before = place
        else:
            if not tied:
                tied.append(result.pop())
            tied.append(finding)
    if tied:
        result.extend(_by_message(tied))
    return result


_MESSAGE = operator.attrgetter("message")


def _by_message(tied: list[Finding]) -> list[Finding]:
    """Findings of one path and code in message order: by their messages' leads (`Ranked`) when
    each has a different one, which is that order without writing them; else by the texts."""
    leads = [getattr(finding._message, "lead", None) for finding in tied]
    if None not in leads and len(set(leads)) == len(leads):
        ranks: list[int] = leads  # type: ignore[assignment]  # no None among them
        return [tied[i] for i in sorted(range(len(tied)), key=ranks.__getitem__)]
    return sorted(tied, key=_MESSAGE)


def _places(findings: Sequence[Finding], order: PathOrder | None) -> list[int]:
    """Each finding's place by path and then code, as one integer: the rank of its path's key
    among those of all the findings, and of its code among theirs (equal keys, equal ranks). One
    number a finding, where a pair of keys would be two tuples to keep and to compare."""
    codes = {code: rank for rank, code in enumerate(sorted({f.code for f in findings}))}
    ranks = order.ranks(f.path for f in findings) if order is not None else None
    if ranks is None:
        ranks = {}
        rank, before = -1, None
        for path in sorted({f.path for f in findings}, key=_path_key):
            this = _path_key(path)
            if this != before:
                rank, before = rank + 1, this
            ranks[path] = rank
    width = len(codes)
    return [ranks[f.path] * width + codes[f.code] for f in findings]


def _report(
    found: _Found,
    context: CheckContext,
    rules: Sequence[Rule],
    levels: Mapping[str, Severity],
    strict: bool,
) -> Report:
    unused_rule = next((rule for rule in rules if rule.code == _UNUSED_IGNORE), None)
    level = _level(unused_rule, None, levels, strict) if unused_rule is not None else Severity.WARNING
    kept, suppressed, unused = _suppress(found.findings, context, rules, unused_rule, level)
    order = PathOrder(context.timeline)
    findings = _ordered([*_group(kept, found.claims), *unused], order)
    key = order.keys(s.finding.path for s in suppressed)
    return Report(
        findings=findings,
        drift=context.drift,
        rules=tuple(rule.code for rule in rules),
        suppressed=sorted(suppressed, key=lambda s: (key(s.finding.path), s.finding.code)),
    )


_UNUSED_IGNORE = "AG002"


def load_report(file: str | None, problems: Iterable[Problem]) -> Report:
    """The report of a file that could not be loaded: each problem a load error (AG001), in line
    order, at its path and line."""
    rule = get_rule("AG001")
    findings = [
        Finding(
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            message=problem.message,
            path=problem.path,
            file=problem.file or file,
            line=problem.line,
        )
        for problem in problems
    ]
    findings.sort(key=lambda f: (f.line is None, f.line or 0, _path_key(f.path)))
    return Report(findings=_misspelt_keys(findings), file=file, loaded=False)


_SUGGESTION = re.compile(r"^unknown key '[^']*'; did you mean '([^']+)'\?")


def _misspelt_keys(findings: list[Finding]) -> list[Finding]:
    """A required key reported missing beside an unknown key that suggests it is one mistake
    (``evnt`` for ``event``): the missing key becomes a consequence of the misspelt one."""
    suggested: dict[str, int] = {}
    for index, finding in enumerate(findings):
        match = _SUGGESTION.match(finding.message)
        if match:
            parent = paths.up(finding.path)
            suggested.setdefault(f"{parent}.{match[1]}" if parent else match[1], index)
    taken: dict[int, list[Finding]] = {}
    kept: list[tuple[int, Finding]] = []
    for index, finding in enumerate(findings):
        owner = suggested.get(finding.path) if finding.message == "required key missing" else None
        if owner is not None:
            taken.setdefault(owner, []).append(finding)
        else:
            kept.append((index, finding))
    return [attrs.evolve(f, consequences=taken[i]) if i in taken else f for i, f in kept]


def check_all(
    agendas: Sequence[Agenda],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    strict: bool | None = None,
    labels: Sequence[str] | None = None,
    others: Sequence[Agenda] = (),
    other_labels: Sequence[str] | None = None,
    holidays: HolidaySource = package_holidays,
) -> tuple[Report, ...]:
    """Check several agendas together, one report each, in order. Each uses its own ``check``
    settings, overridden by `select`, `ignore` and `strict`; cross-file rules (a speaker
    double-booked in two agendas) see all of them, and `others` too, whose own findings are not
    reported. `labels` (and `other_labels`) name the agendas in messages; `holidays` is where
    public holidays come from (the `holidays` package by default)."""
    every = [*agendas, *others]
    names: list[str] | None = None
    if labels is not None or other_labels is not None:
        own = list(labels) if labels is not None else [agenda.event.title for agenda in agendas]
        theirs = list(other_labels) if other_labels is not None else [agenda.event.title for agenda in others]
        names = [*own, *theirs]
    return _run(
        every, select=select, ignore=ignore, strict=strict, labels=names, reported=len(agendas), holidays=holidays
    )


# A check makes thousands of findings and no reference cycles: collections in the middle of it
# would walk the agendas' objects over and over as the findings pile up (a quarter of its time).
@collection_paused()
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
    started = [
        begin(
            agenda,
            select=select,
            ignore=ignore,
            strict=strict,
            label=labels[i] if labels else None,
            holidays=holidays,
            reported=i < reported,
        )
        for i, agenda in enumerate(agendas)
    ]
    hits = cross_file_hits([one.codes for one in started], lambda code, i: started[i].cross_file_input(code), reported)
    return tuple(finish(started[i], hits[i]) for i in range(reported))


class Started(NamedTuple):
    """One agenda part-way through its check: its rules chosen and the per-file ones run; the
    cross-file rules are to come (`cross_file_hits`), then `finish`. These steps are what
    `check_all` does; a caller may run `begin` and `finish` elsewhere (a worker process) and
    pass on only what the cross-file rules read (`cross_file_input`)."""

    context: CheckContext
    rules: tuple[Rule, ...]
    levels: dict[str, Severity]
    strict: bool
    found: _Found

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the chosen rules, in order."""
        return tuple(rule.code for rule in self.rules)

    def cross_file_input(self, code: str) -> object:
        """What the cross-file rule `code` reads of this agenda (picklable)."""
        rule = get_rule(code)
        if rule.cross_file_input is None:
            raise ValueError(f"{code} is not a cross-file rule")
        return rule.cross_file_input(self.context)


def begin(
    agenda: Agenda,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    strict: bool | None = None,
    label: str | None = None,
    holidays: HolidaySource = package_holidays,
    reported: bool = True,
) -> Started:
    """Choose the agenda's rules and run the per-file ones (none unless `reported`: an agenda
    only compared with takes part in the cross-file rules alone)."""
    context = CheckContext(agenda, build_timeline(agenda), agenda.check, label=label, holidays=holidays)
    settings = context.settings
    rules = resolve_selection(settings.select, settings.ignore, select, ignore)
    levels = _severities(settings.severity)
    is_strict = settings.strict if strict is None else strict
    found = _Found()
    if reported:
        for rule in rules:
            if rule.function is not None:
                found.add(rule, rule.function(context), levels, is_strict)
    return Started(context, rules, levels, is_strict, found)


def cross_file_hits(
    chosen: Sequence[Sequence[str]],
    read: Callable[[str, int], object],
    reported: int,
    wanted: Iterable[int] | None = None,
) -> list[list[tuple[Rule, Hit]]]:
    """The cross-file hits of each of the first `reported` agendas, in order (only of those in
    `wanted`, if given: the others' lists stay empty). `chosen` are the rule codes of every
    agenda checked together; `read(code, index)` is what rule `code` reads of agenda `index`
    (`Started.cross_file_input`). A rule runs when any agenda chose it, over them all; an agenda
    gets its hits only if it chose the rule."""
    union = [get_rule(code) for code in dict.fromkeys(code for codes in chosen for code in codes)]
    hits: list[list[tuple[Rule, Hit]]] = [[] for _ in range(reported)]
    if len(chosen) < 2:
        return hits  # nothing to compare: no rule input is made
    asked = range(reported) if wanted is None else [index for index in wanted if index < reported]
    for rule in union:
        if rule.cross_file is None:
            continue
        # Asked once per agenda, not once per hit: a rule may give hundreds of thousands.
        takes = {index for index in asked if rule.code in chosen[index]}
        if not takes:
            continue
        for index, hit in rule.cross_file([read(rule.code, i) for i in range(len(chosen))], takes):
            if index in takes:
                hits[index].append((rule, hit))
    return hits


def finish(started: Started, cross: Iterable[tuple[Rule, Hit]] = ()) -> Report:
    """The agenda's report, with its `cross` hits (from `cross_file_hits`)."""
    for rule, hit in cross:
        started.found.add(rule, (hit,), started.levels, started.strict)
    return _report(started.found, started.context, started.rules, started.levels, started.strict)


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
