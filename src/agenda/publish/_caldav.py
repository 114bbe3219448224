"""Publishing an agenda to a CalDAV calendar (RFC 4791): one resource per UID, no METHOD.

Three steps, the middle one pure:

1. `desired_resources` plans the events (`agenda.ical.plan_calendar`) and `CalDAVClient.events`
   reads what the calendar holds (one REPORT);
2. `plan_publish` compares them: what to create, update, delete, leave, or report as a conflict;
3. `CalDAVClient` carries the writes out, each conditional: ``If-None-Match: *`` to create,
   ``If-Match`` with the ETag read to update or delete, so an edit made on the server between the
   read and the write is reported (412) instead of overwritten.

Only resources this agenda put there are touched: their UID ends in ``.<event id>@agenda`` and
they carry ``X-AGENDA-EVENT:<event id>``. Each written event also carries ``X-AGENDA-DIGEST``, a
digest of its content as written; an event whose content on the server no longer matches it was
edited there, and is reported as a conflict rather than overwritten or deleted (unless forced).
An unchanged event is not written at all; a changed one gets SEQUENCE one above the server's (or
the agenda's revision, if higher), the rule of `agenda.ical.next_sequence`.

Plain HTTP through niquests rather than the ``caldav`` library: every write here must be
conditional on the ETag just read, and SEQUENCE must stay ours (``caldav``'s ``save_event``
raises it by itself on every save).
"""

from __future__ import annotations

import hashlib
import ipaddress
import netrc
import os
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, urljoin, urlsplit

import attrs

from agenda._model import Agenda
from agenda.exceptions import AgendaError, CalDAVError

if TYPE_CHECKING:
    import niquests

    from agenda.ical import CalendarEvent, Split

__all__ = [
    "CalDAVClient",
    "CalDAVError",
    "Change",
    "PublishResult",
    "RemoteEvent",
    "credentials_for",
    "desired_resources",
    "plan_publish",
    "publish_caldav",
]

Action = Literal["create", "update", "delete", "keep", "conflict"]

#: The property that marks an event as put there by this agenda (its value: the event id).
MARK = "X-AGENDA-EVENT"
#: The digest of the event's content as it was written.
DIGEST = "X-AGENDA-DIGEST"
#: The properties whose values make an event's content; DTSTAMP and SEQUENCE are not content.
_CONTENT = (
    "UID",
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DURATION",
    "RRULE",
    "DESCRIPTION",
    "LOCATION",
    "URL",
    "CONFERENCE",
    "COLOR",
    "RELATED-TO",
    "STATUS",
    MARK,
)
_TIMEOUT = 30.0
_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"
_QUERY = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>
"""


@attrs.frozen(kw_only=True)
class RemoteEvent:
    """A calendar object resource on the server, as read."""

    href: str
    etag: str | None
    uid: str
    sequence: int
    #: The event id in its X-AGENDA-EVENT, if any.
    mark: str | None
    #: The digest it carried when written (X-AGENDA-DIGEST), and the digest of its content now.
    stored_digest: str | None
    digest: str


@attrs.frozen(kw_only=True)
class Change:
    """One step of a publish: what happens to one UID, and why when it is a conflict."""

    action: Action
    uid: str
    href: str
    #: What is written (create, update), in iCalendar bytes.
    data: bytes | None = None
    #: The ETag the write is conditional on (update, delete).
    etag: str | None = None
    sequence: int | None = None
    reason: str = ""

    def describe(self) -> str:
        """One line: ``update closing.webinar@agenda (SEQUENCE 3)``."""
        text = f"{self.action} {self.uid}"
        if self.sequence is not None and self.action in ("create", "update"):
            text += f" (SEQUENCE {self.sequence})"
        return f"{text}: {self.reason}" if self.reason else text


@attrs.frozen(kw_only=True)
class PublishResult:
    """What a publish did (or, in a dry run, would do): every change, in order."""

    changes: tuple[Change, ...]
    dry_run: bool = False

    def count(self, action: Action) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def conflicts(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.action == "conflict")

    @property
    def writes(self) -> int:
        return sum(1 for change in self.changes if change.action in ("create", "update", "delete"))


# ---------------------------------------------------------------------------------------------
# Content: what an event says, whoever serialised it


def _value_text(name: str, value: Any) -> str:
    if name in ("DTSTART", "DTEND"):
        moment = value.dt
        if isinstance(moment, datetime):
            zone = getattr(moment.tzinfo, "key", None) or str(moment.tzinfo)
            return f"{moment.astimezone(UTC).isoformat()} {zone}"
        if isinstance(moment, date):
            return moment.isoformat()
    encoded: bytes = value.to_ical()
    return encoded.decode("utf-8", "replace")


def _content_lines(component: Any) -> list[str]:
    lines: list[str] = []
    for name in _CONTENT:
        values = component.get(name)
        if values is None:
            continue
        lines.extend(f"{name}:{_value_text(name, v)}" for v in (values if isinstance(values, list) else [values]))
    return lines


def resource_digest(text: bytes | str) -> str:
    """A digest of a resource's content (`_CONTENT` of its VEVENT), independent of folding,
    property order, DTSTAMP, SEQUENCE and the properties a server adds (CREATED,
    LAST-MODIFIED...). An occurrence edited on the server (a VEVENT with RECURRENCE-ID) is
    content too, so such an edit changes the digest."""
    main, overrides = _events(text)
    lines = _content_lines(main)
    for override in sorted(overrides, key=lambda c: c["RECURRENCE-ID"].to_ical()):
        lines += [f"RECURRENCE-ID:{override['RECURRENCE-ID'].to_ical().decode()}", *_content_lines(override)]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _events(text: bytes | str) -> tuple[Any, list[Any]]:
    """The VEVENT of a resource (the one without RECURRENCE-ID) and its overrides, parsed by
    icalendar; ValueError when there is none."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    main = [c for c in events if "RECURRENCE-ID" not in c]
    if not main:
        raise ValueError("no VEVENT")
    return main[0], [c for c in events if "RECURRENCE-ID" in c]


def _insert(data: bytes, lines: Sequence[str]) -> bytes:
    """`lines` added at the end of the one VEVENT of `data`."""
    block = "".join(line + "\r\n" for line in lines).encode()
    head, separator, tail = data.rpartition(b"END:VEVENT\r\n")
    if not separator:
        raise AgendaError("internal: a calendar resource without a VEVENT")
    return head + block + separator + tail


def encode_resource(event: CalendarEvent, *, event_id: str, stamp: datetime) -> bytes:
    """One calendar object resource: the event, its VTIMEZONEs, no METHOD, no ORGANIZER (with
    one, a scheduling server could treat the resource as an invitation), marked as this agenda's,
    with the digest of its content."""
    from agenda.ical import write_calendar
    from agenda.ical._write import _fold, _text

    data = write_calendar((event,), method=None, stamp=stamp)
    data = _insert(data, [_fold(f"{MARK}:{_text(event_id)}")])
    digest = resource_digest(data)
    return _insert(data, [f"{DIGEST}:{digest}"])


# ---------------------------------------------------------------------------------------------
# The plan


def _owned(uid: str, event_id: str) -> bool:
    from agenda.ical._plan import UID_DOMAIN

    return uid == f"{event_id}@{UID_DOMAIN}" or uid.endswith(f".{event_id}@{UID_DOMAIN}")


def resource_href(calendar_url: str, uid: str) -> str:
    """Where a new resource for `uid` goes: its UID, percent-encoded, with ``.ics``."""
    return urljoin(calendar_url, quote(uid, safe="@.-_") + ".ics")


def desired_resources(agenda: Agenda, *, split: Split = "event") -> tuple[CalendarEvent, ...]:
    """The events the calendar should hold: the method-less plan of `agenda` (no attendees)."""
    from agenda.ical import plan_calendar

    return plan_calendar(agenda, split=split, method=None)


def plan_publish(
    desired: Sequence[CalendarEvent],
    remote: Sequence[RemoteEvent],
    *,
    calendar_url: str,
    event_id: str,
    revision: int,
    stamp: datetime,
    force: bool = False,
) -> tuple[Change, ...]:
    """What to do so that the calendar holds `desired`, given what it holds (`remote`).

    A new UID is created; one whose content is unchanged is kept (no write); a changed one is
    updated with SEQUENCE `next_sequence`; one of this agenda that is no longer desired is
    deleted. A conflict, left alone: a resource with a desired UID that this agenda did not put
    there, and (unless `force`) one edited on the server since it was written.
    """
    from agenda.ical import next_sequence

    by_uid: dict[str, RemoteEvent] = {}
    changes: list[Change] = []
    for read in remote:
        if read.uid in by_uid:
            changes.append(
                Change(action="conflict", uid=read.uid, href=read.href, reason="the calendar holds this UID twice")
            )
            continue
        by_uid[read.uid] = read
    wanted = {event.uid for event in desired}
    for event in desired:
        found = by_uid.get(event.uid)
        if found is None:
            data = encode_resource(event, event_id=event_id, stamp=stamp)
            href = resource_href(calendar_url, event.uid)
            changes.append(Change(action="create", uid=event.uid, href=href, data=data, sequence=event.sequence))
            continue
        if found.mark != event_id:
            changes.append(
                Change(
                    action="conflict",
                    uid=event.uid,
                    href=found.href,
                    reason=f"the calendar holds this UID, but not as an event published from {event_id!r}; "
                    "left as it is",
                )
            )
            continue
        same = encode_resource(attrs.evolve(event, sequence=found.sequence), event_id=event_id, stamp=stamp)
        if resource_digest(same) == found.digest:
            changes.append(Change(action="keep", uid=event.uid, href=found.href, etag=found.etag))
            continue
        if found.stored_digest != found.digest and not force:
            changes.append(_edited(found))
            continue
        sequence = next_sequence(attrs.evolve(event, sequence=found.sequence), revision)
        data = encode_resource(attrs.evolve(event, sequence=sequence), event_id=event_id, stamp=stamp)
        changes.append(
            Change(action="update", uid=event.uid, href=found.href, data=data, etag=found.etag, sequence=sequence)
        )
    for stale in by_uid.values():
        found = stale
        if found.uid in wanted or found.mark != event_id or not _owned(found.uid, event_id):
            continue
        if found.stored_digest != found.digest and not force:
            changes.append(_edited(found))
            continue
        changes.append(Change(action="delete", uid=found.uid, href=found.href, etag=found.etag))
    return tuple(changes)


def _edited(found: RemoteEvent) -> Change:
    return Change(
        action="conflict",
        uid=found.uid,
        href=found.href,
        etag=found.etag,
        reason="edited on the server since it was published; left as it is (--force overwrites it)",
    )


# ---------------------------------------------------------------------------------------------
# Credentials


def credentials_for(
    url: str, *, environ: Mapping[str, str] | None = None, netrc_path: str | os.PathLike[str] | None = None
) -> tuple[str, str] | None:
    """The user name and password for `url`: ``AGENDA_CALDAV_USERNAME`` and
    ``AGENDA_CALDAV_PASSWORD``, else the netrc entry of its host (``$NETRC`` or ``~/.netrc``),
    else None. Credentials in the URL itself are refused (they end up in logs and shell history)."""
    env = os.environ if environ is None else environ
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise CalDAVError(
            f"{_safe_url(url)}: put no user name or password in the URL; use AGENDA_CALDAV_USERNAME and "
            "AGENDA_CALDAV_PASSWORD, or a netrc entry",
            url=_safe_url(url),
        )
    user, password = env.get("AGENDA_CALDAV_USERNAME"), env.get("AGENDA_CALDAV_PASSWORD")
    if user or password:
        if not (user and password):
            raise CalDAVError("set both AGENDA_CALDAV_USERNAME and AGENDA_CALDAV_PASSWORD, or neither")
        return user, password
    path = Path(netrc_path) if netrc_path is not None else Path(env.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(parts.hostname or "")
    except (netrc.NetrcParseError, OSError) as error:
        raise CalDAVError(f"{path}: cannot read the netrc file: {error}") from None
    if entry is None:
        return None
    login, _, secret = entry
    return (login, secret) if login and secret else None


def _safe_url(url: str) -> str:
    """`url` without a user name or password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return parts._replace(netloc=host).geturl()


def _loopback(host: str | None) -> bool:
    if host in (None, "localhost"):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# ---------------------------------------------------------------------------------------------
# The HTTP edge


class CalDAVClient:
    """A CalDAV calendar collection over one kept HTTP session (TLS verified)."""

    def __init__(
        self, url: str, *, auth: tuple[str, str] | None = None, session: niquests.Session | None = None
    ) -> None:
        import niquests

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CalDAVError(f"{_safe_url(url)!r} is not an http(s) URL of a calendar", url=url)
        if auth is not None and parts.scheme == "http" and not _loopback(parts.hostname):
            raise CalDAVError(
                f"{_safe_url(url)}: refusing to send a password over plain http to another machine; use https",
                url=url,
            )
        self.url = url if url.endswith("/") else url + "/"
        self.auth = auth
        self.session = session if session is not None else niquests.Session()

    def _request(self, method: str, url: str, **options: Any) -> niquests.Response:
        import niquests

        try:
            response = self.session.request(method, url, auth=self.auth, timeout=_TIMEOUT, **options)
        except niquests.exceptions.RequestException as error:
            raise CalDAVError(f"{method} {_safe_url(url)}: {_one_line(str(error))}", url=url) from None
        if response.status_code in (401, 403):
            hint = (
                "set AGENDA_CALDAV_USERNAME and AGENDA_CALDAV_PASSWORD or a netrc entry"
                if self.auth is None
                else "check the user name and password"
            )
            raise CalDAVError(
                f"{method} {_safe_url(url)}: {response.status_code} {response.reason}: {hint}",
                url=url,
                status=response.status_code,
            )
        return response

    def events(self) -> tuple[RemoteEvent, ...]:
        """Every VEVENT resource of the calendar, with its ETag (one calendar-query REPORT)."""
        from xml.etree import ElementTree as ET

        response = self._request(
            "REPORT",
            self.url,
            data=_QUERY,
            headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
        )
        if response.status_code == 404:
            raise CalDAVError(f"no calendar at {_safe_url(self.url)} (404)", url=self.url, status=404)
        if response.status_code != 207:
            raise self._refused("REPORT", self.url, response)
        try:
            # expat refuses external entities and limits entity expansion (3.11 ships expat >= 2.4).
            root = ET.fromstring(response.content or b"")  # noqa: S314
        except ET.ParseError as error:
            raise CalDAVError(f"REPORT {_safe_url(self.url)}: not a multistatus answer ({error})") from None
        found = []
        for item in root.iter(f"{_DAV}response"):
            href = item.findtext(f"{_DAV}href")
            if not href:
                continue
            etag = data = None
            for propstat in item.iter(f"{_DAV}propstat"):
                if " 200 " not in f" {propstat.findtext(f'{_DAV}status') or ''} ":
                    continue
                etag = propstat.findtext(f"{_DAV}prop/{_DAV}getetag") or etag
                data = propstat.findtext(f"{_DAV}prop/{_CALDAV}calendar-data") or data
            if data is None:
                continue
            found.append(_remote(urljoin(self.url, href), etag, data))
        return tuple(event for event in found if event is not None)

    def put(self, change: Change) -> bool:
        """Create or update; False when the condition failed (a concurrent edit)."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if change.action == "create":
            headers["If-None-Match"] = "*"
        elif change.etag is not None:
            headers["If-Match"] = change.etag
        response = self._request("PUT", change.href, data=change.data, headers=headers)
        if response.status_code == 412:
            return False
        if response.status_code not in (200, 201, 204):
            raise self._refused("PUT", change.href, response)
        return True

    def delete(self, change: Change) -> bool:
        """Delete; False when the condition failed (a concurrent edit)."""
        headers = {"If-Match": change.etag} if change.etag is not None else {}
        response = self._request("DELETE", change.href, headers=headers)
        if response.status_code == 412:
            return False
        if response.status_code == 404:
            return True  # already gone: what was asked
        if response.status_code not in (200, 204):
            raise self._refused("DELETE", change.href, response)
        return True

    @staticmethod
    def _refused(method: str, url: str, response: niquests.Response) -> CalDAVError:
        body = _one_line(response.text or "")[:200]
        return CalDAVError(
            f"{method} {_safe_url(url)}: {response.status_code} {response.reason}" + (f": {body}" if body else ""),
            url=url,
            status=response.status_code,
        )


def _one_line(text: str) -> str:
    """Server text for a message: control characters and line breaks as spaces."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()


def _remote(href: str, etag: str | None, data: str) -> RemoteEvent | None:
    try:
        component, _ = _events(data)
        digest = resource_digest(data)
    except ValueError:
        return None  # not an event we could read, so not one of ours
    uid = str(component.get("UID", ""))
    mark = component.get(MARK)
    stored = component.get(DIGEST)
    try:
        sequence = int(component.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        sequence = 0
    return RemoteEvent(
        href=href,
        etag=etag,
        uid=uid,
        sequence=sequence,
        mark=str(mark) if mark is not None else None,
        stored_digest=str(stored) if stored is not None else None,
        digest=digest,
    )


def publish_caldav(
    agenda: Agenda,
    url: str,
    *,
    stamp: datetime,
    split: Split = "event",
    dry_run: bool = False,
    force: bool = False,
    auth: tuple[str, str] | None = None,
    session: niquests.Session | None = None,
) -> PublishResult:
    """Make the CalDAV calendar at `url` hold `agenda`'s events (see the module's notes).

    `stamp` is the DTSTAMP of what is written. With `dry_run`, nothing is written: the result
    says what would be. A write whose condition fails (the resource changed on the server after
    it was read) becomes a conflict in the result; nothing else is retried or overwritten.
    """
    client = CalDAVClient(url, auth=auth, session=session)
    remote = client.events()
    changes = plan_publish(
        desired_resources(agenda, split=split),
        remote,
        calendar_url=client.url,
        event_id=agenda.event.id,
        revision=agenda.event.revision,
        stamp=stamp,
        force=force,
    )
    if dry_run:
        return PublishResult(changes=changes, dry_run=True)
    done = []
    for change in changes:
        if change.action in ("create", "update"):
            written = client.put(change)
        elif change.action == "delete":
            written = client.delete(change)
        else:
            done.append(change)
            continue
        if written:
            done.append(change)
        else:
            done.append(
                attrs.evolve(
                    change,
                    action="conflict",
                    data=None,
                    reason=f"changed on the server while publishing ({change.action} refused: 412); left as it is",
                )
            )
    return PublishResult(changes=tuple(done))
