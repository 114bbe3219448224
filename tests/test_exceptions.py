"""Every exception of the library is public in `agenda.exceptions`, under one root."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import agenda
import agenda.exceptions
from agenda.exceptions import AgendaError


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in tuple(found):
        found |= _subclasses(sub)
    return found


def test_every_error_of_the_package_lives_in_agenda_exceptions() -> None:
    """Each public AgendaError subclass, once every module is imported, is defined in agenda.exceptions."""
    for module in pkgutil.walk_packages(agenda.__path__, "agenda."):
        if not module.name.endswith(".__main__"):  # importing it runs the command line
            importlib.import_module(module.name)
    errors = {cls for cls in _subclasses(AgendaError) if cls.__module__.startswith("agenda")}
    elsewhere = sorted(f"{cls.__module__}.{cls.__name__}" for cls in errors if cls.__module__ != "agenda.exceptions")
    assert elsewhere == []
    assert {cls.__name__ for cls in errors} <= set(agenda.exceptions.__all__)


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("agenda.invite", "InviteError"),
        ("agenda.invite", "AttendeeListError"),
        ("agenda.ical", "ExportError"),
        ("agenda.checks", "UnknownRuleError"),
        ("agenda._formats.registry", "UnknownOutputError"),
        ("agenda", "InvalidValueError"),
        ("agenda.publish", "ScheduleError"),
        ("agenda.publish", "CalDAVError"),
        ("agenda.publish", "FeedError"),
    ],
)
def test_old_import_places_name_the_same_class(module: str, name: str) -> None:
    """The places an exception used to be imported from give the class of agenda.exceptions."""
    assert getattr(agenda.exceptions, name) is getattr(importlib.import_module(module), name)


def test_unknown_output_names_the_choices() -> None:
    """An unknown output format lists the registered ones."""
    from agenda._formats.registry import names, output

    with pytest.raises(agenda.exceptions.UnknownOutputError, match=f"use one of {', '.join(names('report'))}"):
        output("report", "no-such-format")
