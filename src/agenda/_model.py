"""The agenda model: immutable values, no I/O, no clock.

An `Agenda` is an `Event` with a programme: a tree of `Part` (parts and blocks, to any depth)
whose leaves are `Item` (talks, breaks, Q&A...). People are `Speaker` and `Organization`;
the people watching are `Audience` (a zone and the local hours in which they can attend).

The model is the one source of the file format. A new field is one line here, e.g.::

    hours: LocalHours | None = attrs.field(
        default=None, converter=_hours_or_none, validator=_opt_local_hours,
        metadata=about("Their local hours.", example="09:00-21:00"),
    )

The loader reads it, `agenda diff` compares it (``about(..., diff=None)`` leaves it out),
`agenda.testing` draws it, and ``python -m agenda._formats.schema --write`` adds it to the
schema and to the key tables of docs/format.md. Converters take what a file takes (text for
durations, zones, kinds, hours and times); validators raise `InvalidValueError` naming the field.
"""

from __future__ import annotations

import enum
import functools
import inspect
import itertools
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Annotated, Any, NamedTuple, TypeAlias, TypeVar
from zoneinfo import ZoneInfo

import attrs

from agenda._languages import Localized, canonical_tag, language_problem, languages_of
from agenda._text import MAX_NAME, MAX_URL, SHORT_TEXT, mailbox_problem, text_problem
from agenda._times import LocalHours, format_duration, get_zone, parse_duration, parse_when
from agenda.exceptions import AgendaError, InvalidValueError, UnknownNodeError

__all__ = [
    "Agenda",
    "Audience",
    "EVENT_ZONE",
    "SEVERITIES",
    "CheckSettings",
    "Event",
    "FieldDoc",
    "Interval",
    "Item",
    "ItemKind",
    "LOCALIZABLE",
    "Localized",
    "Node",
    "Organization",
    "Organizer",
    "Part",
    "Platform",
    "Recurrence",
    "Speaker",
    "Text",
    "about",
    "diff_fields",
    "field_doc",
    "field_types",
    "slugify",
    "text_fields",
]


def slugify(text: str) -> str:
    """A lower-case ASCII id from a title: ``"Q&A: Part 2"`` -> ``"q-a-part-2"``.

    Letters that have no ASCII form (Cyrillic, Devanagari...) add a short digest of the title,
    so that ``"Приветствие"`` and ``"Доклад"`` get different, stable ids.
    """
    if text.isascii():
        decomposed = text  # its own NFKD form
    else:
        import unicodedata

        decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if any(char.isalnum() and not char.isascii() for char in decomposed):
        import hashlib  # only titles in other scripts need it

        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
        slug = f"{slug}-{digest}" if slug else digest
    return slug or "item"


#: The years an agenda may fall in: outside them, a date is a typo (and calendar maths overflows).
YEARS = range(1900, 2201)

#: The severities a rule can be given in ``[check] severity``, most severe first.
SEVERITIES = ("error", "warning", "info")


# ---------------------------------------------------------------------------------------------
# What each field means in a file: the one source of the JSON Schema, the key tables of the
# format docs and the fields `agenda diff` compares (see `agenda._formats.schema`).

_DOC = "agenda"


class FieldDoc(NamedTuple):
    """What a field means in an agenda file, read from the field's metadata (a named tuple: made
    once per field, where an attrs class would cost start-up more than all of them).

    `example` is written as in a file (``"20m"``); `unit` names what a number counts; `diff` is the
    name `agenda diff` reports the field under ("" for the field's own name, None when the field
    is not compared: an id, a title, the people); `choices` are the only values a text may take.
    """

    description: str
    example: object = None
    unit: str | None = None
    diff: str | None = ""
    choices: tuple[str, ...] = ()


def about(
    description: str,
    *,
    example: object = None,
    unit: str | None = None,
    diff: str | None = "",
    choices: tuple[str, ...] = (),
) -> dict[str, FieldDoc]:
    """Field metadata for the model: ``attrs.field(..., metadata=about("Its length", example="20m"))``."""
    return {_DOC: FieldDoc(description, example=example, unit=unit, diff=diff, choices=choices)}


def field_doc(attribute: attrs.Attribute[Any]) -> FieldDoc:
    """A field's documentation; a field without any reads as its name, and is compared by diff."""
    found = attribute.metadata.get(_DOC)
    if isinstance(found, FieldDoc):
        return found
    return FieldDoc(description=f"The {attribute.name.replace('_', ' ')}.")


def diff_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """(field name, label) of every field of `cls` that `agenda diff` compares, in field order."""
    found = []
    for attribute in attrs.fields(cls):
        label = field_doc(attribute).diff
        if attribute.init and label is not None:
            found.append((attribute.name, label or attribute.name.replace("_", " ")))
    return tuple(found)


class _Localizable:
    """Marks a text field that may be given in several languages (see `Text`)."""

    def __repr__(self) -> str:
        return "LOCALIZABLE"


LOCALIZABLE = _Localizable()
#: A text that may be given as a table by language (``{en = "…", ru = "…"}``); it is then a
#: `Localized`, which is a `str`. Outputs find these fields by this mark.
Text: TypeAlias = Annotated[str, LOCALIZABLE]


# ---------------------------------------------------------------------------------------------
# Converters: the Python API takes what a file takes ("20m", "Asia/Kolkata", "opening",
# "09:00-21:00", "2021-02-10T11:00 Europe/Moscow"), read by the loader's own functions. Text
# that cannot be read becomes a `_Refused`, which the field's validator reports under the
# field's name (a converter does not know which field it converts).


class _Refused:
    """Input a converter could not read, and why."""

    __slots__ = ("reason", "value")

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        self.reason = reason


def _refused(value: object, error: Exception) -> Any:
    return _Refused(value, str(error))


_T = TypeVar("_T")


def _read(value: str | _T, parse: Callable[[str], _T]) -> _T:
    """`value` as it is, or text read by `parse` (a `_Refused` when it cannot be read)."""
    if isinstance(value, str):
        try:
            return parse(value)
        except AgendaError as error:
            return _refused(value, error)  # type: ignore[no-any-return]
    return value


def _zone(value: str | ZoneInfo) -> ZoneInfo:
    return _read(value, get_zone)


def _length(value: str | timedelta) -> timedelta:
    return _read(value, parse_duration)


def _when(value: str | datetime) -> datetime:
    return _read(value, parse_when)


def _hours(value: str | LocalHours) -> LocalHours:
    return _read(value, LocalHours.parse)


# Named functions, not attrs.converters.optional(...): the attrs mypy plugin reads the accepted
# input types from a converter's signature.
def _zone_or_none(value: str | ZoneInfo | None) -> ZoneInfo | None:
    return None if value is None else _zone(value)


def _length_or_none(value: str | timedelta | None) -> timedelta | None:
    return None if value is None else _length(value)


def _when_or_none(value: str | datetime | None) -> datetime | None:
    return None if value is None else _when(value)


def _hours_or_none(value: str | LocalHours | None) -> LocalHours | None:
    return None if value is None else _hours(value)


def _texts(value: str | Mapping[str, str]) -> str:
    """A text, or a table of texts by language (a `Localized`)."""
    if isinstance(value, str) or not isinstance(value, Mapping):
        return value  # the validator names what is wrong
    texts: dict[str, str] = {}
    for language, text in value.items():
        problem = language_problem(language)
        if problem is not None:
            return _refused(value, ValueError(problem))  # type: ignore[no-any-return]
        tag = canonical_tag(language)
        if tag in texts:
            return _refused(value, ValueError(f"the language {tag!r} is given twice"))  # type: ignore[no-any-return]
        if not isinstance(text, str):
            return _refused(value, ValueError(f"the {tag!r} text must be text, got {text!r}"))
        texts[tag] = text
    if not texts:
        return _refused(value, ValueError('a table of texts by language needs at least one, e.g. {en = "..."}'))  # type: ignore[no-any-return]
    return Localized(texts)


def _texts_or_none(value: str | Mapping[str, str] | None) -> str | None:
    return None if value is None else _texts(value)


def _language_tag(value: str | None) -> str | None:
    if value is None:
        return None
    problem = language_problem(value)
    if problem is not None:
        return _refused(value, ValueError(problem))  # type: ignore[no-any-return]
    return canonical_tag(value)


def _kind(value: str | ItemKind) -> ItemKind:
    if isinstance(value, ItemKind):
        return value
    try:
        return ItemKind.parse(value)
    except AgendaError as error:
        return _refused(value, error)  # type: ignore[no-any-return]


def _id_from_title(instance: Any) -> str:
    title = instance.title
    return slugify(title) if isinstance(title, str) else ""


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    # A lone string would otherwise become a tuple of its characters.
    if isinstance(values, str):
        return (values,)
    return _tuple(values)  # type: ignore[no-any-return]


def _tuple(values: Iterable[Any]) -> Any:
    if type(values) is tuple:
        return values  # what tuple() would return
    if type(values) is list:
        return tuple(values)
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        return _Refused(values, f"expected a list, got {values!r}")
    return tuple(values)


# Converters with concrete types, so that mypy checks what callers pass (a bare `tuple` does not).
def _nodes(values: Iterable[Node]) -> tuple[Node, ...]:
    return _tuple(values)  # type: ignore[no-any-return]


def _intervals(values: Iterable[Interval]) -> tuple[Interval, ...]:
    return _tuple(values)  # type: ignore[no-any-return]


def _speakers(values: Iterable[Speaker]) -> tuple[Speaker, ...]:
    return _tuple(values)  # type: ignore[no-any-return]


def _organizations(values: Iterable[Organization]) -> tuple[Organization, ...]:
    return _tuple(values)  # type: ignore[no-any-return]


def _audiences(values: Iterable[Audience]) -> tuple[Audience, ...]:
    return _tuple(values)  # type: ignore[no-any-return]


def _read_only(value: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        return _refused(value, TypeError(f"expected a table of rule codes to severities, got {value!r}"))
    return MappingProxyType(dict(value))


# ---------------------------------------------------------------------------------------------
# Validators: each raises `InvalidValueError` naming the field.


def _reject(attribute: attrs.Attribute[Any], message: str, value: object) -> None:
    raise InvalidValueError(message, value=value, field=attribute.name)


def refusal(attribute: attrs.Attribute[Any], value: object) -> str | None:
    """Why the field `attribute` refuses `value` as its converter gave it, by the value alone (its
    converter's refusal, else its validator's where that one looks at the value only), or None: what
    the loader reports for a field whose table has other problems (the class is then not made)."""
    reason = _converter_refusal(attribute, value)
    if reason is not None:
        return reason
    check = attribute.validator
    if check not in _BY_ITSELF:  # none, or one that reads other fields too (end after start)
        return None
    try:
        check(None, attribute, value)
    except InvalidValueError as error:
        return str(error)
    return None


def _converter_refusal(attribute: attrs.Attribute[Any], value: object) -> str | None:
    """Why the field's converter refused the value (it gave a `_Refused`), or None."""
    return f"'{attribute.name}': {value.reason}" if isinstance(value, _Refused) else None


def _check_refused(attribute: attrs.Attribute[Any], value: object) -> None:
    reason = _converter_refusal(attribute, value)
    if reason is not None:
        _reject(attribute, reason, value.value)  # type: ignore[attr-defined]


#: A validator, as attrs calls it: (instance, attribute, value), raising on a bad value.
_Validator: TypeAlias = Callable[[Any, "attrs.Attribute[Any]", Any], None]


#: The validators that look at nothing but the value (no other field: `refusal` runs them on a
#: value alone), and those of tuples (`_each_of`) with the exact types of their members: see
#: `shortcut`.
_BY_ITSELF: set[_Validator] = set()
_MEMBER_TYPES: dict[_Validator, frozenset[type]] = {}


def _instance_of(kind: type | tuple[type, ...], what: str, optional: bool = False) -> _Validator:
    """A value of `kind` (described as `what` in the message), or None when `optional`."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    exact = frozenset(kinds)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) in exact or (value is None and optional):
            return  # the common case; a subclass, a bool for a number, a refused value look further
        _check_refused(attribute, value)
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in kinds):
            _reject(attribute, f"'{attribute.name}' must be {what}, got {value!r}", value)

    _BY_ITSELF.add(check)
    return check


def _each_of(kind: type | tuple[type, ...], what: str) -> _Validator:
    """A tuple whose every member is a `kind` (described as `what`)."""
    exact = frozenset(kind if isinstance(kind, tuple) else (kind,))

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is tuple:
            for member in value:
                if type(member) not in exact or (type(member) is str and not _plain_line(member)):
                    break
            else:
                return  # the common case: exact types, short plain text
        _check_refused(attribute, value)
        members: Iterable[object] = value  # type: ignore[assignment]
        for index, member in enumerate(members):
            if not isinstance(member, kind):
                _reject(attribute, f"'{attribute.name}' must hold {what}, got {member!r} at [{index}]", member)
            if isinstance(member, str) and (problem := text_problem(member, multiline=False)) is not None:
                _reject(attribute, f"'{attribute.name}' [{index}] {problem}", member)

    _BY_ITSELF.add(check)
    _MEMBER_TYPES[check] = exact
    return check


class _Bounds:
    """A whole number from `minimum` to `maximum` (the JSON Schema reads the bounds from here)."""

    __slots__ = ("maximum", "minimum")

    def __init__(self, minimum: int, maximum: int) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            _reject(attribute, f"'{attribute.name}' must be a whole number, not {value!r}", value)
        elif value < self.minimum:
            _reject(attribute, f"'{attribute.name}' must be >= {self.minimum}: {value}", value)
        elif value > self.maximum:
            _reject(attribute, f"'{attribute.name}' must be <= {self.maximum}: {value}", value)


def _number(value: object) -> object:
    """A whole number read as a float; anything else is left for the validator to refuse."""
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _positive_number(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, float) or not 0 < value < float("inf"):
        _reject(attribute, f"'{attribute.name}' must be a number greater than zero, got {value!r}", value)


def _zoned(instance: Any, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """Datetimes in the model carry an IANA zone: never naive, never a fixed offset."""
    if value is None:
        return
    _check_refused(attribute, value)
    if not isinstance(value, datetime):
        _reject(attribute, f"'{attribute.name}' must be a datetime, not {value!r}", value)
    if not isinstance(value.tzinfo, ZoneInfo):
        _reject(
            attribute, f"'{attribute.name}' must carry a zoneinfo.ZoneInfo zone (an IANA key), got {value!r}", value
        )
    if value.year not in YEARS:
        _reject(
            attribute,
            f"'{attribute.name}' must fall in the years {YEARS.start}-{YEARS.stop - 1}, got {value.year}",
            value,
        )


def _required_zoned(instance: Any, attribute: attrs.Attribute[Any], value: datetime) -> None:
    if value is None:
        _reject(attribute, f"'{attribute.name}' must be a datetime, not None", value)
    _zoned(instance, attribute, value)


def _each(kind: type | tuple[type, ...]) -> _Validator:
    """Validate that every member of a tuple field is a `kind`."""
    names = kind if isinstance(kind, tuple) else (kind,)
    return _each_of(kind, " or ".join("text" if k is str else f"{k.__name__} values" for k in names))


def _each_node(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Node, ...]) -> None:
    _nodes_check(instance, attribute, value)  # made once Part exists (below)


def _optional(kind: type) -> _Validator:
    article = "an" if kind.__name__[0] in "AEIOU" else "a"
    return _instance_of(kind, f"{article} {kind.__name__}", optional=True)


def _severities(instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    _check_refused(attribute, value)
    for code, severity in value.items():
        _str(instance, attribute, code)
        if severity not in SEVERITIES:
            _reject(
                attribute,
                f"'{attribute.name}' must map rule codes to error, warning or info; {code!r} has {severity!r}",
                severity,
            )


def _email(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """A plain address (one "@", no display name, no second address, ASCII: what every mail header
    and calendar property can carry); `agenda._text.mailbox_problem` says what is wrong."""
    if value is None:
        return
    problem = mailbox_problem(value) if isinstance(value, str) else "is not text"
    if problem is not None:
        _reject(
            attribute,
            f"'{attribute.name}' must be a plain e-mail address such as 'name@example.org': {value!r} {problem}",
            value,
        )


# Free text that may run over several lines; every other text field is one line (`agenda._text`).
_MULTILINE = frozenset({"description"})
_LIMITS = {"url": MAX_URL, "name": MAX_NAME}


def _plain_line(value: str) -> bool:
    """Text that every text field takes as it is (`agenda._text.SHORT_TEXT`)."""
    return len(value) <= SHORT_TEXT and value.isprintable()


def _text(optional: bool = False, what: str = "text") -> _Validator:
    """Text by the one rule of `agenda._text`: no control characters, no line break outside a
    description, not too long; a `Localized` text, each of its languages so."""
    kind = _instance_of(str, what, optional)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is str and len(value) <= SHORT_TEXT and value.isprintable():
            return  # the common case, `_plain_line` inline: a short plain line fits every field
        kind(instance, attribute, value)
        if isinstance(value, Localized):
            for language, text in value.texts.items():
                _check_text(attribute, text, f"'{attribute.name}' ({language})")
        elif isinstance(value, str):
            _check_text(attribute, value, f"'{attribute.name}'")

    _BY_ITSELF.add(check)
    return check


def _check_text(attribute: attrs.Attribute[Any], value: str, name: str) -> None:
    problem = text_problem(value, multiline=attribute.name in _MULTILINE, limit=_LIMITS.get(attribute.name))
    if problem is not None:
        _reject(attribute, f"{name} {problem}", value)


def _non_empty(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value:
        _reject(attribute, f"Length of '{attribute.name}' must be >= 1: 0", value)


_str = _text()
_TEXTS = "text, or a table of texts by language such as {en = 'Opening', ru = 'Открытие'}"
_local = _text(what=_TEXTS)
_opt_local = _text(optional=True, what=_TEXTS)
_opt_str = _text(optional=True)


def _id(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is str and value and len(value) <= SHORT_TEXT and value.isprintable():
        return  # as in `_text`
    _str(instance, attribute, value)
    _non_empty(instance, attribute, value)  # type: ignore[arg-type]


_BY_ITSELF.add(_id)


_duration = _instance_of(timedelta, "a duration such as '15m' or a timedelta")
_opt_duration = _instance_of(timedelta, "a duration such as '15m' or a timedelta", optional=True)
_zone_key = _instance_of(ZoneInfo, "an IANA zone key such as 'Asia/Kolkata' or a ZoneInfo")
_opt_zone_key = _instance_of(ZoneInfo, "an IANA zone key such as 'Asia/Kolkata' or a ZoneInfo", optional=True)
_local_hours = _instance_of(LocalHours, "hours such as '09:00-21:00' or a LocalHours")
_opt_local_hours = _instance_of(LocalHours, "hours such as '09:00-21:00' or a LocalHours", optional=True)
_flag = _instance_of(bool, "true or false")


def _reason(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """`ignore_reason` explains an `ignore`: alone it would be a note about nothing."""
    if value is None:
        return
    _opt_str(instance, attribute, value)
    if not instance.ignore:
        _reject(
            attribute,
            f"'{attribute.name}' is given without 'ignore': name the rules it explains, e.g. ignore = ['AG402']",
            value,
        )


# ---------------------------------------------------------------------------------------------
# Shortcuts: how the loader may take what files hold most without calling a field's converter
# and validator, for the value it would give and they would pass (`agenda._formats.convert`).

#: Validators that a short plain line passes (`_plain_line`), and converters that keep it as it is.
_LINE_CHECKS: frozenset[object] = frozenset({_str, _opt_str, _local, _opt_local})
_LINE_KEEPING: frozenset[object] = frozenset({None, _texts, _texts_or_none})
#: Converters that read text by the text alone: equal texts, equal values.
_TEXT_READERS: frozenset[object] = frozenset(
    {_length, _length_or_none, _zone, _zone_or_none, _hours, _hours_or_none, _kind}
)
#: Converters that make a list a tuple of its members, and keep a tuple as it is (`_tuple`).
_TUPLE_MAKERS: frozenset[object] = frozenset({_strings, _nodes, _intervals, _speakers, _organizations, _audiences})


class Shortcut(NamedTuple):
    """How a value of a field may be taken as it is: `kind` is ``line`` (a short plain line,
    `_plain_line`; not empty when `filled`), ``read`` (text that the converter reads by itself,
    to a value that the validator checks by itself: a text read once holds for every equal
    text) or ``members`` (a list or tuple, made a tuple, of values of exactly the types
    `members`, each text a short plain line)."""

    kind: str
    filled: bool = False
    members: frozenset[type] = frozenset()


def shortcut(attribute: attrs.Attribute[Any]) -> Shortcut | None:
    """The shortcut for values of the field `attribute`, if it has one."""
    convert, check = attribute.converter, attribute.validator
    if convert in _LINE_KEEPING and (check in _LINE_CHECKS or check is _id):
        return Shortcut("line", filled=check is _id)
    if convert in _TEXT_READERS and check in _BY_ITSELF:
        return Shortcut("read")
    members = _MEMBER_TYPES.get(check)  # type: ignore[arg-type]
    if convert in _TUPLE_MAKERS and members is not None and (str not in members or members == {str}):
        return Shortcut("members", members=members)
    return None


_TEXT_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _text_fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """The fields of a model class that hold `Text` (True) or other model values to walk into
    (False)."""
    if cls in _TEXT_FIELDS:
        return _TEXT_FIELDS[cls]
    found: list[tuple[str, bool]] = []
    hints = field_types(cls)
    for attribute in attrs.fields(cls):
        name, hint = attribute.name, hints[attribute.name]
        union = typing.get_origin(hint) in (types.UnionType, typing.Union)
        members = [m for m in typing.get_args(hint) if m is not type(None)] if union else [hint]
        if Text in members:
            found.append((name, True))
        elif any(_holds_model(member) for member in members):
            found.append((name, False))
    _TEXT_FIELDS[cls] = tuple(found)
    return _TEXT_FIELDS[cls]


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    """The type of each field of a model class, `Text` marks kept: `typing.get_type_hints` with
    extras at a fraction of its cost (the annotations are text, many alike, each read once)."""
    annotations = inspect.get_annotations(cls)
    found = {a.name: annotations.get(a.name, a.type) for a in attrs.fields(cls)}
    return {name: _evaluated(kind) if isinstance(kind, str) else kind for name, kind in found.items()}


@functools.cache
def _evaluated(annotation: str) -> Any:
    return eval(annotation, globals())  # noqa: S307 - this module's own annotations


def text_fields(cls: type) -> tuple[str, ...]:
    """The names of the fields of a model class that hold `Text`."""
    return tuple(name for name, is_text in _text_fields(cls) if is_text)


def _holds_model(hint: Any) -> bool:
    if typing.get_origin(hint) is tuple:
        return any(_holds_model(arg) for arg in typing.get_args(hint) if arg is not Ellipsis)
    if isinstance(hint, (types.UnionType,)) or typing.get_origin(hint) is typing.Union:
        return any(_holds_model(arg) for arg in typing.get_args(hint))
    return isinstance(hint, type) and attrs.has(hint) and hint.__module__ == __name__


def _in_language(value: Any, preferred: tuple[str | None, ...]) -> Any:
    """`value` with every `Localized` in it chosen by `preferred`; the same object if none changes."""
    if isinstance(value, tuple):
        chosen = tuple(_in_language(member, preferred) for member in value)
        return value if all(a is b for a, b in zip(chosen, value, strict=True)) else chosen
    if not attrs.has(type(value)):
        return value
    changes: dict[str, Any] = {}
    for name, is_text in _text_fields(type(value)):
        field = getattr(value, name)
        if is_text:
            new = field.in_language(*preferred) if isinstance(field, Localized) else field
        else:
            new = _in_language(field, preferred)
        if new is not field:
            changes[name] = new
    return attrs.evolve(value, **changes) if changes else value


#: How a version is sent as calendar events (`Event.split`).
SPLITS = ("event", "parts", "items")


def _split(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    _opt_str(instance, attribute, value)
    if value is not None and value not in SPLITS:
        _reject(attribute, f"'{attribute.name}' must be one of {', '.join(SPLITS)}, got {value!r}", value)


class ItemKind(enum.Enum):
    """What an item in the programme is; in a file, its lower-case value (``kind = "qa"``)."""

    OPENING = "opening"
    WELCOME = "welcome"
    KEYNOTE = "keynote"
    PRESENTATION = "presentation"
    PANEL = "panel"
    QA = "qa"
    BREAK = "break"
    CLOSING = "closing"
    OTHER = "other"

    @classmethod
    def parse(cls, value: object) -> ItemKind:
        """The kind a file names (``"opening"``); an unknown one raises `InvalidValueError`
        suggesting the closest kind."""
        try:
            return cls(value)
        except ValueError:
            import difflib

            kinds = [kind.value for kind in cls]
            close = difflib.get_close_matches(str(value), kinds, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InvalidValueError(f"unknown kind {value!r}{hint} (kinds: {', '.join(kinds)})", value=value) from None


_ID = "A stable identifier; calendar UIDs are derived from it."


@attrs.frozen(kw_only=True)
class Organization:
    """An organisation speakers belong to."""

    id: str = attrs.field(validator=_id, metadata=about(_ID, example="invest-india", diff=None))
    name: Text = attrs.field(
        converter=_texts, validator=_local, metadata=about("Its name.", example="Invest India", diff=None)
    )
    country: str | None = attrs.field(
        default=None, validator=_opt_str, metadata=about("ISO 3166 country code.", example="IN")
    )
    url: str | None = attrs.field(default=None, validator=_opt_str, metadata=about("Its web address."))


@attrs.frozen(kw_only=True)
class Interval:
    """A span between two zoned instants, end after start; in Python, times as text name their
    zone (``"2021-02-10T13:00 Asia/Kolkata"``)."""

    start: datetime = attrs.field(
        converter=_when,
        validator=_required_zoned,
        metadata=about("When the window opens, in the speaker's zone.", example="2021-02-10T13:00"),
    )
    end: datetime = attrs.field(
        converter=_when,
        validator=_required_zoned,
        metadata=about("When it closes.", example="2021-02-10T18:00"),
    )

    @end.validator
    def _end_after_start(self, attribute: attrs.Attribute[Any], value: datetime) -> None:
        # Compared as instants: two times of one zone compare as wall times, fold ignored.
        if value.astimezone(UTC) <= self.start.astimezone(UTC):
            raise InvalidValueError(
                f"'end' must be after start: {value.isoformat()} is not after {self.start.isoformat()}",
                value=value,
                field="end",
            )

    def contains(self, start: datetime, end: datetime) -> bool:
        """Whether the span from `start` to `end` lies inside this window."""
        return self.start.astimezone(UTC) <= start.astimezone(UTC) and end.astimezone(UTC) <= self.end.astimezone(UTC)


@attrs.frozen(kw_only=True)
class Speaker:
    """A person on the programme; `availability` lists when they can speak (empty: any time)."""

    id: str = attrs.field(validator=_id, metadata=about(_ID, example="kulikova", diff=None))
    name: str = attrs.field(validator=_str, metadata=about("Their name.", example="Olga Kulikova", diff=None))
    organization: str | None = attrs.field(
        default=None, validator=_opt_str, metadata=about("The id of their organisation.", example="business-russia")
    )
    role: str | None = attrs.field(
        default=None, validator=_opt_str, metadata=about("Their role or title.", example="Business ambassador")
    )
    country: str | None = attrs.field(
        default=None, validator=_opt_str, metadata=about("ISO 3166 country code.", example="RU")
    )
    zone: ZoneInfo | None = attrs.field(
        default=None,
        converter=_zone_or_none,
        validator=_opt_zone_key,
        metadata=about(
            "Their IANA zone, for the local-hours checks, invitations and availability.", example="Europe/Moscow"
        ),
    )
    email: str | None = attrs.field(
        default=None,
        validator=_email,
        metadata=about("Their plain e-mail address, for invitations.", example="olga@example.org"),
    )
    availability: tuple[Interval, ...] = attrs.field(
        default=(),
        converter=_intervals,
        validator=_each_of(Interval, "Interval windows"),
        metadata=about("When they can speak: windows in their own zone (none: any time)."),
    )
    hours: LocalHours | None = attrs.field(
        default=None,
        converter=_hours_or_none,
        validator=_opt_local_hours,
        metadata=about(
            "The local hours in their zone in which they may be asked to speak (none: check.working_hours).",
            example="10:00-19:00",
        ),
    )
    ignore: tuple[str, ...] = attrs.field(
        default=(),
        converter=_strings,
        validator=_each_of(str, "rule selectors (text)"),
        metadata=about(
            "Rules (codes, prefixes or names) whose findings on this speaker's items are suppressed.",
            example=["AG402"],
            diff=None,
        ),
    )
    ignore_reason: str | None = attrs.field(
        default=None,
        validator=_reason,
        metadata=about(
            "Why those rules are suppressed here.", example="The minister speaks late by choice.", diff=None
        ),
    )


@attrs.frozen(kw_only=True)
class Audience:
    """People attending from one region: their zone, the local hours they can attend, and how
    much they count when start times are weighed (`weight`)."""

    name: str = attrs.field(validator=_str, metadata=about("Who they are.", example="India", diff=None))
    zone: ZoneInfo = attrs.field(
        converter=_zone, validator=_zone_key, metadata=about("Their IANA zone.", example="Asia/Kolkata")
    )
    country: str | None = attrs.field(
        default=None,
        validator=_opt_str,
        metadata=about("ISO 3166 country code, for the public-holiday check.", example="IN"),
    )
    hours: LocalHours | None = attrs.field(
        default=None,
        converter=_hours_or_none,
        validator=_opt_local_hours,
        metadata=about("The local hours in which they can attend (none: check.audience_hours).", example="09:00-21:00"),
    )
    weight: float = attrs.field(
        default=1.0,
        converter=_number,
        validator=_positive_number,
        metadata=about("How much they count when agenda plan ranks start times (above 0; 1 unless given).", example=2),
    )

    ignore: tuple[str, ...] = attrs.field(
        default=(),
        converter=_strings,
        validator=_each_of(str, "rule selectors (text)"),
        metadata=about(
            "Rules (codes, prefixes or names) whose findings on this audience are suppressed.",
            example=["AG402"],
            diff=None,
        ),
    )
    ignore_reason: str | None = attrs.field(
        default=None,
        validator=_reason,
        metadata=about(
            "Why those rules are suppressed here.", example="The minister speaks late by choice.", diff=None
        ),
    )


def _short_duration(value: timedelta) -> str:
    try:
        return format_duration(value)
    except AgendaError:
        return str(value)


@attrs.frozen(kw_only=True)
class Item:
    """A leaf of the programme: a talk, a break, a Q&A. `start` pins it to a fixed time.

    Takes what a file takes: ``Item(title="Welcome", kind="opening", duration="5m")``.
    """

    title: Text = attrs.field(
        converter=_texts, validator=_local, metadata=about("Its title.", example="Welcome address", diff=None)
    )
    duration: timedelta = attrs.field(
        converter=_length, validator=_duration, metadata=about("How long it lasts.", example="10m")
    )
    id: str = attrs.field(
        default=attrs.Factory(_id_from_title, takes_self=True),
        validator=_id,
        metadata=about(_ID + " Default: the title in lower case with dashes.", example="welcome", diff=None),
    )
    kind: ItemKind = attrs.field(
        default=ItemKind.PRESENTATION,
        converter=_kind,
        validator=_instance_of(ItemKind, "an item kind such as 'opening'"),
        metadata=about("What it is.", example="opening"),
    )
    speakers: tuple[str, ...] = attrs.field(
        default=(),
        converter=_strings,
        validator=_each_of(str, "speaker ids (text)"),
        metadata=about("The ids of its speakers.", example=["kulikova"], diff=None),
    )
    start: datetime | None = attrs.field(
        default=None,
        converter=_when_or_none,
        validator=_zoned,
        metadata=about(
            "A fixed start; what follows continues from its end.",
            example="2021-02-10T14:50 Asia/Kolkata",
            diff="fixed start",
        ),
    )
    description: Text | None = attrs.field(
        default=None, converter=_texts_or_none, validator=_opt_local, metadata=about("Free text about it.")
    )

    ignore: tuple[str, ...] = attrs.field(
        default=(),
        converter=_strings,
        validator=_each_of(str, "rule selectors (text)"),
        metadata=about(
            "Rules (codes, prefixes or names) whose findings on this item are suppressed.", example=["AG402"], diff=None
        ),
    )
    ignore_reason: str | None = attrs.field(
        default=None,
        validator=_reason,
        metadata=about(
            "Why those rules are suppressed here.", example="The minister speaks late by choice.", diff=None
        ),
    )

    def __repr__(self) -> str:
        return f"<Item {self.title!r} {_short_duration(self.duration)}>"


@attrs.frozen(kw_only=True)
class Part:
    """A part or block of the programme: items and further blocks, in order.

    `allotted` is its time budget; `chair` the id of the speaker who chairs or moderates it.
    """

    title: Text = attrs.field(
        converter=_texts, validator=_local, metadata=about("Its title.", example="Block 1: Indian states", diff=None)
    )
    items: tuple[Node, ...] = attrs.field(
        converter=_nodes,
        validator=_each_node,
        metadata=about("Its items and blocks, in order.", diff=None),
    )
    id: str = attrs.field(
        default=attrs.Factory(_id_from_title, takes_self=True),
        validator=_id,
        metadata=about(_ID + " Default: the title in lower case with dashes.", example="block-1", diff=None),
    )
    allotted: timedelta | None = attrs.field(
        default=None,
        converter=_length_or_none,
        validator=_opt_duration,
        metadata=about("Its time budget: it lasts at least this long.", example="30m"),
    )
    chair: str | None = attrs.field(
        default=None,
        validator=_opt_str,
        metadata=about("The id of the speaker who chairs or moderates it.", example="kulikova", diff=None),
    )
    start: datetime | None = attrs.field(
        default=None,
        converter=_when_or_none,
        validator=_zoned,
        metadata=about(
            "A fixed start; what follows continues from its end.", example="2021-02-10T12:00", diff="fixed start"
        ),
    )
    description: Text | None = attrs.field(
        default=None, converter=_texts_or_none, validator=_opt_local, metadata=about("Free text about it.")
    )

    ignore: tuple[str, ...] = attrs.field(
        default=(),
        converter=_strings,
        validator=_each_of(str, "rule selectors (text)"),
        metadata=about(
            "Rules (codes, prefixes or names) whose findings on this part and everything in it are suppressed.",
            example=["AG402"],
            diff=None,
        ),
    )
    ignore_reason: str | None = attrs.field(
        default=None,
        validator=_reason,
        metadata=about(
            "Why those rules are suppressed here.", example="The minister speaks late by choice.", diff=None
        ),
    )

    def __repr__(self) -> str:
        count = len(self.items)
        return f"<Part {self.title!r} {count} item{'s' if count != 1 else ''}>"


Node: TypeAlias = Item | Part
_nodes_check = _each_of((Item, Part), "items and parts")
_MEMBER_TYPES[_each_node] = _MEMBER_TYPES[_nodes_check]


@attrs.frozen(kw_only=True)
class Platform:
    """Where the event happens online, e.g. Cisco Webex and its join link."""

    name: str = attrs.field(validator=_str, metadata=about("The platform's name.", example="Cisco Webex", diff=""))
    url: str | None = attrs.field(default=None, validator=_opt_str, metadata=about("The join link."))


@attrs.frozen(kw_only=True)
class Organizer:
    """Who sends the invitations."""

    name: str = attrs.field(validator=_str, metadata=about("Their name.", example="Webinar team"))
    email: str = attrs.field(
        validator=attrs.validators.and_(_str, _email),
        metadata=about("Their plain e-mail address.", example="team@example.org"),
    )

    def __str__(self) -> str:
        """The mailbox: ``Webinar team <team@example.org>``."""
        return f"{self.name} <{self.email}>"


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

    rule: str = attrs.field(
        converter=_rule_text,
        validator=_str,
        metadata=about(
            "One RFC 5545 RRULE: no DTSTART, an UNTIL in UTC (UNTIL=20210310T080000Z).", example="FREQ=WEEKLY;COUNT=4"
        ),
    )

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

    def __str__(self) -> str:
        """The rule as written: ``FREQ=WEEKLY;COUNT=4``."""
        return self.rule

    def occurrences(self, start: datetime, limit: int = 1000) -> tuple[datetime, ...]:
        """The starts of the series from `start`, wall times in its zone (at most `limit`)."""
        from dateutil.rrule import rrulestr

        if start.tzinfo is None:
            raise InvalidValueError(f"naive start {start.isoformat()}: give it a zone", value=start)
        rule = rrulestr(self.rule, dtstart=start)
        return tuple(itertools.islice(rule, limit))


def _when_text(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M} {getattr(value.tzinfo, 'key', value.tzinfo)}"


#: The event's `zone` key of a file: not a field, since it is the zone of the event's `start`.
EVENT_ZONE = FieldDoc("The event's IANA zone: local times in the file are in it.", example="Europe/Moscow")


@attrs.frozen(kw_only=True)
class Event:
    """The event itself: when and where it starts, who organises it, which revision this is.

    In a file, `start` is a local time and `zone` a key of its own; in Python, `start` names its
    zone: ``Event(id="demo", title="Demo", start="2021-02-10T11:00 Europe/Moscow")``.
    """

    id: str = attrs.field(
        validator=_id, metadata=about("Stable id of the event; calendar UIDs are derived from it.", example="demo")
    )
    title: Text = attrs.field(
        converter=_texts, validator=_local, metadata=about("Its title.", example="Demo webinar", diff=None)
    )
    start: datetime = attrs.field(
        converter=_when,
        validator=_required_zoned,
        metadata=about("When it starts: a local date-time in `zone`.", example="2021-02-10T11:00"),
    )
    end: datetime | None = attrs.field(
        default=None,
        converter=_when_or_none,
        validator=_zoned,
        metadata=about(
            "When the booked meeting ends (agenda check reports an overrun).",
            example="2021-02-10T14:00",
            diff="booked end",
        ),
    )
    description: Text | None = attrs.field(
        default=None, converter=_texts_or_none, validator=_opt_local, metadata=about("Free text about it.")
    )
    language: str | None = attrs.field(
        default=None,
        converter=_language_tag,
        validator=_opt_str,
        metadata=about(
            "Its language, an IANA tag: the language of plain texts, and of any output whose reader has none.",
            example="en",
        ),
    )
    platform: Platform | None = attrs.field(
        default=None, validator=_optional(Platform), metadata=about("Where it happens online.")
    )
    organizer: Organizer | None = attrs.field(
        default=None, validator=_optional(Organizer), metadata=about("Who sends the invitations.")
    )
    # SEQUENCE in iCalendar is a 32-bit integer.
    revision: int = attrs.field(
        default=0,
        validator=_Bounds(0, 2**31 - 1),
        metadata=about("Raised for each published change; becomes the calendar SEQUENCE.", unit="changes", diff=None),
    )
    recurrence: Recurrence | None = attrs.field(
        default=None, validator=_optional(Recurrence), metadata=about("A series of events.")
    )
    url: str | None = attrs.field(default=None, validator=_opt_str, metadata=about("A web page about it."))
    color: str | None = attrs.field(
        default=None,
        validator=_opt_str,
        metadata=about("A CSS colour name for calendars (RFC 7986 COLOR).", example="teal"),
    )
    #: Part of the state invitations compare between versions (see docs/invites.md).
    split: str | None = attrs.field(
        default=None,
        validator=_split,
        metadata=about(
            "How this version is sent as calendar events: one for the whole event (the default), one per "
            "part or one per item; invitations and ics --previous compare it with the previous version's.",
            example="items",
            choices=SPLITS,
        ),
    )

    @property
    def zone(self) -> ZoneInfo:
        """The event's own zone: local times in the agenda are in it unless they say otherwise."""
        zone = self.start.tzinfo
        if not isinstance(zone, ZoneInfo):  # pragma: no cover - the validator guarantees it
            raise InvalidValueError(f"event start {self.start!r} has no ZoneInfo zone", field="start")
        return zone

    def __repr__(self) -> str:
        return f"<Event {self.title!r} {_when_text(self.start)}>"


@attrs.frozen(kw_only=True)
class CheckSettings:
    """How `agenda check` runs on this agenda (the command line overrides these).

    `select`/`ignore` take rule codes, code prefixes, rule names or ``ALL``; `severity` maps a
    code to ``error``, ``warning`` or ``info``. `working_hours` are the speakers' local hours,
    `audience_hours` the default for audiences that give none. `max_stretch` is the longest run
    of items without a break; a gap of at least `min_break` counts as one. Gaps up to `min_gap`
    are not reported. `strict` turns warnings into errors.
    """

    select: tuple[str, ...] = attrs.field(
        default=(),
        converter=_strings,
        validator=_each_of(str, "rule selectors (text)"),
        metadata=about("The rules to run: codes, prefixes, names or ALL.", example=["AG4", "gap"]),
    )
    ignore: tuple[str, ...] = attrs.field(
        default=(),
        converter=_strings,
        validator=_each_of(str, "rule selectors (text)"),
        metadata=about("The rules not to run.", example=["AG204"]),
    )
    # Read-only, and left out of the hash (a mapping has none); equality still compares it.
    severity: Mapping[str, str] = attrs.field(
        factory=dict,
        converter=_read_only,
        validator=_severities,
        hash=False,
        metadata=about("A rule's severity instead of its default.", example={"AG204": "error"}, choices=SEVERITIES),
    )
    working_hours: LocalHours = attrs.field(
        default=LocalHours.parse("09:00-18:00"),
        converter=_hours,
        validator=_local_hours,
        metadata=about("The speakers' local working hours.", example="08:00-20:00"),
    )
    audience_hours: LocalHours | None = attrs.field(
        default=None,
        converter=_hours_or_none,
        validator=_opt_local_hours,
        metadata=about("The local hours of audiences that give none.", example="09:00-21:00"),
    )
    max_stretch: timedelta = attrs.field(
        default=timedelta(minutes=120),
        converter=_length,
        validator=_duration,
        metadata=about("The longest run of items without a break.", example="1h30m"),
    )
    min_break: timedelta = attrs.field(
        default=timedelta(minutes=10),
        converter=_length,
        validator=_duration,
        metadata=about("The shortest gap that counts as a break.", example="15m"),
    )
    min_gap: timedelta = attrs.field(
        default=timedelta(0),
        converter=_length,
        validator=_duration,
        metadata=about("Gaps up to this long are not reported.", example="5m"),
    )
    holidays: bool = attrs.field(
        default=True, validator=_flag, metadata=about("Whether to check public holidays.", example=False)
    )
    strict: bool = attrs.field(
        default=False, validator=_flag, metadata=about("Whether warnings count as errors.", example=True)
    )


@attrs.frozen(kw_only=True)
class Agenda:
    """An event and its programme, the people on it and the audiences watching it.

    ``agenda["block-2"]`` is the part or item with that id; `speaker` and `organization` find the
    declared ones by id. Look-ups use an index built once (a value never changes).
    """

    event: Event = attrs.field(validator=_instance_of(Event, "an Event"), metadata=about("The event itself."))
    parts: tuple[Node, ...] = attrs.field(
        converter=_nodes,
        validator=_each_of((Item, Part), "items and parts"),
        metadata=about("The programme: parts (with items) and items, in order."),
    )
    speakers: tuple[Speaker, ...] = attrs.field(
        default=(),
        converter=_speakers,
        validator=_each_of(Speaker, "Speaker values"),
        metadata=about("The people on the programme."),
    )
    organizations: tuple[Organization, ...] = attrs.field(
        default=(),
        converter=_organizations,
        validator=_each_of(Organization, "Organization values"),
        metadata=about("The organisations speakers belong to."),
    )
    audiences: tuple[Audience, ...] = attrs.field(
        default=(),
        converter=_audiences,
        validator=_each_of(Audience, "Audience values"),
        metadata=about("Who attends from where."),
    )
    check: CheckSettings = attrs.field(
        factory=CheckSettings,
        validator=_instance_of(CheckSettings, "CheckSettings"),
        metadata=about("How agenda check runs on this file; the command line overrides it."),
    )

    def __repr__(self) -> str:
        return f"<Agenda {self.event.title!r} {_when_text(self.event.start)}>"

    @functools.cached_property
    def _walk(self) -> tuple[tuple[str, Node], ...]:
        found: list[tuple[str, Node]] = []
        stack: list[tuple[str, Node]] = [(f"parts[{i}]", n) for i, n in enumerate(self.parts)][::-1]
        while stack:
            path, node = stack.pop()
            found.append((path, node))
            if isinstance(node, Part):
                children = [(f"{path}.items[{i}]", child) for i, child in enumerate(node.items)]
                stack.extend(reversed(children))
        return tuple(found)

    @functools.cached_property
    def _index(self) -> tuple[dict[str, Node], dict[str, Speaker], dict[str, Organization]]:
        # setdefault: the first of two with one id wins (`agenda check` reports the second, AG306).
        nodes: dict[str, Node] = {}
        for _, node in self._walk:
            nodes.setdefault(node.id, node)
        speakers: dict[str, Speaker] = {}
        for speaker in self.speakers:
            speakers.setdefault(speaker.id, speaker)
        organizations: dict[str, Organization] = {}
        for organization in self.organizations:
            organizations.setdefault(organization.id, organization)
        return nodes, speakers, organizations

    def walk(self) -> tuple[tuple[str, Node], ...]:
        """Every node of the programme, depth first, with its path (``parts[1].items[0]``)."""
        return self._walk

    def items(self) -> tuple[tuple[str, Item], ...]:
        """The leaves of the programme, in order, with their paths."""
        return tuple((path, node) for path, node in self._walk if isinstance(node, Item))

    def __getitem__(self, node_id: str) -> Node:
        """The part or item with this id (the first, if two share it); `UnknownNodeError` if none."""
        try:
            return self._index[0][node_id]
        except (KeyError, TypeError):
            raise UnknownNodeError(node_id) from None

    # Look-ups by id do not make an agenda a sequence: without this, `for x in agenda` would try
    # agenda[0], agenda[1]... (walk() and items() are the ways through it).
    __iter__ = None

    def __contains__(self, node_id: object) -> bool:
        """Whether a part or item has this id."""
        return isinstance(node_id, str) and node_id in self._index[0]

    def speaker(self, speaker_id: str) -> Speaker | None:
        """The declared speaker with this id, if any."""
        return self._index[1].get(speaker_id)

    def speaker_choices(self) -> str:
        """The declared speaker ids, for a message that names the valid ones."""
        ids = list(dict.fromkeys(speaker.id for speaker in self.speakers))
        if not ids:
            return "the agenda declares no speakers"
        shown = ", ".join(ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
        return f"its speakers are {shown}"

    def organization(self, organization_id: str) -> Organization | None:
        """The declared organisation with this id, if any."""
        return self._index[2].get(organization_id)

    @functools.cached_property
    def languages(self) -> tuple[str, ...]:
        """The languages its texts are given in: the event's first (plain texts are in it), then
        those of its tables by language, in the order they first appear."""
        own = (self.event.language,) if self.event.language else ()
        return tuple(dict.fromkeys((*own, *languages_of(text for _, text in self.texts()))))

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every title, description and organisation name (the `Text` fields) with its path
        (``parts[1].title``): the event's first, then the organisations', then the programme's."""
        owners = (
            ("event", self.event),
            *((f"organizations[{index}]", organization) for index, organization in enumerate(self.organizations)),
            *self._walk,
        )
        for path, owner in owners:
            for name in text_fields(type(owner)):
                text = getattr(owner, name)
                if text is not None:
                    yield f"{path}.{name}", text

    def in_language(self, language: str | None) -> Agenda:
        """The agenda as a reader of `language` sees it: every text in that language where it is
        given, else in the event's, else in its first; `None` asks for the event's language.
        Each text still says which language it is in (`Localized.language`)."""
        if language is not None:
            problem = language_problem(language)
            if problem is not None:
                raise InvalidValueError(problem, value=language, field="language")
            language = canonical_tag(language)
        return _in_language(self, (language, self.event.language))  # type: ignore[no-any-return]

    def _repr_html_(self) -> str:
        """The programme as HTML tables, one time column per zone (how Jupyter shows an agenda)."""
        from agenda._formats.page import render_agenda_fragment

        return render_agenda_fragment(self)
