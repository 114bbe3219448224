"""agenda: multi-part webinar and event agendas across time zones.

Build or load an agenda, place it in time, check it, export it to calendars.
"""

from agenda.exceptions import AgendaError, AmbiguousTimeError, LoadError, Problem, UnknownZoneError
from agenda.formats.files import Document, dump, dumps, load, loads, read_document
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
    "Document",
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
    "Speaker",
    "Timeline",
    "UnknownZoneError",
    "build_timeline",
    "dump",
    "dumps",
    "format_duration",
    "get_zone",
    "load",
    "loads",
    "parse_duration",
    "read_document",
]
