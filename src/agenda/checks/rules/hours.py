"""Local hours: items at times the audiences or the speakers cannot reasonably attend."""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from agenda._model import Speaker
from agenda._timeline import Slot
from agenda._times import DAY_US, MINUTE_US, LocalHours
from agenda.checks.context import CheckContext, Words
from agenda.checks.registry import register
from agenda.checks.report import Hit, Pending, Ranked, Severity, new_hit


def _audience_message(say: Words, slot: Slot, zone: ZoneInfo, name: str, hours: str) -> str:
    return f"{say.title(slot)} runs {say.span(slot.start, slot.end, zone)} for {name}; allowed {hours}"


@register("AG401", "audience-hours", Severity.ERROR, "An item falls outside an audience's local hours.")
def audience_hours(context: CheckContext) -> Iterator[Hit]:
    """An item (other than a break) starts or ends outside the local hours of an audience:
    its ``hours``, or ``check.audience_hours`` for audiences that give none. The times are
    shown in the audience's zone with the date shift from the event's date. The same question
    as `Timeline.outside_hours`."""
    for index, name, zone, hours in context.audience_hours():
        related, allowed = (f"audiences[{index}]",), str(hours)
        for slot, start in context.timeline._items_outside(zone, hours, False):
            # The messages of one item differ first at its local start (``13:30``): their lead.
            message = Ranked(_audience_message, context.words, slot, zone, name, allowed)
            message.lead = start % DAY_US // MINUTE_US
            yield new_hit(slot.path, message, related)


def _speaker_message(say: Words, slot: Slot, zone: ZoneInfo, speaker: Speaker, hours: str) -> str:
    return (
        f"{speaker.name} speaks in {say.title(slot)} at {say.span(slot.start, slot.end, zone)}; working hours {hours}"
    )


@register("AG402", "speaker-hours", Severity.WARNING, "A speaker's item falls outside their local working hours.")
def speaker_hours(context: CheckContext) -> Iterator[Hit]:
    """A speaker with a ``zone`` is asked to speak outside their working hours in their own
    zone, e.g. at 23:30 their time: the speaker's own ``hours``, or ``check.working_hours``
    (09:00–18:00 unless configured) for speakers that give none. The same question as
    `Timeline.speakers_outside`, asked once per set of hours."""
    default = context.settings.working_hours
    groups: dict[LocalHours, list[Speaker]] = {}
    for _, speaker in context.speakers_by_id.values():  # the first declaration of an id wins
        groups.setdefault(speaker.hours or default, []).append(speaker)
    related: dict[int, tuple[str]] = {}  # one per speaker, shared by their findings
    for hours, speakers in groups.items():
        allowed = str(hours)
        for slot, who, zone in context.timeline._speakers_outside(speakers, hours):
            index, speaker = context.speakers_by_id[who]
            if index not in related:
                related[index] = (f"speakers[{index}]",)
            message = Pending(_speaker_message, context.words, slot, zone, speaker, allowed)
            yield new_hit(f"{slot.path}.speakers", message, related[index])
