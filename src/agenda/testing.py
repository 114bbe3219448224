"""Hypothesis strategies for agendas, so you can property-test code built on `agenda`.

Every strategy draws valid values: zones are IANA keys of the whole tz database (including the
+05:30, +05:45 and +12:45 offsets and zones with DST), ids are unique across a programme, and
every speaker an item or a part names is declared. Needs ``hypothesis`` (the ``test`` extra)::

    from hypothesis import given
    from agenda.testing import agendas

    @given(agendas(max_items=8))
    def test_my_export(agenda): ...

A field of the model that these strategies do not name (one added later) is drawn from its
type: text, numbers, durations, zones, hours, kinds and lists of them, None some of the time
when the field is optional.

Values shrink towards simple ones: UTC, a single part holding a single one-minute item, no fixed
starts, plain ASCII titles.
"""

from __future__ import annotations

import enum
import functools
import string
import types
import typing
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from agenda._model import (
    Agenda,
    Audience,
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
    field_doc,
)
from agenda._times import DstPolicy, LocalHours, get_zone, resolve_local, zone_keys

__all__ = [
    "NOTABLE_ZONES",
    "agendas",
    "audiences",
    "durations",
    "ids",
    "items",
    "local_datetimes",
    "local_hours",
    "localized",
    "organizations",
    "parts",
    "speakers",
    "texts",
    "titles",
    "zones",
]

#: Zones that break naive assumptions, drawn first so that failures shrink to one of them:
#: odd offsets (+05:30, +05:45, +12:45, -03:30, +14:00, -11:00), half-hour DST (Lord Howe),
#: southern-hemisphere and abolished DST (Sao Paulo), and the seed webinar's zones.
NOTABLE_ZONES: tuple[str, ...] = (
    "UTC",
    "Asia/Kolkata",
    "Europe/Moscow",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Europe/Berlin",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "America/New_York",
    "America/St_Johns",
    "Asia/Tehran",
    "Australia/Adelaide",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Pacific/Auckland",
    "Europe/Dublin",
)

_T = TypeVar("_T")


def _script(first: int, last: int, categories: str) -> str:
    """The assigned characters of a block whose category starts with one of `categories`."""
    return "".join(chr(c) for c in range(first, last + 1) if unicodedata.category(chr(c))[0] in categories)


# One alphabet string: drawing from it is far cheaper than combining character strategies.
# Dashes, typographic quotes and an ellipsis are written as escapes: they look like ASCII.
_ALPHABET = (
    string.ascii_letters
    + string.digits
    + ",;\\'\"-&()!?.:/#@%*+=<>[]{}|~`^_$\u00ab\u00bb\u2013\u2014\u201c\u201d\u2019\u2026"
    + _script(0x0900, 0x097F, "LMNP")  # Devanagari
    + _script(0x0400, 0x04FF, "LMN")  # Cyrillic
    + "\u00e9\u00fc\u00df\u00f8\u00e7\u00f1\u00e0\u00c5\u0141\u011f\u0131\u015f\u017d"
    + "\u20ac\u00a3\u20b9\u2713\U0001f642\u4e2d\u6587"
)
_CONTROL = "\t\n\r\x00\x1b\x7f"


@functools.cache
def _zone_keys() -> tuple[str, ...]:
    """The notable zones, then every other key of the tz database in sorted order."""
    rest = [key for key in zone_keys() if key not in NOTABLE_ZONES]
    return NOTABLE_ZONES + tuple(rest)


@functools.cache
def zones() -> st.SearchStrategy[ZoneInfo]:
    """Any zone of the tz database, as `agenda._times.get_zone` returns it (links normalised).

    Half the draws come from `NOTABLE_ZONES`, so odd offsets and DST zones turn up often, and a
    failing example shrinks to UTC or to the first notable zone that still fails.
    """
    return st.one_of(st.sampled_from(NOTABLE_ZONES), st.sampled_from(_zone_keys())).map(get_zone)


@functools.cache
def _transitions(zone: ZoneInfo, year: int) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    """The offset changes of `zone` in `year`: (UTC instant, offset before, offset after)."""

    def offset(instant: datetime) -> timedelta:
        value = instant.astimezone(zone).utcoffset()
        return value if value is not None else timedelta(0)

    # Weekly steps, then bisection to the minute; zones change offset at most a few times a year.
    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        following = day + timedelta(days=7)
        before, after = offset(day), offset(following)
        if before != after:
            low, high = day, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if offset(middle) == before:
                    low = middle
                else:
                    high = middle
            found.append((high, before, after))
        day = following
    return tuple(found)


def local_datetimes(
    zone: ZoneInfo | st.SearchStrategy[ZoneInfo] | None = None,
    *,
    min_year: int = 1995,
    max_year: int = 2035,
    near_transitions: bool = True,
) -> st.SearchStrategy[datetime]:
    """Wall-clock times (whole minutes, ``fold=0``) in `zone`, or in a zone from `zones()`.

    With `near_transitions`, about half the draws fall within an hour of a DST change of their
    year, so nonexistent (skipped) and ambiguous (repeated) local times come up regularly.
    """
    if zone is None:
        zone_strategy = zones()
    elif isinstance(zone, ZoneInfo):
        zone_strategy = st.just(zone)
    else:
        zone_strategy = zone
    # Minutes from the first of January of `min_year`: one integer, cheap, shrinking to that day.
    origin = datetime(min_year, 1, 1)
    span = (datetime(max_year + 1, 1, 1) - origin) // timedelta(minutes=1) - 1
    plain = st.integers(0, span).map(lambda minutes: origin + timedelta(minutes=minutes))

    years = st.integers(min_year, max_year)

    @st.composite
    def draw_local(draw: st.DrawFn) -> datetime:
        chosen = draw(zone_strategy)
        if near_transitions and draw(st.booleans()):
            changes = _transitions(chosen, draw(years))
            if changes:
                instant, before, after = draw(st.sampled_from(changes))
                wall = instant.replace(tzinfo=None) + before
                shift = draw(st.integers(-60, 60 + abs(int((after - before).total_seconds())) // 60))
                return (wall + timedelta(minutes=shift)).replace(tzinfo=chosen)
        return draw(plain).replace(tzinfo=chosen)

    return draw_local()


@functools.cache
def durations(
    min_value: timedelta = timedelta(minutes=1),
    max_value: timedelta = timedelta(hours=3),
    resolution: timedelta = timedelta(minutes=1),
) -> st.SearchStrategy[timedelta]:
    """Exact durations between `min_value` and `max_value`, whole multiples of `resolution`.

    Shrinks towards `min_value`. Every value is one that `format_duration` can write.
    """
    if resolution <= timedelta(0) or resolution % timedelta(seconds=1):
        raise ValueError(f"resolution must be a positive whole number of seconds, not {resolution!r}")
    low = -(-min_value // resolution)
    high = max_value // resolution
    if low > high:
        raise ValueError(f"no multiple of {resolution} between {min_value} and {max_value}")
    return st.integers(low, high).map(lambda count: count * resolution)


@functools.cache
def local_hours(*, resolution: int = 15) -> st.SearchStrategy[LocalHours]:
    """Daily local hours such as 09:00-21:00, including windows that wrap past midnight
    (22:00-02:00) and the whole day (start equal to end); minutes are multiples of `resolution`."""
    clock = st.integers(0, 24 * 60 // resolution - 1).map(lambda step: time(*divmod(step * resolution, 60)))
    return st.builds(LocalHours, clock, clock)


#: Ready-made words, cheap to draw: the scripts and punctuation that break naive escaping.
_VOCABULARY = (
    "Opening",
    "remarks",
    "Q&A",
    "India",
    "Russia",
    "Webex",
    "part",
    "2",
    "10:00",
    "Взаимодействие",
    "регионов",
    "России",
    "Ольга",
    "Куликова",
    "Деловая",
    "भारत",
    "राज्यों",
    "सहयोग",
    "नमस्ते",
    "मुंबई",
    "a,b",
    "x;y",
    "C:\\agenda",
    "\\n",
    '"quoted"',
    "it's",
    "#1",
    "[draft]",
    "{x}",
    "100%",
    "-",
    "\u2013",
    "caf\u00e9",
    "M\u00fcnchen",
    "\u20b9500",
    "\u00ab\u00bb",
    "\u2026",
    "\U0001f642",
    "\u4e2d\u6587",
)


@functools.cache
def _word(control_characters: bool) -> st.SearchStrategy[str]:
    alphabet = _ALPHABET + _CONTROL if control_characters else _ALPHABET
    # Mostly ready-made words (cheap), sometimes a random one.
    vocabulary = st.sampled_from(_VOCABULARY)
    return st.one_of(vocabulary, vocabulary, st.text(alphabet, min_size=1, max_size=6))


@functools.cache
def titles(*, max_words: int = 3, control_characters: bool = False) -> st.SearchStrategy[str]:
    """One-line, non-empty text without leading, trailing or doubled spaces: ASCII, Devanagari,
    Cyrillic and punctuation (commas, semicolons, backslashes, quotes). Control characters
    (tab, newline, NUL, ESC) only when `control_characters` is true."""
    return st.lists(_word(control_characters), min_size=1, max_size=max_words).map(" ".join)


@functools.cache
def texts(*, max_lines: int = 2) -> st.SearchStrategy[str]:
    """Free text such as a description: lines of `titles()` joined by newlines."""
    return st.lists(titles(max_words=5), min_size=1, max_size=max_lines).map("\n".join)


#: The languages `localized` draws texts in.
_TEXT_LANGUAGES = ("en", "ru", "hi", "de")


def localized(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[Localized]:
    """A text in one to three languages (a `Localized`, as a table by language loads), each
    drawn from `strategy`."""
    return st.lists(st.sampled_from(_TEXT_LANGUAGES), min_size=1, max_size=3, unique=True).flatmap(
        lambda languages: st.tuples(*(strategy for _ in languages)).map(
            lambda values: Localized(dict(zip(languages, values, strict=True)))
        )
    )


def _or_localized(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # Plain text first, so that examples shrink to it.
    return st.one_of(strategy, strategy, strategy, localized(strategy))


def _sometimes(strategy: st.SearchStrategy[_T]) -> st.SearchStrategy[_T | None]:
    """None three times out of four: optional text is costly to draw and rarely matters."""
    return st.one_of(st.none(), st.none(), st.none(), strategy)


# ---------------------------------------------------------------------------------------------
# Fields this module does not draw by name (one added to the model later) are drawn from their
# types, so that every field of the model turns up in the values drawn.


def _for_type(hint: Any, attribute: attrs.Attribute[Any]) -> st.SearchStrategy[Any] | None:
    """Values of the type `hint`, or None when there is no obvious way to draw one."""
    members = [m for m in typing.get_args(hint) if m is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if len(members) != 1:
            return None
        inner = _for_type(members[0], attribute)
        return None if inner is None else _sometimes(inner) if type(None) in typing.get_args(hint) else inner
    if hint is str and field_doc(attribute).choices:
        # A text field that takes one of a few words (event.split) draws those words.
        return st.sampled_from(field_doc(attribute).choices)
    if typing.get_origin(hint) is tuple:
        item = _for_type(typing.get_args(hint)[0], attribute)
        return None if item is None else st.lists(item, max_size=3).map(tuple)
    simple: dict[Any, Callable[[], st.SearchStrategy[Any]]] = {
        str: titles,
        bool: st.booleans,
        int: lambda: st.integers(
            getattr(attribute.validator, "minimum", 0), min(20, getattr(attribute.validator, "maximum", 20))
        ),
        float: lambda: st.floats(0, 10, allow_nan=False),
        timedelta: durations,
        ZoneInfo: zones,
        LocalHours: local_hours,
    }
    if hint in simple:
        return simple[hint]()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(hint)
    return None


_UNDRAWN: dict[tuple[type, frozenset[str]], tuple[tuple[str, st.SearchStrategy[Any]], ...]] = {}


def _undrawn(cls: type, drawn: frozenset[str]) -> tuple[tuple[str, st.SearchStrategy[Any]], ...]:
    """The fields of `cls` outside `drawn` that can be drawn from their types, with strategies."""
    if (cls, drawn) not in _UNDRAWN:
        hints = typing.get_type_hints(cls)
        found = []
        for attribute in attrs.fields(cls):
            if attribute.init and attribute.name not in drawn:
                strategy = _for_type(hints[attribute.name], attribute)
                if strategy is not None:
                    found.append((attribute.name, strategy))
        _UNDRAWN[cls, drawn] = tuple(found)
    return _UNDRAWN[cls, drawn]


#: Rules a node may ignore (codes, prefixes, names); `ignore_reason` only ever comes with them.
_SELECTORS = st.lists(st.sampled_from(("AG402", "AG4", "audience-hours", "AG204")), min_size=1, max_size=2, unique=True)
_SUPPRESSIONS: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.just({}),
    st.just({}),
    st.just({}),
    st.builds(
        lambda rules, reason: {"ignore": tuple(rules), "ignore_reason": reason}, _SELECTORS, st.none() | titles()
    ),
)


def _builds(cls: type[_T], **strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[_T]:
    """`st.builds` that also draws the fields of `cls` not given here."""

    @st.composite
    def build(draw: st.DrawFn) -> _T:
        return _make(draw, cls, **{name: draw(strategy) for name, strategy in strategies.items()})

    return build()


def _make(draw: st.DrawFn, cls: type[_T], **values: Any) -> _T:
    """`cls(**values)`, with the fields not given here drawn from their types (suppressions as a
    pair: a reason without rules is refused)."""
    names = set(attrs.fields_dict(typing.cast(Any, cls)))
    if {"ignore", "ignore_reason"} <= names and not {"ignore", "ignore_reason"} & values.keys():
        values = {**draw(_SUPPRESSIONS), **values}
        values.setdefault("ignore", ())
        values.setdefault("ignore_reason", None)
    extra = {name: draw(strategy) for name, strategy in _undrawn(cls, frozenset(values))}
    return cls(**values, **extra)


_ID_WORDS = ("opening", "welcome", "keynote", "part", "block", "q-a", "break", "closing", "olga-kulikova")
_LOWER = string.ascii_lowercase + string.digits


@functools.cache
def ids() -> st.SearchStrategy[str]:
    """Lower-case ASCII ids such as ``keynote-2`` (the shape `agenda._model.slugify` makes)."""
    stem = st.sampled_from(_ID_WORDS) | st.builds(
        "{}{}".format, st.sampled_from(string.ascii_lowercase), st.text(_LOWER, max_size=6)
    )
    return st.builds(lambda head, number: f"{head}-{number}" if number else head, stem, st.integers(0, 20))


_COUNTRIES = st.sampled_from(("IN", "RU", "DE", "BR", "NP", "NZ", "AU", "US", "IE"))
_EMAILS = st.builds(
    "{}@{}.{}".format,
    ids().map(lambda name: name.replace("-", ".")),
    ids(),
    st.sampled_from(("org", "ru", "in", "example")),
)
_URLS = st.builds("https://{}.example/{}".format, ids(), ids())


@functools.cache
def organizations() -> st.SearchStrategy[Organization]:
    """An organisation with a name, an optional country and web address."""
    return _builds(
        Organization,
        id=ids(),
        name=_or_localized(titles()),
        country=st.none() | _COUNTRIES,
        url=st.none() | _URLS,
    )


_AVAILABILITY_LENGTHS = durations(timedelta(minutes=30), timedelta(hours=12), timedelta(minutes=30))
_OPTIONAL_ZONES = st.none() | zones()
_OPTIONAL_COUNTRIES = st.none() | _COUNTRIES
_OPTIONAL_EMAILS = st.none() | _EMAILS
_OPTIONAL_ROLES = _sometimes(titles())
_NAMES = titles(max_words=3)


@functools.cache
def _availability(zone: ZoneInfo) -> st.SearchStrategy[tuple[Interval, ...]]:
    def window(start: datetime, length: timedelta) -> Interval:
        return Interval(start=start, end=start + length)

    starts = local_datetimes(zone, min_year=2015, max_year=2030, near_transitions=False)
    return st.lists(st.builds(window, starts, _AVAILABILITY_LENGTHS), max_size=2).map(tuple)


def speakers(*, organization_ids: Sequence[str] = ()) -> st.SearchStrategy[Speaker]:
    """A speaker: name, role, country, optional zone, e-mail and availability windows (in their
    own zone). `organization`, when set, is one of `organization_ids`."""
    affiliations = st.none() | st.sampled_from(tuple(organization_ids)) if organization_ids else st.none()

    @st.composite
    def draw_speaker(draw: st.DrawFn) -> Speaker:
        zone = draw(_OPTIONAL_ZONES)
        return _make(
            draw,
            Speaker,
            id=draw(ids()),
            name=draw(_NAMES),
            organization=draw(affiliations),
            role=draw(_OPTIONAL_ROLES),
            country=draw(_OPTIONAL_COUNTRIES),
            zone=zone,
            email=draw(_OPTIONAL_EMAILS),
            availability=draw(_availability(zone)) if zone is not None else (),
        )

    return draw_speaker()


@functools.cache
def audiences() -> st.SearchStrategy[Audience]:
    """An audience: a name, a zone, an optional country, optional local hours and a weight."""
    return _builds(
        Audience,
        name=_NAMES,
        zone=zones(),
        country=_OPTIONAL_COUNTRIES,
        hours=st.none() | local_hours(),
        weight=st.sampled_from((1.0, 2.0, 0.5)),
    )


#: Draws an optional fixed start for a node (None: the node follows the one before it).
FixedStarts = Callable[[st.DrawFn], datetime | None]


def _no_fixed_start(draw: st.DrawFn) -> datetime | None:
    return None


_FIXED_START_CHANCE = st.integers(0, 3)
_FIXED_START_STEPS = st.integers(-12, 120)


def _fixed_starts_near(anchor: datetime, zone_choices: Sequence[ZoneInfo]) -> FixedStarts:
    """Fixed starts from an hour before `anchor` to ten hours after it, as wall times in one of
    `zone_choices`; a node gets one about a quarter of the time."""
    zone_strategy = st.sampled_from(tuple(zone_choices))

    def draw_start(draw: st.DrawFn) -> datetime | None:
        if draw(_FIXED_START_CHANCE) != 3:
            return None
        minutes = draw(_FIXED_START_STEPS) * 5
        zone = draw(zone_strategy)
        return (anchor + timedelta(minutes=minutes)).astimezone(zone).replace(fold=0)

    return draw_start


@attrs.define
class _Programme:
    """What every node of one programme draws from: ids already taken, speakers, fixed starts;
    mutable, since drawing the programme uses it up."""

    speakers: st.SearchStrategy[tuple[str, ...]]
    chairs: st.SearchStrategy[str | None]
    fixed_start: FixedStarts
    max_depth: int
    taken: set[str] = attrs.field(factory=set)
    #: How many more items may be made.
    left: int = 0

    @classmethod
    def of(cls, speaker_ids: Sequence[str], fixed_start: FixedStarts, max_items: int, max_depth: int) -> _Programme:
        names = tuple(speaker_ids)
        return cls(
            speakers=st.lists(st.sampled_from(names), unique=True, max_size=3).map(tuple) if names else st.just(()),
            chairs=st.none() | st.sampled_from(names) if names else st.none(),
            fixed_start=fixed_start,
            max_depth=max_depth,
            left=max_items,
        )

    def new_id(self, draw: st.DrawFn) -> str:
        """An id not taken yet in this programme."""
        value = draw(ids())
        candidate, suffix = value, 2
        while candidate in self.taken:
            candidate, suffix = f"{value}-{suffix}", suffix + 1
        self.taken.add(candidate)
        return candidate


_ITEM_KINDS = st.sampled_from(ItemKind)
_ITEM_DURATIONS = durations()
_OPTIONAL_DESCRIPTIONS = _sometimes(_or_localized(texts()))
_TITLES = _or_localized(titles())
_ALLOTTED = st.none() | durations(timedelta(minutes=5), timedelta(hours=4), timedelta(minutes=5))
_CHILD_COUNTS = tuple(st.integers(1, most) for most in range(1, 5))


def _item(draw: st.DrawFn, programme: _Programme) -> Item:
    programme.left -= 1
    return _make(
        draw,
        Item,
        id=programme.new_id(draw),
        title=draw(_TITLES),
        duration=draw(_ITEM_DURATIONS),
        kind=draw(_ITEM_KINDS),
        speakers=draw(programme.speakers),
        start=programme.fixed_start(draw),
        description=draw(_OPTIONAL_DESCRIPTIONS),
    )


def _nodes(draw: st.DrawFn, programme: _Programme, depth: int, parts_only: bool = False) -> tuple[Node, ...]:
    """At least one node (while items are left), parts only below `max_depth`."""
    count = draw(_CHILD_COUNTS[max(1, min(4, programme.left)) - 1])
    nodes: list[Node] = []
    for _ in range(count):
        if programme.left <= 0:
            break
        if parts_only or (depth < programme.max_depth and draw(st.booleans())):
            nodes.append(_part(draw, programme, depth))
        else:
            nodes.append(_item(draw, programme))
    return tuple(nodes)


def _part(draw: st.DrawFn, programme: _Programme, depth: int) -> Part:
    part_id = programme.new_id(draw)
    title = draw(_TITLES)
    start = programme.fixed_start(draw)
    children = _nodes(draw, programme, depth + 1)
    return _make(
        draw,
        Part,
        id=part_id,
        title=title,
        items=children,
        allotted=draw(_ALLOTTED),
        chair=draw(programme.chairs),
        start=start,
        description=draw(_OPTIONAL_DESCRIPTIONS),
    )


def _zone_of(value: datetime) -> ZoneInfo:
    if not isinstance(value.tzinfo, ZoneInfo):
        raise ValueError(f"{value!r} must carry a zoneinfo.ZoneInfo zone")
    return value.tzinfo


def _fixed_starts(near: datetime | None) -> FixedStarts:
    return _no_fixed_start if near is None else _fixed_starts_near(near, (_zone_of(near),))


def items(*, speaker_ids: Sequence[str] = (), fixed_start_near: datetime | None = None) -> st.SearchStrategy[Item]:
    """One item (a leaf of the programme). Its speakers are drawn from `speaker_ids`; with
    `fixed_start_near`, it sometimes carries a fixed start within hours of that instant."""
    fixed = _fixed_starts(fixed_start_near)

    @st.composite
    def draw_item(draw: st.DrawFn) -> Item:
        return _item(draw, _Programme.of(speaker_ids, fixed, max_items=1, max_depth=0))

    return draw_item()


def parts(
    *,
    max_items: int = 8,
    max_depth: int = 3,
    speaker_ids: Sequence[str] = (),
    fixed_start_near: datetime | None = None,
) -> st.SearchStrategy[Part]:
    """A part holding blocks and items, nested at most `max_depth` levels below it (1: items only), with at most
    `max_items` items in all (at least one) and ids unique within it. Chairs and speakers are
    drawn from `speaker_ids`; budgets (`allotted`) are sometimes short, sometimes generous."""
    if max_items < 1 or max_depth < 1:
        raise ValueError("a part needs max_items >= 1 and max_depth >= 1")
    fixed = _fixed_starts(fixed_start_near)

    @st.composite
    def draw_part(draw: st.DrawFn) -> Part:
        return _part(draw, _Programme.of(speaker_ids, fixed, max_items, max_depth), 0)

    return draw_part()


_RECURRENCES = st.sampled_from(("FREQ=WEEKLY;COUNT=4", "FREQ=MONTHLY;BYDAY=2TU;COUNT=6", "FREQ=DAILY;COUNT=3")).map(
    lambda rule: Recurrence(rule=rule)
)
_BOOKED_LENGTHS = st.none() | durations(timedelta(minutes=30), timedelta(hours=12), timedelta(minutes=15))
_LANGUAGES = st.none() | st.sampled_from(("en", "ru", "hi", "de"))
_PLATFORMS = st.none() | _builds(Platform, name=titles(max_words=2), url=st.none() | _URLS)
_ORGANIZERS = st.none() | _builds(Organizer, name=_NAMES, email=_EMAILS)
_OPTIONAL_URLS = st.none() | _URLS
_ORGANIZATION_LISTS = st.lists(organizations(), max_size=3, unique_by=lambda org: org.id)


def agendas(
    *,
    max_items: int = 12,
    max_depth: int = 3,
    max_speakers: int = 5,
    max_audiences: int = 3,
    with_fixed_starts: bool = True,
    event_zones: st.SearchStrategy[ZoneInfo] | None = None,
    years: tuple[int, int] = (1995, 2035),
) -> st.SearchStrategy[Agenda]:
    """Valid agendas: an event in a zone from `event_zones` (default `zones()`), a programme of
    parts (top level) holding blocks and items at most `max_depth` levels deep with 1 to
    `max_items` items, declared speakers and organisations that every reference points to, ids
    unique across the programme, and audiences in zones from the whole tz database.

    The event starts in the years `years` (first and last included), possibly at a local time a
    DST change skips or repeats. With `with_fixed_starts`,
    some items and parts carry a fixed start (in the event's zone or an audience's) within ten
    hours of the event's start; fixed starts may make items overlap, as they can in real files.
    """
    if max_items < 1 or max_depth < 1:
        raise ValueError("an agenda needs max_items >= 1 and max_depth >= 1")
    starts = local_datetimes(event_zones, min_year=years[0], max_year=years[1])
    audience_lists = st.lists(audiences(), max_size=max_audiences, unique_by=lambda a: a.name)

    @st.composite
    def draw_agenda(draw: st.DrawFn) -> Agenda:
        start = draw(starts)
        zone = _zone_of(start)
        orgs = draw(_ORGANIZATION_LISTS)
        people = draw(
            st.lists(
                speakers(organization_ids=[org.id for org in orgs]),
                max_size=max_speakers,
                unique_by=lambda speaker: speaker.id,
            )
        )
        watchers = draw(audience_lists)
        anchor, _ = resolve_local(start, DstPolicy.COMPATIBLE)
        fixed = (
            _fixed_starts_near(anchor, (zone, *(a.zone for a in watchers))) if with_fixed_starts else _no_fixed_start
        )
        programme = _Programme.of([person.id for person in people], fixed, max_items, max_depth)
        top = _nodes(draw, programme, 0, parts_only=True)
        booked = draw(_BOOKED_LENGTHS)
        event = _make(
            draw,
            Event,
            id=draw(ids()),
            title=draw(_TITLES),
            start=start,
            end=(anchor + booked).astimezone(zone).replace(fold=0) if booked is not None else None,
            description=draw(_OPTIONAL_DESCRIPTIONS),
            language=draw(_LANGUAGES),
            platform=draw(_PLATFORMS),
            organizer=draw(_ORGANIZERS),
            revision=draw(st.integers(0, 20)),
            recurrence=draw(st.none() | _RECURRENCES),
            url=draw(_OPTIONAL_URLS),
            color=None,  # calendars read a CSS colour name; free text would only test their parsers
        )
        return _make(draw, Agenda, event=event, parts=top, speakers=people, organizations=orgs, audiences=watchers)

    return draw_agenda()
