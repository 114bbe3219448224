"""Attendee lists: CSV files of people to invite, with their zones and languages. Every bad row
is reported with its file and line (`AttendeeListError`)."""

from __future__ import annotations

import csv
import io
import os
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from agenda._formats.files import read_limited
from agenda._languages import canonical_tag, language_problem
from agenda._text import MAX_NAME, mailbox_problem, text_problem
from agenda._times import get_zone
from agenda.exceptions import AttendeeListError, InvalidValueError, Problem, UnknownZoneError
from agenda.ical import Attendee

__all__ = ["AttendeeListError", "Recipient", "parse_attendees", "read_attendees"]


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    problem = language_problem(value)
    if problem is not None:
        raise InvalidValueError(problem, value=value, field="language")
    return canonical_tag(value)


@attrs.frozen(kw_only=True)
class Recipient:
    """Someone to invite: who they are in the calendar, the zone their copy is written in (None:
    the event's zone) and the language they read, an IANA tag (None: the event's language);
    an unknown tag raises `InvalidValueError`."""

    attendee: Attendee
    zone: ZoneInfo | None = None
    language: str | None = attrs.field(default=None, converter=_language)

    @property
    def email(self) -> str:
        return self.attendee.email

    @property
    def name(self) -> str:
        return self.attendee.name


def _checked_address(text: str) -> str | None:
    """The address if it is a plain ``local@domain`` (no display name, no line breaks), else None."""
    return text if mailbox_problem(text) is None else None


_COLUMNS = ("name", "email", "zone", "language")


def parse_attendees(text: str, *, file: str = "<attendees>") -> tuple[Recipient, ...]:
    """Recipients from CSV text with a header row naming the columns ``name``, ``email`` and
    optionally ``zone`` (an IANA key) and ``language`` (an IANA language tag such as ``ru``).
    Raises `AttendeeListError` listing every bad row as ``file:line``; an address that appears
    twice is an error too."""
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
            [
                Problem(
                    path="", message="; ".join(why) + " (the header is name,email[,zone][,language])", line=1, file=file
                )
            ]
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
        language = cells.get("language") or None
        if language is not None and (problem := language_problem(language)) is not None:
            row_problems.append(f"language: {problem}")
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
        recipients.append(Recipient(attendee=attendee, zone=zone, language=language))
    if problems:
        raise AttendeeListError(problems)
    return tuple(recipients)


def read_attendees(path: str | os.PathLike[str]) -> tuple[Recipient, ...]:
    """Recipients from a CSV file (UTF-8); see `parse_attendees`. A file that is not UTF-8 text
    raises `AttendeeListError` naming the first bad byte and its line."""
    name = os.fspath(path)
    raw = read_limited(path, error=AttendeeListError)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})"
        raise AttendeeListError([Problem(path="", message=message, line=line, file=name)]) from None
    return parse_attendees(text, file=name)
