"""What every rule sees: the agenda, its timeline, the settings, and indexes built once.

Indexes are computed lazily and shared, so each rule stays a sort-and-sweep over the timeline.
Also here: how times are written in messages (``23:30 Asia/Kolkata (+1 day)``), through
`agenda._words` like every other output.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from agenda import _words as words
from agenda._holidays import HolidaySource, package_holidays
from agenda._model import Agenda, CheckSettings, Interval, Item, Node, Part, Speaker
from agenda._timeline import Slot, Timeline
from agenda._times import LocalHours, LocalTimeIssue, resolve_local
from agenda.checks.report import DriftEntry

__all__ = ["CheckContext", "Words", "duration", "item_of", "part_of", "span_words"]


def item_of(slot: Slot) -> Item:
    """The slot's node as an item (rules call this on item slots)."""
    if not isinstance(slot.node, Item):
        raise TypeError(f"{slot.path} is a part, not an item")
    return slot.node


def part_of(slot: Slot) -> Part:
    """The slot's node as a part (rules call this on part slots)."""
    if not isinstance(slot.node, Part):
        raise TypeError(f"{slot.path} is an item, not a part")
    return slot.node


class Words:
    """How messages write nodes and times: from the event's zone and start (day shifts are
    counted from its date). A message written later holds this, not the whole `CheckContext`,
    so that the timeline can go once the check is done."""

    def __init__(self, event_zone: ZoneInfo, reference: datetime) -> None:
        self.event_zone = event_zone
        #: The event's start as a wall time in its zone: day shifts are counted from its date.
        self.reference = reference

    def title(self, slot: Slot) -> str:
        node = slot.node
        kind = "item" if isinstance(node, Item) else ("part" if slot.depth == 0 else "block")
        return f"{kind} {node.title!r}"

    def shift(self, moment: datetime, zone: ZoneInfo) -> str:
        """``+1 day`` when `moment` falls on another date in `zone` than the event's date."""
        return words.day_shift(moment, zone, self.reference)

    def at(self, moment: datetime, zone: ZoneInfo | None = None, *, offset: bool = False, inline: bool = False) -> str:
        """``23:30 Asia/Kolkata (+1 day)``, or with `offset` ``23:30 Asia/Kolkata (UTC+05:30, +1 day)``;
        `inline` puts the notes after commas instead, for text that is itself in parentheses."""
        return words.at(moment, zone or self.event_zone, self.reference, offset=offset, inline=inline)

    def span(
        self, start: datetime, end: datetime, zone: ZoneInfo | None = None, *, offset: bool = True, inline: bool = False
    ) -> str:
        """``21:30–23:30 Asia/Kolkata (UTC+05:30, +1 day)``, or ``23:30–00:30 Asia/Kolkata (UTC+05:30, ends
        +1 day)`` when the ends fall on different dates; `inline` puts the notes after commas instead
        (``21:30–23:30 Asia/Kolkata, UTC+05:30``), for text that is itself in parentheses."""
        return span_words(start, end, zone or self.event_zone, self.reference, offset=offset, inline=inline)


class CheckContext(Words):
    """One agenda under check. Rules read it; nothing here changes after construction."""

    def __init__(
        self,
        agenda: Agenda,
        timeline: Timeline,
        settings: CheckSettings,
        label: str | None = None,
        holidays: HolidaySource = package_holidays,
    ) -> None:
        self.agenda = agenda
        #: Where public holidays come from (the command line passes a cached source).
        self.holidays = holidays
        self.timeline = timeline
        self.settings = settings
        self.label = label or agenda.event.title
        super().__init__(agenda.event.zone, timeline.start.astimezone(agenda.event.zone))
        self.event_date: date = self.reference.date()
        #: The words alone, for messages written later.
        self.words = Words(self.event_zone, self.reference)

    # -- indexes -------------------------------------------------------------------------------

    def nodes(self) -> Iterator[tuple[str, Node]]:
        """Every node of the programme with its path, depth first: `Agenda.walk`, read from the
        timeline's slots (which are in that order) without making the agenda keep a list of them."""
        return ((slot.path, slot.node) for slot in self.timeline.slots)

    @functools.cached_property
    def item_slots(self) -> tuple[Slot, ...]:
        """Item slots in programme order."""
        return tuple(self.timeline.items())

    @functools.cached_property
    def items_by_time(self) -> tuple[Slot, ...]:
        """Item slots by start, then end, then programme order (the order sweeps need)."""
        walls, slots = self.timeline._walls, self.timeline.slots
        starts, ends = walls.starts, walls.ends
        # On the instants as integers; the sort is stable, so ties keep programme order.
        return tuple(slots[i] for i in sorted(walls.items, key=lambda i: (starts[i], ends[i])))

    @functools.cached_property
    def part_slots(self) -> tuple[Slot, ...]:
        return tuple(slot for slot in self.timeline.slots if isinstance(slot.node, Part))

    @functools.cached_property
    def slot_by_path(self) -> dict[str, Slot]:
        return {slot.path: slot for slot in self.timeline.slots}

    @functools.cached_property
    def children(self) -> dict[str, tuple[Slot, ...]]:
        """Part path -> its direct children, in order (`Timeline.children` of each, in one pass)."""
        found: dict[str, list[Slot]] = {slot.path: [] for slot in self.part_slots}
        for slot in self.timeline.slots:
            if slot.parent is not None:
                found[slot.parent].append(slot)
        return {path: tuple(children) for path, children in found.items()}

    @functools.cached_property
    def speakers_by_id(self) -> dict[str, tuple[int, Speaker]]:
        """Declared speaker id -> (index, speaker); the first declaration wins."""
        found: dict[str, tuple[int, Speaker]] = {}
        for index, speaker in enumerate(self.agenda.speakers):
            found.setdefault(speaker.id, (index, speaker))
        return found

    @functools.cached_property
    def drift(self) -> tuple[DriftEntry, ...]:
        """Each part's end against its plan, where the plan gives every budgeted part exactly
        its budget (and fixed starts stay fixed)."""
        entries: list[DriftEntry | None] = []
        self._plan(self.agenda.parts, self.timeline.start, iter(self.timeline.slots), entries)
        return tuple(entry for entry in entries if entry is not None)

    def _plan(
        self, nodes: Sequence[Node], cursor: datetime, slots: Iterator[Slot], entries: list[DriftEntry | None]
    ) -> datetime:
        """Where `nodes` end by the plan from `cursor` on, each part's entry added to `entries` in
        programme order. `slots` are the timeline's from the first of `nodes` on: theirs, in the
        same order (each part before its children)."""
        for node in nodes:
            slot = next(slots)
            if slot.node is not node:
                raise ValueError(f"the timeline does not place the agenda's programme (at {slot.path})")
            start = slot.start if node.start is not None else cursor
            if isinstance(node, Item):
                end = start + node.duration
            else:
                position = len(entries)
                entries.append(None)  # the part's entry, once its children are planned
                inner = self._plan(node.items, start, slots, entries)
                end = start + node.allotted if node.allotted is not None else inner
                entries[position] = DriftEntry(
                    path=slot.path, title=node.title, planned_end=end, end=slot.end, budget=node.allotted
                )
            cursor = end
        return cursor

    @functools.cached_property
    def _resolved(self) -> tuple[dict[str, datetime], tuple[tuple[str, LocalTimeIssue], ...]]:
        """Every local time of the file that the timeline does not place (the booked end, the
        speakers' availability), resolved by RFC 5545's rule, and the DST issues of them all."""
        resolved: dict[str, datetime] = {}
        issues = list(self.timeline.local_time_issues)
        walls: list[tuple[str, datetime]] = []
        if self.agenda.event.end is not None:
            walls.append(("event.end", self.agenda.event.end))
        for index, speaker in enumerate(self.agenda.speakers):
            for number, window in enumerate(speaker.availability):
                prefix = f"speakers[{index}].availability[{number}]"
                walls.extend(((f"{prefix}.start", window.start), (f"{prefix}.end", window.end)))
        for path, wall in walls:
            moment, issue = resolve_local(wall)
            resolved[path] = moment
            if issue is not None:
                issues.append((path, issue))
        return resolved, tuple(issues)

    @property
    def local_time_issues(self) -> tuple[tuple[str, LocalTimeIssue], ...]:
        """(path, issue) for every local time in the agenda that a DST change skips or repeats."""
        return self._resolved[1]

    @property
    def booked_end(self) -> datetime | None:
        """The event's booked end as the instant it names (a skipped wall time moved forward)."""
        return self._resolved[0].get("event.end")

    def availability(self, index: int) -> tuple[Interval, ...]:
        """The availability windows of the speaker at `index`, their ends resolved like every
        local time (a window from 02:30 on the night the clocks skip it starts at 03:30)."""
        resolved = self._resolved[0]
        windows = self.agenda.speakers[index].availability
        prefix = f"speakers[{index}].availability"
        return tuple(
            Interval(start=resolved[f"{prefix}[{n}].start"], end=resolved[f"{prefix}[{n}].end"])
            for n, _ in enumerate(windows)
        )

    def speaker_name(self, speaker_id: str) -> str:
        entry = self.speakers_by_id.get(speaker_id)
        return entry[1].name if entry else speaker_id

    @functools.cached_property
    def participant_zones(self) -> tuple[ZoneInfo, ...]:
        """The event's zone, the audiences' zones and the speakers' zones, each once."""
        zones: dict[str, ZoneInfo] = {str(self.event_zone.key): self.event_zone}
        for audience in self.agenda.audiences:
            zones.setdefault(str(audience.zone.key), audience.zone)
        for speaker in self.agenda.speakers:
            if speaker.zone is not None:
                zones.setdefault(str(speaker.zone.key), speaker.zone)
        return tuple(zones.values())

    def audience_hours(self) -> Iterator[tuple[int, str, ZoneInfo, LocalHours]]:
        """(index, name, zone, hours) for each audience that has hours or a default."""
        for index, audience in enumerate(self.agenda.audiences):
            hours = audience.hours or self.settings.audience_hours
            if hours is not None:
                yield index, audience.name, audience.zone, hours


def span_words(
    start: datetime, end: datetime, zone: ZoneInfo, reference: datetime, *, offset: bool = True, inline: bool = False
) -> str:
    """`CheckContext.span` without a context: what a cross-file rule writes from a summary."""
    return words.span(start, end, zone, reference, offset=offset, key=True, inline=inline)


#: A duration for messages (``1h30m``), as every output writes one.
duration = words.duration
