"""The invitation lifecycle: given the agenda and the version invited last, what to send to whom
(REQUEST, CANCEL, or nothing). Pure: values in, values out.

An agenda in several languages is one meeting: each event has one UID and one SEQUENCE, decided
on the words of every language (a change in any of them is a change), and carries its words in
each language (`Notice.in_language`) for the people who read it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Literal, TypeAlias

import attrs

from agenda._languages import canonical_tag
from agenda._model import Agenda, Item
from agenda.exceptions import InviteError
from agenda.ical import Attendee, CalendarEvent, ExportError, against_previous, plan_events

__all__ = ["InviteError", "Method", "Notice", "Split", "plan_notices", "split_of"]

Split: TypeAlias = Literal["event", "parts", "items"]
SPLITS: tuple[Split, ...] = ("event", "parts", "items")
Method: TypeAlias = Literal["request", "cancel"]


def _events(value: Mapping[str, CalendarEvent]) -> Mapping[str, CalendarEvent]:
    return MappingProxyType(dict(value))


def _agendas(value: Mapping[str, Agenda]) -> Mapping[str, Agenda]:
    return MappingProxyType(dict(value))


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
    #: For an agenda in several languages, `event` as the readers of each see it: the same UID,
    #: SEQUENCE and people, the words of their language (`Agenda.in_language`).
    translations: Mapping[str, CalendarEvent] = attrs.field(factory=dict, converter=_events)
    #: And `agenda` as they see it (one object per version and language, shared by its notices).
    agendas: Mapping[str, Agenda] = attrs.field(factory=dict, converter=_agendas, repr=False)

    @property
    def to_attendee_list(self) -> bool:
        """Whether the people of an attendee list get this notice too (not a personal uninvite)."""
        return self.reason != "uninvited"

    def in_language(self, language: str | None) -> Notice:
        """This notice for a reader of `language` (None: the event's language): its event and
        agenda in their words, as `Agenda.in_language` gives them. Itself for an agenda in one
        language."""
        if not self.translations:
            return self
        tag = canonical_tag(language) if language is not None else None
        chosen = tag if tag in self.translations else self.agenda.event.language
        if chosen is None or chosen not in self.translations:
            return attrs.evolve(self, agenda=self.agenda.in_language(None))
        return attrs.evolve(self, event=self.translations[chosen], agenda=self.agendas[chosen])


def _languages(*versions: Agenda | None) -> tuple[str, ...]:
    """The languages of the versions, when there are several: each is planned in each."""
    found = tuple(dict.fromkeys(tag for version in versions if version is not None for tag in version.languages))
    return found if len(found) > 1 else ()


@attrs.frozen
class _Worded:
    """A version as the readers of each language see it, and its events in their words."""

    agendas: Mapping[str, Agenda]
    events: Mapping[str, tuple[CalendarEvent, ...]]

    @classmethod
    def plan(
        cls, agenda: Agenda, split: Split, speaker: str | None, languages: Sequence[str], *, tolerate_no_slots: bool
    ) -> _Worded:
        agendas = {tag: agenda.in_language(tag) for tag in languages}
        events = {
            tag: _plan(view, split, speaker, tolerate_no_slots=tolerate_no_slots) for tag, view in agendas.items()
        }
        return cls(agendas, events)

    def translated(self, notice: Notice) -> Notice:
        """`notice` with its event in each language's words (its UID, SEQUENCE and people)."""
        event = notice.event
        translations = {}
        for tag, events in self.events.items():
            words = next(e for e in events if e.uid == event.uid)
            translations[tag] = attrs.evolve(words, sequence=event.sequence, attendees=event.attendees)
        return attrs.evolve(notice, translations=translations, agendas=self.agendas)


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

    For versions in several languages, each is planned in each language too: an event changed
    when its words changed in any of them, and every notice carries its `translations`.
    """
    if agenda.event.organizer is None:
        raise InviteError("the agenda has no organizer: invitations need [event.organizer] with an e-mail")
    if speaker is not None and not _names_speaker(agenda, speaker):
        raise InviteError(f"speaker {speaker!r}: not a speaker of this agenda; {agenda.speaker_choices()}")
    # A speaker may have slots in only one of the two versions (added to or taken off the
    # programme); with none in either there is nothing to send them, which is an error.
    now = split_of(agenda, split)
    languages = _languages(agenda, previous)
    current = _plan(agenda, now, speaker, tolerate_no_slots=previous is not None)
    worded = _Worded.plan(agenda, now, speaker, languages, tolerate_no_slots=previous is not None)
    if previous is None:
        return tuple(
            worded.translated(Notice(method="request", event=e, agenda=agenda, recipients=e.attendees, reason="new"))
            for e in current
        )
    then = split_of(previous, previous_split or previous.event.split or now)
    before = _plan(previous, then, speaker, tolerate_no_slots=bool(current))
    worded_before = _Worded.plan(previous, then, speaker, languages, tolerate_no_slots=bool(current))
    revision, previous_revision = agenda.event.revision, previous.event.revision
    try:
        changed, _, removed = against_previous(current, before, revision, previous_revision=previous_revision)
        # One decision for every language: what changed in the words of any of them changed.
        sequences = {event.uid: event.sequence for event in changed}
        for tag in languages:
            found, _, _ = against_previous(
                worded.events[tag], worded_before.events[tag], revision, previous_revision=previous_revision
            )
            sequences.update((event.uid, event.sequence) for event in found)
    except ExportError as error:
        raise InviteError(str(error)) from None
    changed = tuple(attrs.evolve(event, sequence=sequences[event.uid]) for event in current if event.uid in sequences)
    previous_by_uid = {event.uid: event for event in before}
    notices: list[Notice] = []
    for event in changed:
        old = previous_by_uid.get(event.uid)
        notices.append(
            worded.translated(
                Notice(
                    method="request",
                    event=event,
                    agenda=agenda,
                    recipients=event.attendees,
                    reason="new" if old is None else "updated",
                    previous=old,
                )
            )
        )
        if old is None:
            continue
        kept = {attendee.email.casefold() for attendee in event.attendees}
        for gone in old.attendees:
            if gone.email.casefold() not in kept:
                uninvite = attrs.evolve(event, attendees=(gone,))
                notices.append(
                    worded.translated(
                        Notice(method="cancel", event=uninvite, agenda=agenda, recipients=(gone,), reason="uninvited")
                    )
                )
    notices.extend(
        worded_before.translated(
            Notice(method="cancel", event=event, agenda=previous, recipients=event.attendees, reason="cancelled")
        )
        for event in removed
    )
    return tuple(notices)
