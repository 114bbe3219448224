"""Sending invitations: SMTP settings from the environment, one connection for a batch, and the
sent log that makes a rerun skip everyone already served. The edge with I/O."""

from __future__ import annotations

import enum
import os
import smtplib
import ssl
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Literal, TypeAlias

import attrs

from agenda.invite._lifecycle import InviteError
from agenda.invite._message import Invitation

__all__ = ["Delivery", "DeliveryStatus", "SentLog", "SmtpSettings", "TlsMode", "send_invitations"]


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
