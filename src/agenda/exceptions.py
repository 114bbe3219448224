"""The exceptions of `agenda`: one root, subclasses that also inherit the natural built-in."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "AgendaError",
    "AmbiguousTimeError",
    "InvalidValueError",
    "LoadError",
    "Problem",
    "UnknownNodeError",
    "UnknownZoneError",
]


class AgendaError(Exception):
    """The root of every error this library raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with an input: where it is (path, file, line) and why."""

    path: str
    message: str
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
