"""Local hours: items at times the audiences or the speakers cannot reasonably attend."""

from __future__ import annotations

from collections.abc import Iterator

from agenda._model import ItemKind
from agenda.checks.context import CheckContext, item_of
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity


@register("AG401", "audience-hours", Severity.ERROR, "An item falls outside an audience's local hours.")
def audience_hours(context: CheckContext) -> Iterator[Hit]:
    """An item (other than a break) starts or ends outside the local hours of an audience:
    its ``hours``, or ``check.audience_hours`` for audiences that give none. The times are
    shown in the audience's zone with the date shift from the event's date."""
    audiences = list(context.audience_hours())
    if not audiences:
        return
    for slot in context.item_slots:
        if item_of(slot).kind is ItemKind.BREAK:
            continue
        for index, name, zone, hours in audiences:
            if hours.contains(slot.start.astimezone(zone), slot.end.astimezone(zone)):
                continue
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
    (09:00–18:00 unless configured) for speakers that give none."""
    default = context.settings.working_hours
    for slot in context.item_slots:
        for speaker_id in dict.fromkeys(item_of(slot).speakers):
            entry = context.speakers_by_id.get(speaker_id)
            if entry is None or entry[1].zone is None:
                continue
            speaker, zone = entry[1], entry[1].zone
            hours = speaker.hours or default
            if hours.contains(slot.start.astimezone(zone), slot.end.astimezone(zone)):
                continue
            yield Hit(
                path=f"{slot.path}.speakers",
                message=(
                    f"{speaker.name} speaks in {context.title(slot)} at {context.span(slot.start, slot.end, zone)}; "
                    f"working hours {hours}"
                ),
                related=(f"speakers[{entry[0]}]",),
            )
