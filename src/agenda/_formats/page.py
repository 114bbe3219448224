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

An agenda in two or more languages gets a language switch (`Readers`): the page is written once,
and each text the languages write differently holds one variant per language (``data-for``),
shown by CSS from the checked radio button, so the switch works without JavaScript. Calendar links
and the timeline picture come in every language too; the script keeps the choice in the URL
fragment (``#lang=ru``) beside the zone.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import attrs

from agenda._formats.rows import Cell, Column, Row, anchors, cell, programme
from agenda._languages import Localized, canonical_tag, language_problem, text_language
from agenda._model import Agenda, Part
from agenda._timeline import Timeline, build_timeline
from agenda._times import _links, zone_keys
from agenda._words import basic_utc, day_words, iso_utc, when, zone_abbreviation
from agenda.exceptions import PageError

__all__ = [
    "CalendarLinks",
    "Day",
    "PageError",
    "Readers",
    "calendar_files",
    "google_link",
    "outlook_link",
    "page_files",
    "page_languages",
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
    """The calendar links of one event or item, and what a screen reader calls them."""

    ics: str
    ics_name: str
    google: str
    outlook: str
    #: The links' accessible names, naming the item (``.ics file for Opening remarks``).
    ics_label: str = ""
    google_label: str = ""
    outlook_label: str = ""


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


def page_files(agenda: Agenda, timeline: Timeline, *, stamp: datetime, language: str | None = None) -> dict[str, bytes]:
    """Every ``.ics`` file the page links to, by the name it is linked by: `calendar_files` of
    the agenda in the language the page opens in, and, for a page in several languages
    (`page_languages`), each other language's under its tag (``ru/event.ics``)."""
    views = _views(agenda, page_languages(agenda, language))
    return _with_files({}, views, _timelines(views, timeline), stamp)


def _views(agenda: Agenda, languages: Sequence[str]) -> dict[str | None, Agenda]:
    """The agenda as the readers of each of the page's languages see it (itself for one language)."""
    return {tag: agenda.in_language(tag) for tag in languages} or {None: agenda}


def _timelines(views: Mapping[str | None, Agenda], timeline: Timeline) -> dict[str | None, Timeline]:
    """Each view placed in time: the same times, the texts of its language (the timeline given,
    for the agenda itself)."""
    return {tag: timeline if tag is None else build_timeline(view) for tag, view in views.items()}


def _with_files(
    files: Mapping[str, bytes],
    views: Mapping[str | None, Agenda],
    timelines: Mapping[str | None, Timeline],
    stamp: datetime,
) -> dict[str, bytes]:
    """`files` with the calendar files of each language it lacks."""
    found = dict(files)
    for index, (tag, view) in enumerate(views.items()):
        prefix = "" if tag is None else _file_prefix(index, tag)
        if prefix + f"{view.event.id}.ics" not in found:
            made = calendar_files(view, timelines[tag], stamp=stamp)
            found.update((prefix + name, content) for name, content in made.items())
    return found


def _file_prefix(index: int, tag: str) -> str:
    """Where a language's calendar files are: the first language's beside the others' folders."""
    return "" if index == 0 else f"{tag}/"


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
    prefix: str = "",
) -> CalendarLinks:
    location = _join(agenda) or (agenda.event.platform.name if agenda.event.platform else None)
    return CalendarLinks(
        ics=_ics_href(prefix + ics_name, files, ics_base),
        ics_name=ics_name,
        google=google_link(title, start, end, details, location),
        outlook=outlook_link(title, start, end, details, location),
        ics_label=f".ics file for {title}",
        google_label=f"Google Calendar: {title}",
        outlook_label=f"Outlook: {title}",
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


# ---------------------------------------------------------------------------------------------
# Languages: a page in several has a variant of each text per language, and a switch.


def page_languages(agenda: Agenda, language: str | None = None) -> tuple[str, ...]:
    """The languages of the page's switch, the one it opens in first: `language` if the agenda
    has texts in it, else the event's, else the agenda's first. Empty for an agenda in fewer than
    two languages: its page has no switch. `PageError` for a tag the registry does not know."""
    if language is not None:
        problem = language_problem(language)
        if problem is not None:
            raise PageError(f"language {language[:40]!r}: {problem}")
        language = canonical_tag(language)
    found = agenda.languages
    if len(found) < 2:
        return ()
    first = next((tag for tag in (language, agenda.event.language) if tag in found), found[0])
    return (first, *(tag for tag in found if tag != first))


@attrs.frozen
class _Reader:
    """How the page writes a text for the readers of one of its languages: as `Agenda.in_language`
    chooses it (theirs, else the event's, else the text's first), with its own ``lang`` where it
    is not the page's, and a marker naming the language it fell back to."""

    language: str | None
    event_language: str | None = None
    #: The ``lang`` of the page itself.
    document: str | None = None

    def __call__(self, text: str | None) -> Any:
        if not text or self.language is None:
            return text or ""
        from markupsafe import Markup, escape

        chosen = text.in_language(self.language, self.event_language) if isinstance(text, Localized) else text
        written = text_language(chosen, self.event_language)
        if written is None or written == self.document:
            shown = escape(chosen)
        else:
            shown = Markup('<span lang="{}">{}</span>').format(written, chosen)
        if written is not None and written != self.language:
            marker = Markup(' <small class="fallback" title="not given in {}">{}</small>')
            shown += marker.format(self.language, written)
        return shown


@attrs.frozen
class Readers:
    """The readers a page is written for, one per language of its switch, the first the one it
    opens in. A page without a switch has one reader who writes every text as it is."""

    readers: tuple[_Reader, ...] = (_Reader(None),)

    @classmethod
    def of(cls, agenda: Agenda, languages: Sequence[str]) -> Readers:
        if not languages:
            return cls()
        event_language = agenda.event.language
        document = event_language or "en"
        return cls(tuple(_Reader(tag, event_language, document) for tag in languages))

    def each(self, caller: Callable[[_Reader], Any], tag: str = "span") -> Any:
        """What `caller` writes for each reader, once for all when it is the same for all, else
        each variant in an element whose ``data-for`` lists the languages it is for (in a
        template: ``{% call(t) each() %}{{ t(role) }}, {{ t(organization.name) }}{% endcall %}``)."""
        if len(self.readers) == 1:
            return caller(self.readers[0])
        from markupsafe import Markup, escape

        variants: dict[Markup, list[str]] = {}
        for reader in self.readers:
            assert reader.language is not None  # noqa: S101 - several readers each have one
            variants.setdefault(escape(caller(reader)), []).append(reader.language)
        if len(variants) == 1:
            return next(iter(variants))
        return Markup("").join(
            Markup('<{0} data-for="{1}">{2}</{0}>').format(tag, " ".join(tags), written)
            for written, tags in variants.items()
        )

    def text(self, value: str | None) -> Any:
        """One text as each reader writes it."""
        if len(self.readers) == 1:
            return self.readers[0](value)
        return self.each(lambda reader: reader(value))


def _language_css(languages: Sequence[str]) -> str:
    """The switch's style, and the rules that show each language's variants when its radio
    button is checked (CSS alone: the switch needs no script). A browser without ``:has()``
    shows the first language and no switch."""
    first = languages[0]
    shown = ",\n".join(f'html:has(#language-{tag}:checked) [data-for]:not([data-for~="{tag}"])' for tag in languages)
    return (
        _asset("languages.css")
        + shown
        + " { display: none; }\n"
        + "@supports not selector(:has(*)) {\n"
        + f'  [data-for]:not([data-for~="{first}"]), #language-switcher {{ display: none; }}\n'
        + "}"
    )


def _alternates(values: Mapping[str, Mapping[str, str]]) -> Any:
    """The ``data-by-language`` attribute: the attributes a link takes in each other language,
    which the page's script sets when that language is chosen ("" when there is none)."""
    from markupsafe import Markup

    if not values:
        return ""
    text = _script_json(values).replace("'", "\\u0027")
    return Markup(" data-by-language='{}'").format(Markup(text))  # noqa: S704 - JSON with <, >, & and ' escaped


@attrs.frozen
class _Links:
    """Every calendar link of the page, in one language."""

    event: CalendarLinks
    office: str
    #: By slot path.
    items: Mapping[str, CalendarLinks]
    #: The ``.ics`` of each speaker on the programme, by speaker id.
    speakers: Mapping[str, str]

    def attributes(self) -> dict[str, dict[str, str]]:
        """Each link's attributes in this language, by the key the template names it with."""
        found = {
            "event.ics": {"href": self.event.ics},
            "event.google": {"href": self.event.google},
            "event.outlook": {"href": self.event.outlook},
            "event.office": {"href": self.office},
        }
        for path, links in self.items.items():
            found[f"ics {path}"] = {"href": links.ics, "aria-label": links.ics_label}
            found[f"google {path}"] = {"href": links.google, "aria-label": links.google_label}
            found[f"outlook {path}"] = {"href": links.outlook, "aria-label": links.outlook_label}
        for speaker_id, href in self.speakers.items():
            found[f"speaker {speaker_id}"] = {"href": href}
        return found


def _page_links(
    agenda: Agenda,
    timeline: Timeline,
    *,
    rows: Sequence[Row],
    files: Mapping[str, bytes],
    ics_base: str | None,
    prefix: str,
) -> _Links:
    """The calendar links of the page for `agenda` (in one language), to the files under `prefix`."""
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
        prefix=prefix,
    )
    office = outlook_link(event.title, timeline.start, end, event_details, _join(agenda), host="outlook.office.com")
    items: dict[str, CalendarLinks] = {}
    for row in rows:
        name = f"{event.id}.{row.anchor}.ics"
        if not row.is_part and prefix + name in files:
            items[row.slot.path] = _links_for(
                agenda,
                title=row.title,
                start=row.slot.start,
                end=row.slot.end,
                details=_slot_details(agenda, row),
                ics_name=name,
                files=files,
                ics_base=ics_base,
                prefix=prefix,
            )
    speakers = {}
    for speaker in agenda.speakers:
        name = prefix + f"{event.id}.speaker.{speaker.id}.ics"
        if name in files:
            speakers[speaker.id] = _ics_href(name, files, ics_base)
    return _Links(event=event_links, office=office, items=items, speakers=speakers)


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
    language: str | None = None,
) -> str:
    """The page as HTML text.

    `zones` are the columns (the first one groups the days; usually the event's zone, then each
    audience's). `stamp` is the DTSTAMP of the ``.ics`` files. They are embedded as data URLs, or,
    with `ics_base` (a URL relative to the page, such as ``"ics/"``), linked by the names
    `page_files` gives, to be written there (pass them as `calendars` when they are made
    anyway, so they are made once; the languages they lack are made here). `feed_url` adds a
    ``webcal://`` subscription link.

    An agenda in several languages gets a language switch (`page_languages`); the page opens in
    `language` (a tag) if the agenda has texts in it, else in the event's language.
    """
    from markupsafe import Markup

    from agenda._formats.templating import render_template
    from agenda._formats.timeline_svg import render_svg

    if not zones:
        raise PageError("the page needs at least one zone to show")
    webcal = webcal_link(feed_url) if feed_url is not None else None
    languages = page_languages(agenda, language)
    readers = Readers.of(agenda, languages)
    # The page in each language: the agenda as its readers see it, placed in time. The first
    # one's texts are the page's own (its title, its links); the others' are variants.
    views = _views(agenda, languages)
    timelines = _timelines(views, timeline)
    files = _with_files(calendars or {}, views, timelines, stamp)
    links: dict[str | None, _Links] = {}
    svgs: dict[str | None, str] = {}
    programmes = {tag: programme(view, timelines[tag], zones, with_cells=False) for tag, view in views.items()}
    for index, (tag, view) in enumerate(views.items()):
        prefix = "" if tag is None else _file_prefix(index, tag)
        links[tag] = _page_links(
            view, timelines[tag], rows=programmes[tag].rows, files=files, ics_base=ics_base, prefix=prefix
        )
        svgs[tag] = Markup(  # noqa: S704 - rendered by our own autoescaped template
            render_svg(
                view,
                timelines[tag],
                zones,
                speakers=timeline_speakers,
                id_prefix="timeline" if index == 0 else f"timeline-{tag}",
            )
        )
    first = next(iter(views))
    view, placed = views[first], timelines[first]
    first_rows, shown = programmes[first].rows, programmes[first].columns
    days = _days(first_rows, shown)
    event = view.event
    own = links[first]
    others: dict[str, dict[str, dict[str, str]]] = {}
    for tag in languages[1:]:
        for key, attributes in links[tag].attributes().items():
            others.setdefault(key, {})[tag] = attributes
    speakers = _speaker_sections(view, first_rows)
    for section in speakers:
        section["ics"] = own.speakers.get(section["speaker"].id)
    data: dict[str, Any] = {
        "zones": [column.key for column in shown],
        "audiences": {column.key: list(column.audiences) for column in shown},
        "hours": _hours_data(shown),
        "abbreviations": _abbreviations(placed),
        "links": _canonical(),
        "start": iso_utc(placed.start),
        "end": iso_utc(placed.end),
    }
    if languages:
        data["languages"] = list(languages)
        data["titles"] = {tag: str(views[tag].event.title) for tag in languages}
    return render_template(
        "page.html",
        agenda=view,
        event=event,
        lang=agenda.event.language or "en",
        languages=languages,
        columns=shown,
        days=days,
        first=shown[0],
        timeline=placed,
        event_when=when(placed.start, placed.end, shown[0].zone),
        audience_when=[(column, when(placed.start, placed.end, column.zone)) for column in shown[1:]],
        event_links=own.event,
        office_link=own.office,
        webcal=webcal,
        feed_url=feed_url,
        join=_join(view),
        item_links=own.items,
        speakers=speakers,
        text=readers.text,
        each=readers.each,
        alternate=(lambda key: _alternates(others.get(key, {}))) if others else None,
        svg=readers.each(lambda reader: svgs[reader.language], tag="div"),
        css=Markup(_asset("page.css")),  # noqa: S704 - a file of the package
        language_css=Markup(_language_css(languages)) if languages else "",  # noqa: S704 - tags the registry knows
        script=Markup(_asset("page.js")),  # noqa: S704 - a file of the package
        data=Markup(_script_json(data)),  # noqa: S704 - JSON with <, > and & escaped
    )


def render_fragment(agenda: Agenda, timeline: Timeline, zones: Sequence[ZoneInfo]) -> str:
    """The programme's tables alone (no script, no links), as notebooks show an `Agenda`."""
    from agenda._formats.templating import render_template

    view = programme(agenda, timeline, zones, with_cells=False)
    return render_template(
        "fragment.html",
        event=agenda.event,
        columns=view.columns,
        days=_days(view.rows, view.columns),
        links=False,
        text=Readers().text,
        alternate=None,
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
