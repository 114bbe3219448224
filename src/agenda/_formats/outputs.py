"""The public functions behind `agenda show --format`, `agenda html` and `agenda timeline`.

Light at import (`import agenda` loads no renderer): each function imports its renderer, through
the registry, when called.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from agenda._model import Agenda

__all__ = ["page_calendars", "render_html", "render_programme", "render_timeline_svg"]


def _zones(agenda: Agenda, zones: Sequence[ZoneInfo] | None) -> tuple[ZoneInfo, ...]:
    from agenda._formats.text import default_zones

    return tuple(zones) if zones else default_zones(agenda)


def render_programme(agenda: Agenda, format: str = "text", *, zones: Sequence[ZoneInfo] | None = None) -> str:
    """The programme as ``text`` (`agenda show`'s table), ``markdown``, ``json`` or ``csv``, one
    time column per zone of `zones` (default: the event's, then each audience's)."""
    from agenda._formats.registry import output
    from agenda._timeline import build_timeline

    text: str = output("programme", format).renderer()(agenda, build_timeline(agenda), _zones(agenda, zones))
    return text


def render_html(
    agenda: Agenda,
    *,
    stamp: datetime,
    zones: Sequence[ZoneInfo] | None = None,
    ics_base: str | None = None,
    feed_url: str | None = None,
    speakers: bool = False,
    language: str | None = None,
) -> str:
    """The agenda's web page (`agenda html`): one self-contained HTML file.

    `stamp` is the DTSTAMP of its ``.ics`` files, embedded as data URLs unless `ics_base` (a URL
    relative to the page) says where the files of `page_calendars` will be. `feed_url` (http or
    https) adds a ``webcal://`` link; `speakers` adds their lanes to the timeline picture. An
    agenda in several languages gets a language switch; the page opens in `language` (an IANA
    tag) if the agenda has texts in it, else in the event's language.
    """
    from agenda._formats.registry import output
    from agenda._timeline import build_timeline

    text: str = output("page", "html").renderer()(
        agenda,
        build_timeline(agenda),
        _zones(agenda, zones),
        stamp=stamp,
        ics_base=ics_base,
        feed_url=feed_url,
        timeline_speakers=speakers,
        language=language,
    )
    return text


def page_calendars(agenda: Agenda, *, stamp: datetime, language: str | None = None) -> Mapping[str, bytes]:
    """The ``.ics`` files the page links to, by file name (the whole event, each item, each
    speaker); for a page in several languages, each language but the first in a folder named by
    its tag (``ru/…``). `language` is `render_html`'s."""
    from agenda._formats.page import page_files
    from agenda._timeline import build_timeline

    return page_files(agenda, build_timeline(agenda), stamp=stamp, language=language)


def render_timeline_svg(agenda: Agenda, *, zones: Sequence[ZoneInfo] | None = None, speakers: bool = False) -> str:
    """The timeline across zones as SVG (`agenda timeline`): a lane per zone of `zones` (default:
    the event's, then each audience's) and, with `speakers`, per speaker."""
    from agenda._formats.registry import output
    from agenda._timeline import build_timeline

    text: str = output("picture", "svg").renderer()(
        agenda, build_timeline(agenda), _zones(agenda, zones), speakers=speakers
    )
    return text
