"""The agenda's web page: one self-contained HTML file (inline CSS and JavaScript, no network)
that reads correctly without JavaScript.

Every time is written with its zone label and date shift inside ``<time datetime>``; days are
grouped by the dates of the first zone shown (the event's by default), with a column per
audience zone and the slots outside an audience's local hours marked. With JavaScript, a zone
switcher (kept in the URL fragment, ``#tz=Asia/Kolkata``) shows the programme in another zone,
the viewer's own included, a banner says when the viewer's zone is not the one shown, and a
"starts in" line and a "now" marker follow the viewer's clock: the page itself holds no clock.
Calendar links: ``.ics`` files from `agenda.ical` (as data URLs, or files written next to the
page), Google Calendar and Outlook on the web in UTC, and ``webcal://`` for a feed.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import attrs

from agenda._formats.rows import Cell, Column, Row, anchors, cell, programme
from agenda._languages import text_language
from agenda._model import Agenda, Part
from agenda._timeline import Timeline
from agenda._times import _links, zone_keys
from agenda._words import basic_utc, day_words, iso_utc, when, zone_abbreviation
from agenda.exceptions import PageError

__all__ = [
    "CalendarLinks",
    "Day",
    "PageError",
    "calendar_files",
    "google_link",
    "outlook_link",
    "render_agenda_fragment",
    "render_fragment",
    "render_timeline_fragment",
    "render_page",
    "webcal_link",
]

#: Google and Outlook links carry at most this much of the description (URLs have limits).
MAX_DETAILS = 1200


@attrs.frozen
class CalendarLinks:
    """The calendar links of one event or item."""

    ics: str
    ics_name: str
    google: str
    outlook: str


@attrs.frozen
class Day:
    """The rows that start on one date of the zone shown first."""

    date: date
    heading: str
    anchor: str
    rows: tuple[tuple[Row, tuple[Cell, ...]], ...]


def _details(text: str) -> str:
    return text if len(text) <= MAX_DETAILS else text[: MAX_DETAILS - 1] + "…"


def google_link(title: str, start: datetime, end: datetime, details: str, location: str | None) -> str:
    """An "add to Google Calendar" link, times in UTC."""
    query = {"action": "TEMPLATE", "text": title, "dates": f"{basic_utc(start)}/{basic_utc(end)}"}
    query["details"] = _details(details)
    if location:
        query["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(query, quote_via=quote)


def outlook_link(
    title: str, start: datetime, end: datetime, details: str, location: str | None, *, host: str = "outlook.live.com"
) -> str:
    """An "add to Outlook on the web" link (``outlook.office.com`` for work accounts), times in UTC."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": iso_utc(start),
        "enddt": iso_utc(end),
        "body": _details(details),
    }
    if location:
        query["location"] = location
    return f"https://{host}/calendar/0/deeplink/compose?" + urlencode(query, quote_via=quote)


def webcal_link(feed_url: str) -> str:
    """The ``webcal://`` form of an http(s) feed URL, which calendar apps open as a subscription
    (`agenda.publish.webcal_url`, the feed's own rule); `PageError` for anything else."""
    from agenda.exceptions import FeedError
    from agenda.publish import webcal_url

    try:
        return webcal_url(feed_url)
    except FeedError:
        raise PageError(
            f"--feed-url {feed_url[:80]!r}: give the http(s) URL the calendar feed is served from"
        ) from None


def _data_url(content: bytes) -> str:
    return "data:text/calendar;charset=utf-8;base64," + base64.b64encode(content).decode("ascii")


def calendar_files(agenda: Agenda, timeline: Timeline, *, stamp: datetime) -> dict[str, bytes]:
    """The ``.ics`` files the page links to, by file name: the whole event, each item, and each
    speaker's own items (people could not remove a whole schedule from Outlook, pretalx#1794)."""
    from agenda.ical import CalendarEvent, ExportError, calendar_name, plan_calendar, to_ical, write_calendar

    event = agenda.event
    files = {f"{event.id}.ics": to_ical(agenda, stamp=stamp)}
    ids = anchors(timeline)
    name = calendar_name(agenda)
    language = text_language(event.title, event.language)
    try:
        items = plan_calendar(agenda, split="items")
    except ExportError:  # no items at all
        items = ()
    for planned in items:
        if planned.path is not None:
            files[f"{event.id}.{ids[planned.path]}.ics"] = write_calendar(
                (planned,), method="publish", stamp=stamp, organizer=event.organizer, name=name, language=language
            )
    # A speaker's calendar holds their items and the parts they chair (`to_ical` with `speaker`).
    # Their items are the events planned above; only chairs need a plan of their own.
    by_path = {planned.path: planned for planned in items}
    chairs = {node.chair for _, node in agenda.walk() if isinstance(node, Part) and node.chair}
    talks: dict[str, list[CalendarEvent]] = {}
    for path, node in agenda.items():
        for speaker_id in dict.fromkeys(node.speakers):
            if path in by_path:
                talks.setdefault(speaker_id, []).append(by_path[path])
    for speaker in agenda.speakers:
        if speaker.id in chairs:
            own: Sequence[CalendarEvent] = plan_calendar(agenda, split="items", speaker=speaker.id)
        else:
            own = talks.get(speaker.id, ())
        if own:
            files[f"{event.id}.speaker.{speaker.id}.ics"] = write_calendar(
                own,
                method="publish",
                stamp=stamp,
                organizer=event.organizer,
                name=calendar_name(agenda, speaker.id),
                language=language,
            )
    return files


def _ics_href(name: str, files: Mapping[str, bytes], ics_base: str | None) -> str:
    if ics_base is None:
        return _data_url(files[name])
    base = ics_base if not ics_base or ics_base.endswith("/") else ics_base + "/"
    return base + quote(name)


def _join(agenda: Agenda) -> str | None:
    platform = agenda.event.platform
    return platform.url if platform is not None and platform.url else None


def _slot_details(agenda: Agenda, row: Row) -> str:
    lines = []
    join = _join(agenda)
    if join:
        lines.append(f"Join: {join}")
    if row.people:
        lines.append(", ".join(p.text for p in row.people))
    if row.description:
        lines.append(row.description)
    lines.append(agenda.event.title)
    if agenda.event.url:
        lines.append(agenda.event.url)
    return "\n".join(lines)


def _links_for(
    agenda: Agenda,
    *,
    title: str,
    start: datetime,
    end: datetime,
    details: str,
    ics_name: str,
    files: Mapping[str, bytes],
    ics_base: str | None,
) -> CalendarLinks:
    location = _join(agenda) or (agenda.event.platform.name if agenda.event.platform else None)
    return CalendarLinks(
        ics=_ics_href(ics_name, files, ics_base),
        ics_name=ics_name,
        google=google_link(title, start, end, details, location),
        outlook=outlook_link(title, start, end, details, location),
    )


def _days(rows: Sequence[Row], shown: Sequence[Column]) -> tuple[Day, ...]:
    """Rows grouped by their start date in the first zone, each cell's shift counted from it."""
    first = shown[0].zone
    offsets = [None] * len(shown)
    days: dict[date, list[tuple[Row, tuple[Cell, ...]]]] = {}
    for row in rows:
        start = row.slot.start.astimezone(first)
        reference = start.replace(hour=0, minute=0, second=0, microsecond=0)
        cells = tuple(cell(row.slot, column, reference, offset) for column, offset in zip(shown, offsets, strict=True))
        days.setdefault(start.date(), []).append((row, cells))
    return tuple(
        Day(date=day, heading=day_words(day), anchor=f"day-{day.isoformat()}", rows=tuple(entries))
        for day, entries in days.items()
    )


@functools.cache
def _asset(name: str) -> str:
    return resources.files("agenda").joinpath(f"templates/{name}").read_text("utf-8")


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _abbreviations(timeline: Timeline) -> dict[str, dict[str, str]]:
    """For every zone, the abbreviation it uses at each offset around the event's dates, so that
    the browser labels any zone as `zone_label` does (``PST, UTC-08:00``)."""
    from agenda._times import format_offset

    samples = []
    moment = timeline.start - timedelta(days=370)
    last = timeline.end + timedelta(days=370)
    while moment <= last:
        samples.append(moment)
        moment += timedelta(days=14)
    samples += [timeline.start, timeline.end]
    table: dict[str, dict[str, str]] = {}
    links = _links()
    for key in zone_keys():
        if key in links or key == "UTC":
            continue
        zone = ZoneInfo(key)
        entry: dict[str, str] = {}
        for sample in samples:
            abbreviation = zone_abbreviation(sample, zone)
            if abbreviation is not None:
                entry.setdefault(format_offset(sample.astimezone(zone).utcoffset()), abbreviation)
        if entry:
            table[key] = entry
    return table


@functools.cache
def _canonical() -> dict[str, str]:
    """Link name -> the key `get_zone` gives for it (``Asia/Calcutta`` -> ``Asia/Kolkata``)."""
    special = {"Etc/UTC": "UTC", "Etc/GMT": "GMT"}
    table = {name: special.get(target, target) for name, target in _links().items()}
    table.update(special)
    return table


def _hours_data(shown: Sequence[Column]) -> dict[str, list[dict[str, Any]]]:
    return {
        column.key: [
            {"start": h.start.hour * 60 + h.start.minute, "end": h.end.hour * 60 + h.end.minute, "text": str(h)}
            for h in column.hours
        ]
        for column in shown
        if column.hours
    }


def _speaker_sections(agenda: Agenda, rows: Sequence[Row]) -> list[dict[str, Any]]:
    """A section per declared speaker: organisation, role, and the parts and items they are in."""
    involved: dict[str, list[Row]] = {}
    for row in rows:
        ids = [person.id for person in row.people] + ([row.chair.id] if row.chair is not None else [])
        for speaker_id in dict.fromkeys(ids):
            involved.setdefault(speaker_id, []).append(row)
    sections = []
    for speaker in agenda.speakers:
        organization = agenda.organization(speaker.organization) if speaker.organization else None
        sections.append(
            {
                "speaker": speaker,
                "anchor": f"speaker-{speaker.id}",
                "organization": organization,
                "rows": involved.get(speaker.id, []),
                "ics_name": f"{agenda.event.id}.speaker.{speaker.id}.ics",
            }
        )
    return sections


def render_page(
    agenda: Agenda,
    timeline: Timeline,
    zones: Sequence[ZoneInfo],
    *,
    stamp: datetime,
    ics_base: str | None = None,
    feed_url: str | None = None,
    timeline_speakers: bool = False,
    calendars: Mapping[str, bytes] | None = None,
) -> str:
    """The page as HTML text.

    `zones` are the columns (the first one groups the days; usually the event's zone, then each
    audience's). `stamp` is the DTSTAMP of the ``.ics`` files. They are embedded as data URLs, or,
    with `ics_base` (a URL relative to the page, such as ``"ics/"``), linked by the names
    `calendar_files` gives, to be written there (pass them as `calendars` when they are made
    anyway, so they are made once). `feed_url` adds a ``webcal://`` subscription link.
    """
    from agenda._formats.templating import render_template
    from agenda._formats.timeline_svg import render_svg

    if not zones:
        raise PageError("the page needs at least one zone to show")
    webcal = webcal_link(feed_url) if feed_url is not None else None
    view = programme(agenda, timeline, zones, with_cells=False)
    shown = view.columns
    days = _days(view.rows, shown)
    files = calendars if calendars is not None else calendar_files(agenda, timeline, stamp=stamp)
    event = agenda.event
    end = max(timeline.end, event.end) if event.end is not None else timeline.end
    event_details = "\n".join(
        line
        for line in (f"Join: {_join(agenda)}" if _join(agenda) else "", event.description or "", event.url or "")
        if line
    )
    event_links = _links_for(
        agenda,
        title=event.title,
        start=timeline.start,
        end=end,
        details=event_details,
        ics_name=f"{event.id}.ics",
        files=files,
        ics_base=ics_base,
    )
    office = outlook_link(event.title, timeline.start, end, event_details, _join(agenda), host="outlook.office.com")
    item_links: dict[str, CalendarLinks] = {}
    for row in view.rows:
        name = f"{event.id}.{row.anchor}.ics"
        if not row.is_part and name in files:
            item_links[row.slot.path] = _links_for(
                agenda,
                title=row.title,
                start=row.slot.start,
                end=row.slot.end,
                details=_slot_details(agenda, row),
                ics_name=name,
                files=files,
                ics_base=ics_base,
            )
    speakers = _speaker_sections(agenda, view.rows)
    for section in speakers:
        section["ics"] = _ics_href(section["ics_name"], files, ics_base) if section["ics_name"] in files else None
    data = {
        "zones": [column.key for column in shown],
        "audiences": {column.key: list(column.audiences) for column in shown},
        "hours": _hours_data(shown),
        "abbreviations": _abbreviations(timeline),
        "links": _canonical(),
        "start": iso_utc(timeline.start),
        "end": iso_utc(timeline.end),
    }
    from markupsafe import Markup

    svg = render_svg(agenda, timeline, zones, speakers=timeline_speakers, id_prefix="timeline")
    return render_template(
        "page.html",
        agenda=agenda,
        event=event,
        lang=event.language or "en",
        columns=shown,
        days=days,
        first=shown[0],
        timeline=timeline,
        event_when=when(timeline.start, timeline.end, shown[0].zone),
        audience_when=[(column, when(timeline.start, timeline.end, column.zone)) for column in shown[1:]],
        event_links=event_links,
        office_link=office,
        webcal=webcal,
        feed_url=feed_url,
        join=_join(agenda),
        item_links=item_links,
        speakers=speakers,
        svg=Markup(svg),  # noqa: S704 - rendered by our own autoescaped template
        css=Markup(_asset("page.css")),  # noqa: S704 - a file of the package
        script=Markup(_asset("page.js")),  # noqa: S704 - a file of the package
        data=Markup(_script_json(data)),  # noqa: S704 - JSON with <, > and & escaped
    )


def render_fragment(agenda: Agenda, timeline: Timeline, zones: Sequence[ZoneInfo]) -> str:
    """The programme's tables alone (no script, no links), as notebooks show an `Agenda`."""
    from agenda._formats.templating import render_template

    view = programme(agenda, timeline, zones, with_cells=False)
    return render_template(
        "fragment.html", event=agenda.event, columns=view.columns, days=_days(view.rows, view.columns), links=False
    )


def render_agenda_fragment(agenda: Agenda) -> str:
    """`render_fragment` of `agenda` in its default zones (the event's, then each audience's)."""
    from agenda._formats.text import default_zones
    from agenda._timeline import build_timeline

    return render_fragment(agenda, build_timeline(agenda), default_zones(agenda))


def render_timeline_fragment(timeline: Timeline) -> str:
    """`render_fragment` of a timeline alone, in its event's zone (speakers named by their ids)."""
    agenda = Agenda(event=timeline.event, parts=tuple(slot.node for slot in timeline.slots if slot.depth == 0))
    return render_fragment(agenda, timeline, (timeline.event.zone,))
