"""Invitation messages: for each notice of the lifecycle, one e-mail per recipient, with the
programme in the recipient's zone as text and HTML and the calendar `agenda.ical` writes, in the
recipient's language (`Notice.in_language`). Pure: the stamp is given, nothing is sent."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Literal, TypeAlias
from zoneinfo import ZoneInfo

import attrs

from agenda._diff import Change, ChangeKind, NodeState, diff_agendas
from agenda._formats.attendees import Recipient
from agenda._languages import text_language
from agenda._model import Agenda, Item, Part
from agenda._text import put_address, put_header
from agenda._timeline import Slot, Timeline, build_timeline
from agenda._times import as_instant, format_offset, zone_key
from agenda._words import day_shift, short_zone, span
from agenda.ical import CalendarEvent, calendar_name, write_calendar
from agenda.invite._lifecycle import InviteError, Method, Notice, Split, plan_notices

__all__ = ["Invitation", "content_digest", "invitations", "message_id"]


@attrs.frozen(kw_only=True)
class Invitation:
    """One message to one recipient about one calendar event."""

    notice: Notice
    recipient: Recipient
    calendar: bytes
    message: EmailMessage = attrs.field(eq=False)

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def method(self) -> Method:
        return self.notice.method


def content_digest(event: CalendarEvent) -> str:
    """A short digest of everything the event says (times, texts, people, SEQUENCE), not of the
    stamp: two invitations about different content never share it."""
    return hashlib.sha256(repr(event).encode()).hexdigest()[:12]


def message_id(event: CalendarEvent, method: Method, email: str, domain: str) -> str:
    """The Message-ID of the invitation: the same for the same UID, SEQUENCE, method, recipient
    and content, whatever the stamp, so a rerun recognises what it already sent; a changed event
    gets a new one through its `content_digest`, even should its SEQUENCE stay."""
    key = "\n".join((event.uid, str(event.sequence), method, email.casefold()))
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}.{content_digest(event)}@{domain}>"


def _headers(
    message: EmailMessage,
    *,
    sender: tuple[str, str],
    to: tuple[str, str],
    subject: str,
    stamp: datetime,
    identifier: str,
    language: str | None = None,
) -> None:
    """Every header of an invitation, set here and nowhere else: agenda text that becomes a
    header (the Subject, display names) goes through `agenda._text`'s one rule, encoded in one
    pass (one line, no encoded-word of the agenda's own, a cost linear in the text).
    `language` is the language of the agenda's texts in it (Content-Language, RFC 3282).

    Set on the finished body (email's ``set_content`` drops the ``Content-*`` headers it finds),
    whose own structural headers (its Content-Type) come after these."""
    structure = [(name, value) for name, value in message.items() if name.lower() != "mime-version"]
    for name, _ in structure:
        del message[name]
    del message["MIME-Version"]
    put_address(message, "From", *sender)
    put_address(message, "To", *to)
    put_header(message, "Subject", subject)
    message["Date"] = format_datetime(stamp.astimezone(UTC))
    message["Message-ID"] = identifier
    message["MIME-Version"] = "1.0"
    if language is not None:
        message["Content-Language"] = language
    for name, value in structure:
        message[name] = value


def invitations(
    agenda: Agenda,
    *,
    stamp: datetime,
    attendees: Sequence[Recipient] = (),
    previous: Agenda | None = None,
    split: Split | None = None,
    speaker: str | None = None,
    previous_split: Split | None = None,
) -> Iterator[Invitation]:
    """The invitations for `agenda`, one at a time: for each notice (`plan_notices`), one message
    to each person the agenda invites to it and, unless it is a personal uninvite, to each of
    `attendees` (an attendee list). Each message's calendar lists the agenda's own attendees and
    its recipient, never the rest of the list, so guests do not see each other's addresses.

    `stamp` (aware) is the DTSTAMP and the Date header; nothing reads the clock. `split` and
    `previous_split` are `plan_notices`'.

    Each message is in its recipient's language (`Recipient.language`, else the event's): the
    Subject, the bodies and the calendar come from `Notice.in_language`, with the same UID and
    SEQUENCE in every language. A speaker on the attendee list reads the language it gives.
    """
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise InviteError(f"stamp {stamp.isoformat()} has no zone: give it one (e.g. UTC)")
    notices = plan_notices(agenda, previous=previous, split=split, speaker=speaker, previous_split=previous_split)
    organizer = agenda.event.organizer
    assert organizer is not None  # noqa: S101 - plan_notices refuses an agenda without one
    domain = organizer.email.rpartition("@")[2] or "agenda"
    zones = {
        s.email.casefold(): s.zone
        for s in (*agenda.speakers, *(previous.speakers if previous else ()))
        if s.email and s.zone is not None
    }
    languages = {r.email.casefold(): r.language for r in attendees if r.language is not None}
    words = _Words(agenda, previous)
    for notice in notices:
        # The programme is the same for everyone in one zone and language: built once for them.
        programmes: dict[tuple[ZoneInfo, str | None], list[_Line]] = {}
        localized: dict[str | None, Notice] = {}
        listed = {a.email.casefold() for a in notice.recipients}
        people = [
            Recipient(attendee=a, zone=zones.get(a.email.casefold()), language=languages.get(a.email.casefold()))
            for a in notice.recipients
        ]
        guests = (r for r in attendees if r.email.casefold() not in listed) if notice.to_attendee_list else ()
        for recipient in (*people, *guests):
            local = localized.get(recipient.language)
            if local is None:
                local = localized[recipient.language] = notice.in_language(recipient.language)
            event = local.event
            if recipient.email.casefold() not in listed:
                event = attrs.evolve(event, attendees=(*event.attendees, recipient.attendee))
            calendar = write_calendar(
                (event,),
                method=local.method,
                stamp=stamp,
                organizer=organizer,
                name=calendar_name(local.agenda, speaker),
            )
            zone = recipient.zone or local.agenda.event.zone
            programme = programmes.get((zone, recipient.language))
            if programme is None:
                slots = _slots_of(words.timeline(local.agenda), local.event)
                programme = programmes[zone, recipient.language] = _programme(local, slots, zone)
            message = _message(
                local,
                event,
                recipient,
                calendar,
                zone=zone,
                programme=programme,
                stamp=stamp,
                domain=domain,
                changes=_changes_within(words.changes(local, recipient.language), local)
                if local.reason == "updated"
                else (),
            )
            yield Invitation(notice=local, recipient=recipient, calendar=calendar, message=message)


class _Words:
    """The timelines of the versions, and what changed between them, in the words of each
    language: made once per version and language, not per message."""

    def __init__(self, agenda: Agenda, previous: Agenda | None) -> None:
        self._agenda, self._previous = agenda, previous
        self._timelines: dict[int, tuple[Agenda, Timeline]] = {}
        self._changes: dict[str | None, tuple[Change, ...]] = {}

    def timeline(self, version: Agenda) -> Timeline:
        found = self._timelines.get(id(version))
        if found is None:
            # The version is kept beside its timeline, so that its id stays its own.
            found = self._timelines[id(version)] = (version, build_timeline(version))
        return found[1]

    def changes(self, notice: Notice, language: str | None) -> tuple[Change, ...]:
        """`agenda diff`'s changes from the previous version to this one, in the words of
        `language` (the notice's, `Notice.in_language`); a new title that reads the same in it
        (another language's changed) is none."""
        if self._previous is None:
            return ()
        key = language if notice.translations else None
        found = self._changes.get(key)
        if found is None:
            if not notice.translations:
                found = diff_agendas(self._previous, self._agenda).changes
            else:
                changes = diff_agendas(self._previous.in_language(language), notice.agenda).changes
                found = tuple(change for change in changes if not _reads_the_same(change))
            self._changes[key] = found
        return found


def _reads_the_same(change: Change) -> bool:
    if change.kind is not ChangeKind.RENAMED or change.old is None or change.new is None:
        return False
    return str(change.old.title) == str(change.new.title)


_SUBJECTS = {"new": "Invitation", "updated": "Updated", "cancelled": "Cancelled", "uninvited": "Cancelled"}


# ---------------------------------------------------------------------------------------------
# What changed: `agenda diff`'s changes, said in the recipient's zone


def _within(path: str, top: str | None) -> bool:
    return top is None or path == top or path.startswith(top + ".")


def _changes_within(changes: Sequence[Change], notice: Notice) -> tuple[Change, ...]:
    """The changes to the notice's event and what it holds (all of the programme for the whole
    event); changes to the event's own fields count for every event."""
    top = notice.event.path
    retimed = {c.key for c in changes if c.kind in (ChangeKind.RETIMED, ChangeKind.MOVED)}
    shift = _shift(next((c for c in changes if c.key == "event" and c.kind is ChangeKind.RETIMED), None))
    found = []
    for change in changes:
        if (
            shift is not None
            and change.key != "event"
            and change.kind is ChangeKind.RETIMED
            and _shift(change) == shift
        ):
            continue  # moved with the whole event, which says so
        if change.key in retimed and change.kind is ChangeKind.EDITED:
            # The new time is said already; a changed fixed start adds nothing to it.
            fields = tuple(f for f in change.fields if f not in ("start", "fixed start"))
            if not fields:
                continue
            change = attrs.evolve(change, fields=fields)  # noqa: PLW2901 - the narrowed change
        if change.key == "event" or any(
            isinstance(s, NodeState) and _within(s.path, top) for s in (change.old, change.new)
        ):
            found.append(change)
    return tuple(found)


def _shift(change: Change | None) -> tuple[timedelta, timedelta] | None:
    """How far a retimed node moved, and its new length minus the old: between instants (the
    states' times share a zone, which Python would subtract as wall times across a DST change)."""
    if change is None or not isinstance(change.old, NodeState) or not isinstance(change.new, NodeState):
        return None
    old, new = change.old, change.new
    return as_instant(new.start) - as_instant(old.start), new.length - old.length


def _headline(changes: Sequence[Change]) -> str:
    """``new time``, ``new title``, ``programme changed`` or ``details changed``: for the Subject."""
    kinds = {change.kind for change in changes}
    if kinds & {ChangeKind.RETIMED, ChangeKind.MOVED} or any("start" in c.fields for c in changes):
        return "new time"
    if ChangeKind.RENAMED in kinds or any("title" in c.fields for c in changes):
        return "new title"
    if kinds & {ChangeKind.ADDED, ChangeKind.REMOVED}:
        return "programme changed"
    return "details changed"


def _when_in(state: NodeState, zone: ZoneInfo, reference: datetime) -> str:
    """``15:10–15:40 IST``, with the day shift from `reference`'s local date; each end's offset
    when a DST change falls inside (``00:30 UTC-04:00–01:30 UTC-05:00``)."""
    said = _one_zone(state, zone)
    if said is None:
        return span(state.start, state.end, zone, reference, offset=True)
    return f"{span(state.start, state.end, zone, reference)} {said}"


def _one_zone(state: NodeState, zone: ZoneInfo) -> str | None:
    """The zone's abbreviation for the whole of `state`, or None when a DST change falls inside."""
    opens = short_zone(state.start, zone)
    return opens if opens == short_zone(state.end, zone) else None


def _change_text(change: Change, zone: ZoneInfo, reference: datetime) -> str:
    old, new = change.old, change.new
    title = change.title if change.key != "event" else "The event"
    if (
        isinstance(old, NodeState)
        and isinstance(new, NodeState)
        and change.kind
        in (
            ChangeKind.RETIMED,
            ChangeKind.MOVED,
        )
    ):
        was = _when_in(old, zone, reference)
        if (said := _one_zone(old, zone)) is not None and said == _one_zone(new, zone):
            was = span(old.start, old.end, zone, reference)  # the zone said once, after the new time
        text = f"{title} now {_when_in(new, zone, reference)}, was {was}"
        return text + ("; what is not listed here moved with it" if change.key == "event" else "")
    if change.kind is ChangeKind.RENAMED and old is not None and new is not None:
        return f"{old.title} is now {new.title}"
    if change.kind is ChangeKind.ADDED and isinstance(new, NodeState):
        return f"Added: {new.title}, {_when_in(new, zone, reference)}"
    if change.kind is ChangeKind.REMOVED and isinstance(old, NodeState):
        return f"Removed: {old.title}, was {_when_in(old, zone, reference)}"
    if change.kind is ChangeKind.SPEAKERS:
        return f"{title}: new speakers" if isinstance(new, NodeState) and new.kind == "item" else f"{title}: new chair"
    return f"{title}: {', '.join(change.fields) or 'details'} changed"


def _what_changed(changes: Sequence[Change], zone: ZoneInfo, event: CalendarEvent) -> list[_Line]:
    if not changes:
        return []
    reference = event.start.astimezone(zone)
    return [("head", "What changed:", ""), *(("change", _change_text(c, zone, reference), "") for c in changes)]


def _slots_of(timeline: Timeline, event: CalendarEvent) -> Sequence[Slot]:
    """The slots `event` covers: all of them for the whole event, else its node and what it holds."""
    if event.path is None:
        return timeline.slots
    if event.path not in timeline:
        return ()
    return (timeline[event.path], *timeline.descendants(event.path))


def _message(
    notice: Notice,
    event: CalendarEvent,
    recipient: Recipient,
    calendar: bytes,
    *,
    zone: ZoneInfo,
    programme: Sequence[_Line],
    stamp: datetime,
    domain: str,
    changes: Sequence[Change] = (),
) -> EmailMessage:
    organizer = notice.agenda.event.organizer
    assert organizer is not None  # noqa: S101 - checked by plan_notices
    when = event.start.astimezone(zone)
    message = EmailMessage()
    subject = f"{_SUBJECTS[notice.reason]}: {event.summary} @ {when:%a %d %b %Y %H:%M} ({zone_key(zone)})"
    if changes:
        subject += f" ({_headline(changes)})"
    identifier = message_id(event, notice.method, recipient.email, domain)
    lines = [*_opening(notice, event, recipient, zone), *_what_changed(changes, zone, event), *programme]
    if notice.method == "request":
        lines.append(("p", "Please accept or decline in your calendar.", ""))
    message.set_content(_plain(lines))
    message.add_alternative(_html(lines), subtype="html")
    message.add_alternative(
        calendar,
        maintype="text",
        subtype="calendar",
        cte="base64",
        params={"method": notice.method.upper(), "charset": "UTF-8"},
    )
    # email picks a random boundary; one derived from the Message-ID keeps the bytes reproducible.
    # "=_" cannot occur in base64 or quoted-printable text, so it cannot clash with a part.
    message.set_boundary("=_" + hashlib.sha256(identifier.encode()).hexdigest()[:40])
    _headers(
        message,
        sender=(organizer.name, organizer.email),
        to=(recipient.name, recipient.email),
        subject=subject,
        stamp=stamp,
        identifier=identifier,
        # Said for a reader who gave a language: the one their copy is in (theirs, or the
        # event's where the agenda has none of theirs).
        language=text_language(event.summary, notice.agenda.event.language) if recipient.language else None,
    )
    return message


# The programme as (kind, text) lines, rendered to plain text and to HTML.
_Line: TypeAlias = tuple[Literal["p", "when", "slot", "head", "change"], str, str]


def _span(start: datetime, end: datetime, zone: ZoneInfo, day: datetime) -> str:
    """``13:30–13:35 Asia/Kolkata``, with the day shift from `day` (`agenda._words.span`)."""
    return f"{span(start, end, zone, day)} {zone_key(zone)}"


def _who(agenda: Agenda, slot: Slot) -> str:
    node = slot.node
    ids = node.speakers if isinstance(node, Item) else ((node.chair,) if node.chair else ())
    names = []
    for speaker_id in ids:
        speaker = agenda.speaker(speaker_id)
        names.append(speaker.name if speaker is not None else speaker_id)
    if not names:
        return ""
    return (
        (" \N{EM DASH} " if isinstance(node, Item) else " (chair: ")
        + ", ".join(names)
        + (")" if isinstance(node, Part) else "")
    )


def _opening(notice: Notice, event: CalendarEvent, recipient: Recipient, zone: ZoneInfo) -> list[_Line]:
    """The greeting, what happened, and when and where, in the recipient's zone."""
    agenda = notice.agenda
    day = event.start.astimezone(zone)
    event_zone = agenda.event.zone
    there = event.start.astimezone(event_zone)
    here = f"{day:%a %d %b %Y}, {_span(event.start, event.end, zone, day)} ({format_offset(day.utcoffset())})"
    shift = day_shift(event.start, zone, there)
    if shift:
        here += f", {shift} from the date in {zone_key(event_zone)}"
    lines: list[_Line] = [("p", f"Dear {recipient.name},", "")]
    opening = {
        "new": f"you are invited to {event.summary}.",
        "updated": f"{event.summary} has changed; this invitation replaces the earlier one.",
        "cancelled": f"{event.summary} has been cancelled.",
        "uninvited": f"you are no longer on the programme of {event.summary}.",
    }[notice.reason]
    lines.append(("p", opening, ""))
    lines.append(("when", "When", here))
    if zone_key(event_zone) != zone_key(zone):
        lines.append(
            (
                "when",
                "Event's zone",
                f"{there:%a %d %b %Y}, {_span(event.start, event.end, event_zone, there)} "
                f"({format_offset(there.utcoffset())})",
            )
        )
    platform = agenda.event.platform
    if platform is not None and notice.method == "request":
        lines.append(("when", "Where", platform.name + (f", {platform.url}" if platform.url else "")))
    if agenda.event.url:
        lines.append(("when", "Details", agenda.event.url))
    return lines


def _programme(notice: Notice, slots: Sequence[Slot], zone: ZoneInfo) -> list[_Line]:
    """The programme of the notice's event in `zone`: the same for every recipient in that zone."""
    if not slots:
        return []
    event = notice.event
    day = event.start.astimezone(zone)
    base = min(slot.depth for slot in slots)
    lines: list[_Line] = [("head", f"Programme, times in {zone_key(zone)} (day shifts from {day:%a %d %b}):", "")]
    lines.extend(
        ("slot", _span(s.start, s.end, zone, day), "  " * (s.depth - base) + s.node.title + _who(notice.agenda, s))
        for s in slots
    )
    return lines


def _plain(lines: Sequence[_Line]) -> str:
    width = max((len(a) for kind, a, _ in lines if kind in ("slot", "when")), default=0)
    out: list[str] = []
    for kind, first, second in lines:
        if kind == "p":
            if out and out[-1]:
                out.append("")
            out.extend((first, ""))
        elif kind == "head":
            out.extend(("", first))
        elif kind == "when":
            out.append(f"{first + ':':<14}{second}")
        elif kind == "change":
            out.append(f"  - {first}")
        else:
            out.append(f"  {first:<{width}}  {second}")
    return "\n".join(out).rstrip() + "\n"


def _html(lines: Sequence[_Line]) -> str:
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8"></head><body>']
    rows: list[str] = []
    points: list[str] = []

    def flush() -> None:
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
            rows.clear()
        if points:
            out.append("<ul>" + "".join(points) + "</ul>")
            points.clear()

    for kind, first, second in lines:
        if kind == "p":
            flush()
            out.append(f"<p>{esc(first)}</p>")
        elif kind == "head":
            flush()
            out.append(f"<h3>{esc(first)}</h3>")
        elif kind == "when":
            rows.append(f'<tr><th align="left">{esc(first)}</th><td>{esc(second)}</td></tr>')
        elif kind == "change":
            points.append(f"<li>{esc(first)}</li>")
        else:
            indent = len(second) - len(second.lstrip(" "))
            rows.append(
                f'<tr><td style="white-space:nowrap">{esc(first)}</td>'
                f'<td style="padding-left:{indent // 2}em">{esc(second.strip())}</td></tr>'
            )
    flush()
    out.append("</body></html>")
    return "\n".join(out) + "\n"
