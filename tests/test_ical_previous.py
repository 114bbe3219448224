"""Exporting against the version calendars already hold: only what changed moves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import attrs
import icalendar

import agenda
from agenda import Agenda, Part
from agenda.ical import to_ical

STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)
Cli = Callable[..., tuple[int, str, str]]


def second_version(first: Agenda) -> Agenda:
    """Version 2 of the seed: the closing speech 10 minutes later, the part-1 Q&A removed."""
    part_1, break_, part_2, closing = first.parts
    assert isinstance(part_1, Part)
    closing = attrs.evolve(closing, start=datetime(2021, 2, 10, 14, 0, tzinfo=first.event.zone))
    part_1 = attrs.evolve(part_1, items=part_1.items[:-1])
    event = attrs.evolve(first.event, revision=1)
    return attrs.evolve(first, event=event, parts=(part_1, break_, part_2, closing))


def events_of(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]).split(".")[0]: event for event in calendar.walk("VEVENT")}


def test_publish_raises_sequence_only_for_changed_events(seed_path: Path) -> None:
    """Unchanged events keep SEQUENCE 0; the moved closing speech gets 1; the removed item is gone."""
    first = agenda.load(seed_path)
    events = events_of(to_ical(second_version(first), stamp=STAMP, split="items", previous=first))
    assert events["closing"]["SEQUENCE"] == 1
    assert events["opening"]["SEQUENCE"] == 0
    assert "part-1-qa" not in events


def test_request_holds_only_changed_events_and_cancel_only_removed_ones(seed_path: Path) -> None:
    """A REQUEST against the previous version is the moved item; a CANCEL is the removed one."""
    first = agenda.load(seed_path)
    second = second_version(first)
    request = events_of(to_ical(second, stamp=STAMP, split="items", method="request", previous=first))
    cancel = events_of(to_ical(second, stamp=STAMP, split="items", method="cancel", previous=first))
    assert sorted(request) == ["closing"]
    assert request["closing"].start == datetime(2021, 2, 10, 11, 0, tzinfo=UTC)
    assert sorted(cancel) == ["part-1-qa"]
    assert (cancel["part-1-qa"]["STATUS"], cancel["part-1-qa"]["SEQUENCE"]) == ("CANCELLED", 1)


def test_ics_previous_on_the_command_line(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """`agenda ics NEW --previous OLD --method request` writes only the changed event."""
    new = tmp_path / "v2.toml"
    agenda.dump(second_version(agenda.load(seed_path)), new)
    out = tmp_path / "update.ics"
    code, _, err = cli(
        "ics",
        str(new),
        "--previous",
        str(seed_path),
        "--split",
        "items",
        "--method",
        "request",
        "--stamp",
        "2021-02-01T09:00Z",
        "-o",
        str(out),
    )
    assert (code, err) == (0, "")
    assert sorted(events_of(out.read_bytes())) == ["closing"]
