"""The agenda model: immutable values, no I/O, no clock.

An `Agenda` is an `Event` with a programme: a tree of `Part` (parts and blocks, to any depth)
whose leaves are `Item` (talks, breaks, Q&A...). People are `Speaker` and `Organization`;
the people watching are `Audience` (a zone and the local hours in which they can attend).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any, TypeAlias, TypeVar
from zoneinfo import ZoneInfo

import attrs

from agenda.times import LocalHours

__all__ = [
    "Agenda",
    "Audience",
    "CheckSettings",
    "Event",
    "Interval",
    "Item",
    "ItemKind",
    "Node",
    "Organization",
    "Organizer",
    "Part",
    "Platform",
    "Recurrence",
    "Speaker",
    "slugify",
]


def slugify(text: str) -> str:
    """A lower-case ASCII id from a title: ``"Q&A: Part 2"`` -> ``"q-a-part-2"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "item"


def _zoned(instance: Any, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """Datetimes in the model carry an IANA zone: never naive, never a fixed offset."""
    if value is None:
        return
    if not isinstance(value, datetime):
        raise TypeError(f"{attribute.name} must be a datetime, not {value!r}")
    if not isinstance(value.tzinfo, ZoneInfo):
        raise ValueError(f"{attribute.name} must carry a zoneinfo.ZoneInfo zone (an IANA key), got {value!r}")


_T = TypeVar("_T")


def _as_tuple(values: Iterable[_T]) -> tuple[_T, ...]:
    return tuple(values)


def _id_from_title(instance: Any) -> str:
    return slugify(instance.title)


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    # A lone string would otherwise become a tuple of its characters.
    if isinstance(values, str):
        return (values,)
    return tuple(values)


# Converters with concrete types, so that mypy checks what callers pass (a bare `tuple` does not).
def _nodes(values: Iterable[Node]) -> tuple[Node, ...]:
    return tuple(values)


def _intervals(values: Iterable[Interval]) -> tuple[Interval, ...]:
    return tuple(values)


def _speakers(values: Iterable[Speaker]) -> tuple[Speaker, ...]:
    return tuple(values)


def _organizations(values: Iterable[Organization]) -> tuple[Organization, ...]:
    return tuple(values)


def _audiences(values: Iterable[Audience]) -> tuple[Audience, ...]:
    return tuple(values)


_str = attrs.validators.instance_of(str)
_opt_str = attrs.validators.optional(_str)
_duration = attrs.validators.instance_of(timedelta)
_opt_duration = attrs.validators.optional(_duration)


class ItemKind(enum.Enum):
    """What an item in the programme is."""

    OPENING = "opening"
    WELCOME = "welcome"
    KEYNOTE = "keynote"
    PRESENTATION = "presentation"
    PANEL = "panel"
    QA = "qa"
    BREAK = "break"
    CLOSING = "closing"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Organization:
    """An organisation speakers belong to."""

    id: str = attrs.field(validator=_str)
    name: str = attrs.field(validator=_str)
    country: str | None = attrs.field(default=None, validator=_opt_str)
    url: str | None = attrs.field(default=None, validator=_opt_str)


@attrs.frozen(kw_only=True)
class Interval:
    """A span between two zoned instants, end after start."""

    start: datetime = attrs.field(validator=_zoned)
    end: datetime = attrs.field(validator=_zoned)

    @end.validator
    def _end_after_start(self, attribute: attrs.Attribute[Any], value: datetime) -> None:
        if value <= self.start:
            raise ValueError(f"end {value.isoformat()} is not after start {self.start.isoformat()}")

    def contains(self, start: datetime, end: datetime) -> bool:
        return self.start <= start and end <= self.end


@attrs.frozen(kw_only=True)
class Speaker:
    """A person on the programme; `availability` lists when they can speak (empty: any time)."""

    id: str = attrs.field(validator=_str)
    name: str = attrs.field(validator=_str)
    organization: str | None = attrs.field(default=None, validator=_opt_str)
    role: str | None = attrs.field(default=None, validator=_opt_str)
    country: str | None = attrs.field(default=None, validator=_opt_str)
    zone: ZoneInfo | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(ZoneInfo))
    )
    email: str | None = attrs.field(default=None, validator=_opt_str)
    availability: tuple[Interval, ...] = attrs.field(default=(), converter=_intervals)


@attrs.frozen(kw_only=True)
class Audience:
    """People attending from one region: their zone and the local hours they can attend."""

    name: str = attrs.field(validator=_str)
    zone: ZoneInfo = attrs.field(validator=attrs.validators.instance_of(ZoneInfo))
    country: str | None = attrs.field(default=None, validator=_opt_str)
    hours: LocalHours | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(LocalHours))
    )


@attrs.frozen(kw_only=True)
class Item:
    """A leaf of the programme: a talk, a break, a Q&A. `start` pins it to a fixed time."""

    title: str = attrs.field(validator=_str)
    duration: timedelta = attrs.field(validator=_duration)
    id: str = attrs.field(default=attrs.Factory(_id_from_title, takes_self=True), validator=_str)
    kind: ItemKind = attrs.field(default=ItemKind.PRESENTATION, validator=attrs.validators.instance_of(ItemKind))
    speakers: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    start: datetime | None = attrs.field(default=None, validator=_zoned)
    description: str | None = attrs.field(default=None, validator=_opt_str)


@attrs.frozen(kw_only=True)
class Part:
    """A part or block of the programme: items and further blocks, in order.

    `allotted` is its time budget; `chair` the id of the speaker who chairs or moderates it.
    """

    title: str = attrs.field(validator=_str)
    items: tuple[Node, ...] = attrs.field(converter=_nodes)
    id: str = attrs.field(default=attrs.Factory(_id_from_title, takes_self=True), validator=_str)
    allotted: timedelta | None = attrs.field(default=None, validator=_opt_duration)
    chair: str | None = attrs.field(default=None, validator=_opt_str)
    start: datetime | None = attrs.field(default=None, validator=_zoned)
    description: str | None = attrs.field(default=None, validator=_opt_str)


Node: TypeAlias = Item | Part


@attrs.frozen(kw_only=True)
class Platform:
    """Where the event happens online, e.g. Cisco Webex and its join link."""

    name: str = attrs.field(validator=_str)
    url: str | None = attrs.field(default=None, validator=_opt_str)


@attrs.frozen(kw_only=True)
class Organizer:
    """Who sends the invitations."""

    name: str = attrs.field(validator=_str)
    email: str = attrs.field(validator=_str)


@attrs.frozen(kw_only=True)
class Recurrence:
    """A series of events, as an RFC 5545 RRULE (``FREQ=WEEKLY;COUNT=4``); read by dateutil."""

    rule: str = attrs.field(validator=_str)

    @rule.validator
    def _parses(self, attribute: attrs.Attribute[Any], value: str) -> None:
        from dateutil.rrule import rrulestr

        try:
            rrulestr(value, dtstart=datetime(2000, 1, 1))
        except (ValueError, TypeError) as error:
            raise ValueError(f"invalid RRULE {value!r}: {error}") from None

    def occurrences(self, start: datetime, limit: int = 1000) -> tuple[datetime, ...]:
        """The starts of the series from `start` in its own zone (at most `limit`)."""
        from dateutil.rrule import rrulestr

        naive = start.replace(tzinfo=None)
        rule = rrulestr(self.rule, dtstart=naive)
        found: list[datetime] = []
        for when in rule:
            if len(found) >= limit:
                break
            found.append(when.replace(tzinfo=start.tzinfo))
        return tuple(found)


@attrs.frozen(kw_only=True)
class Event:
    """The event itself: when and where it starts, who organises it, which revision this is."""

    id: str = attrs.field(validator=_str)
    title: str = attrs.field(validator=_str)
    start: datetime = attrs.field(validator=[attrs.validators.instance_of(datetime), _zoned])
    end: datetime | None = attrs.field(default=None, validator=_zoned)
    description: str | None = attrs.field(default=None, validator=_opt_str)
    language: str | None = attrs.field(default=None, validator=_opt_str)
    platform: Platform | None = attrs.field(default=None)
    organizer: Organizer | None = attrs.field(default=None)
    # SEQUENCE in iCalendar is a 32-bit integer.
    revision: int = attrs.field(
        default=0,
        validator=[attrs.validators.instance_of(int), attrs.validators.ge(0), attrs.validators.le(2**31 - 1)],
    )
    recurrence: Recurrence | None = attrs.field(default=None)
    url: str | None = attrs.field(default=None, validator=_opt_str)
    color: str | None = attrs.field(default=None, validator=_opt_str)

    @property
    def zone(self) -> ZoneInfo:
        """The event's own zone: local times in the agenda are in it unless they say otherwise."""
        zone = self.start.tzinfo
        if not isinstance(zone, ZoneInfo):  # pragma: no cover - the validator guarantees it
            raise TypeError(f"event start {self.start!r} has no ZoneInfo zone")
        return zone


@attrs.frozen(kw_only=True)
class CheckSettings:
    """How `agenda check` runs on this agenda (the command line overrides these).

    `select`/`ignore` take rule codes, code prefixes, rule names or ``ALL``; `severity` maps a
    code to ``error``, ``warning`` or ``info``. `working_hours` are the speakers' local hours,
    `audience_hours` the default for audiences that give none. `max_stretch` is the longest run
    of items without a break; a gap of at least `min_break` counts as one. Gaps up to `min_gap`
    are not reported. `strict` turns warnings into errors.
    """

    select: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    severity: Mapping[str, str] = attrs.field(factory=dict)
    working_hours: LocalHours = attrs.field(default=LocalHours.parse("09:00-18:00"))
    audience_hours: LocalHours | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(LocalHours))
    )
    max_stretch: timedelta = attrs.field(default=timedelta(minutes=120), validator=_duration)
    min_break: timedelta = attrs.field(default=timedelta(minutes=10), validator=_duration)
    min_gap: timedelta = attrs.field(default=timedelta(0), validator=_duration)
    holidays: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    strict: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))


@attrs.frozen(kw_only=True)
class Agenda:
    """An event and its programme, the people on it and the audiences watching it."""

    event: Event
    parts: tuple[Node, ...] = attrs.field(converter=_nodes)
    speakers: tuple[Speaker, ...] = attrs.field(default=(), converter=_speakers)
    organizations: tuple[Organization, ...] = attrs.field(default=(), converter=_organizations)
    audiences: tuple[Audience, ...] = attrs.field(default=(), converter=_audiences)
    check: CheckSettings = attrs.field(factory=CheckSettings)

    def walk(self) -> Iterator[tuple[str, Node]]:
        """Every node of the programme, depth first, with its path (``parts[1].items[0]``)."""
        stack: list[tuple[str, Node]] = [(f"parts[{i}]", n) for i, n in enumerate(self.parts)][::-1]
        while stack:
            path, node = stack.pop()
            yield path, node
            if isinstance(node, Part):
                children = [(f"{path}.items[{i}]", child) for i, child in enumerate(node.items)]
                stack.extend(reversed(children))

    def items(self) -> Iterator[tuple[str, Item]]:
        """The leaves of the programme, in order, with their paths."""
        return ((path, node) for path, node in self.walk() if isinstance(node, Item))

    def speaker(self, speaker_id: str) -> Speaker | None:
        """The declared speaker with this id, if any."""
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def organization(self, organization_id: str) -> Organization | None:
        """The declared organisation with this id, if any."""
        return next((o for o in self.organizations if o.id == organization_id), None)
