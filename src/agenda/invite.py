"""E-mail invitations (iMIP, RFC 6047) and their lifecycle: invite, update, cancel.

One `email.message.EmailMessage` per recipient and calendar event, streamed from a generator: a
``multipart/alternative`` with the programme in the recipient's own zone as text and as HTML, and
``text/calendar; method=REQUEST`` (or ``CANCEL``) carrying exactly the bytes `agenda.ical` writes
for that invitation. Against a previous version of the agenda only what changed goes out: updates
with a higher SEQUENCE, cancellations for removed events, nothing for unchanged ones.

Sending (`send_invitations`) uses smtplib; a sent log keyed by Message-ID makes a rerun after a
partial failure skip everyone already served.
"""

from __future__ import annotations

import csv
import enum
import hashlib
import html
import io
import os
import smtplib
import ssl
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Literal, TypeAlias
from zoneinfo import ZoneInfo

import attrs

from agenda._formats.files import read_input
from agenda._model import Agenda, Item, Part
from agenda._text import MAX_NAME, mailbox_problem, put_address, put_header, text_problem
from agenda._timeline import Slot, Timeline, build_timeline
from agenda._times import format_offset, get_zone, zone_key
from agenda.exceptions import AttendeeListError, InviteError, Problem, UnknownZoneError
from agenda.ical import (
    Attendee,
    CalendarEvent,
    ExportError,
    against_previous,
    calendar_name,
    plan_events,
    write_calendar,
)

__all__ = [
    "AttendeeListError",
    "Delivery",
    "DeliveryStatus",
    "InviteError",
    "Invitation",
    "Notice",
    "Recipient",
    "SentLog",
    "SmtpSettings",
    "TlsMode",
    "invitations",
    "parse_attendees",
    "plan_notices",
    "read_attendees",
    "send_invitations",
]

Split: TypeAlias = Literal["event", "parts", "items"]
Method: TypeAlias = Literal["request", "cancel"]

DASH = "\N{EN DASH}"


# ---------------------------------------------------------------------------------------------
# Recipients


@attrs.frozen(kw_only=True)
class Recipient:
    """Someone to invite: who they are in the calendar, and the zone their copy is written in
    (None: the event's zone)."""

    attendee: Attendee
    zone: ZoneInfo | None = None

    @property
    def email(self) -> str:
        return self.attendee.email

    @property
    def name(self) -> str:
        return self.attendee.name


def _checked_address(text: str) -> str | None:
    """The address if it is a plain ``local@domain`` (no display name, no line breaks), else None."""
    return text if mailbox_problem(text) is None else None


_COLUMNS = ("name", "email", "zone")


def parse_attendees(text: str, *, file: str = "<attendees>") -> tuple[Recipient, ...]:
    """Recipients from CSV text with a header row naming the columns ``name``, ``email`` and
    optionally ``zone`` (an IANA key). Raises `AttendeeListError` listing every bad row as
    ``file:line``; an address that appears twice is an error too."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        return _parse_rows(reader, file)
    except csv.Error as error:
        raise AttendeeListError(
            [Problem(path="", message=f"CSV error: {error}", line=reader.line_num, file=file)]
        ) from None


def _parse_rows(reader: Any, file: str) -> tuple[Recipient, ...]:
    problems: list[Problem] = []
    header = next(reader, None)
    if header is None:
        raise AttendeeListError(
            [Problem(path="", message="empty file: write a header row 'name,email,zone'", line=1, file=file)]
        )
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name not in _COLUMNS]
    missing = [name for name in ("name", "email") if name not in columns]
    if unknown or missing or len(set(columns)) != len(columns):
        why = []
        if missing:
            why.append(f"missing column {', '.join(missing)}")
        if unknown:
            why.append(f"unknown column {', '.join(map(repr, unknown))}")
        if len(set(columns)) != len(columns):
            why.append("a column is named twice")
        raise AttendeeListError(
            [Problem(path="", message="; ".join(why) + " (the header is name,email[,zone])", line=1, file=file)]
        )
    recipients: list[Recipient] = []
    first_line: dict[str, int] = {}
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            problems.append(
                Problem(path="", message=f"{len(row)} fields, the header has {len(columns)}", line=start, file=file)
            )
            continue
        cells = dict(zip(columns, (cell.strip() for cell in row), strict=True))
        row_problems = []
        email = _checked_address(cells["email"])
        if email is None:
            row_problems.append(
                f"email: {cells['email']!r} is not an e-mail address: it {mailbox_problem(cells['email'])}"
            )
        name = cells["name"]
        if (problem := text_problem(name, limit=MAX_NAME)) is not None:
            row_problems.append(f"name: {problem}")
        zone: ZoneInfo | None = None
        if cells.get("zone"):
            try:
                zone = get_zone(cells["zone"])
            except UnknownZoneError as error:
                row_problems.append(f"zone: {error}")
        if email is not None:
            key = email.casefold()
            if key in first_line:
                row_problems.append(f"email: {email} already appears on line {first_line[key]}")
            else:
                first_line[key] = start
        if row_problems:
            problems.extend(Problem(path="", message=m, line=start, file=file) for m in row_problems)
            continue
        assert email is not None  # noqa: S101 - row_problems is empty only with an address
        attendee = Attendee(name=name or email, email=email, role="REQ-PARTICIPANT")
        recipients.append(Recipient(attendee=attendee, zone=zone))
    if problems:
        raise AttendeeListError(problems)
    return tuple(recipients)


def read_attendees(path: str | os.PathLike[str]) -> tuple[Recipient, ...]:
    """Recipients from a CSV file (UTF-8); see `parse_attendees`. A file that is not UTF-8 text
    raises `AttendeeListError` naming the first bad byte and its line."""
    name = os.fspath(path)
    raw = read_input(path, error=AttendeeListError)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})"
        raise AttendeeListError([Problem(path="", message=message, line=line, file=name)]) from None
    return parse_attendees(text, file=name)


# ---------------------------------------------------------------------------------------------
# The lifecycle: what to send, given the previous version


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


def plan_notices(
    agenda: Agenda, *, previous: Agenda | None = None, split: Split = "event", speaker: str | None = None
) -> tuple[Notice, ...]:
    """What to send for `agenda`, in programme order.

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
    current = _plan(agenda, split, speaker, tolerate_no_slots=previous is not None)
    if previous is None:
        return tuple(
            Notice(method="request", event=e, agenda=agenda, recipients=e.attendees, reason="new") for e in current
        )
    before = _plan(previous, split, speaker, tolerate_no_slots=bool(current))
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


# ---------------------------------------------------------------------------------------------
# Messages


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


def invitations(
    agenda: Agenda,
    *,
    stamp: datetime,
    attendees: Sequence[Recipient] = (),
    previous: Agenda | None = None,
    split: Split = "event",
    speaker: str | None = None,
) -> Iterator[Invitation]:
    """The invitations for `agenda`, one at a time: for each notice (`plan_notices`), one message
    to each person the agenda invites to it and, unless it is a personal uninvite, to each of
    `attendees` (an attendee list). Each message's calendar lists the agenda's own attendees and
    its recipient, never the rest of the list, so guests do not see each other's addresses.

    `stamp` (aware) is the DTSTAMP and the Date header; nothing reads the clock.
    """
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise InviteError(f"stamp {stamp.isoformat()} has no zone: give it one (e.g. UTC)")
    notices = plan_notices(agenda, previous=previous, split=split, speaker=speaker)
    organizer = agenda.event.organizer
    assert organizer is not None  # noqa: S101 - plan_notices refuses an agenda without one
    domain = organizer.email.rpartition("@")[2] or "agenda"
    zones = {
        s.email.casefold(): s.zone
        for s in (*agenda.speakers, *(previous.speakers if previous else ()))
        if s.email and s.zone is not None
    }
    timelines = {id(version): _Slots(build_timeline(version)) for version in (agenda, previous) if version is not None}
    for notice in notices:
        slots = timelines[id(notice.agenda)].of(notice.event)
        # The programme is the same for everyone in one zone: built once per zone, not per message.
        programmes: dict[ZoneInfo, list[_Line]] = {}
        listed = {a.email.casefold() for a in notice.recipients}
        people = [Recipient(attendee=a, zone=zones.get(a.email.casefold())) for a in notice.recipients]
        guests = (r for r in attendees if r.email.casefold() not in listed) if notice.to_attendee_list else ()
        for recipient in (*people, *guests):
            event = notice.event
            if recipient.email.casefold() not in listed:
                event = attrs.evolve(event, attendees=(*event.attendees, recipient.attendee))
            calendar = write_calendar(
                (event,),
                method=notice.method,
                stamp=stamp,
                organizer=organizer,
                name=calendar_name(notice.agenda, speaker),
            )
            zone = recipient.zone or notice.agenda.event.zone
            programme = programmes.get(zone)
            if programme is None:
                programme = programmes[zone] = _programme(notice, slots, zone)
            message = _message(
                notice, event, recipient, calendar, zone=zone, programme=programme, stamp=stamp, domain=domain
            )
            yield Invitation(notice=notice, recipient=recipient, calendar=calendar, message=message)


_SUBJECTS = {"new": "Invitation", "updated": "Updated invitation", "cancelled": "Cancelled", "uninvited": "Cancelled"}


class _Slots:
    """A timeline's slots, indexed so that the slots of one calendar event (a part and what it
    holds) are found without scanning the whole programme."""

    def __init__(self, timeline: Timeline) -> None:
        self.slots = timeline.slots
        self.position = {slot.path: index for index, slot in enumerate(self.slots)}

    def of(self, event: CalendarEvent) -> Sequence[Slot]:
        """The slots `event` covers: all of them for the whole event, else its node and, the
        timeline being in pre-order, the deeper slots right after it."""
        if event.path is None:
            return self.slots
        start = self.position.get(event.path)
        if start is None:
            return ()
        depth, end = self.slots[start].depth, start + 1
        while end < len(self.slots) and self.slots[end].depth > depth:
            end += 1
        return self.slots[start:end]


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
) -> EmailMessage:
    organizer = notice.agenda.event.organizer
    assert organizer is not None  # noqa: S101 - checked by plan_notices
    when = event.start.astimezone(zone)
    message = EmailMessage()
    put_address(message, "From", organizer.name, organizer.email)  # clean, encoded in one pass
    put_address(message, "To", recipient.name, recipient.email)
    subject = f"{_SUBJECTS[notice.reason]}: {event.summary} @ {when:%a %d %b %Y %H:%M} ({zone_key(zone)})"
    put_header(message, "Subject", subject)  # one line, no encoded-word of the agenda's, linear cost
    message["Date"] = format_datetime(stamp.astimezone(UTC))
    message["Message-ID"] = message_id(event, notice.method, recipient.email, domain)
    message["MIME-Version"] = "1.0"
    lines = [*_opening(notice, event, recipient, zone), *programme]
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
    message.set_boundary("=_" + hashlib.sha256(message["Message-ID"].encode()).hexdigest()[:40])
    return message


# The programme as (kind, text) lines, rendered to plain text and to HTML.
_Line: TypeAlias = tuple[Literal["p", "when", "slot", "head"], str, str]


def _clock(moment: datetime, zone: ZoneInfo, day: datetime) -> str:
    local = moment.astimezone(zone)
    shift = (local.date() - day.date()).days
    return f"{local:%H:%M}" + (f" ({shift:+d} day{'s' if abs(shift) != 1 else ''})" if shift else "")


def _span(start: datetime, end: datetime, zone: ZoneInfo, day: datetime) -> str:
    return f"{_clock(start, zone, day)}{DASH}{_clock(end, zone, day)} {zone_key(zone)}"


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
    shift = (day.date() - there.date()).days
    if shift:
        here += f", {shift:+d} day{'s' if abs(shift) != 1 else ''} from the date in {zone_key(event_zone)}"
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
        else:
            out.append(f"  {first:<{width}}  {second}")
    return "\n".join(out).rstrip() + "\n"


def _html(lines: Sequence[_Line]) -> str:
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8"></head><body>']
    rows: list[str] = []

    def flush() -> None:
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
            rows.clear()

    for kind, first, second in lines:
        if kind == "p":
            flush()
            out.append(f"<p>{esc(first)}</p>")
        elif kind == "head":
            flush()
            out.append(f"<h3>{esc(first)}</h3>")
        elif kind == "when":
            rows.append(f'<tr><th align="left">{esc(first)}</th><td>{esc(second)}</td></tr>')
        else:
            indent = len(second) - len(second.lstrip(" "))
            rows.append(
                f'<tr><td style="white-space:nowrap">{esc(first)}</td>'
                f'<td style="padding-left:{indent // 2}em">{esc(second.strip())}</td></tr>'
            )
    flush()
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Sending


TlsMode: TypeAlias = Literal["starttls", "implicit", "none"]
TLS_MODES: tuple[TlsMode, ...] = ("starttls", "implicit", "none")
_YES = ("1", "yes", "true", "on")
_NO = ("0", "no", "false", "off")


@attrs.frozen(kw_only=True)
class SmtpSettings:
    """Where and how to send: host and port from the command line; encryption and the login from
    the environment (`from_environment`).

    `tls` is ``"starttls"`` (upgrade a plain connection, usually port 587), ``"implicit"`` (TLS
    from the first byte, SMTP_SSL, usually port 465) or ``"none"``. A login without TLS is
    refused: the password would cross the network in clear text. Certificates are checked with
    `context`, by default the system's trusted authorities and the host name.
    """

    host: str
    port: int
    tls: TlsMode = attrs.field(default="none", validator=attrs.validators.in_(TLS_MODES))
    user: str | None = attrs.field(default=None, repr=False)
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 30.0
    context: ssl.SSLContext | None = attrs.field(default=None, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if (self.user is not None or self.password is not None) and self.tls == "none":
            raise InviteError(
                "refusing to log in without TLS, the password would be sent in clear text: set "
                "AGENDA_SMTP_TLS=starttls (usually port 587) or AGENDA_SMTP_TLS=implicit (usually port 465), "
                "or unset AGENDA_SMTP_USER and AGENDA_SMTP_PASSWORD"
            )

    @property
    def starttls(self) -> bool:
        return self.tls == "starttls"

    @classmethod
    def from_environment(cls, host_port: str, environ: Mapping[str, str]) -> SmtpSettings:
        """Settings for ``--smtp HOST:PORT``: ``AGENDA_SMTP_TLS`` (starttls, implicit or none;
        ``AGENDA_SMTP_STARTTLS=1`` is the older spelling of starttls), ``AGENDA_SMTP_USER`` and
        ``AGENDA_SMTP_PASSWORD``."""
        host, _, port_text = host_port.rpartition(":")
        if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise InviteError(f"--smtp {host_port!r}: write HOST:PORT, e.g. smtp.example.org:587")
        mode = environ.get("AGENDA_SMTP_TLS", "").strip().lower()
        if mode and mode not in TLS_MODES:
            raise InviteError(f"AGENDA_SMTP_TLS={mode!r}: write starttls, implicit or none")
        flag = environ.get("AGENDA_SMTP_STARTTLS", "").strip().lower()
        if flag not in ("", *_YES, *_NO):
            raise InviteError(f"AGENDA_SMTP_STARTTLS={flag!r}: write 1 or 0 (or use AGENDA_SMTP_TLS)")
        if flag in _YES and mode not in ("", "starttls"):
            raise InviteError(f"AGENDA_SMTP_STARTTLS={flag!r} contradicts AGENDA_SMTP_TLS={mode!r}: unset one")
        tls: TlsMode = "starttls" if flag in _YES else "none"
        if mode:
            tls = next(m for m in TLS_MODES if m == mode)
        user = environ.get("AGENDA_SMTP_USER") or None
        password = environ.get("AGENDA_SMTP_PASSWORD") or None
        if (user is None) != (password is None):
            raise InviteError("set both AGENDA_SMTP_USER and AGENDA_SMTP_PASSWORD, or neither")
        return cls(host=host.strip("[]"), port=int(port_text), tls=tls, user=user, password=password)

    def connect(self) -> smtplib.SMTP:
        context = self.context if self.context is not None else ssl.create_default_context()
        connection: smtplib.SMTP
        if self.tls == "implicit":
            connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.tls == "starttls":
                connection.starttls(context=context)
            if self.user is not None and self.password is not None:
                connection.login(self.user, self.password)
        except BaseException:
            connection.close()
            raise
        return connection


class SentLog:
    """The Message-IDs already delivered, one per line (``<id> recipient``) in a plain text file.

    Each success is appended as one short line and flushed to disk before the next message goes
    out, so a crash loses at most the line being written; a last line without its newline is
    ignored on reading (that one message may go out once more, never a whole batch).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def message_ids(self) -> frozenset[str]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return frozenset()
        return frozenset(
            line.split(" ", 1)[0]
            for line in text.splitlines(keepends=True)
            if line.endswith("\n") and line.startswith("<")
        )

    def record(self, message_id: str, email: str) -> None:
        with self.path.open("a", encoding="utf-8") as stream:
            stream.write(f"{message_id} {email}\n")
            stream.flush()
            os.fsync(stream.fileno())


class DeliveryStatus(enum.Enum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    REFUSED = "refused"
    FAILED = "failed"


@attrs.frozen(kw_only=True)
class Delivery:
    """What happened to one invitation."""

    invitation: Invitation
    status: DeliveryStatus
    detail: str = ""


def send_invitations(items: Iterable[Invitation], settings: SmtpSettings, log: SentLog) -> Iterator[Delivery]:
    """Send each invitation over one SMTP connection, yielding each recipient's result.

    Failure policy: a recipient or message the server refuses (SMTPRecipientsRefused,
    SMTPDataError) is reported as REFUSED and sending continues; anything that breaks the
    connection or the session (disconnect, sender refused, network error) is reported as FAILED
    for the message in hand and sending stops. Messages in the sent log are skipped (ALREADY_SENT)
    without connecting, so a rerun finishes the job without duplicates.
    """
    done = log.message_ids()
    connection: smtplib.SMTP | None = None
    try:
        for item in items:
            if item.message_id in done:
                yield Delivery(invitation=item, status=DeliveryStatus.ALREADY_SENT)
                continue
            try:
                if connection is None:
                    connection = settings.connect()
                organizer = item.notice.agenda.event.organizer
                sender = organizer.email if organizer is not None else None
                connection.send_message(item.message, from_addr=sender, to_addrs=[item.recipient.email])
            except smtplib.SMTPRecipientsRefused as error:
                codes = "; ".join(
                    f"{code} {reply.decode(errors='replace')}" for code, reply in error.recipients.values()
                )
                yield Delivery(invitation=item, status=DeliveryStatus.REFUSED, detail=codes)
                continue
            except smtplib.SMTPDataError as error:
                reply = error.smtp_error
                detail = f"{error.smtp_code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
                yield Delivery(invitation=item, status=DeliveryStatus.REFUSED, detail=detail)
                continue
            except (smtplib.SMTPException, OSError) as error:
                yield Delivery(invitation=item, status=DeliveryStatus.FAILED, detail=str(error) or type(error).__name__)
                return
            log.record(item.message_id, item.recipient.email)
            yield Delivery(invitation=item, status=DeliveryStatus.SENT)
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()
