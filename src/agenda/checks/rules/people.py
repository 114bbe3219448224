"""People: double bookings (in one agenda and across agendas), availability, declarations, ids."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Container, Iterator, Sequence
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import attrs

from agenda._model import Agenda, CheckSettings, Interval, Item, Part
from agenda._timeline import Slot
from agenda.checks.context import CheckContext, item_of, span_words
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity


def _bookings(context: CheckContext) -> dict[str, list[Slot]]:
    """Speaker id -> the item slots they speak in, by start."""
    found: dict[str, list[Slot]] = defaultdict(list)
    for slot in context.items_by_time:
        for speaker in dict.fromkeys(item_of(slot).speakers):
            found[speaker].append(slot)
    return found


@register("AG301", "speaker-double-booked", Severity.ERROR, "A speaker is in two items that overlap.")
def speaker_double_booked(context: CheckContext) -> Iterator[Hit]:
    """The same speaker is listed on two items that run at the same time."""
    for speaker, slots in _bookings(context).items():
        latest: Slot | None = None
        for slot in slots:
            if latest is not None and slot.start < latest.end and slot.duration.total_seconds() > 0:
                yield Hit(
                    path=f"{slot.path}.speakers",
                    message=(
                        f"{context.speaker_name(speaker)} is booked for {context.title(slot)} "
                        f"({context.span(slot.start, slot.end, inline=True)}) and {context.title(latest)} "
                        f"({context.span(latest.start, latest.end, offset=False, inline=True)}) at once"
                    ),
                    related=(latest.path,),
                )
            if latest is None or slot.end > latest.end:
                latest = slot


class _Booking(NamedTuple):  # a tuple: one per speaker and item of every agenda
    start: datetime
    end: datetime
    agenda: int
    event: str
    path: str
    title: str
    name: str


@attrs.frozen
class _Speaking:
    """What AG302 reads of one agenda: who speaks when, as (person, name, start, end, item path,
    item title) in programme order, and how the agenda writes times."""

    label: str
    event: str
    zone: ZoneInfo
    reference: datetime
    bookings: tuple[tuple[str, str, datetime, datetime, str, str], ...]

    def span(self, start: datetime, end: datetime, *, offset: bool = True) -> str:
        return span_words(start, end, self.zone, self.reference, offset=offset, inline=True)


def _person_key(context: CheckContext, speaker_id: str) -> tuple[str, str]:
    """People are matched across files by e-mail, else by name (ids are local to a file)."""
    entry = context.speakers_by_id.get(speaker_id)
    if entry is None:
        return f"id:{speaker_id}", speaker_id
    speaker = entry[1]
    if speaker.email:
        return f"email:{speaker.email.strip().lower()}", speaker.name
    return f"name:{' '.join(speaker.name.casefold().split())}", speaker.name


def _speaking(context: CheckContext) -> _Speaking:
    bookings = []
    for slot in context.item_slots:
        if slot.duration.total_seconds() <= 0:
            continue
        title = context.title(slot)
        for speaker in dict.fromkeys(item_of(slot).speakers):
            key, name = _person_key(context, speaker)
            bookings.append((key, name, slot.start, slot.end, slot.path, title))
    return _Speaking(context.label, context.agenda.event.id, context.event_zone, context.reference, tuple(bookings))


@register(
    "AG302",
    "speaker-double-booked-across-files",
    Severity.ERROR,
    "A speaker is booked at the same time in two agendas checked together.",
    cross_file=_speaking,
)
def speaker_double_booked_across_files(
    agendas: Sequence[_Speaking], wanted: Container[int]
) -> Iterator[tuple[int, Hit]]:
    """Several agendas checked in one run (``agenda check a.toml b.toml``) book the same person
    at overlapping times. People are matched by e-mail address, or by name when no address is
    given. The finding appears in both files. Files with the same event ``id`` are versions of
    one event (the same agenda in TOML and YAML, say) and are not compared with each other."""
    if len(agendas) < 2:
        return
    people: dict[str, list[_Booking]] = defaultdict(list)
    for index, agenda in enumerate(agendas):
        for key, name, start, end, path, title in agenda.bookings:
            people[key].append(_Booking(start, end, index, agenda.event, path, title, name))
    spans: dict[tuple[object, ...], str] = {}
    for bookings in people.values():
        bookings.sort(key=lambda b: b[:3])  # start, end, agenda
        # The booking that ends last, and the one that ends last in another event than it.
        best: _Booking | None = None
        other: _Booking | None = None
        for booking in bookings:
            rival = best if best is not None and best.event != booking.event else other
            if rival is not None and booking.start < rival.end:
                yield from _cross_hits(agendas, booking, rival, spans, wanted)
            if best is None or booking.end > best.end:
                if best is not None and best.event != booking.event:
                    other = best
                best = booking
            elif booking.event != best.event and (other is None or booking.end > other.end):
                other = booking


def _cross_hits(
    agendas: Sequence[_Speaking],
    one: _Booking,
    two: _Booking,
    spans: dict[tuple[object, ...], str],
    wanted: Container[int],
) -> Iterator[tuple[int, Hit]]:
    def span(here: _Speaking, booking: _Booking, offset: bool) -> str:
        # A person booked in many agendas is written at the same times over and over: once each.
        key = (here.zone, here.reference, booking.start, booking.end, offset)
        text = spans.get(key)
        if text is None:
            text = spans[key] = here.span(booking.start, booking.end, offset=offset)
        return text

    for this, that in ((one, two), (two, one)):
        if this.agenda not in wanted:
            continue
        here, there = agendas[this.agenda], agendas[that.agenda]
        yield (
            this.agenda,
            Hit(
                path=f"{this.path}.speakers",
                message=(
                    f"{this.name} speaks in {this.title} ({span(here, this, True)}) "
                    f"and at the same time in {that.title} of {there.label!r} "
                    f"({span(here, that, False)}; {that.path})"
                ),
            ),
        )


@register("AG303", "speaker-unavailable", Severity.ERROR, "A speaker's slot lies outside their availability.")
def speaker_unavailable(context: CheckContext) -> Iterator[Hit]:
    """A speaker declares ``availability`` windows and an item of theirs is not inside one.
    Windows that touch or overlap count as one (10:00–11:15 and 11:15–13:00 cover 11:00–11:30)."""
    for speaker_id, slots in _bookings(context).items():
        entry = context.speakers_by_id.get(speaker_id)
        if entry is None or not entry[1].availability:
            continue
        speaker = entry[1]
        windows = _merged(context.availability(entry[0]))
        starts = [start for start, _ in windows]
        zone = speaker.zone or context.event_zone
        for slot in slots:
            position = bisect.bisect_right(starts, slot.start) - 1
            if position >= 0 and windows[position][1] >= slot.end:
                continue
            offered = "; ".join(_window(context, start, end, zone) for start, end in windows[:3])
            more = f" and {len(windows) - 3} more" if len(windows) > 3 else ""
            yield Hit(
                path=f"{slot.path}.speakers",
                message=(
                    f"{speaker.name} speaks in {context.title(slot)} at {context.span(slot.start, slot.end, zone)} "
                    f"but is available only {offered}{more}"
                ),
                related=(f"speakers[{entry[0]}].availability",),
            )


def _merged(windows: Sequence[Interval]) -> list[tuple[datetime, datetime]]:
    """The windows as disjoint (start, end) pairs by start: those that touch or overlap joined."""
    merged: list[tuple[datetime, datetime]] = []
    for window in sorted(windows, key=lambda w: w.start):
        if merged and window.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], window.end))
        else:
            merged.append((window.start, window.end))
    return merged


def _window(context: CheckContext, start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """A window in the speaker's zone, and in the event's when that differs (a common misreading)."""
    text = context.span(start, end, zone, offset=False, inline=True)
    if zone != context.event_zone:
        text += f" ({context.span(start, end, offset=False, inline=True)})"
    return text


def _references(context: CheckContext) -> Iterator[tuple[str, str]]:
    """(path, speaker id) for every speaker reference: item speakers and part chairs."""
    for path, node in context.nodes():
        if isinstance(node, Item):
            for index, speaker in enumerate(node.speakers):
                yield f"{path}.speakers[{index}]", speaker
        elif isinstance(node, Part) and node.chair is not None:
            yield f"{path}.chair", node.chair


@register("AG304", "undeclared-speaker", Severity.ERROR, "A speaker id is used but not declared.")
def undeclared_speaker(context: CheckContext) -> Iterator[Hit]:
    """An item's ``speakers`` or a part's ``chair`` names an id that no entry in ``speakers``
    declares (often a typo)."""
    declared = context.speakers_by_id
    for path, speaker in _references(context):
        if speaker in declared:
            continue
        import difflib  # only for a speaker to suggest a name for

        close = difflib.get_close_matches(speaker, list(declared), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        yield Hit(path=path, message=f"speaker {speaker!r} is not declared in speakers{hint}")


@register("AG305", "unused-speaker", Severity.WARNING, "A declared speaker is in no item and chairs nothing.")
def unused_speaker(context: CheckContext) -> Iterator[Hit]:
    """A speaker is declared but appears in no item's ``speakers`` and chairs no part."""
    used = {speaker for _, speaker in _references(context)}
    for index, speaker in enumerate(context.agenda.speakers):
        if speaker.id not in used:
            yield Hit(
                path=f"speakers[{index}]",
                message=f"speaker {speaker.name!r} ({speaker.id}) is declared but never on the programme",
            )


@register("AG306", "duplicate-id", Severity.ERROR, "Two parts or items, speakers or organisations share an id.")
def duplicate_id(context: CheckContext) -> Iterator[Hit]:
    """Ids identify things across revisions (calendar UIDs come from them): two parts or
    items, two speakers or two organisations with the same id are an error. An item without an
    ``id`` takes one from its title, so two items titled alike need explicit ids."""
    groups: list[tuple[str, Iterator[tuple[str, str]]]] = [
        ("programme", ((path, node.id) for path, node in context.nodes())),
        ("speakers", ((f"speakers[{i}]", s.id) for i, s in enumerate(context.agenda.speakers))),
        ("organizations", ((f"organizations[{i}]", o.id) for i, o in enumerate(context.agenda.organizations))),
    ]
    for group, entries in groups:
        first: dict[str, str] = {}
        for path, value in entries:
            if value in first:
                yield Hit(
                    path=f"{path}.id",
                    message=f"id {value!r} is already used in the {group} by {first[value]}",
                    related=(first[value],),
                )
            else:
                first[value] = path


@register("AG307", "undeclared-organization", Severity.WARNING, "A speaker's organisation is not declared.")
def undeclared_organization(context: CheckContext) -> Iterator[Hit]:
    """A speaker's ``organization`` names an id that no entry in ``organizations`` declares."""
    declared = {organization.id for organization in context.agenda.organizations}
    for index, speaker in enumerate(context.agenda.speakers):
        if speaker.organization is not None and speaker.organization not in declared:
            yield Hit(
                path=f"speakers[{index}].organization",
                message=f"organisation {speaker.organization!r} of {speaker.name} is not declared in organizations",
            )


class _Declaration:
    """What AG308 reads of one agenda: its label, its event id, and the agenda to compare. Sent
    to another process, the agenda becomes a digest of its file form without the ``check``
    section, which is the same exactly when the agendas are (`dumps` and `loads` round-trip)."""

    __slots__ = ("_agenda", "_digest", "_plain", "event", "label")

    def __init__(self, label: str, event: str, agenda: Agenda | None, digest: bytes | None = None) -> None:
        self.label = label
        self.event = event
        self._agenda = agenda
        self._plain: Agenda | None = None
        self._digest = digest

    def same(self, other: _Declaration) -> bool:
        """Whether both are the same agenda, ``check`` settings aside."""
        if self._agenda is not None and other._agenda is not None:
            return self.plain() == other.plain()
        return self.digest() == other.digest()

    def plain(self) -> Agenda:
        """The agenda without its ``check`` settings (made when first compared)."""
        if self._plain is None:
            if self._agenda is None:
                raise ValueError("only the digest of this agenda is known")
            self._plain = attrs.evolve(self._agenda, check=CheckSettings())
        return self._plain

    def digest(self) -> bytes:
        if self._digest is None:
            import hashlib
            import json

            from agenda._formats.convert import unstructure_agenda

            text = json.dumps(unstructure_agenda(self.plain()), sort_keys=True, ensure_ascii=False)
            self._digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        return self._digest

    def __reduce__(self) -> tuple[type[_Declaration], tuple[str, str, None, bytes]]:
        return _Declaration, (self.label, self.event, None, self.digest())


def _declaration(context: CheckContext) -> _Declaration:
    return _Declaration(context.label, context.agenda.event.id, context.agenda)


@register(
    "AG308",
    "event-id-reused",
    Severity.ERROR,
    "Two different agendas checked together declare the same event id.",
    cross_file=_declaration,
)
def event_id_reused(agendas: Sequence[_Declaration], wanted: Container[int]) -> Iterator[tuple[int, Hit]]:
    """Calendar UIDs are made from the event's ``id``: two agendas that declare the same id but
    differ would overwrite each other's events in the attendees' calendars (one was copied from
    the other and its id not changed). The finding appears in both files. The same agenda in two
    formats (TOML and YAML) is one event and stays silent; ``check`` settings are not compared."""
    if len(agendas) < 2:
        return
    groups: dict[str, list[int]] = defaultdict(list)
    for index, agenda in enumerate(agendas):
        groups[agenda.event].append(index)
    for event_id, members in groups.items():
        if len(members) < 2:
            continue
        for index in members:
            if index not in wanted:
                continue
            others = [other for other in members if other != index and not agendas[other].same(agendas[index])]
            if not others:
                continue
            names = ", ".join(repr(agendas[other].label) for other in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            yield (
                index,
                Hit(
                    path="event.id",
                    message=(
                        f"event id {event_id!r} is also declared by {names}{more}, a different agenda: their "
                        "calendar events would share UIDs and replace each other; give each event its own id"
                    ),
                ),
            )
