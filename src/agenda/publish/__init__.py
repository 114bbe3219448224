"""Publishing an agenda where others read it: conference apps, shared calendars, subscriptions.

- `to_schedule` renders the c3voc/frab ``schedule.xml`` or its JSON forms (the renderers are
  registered in `agenda._formats.registry` under the kind ``schedule``);
- `publish_caldav` makes a CalDAV calendar hold the agenda's events (needs the ``caldav`` extra);
- `to_feed` writes the subscription feed a ``webcal://`` link (`webcal_url`) points at.
"""

from __future__ import annotations

from typing import Literal

from agenda._formats.schedule import ScheduleError
from agenda._model import Agenda
from agenda.publish._caldav import (
    CalDAVClient,
    CalDAVError,
    Change,
    PublishResult,
    RemoteEvent,
    credentials_for,
    plan_publish,
    publish_caldav,
)
from agenda.publish._feed import DEFAULT_REFRESH, FeedError, to_feed, webcal_url

__all__ = [
    "DEFAULT_REFRESH",
    "CalDAVClient",
    "CalDAVError",
    "Change",
    "FeedError",
    "PublishResult",
    "RemoteEvent",
    "ScheduleError",
    "ScheduleFormat",
    "credentials_for",
    "plan_publish",
    "publish_caldav",
    "to_feed",
    "to_schedule",
    "webcal_url",
]

ScheduleFormat = Literal["xml", "json", "json2"]


def to_schedule(agenda: Agenda, format: ScheduleFormat = "xml") -> str:
    """`agenda` as the c3voc/frab schedule: ``"xml"`` (schedule.xml), ``"json"`` (v1) or ``"json2"``
    (schedule2). Raises `ScheduleError` when the agenda cannot be one."""
    from agenda._formats.registry import output

    text: str = output("schedule", format).renderer()(agenda)
    return text
