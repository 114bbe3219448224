"""Publishing an agenda where others read it: the c3voc/frab schedule for conference apps.

`to_schedule` renders ``schedule.xml`` or its JSON forms; the renderers themselves are registered
in `agenda._formats.registry` under the kind ``schedule``.
"""

from __future__ import annotations

from typing import Literal

from agenda._formats.schedule import ScheduleError
from agenda._model import Agenda

__all__ = ["ScheduleError", "ScheduleFormat", "to_schedule"]

ScheduleFormat = Literal["xml", "json", "json2"]


def to_schedule(agenda: Agenda, format: ScheduleFormat = "xml") -> str:
    """`agenda` as the c3voc/frab schedule: ``"xml"`` (schedule.xml), ``"json"`` (v1) or ``"json2"``
    (schedule2). Raises `ScheduleError` when the agenda cannot be one."""
    from agenda._formats.registry import output

    text: str = output("schedule", format).renderer()(agenda)
    return text
