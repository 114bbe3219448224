"""The agenda model: immutable values, no I/O, no clock.

An `Agenda` is an `Event` with a programme: a tree of `Part` (parts and blocks, to any depth)
whose leaves are `Item` (talks, breaks, Q&A...). People are `Speaker` and `Organization`;
the people watching are `Audience` (a zone and the local hours in which they can attend).
"""

from __future__ import annotations

import enum
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any, TypeAlias
from zoneinfo import ZoneInfo

import attrs

from agenda._times import LocalHours
from agenda.exceptions import InvalidValueError

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
    """A lower-case ASCII id from a title: ``"Q&A: Part 2"`` -> ``"q-a-part-2"``.

    Letters that have no ASCII form (Cyrillic, Devanagari...) add a short digest of the title,
    so that ``"Приветствие"`` and ``"Доклад"`` get different, stable ids.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if any(char.isalnum() and not char.isascii() for char in decomposed):
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
        slug = f"{slug}-{digest}" if slug else digest
    return slug or "item"


#: The years an agenda may fall in: outside them, a date is a typo (and calendar maths overflows).
YEARS = range(1900, 2201)


def _zoned(instance: Any, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """Datetimes in the model carry an IANA zone: never naive, never a fixed offset."""
    if value is None:
        return
    if not isinstance(value, datetime):
        raise TypeError(f"'{attribute.name}' must be a datetime, not {value!r}")
    if not isinstance(value.tzinfo, ZoneInfo):
        raise InvalidValueError(
            f"'{attribute.name}' must carry a zoneinfo.ZoneInfo zone (an IANA key), got {value!r}",
            value=value,
            field=attribute.name,
        )
    if value.year not in YEARS:
        raise InvalidValueError(
            f"'{attribute.name}' must fall in the years {YEARS.start}-{YEARS.stop - 1}, got {value.year}",
            value=value,
            field=attribute.name,
        )


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


def _each(kind: type | tuple[type, ...]) -> Any:
    """Validate that every member of a tuple field is a `kind`."""
    return attrs.validators.deep_iterable(attrs.validators.instance_of(kind))


def _optional(kind: type) -> Any:
    return attrs.validators.optional(attrs.validators.instance_of(kind))


def _whole_number(instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"'{attribute.name}' must be a whole number, not {value!r}")


_SEVERITIES = frozenset({"error", "warning", "info"})


def _severities(instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    for code, severity in value.items():
        if severity not in _SEVERITIES:
            raise InvalidValueError(
                f"'{attribute.name}' must map rule codes to error, warning or info; {code!r} has {severity!r}",
                value=severity,
                field=attribute.name,
            )


def _read_only(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


# A plain address: one "@", no spaces, quotes, angle brackets or line breaks (a display name or
# a second address in the field would end up in mail headers and calendar properties).
_EMAIL = re.compile(
    r"^[^@\s<>()\[\],;:\"\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$"
)


def _email(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _EMAIL.match(value):
        raise InvalidValueError(
            f"'{attribute.name}' must be a plain e-mail address such as 'name@example.org', got {value!r}",
            value=value,
            field=attribute.name,
        )


_str = attrs.validators.instance_of(str)
_id = attrs.validators.and_(_str, attrs.validators.min_len(1))
_opt_str = attrs.validators.optional(_str)
_duration = attrs.validators.instance_of(timedelta)
_opt_duration = attrs.validators.optional(_duration)


def _each_node(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Node, ...]) -> None:
    _each((Item, Part))(instance, attribute, value)  # looked up when called: Part is not defined yet


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

    id: str = attrs.field(validator=_id)
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
            raise InvalidValueError(
                f"'end' must be after start: {value.isoformat()} is not after {self.start.isoformat()}",
                value=value,
                field="end",
            )

    def contains(self, start: datetime, end: datetime) -> bool:
        return self.start <= start and end <= self.end


@attrs.frozen(kw_only=True)
class Speaker:
    """A person on the programme; `availability` lists when they can speak (empty: any time)."""

    id: str = attrs.field(validator=_id)
    name: str = attrs.field(validator=_str)
    organization: str | None = attrs.field(default=None, validator=_opt_str)
    role: str | None = attrs.field(default=None, validator=_opt_str)
    country: str | None = attrs.field(default=None, validator=_opt_str)
    zone: ZoneInfo | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(ZoneInfo))
    )
    email: str | None = attrs.field(default=None, validator=_email)
    availability: tuple[Interval, ...] = attrs.field(default=(), converter=_intervals, validator=_each(Interval))


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
    id: str = attrs.field(default=attrs.Factory(_id_from_title, takes_self=True), validator=_id)
    kind: ItemKind = attrs.field(default=ItemKind.PRESENTATION, validator=attrs.validators.instance_of(ItemKind))
    speakers: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_each(str))
    start: datetime | None = attrs.field(default=None, validator=_zoned)
    description: str | None = attrs.field(default=None, validator=_opt_str)


@attrs.frozen(kw_only=True)
class Part:
    """A part or block of the programme: items and further blocks, in order.

    `allotted` is its time budget; `chair` the id of the speaker who chairs or moderates it.
    """

    title: str = attrs.field(validator=_str)
    items: tuple[Node, ...] = attrs.field(converter=_nodes, validator=_each_node)
    id: str = attrs.field(default=attrs.Factory(_id_from_title, takes_self=True), validator=_id)
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
    email: str = attrs.field(validator=[_str, _email])


def _rule_text(value: str) -> str:
    # ``RRULE:FREQ=...`` as copied from a calendar file means the same rule.
    if isinstance(value, str) and value[:6].upper() == "RRULE:":
        return value[6:]
    return value


@attrs.frozen(kw_only=True)
class Recurrence:
    """A series of events, as an RFC 5545 RRULE (``FREQ=WEEKLY;COUNT=4``); read by dateutil.

    One rule only: no DTSTART (the event's start is the series' start) and no line breaks. An
    UNTIL is in UTC (``UNTIL=20210310T080000Z``), as RFC 5545 requires with a zoned start.
    """

    rule: str = attrs.field(converter=_rule_text, validator=_str)

    @rule.validator
    def _parses(self, attribute: attrs.Attribute[Any], value: str) -> None:
        from dateutil.rrule import rrulestr

        one_rule = "FREQ=" in value.upper() and not any(char in value for char in "\r\n:")
        if not one_rule:
            raise InvalidValueError(
                f"'rule' must be one RRULE such as 'FREQ=WEEKLY;COUNT=4', got {value!r}", value=value, field="rule"
            )
        try:
            rrulestr(value, dtstart=datetime(2000, 1, 1, tzinfo=UTC))
        except (ValueError, TypeError) as error:
            detail = f" ({error})" if "UNTIL" in str(error) else ""
            raise InvalidValueError(
                f"'rule' must be an RFC 5545 RRULE such as 'FREQ=WEEKLY;COUNT=4', got {value!r}{detail}",
                value=value,
                field="rule",
            ) from None

    def occurrences(self, start: datetime, limit: int = 1000) -> tuple[datetime, ...]:
        """The starts of the series from `start`, wall times in its zone (at most `limit`)."""
        from dateutil.rrule import rrulestr

        if start.tzinfo is None:
            raise InvalidValueError(f"naive start {start.isoformat()}: give it a zone", value=start)
        rule = rrulestr(self.rule, dtstart=start)
        return tuple(itertools.islice(rule, limit))


@attrs.frozen(kw_only=True)
class Event:
    """The event itself: when and where it starts, who organises it, which revision this is."""

    id: str = attrs.field(validator=_id)
    title: str = attrs.field(validator=_str)
    start: datetime = attrs.field(validator=[attrs.validators.instance_of(datetime), _zoned])
    end: datetime | None = attrs.field(default=None, validator=_zoned)
    description: str | None = attrs.field(default=None, validator=_opt_str)
    language: str | None = attrs.field(default=None, validator=_opt_str)
    platform: Platform | None = attrs.field(default=None, validator=_optional(Platform))
    organizer: Organizer | None = attrs.field(default=None, validator=_optional(Organizer))
    # SEQUENCE in iCalendar is a 32-bit integer.
    revision: int = attrs.field(
        default=0,
        validator=[_whole_number, attrs.validators.ge(0), attrs.validators.le(2**31 - 1)],
    )
    recurrence: Recurrence | None = attrs.field(default=None, validator=_optional(Recurrence))
    url: str | None = attrs.field(default=None, validator=_opt_str)
    color: str | None = attrs.field(default=None, validator=_opt_str)
    #: How this version is sent as calendar events: one for the whole event, one per part or one
    #: per item (None: the whole event). Part of the state invitations compare between versions.
    split: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.in_(("event", "parts", "items")))
    )

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

    select: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_each(str))
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_each(str))
    # Read-only, and left out of the hash (a mapping has none); equality still compares it.
    severity: Mapping[str, str] = attrs.field(factory=dict, converter=_read_only, validator=_severities, hash=False)
    working_hours: LocalHours = attrs.field(
        default=LocalHours.parse("09:00-18:00"), validator=attrs.validators.instance_of(LocalHours)
    )
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

    event: Event = attrs.field(validator=attrs.validators.instance_of(Event))
    parts: tuple[Node, ...] = attrs.field(converter=_nodes, validator=_each((Item, Part)))
    speakers: tuple[Speaker, ...] = attrs.field(default=(), converter=_speakers, validator=_each(Speaker))
    organizations: tuple[Organization, ...] = attrs.field(
        default=(), converter=_organizations, validator=_each(Organization)
    )
    audiences: tuple[Audience, ...] = attrs.field(default=(), converter=_audiences, validator=_each(Audience))
    check: CheckSettings = attrs.field(factory=CheckSettings, validator=attrs.validators.instance_of(CheckSettings))

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
