"""The programme as a Markdown table (GitHub Flavored Markdown): one time column per zone, each
time with its date shift, for READMEs and issues."""

from __future__ import annotations

import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from agenda._formats.rows import programme
from agenda._model import Agenda
from agenda._timeline import Timeline
from agenda._words import at, duration

__all__ = ["escape", "render_markdown"]

# Characters that Markdown or a GFM table cell would read as syntax (emphasis, links, code, HTML
# tags and entities, the cell separator); the rest is only special at the start of a line.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")


def escape(text: str) -> str:
    """`text` as literal Markdown inside a table cell: syntax escaped, line breaks as spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(agenda: Agenda, timeline: Timeline, zones: Sequence[ZoneInfo]) -> str:
    """A heading, the date, zone and join link, then one table row per part and item."""
    view = programme(agenda, timeline, zones)
    event = agenda.event
    reference = view.reference
    lines = [f"## {escape(event.title)}", ""]
    facts = [f"{reference:%A %d %B %Y}", at(reference, event.zone, reference)]
    if event.platform is not None:
        if event.platform.url:
            facts.append(f"[{escape(event.platform.name)}](<{event.platform.url.replace('>', '%3E')}>)")
        else:
            facts.append(escape(event.platform.name))
    lines += [" · ".join(facts), ""]
    headers = []
    for column in view.columns:
        who = f"{', '.join(escape(a) for a in column.audiences)}: " if column.audiences else ""
        headers.append(f"{who}{escape(f'{column.key} ({column.label})')}")
    lines.append("| " + " | ".join([*headers, "Time", "Programme"]) + " |")
    lines.append("|" + "|".join(["---"] * (len(headers) + 2)) + "|")
    for row in view.rows:
        cells = []
        for entry in row.cells:
            text = escape(entry.span)
            if not entry.within_hours:
                text += " ⚠ outside local hours"
            cells.append(text)
        label = escape(row.label)
        label = f"**{label}**" if row.is_part else label
        indent = "&emsp;" * row.depth
        lines.append("| " + " | ".join([*cells, row.duration, indent + label]) + " |")
    footer = f"Total {duration(timeline.end - timeline.start)}"
    if event.end is not None:
        footer += f"; booked until {at(event.end, event.zone, reference)}"
    hours = [f"{', '.join(c.audiences)} {' and '.join(str(h) for h in c.hours)}" for c in view.columns if c.hours]
    if hours:
        footer += f"; local hours: {'; '.join(hours)}"
    lines += ["", escape(footer)]
    return "\n".join(lines) + "\n"
