"""The planner's answer as text for a terminal (with a strip of hours per zone), Markdown and JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agenda._planner import Candidate, LocalSpan, NearMiss, Plan, Rotation
from agenda._times import LocalHours
from agenda._words import format_duration, span, weekday_date, zone_label

__all__ = ["render_json", "render_markdown", "render_text", "strip"]

#: Hours shown in the strip, and how wide each cell is.
STRIP_HOURS = 24
_CELL = 3


def _hours_of(plan: Plan, local: LocalSpan) -> LocalHours | None:
    """The hours a row of the strip shows: the audience's, or for the event's zone an audience's
    there, or for speakers their working hours."""
    agenda = plan.agenda
    for audience in agenda.audiences:
        if audience.name == local.who or (local.who == "event" and audience.zone.key == local.zone.key):
            return audience.hours or agenda.check.audience_hours
    if local.who != "event":
        own = {speaker.hours for speaker in agenda.speakers if speaker.zone == local.zone and speaker.hours}
        return own.pop() if len(own) == 1 else agenda.check.working_hours
    return None


def _when(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """``Wed 10 Feb 2021 11:15–14:05 Europe/Moscow (MSK, UTC+03:00)``."""
    local = start.astimezone(zone)
    return f"{weekday_date(start, zone)} {span(start, end, zone, local)} {zone.key} ({zone_label(start, zone)})"


def _row(local: LocalSpan, reference: datetime) -> tuple[str, str, str]:
    """(who, local span with the day shift from the event's date, zone with its label)."""
    when = span(local.start, local.end, local.zone, reference)
    return local.who, when, f"{local.zone.key} ({zone_label(local.start, local.zone)})"


def strip(plan: Plan, start: datetime, end: datetime, locals_: Sequence[LocalSpan]) -> list[str]:
    """Lines of a picture: one row of hour cells per zone, the same instants in every column,
    each cell labelled with its local hour; ``██`` marks the event, ``░░`` the zone's hours."""
    hour = timedelta(hours=1)
    length = end - start
    lead = max(timedelta(0), (STRIP_HOURS * hour - length) / 2)
    first = (start - lead).astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    cells = [first + k * hour for k in range(STRIP_HOURS)]
    width = max(len(local.zone.key) for local in locals_)
    lines = [" " * (width + 2) + f"columns: hours from {first:%H:%M} UTC; ██ the event, ░░ inside hours, ·· outside"]
    for local in locals_:
        hours = _hours_of(plan, local)
        labels, marks = [], []
        for cell in cells:
            cell_end = cell + hour
            labels.append(f"{cell.astimezone(local.zone):%H}".ljust(_CELL))
            if cell < end and cell_end > start:
                marks.append("██ ")
            elif hours is not None and hours.contains(cell.astimezone(local.zone), cell_end.astimezone(local.zone)):
                marks.append("░░ ")
            else:
                marks.append("·· ")
        lines.append(f"{local.zone.key.ljust(width)}  {''.join(labels).rstrip()}")
        lines.append(f"{local.who[:width].ljust(width)}  {''.join(marks).rstrip()}")
    return lines


def _header(plan: Plan) -> Iterator[str]:
    agenda = plan.agenda
    zone = agenda.event.zone
    yield (
        f"{agenda.event.title}: {format_duration(plan.length)} from its start, "
        f"{plan.scanned:,} starts scanned every {format_duration(plan.step)} "
        f"from {weekday_date(plan.window_start, zone)} {plan.window_start.astimezone(zone):%H:%M} "
        f"to {weekday_date(plan.window_end, zone)} {plan.window_end.astimezone(zone):%H:%M} {zone.key}; "
        f"{plan.fitting:,} fit."
    )
    yield (
        "Hard limits: "
        + (", ".join(plan.codes) or "none")
        + (f" (relaxed: {', '.join(plan.relaxed)})" if plan.relaxed else "")
    )
    for note in plan.notes:
        yield f"Note: {note}"


def _candidate_lines(plan: Plan, candidate: Candidate, *, picture: bool) -> Iterator[str]:
    zone = plan.agenda.event.zone
    reference = candidate.start.astimezone(zone)
    yield f"{candidate.rank}. {_when(candidate.start, candidate.end, zone)}  score {candidate.score:g}"
    rows = [_row(local, reference) for local in candidate.local]
    who_width = max(len(r[0]) for r in rows)
    when_width = max(len(r[1]) for r in rows)
    for who, when, where in rows:
        yield f"     {who.ljust(who_width)}  {when.ljust(when_width)}  {where}"
    for reason in candidate.reasons:
        points = f"{reason.points:+g}" if reason.points else ""
        yield f"   {points:>6} {reason.text}"
    if picture:
        yield ""
        yield from ("     " + line for line in strip(plan, candidate.start, candidate.end, candidate.local))


def _miss_lines(plan: Plan, number: int, miss: NearMiss) -> Iterator[str]:
    zone = plan.agenda.event.zone
    reference = miss.start.astimezone(zone)
    yield f"{number}. {_when(miss.start, miss.end, zone)}"
    for breach in miss.breaches:
        yield f"     breaks {breach.text}"
    for local in miss.local:
        who, when, where = _row(local, reference)
        yield f"     {who}: {when} {where}"


def _rotation_lines(plan: Plan, rotation: Rotation) -> Iterator[str]:
    zone = plan.agenda.event.zone
    yield "Rotation for a series: alternate these two starts, so that every audience has its hours in turn:"
    for letter, start, serves, locals_ in (
        ("A", rotation.first, rotation.first_serves, rotation.local[0]),
        ("B", rotation.second, rotation.second_serves, rotation.local[1]),
    ):
        yield f"  {letter}. {_when(start, start + rotation.length, zone)}: within the hours of {', '.join(serves)}"
        reference = start.astimezone(zone)
        for local in locals_:
            who, when, where = _row(local, reference)
            yield f"       {who}: {when} {where}"
    recurrence = plan.agenda.event.recurrence
    if recurrence is not None:
        count = len(recurrence.occurrences(plan.agenda.event.start, limit=_LISTED + 1))
        if count > _LISTED:
            yield f"  In the series ({recurrence.rule}): A for the odd occurrences, B for the even ones."
        elif count > 1:
            odd = _numbers(range(1, count + 1, 2))
            even = _numbers(range(2, count + 1, 2))
            yield f"  In the series ({recurrence.rule}): A for occurrences {odd}, B for {even}."


#: Series longer than this are described by odd and even occurrences.
_LISTED = 24


def _numbers(values: range) -> str:
    listed = [str(v) for v in values]
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"


def render_text(plan: Plan, *, picture: bool = True) -> str:
    """Lines for a terminal: the candidates with their local times, reasons and a strip of hours;
    near misses and a rotation when nothing fits."""
    lines = list(_header(plan))
    for candidate in plan.candidates:
        lines.append("")
        lines.extend(_candidate_lines(plan, candidate, picture=picture))
    if not plan.candidates:
        lines.append("")
        lines.append("No start fits every hard limit." + (" The nearest misses:" if plan.near_misses else ""))
        for number, miss in enumerate(plan.near_misses, start=1):
            lines.extend(_miss_lines(plan, number, miss))
        lines.append("")
        if plan.rotation is not None:
            lines.extend(_rotation_lines(plan, plan.rotation))
        else:
            lines.append("No rotation of two starts gives every audience its hours.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(plan: Plan) -> str:
    """A Markdown section: a table per candidate (who, local time, zone) and its reasons."""
    zone = plan.agenda.event.zone
    header = list(_header(plan))
    lines = [f"## When to hold {_cell(plan.agenda.event.title)}", "", *(f"{line}  " for line in header), ""]
    for candidate in plan.candidates:
        reference = candidate.start.astimezone(zone)
        lines += [f"### {candidate.rank}. {_when(candidate.start, candidate.end, zone)}: score {candidate.score:g}", ""]
        lines += ["| who | local time | zone |", "| --- | --- | --- |"]
        lines += [f"| {' | '.join(_cell(c) for c in _row(local, reference))} |" for local in candidate.local]
        lines.append("")
        lines += [
            f"- {_cell(reason.text)}" + (f" ({reason.points:+g})" if reason.points else "")
            for reason in candidate.reasons
        ]
        lines.append("")
    if not plan.candidates:
        lines += ["No start fits every hard limit.", ""]
        if plan.near_misses:
            lines += ["### Near misses", ""]
            for number, miss in enumerate(plan.near_misses, start=1):
                breaks = "; ".join(_cell(b.text) for b in miss.breaches)
                lines.append(f"{number}. {_when(miss.start, miss.end, zone)}: breaks {breaks}")
            lines.append("")
        if plan.rotation is not None:
            lines += ["### Rotation for a series", ""]
            lines += [line.strip() for line in _rotation_lines(plan, plan.rotation)][1:]
            lines.append("")
    return "\n".join(lines)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _local_json(local: LocalSpan) -> dict[str, Any]:
    return {
        "who": local.who,
        "zone": local.zone.key,
        "start": local.start.astimezone(local.zone).isoformat(),
        "end": local.end.astimezone(local.zone).isoformat(),
        "label": zone_label(local.start, local.zone),
    }


def _candidate_json(candidate: Candidate) -> dict[str, Any]:
    return {
        "rank": candidate.rank,
        "start": _iso(candidate.start),
        "end": _iso(candidate.end),
        "score": candidate.score,
        "margin_minutes": candidate.margin // timedelta(minutes=1),
        "reasons": [{"points": r.points, "text": r.text} for r in candidate.reasons],
        "local": [_local_json(local) for local in candidate.local],
    }


def render_json(plan: Plan) -> str:
    """The plan as JSON: UTC instants, local times with offsets, reasons with their points."""
    data: dict[str, Any] = {
        "event": plan.agenda.event.id,
        "window": {"start": _iso(plan.window_start), "end": _iso(plan.window_end)},
        "step_minutes": plan.step / timedelta(minutes=1),
        "length_minutes": plan.length / timedelta(minutes=1),
        "limits": list(plan.codes),
        "relaxed": list(plan.relaxed),
        "scanned": plan.scanned,
        "fitting": plan.fitting,
        "notes": list(plan.notes),
        "candidates": [_candidate_json(c) for c in plan.candidates],
        "near_misses": [
            {
                "start": _iso(miss.start),
                "end": _iso(miss.end),
                "breaks": [
                    {
                        "limit": b.limit,
                        "code": b.code,
                        "subject": b.subject,
                        "path": b.path,
                        "by_minutes": None if b.by is None else -(-b.by // timedelta(minutes=1)),
                        "direction": b.direction,
                        "text": b.text,
                    }
                    for b in miss.breaches
                ],
                "local": [_local_json(local) for local in miss.local],
            }
            for miss in plan.near_misses
        ],
        "rotation": None,
    }
    if plan.rotation is not None:
        rotation = plan.rotation
        data["rotation"] = [
            {"start": _iso(start), "end": _iso(start + rotation.length), "serves": list(serves)}
            for start, serves in ((rotation.first, rotation.first_serves), (rotation.second, rotation.second_serves))
        ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
