"""The programme as data: JSON with instants and local times per zone, CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from agenda._formats.rows import Row, programme
from agenda._model import Agenda
from agenda._timeline import Timeline
from agenda._times import zone_key
from agenda._words import iso_utc

__all__ = ["render_csv", "render_json"]

#: Version of the JSON document's shape.
JSON_VERSION = 1


def _speakers(row: Row) -> list[dict[str, Any]]:
    return [{"id": p.id, "name": p.name, "organization": p.organization, "role": p.role} for p in row.people]


def render_json(agenda: Agenda, timeline: Timeline, zones: Sequence[ZoneInfo]) -> str:
    """Every part and item with its UTC instants and, per zone, its local times, zone label, day
    shift and whether it falls in the local hours of the audiences there."""
    view = programme(agenda, timeline, zones)
    event = agenda.event
    document = {
        "version": JSON_VERSION,
        "event": {
            "id": event.id,
            "title": event.title,
            "zone": zone_key(event.zone),
            "start": iso_utc(timeline.start),
            "end": iso_utc(timeline.end),
            "booked_end": iso_utc(event.end) if event.end is not None else None,
            "language": event.language,
            "platform": {"name": event.platform.name, "url": event.platform.url} if event.platform else None,
            "url": event.url,
        },
        "zones": [
            {
                "zone": column.key,
                "label": column.label,
                "audiences": list(column.audiences),
                "hours": [str(h) for h in column.hours],
            }
            for column in view.columns
        ],
        "slots": [
            {
                "path": row.slot.path,
                "id": row.slot.node.id,
                "type": "part" if row.is_part else "item",
                "kind": row.kind,
                "title": row.title,
                "depth": row.depth,
                "parent": row.slot.parent,
                "start": iso_utc(row.slot.start),
                "end": iso_utc(row.slot.end),
                "duration": row.duration,
                "speakers": _speakers(row),
                "chair": row.chair.id if row.chair else None,
                "local": {
                    zone_key(c.zone): {
                        "start": c.iso_start,
                        "end": c.iso_end,
                        "span": c.span,
                        "label": c.label,
                        "end_label": c.end_label or c.label,
                        "day_shift": c.shift,
                        "days": c.days,
                        "within_hours": c.within_hours,
                    }
                    for c in row.cells
                },
            }
            for row in view.rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP):
# such text gets a leading apostrophe, which spreadsheets show as text.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def render_csv(agenda: Agenda, timeline: Timeline, zones: Sequence[ZoneInfo]) -> str:
    """One line per part and item: path, kind, title, speakers, UTC instants, then per zone the
    local start and end (ISO 8601 with offset), the zone label and the day offset (-1, 0, 1)."""
    view = programme(agenda, timeline, zones)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180
    header = ["path", "type", "kind", "depth", "id", "title", "speakers", "start_utc", "end_utc", "duration"]
    for column in view.columns:
        header += [f"{column.key} start", f"{column.key} end", f"{column.key} zone", f"{column.key} days"]
    writer.writerow(header)
    for row in view.rows:
        line: list[str | int] = [
            row.slot.path,
            "part" if row.is_part else "item",
            row.kind,
            row.depth,
            _text(row.slot.node.id),
            _text(row.title),
            _text("; ".join(p.text for p in row.people)),
            iso_utc(row.slot.start),
            iso_utc(row.slot.end),
            row.duration,
        ]
        for c in row.cells:
            line += [c.iso_start, c.iso_end, c.label, c.days]
        writer.writerow(line)
    return buffer.getvalue()
