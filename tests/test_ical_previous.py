"""Exporting against the version calendars already hold: only what changed moves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import attrs
import icalendar
import pytest

import agenda
from agenda import Agenda, Part
from agenda.ical import ExportError, to_ical, to_ical_each

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


def test_changes_without_a_revision_bump_are_refused(seed_path: Path) -> None:
    """An update whose revision is not above the previous one is refused, naming both values."""
    first = agenda.load(seed_path)
    second = second_version(first)
    same = attrs.evolve(second, event=attrs.evolve(second.event, revision=0))
    refusal = r"event\.revision is 0 and the previous version's is 0: raise event\.revision to 1"
    with pytest.raises(ExportError, match=refusal):
        to_ical(same, stamp=STAMP, split="items", previous=first)


def test_nothing_changed_needs_no_revision_bump(seed_path: Path) -> None:
    """Against an identical version nothing is refused: a publish keeps every SEQUENCE."""
    first = agenda.load(seed_path)
    assert to_ical(first, stamp=STAMP, split="items", previous=first) == to_ical(first, stamp=STAMP, split="items")


def test_ics_previous_on_the_command_line(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """`agenda ics NEW --previous OLD --method request -o DIR` writes only the changed event."""
    new = tmp_path / "v2.toml"
    agenda.dump(second_version(agenda.load(seed_path)), new)
    out = tmp_path / "update"
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
    assert [sorted(events_of(path.read_bytes())) for path in out.iterdir()] == [["closing"]]


def test_ics_per_event_files_are_named_after_their_uids(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """--method request --split items -o DIR writes one calendar per UID, named after it, as to_ical_each."""
    out = tmp_path / "invitations"
    code, stdout, err = cli(
        "ics", str(seed_path), "--split", "items", "--method", "request", "--stamp", "2021-02-01T09:00Z", "-o", str(out)
    )
    expected = to_ical_each(agenda.load(seed_path), stamp=STAMP, split="items", method="request")
    assert (code, err, f"wrote {len(expected)} calendars" in stdout) == (0, "", True)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == {
        uid.removesuffix("@agenda") + ".ics": data for uid, data in expected
    }


@pytest.mark.parametrize("method", ["request", "cancel"])
@pytest.mark.parametrize("split", ["parts", "items"])
def test_ics_invitation_of_several_events_needs_a_directory(
    cli: Cli, seed_path: Path, tmp_path: Path, method: str, split: str
) -> None:
    """Without -o DIR, an invitation or cancellation of several events exits 2 saying what to do."""
    code, out, err = cli("ics", str(seed_path), "--split", split, "--method", method)
    assert (code, out, "give -o DIR" in err) == (2, "", True)


def test_ics_per_event_refuses_a_file_as_directory(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """-o naming an existing file, or a new name ending in .ics, is refused for per-event output."""
    existing = tmp_path / "file"
    existing.write_text("")
    for target in (existing, tmp_path / "update.ics"):
        code, _, err = cli("ics", str(seed_path), "--split", "items", "--method", "request", "-o", str(target))
        assert (code, "directory" in err) == (2, True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


@pytest.mark.parametrize(("method", "split"), [("request", "items"), ("cancel", "items"), ("request", "event")])
def test_ics_previous_with_nothing_changed_writes_nothing(
    cli: Cli, seed_path: Path, tmp_path: Path, method: str, split: str
) -> None:
    """Nothing changed: "nothing changed since OLD" on stderr, exit 0, nothing written (a regression:
    it exited 2 with "a calendar needs at least one event")."""
    out = tmp_path / "out"
    code, stdout, err = cli(
        "ics", str(seed_path), "--previous", str(seed_path), "--split", split, "--method", method, "-o", str(out)
    )
    assert (code, stdout, f"nothing changed since {seed_path}" in err, out.exists()) == (0, "", True, False)
