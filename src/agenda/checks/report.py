"""What a check returns: findings with a code, a severity, a message and a place, in a report."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any, cast

import attrs

from agenda import _paths as paths

__all__ = ["DriftEntry", "Finding", "Hit", "Message", "Pending", "Ranked", "Report", "Severity", "Suppressed"]

#: A finding's message, or a function that writes it when it is first read: the rules of a large
#: agenda find thousands of things that a count, `Report.ok` or a summary's first page never shows.
Message = str | Callable[[], str]


class Pending:
    """A message yet to be written: a function and the arguments it is called with when the
    message is first read. A `functools.partial` without its keywords and its dictionary: a
    check of a large agenda leaves a hundred thousand messages unwritten, each of them kept."""

    __slots__ = ("arguments", "function")

    def __init__(self, function: Callable[..., str], *arguments: object) -> None:
        self.function = function
        self.arguments = arguments

    def __call__(self) -> str:
        return self.function(*self.arguments)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.function.__qualname__}, ...)"


class Ranked(Pending):
    """A message yet to be written that tells already where its text sorts: among the messages
    of one rule at one path, a smaller `lead` is a smaller text (the rule writes the number at
    the front of what differs, as a clock ``13:30`` after the node's title). Findings that tie on
    path and code are put in message order by their leads, unwritten, where the leads differ."""

    __slots__ = ("lead",)
    lead: int


def _text(message: Message) -> str:
    return message if isinstance(message, str) else message()


def _written(owner: Hit | Finding) -> str:
    """The message of `owner`, written once on first reading and kept."""
    message = owner._message
    if isinstance(message, str):
        return message
    text = message()
    object.__setattr__(owner, "_message", text)  # frozen, but the text is what the function stood for
    return text


class _Deferred:
    """Messages written on first reading: the repr, pickling and equality of their text."""

    __slots__ = ()

    def _values(self) -> list[tuple[str, str, object]]:
        """(attribute, argument name, value) of each field, messages written."""
        fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(cast("type[attrs.AttrsInstance]", type(self)))
        return [(f.name, f.alias or f.name, getattr(self, f.alias or f.name)) for f in fields]

    def __repr__(self) -> str:
        shown = ", ".join(f"{alias}={value!r}" for _, alias, value in self._values())
        return f"{type(self).__name__}({shown})"

    def __getstate__(self) -> dict[str, object]:
        # The text, not the function that writes it: a report crosses processes as plain values.
        return {name: value for name, _, value in self._values()}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _findings(values: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(values)


def _claims(values: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(values)


def _suppressed(values: Iterable[Suppressed]) -> tuple[Suppressed, ...]:
    return tuple(values)


def _drift(values: Iterable[DriftEntry]) -> tuple[DriftEntry, ...]:
    return tuple(values)


class Severity(enum.Enum):
    """How bad a finding is; only errors make `agenda check` fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"invalid severity {text!r}: use error, warning or info") from None


@attrs.frozen(kw_only=True, repr=False, getstate_setstate=False)
class Hit(_Deferred):
    """What a rule yields: a place and a message; the engine adds the code and the severity.

    `severity` is set only for notes that differ from the rule's own level (a skipped check).
    `claims` name the findings this one causes, as (rule selector or ``*``, path) pairs: a
    finding of that rule at that path or below it is grouped under this one as a consequence.
    The message may be a function that writes it (a `Message`): it is called when first read.
    """

    path: str
    _message: Message = attrs.field(alias="message", eq=_text)  # compared and hashed as its text
    related: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    severity: Severity | None = None
    claims: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_claims)

    @property
    def message(self) -> str:
        return _written(self)


@attrs.frozen(kw_only=True, repr=False, getstate_setstate=False)
class Finding(_Deferred):
    """One problem found in an agenda: which rule, how bad, what and where.

    `path` points into the agenda (``parts[1].items[3].duration``); `file` and `line` are filled
    in at the edge, by whoever read the file. `related` lists other paths involved.
    `consequences` are the findings this one causes (the items after a booked end that is too
    early, the audience hours of an item that lasts no time): fix this one and they go.
    The message may be given as a function that writes it (a `Message`), called when first read.
    """

    code: str
    name: str
    severity: Severity
    _message: Message = attrs.field(alias="message", eq=_text)  # compared and hashed as its text
    path: str
    related: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    file: str | None = None
    line: int | None = None
    consequences: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)

    @property
    def message(self) -> str:
        return _written(self)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (see the report schema)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "related": list(self.related),
            "file": self.file,
            "line": self.line,
            "consequences": [finding.to_dict() for finding in self.consequences],
        }


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[object, object], None], ...]:
    return tuple(getattr(cls, name).__set__ for name in names)


_HIT_FIELDS = ("path", "_message", "related", "severity", "claims")
_HIT_SETTERS = _slot_setters(Hit, _HIT_FIELDS)


def new_hit(path: str, message: Message, related: tuple[str, ...] = ()) -> Hit:
    """``Hit(path=..., message=..., related=...)`` from a tuple of paths, at half its cost: for
    the rules that yield a hit for most items of a large agenda (local hours). A test holds the
    two to each other."""
    hit: Hit = object.__new__(Hit)
    set_path, set_message, set_related, set_severity, set_claims = _HIT_SETTERS
    set_path(hit, path)
    set_message(hit, message)
    set_related(hit, related)
    set_severity(hit, None)
    set_claims(hit, ())
    return hit


_FINDING_FIELDS = ("code", "name", "severity", "_message", "path", "related", "file", "line", "consequences")
_FINDING_SETTERS = _slot_setters(Finding, _FINDING_FIELDS)


def new_finding(
    code: str,
    name: str,
    severity: Severity,
    message: Message,
    path: str,
    *,
    related: tuple[str, ...] = (),
    file: str | None = None,
    line: int | None = None,
    consequences: tuple[Finding, ...] = (),
) -> Finding:
    """``Finding(...)`` from values already of their fields' types (tuples, no converting), at
    half its cost: a check of a large agenda makes a finding for each of many thousand hits,
    and places each again in its file. A test holds the two to each other."""
    finding: Finding = object.__new__(Finding)
    set_code, set_name, set_severity, set_message, set_path, set_related, set_file, set_line, set_consequences = (
        _FINDING_SETTERS
    )
    set_code(finding, code)
    set_name(finding, name)
    set_severity(finding, severity)
    set_message(finding, message)
    set_path(finding, path)
    set_related(finding, related)
    set_file(finding, file)
    set_line(finding, line)
    set_consequences(finding, consequences)
    return finding


@attrs.frozen(kw_only=True)
class Suppressed:
    """A finding silenced by an ``ignore`` in the agenda: which node's (`by`, a path) and why."""

    finding: Finding
    by: str
    reason: str | None = None


@attrs.frozen(kw_only=True)
class DriftEntry:
    """How far a part of the programme runs from its plan: `drift` = `end` - `planned_end`.

    The planned end assumes every budgeted part takes exactly its budget; a positive drift is
    lateness carried from this part and everything before it. `budget` is the part's own
    ``allotted`` time, None when its items alone decide its length.
    """

    path: str
    title: str
    planned_end: datetime
    end: datetime
    budget: timedelta | None

    @property
    def drift(self) -> timedelta:
        return self.end - self.planned_end

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "title": self.title,
            "planned_end": self.planned_end.isoformat(),
            "end": self.end.isoformat(),
            "drift_seconds": int(self.drift.total_seconds()),
            "budget_seconds": None if self.budget is None else int(self.budget.total_seconds()),
        }


@attrs.frozen(kw_only=True)
class Report:
    """The findings for one agenda, in document order, and the running drift of its parts."""

    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    drift: tuple[DriftEntry, ...] = attrs.field(default=(), converter=_drift)
    rules: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    file: str | None = None
    suppressed: tuple[Suppressed, ...] = attrs.field(default=(), converter=_suppressed)
    #: False when the file could not be read as an agenda: its findings are load errors (AG001).
    loaded: bool = True

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self.count(Severity.INFO)

    @property
    def ok(self) -> bool:
        """No error-level finding (warnings and notes do not fail a check)."""
        return self.errors == 0

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes found, sorted, each once."""
        return tuple(sorted({finding.code for finding in self.findings}))

    def paths(self) -> Iterator[str]:
        """Every path a finding names (consequences and suppressed findings too; a path as often
        as findings name it): where `located` looks lines up, so that a file can find them all at
        once."""
        for finding in self.findings:
            yield from _paths_of(finding)
        for silenced in self.suppressed:
            yield from _paths_of(silenced.finding)

    def located(self, file: str, line_of: Callable[[str], int | None]) -> Report:
        """This report with the file named, each finding's line looked up from its path, and the
        findings in line order (the order of the document)."""

        def line(path: str) -> int | None:
            # Fall back to the nearest enclosing path the file knows a line for.
            while path:
                found = line_of(path)
                if found is not None:
                    return found
                path = paths.up(path)
            return None

        # Document order is line order once the lines are known; findings without one keep their place after them.
        placed = [_placed(f, file, line) for f in self.findings]
        findings = tuple(sorted(placed, key=lambda f: (f.line is None, f.line or 0)))
        suppressed = tuple(attrs.evolve(s, finding=_placed(s.finding, file, line)) for s in self.suppressed)
        return attrs.evolve(self, findings=findings, file=file, suppressed=suppressed)

    def to_dict(self) -> dict[str, object]:
        return self._dict([finding.to_dict() for finding in self.findings])

    def _dict(self, findings: object) -> dict[str, object]:
        """`to_dict` with the findings given (as something that writes them one by one, say)."""
        return {
            "file": self.file,
            "loaded": self.loaded,
            "findings": findings,
            "drift": [entry.to_dict() for entry in self.drift],
            "summary": summary_counts((self,)),
        }


def _paths_of(finding: Finding) -> Iterator[str]:
    yield finding.path
    for consequence in finding.consequences:
        yield from _paths_of(consequence)


def _placed(finding: Finding, file: str, line: Callable[[str], int | None]) -> Finding:
    """`finding` and its consequences in `file`, at their lines: ``attrs.evolve`` at less than
    half its cost, for reports of many thousand findings (a test holds the two to each other)."""
    return new_finding(
        finding.code,
        finding.name,
        finding.severity,
        finding._message,  # still unwritten, if it was
        finding.path,
        related=finding.related,
        file=file,
        line=line(finding.path),
        consequences=tuple(_placed(c, file, line) for c in finding.consequences) if finding.consequences else (),
    )


def summary_counts(reports: Iterable[Report]) -> dict[str, int]:
    """Counts by severity over several reports (consequences are counted with their cause, not
    again), and the findings suppressed by ``ignore`` in the agendas."""
    totals = {"errors": 0, "warnings": 0, "infos": 0, "suppressed": 0}
    for report in reports:
        totals["errors"] += report.errors
        totals["warnings"] += report.warnings
        totals["infos"] += report.infos
        totals["suppressed"] += len(report.suppressed)
    return totals


def statistics(reports: Iterable[Report]) -> list[tuple[str, str, int, int]]:
    """(code, name, findings, consequences) per rule over several reports, most frequent first."""
    counts: dict[tuple[str, str], list[int]] = {}
    for report in reports:
        for finding in report.findings:
            entry = counts.setdefault((finding.code, finding.name), [0, 0])
            entry[0] += 1
            for consequence in finding.consequences:
                counts.setdefault((consequence.code, consequence.name), [0, 0])[1] += 1
    rows = [(code, name, found, implied) for (code, name), (found, implied) in counts.items()]
    return sorted(rows, key=lambda row: (-row[2], -row[3], row[0]))
