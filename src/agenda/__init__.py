"""agenda: multi-part webinar and event agendas across time zones.

Build or load an agenda, place it in time, check it, export it to calendars.
"""

from agenda.exceptions import AgendaError, AmbiguousTimeError, LoadError, Problem, UnknownZoneError
from agenda.model import (
    Agenda,
    Audience,
    CheckSettings,
    Event,
    Interval,
    Item,
    ItemKind,
    Node,
    Organization,
    Organizer,
    Part,
    Platform,
    Recurrence,
    Speaker,
)
from agenda.timeline import Slot, Timeline, build_timeline
from agenda.times import DstPolicy, LocalHours, format_duration, get_zone, parse_duration

__all__ = [
    "Agenda",
    "AgendaError",
    "AmbiguousTimeError",
    "Audience",
    "CheckSettings",
    "DstPolicy",
    "Event",
    "Interval",
    "Item",
    "ItemKind",
    "LoadError",
    "LocalHours",
    "Node",
    "Organization",
    "Organizer",
    "Part",
    "Platform",
    "Problem",
    "Recurrence",
    "Slot",
    "Timeline",
    "UnknownZoneError",
    "Speaker",
    "build_timeline",
    "format_duration",
    "get_zone",
    "parse_duration",
]
