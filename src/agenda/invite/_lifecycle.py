"""The invitation lifecycle: given the agenda and the version invited last, what to send to whom
(REQUEST, CANCEL, or nothing). Pure: values in, values out."""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs

from agenda._model import Agenda, Item
from agenda.exceptions import InviteError
from agenda.ical import Attendee, CalendarEvent, ExportError, against_previous, plan_events

__all__ = ["InviteError", "Method", "Notice", "Split", "plan_notices", "split_of"]

Split: TypeAlias = Literal["event", "parts", "items"]
SPLITS: tuple[Split, ...] = ("event", "parts", "items")
Method: TypeAlias = Literal["request", "cancel"]


@attrs.frozen(kw_only=True)
class Notice:
    """One calendar event to send: a REQUEST (new or updated) or a CANCEL, with the SEQUENCE it
    goes out with, the people the agenda invites to it, and the agenda version it describes."""

    method: Method
    event: CalendarEvent
    agenda: Agenda
    recipients: tuple[Attendee, ...]
    #: "new", "updated", "cancelled" (the event was removed) or "uninvited" (the recipients were
    #: taken off an event that goes on).
    reason: Literal["new", "updated", "cancelled", "uninvited"]
    #: For an update, the event as the previous version sent it.
    previous: CalendarEvent | None = None

    @property
    def to_attendee_list(self) -> bool:
        """Whether the people of an attendee list get this notice too (not a personal uninvite)."""
        return self.reason != "uninvited"


def _plan(agenda: Agenda, split: Split, speaker: str | None, *, tolerate_no_slots: bool) -> tuple[CalendarEvent, ...]:
    """The events of `agenda`; with `tolerate_no_slots`, none for a speaker who has no slot in it."""
    try:
        return plan_events(agenda, split=split, speaker=speaker)
    except ExportError:
        if speaker is None or not tolerate_no_slots:
            raise
        return ()


def _names_speaker(agenda: Agenda, speaker: str) -> bool:
    """Whether `speaker` is declared in `agenda` or named by one of its items or parts."""
    if agenda.speaker(speaker) is not None:
        return True
    return any(
        speaker in node.speakers if isinstance(node, Item) else node.chair == speaker for _, node in agenda.walk()
    )


def split_of(agenda: Agenda, split: str | None = None) -> Split:
    """The split a version is sent with: `split` if given, else the file's ``event.split``, else
    ``"event"``."""
    chosen = split or agenda.event.split or "event"
    if chosen not in SPLITS:
        raise InviteError(f"unknown split {chosen!r}: use one of {', '.join(SPLITS)}")
    return next(known for known in SPLITS if known == chosen)


def plan_notices(
    agenda: Agenda,
    *,
    previous: Agenda | None = None,
    split: Split | None = None,
    speaker: str | None = None,
    previous_split: Split | None = None,
) -> tuple[Notice, ...]:
    """What to send for `agenda`, in programme order.

    The split is part of each version's state: `split` (else the file's ``event.split``, else
    ``"event"``) for `agenda`, `previous_split` (else the previous file's ``event.split``, else
    the current split) for `previous`. When they differ, every event the previous version sent
    and this one does not is cancelled, to the people it was sent to, and the new ones go out.

    Without `previous`, a REQUEST for every event. With it, events are matched by UID: one whose
    content changed goes out as a REQUEST with SEQUENCE the new revision; one that is gone as a
    CANCEL (STATUS:CANCELLED, same UID, the new revision as SEQUENCE); an unchanged one not at
    all. People taken off an event that goes on get a CANCEL of their own (RFC 5546 3.2.5).
    Raises `InviteError` when something changed but `agenda.event.revision` is not above
    `previous.event.revision` (`agenda.ical.against_previous`).
    """
    if agenda.event.organizer is None:
        raise InviteError("the agenda has no organizer: invitations need [event.organizer] with an e-mail")
    if speaker is not None and not _names_speaker(agenda, speaker):
        raise InviteError(f"speaker {speaker!r}: not a speaker of this agenda; {agenda.speaker_choices()}")
    # A speaker may have slots in only one of the two versions (added to or taken off the
    # programme); with none in either there is nothing to send them, which is an error.
    now = split_of(agenda, split)
    current = _plan(agenda, now, speaker, tolerate_no_slots=previous is not None)
    if previous is None:
        return tuple(
            Notice(method="request", event=e, agenda=agenda, recipients=e.attendees, reason="new") for e in current
        )
    then = previous_split or previous.event.split or now
    before = _plan(previous, split_of(previous, then), speaker, tolerate_no_slots=bool(current))
    try:
        changed, _, removed = against_previous(
            current, before, agenda.event.revision, previous_revision=previous.event.revision
        )
    except ExportError as error:
        raise InviteError(str(error)) from None
    previous_by_uid = {event.uid: event for event in before}
    notices: list[Notice] = []
    for event in changed:
        old = previous_by_uid.get(event.uid)
        notices.append(
            Notice(
                method="request",
                event=event,
                agenda=agenda,
                recipients=event.attendees,
                reason="new" if old is None else "updated",
                previous=old,
            )
        )
        if old is None:
            continue
        kept = {attendee.email.casefold() for attendee in event.attendees}
        notices.extend(
            Notice(
                method="cancel",
                event=attrs.evolve(event, attendees=(gone,)),
                agenda=agenda,
                recipients=(gone,),
                reason="uninvited",
            )
            for gone in old.attendees
            if gone.email.casefold() not in kept
        )
    notices.extend(
        Notice(method="cancel", event=event, agenda=previous, recipients=event.attendees, reason="cancelled")
        for event in removed
    )
    return tuple(notices)
