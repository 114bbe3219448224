"""Check reports as text (for people), JSON (stable, documented) and GitHub workflow commands;
SARIF 2.1.0 (code scanning) and Markdown (job summaries) are in modules of their own, imported only
when used. The JSON and SARIF outputs validate against the schemas beside this module:
``report.schema.json`` and ``sarif.schema.json``.

Each format is made as a sequence of pieces (`pieces`), a finding or so at a time, so that a
report of many thousand findings is written as it is made instead of held whole; `render` joins
them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from agenda import _words as words
from agenda._formats.registry import names, output
from agenda.checks.report import Finding, Report, Severity, Suppressed, summary_counts

__all__ = [
    "FORMATS",
    "iter_github",
    "iter_json",
    "iter_text",
    "json_pieces",
    "pieces",
    "render",
    "render_github",
    "render_json",
    "render_text",
    "schema",
    "summary_line",
]

FORMATS = names("report")

#: Bumped only when the JSON output changes incompatibly.
JSON_VERSION = 1

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def schema(name: str) -> dict[str, object]:
    """The JSON Schema of an output format: ``json`` or ``sarif``."""
    from importlib import resources  # not at start-up: `agenda check` reads no schema

    text = resources.files("agenda._formats").joinpath(f"{'report' if name == 'json' else name}.schema.json")
    loaded: dict[str, object] = json.loads(text.read_text("utf-8"))
    return loaded


def render(reports: Sequence[Report], format: str, *, colour: bool = False, **options: bool) -> str:
    """The reports in one of the registered report formats (`FORMATS`); `colour` and `options`
    (``statistics``, ``quiet``, ``verbose``) concern the text format only."""
    return "".join(pieces(reports, format, colour=colour, **options))


def pieces(reports: Sequence[Report], format: str, *, colour: bool = False, **options: bool) -> Iterator[str]:
    """`render`, as the pieces of text it joins, made one after another (for writing as they come)."""
    renderer = output("report", format).renderer()
    made: Iterable[str] = renderer(reports, colour=colour, **options) if format == "text" else renderer(reports)
    return iter(made)


# ---------------------------------------------------------------------------------------------
# JSON as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, in pieces

_string = json.encoder.encode_basestring  # what json.dumps uses without ensure_ascii (in C where it can)


#: How each plain scalar is written, by exact type (a subclass goes the long way, through `_encode`).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _string,
    type(None): lambda _: "null",
    bool: lambda value: "true" if value else "false",
    int: int.__repr__,
}


def _encode(value: Any, indent: str) -> str:
    """`value` as indented JSON, its first line at the current position and the others under
    `indent` (the indentation of the line it starts on)."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    if isinstance(value, str):
        return _string(value)
    if value is None or isinstance(value, bool):
        return "null" if value is None else ("true" if value else "false")
    if isinstance(value, int):
        return int.__repr__(value)
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = []
        for key, item in value.items():
            scalar = _SCALARS.get(type(item))
            members.append(f"{inner}{_key(key)}: {scalar(item) if scalar is not None else _encode(item, inner)}")
        return "{\n" + ",\n".join(members) + "\n" + indent + "}"
    if isinstance(value, (Listed, list, tuple)):
        if not value:
            return "[]"
        elements = []
        for item in value:
            scalar = _SCALARS.get(type(item))
            elements.append(inner + (scalar(item) if scalar is not None else _encode(item, inner)))
        return "[\n" + ",\n".join(elements) + "\n" + indent + "]"
    return json.dumps(value)  # a float (NaN and all), or the error json gives for what it cannot write


#: Keys as written, for the few a report uses over and over.
_KEYS: dict[str, str] = {}


def _key(key: object) -> str:
    if type(key) is str:
        written = _KEYS.get(key)
        if written is None:
            written = _string(key)
            if len(_KEYS) < 256:
                _KEYS[key] = written
        return written
    if not isinstance(key, str):
        raise TypeError(f"keys must be str here, not {type(key).__name__}")
    return _string(key)


class Listed:
    """A list that makes its elements when they are written (a finding's dictionary, say)."""

    def __init__(self, values: Sequence[Any], make: Callable[[Any], Any]) -> None:
        self._values, self._make = values, make

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return map(self._make, self._values)


def json_pieces(value: Any, depth: int, indent: str = "") -> Iterator[str]:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` in pieces: the containers of the first
    `depth` levels are written a member at a time, what lies deeper as one piece each."""
    if depth <= 0 or not isinstance(value, (dict, list, tuple, Listed)) or not value:
        yield _encode(value, indent)
        return
    inner = indent + "  "
    if isinstance(value, dict):
        opening, closing = "{", "}"
        members: Iterable[tuple[str, Any]] = ((f"{_key(key)}: ", item) for key, item in value.items())
    else:
        opening, closing = "[", "]"
        members = (("", item) for item in value)
    separator = f"{opening}\n"
    for lead, item in members:
        yield f"{separator}{inner}{lead}"
        yield from json_pieces(item, depth - 1, inner)
        separator = ",\n"
    yield f"\n{indent}{closing}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _where(finding: Finding) -> str:
    where = finding.file or "<agenda>"
    if finding.line is not None:
        where += f":{finding.line}"
    return where


def summary_line(reports: Sequence[Report]) -> str:
    """The closing summary: findings by severity, files, unreadable files, suppressions and
    consequences, e.g. ``2 errors, 1 warning, 0 notes in 3 files; 1 file could not be read.``"""
    counts = summary_counts(reports)
    files = _plural(len(reports), "file")
    unread = sum(1 for report in reports if not report.loaded)
    consequences = sum(len(finding.consequences) for report in reports for finding in report.findings)
    notes = []
    if unread:
        notes.append(f"{_plural(unread, 'file')} could not be read")
    if counts["suppressed"]:
        notes.append(f"{counts['suppressed']} suppressed by ignore in the agendas")
    if consequences:
        notes.append(
            f"{_plural(consequences, 'consequence')} shown under {'its' if consequences == 1 else 'their'} cause"
        )
    tail = "".join(f"; {note}" for note in notes)
    if not (counts["errors"] or counts["warnings"] or counts["infos"]):
        return f"All clear: {files} checked, no findings{tail}."
    return (
        f"{_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}, "
        f"{_plural(counts['infos'], 'note')} in {files}{tail}."
    )


def render_text(
    reports: Sequence[Report],
    *,
    colour: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    verbose: bool = False,
) -> str:
    """For people: findings grouped by file (consequences indented under their cause), running
    drift where the programme slips, a summary. `statistics` counts findings per rule instead;
    `quiet` leaves out everything but the findings; `verbose` adds the suppressed findings."""
    return "".join(iter_text(reports, colour=colour, statistics=statistics, quiet=quiet, verbose=verbose))


def iter_text(
    reports: Sequence[Report],
    *,
    colour: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    verbose: bool = False,
) -> Iterator[str]:
    """`render_text`, a line at a time."""

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    def line(finding: Finding, indent: str) -> str:
        level = paint(_COLOURS[finding.severity], finding.severity.value)
        where = f"{finding.name} at {finding.path}" if finding.path else finding.name
        tag = paint(_DIM, f"[{where}]")
        return f"{indent}{_where(finding)}: {paint(_BOLD, finding.code)} {level}: {finding.message} {tag}"

    def lines() -> Iterator[str]:
        if statistics:
            counted = rule_statistics(reports)
            for code, name, count, implied in counted:
                extra = f" (+{implied} as consequences)" if implied else ""
                yield f"{count:>5}  {paint(_BOLD, code)}  {name}{extra}"
            if counted and not quiet:
                yield ""
            return
        for report in reports:
            hidden = report.suppressed if verbose else ()
            if not report.findings and not hidden:
                continue
            yield paint(_BOLD, report.file or "<agenda>")
            for finding in report.findings:
                yield line(finding, "  ")
                for consequence in finding.consequences:
                    yield line(consequence, "    ↳ ")
            for silenced in hidden:
                why = f": {silenced.reason}" if silenced.reason else ""
                yield paint(_DIM, f"  suppressed by {silenced.by}.ignore{why}: ") + line(silenced.finding, "")
            late = [entry for entry in report.drift if entry.drift]
            if late and not quiet:
                yield "  running drift:"
                for entry in late:
                    yield f"    {entry.path} {entry.title!r}: {words.minutes(entry.drift)}"
            yield ""

    if not quiet:
        yield from (f"{text}\n" for text in lines())
        yield paint(_BOLD, summary_line(reports)) + "\n"
        return
    # Quiet output ends with its last finding: blank lines are written only once another follows.
    blank = 0
    for text in lines():
        if not text:
            blank += 1
            continue
        yield "\n" * blank + f"{text}\n"
        blank = 0


def rule_statistics(reports: Sequence[Report]) -> list[tuple[str, str, int, int]]:
    """(code, name, findings, consequences) per rule, most frequent first."""
    from agenda.checks.report import statistics

    return statistics(reports)


def render_json(reports: Sequence[Report]) -> str:
    """Stable JSON: a version, one entry per file and a summary (see ``report.schema.json``)."""
    return "".join(iter_json(reports))


def _suppressed_dict(item: Suppressed) -> dict[str, object]:
    return {**item.finding.to_dict(), "by": item.by, "reason": item.reason}


def iter_json(reports: Sequence[Report]) -> Iterator[str]:
    """`render_json`, a finding at a time (each finding's dictionary made as it is written)."""
    files = [
        {
            **report._dict(Listed(report.findings, Finding.to_dict)),
            "suppressed": Listed(report.suppressed, _suppressed_dict),
        }
        for report in reports
    ]
    statistics = [
        {"code": code, "name": name, "count": count, "consequences": implied}
        for code, name, count, implied in rule_statistics(reports)
    ]
    unread = sum(1 for report in reports if not report.loaded)
    data = {
        "version": JSON_VERSION,
        "files": files,
        "statistics": statistics,
        "summary": {**summary_counts(reports), "files": len(reports), "unreadable": unread},
    }
    # The document, its files, each file's entry, its findings: a finding is one piece.
    yield from json_pieces(data, depth=4)
    yield "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[Report]) -> str:
    """GitHub Actions workflow commands: each finding shows inline on the pull request."""
    return "".join(iter_github(reports))


def iter_github(reports: Sequence[Report]) -> Iterator[str]:
    """`render_github`, a line at a time."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for report in reports:
        for finding in report.findings:
            properties = []
            if finding.file:
                properties.append(f"file={_escape_property(finding.file)}")
            if finding.line is not None:
                properties.append(f"line={finding.line}")
            properties.append(f"title={_escape_property(f'{finding.code} {finding.name}')}")
            text = f"{finding.code} {finding.message}" + (f" ({finding.path})" if finding.path else "")
            if finding.consequences:
                codes = ", ".join(sorted({c.code for c in finding.consequences}))
                text += f"; it causes {_plural(len(finding.consequences), 'more finding')} ({codes})"
            yield f"::{command[finding.severity]} {','.join(properties)}::{_escape_data(text)}\n"
