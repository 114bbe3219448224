"""Writing a calendar: `CalendarEvent` values become RFC 5545 bytes.

Content lines are assembled here with icalendar's own value encoders (`vText`, `vDDDTypes`,
`Parameters`, `vRecur`) and its folding rule, in icalendar's property order, so the output is
byte-identical to building the same components with icalendar and calling ``to_ical()`` (a test
proves it) at a fraction of the cost of its component machinery.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Parameters, Timezone, vDDDTypes, vDuration, vRecur
from icalendar.parser import _escape_char
from icalendar.timezone.tzid import is_utc

from agenda._model import Organizer
from agenda._text import ical_text
from agenda._times import format_offset
from agenda.ical._plan import METHODS, Attendee, CalendarEvent, ExportError, Method
from agenda.ical._zones import series_problem, written, zone_form

__all__ = ["PRODID", "timezone_component", "uri", "vtimezone", "write_calendar", "zones_used"]

PRODID = "-//agenda//agenda iCalendar export//EN"
#: The methods of iTIP scheduling messages: they carry ATTENDEEs and one UID each.
_SCHEDULING = ("request", "cancel")
_FOLD_AT = 75
# Characters a URI may not carry raw; CR and LF would start a new content line.
_URI_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _fold(line: str) -> str:
    """RFC 5545 folding exactly as icalendar's `Contentline.to_ical` does it, without its loop
    over characters: chunks of at most 74 octets, cut between characters, never just after an
    escape character (backslash or caret) that begins the next chunk."""
    if len(line) < _FOLD_AT and line.isascii():
        return line
    data = line.encode()
    width = _FOLD_AT - 1
    chunks = []
    start = 0
    while len(data) - start > width:
        cut = start + width
        while data[cut] & 0xC0 == 0x80:  # inside a multi-byte character
            cut -= 1
        if cut - start > 1 and data[cut - 1] in b"\\^":
            cut -= 1
        chunks.append(data[start:cut])
        start = cut
    chunks.append(data[start:])
    return b"\r\n ".join(chunks).decode()


def _text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11) of `agenda._text.ical_text`'s safe text: what
    `vText.to_ical` does, without building a vText per value."""
    safe = ical_text(value)
    if "\\N" in safe:
        # icalendar's escape first reads a backslash and N as a line break: keep the two apart
        # with a NUL while it runs (the safe text has none of its own).
        return _escape_char(safe.replace("\\N", "\\\x00N")).replace("\x00", "")
    return _escape_char(safe)


def uri(value: str) -> str:
    """A URI with spaces, control characters and line separators percent-encoded (as UTF-8):
    it stays one content line."""
    return _URI_UNSAFE.sub(
        lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8", "replace")), value.strip()
    )


def _mailto(email: str) -> str:
    address = email.strip()
    if not address.lower().startswith("mailto:"):
        address = "mailto:" + address
    return uri(address)


def _params(values: dict[str, str | list[str]]) -> str:
    """Parameters with values made safe (`agenda._text.ical_text`): icalendar quotes them and
    writes ``^``, ``"`` and line breaks as RFC 6868 ``^^``, ``^'`` and ``^n``."""
    safe = {
        key: ical_text(value) if isinstance(value, str) else [ical_text(v) for v in value]
        for key, value in values.items()
    }
    encoded: str = Parameters(safe).to_ical().decode()
    return ";" + encoded if encoded else ""


@functools.cache
def _zone_is_utc(zone: ZoneInfo) -> bool:
    return bool(is_utc(zone))


def _datetime(name: str, value: datetime) -> str:
    """DTSTART/DTEND: ``NAME;TZID=Zone:YYYYMMDDTHHMMSS``, or ``...Z`` for UTC. `value` is as
    `written` gives it."""
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo):
        if _zone_is_utc(zone):
            return f"{name}:{value:%Y%m%dT%H%M%S}Z"
        return f"{name};TZID={_tzid_param(zone.key)}:{value:%Y%m%dT%H%M%S}"
    encoded = vDDDTypes(value)
    return f"{name}{_params(dict(encoded.params))}:{encoded.to_ical().decode()}"


@functools.cache
def _tzid_param(key: str) -> str:
    return str(Parameters({"TZID": key}).to_ical().decode()).partition("=")[2]


def _duration(value: timedelta) -> str:
    encoded: bytes = vDuration(value).to_ical()  # type: ignore[no-untyped-call]
    return encoded.decode()


def _stamp(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ExportError(f"DTSTAMP must be an aware datetime, got {value!r}")
    return f"DTSTAMP:{vDDDTypes(value.astimezone(UTC)).to_ical().decode()}"


@functools.cache
def _rrule(rule: str) -> str:
    try:
        return str(vRecur.from_ical(rule).to_ical().decode())
    except ValueError as error:
        raise ExportError(f"invalid recurrence rule {rule!r}: {error}") from None


def timezone_component(key: str) -> Timezone:
    """The VTIMEZONE of an IANA key in the form every client reads alike (`agenda.ical._zones`):
    TZID and X-LIC-LOCATION the key, one STANDARD and at most one DAYLIGHT with a yearly RRULE
    from the first change of the zone's current rule, no RDATE. The same for every export."""
    from icalendar import TimezoneDaylight, TimezoneStandard

    form = zone_form(_zone(key))
    if form is None:
        raise ExportError(f"no VTIMEZONE for {key!r}: no yearly rule describes its offset changes")
    component = Timezone()
    component.add("TZID", key)
    component.add("X-LIC-LOCATION", key)
    for observance in form.observances:
        change = observance.change
        sub = TimezoneDaylight() if observance.daylight else TimezoneStandard()
        sub.add("TZNAME", change.name or format_offset(change.after))
        sub.add("TZOFFSETFROM", change.before)
        sub.add("TZOFFSETTO", change.after)
        sub.add("DTSTART", change.wall)
        rule = observance.rrule()
        if rule is not None:
            sub.add("RRULE", vRecur.from_ical(rule))
        component.add_component(sub)
    return component


def _zone(key: str) -> ZoneInfo:
    try:
        return ZoneInfo(key)
    except (ValueError, KeyError) as error:
        raise ExportError(f"no VTIMEZONE for {key!r}: {error}") from None


@functools.cache
def vtimezone(key: str) -> bytes:
    """`timezone_component` as bytes (cached: finding a zone's rule takes milliseconds)."""
    return bytes(timezone_component(key).to_ical())


def zones_used(events: Sequence[CalendarEvent]) -> tuple[str, ...]:
    """The keys of the zones whose VTIMEZONE the events need, sorted: those of the wall times
    written with a TZID (`written`). Refuses a series that cannot be written with one."""
    return _times(events)[0]


def _times(events: Sequence[CalendarEvent]) -> tuple[tuple[str, ...], list[tuple[datetime, datetime]]]:
    """`zones_used`, and each event's DTSTART and DTEND as they are written."""
    keys: set[str] = set()
    times = []
    for event in events:
        pair = []
        for moment in (event.start, event.end):
            zone = moment.tzinfo
            if not isinstance(zone, ZoneInfo):
                raise ExportError(
                    f"event {event.uid!r} has {moment.isoformat()} in a zone without an IANA key: use zoneinfo.ZoneInfo"
                )
            value = written(moment)
            if value is moment and not _zone_is_utc(zone):
                keys.add(zone.key)
            pair.append(value)
        times.append((pair[0], pair[1]))
        if event.rrule is not None:
            problem = series_problem(event.start, event.rrule)
            if problem is not None:
                raise ExportError(problem, subject=f"event {event.uid!r}")
    return tuple(sorted(keys)), times


class _Writer:
    """Encodes events one content line at a time; caches what repeats (attendees, zones)."""

    def __init__(
        self, method: Method, stamp: datetime, organizer: Organizer | None, alarms: Sequence[timedelta]
    ) -> None:
        self.method = method
        self.stamp = _stamp(stamp)
        self.organizer: str | None = None
        if organizer is not None:
            self.organizer = _fold(f"ORGANIZER{_params({'CN': organizer.name})}:{_mailto(organizer.email)}")
        self.triggers = [_fold(f"TRIGGER:{_duration(-abs(a))}") for a in alarms]
        self.attendee_lines: dict[Attendee, str] = {}
        # Lines most events share (location, link, colour, parent) are encoded once.
        self.shared: dict[tuple[str, str, str | None], str] = {}

    def repeated(self, name: str, value: str, label: str | None = None) -> str:
        line = self.shared.get((name, value, label))
        if line is None:
            if name == "CONFERENCE":
                params = _params({"FEATURE": ["AUDIO", "VIDEO"], **({"LABEL": label} if label else {}), "VALUE": "URI"})
                line = _fold(f"CONFERENCE{params}:{uri(value)}")
            elif name == "URL":
                line = _fold(f"URL:{uri(value)}")
            else:
                line = _fold(f"{name}:{_text(value)}")
            self.shared[name, value, label] = line
        return line

    def attendee(self, attendee: Attendee) -> str:
        line = self.attendee_lines.get(attendee)
        if line is None:
            params: dict[str, str | list[str]] = {
                "CN": attendee.name,
                "PARTSTAT": attendee.partstat,
                "ROLE": attendee.role,
                "RSVP": "TRUE" if attendee.rsvp else "FALSE",
            }
            line = _fold(f"ATTENDEE{_params(params)}:{_mailto(attendee.email)}")
            self.attendee_lines[attendee] = line
        return line

    def event(self, event: CalendarEvent, times: tuple[datetime, datetime], out: list[str]) -> None:
        # icalendar's order: its canonical properties first, then the others alphabetically.
        summary = _text(event.summary)
        language = _params({"LANGUAGE": event.language}) if event.language else ""
        out.append("BEGIN:VEVENT")
        out.append(_fold(f"SUMMARY{language}:" + summary))
        out.append(_fold(_datetime("DTSTART", times[0])))
        out.append(_fold(_datetime("DTEND", times[1])))
        out.append(self.stamp)
        out.append(_fold("UID:" + _text(event.uid)))
        out.append(f"SEQUENCE:{int(event.sequence)}")
        if event.rrule is not None:
            out.append(_fold("RRULE:" + _rrule(event.rrule)))
        if self.method in _SCHEDULING:
            out.extend(self.attendee(a) for a in event.attendees)
        if event.color:
            out.append(self.repeated("COLOR", event.color))
        if event.conference:
            out.append(self.repeated("CONFERENCE", event.conference, event.conference_label))
        if event.description:
            out.append(_fold("DESCRIPTION:" + _text(event.description)))
        if event.location:
            out.append(self.repeated("LOCATION", event.location))
        if self.organizer is not None:
            out.append(self.organizer)
        if event.related_to:
            out.append(self.repeated("RELATED-TO", event.related_to))
        if self.method == "cancel":
            out.append("STATUS:CANCELLED")
        if event.url:
            out.append(self.repeated("URL", event.url))
        if self.method != "cancel":
            for trigger in self.triggers:
                alarm = _fold(f"DESCRIPTION{language}:" + summary)
                out.extend(("BEGIN:VALARM", "ACTION:DISPLAY", alarm, trigger, "END:VALARM"))
        out.append("END:VEVENT")


def write_calendar(
    events: Iterable[CalendarEvent],
    *,
    method: Method = "publish",
    stamp: datetime,
    organizer: Organizer | None = None,
    name: str | None = None,
    alarms: Sequence[timedelta] = (),
    prodid: str = PRODID,
    language: str | None = None,
) -> bytes:
    """A VCALENDAR of `events` as RFC 5545 bytes, the same bytes for the same arguments.

    `method` ``"publish"`` (a download or feed) writes no ATTENDEE; ``None`` is the same without the
    METHOD property, as a CalDAV server stores a calendar object (RFC 4791 4.1: sabre/dav, hence
    Nextcloud, refuses one with METHOD; give it one UID per object, e.g. with `to_ical_each`);
    ``"request"`` (invitations) needs an `organizer`, at least one attendee per event and one UID
    in all (RFC 5546: an iTIP object is about one event, with its recurrence overrides);
    ``"cancel"`` holds one UID too, marks every event STATUS:CANCELLED and writes no alarm.
    `stamp` is the DTSTAMP of every event (aware, written in UTC). `name` becomes NAME and
    X-WR-CALNAME, except in a REQUEST or CANCEL (a meeting names no calendar). `alarms` are
    reminders before each start. A VTIMEZONE is written for every zone the events use.
    `language` is the language of `name` (RFC 5545 LANGUAGE); each event says its own.
    """
    if method not in METHODS:
        raise ExportError(f"unknown method {method!r}: use one of {', '.join(map(str, METHODS))}")
    chosen = tuple(events)
    if not chosen:
        raise ExportError("a calendar needs at least one event")
    if method in _SCHEDULING:
        uids = list(dict.fromkeys(event.uid for event in chosen))
        if len(uids) > 1:
            raise ExportError(
                f"METHOD:{method.upper()} carries one event (UID) per calendar (RFC 5546), got {len(uids)}: "
                "write one calendar per event (agenda.ical.to_ical_each, or agenda ics -o DIR), or use "
                "method publish for a file to import"
            )
        if organizer is None:
            raise ExportError(f"METHOD:{method.upper()} needs an organizer (event.organizer)")
        lonely = [event.uid for event in chosen if not event.attendees]
        if method == "request" and lonely:
            raise ExportError(
                "METHOD:REQUEST needs at least one attendee per event: give speakers e-mail addresses "
                f"or pass attendees; none for {', '.join(lonely)}"
            )
    writer = _Writer(method, stamp, organizer, alarms)
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", _fold("PRODID:" + _text(prodid))]
    if method is not None:
        out.append(f"METHOD:{method.upper()}")
    # A meeting names no calendar: Outlook makes a calendar folder of X-WR-CALNAME ([MS-OXCICAL]
    # 2.1.3.1.1.17), so only downloads and feeds carry the name.
    if name and method not in _SCHEDULING:
        said = _params({"LANGUAGE": language}) if language else ""
        out.append(_fold(f"NAME{said}:" + _text(name)))
        out.append(_fold(f"X-WR-CALNAME{said}:" + _text(name)))
    head = "\r\n".join(out) + "\r\n"
    keys, times = _times(chosen)
    zones = b"".join(vtimezone(key) for key in keys)
    out = []
    for event, pair in zip(chosen, times, strict=True):
        writer.event(event, pair, out)
    out.append("END:VCALENDAR")
    return head.encode() + zones + ("\r\n".join(out) + "\r\n").encode()
