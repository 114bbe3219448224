"""The exceptions of `agenda`: one root, subclasses that also inherit the natural built-in.

Every error the library raises on purpose is an `AgendaError`, so ``except AgendaError`` catches
bad input of every kind (a model value, a file, a rule selector, an export, an invitation)::

    import agenda
    from agenda.exceptions import AgendaError, InvalidValueError

    try:
        agenda.Item(title="Welcome", duration="20 minutes")
    except InvalidValueError as error:
        assert error.field == "duration"
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from agenda._text import escaped

__all__ = [
    "AgendaError",
    "AmbiguousTimeError",
    "AttendeeListError",
    "CalDAVError",
    "ConfigError",
    "EditError",
    "ExportError",
    "FeedError",
    "FitError",
    "InvalidValueError",
    "InviteError",
    "LoadError",
    "OutputError",
    "PageError",
    "PlanError",
    "Problem",
    "ScheduleError",
    "UnknownNodeError",
    "UnknownOutputError",
    "UnknownRuleError",
    "UnknownZoneError",
]


class AgendaError(Exception):
    """The root of every error this library raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with an input: where it is (path, file, line) and why. A key or a value
    quoted from the file in `path` or `message` is kept printable: each control character,
    line break or surrogate is written as a Python escape (``\\x1b``), for every report."""

    path: str = attrs.field(converter=escaped)
    message: str = attrs.field(converter=escaped)
    line: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        location = f" {self.path}" if self.path else ""
        return f"{where}:{location}: {self.message}" if location else f"{where}: {self.message}"


class LoadError(AgendaError, ValueError):
    """An agenda file, or text, that cannot become an agenda; carries every problem found."""

    #: What was being read, for the message.
    subject = "agenda"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {self.subject}"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class UnknownZoneError(AgendaError, LookupError):
    """A time zone that is not an IANA key of the tz database."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        shown = name if len(name) <= 60 else name[:57] + "..."
        super().__init__(f"unknown time zone {shown!r}: {reason}")

    def __str__(self) -> str:  # LookupError would show the repr of the message
        return str(self.args[0])


class UnknownNodeError(AgendaError, KeyError):
    """No part or item has this key or path; `keys` lists the keys of the nodes that share the id
    when it is used more than once (then one of those keys names the node)."""

    def __init__(self, key: str, keys: tuple[str, ...] = ()) -> None:
        self.key = key
        self.keys = keys
        if keys:
            message = f"{len(keys)} nodes have the id {key!r}; name one by its key: {', '.join(map(repr, keys))}"
        else:
            message = f"no part or item has the key or path {key!r}"
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would show the repr of the message
        return str(self.args[0])


class InvalidValueError(AgendaError, ValueError):
    """A value that cannot be what it stands for: a duration, hours, a time, a model field.
    `field` names the field when there is one."""

    def __init__(self, message: str, *, value: object = None, field: str | None = None) -> None:
        self.value = value
        self.field = field
        super().__init__(message)


class AmbiguousTimeError(AgendaError, ValueError):
    """A local time that does not exist or happens twice, under the `raise` DST policy."""

    def __init__(self, wall: str, zone: str, kind: str) -> None:
        self.wall = wall
        self.zone = zone
        self.kind = kind
        super().__init__(f"{wall} is {kind} in {zone}")


class UnknownRuleError(AgendaError, LookupError):
    """A selector that names no rule of `agenda check`."""

    def __init__(self, selector: str) -> None:
        self.selector = selector
        super().__init__(
            f"unknown rule {selector!r}: use a code such as AG401, a prefix such as AG4, "
            "a rule name or ALL (`agenda rules` lists them)"
        )


class UnknownOutputError(AgendaError, ValueError):
    """An output format that is not registered for this kind; `choices` are the ones that are."""

    def __init__(self, kind: str, name: str, choices: Sequence[str] = ()) -> None:
        self.kind = kind
        self.name = name
        self.choices = tuple(choices)
        super().__init__(f"unknown {kind} format {name!r}: use one of {', '.join(self.choices) or 'none'}")


class ExportError(AgendaError, ValueError):
    """An agenda that cannot become the calendar asked for (no events, no organizer...)."""

    def __init__(self, reason: str, *, subject: str | None = None) -> None:
        self.reason = reason
        self.subject = subject
        super().__init__(f"{subject}: {reason}" if subject else reason)


class InviteError(AgendaError, ValueError):
    """An agenda or a setting that cannot produce or send invitations."""


class PageError(AgendaError, ValueError):
    """An option of the web page that cannot be used (a feed URL that is not http or https)."""


class AttendeeListError(LoadError):
    """An attendee list with bad rows; carries every problem, each with its file and line."""

    subject = "attendee list"


class ConfigError(AgendaError, ValueError):
    """A ``[tool.agenda]`` table (in pyproject.toml) that cannot be used."""


class OutputError(AgendaError, ValueError):
    """An output path that writing must not replace: a FIFO, a device, a socket."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class ScheduleError(AgendaError, ValueError):
    """An agenda that cannot be written as the c3voc/frab schedule asked for; says where and why."""

    def __init__(self, reason: str, *, path: str | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


class FeedError(AgendaError, ValueError):
    """A feed that cannot be written as asked: a URL that is not one, a refresh that is no duration."""


class CalDAVError(AgendaError, OSError):
    """The CalDAV server could not be reached, refused a request, or answered what is not CalDAV."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(message)

    def __str__(self) -> str:  # OSError would show its arguments
        return str(self.args[0])


class PlanError(AgendaError, ValueError):
    """A planning request that cannot be answered: an empty window, a bad step, an unknown limit."""


class FitError(AgendaError, ValueError):
    """A fit request that cannot be answered as asked: no window, a minimum below a minute."""


class EditError(AgendaError, ValueError):
    """A change that cannot be written into an agenda file as it is."""
