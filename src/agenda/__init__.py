"""agenda: multi-part webinar and event agendas across time zones.

Build or load an agenda, place it in time, check it, export it to calendars.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agenda._fit import FitResult, fit
    from agenda._formats.files import Document, dump, dumps, load, loads, read_document
    from agenda._formats.outputs import page_calendars, render_html, render_programme, render_timeline_svg
    from agenda._model import (
        Agenda,
        Audience,
        CheckSettings,
        Event,
        Interval,
        Item,
        ItemKind,
        Localized,
        Node,
        Organization,
        Organizer,
        Part,
        Platform,
        Recurrence,
        Speaker,
    )
    from agenda._planner import Breach, Candidate, LocalSpan, NearMiss, Plan, Reason, Rotation, plan, shift
    from agenda._timeline import OutsideHours, Slot, TableRow, Timeline, build_timeline
    from agenda._times import DstPolicy, LocalHours, format_duration, get_zone, parse_duration
    from agenda.checks import Finding, Report, Rule, Severity, all_rules, check, check_all
    from agenda.exceptions import (
        AgendaError,
        AmbiguousTimeError,
        FitError,
        InvalidValueError,
        LoadError,
        OutputError,
        PlanError,
        Problem,
        UnknownNodeError,
        UnknownZoneError,
    )

#: Where each public name lives. `import agenda` imports none of them: a name's module is
#: imported on first use (PEP 562), so the command line and `agenda check` pay only for what they run.
_LOCATIONS = {
    "FitError": "agenda.exceptions",
    "FitResult": "agenda._fit",
    "fit": "agenda._fit",
    "Document": "agenda._formats.files",
    "dump": "agenda._formats.files",
    "dumps": "agenda._formats.files",
    "load": "agenda._formats.files",
    "loads": "agenda._formats.files",
    "read_document": "agenda._formats.files",
    "page_calendars": "agenda._formats.outputs",
    "render_html": "agenda._formats.outputs",
    "render_programme": "agenda._formats.outputs",
    "render_timeline_svg": "agenda._formats.outputs",
    "Agenda": "agenda._model",
    "Audience": "agenda._model",
    "CheckSettings": "agenda._model",
    "Event": "agenda._model",
    "Interval": "agenda._model",
    "Item": "agenda._model",
    "ItemKind": "agenda._model",
    "Localized": "agenda._model",
    "Node": "agenda._model",
    "Organization": "agenda._model",
    "Organizer": "agenda._model",
    "Part": "agenda._model",
    "Platform": "agenda._model",
    "Recurrence": "agenda._model",
    "Speaker": "agenda._model",
    "Breach": "agenda._planner",
    "Candidate": "agenda._planner",
    "LocalSpan": "agenda._planner",
    "NearMiss": "agenda._planner",
    "Plan": "agenda._planner",
    "PlanError": "agenda.exceptions",
    "Reason": "agenda._planner",
    "Rotation": "agenda._planner",
    "plan": "agenda._planner",
    "shift": "agenda._planner",
    "OutsideHours": "agenda._timeline",
    "Slot": "agenda._timeline",
    "TableRow": "agenda._timeline",
    "Timeline": "agenda._timeline",
    "build_timeline": "agenda._timeline",
    "DstPolicy": "agenda._times",
    "LocalHours": "agenda._times",
    "format_duration": "agenda._times",
    "get_zone": "agenda._times",
    "parse_duration": "agenda._times",
    "Finding": "agenda.checks",
    "Report": "agenda.checks",
    "Rule": "agenda.checks",
    "Severity": "agenda.checks",
    "all_rules": "agenda.checks",
    "check": "agenda.checks",
    "check_all": "agenda.checks",
    "AgendaError": "agenda.exceptions",
    "AmbiguousTimeError": "agenda.exceptions",
    "InvalidValueError": "agenda.exceptions",
    "LoadError": "agenda.exceptions",
    "OutputError": "agenda.exceptions",
    "Problem": "agenda.exceptions",
    "UnknownNodeError": "agenda.exceptions",
    "UnknownZoneError": "agenda.exceptions",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: object = version("agenda")
        except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
            value = "0+unknown"
    elif name in _LOCATIONS:
        import importlib

        value = getattr(importlib.import_module(_LOCATIONS[name]), name)
    else:
        raise AttributeError(f"module 'agenda' has no attribute {name!r}")
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "__version__",
    "Agenda",
    "AgendaError",
    "AmbiguousTimeError",
    "Audience",
    "Breach",
    "Candidate",
    "CheckSettings",
    "Document",
    "DstPolicy",
    "Event",
    "Finding",
    "FitError",
    "FitResult",
    "Interval",
    "InvalidValueError",
    "Item",
    "ItemKind",
    "LoadError",
    "LocalHours",
    "LocalSpan",
    "Localized",
    "NearMiss",
    "Node",
    "Organization",
    "Organizer",
    "OutputError",
    "OutsideHours",
    "Part",
    "Plan",
    "PlanError",
    "Platform",
    "Problem",
    "Reason",
    "Recurrence",
    "Report",
    "Rotation",
    "Rule",
    "Severity",
    "Slot",
    "Speaker",
    "TableRow",
    "Timeline",
    "UnknownNodeError",
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
    "page_calendars",
    "parse_duration",
    "plan",
    "read_document",
    "render_html",
    "render_programme",
    "render_timeline_svg",
    "shift",
]
