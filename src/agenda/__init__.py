"""agenda: multi-part webinar and event agendas across time zones.

Build or load an agenda, place it in time, check it, export it to calendars.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from agenda._fit import FitError, FitResult, fit
from agenda._formats.files import Document, dump, dumps, load, loads, read_document
from agenda._model import (
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
from agenda._planner import Candidate, NearMiss, Plan, PlanError, Rotation, plan, shift
from agenda._timeline import Slot, Timeline, build_timeline
from agenda._times import DstPolicy, LocalHours, format_duration, get_zone, parse_duration
from agenda.checks import Finding, Report, Rule, Severity, all_rules, check, check_all
from agenda.exceptions import AgendaError, AmbiguousTimeError, LoadError, Problem, UnknownZoneError

try:
    __version__ = _version("agenda")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
    __version__ = "0+unknown"

__all__ = [
    "__version__",
    "Agenda",
    "AgendaError",
    "AmbiguousTimeError",
    "Audience",
    "Candidate",
    "CheckSettings",
    "Document",
    "DstPolicy",
    "Event",
    "Finding",
    "FitError",
    "FitResult",
    "Interval",
    "Item",
    "ItemKind",
    "LoadError",
    "LocalHours",
    "NearMiss",
    "Node",
    "Organization",
    "Organizer",
    "Part",
    "Plan",
    "PlanError",
    "Platform",
    "Problem",
    "Recurrence",
    "Report",
    "Rotation",
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
    "fit",
    "format_duration",
    "get_zone",
    "load",
    "loads",
    "parse_duration",
    "plan",
    "read_document",
    "shift",
]
