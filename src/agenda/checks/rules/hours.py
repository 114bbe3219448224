"""Local hours: items at times the audiences or the speakers cannot reasonably attend."""

from __future__ import annotations

from collections.abc import Iterator

from agenda._model import Speaker
from agenda._times import LocalHours
from agenda.checks.context import CheckContext
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity


@register("AG401", "audience-hours", Severity.ERROR, "An item falls outside an audience's local hours.")
def audience_hours(context: CheckContext) -> Iterator[Hit]:
    """An item (other than a break) starts or ends outside the local hours of an audience:
    its ``hours``, or ``check.audience_hours`` for audiences that give none. The times are
    shown in the audience's zone with the date shift from the event's date. The same question
    as `Timeline.outside_hours`."""
    for index, name, zone, hours in context.audience_hours():
        for late in context.timeline.outside_hours(zone, hours):
            slot = late.slot
            yield Hit(
                path=slot.path,
                message=(
                    f"{context.title(slot)} runs {context.span(slot.start, slot.end, zone)} for {name}; allowed {hours}"
                ),
                related=(f"audiences[{index}]",),
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
    for hours, speakers in groups.items():
        for late in context.timeline.speakers_outside(speakers, hours):
            slot, zone = late.slot, late.zone
            index, speaker = context.speakers_by_id[late.who]
            yield Hit(
                path=f"{slot.path}.speakers",
                message=(
                    f"{speaker.name} speaks in {context.title(slot)} at {context.span(slot.start, slot.end, zone)}; "
                    f"working hours {hours}"
                ),
                related=(f"speakers[{index}]",),
            )
