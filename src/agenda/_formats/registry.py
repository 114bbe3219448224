"""Every output the library writes, registered in one place.

An `Output` names a renderer by kind and format name, with the module and function that render it.
The module is imported only when the output is used, so that `agenda check` loads no renderer it
does not print (and no template engine or calendar library at all). The command line's ``--format``
choices come from `names`.

Kinds, and what their renderers take:

- ``programme``: ``render(agenda, timeline, zones, **options) -> str``, a view of the programme
  (the terminal table, Markdown, JSON, CSV, the web page, the timeline picture).
- ``page``: ``render(agenda, timeline, zones, *, stamp, ...) -> str``, the web page (`agenda html`):
  the programme's options plus the calendar links' (a DTSTAMP `stamp`, where the ``.ics`` files
  are, a feed URL) and the `language` a page in several languages opens in; see
  `agenda._formats.page.render_page`.
- ``picture``: ``render(agenda, timeline, zones, *, speakers=False) -> str``, the timeline across
  zones as SVG (`agenda timeline`).
- ``report``: ``render(reports, **options) -> Iterable[str]``, the findings of `agenda check`, as
  pieces of text to write one after another (`agenda._formats.report.render` joins them).
- ``schedule``: ``render(agenda, timeline=None, **options) -> str``, the c3voc/frab schedule
  exchange format that conference apps and the recording pipeline read.
- ``plan``: ``render(plan, **options) -> str``, the candidate starts of `agenda plan`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple

from agenda.exceptions import UnknownOutputError

__all__ = ["OUTPUTS", "Output", "UnknownOutputError", "names", "output"]


class Output(NamedTuple):
    """One output format: what it renders (`kind`), its name, and where its renderer lives (a
    named tuple: the command line reads this table at start-up, where an attrs class costs more)."""

    kind: str
    name: str
    #: ``module:function``, imported on first use.
    target: str
    #: The file suffix it is written with, and its media type.
    suffix: str
    media_type: str
    summary: str

    def renderer(self) -> Callable[..., Any]:
        """The rendering function (imports its module)."""
        module, _, function = self.target.partition(":")
        renderer: Callable[..., Any] = getattr(importlib.import_module(module), function)
        return renderer


OUTPUTS: tuple[Output, ...] = (
    Output(
        "programme",
        "text",
        "agenda._formats.text:render_table",
        ".txt",
        "text/plain",
        "a table with one time column per zone",
    ),
    Output(
        "programme",
        "markdown",
        "agenda._formats.markdown:render_markdown",
        ".md",
        "text/markdown",
        "a Markdown table, one time column per zone",
    ),
    Output(
        "programme",
        "json",
        "agenda._formats.views:render_json",
        ".json",
        "application/json",
        "instants and local times per zone",
    ),
    Output("programme", "csv", "agenda._formats.views:render_csv", ".csv", "text/csv", "a line per part and item"),
    Output("page", "html", "agenda._formats.page:render_page", ".html", "text/html", "a self-contained web page"),
    Output(
        "picture",
        "svg",
        "agenda._formats.timeline_svg:render_svg",
        ".svg",
        "image/svg+xml",
        "one lane per audience in local time",
    ),
    Output("report", "text", "agenda._formats.report:iter_text", ".txt", "text/plain", "lines for a terminal"),
    Output("report", "json", "agenda._formats.report:iter_json", ".json", "application/json", "JSON, with a schema"),
    Output(
        "report", "github", "agenda._formats.report:iter_github", ".txt", "text/plain", "GitHub Actions annotations"
    ),
    Output(
        "report",
        "sarif",
        "agenda._formats.report_sarif:iter_sarif",
        ".sarif",
        "application/sarif+json",
        "SARIF 2.1.0",
    ),
    Output(
        "report",
        "markdown",
        "agenda._formats.report_markdown:iter_markdown",
        ".md",
        "text/markdown",
        "Markdown, for a CI job summary",
    ),
    Output(
        "schedule",
        "xml",
        "agenda._formats.schedule:render_xml",
        ".xml",
        "application/vnd.c3voc.schedule+xml",
        "schedule.xml, as frab and pretalx export it",
    ),
    Output(
        "schedule", "json", "agenda._formats.schedule:render_json", ".json", "application/json", "schedule JSON (v1)"
    ),
    Output("schedule", "json2", "agenda._formats.schedule:render_json2", ".json", "application/json", "schedule2 JSON"),
    Output("plan", "text", "agenda._formats.plan:render_text", ".txt", "text/plain", "candidates, hour strips"),
    Output("plan", "markdown", "agenda._formats.plan:render_markdown", ".md", "text/markdown", "a Markdown section"),
    Output("plan", "json", "agenda._formats.plan:render_json", ".json", "application/json", "JSON, instants in UTC"),
)


def names(kind: str) -> tuple[str, ...]:
    """The format names registered for `kind`, in registration order."""
    return tuple(entry.name for entry in OUTPUTS if entry.kind == kind)


def output(kind: str, name: str) -> Output:
    """The registered output `name` of `kind`; `UnknownOutputError` names the choices."""
    for entry in OUTPUTS:
        if entry.kind == kind and entry.name == name:
            return entry
    raise UnknownOutputError(kind, name, names(kind))
