"""Check reports as text (for people), JSON (stable, documented) and GitHub workflow commands;
SARIF 2.1.0 (code scanning) and Markdown (job summaries) are in modules of their own, imported only
when used. The JSON and SARIF outputs validate against the schemas beside this module:
``report.schema.json`` and ``sarif.schema.json``.

Each format is made as a sequence of pieces (`pieces`), a finding or so at a time, so that a
report of many thousand findings is written as it is made instead of held whole; `render` joins
them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from agenda import _words as words
from agenda._formats.registry import names, output
from agenda.checks.report import Finding, Report, Severity, Suppressed, statistics, summary_counts

__all__ = [
    "FORMATS",
    "IN_PARTS",
    "Part",
    "Tally",
    "iter_github",
    "iter_json",
    "iter_text",
    "part",
    "pieces",
    "render",
    "render_github",
    "render_json",
    "render_text",
    "schema",
    "summary_line",
    "tally",
]

FORMATS = names("report")

#: Bumped only when the JSON output changes incompatibly.
JSON_VERSION = 1

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def schema(name: str) -> dict[str, object]:
    """The JSON Schema of an output format: ``json`` or ``sarif``."""
    import json
    from importlib import resources  # not at start-up: `agenda check` reads no schema

    text = resources.files("agenda._formats").joinpath(f"{'report' if name == 'json' else name}.schema.json")
    loaded: dict[str, object] = json.loads(text.read_text("utf-8"))
    return loaded


def render(reports: Sequence[Report], format: str, *, colour: bool = False, **options: bool) -> str:
    """The reports in one of the registered report formats (`FORMATS`); `colour` and `options`
    (``statistics``, ``quiet``, ``verbose``) concern the text format only."""
    return "".join(pieces(reports, format, colour=colour, **options))


def pieces(reports: Sequence[Report | Part], format: str, *, colour: bool = False, **options: bool) -> Iterator[str]:
    """`render`, as the pieces of text it joins, made one after another (for writing as they come).
    In a format of `IN_PARTS`, a report may come already written (a `Part`, from `part`)."""
    layout = _LAYOUTS.get(format)
    if layout is not None:
        return _joined(layout, reports, _options(format, colour, options))
    if any(isinstance(report, Part) for report in reports):
        raise ValueError(f"the {format} format is not written in parts")
    renderer = output("report", format).renderer()
    made: Iterable[str] = renderer(reports)
    return iter(made)


class Tally(NamedTuple):
    """What a whole report (its summary, its statistics) reads of one file's report: all that
    the process writing the report needs of a file whose part was written elsewhere."""

    loaded: bool
    errors: int
    warnings: int
    infos: int
    suppressed: int
    #: Findings shown under their cause.
    consequences: int
    #: (code, name, findings, consequences) per rule, as `agenda.checks.report.statistics`.
    rules: tuple[tuple[str, str, int, int], ...]


def tally(report: Report) -> Tally:
    counts = summary_counts((report,))
    return Tally(
        loaded=report.loaded,
        errors=counts["errors"],
        warnings=counts["warnings"],
        infos=counts["infos"],
        suppressed=counts["suppressed"],
        consequences=sum(len(finding.consequences) for finding in report.findings),
        rules=tuple(statistics((report,))),
    )


class Part(NamedTuple):
    """One file's report as a format writes it among the others, and its tally: made where the
    file was checked (a worker process of ``agenda check --jobs``), put in its place by `pieces`."""

    text: str
    tally: Tally


def part(report: Report, format: str, *, colour: bool = False, **options: bool) -> Part:
    """What `pieces` writes of `report` in `format` (one of `IN_PARTS`) among other reports."""
    layout = _LAYOUTS[format]
    return Part("".join(layout.file(report, **_options(format, colour, options))), tally(report))


def _options(format: str, colour: bool, options: dict[str, bool]) -> dict[str, bool]:
    """The options a format takes: only text is coloured or has any."""
    return {"colour": colour, **options} if format == "text" else {}


class _Layout(NamedTuple):
    """A format written file by file: `file` writes one report's part, `document` puts the
    parts in order with what the whole run adds (a summary, statistics), read from the tallies."""

    file: Callable[..., Iterable[str]]
    document: Callable[..., Iterator[str]]


def _joined(layout: _Layout, reports: Sequence[Report | Part], options: dict[str, bool]) -> Iterator[str]:
    parts = [(report.text,) if isinstance(report, Part) else layout.file(report, **options) for report in reports]
    tallies = [report.tally if isinstance(report, Part) else tally(report) for report in reports]
    return layout.document(parts, tallies, **options)


def _summary(tallies: Sequence[Tally]) -> dict[str, int]:
    """`agenda.checks.report.summary_counts`, from the files' tallies."""
    return {
        "errors": sum(one.errors for one in tallies),
        "warnings": sum(one.warnings for one in tallies),
        "infos": sum(one.infos for one in tallies),
        "suppressed": sum(one.suppressed for one in tallies),
    }


def _statistics(tallies: Sequence[Tally]) -> list[tuple[str, str, int, int]]:
    """`agenda.checks.report.statistics`, from the files' tallies: their rows added up, most
    frequent first."""
    counts: dict[tuple[str, str], list[int]] = {}
    for one in tallies:
        for code, name, found, implied in one.rules:
            entry = counts.setdefault((code, name), [0, 0])
            entry[0] += found
            entry[1] += implied
    rows = [(code, name, found, implied) for (code, name), (found, implied) in counts.items()]
    return sorted(rows, key=lambda row: (-row[2], -row[3], row[0]))


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
    return _summary_line([tally(report) for report in reports])


def _summary_line(tallies: Sequence[Tally]) -> str:
    counts = _summary(tallies)
    files = _plural(len(tallies), "file")
    unread = sum(1 for one in tallies if not one.loaded)
    consequences = sum(one.consequences for one in tallies)
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
    return pieces(reports, "text", colour=colour, statistics=statistics, quiet=quiet, verbose=verbose)


def _paint(colour: bool, code: str, text: str) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def _text_line(finding: Finding, indent: str, colour: bool) -> str:
    level = _paint(colour, _COLOURS[finding.severity], finding.severity.value)
    where = f"{finding.name} at {finding.path}" if finding.path else finding.name
    tag = _paint(colour, _DIM, f"[{where}]")
    return f"{indent}{_where(finding)}: {_paint(colour, _BOLD, finding.code)} {level}: {finding.message} {tag}\n"


def _text_file(
    report: Report, *, colour: bool = False, statistics: bool = False, quiet: bool = False, verbose: bool = False
) -> Iterator[str]:
    """A file's lines: its findings (consequences under their cause), the suppressed ones when
    `verbose`, its running drift unless `quiet`, and a blank line (`quiet`: between files only,
    which `_text_document` writes); nothing for a clean file, nor with `statistics`."""
    hidden = report.suppressed if verbose else ()
    if statistics or (not report.findings and not hidden):
        return
    yield _paint(colour, _BOLD, report.file or "<agenda>") + "\n"
    for finding in report.findings:
        yield _text_line(finding, "  ", colour)
        for consequence in finding.consequences:
            yield _text_line(consequence, "    ↳ ", colour)
    for silenced in hidden:
        why = f": {silenced.reason}" if silenced.reason else ""
        yield _paint(colour, _DIM, f"  suppressed by {silenced.by}.ignore{why}: ") + _text_line(
            silenced.finding, "", colour
        )
    if quiet:
        return
    late = [entry for entry in report.drift if entry.drift]
    if late:
        yield "  running drift:\n"
        for entry in late:
            yield f"    {entry.path} {entry.title!r}: {words.minutes(entry.drift)}\n"
    yield "\n"


def _text_document(
    parts: Iterable[Iterable[str]],
    tallies: Sequence[Tally],
    *,
    colour: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    verbose: bool = False,
) -> Iterator[str]:
    """The files' parts (or the statistics), then the summary unless `quiet`. Quiet output ends
    with its last finding: the blank line between two files is written only once the second
    has a line."""
    if statistics:
        counted = _statistics(tallies)
        for code, name, count, implied in counted:
            extra = f" (+{implied} as consequences)" if implied else ""
            yield f"{count:>5}  {_paint(colour, _BOLD, code)}  {name}{extra}\n"
        if counted and not quiet:
            yield "\n"
    else:
        between = ""
        for one in parts:
            written = iter(one)
            first = next((piece for piece in written if piece), None)
            if first is None:
                continue
            yield between + first
            yield from written
            between = "\n" if quiet else ""
    if not quiet:
        yield _paint(colour, _BOLD, _summary_line(tallies)) + "\n"


def rule_statistics(reports: Sequence[Report]) -> list[tuple[str, str, int, int]]:
    """(code, name, findings, consequences) per rule, most frequent first."""
    return statistics(reports)


def render_json(reports: Sequence[Report]) -> str:
    """Stable JSON: a version, one entry per file and a summary (see ``report.schema.json``)."""
    return "".join(iter_json(reports))


def _suppressed_dict(item: Suppressed) -> dict[str, object]:
    return {**item.finding.to_dict(), "by": item.by, "reason": item.reason}


def iter_json(reports: Sequence[Report]) -> Iterator[str]:
    """`render_json`, a finding at a time (each finding's dictionary made as it is written)."""
    return pieces(reports, "json")


#: Where a file's entry lies in the document: in its list of files, two levels in, the entry
#: written a member at a time and its findings one piece each (as `_json_document` writes).
_FILE_INDENT, _FILE_DEPTH = "    ", 2


def _finding_json(finding: Finding, indent: str) -> str:
    """``Finding.to_dict`` as `json_pieces` writes it at `indent`, without making the dictionary:
    a report of many thousand findings writes each this way."""
    from agenda._formats.jsontext import json_list, json_string, json_value

    inner = indent + "  "
    deeper = inner + "  "
    related = json_list([json_value(path, deeper) for path in finding.related], inner)
    consequences = json_list([_finding_json(c, deeper) for c in finding.consequences], inner)
    return (
        f'{{\n{inner}"code": {json_string(finding.code)},\n{inner}"name": {json_string(finding.name)},\n'
        f'{inner}"severity": {json_string(finding.severity.value)},\n'
        f'{inner}"message": {json_string(finding.message)},\n{inner}"path": {json_string(finding.path)},\n'
        f'{inner}"related": {related},\n{inner}"file": {json_value(finding.file, inner)},\n'
        f'{inner}"line": {json_value(finding.line, inner)},\n{inner}"consequences": {consequences}\n{indent}}}'
    )


def _json_file(report: Report) -> Iterator[str]:
    from agenda._formats.jsontext import Listed, json_pieces

    entry = {
        **report._dict(Listed(report.findings, Finding.to_dict, _finding_json)),
        "suppressed": Listed(report.suppressed, _suppressed_dict),
    }
    yield from json_pieces(entry, _FILE_DEPTH, _FILE_INDENT)


def _json_document(parts: Sequence[Iterable[str]], tallies: Sequence[Tally]) -> Iterator[str]:
    from agenda._formats.jsontext import Verbatim, json_pieces

    statistics = [
        {"code": code, "name": name, "count": count, "consequences": implied}
        for code, name, count, implied in _statistics(tallies)
    ]
    unread = sum(1 for one in tallies if not one.loaded)
    data = {
        "version": JSON_VERSION,
        "files": [Verbatim(one) for one in parts],
        "statistics": statistics,
        "summary": {**_summary(tallies), "files": len(tallies), "unreadable": unread},
    }
    # The document and its files a member at a time, each file's entry as `_json_file` writes it.
    yield from json_pieces(data, depth=_FILE_DEPTH + 2)
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
    return pieces(reports, "github")


_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _github_file(report: Report) -> Iterator[str]:
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
        yield f"::{_COMMANDS[finding.severity]} {','.join(properties)}::{_escape_data(text)}\n"


def _github_document(parts: Iterable[Iterable[str]], tallies: Sequence[Tally]) -> Iterator[str]:
    return itertools.chain.from_iterable(parts)


#: The formats written file by file, and so in parts (`part`): SARIF and Markdown need every
#: report at once.
_LAYOUTS = {
    "text": _Layout(_text_file, _text_document),
    "json": _Layout(_json_file, _json_document),
    "github": _Layout(_github_file, _github_document),
}
IN_PARTS = frozenset(_LAYOUTS)
