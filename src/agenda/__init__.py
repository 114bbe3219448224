"""agenda: multi-part webinar and event agendas across time zones.

Build or load an agenda, place it in time, check it, export it to calendars.
"""

from agenda.checks import Finding, Report, Rule, Severity, all_rules, check, check_all
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
    "Finding",
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
    "Report",
    "Rule",
    "Severity",
    "Slot",
    "Speaker",
    "Timeline",
    "UnknownZoneError",
    "all_rules",
    "build_timeline",
    "check",
    "check_all",
    "dump",
    "dumps",
    "format_duration",
    "get_zone",
    "load",
    "loads",
    "parse_duration",
    "read_document",
]
