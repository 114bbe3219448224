"""A subscription feed: the calendar a webcal:// link points at, refetched by subscribers.

A feed is a calendar without METHOD (a subscribed calendar is no iTIP message), with RFC 7986's
``REFRESH-INTERVAL;VALUE=DURATION``, ``SOURCE`` and ``NAME`` and the ``X-PUBLISHED-TTL`` and
``X-WR-CALNAME`` that Apple Calendar and Outlook read. UIDs depend only on the agenda's ids, so a
re-published feed updates its events in subscribers' calendars instead of adding copies
(pretalx#925); with `previous`, only the events that changed get a higher SEQUENCE.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from agenda._model import Agenda
from agenda.exceptions import FeedError

if TYPE_CHECKING:
    from agenda.ical import Attendee, Method

__all__ = ["DEFAULT_REFRESH", "FeedError", "to_feed", "webcal_url"]

#: How often subscribers are asked to fetch the feed again.
DEFAULT_REFRESH = timedelta(hours=1)
_URL = re.compile(r"^(https?|webcal)://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def _source(url: str) -> str:
    """The feed's own address as SOURCE: http(s), with ``webcal://`` read as ``https://``."""
    text = url.strip()
    if not _URL.match(text) or any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise FeedError(f"--feed {url!r}: give the http(s) or webcal:// URL the feed is served from")
    if text.lower().startswith("webcal://"):
        text = "https://" + text[len("webcal://") :]
    return text


def webcal_url(url: str) -> str:
    """The ``webcal://`` link a web page offers for the feed at `url` (http or https)."""
    source = _source(url)
    return "webcal://" + source.split("://", 1)[1]


def to_feed(
    agenda: Agenda,
    url: str,
    *,
    stamp: datetime,
    refresh: timedelta = DEFAULT_REFRESH,
    method: Method = None,
    attendees: Sequence[Attendee] = (),
    **options: Any,
) -> bytes:
    """`agenda` as a subscription feed served at `url`: `agenda.ical.to_ical` without METHOD,
    with REFRESH-INTERVAL and X-PUBLISHED-TTL of `refresh`, SOURCE `url`, NAME and X-WR-CALNAME
    (``name=``, by default the event's title). `method` may only be ``None`` or ``"publish"``
    (both write no METHOD) and `attendees` are not written: a feed invites nobody. The other
    keyword arguments are `to_ical`'s (``split``, ``speaker``, ``alarms``, ``name``,
    ``previous``...)."""
    from agenda.ical import to_ical
    from agenda.ical._write import _duration, _fold, uri

    if method not in (None, "publish"):
        raise FeedError(f"a feed is no invitation: method {method!r} cannot be a feed (use publish)")
    if refresh <= timedelta(0) or refresh % timedelta(seconds=1):
        raise FeedError(f"the refresh interval must be a positive whole number of seconds, got {refresh}")
    source = _source(url)
    del attendees  # a feed carries no ATTENDEE (RFC 5546 3.2.1)
    data = to_ical(agenda, stamp=stamp, method=None, **options)
    interval = _duration(refresh)
    lines = (
        f"REFRESH-INTERVAL;VALUE=DURATION:{interval}",
        _fold(f"SOURCE;VALUE=URI:{uri(source)}"),
        f"X-PUBLISHED-TTL:{interval}",
    )
    # After the calendar's own properties, before its first component.
    head, separator, tail = data.partition(b"\r\nBEGIN:V")
    return head + b"\r\n" + "\r\n".join(lines).encode() + separator + tail
