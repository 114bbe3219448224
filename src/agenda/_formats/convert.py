"""Plain data <-> model: every problem collected, each with its path.

A file that loads cleanly is read straight into the model (`read_agenda`): the model's own
converters and validators read and check its values. Anything unusual is left to the cattrs
converter (`structure_agenda`), which collects every problem with its path; it is built on first
use, as is what writes files (`unstructure_agenda`).

Local times in a file are wall-clock times in the event's zone (in a speaker's own zone for their
availability) unless they name a zone: ``"2021-02-10T15:00 Asia/Kolkata"``. A time of day alone
(``"11:30"``) is on the event's date.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import typing
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

import attrs

from agenda._formats.parse import MAX_NESTING
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
    Text,
    field_types,
    refusal,
    shortcut,
)
from agenda._text import SHORT_TEXT
from agenda._times import LocalHours, format_duration, get_zone, parse_duration, parse_when
from agenda.exceptions import AgendaError, Problem

if TYPE_CHECKING:
    import cattrs

__all__ = ["read_agenda", "structure_agenda", "unstructure_agenda"]

T = TypeVar("T")

# The zone and date that local times are read in; set while structuring an event or a speaker.
_zone: contextvars.ContextVar[ZoneInfo | None] = contextvars.ContextVar("zone", default=None)
_day: contextvars.ContextVar[date | None] = contextvars.ContextVar("day", default=None)


class _FieldError(ValueError):
    """A problem with one named key, raised from a custom hook."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


class _RefusalError(ValueError):
    """What the model says of one field's value, raised from the field's own hook: reported at
    the field's path as it stands (the message names the field already)."""


def _typename(value: Any) -> str:
    names = {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _expect(kind: type | tuple[type, ...], what: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            # YAML reads a bare NO, yes, on or off as true/false: the country code NO, say.
            hint = " (in YAML, quote it: 'NO')" if kind is str else ""
            raise TypeError(f"expected {what}, got {_typename(value)} {value!r}{hint}")
        if not isinstance(value, kind):
            raise TypeError(f"expected {what}, got {_typename(value)} {value!r}")
        return value

    return hook


def _read_when(value: Any) -> datetime:
    """A local time of the file, read in the zone and on the date of what surrounds it."""
    if not isinstance(value, (str, datetime, time)):
        raise TypeError(f"expected a date-time as text such as '2021-02-10T11:00', got {_typename(value)} {value!r}")
    return parse_when(value, _zone.get(), _day.get())


def format_when(value: datetime, zone: ZoneInfo | None) -> str:
    """The text `parse_when` reads back: local in `zone`, or naming its own zone. The second of
    two equal wall times (``fold=1``, after clocks go back) is written with its offset."""
    spec = "minutes" if value.second == 0 and value.microsecond == 0 else "seconds"
    own = value.tzinfo
    if value.fold and value.utcoffset() != value.replace(fold=0).utcoffset():
        return value.isoformat(timespec=spec) + (f" {own.key}" if isinstance(own, ZoneInfo) and own != zone else "")
    text = value.replace(tzinfo=None).isoformat(timespec=spec)
    if zone is not None and isinstance(own, ZoneInfo) and own.key == zone.key:
        return text
    return f"{text} {getattr(own, 'key', 'UTC')}"


@functools.cache
def _structuring() -> cattrs.Converter:
    """The converter with its structure hooks: what says why a file does not load."""
    import cattrs
    from cattrs.cols import is_sequence

    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _expect(str, "text"))
    converter.register_structure_hook(int, _expect(int, "a whole number"))
    converter.register_structure_hook(bool, _expect(bool, "true or false"))
    converter.register_structure_hook(float, _expect((int, float), "a number"))
    converter.register_structure_hook(ZoneInfo, lambda v, _: get_zone(_expect(str, "an IANA zone key")(v, _)))
    converter.register_structure_hook(
        timedelta, lambda v, _: parse_duration(_expect(str, "a duration such as '15m'")(v, _))
    )
    converter.register_structure_hook(datetime, lambda v, _: _read_when(v))
    converter.register_structure_hook_factory(is_sequence, _strict_sequence(converter))
    converter.register_structure_hook_func(_is_text, _structure_text)
    converter.register_structure_hook(ItemKind, _structure_kind)
    converter.register_structure_hook(LocalHours, _structure_hours)
    converter.register_structure_hook(Node, _structure_node(converter))
    converter.register_structure_hook_factory(
        lambda kind: kind in _TABLES, lambda kind: _structure_fields(kind, converter)
    )
    converter.register_structure_hook(Event, _with_zone(converter, Event, "zone", required=True))
    converter.register_structure_hook(Speaker, _with_zone(converter, Speaker, "zone", required=False))
    # Last: the agenda's structuring function captures the hooks above when it is generated.
    converter.register_structure_hook(Agenda, _structure_agenda(converter))
    return converter


@functools.cache
def _converter_both_ways() -> cattrs.Converter:
    """The converter with its unstructure hooks as well: what writes files."""
    from cattrs.gen import make_dict_unstructure_fn, override

    converter = _structuring()
    converter.register_unstructure_hook_func(_is_text, _unstructure_text)
    converter.register_unstructure_hook(ZoneInfo, lambda z: z.key)
    converter.register_unstructure_hook(timedelta, format_duration)
    converter.register_unstructure_hook(datetime, lambda d: format_when(d, _zone.get()))
    converter.register_unstructure_hook(LocalHours, lambda h: str(h).replace("–", "-"))
    converter.register_unstructure_hook(ItemKind, lambda k: k.value)
    converter.register_unstructure_hook(Node, lambda n: converter.unstructure(n, type(n)))
    for plain in (Organization, Interval, Audience, Platform, Organizer, Recurrence, CheckSettings):
        converter.register_unstructure_hook(
            plain, make_dict_unstructure_fn(plain, converter, _cattrs_omit_if_default=True)
        )
    # Ids are always written, even when they equal their default, so calendar UIDs stay put.
    for node in (Item, Part):
        converter.register_unstructure_hook(
            node,
            make_dict_unstructure_fn(node, converter, _cattrs_omit_if_default=True, id=override(omit_if_default=False)),
        )
    converter.register_unstructure_hook(Speaker, _unstructure_speaker(converter))
    converter.register_unstructure_hook(Event, _unstructure_event(converter))
    return converter


def _strict_sequence(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """Lists must be lists: cattrs alone would read the text "abc" as the list a, b, c."""
    from cattrs.cols import homogenous_tuple_structure_factory

    def factory(type_: Any) -> Callable[[Any, Any], Any]:
        inner = homogenous_tuple_structure_factory(type_, converter)

        def hook(value: Any, _: Any) -> Any:
            if not isinstance(value, (list, tuple)):
                raise TypeError(f"expected a list, got {_typename(value)} {value!r}")
            return inner(value, type_)

        return hook

    return factory


def _is_text(type_: Any) -> bool:
    """Whether `type_` is the model's `Text`, which a file may give as a table by language."""
    return bool(type_ == Text)


def _structure_text(value: Any, _: Any) -> Any:
    # The model's converter reads the table (and names an unknown language in the message).
    if isinstance(value, (str, dict)) and not isinstance(value, bool):
        return value
    raise TypeError(
        f'expected text, got {_typename(value)} {value!r} (or a table of texts by language, such as {{en = "…"}})'
    )


def _unstructure_text(value: str) -> str | dict[str, str]:
    return dict(value.texts) if isinstance(value, Localized) else value


def _structure_kind(value: Any, _: Any) -> ItemKind:
    return ItemKind.parse(value)


def _structure_hours(value: Any, _: Any) -> LocalHours:
    if isinstance(value, str):
        return LocalHours.parse(value)
    raise TypeError(f"expected hours such as '09:00-21:00', got {_typename(value)} {value!r}")


def _node_type(value: dict[str, Any]) -> type[Node]:
    """A block is an entry that has items of its own; anything else is an item."""
    return Part if "items" in value else Item


def _structure_node(converter: cattrs.Converter) -> Callable[[Any, Any], Node]:
    def hook(value: Any, _: Any) -> Node:
        if not isinstance(value, dict):
            raise TypeError(f"expected a table (an item or a block), got {_typename(value)} {value!r}")
        return converter.structure(value, _node_type(value))

    return hook


def _with_zone(converter: cattrs.Converter, cls: type[T], zone_key: str, required: bool) -> Callable[[Any, Any], T]:
    """Structure `cls` with its local times read in the zone its own `zone_key` names."""
    from cattrs.errors import ClassValidationError

    inner = _made_on_first_use(cls, converter)
    fields = {a.name for a in attrs.fields(cls)}  # type: ignore[arg-type]

    def hook(value: Any, _: Any) -> T:
        if not isinstance(value, dict):
            raise TypeError(f"expected a table, got {_typename(value)} {value!r}")
        zone = _zone.get()
        zone_problem: _FieldError | None = None
        if zone_key in value:
            try:
                zone = get_zone(_expect(str, "an IANA zone key")(value[zone_key], None))
            except (AgendaError, TypeError) as error:
                zone_problem = _FieldError(zone_key, str(error))
        elif required:
            zone_problem = _FieldError(zone_key, "required key missing (the event's IANA zone)")
        if zone_key not in fields:
            value = {k: v for k, v in value.items() if k != zone_key}
        # Without a usable zone, the rest is still read (in the surrounding zone) so that its own
        # problems are reported together with the zone's.
        token = _zone.set(zone or ZoneInfo("UTC"))
        try:
            result = inner(value, cls)
        except ClassValidationError as error:
            if zone_problem is None:
                raise
            raise ClassValidationError(error.message, [zone_problem, *error.exceptions], cls) from None
        finally:
            _zone.reset(token)
        if zone_problem is not None:
            raise ClassValidationError(f"While structuring {cls.__name__}", [zone_problem], cls)
        return result

    return hook


def _made_on_first_use(cls: type[T], converter: cattrs.Converter) -> Callable[[Any, type[T]], T]:
    """`cls`'s structuring function, generated when first called (with the hooks registered by then)."""
    made: list[Callable[[Any, type[T]], T]] = []

    def structure(value: Any, kind: type[T]) -> T:
        if not made:
            made.append(_structure_fields(cls, converter))
        return made[0](value, kind)

    return structure


#: The model's tables that the converter structures field by field with no hook of their own.
_TABLES = (Audience, CheckSettings, Interval, Item, Organization, Organizer, Part, Platform, Recurrence)


def _structure_fields(cls: type[T], converter: cattrs.Converter) -> Callable[[Any, type[T]], T]:
    """`cls`'s structuring function: each field read by its type's hook, then by the model's own
    converter for that field, and checked by what its validator says of the value alone
    (`refusal`). A value the model refuses (an unknown language code in a table of texts, a
    control character in a title, say) is then reported with the table's other problems: with
    any of them the class is not made, so its converters and validators would not run."""
    from cattrs.gen import make_dict_structure_fn, override

    overrides = {
        field.name: override(struct_hook=_converted(field, converter.get_structure_hook(field.type)))
        for field in attrs.fields(attrs.resolve_types(cls))  # type: ignore[arg-type, type-var]
        if field.converter is not None or field.validator is not None
    }
    return make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True, **overrides)  # type: ignore[arg-type]


def _converted(field: attrs.Attribute[Any], read: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    convert: Callable[[Any], Any] | None = field.converter  # type: ignore[assignment]

    def hook(value: Any, kind: Any) -> Any:
        result = read(value, kind) if convert is None else convert(read(value, kind))
        reason = refusal(field, result)
        if reason is not None:
            raise _RefusalError(reason)
        return result

    return hook


@contextlib.contextmanager
def _event_context(value: Any) -> Iterator[None]:
    """Local times everywhere are read in the event's zone, on the event's date for a bare time of
    day; both are read up front so that the programme is checked even if the event is not."""
    event = value.get("event") if isinstance(value, dict) else None
    zone, day = ZoneInfo("UTC"), None
    if isinstance(event, dict):
        with contextlib.suppress(AgendaError):
            zone = get_zone(str(event.get("zone")))
        with contextlib.suppress(ValueError, IndexError):
            day = datetime.fromisoformat(str(event.get("start")).split()[0]).date()
    zone_token, day_token = _zone.set(zone), _day.set(day)
    try:
        yield
    finally:
        _zone.reset(zone_token)
        _day.reset(day_token)


def _structure_agenda(converter: cattrs.Converter) -> Callable[[Any, Any], Agenda]:
    inner = _made_on_first_use(Agenda, converter)

    def hook(value: Any, _: Any) -> Agenda:
        with _event_context(value):
            return inner(value, Agenda)

    return hook


def _unstructure_event(converter: cattrs.Converter) -> Callable[[Event], dict[str, Any]]:
    from cattrs.gen import make_dict_unstructure_fn

    inner = make_dict_unstructure_fn(Event, converter, _cattrs_omit_if_default=True)

    def hook(event: Event) -> dict[str, Any]:
        token = _zone.set(event.zone)
        try:
            data = inner(event)
        finally:
            _zone.reset(token)
        ordered = {"id": data.pop("id"), "title": data.pop("title"), "start": data.pop("start"), "zone": event.zone.key}
        ordered.update(data)
        return ordered

    return hook


def _unstructure_speaker(converter: cattrs.Converter) -> Callable[[Speaker], dict[str, Any]]:
    from cattrs.gen import make_dict_unstructure_fn

    inner = make_dict_unstructure_fn(Speaker, converter, _cattrs_omit_if_default=True)

    def hook(speaker: Speaker) -> dict[str, Any]:
        token = _zone.set(speaker.zone or _zone.get())
        try:
            return inner(speaker)
        finally:
            _zone.reset(token)

    return hook


def __getattr__(name: str) -> Any:
    if name == "_converter":  # the converter both ways, built on first use
        return _converter_both_ways()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------------------------
# The fast path: a file that loads cleanly, read straight into the model.


class _UnusualError(Exception):
    """Something the fast path does not read: the converter says what is wrong with it."""


#: The keys each table of a file takes: its fields (the event's zone is a key of its own).
_KEYS: dict[type, frozenset[str]] = {
    cls: frozenset(a.name for a in attrs.fields(cls))
    for cls in (Agenda, Audience, CheckSettings, Interval, Item, Organization, Organizer, Part, Platform, Recurrence)
}
_KEYS[Speaker] = frozenset(a.name for a in attrs.fields(Speaker))
_KEYS[Event] = frozenset(a.name for a in attrs.fields(Event)) | {"zone"}


def _file_keys(cls: type) -> list[str]:
    """The keys `cls` takes in a file in field order, for "did you mean" suggestions."""
    if cls not in _KEYS:
        return []
    return [a.name for a in attrs.fields(cls)] + (["zone"] if cls is Event else [])


Reader = Callable[[Any], Any]


def _optional_reader(read: Reader) -> Reader:
    return lambda value: None if value is None else read(value)


def _plain_list(value: Any) -> Any:
    """Lists must be lists (a lone text is no list of one); the model makes them tuples."""
    if type(value) is not list:
        raise _UnusualError
    return value


def _list_reader(read: Reader | None) -> Reader:
    """A list as `_plain_list` takes it, each member read by `read`."""
    if read is None:
        return _plain_list

    def list_of(value: Any) -> Any:
        return [read(member) for member in _plain_list(value)]

    return list_of


def _reader(kind: Any) -> Reader | None:
    """How the fast path reads a value of the type `kind`; None when the model's own converter
    and validator read and check it as the converter's hooks would (text, numbers, flags,
    durations, zones, hours, kinds, severities)."""
    if kind is datetime:
        return _read_when  # in the zone and on the day around it
    arguments = typing.get_args(kind)
    if type(None) in arguments:
        (inner,) = (argument for argument in arguments if argument is not type(None))
        read = _reader(inner)
        return None if read is None else _optional_reader(read)
    if typing.get_origin(kind) is tuple:
        return _list_reader(_reader(arguments[0]))
    if kind in (Event, Speaker):
        return _read_event if kind is Event else _read_speaker
    if kind in _KEYS:  # a table of the file
        return functools.partial(_read_table, kind)
    return None


@functools.cache
def _readers(cls: type) -> dict[str, Reader]:
    """The reader of each field of `cls` that has one (see `_reader`)."""
    readers = {name: _reader(kind) for name, kind in field_types(cls).items()}
    return {name: read for name, read in readers.items() if read is not None}


def _fields(value: Any, cls: type) -> dict[str, Any]:
    """The arguments of `cls` in the table `value`: each given key, read by its field's reader."""
    return _arguments(value, _KEYS[cls], _readers(cls))


def _arguments(value: Any, keys: frozenset[str], readers: dict[str, Reader]) -> dict[str, Any]:
    if type(value) is not dict or not value.keys() <= keys:
        raise _UnusualError
    arguments = value  # copied only if a reader gives something new (a list of text stays as it is)
    for key, read in readers.items():
        if key in value:
            raw = value[key]
            if (result := read(raw)) is not raw:
                if arguments is value:
                    arguments = dict(value)
                arguments[key] = result
    return arguments


def _read_table(cls: type[T], value: Any) -> T:
    return cls(**_fields(value, cls))


def _read_event(value: Any) -> Event:
    if type(value) is not dict or type(value.get("zone")) is not str:
        raise _UnusualError
    token = _zone.set(get_zone(value["zone"]))
    try:
        return Event(**_fields({key: raw for key, raw in value.items() if key != "zone"}, Event))
    finally:
        _zone.reset(token)


def _read_speaker(value: Any) -> Speaker:
    zone = _zone.get()
    if type(value) is dict and "zone" in value:
        if type(value["zone"]) is not str:
            raise _UnusualError
        zone = get_zone(value["zone"])  # the zone of the speaker's availability
    token = _zone.set(zone)
    try:
        return _read_table(Speaker, value)
    finally:
        _zone.reset(token)


def _read_programme(values: Any, depth: int) -> list[Node]:
    """The nodes of the list `values`, `depth` levels of tables and lists deep in the file: an item's
    lists are two levels deeper, which a programme deeper than the file's limit leaves to its check."""
    if type(values) is not list or depth + 2 > MAX_NESTING:
        raise _UnusualError
    item, part = _builder(Item), _builder(Part)
    return [
        part({**value, "items": _read_programme(value["items"], depth + 2)})
        if type(value) is dict and "items" in value  # `_node_type`
        else item(value)
        for value in values
    ]


# A table of the programme is made without its class's constructor: generated from the fields
# (as attrs makes the constructor), each value is taken as it is where the model has a shortcut
# for it (`shortcut`), else read, converted and set, and then every validator runs, as the
# constructor runs them. Either way, the same value in every field.

#: The most texts a reading memo keeps (a file repeats a handful of durations and kinds).
_MEMO_SIZE = 1024


def _remembered(memo: dict[str, Any], field: attrs.Attribute[Any], text: str) -> Any:
    """`text` as the field's converter reads it, checked by the field's validator (which looks at
    nothing else), kept in `memo` for the next equal text."""
    value = field.converter(text)  # type: ignore[misc, operator]
    if attrs.validators.get_disabled():  # as the constructor: unchecked, and so not kept
        return value
    field.validator(None, field, value)  # type: ignore[misc]
    if len(memo) < _MEMO_SIZE:
        memo[text] = value
    return value


#: A short plain line, which every text field takes as it is (`agenda._model._plain_line`).
_LINE = f"type({{0}}) is str and len({{0}}) <= {SHORT_TEXT} and {{0}}.isprintable()"


def _value_code(index: int, field: attrs.Attribute[Any], read: Reader | None) -> list[str]:
    """Lines that set the field `field` of ``self`` from the table's ``raw``, setting ``slow``
    when only the validators can tell whether it is right."""
    way = shortcut(field) if read is None or read is _plain_list else None
    target = f"self.{field.name}"
    converted = "raw" if read is None else f"read{index}(raw)"
    converted = converted if field.converter is None else f"convert{index}({converted})"
    general = [f"{target} = {converted}", "slow = True"]
    if way is None:
        return general
    if way.kind == "line":
        line = _LINE.format("raw") + (" and raw" if way.filled else "")
        return [f"if {line}:", f"    {target} = raw", "else:", *_indented(general)]
    if way.kind == "read":
        return [
            "if type(raw) is str:",
            "    try:",
            f"        {target} = memo{index}[raw]",
            "    except KeyError:",
            f"        {target} = remember(memo{index}, field{index}, raw)",
            "else:",
            *_indented(general),
        ]
    # members: a list (or, where the file's lists are not read, a tuple) becomes a tuple of them
    kinds = "type(raw) is list" if read is not None else "type(raw) is list or type(raw) is tuple"
    if way.members == {str}:  # every member a short plain line when, joined, they make one
        check = [
            "    try:",
            "        joined = ''.join(members)",
            "    except TypeError:",
            "        slow = True",
            "    else:",
            f"        if len(joined) > {SHORT_TEXT} or not joined.isprintable():",
            "            slow = True",
        ]
    else:
        check = [
            "    for member in members:",
            f"        if type(member) not in members{index}:",
            "            slow = True",
            "            break",
        ]
    return [f"if {kinds}:", f"    {target} = members = tuple(raw)", *check, "else:", *_indented(general)]


def _indented(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


@functools.cache
def _builder(cls: type) -> Callable[[Any], Any]:
    """What makes `cls` from a table of a file, as ``cls(**_fields(table, cls))`` would (and
    raising where it would raise), in less time.

    Its slots are filled as those of a writable twin, a subclass that adds nothing (so that a slot is
    set as fast as any attribute), which then becomes `cls` (the same layout, so ``__class__`` may
    change): the constructor would set each through ``object.__setattr__``, a call each."""
    if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__") or cls.__dictoffset__:
        raise TypeError(f"{cls.__name__} is not a slotted class made of its fields alone")  # pragma: no cover
    twin = type(
        cls.__name__, (cls,), {"__slots__": (), "__setattr__": object.__setattr__, "__delattr__": object.__delattr__}
    )
    readers = _readers(cls)
    names: dict[str, Any] = {
        "cls": cls,
        "twin": twin,
        "new": object.__new__,
        "validate": attrs.validate,
        "remember": _remembered,
        "Unusual": _UnusualError,
    }
    fields = attrs.fields(cls)
    required = sum(field.default is attrs.NOTHING for field in fields)
    lines = [
        "def build(table):",
        "    if type(table) is not dict:",
        "        raise Unusual",
        "    self = new(twin)",
        "    slow = False",
        f"    rest = len(table) - {required}  # the keys of the table not read yet",
    ]
    for index, field in enumerate(fields):
        if not field.init or field.alias != field.name:
            raise TypeError(f"{cls.__name__}.{field.name} is not its own argument")  # pragma: no cover
        names |= {
            f"field{index}": field,
            f"convert{index}": field.converter,
            f"read{index}": readers.get(field.name),
            f"memo{index}": {},
            f"members{index}": getattr(shortcut(field), "members", None),
        }
        value = _indented(_value_code(index, field, readers.get(field.name)))
        key = repr(field.name)
        if field.default is attrs.NOTHING:  # required: a KeyError when missing, as the constructor's TypeError
            lines += [f"    raw = table[{key}]", *value]
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            names[f"default{index}"] = field.default.factory
            made = f"default{index}(self)" if field.default.takes_self else f"default{index}()"
            lines += [
                f"    if rest and {key} in table:",
                f"        raw = table[{key}]",
                "        rest -= 1",
                "    else:",
            ]
            lines += [f"        raw = {made}", *value]
        else:  # a default is converted as the constructor does, the same each time
            names[f"default{index}"] = field.default if field.converter is None else field.converter(field.default)
            lines += [
                f"    if rest and {key} in table:",
                f"        raw = table[{key}]",
                "        rest -= 1",
                *_indented(value),
            ]
            lines += ["    else:", f"        self.{field.name} = default{index}"]
    lines += [
        "    if rest:  # a key that is no field",
        "        raise Unusual",
        "    self.__class__ = cls",
        "    if slow:",
        "        validate(self)",
        "    return self",
    ]
    exec(compile("\n".join(lines), f"<agenda loader {cls.__name__}>", "exec"), names)  # noqa: S102
    build: Callable[[Any], Any] = names["build"]
    return build


def read_agenda(data: Any) -> Agenda | None:
    """The agenda in `data` when every value in it is what its field takes; None at anything
    unusual, for `structure_agenda` to say what is wrong (the model's validators check every value
    as they do for the converter, so both read a clean file alike)."""
    try:
        if type(data) is not dict:
            raise _UnusualError
        with _event_context(data):
            return Agenda(
                event=_read_event(data.get("event")),
                parts=_read_programme(data["parts"], 2),
                **_fields({key: raw for key, raw in data.items() if key not in ("event", "parts")}, Agenda),
            )
    except Exception:  # anything at all: the converter reads it again and says what is wrong
        return None


def structure_agenda(data: dict[str, Any]) -> tuple[Agenda | None, list[Problem]]:
    """The agenda in `data`, or every problem that prevents it."""
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

    try:
        return _structuring().structure(data, Agenda), []
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError, ValueError, TypeError) as error:
        return None, list(_problems(error, ""))


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _problems(error: BaseException, path: str) -> Iterator[Problem]:
    import difflib

    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

    if isinstance(error, ForbiddenExtraKeysError):
        known = _file_keys(error.cl)
        for key in sorted(error.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known keys: {', '.join(known)})"
            yield Problem(_join(path, key), f"unknown key {key!r}{hint}")
        return
    if isinstance(error, (ClassValidationError, IterableValidationError)):
        for sub in error.exceptions:
            yield from _problems(sub, _join_note(path, sub))
        return
    if isinstance(error, _FieldError):
        yield Problem(_join(path, error.key), str(error))
        return
    if isinstance(error, _RefusalError):
        yield Problem(path, str(error))
        return
    if isinstance(error, KeyError) and not isinstance(error, AgendaError):
        yield Problem(path, "required key missing")
        return
    args = error.args
    if len(args) >= 2 and isinstance(args[1], attrs.Attribute):  # attrs validators name the field
        yield Problem(_join(path, args[1].name), str(args[0]))
        return
    field = getattr(error, "field", None)
    if field is not None:
        yield Problem(_join(path, field), str(error))
        return
    named = _VALIDATOR_MESSAGE.search(str(error))  # attrs' own validators: "'revision' must be <= 10"
    if named:
        yield Problem(_join(path, named.group(1)), str(error))
        return
    yield Problem(path, str(error) if str(error) else type(error).__name__)


_VALIDATOR_MESSAGE = re.compile(r"'(\w+)' must ")


def _join_note(path: str, error: BaseException) -> str:
    for note in getattr(error, "__notes__", ()):
        name = getattr(note, "name", None)
        if name is not None:
            return _join(path, name)
        index = getattr(note, "index", None)
        if index is not None:
            return _join(path, index)
    return path


def unstructure_agenda(agenda: Agenda) -> dict[str, Any]:
    """Plain data for a file: defaults left out, times local to the event's zone."""
    converter = _converter_both_ways()
    token = _zone.set(agenda.event.zone)
    try:
        data: dict[str, Any] = {"event": converter.unstructure(agenda.event, Event)}
        if agenda.check != CheckSettings():
            data["check"] = converter.unstructure(agenda.check, CheckSettings)
        for key, values, cls in (
            ("audiences", agenda.audiences, Audience),
            ("organizations", agenda.organizations, Organization),
            ("speakers", agenda.speakers, Speaker),
        ):
            if values:
                data[key] = [converter.unstructure(v, cls) for v in values]
        data["parts"] = [converter.unstructure(node, type(node)) for node in agenda.parts]
    finally:
        _zone.reset(token)
    return data
