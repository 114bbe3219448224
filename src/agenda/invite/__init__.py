"""E-mail invitations (iMIP, RFC 6047) and their lifecycle: invite, update, cancel.

One `email.message.EmailMessage` per recipient and calendar event, streamed from a generator: a
``multipart/alternative`` with the programme in the recipient's own zone as text and as HTML, and
``text/calendar; method=REQUEST`` (or ``CANCEL``) carrying exactly the bytes `agenda.ical` writes
for that invitation, all in the recipient's language for an agenda in several (one UID and
SEQUENCE for every language). Against a previous version of the agenda only what changed goes out: updates
with a higher SEQUENCE, cancellations for removed events, nothing for unchanged ones.

Sending (`send_invitations`) uses smtplib; a sent log keyed by Message-ID makes a rerun after a
partial failure skip everyone already served.

Three layers, as h11 keeps its state machine apart from its readers and writers:
`agenda.invite._lifecycle` (pure: what to send to whom, given two versions),
`agenda.invite._message` (pure: the messages, their bodies and headers) and `agenda.invite._send`
(the edge: SMTP settings, sending, the sent log). Attendee lists are read by
`agenda._formats.attendees`, beside the other loaders.
"""

from __future__ import annotations

from agenda._formats.attendees import AttendeeListError, Recipient, parse_attendees, read_attendees
from agenda.invite._lifecycle import InviteError, Notice, plan_notices
from agenda.invite._message import Invitation, content_digest, invitations, message_id
from agenda.invite._send import Delivery, DeliveryStatus, SentLog, SmtpSettings, TlsMode, send_invitations

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
    "content_digest",
    "invitations",
    "message_id",
    "parse_attendees",
    "plan_notices",
    "read_attendees",
    "send_invitations",
]
