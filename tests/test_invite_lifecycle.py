"""The invitation lifecycle: version 1 invited, version 2 updates one item and removes another."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

import agenda
from agenda.invite import InviteError, invitations, message_id, plan_notices

MOSCOW = ZoneInfo("Europe/Moscow")
STAMP = datetime(2021, 1, 20, 9, 0, tzinfo=UTC)
Cli = Callable[..., tuple[int, str, str]]


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def version_1() -> agenda.Agenda:
    """Two parts with budgets, so dropping the last item of a part moves nothing else."""
    return agenda.Agenda(
        event=agenda.Event(
            id="webinar",
            title="India and Russia",
            start=datetime(2021, 2, 10, 10, 0, tzinfo=MOSCOW),
            organizer=agenda.Organizer(name="BRICS Alliance", email="events@brics.example.org"),
        ),
        parts=(
            agenda.Part(
                title="Part 1",
                id="part-1",
                allotted=minutes(60),
                items=(
                    agenda.Item(title="Opening", duration=minutes(10), speakers=("olga",)),
                    agenda.Item(title="Welcome", duration=minutes(15), speakers=("raj",)),
                    agenda.Item(title="Keynote", duration=minutes(20), speakers=("ivan",)),
                ),
            ),
            agenda.Part(
                title="Part 2",
                id="part-2",
                allotted=minutes(60),
                items=(
                    agenda.Item(title="Block A", duration=minutes(20), speakers=("raj",)),
                    agenda.Item(title="Block B", duration=minutes(20), speakers=("ivan",)),
                ),
            ),
        ),
        speakers=(
            agenda.Speaker(id="olga", name="Olga Kulikova", zone=MOSCOW, email="olga@example.ru"),
            agenda.Speaker(id="raj", name="Raj Mehta", zone=ZoneInfo("Asia/Kolkata"), email="raj@example.in"),
            agenda.Speaker(id="ivan", name="Ivan Petrov", zone=MOSCOW, email="ivan@example.ru"),
        ),
    )


def version_2() -> agenda.Agenda:
    """Keynote removed; Block B moved to 11:35 (it was 11:20); revision 1."""
    old = version_1()
    first, second = old.parts
    assert isinstance(first, agenda.Part)
    assert isinstance(second, agenda.Part)
    block_a, block_b = second.items
    moved = attrs.evolve(block_b, start=datetime(2021, 2, 10, 11, 35, tzinfo=MOSCOW))
    return attrs.evolve(
        old,
        event=attrs.evolve(old.event, revision=1),
        parts=(
            attrs.evolve(first, items=first.items[:2]),
            attrs.evolve(second, items=(block_a, moved)),
        ),
    )


def uid(item_id: str) -> str:
    return f"{item_id}.webinar@agenda"


def read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def vevent_of(message: EmailMessage) -> tuple[str, icalendar.Event]:
    """(METHOD, the one VEVENT) of a message's calendar part, checked by all three parsers."""
    calendar_part = next(p for p in message.iter_parts() if p.get_content_type() == "text/calendar")
    data = calendar_part.get_payload(decode=True)
    assert isinstance(data, bytes)
    assert len(list(vobject.readComponents(data.decode(), validate=True))) == 1
    IcsCalendarStream.calendar_from_ics(data.decode())
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert calendar_part.get_param("method") == str(calendar["METHOD"])
    return str(calendar["METHOD"]), event


def test_end_to_end_v1_invited_then_v2_updates_and_cancels(tmp_path: Path, cli: Cli) -> None:
    """v1 invites everyone; v2 sends REQUEST SEQUENCE 1 for the moved item, CANCEL for the removed
    one, and nothing for the rest."""
    v1, v2 = tmp_path / "v1.toml", tmp_path / "v2.toml"
    agenda.dump(version_1(), v1)
    agenda.dump(version_2(), v2)

    code, _, _ = cli(
        "invite", str(v1), "--split", "items", "--out", str(tmp_path / "first"), "--stamp", "2021-01-20T09:00Z"
    )
    first = [vevent_of(read(f)) for f in sorted((tmp_path / "first").glob("*.eml"))]
    assert code == 0
    assert sorted((method, str(e["UID"]), int(e["SEQUENCE"])) for method, e in first) == sorted(
        ("REQUEST", uid(i), 0) for i in ("opening", "welcome", "keynote", "block-a", "block-b")
    )

    code, out, _ = cli(
        "invite",
        str(v2),
        "--previous",
        str(v1),
        "--split",
        "items",
        "--out",
        str(tmp_path / "second"),
        "--stamp",
        "2021-01-25T09:00Z",
    )
    messages = [read(path) for path in sorted((tmp_path / "second").glob("*.eml"))]
    assert code == 0
    assert "wrote 2 messages (1 REQUEST, 1 CANCEL)" in out
    assert [m["To"].addresses[0].addr_spec for m in messages] == ["ivan@example.ru", "ivan@example.ru"]
    methods = {
        (method, str(e["UID"]), int(e["SEQUENCE"]), str(e.get("STATUS", ""))) for method, e in map(vevent_of, messages)
    }
    assert methods == {("REQUEST", uid("block-b"), 1, ""), ("CANCEL", uid("keynote"), 1, "CANCELLED")}
    moved = next(e for method, e in map(vevent_of, messages) if method == "REQUEST")
    start = moved.DTSTART
    assert start == datetime(2021, 2, 10, 11, 35, tzinfo=MOSCOW)


def test_unchanged_agenda_sends_nothing() -> None:
    """Against an identical previous version there is nothing to send."""
    assert plan_notices(version_1(), previous=version_1(), split="items") == ()


def test_whole_event_update_goes_to_everyone_with_sequence_plus_one() -> None:
    """In the one-event split any change updates the one event, for every recipient."""
    sent = list(invitations(version_2(), previous=version_1(), stamp=STAMP))
    assert sorted(i.recipient.email for i in sent) == ["ivan@example.ru", "olga@example.ru", "raj@example.in"]
    assert {(i.method, i.notice.event.sequence, i.notice.reason) for i in sent} == {("request", 1, "updated")}


def test_sequence_follows_a_higher_revision() -> None:
    """When the new version's revision is above the previous SEQUENCE + 1, the revision wins."""
    v2 = version_2()
    v2 = attrs.evolve(v2, event=attrs.evolve(v2.event, revision=5))
    notices = plan_notices(v2, previous=version_1(), split="items")
    assert {(n.method, n.event.uid, n.event.sequence) for n in notices} == {
        ("request", uid("block-b"), 5),
        ("cancel", uid("keynote"), 5),
    }


def later(version: agenda.Agenda, minutes_later: int, revision: int) -> agenda.Agenda:
    """`version` starting `minutes_later` later, as `revision`."""
    event = version.event
    return attrs.evolve(
        version, event=attrs.evolve(event, start=event.start + minutes(minutes_later), revision=revision)
    )


def test_a_change_without_a_revision_bump_is_refused() -> None:
    """r2 -> r3 with the revision left at r2's is refused, naming both values (a regression: r3 went
    out with r2's SEQUENCE and Message-IDs, and was reported already sent)."""
    r2 = later(version_1(), 10, revision=1)
    r3 = later(r2, 10, revision=1)
    with pytest.raises(
        InviteError,
        match=r"event\.revision is 1 and the previous version.s is 1: raise "
        r"event\.revision to 2",
    ):
        plan_notices(r3, previous=r2)


def test_a_removal_without_a_revision_bump_is_refused() -> None:
    """Removing an event is a change too: the same revision is refused."""
    v2 = attrs.evolve(version_2(), event=version_1().event)
    with pytest.raises(InviteError, match=r"raise event\.revision to 1"):
        list(invitations(v2, previous=version_1(), stamp=STAMP, split="items"))


def test_each_update_has_its_own_sequence_and_message_ids() -> None:
    """r1 -> r2 -> r3, each with a higher revision: SEQUENCE 1 then 2, and no Message-ID repeats."""
    r1 = version_1()
    r2, r3 = later(r1, 10, revision=1), later(r1, 20, revision=2)
    second = list(invitations(r2, previous=r1, stamp=STAMP))
    third = list(invitations(r3, previous=r2, stamp=STAMP))
    assert ({i.notice.event.sequence for i in second}, {i.notice.event.sequence for i in third}) == ({1}, {2})
    assert not {i.message_id for i in second} & {i.message_id for i in third}


def test_message_id_changes_with_the_content_even_at_one_sequence() -> None:
    """Two different contents of one UID, SEQUENCE and recipient never share a Message-ID."""
    (first,) = plan_notices(version_1())
    moved = attrs.evolve(first.event, start=first.event.start + minutes(5))
    ids = {message_id(event, "request", "olga@example.ru", "brics.example.org") for event in (first.event, moved)}
    assert len(ids) == 2


def test_speaker_taken_off_an_item_gets_a_cancel_of_their_own() -> None:
    """A replaced speaker is told the event is off for them; the new one gets the update."""
    v1 = version_1()
    first = v1.parts[0]
    assert isinstance(first, agenda.Part)
    opening = first.items[0]
    assert isinstance(opening, agenda.Item)
    v2 = attrs.evolve(
        v1,
        event=attrs.evolve(v1.event, revision=1),
        parts=(attrs.evolve(first, items=(attrs.evolve(opening, speakers=("raj",)), *first.items[1:])), v1.parts[1]),
    )
    sent = {
        (i.recipient.email, i.method, i.notice.reason) for i in invitations(v2, previous=v1, stamp=STAMP, split="items")
    }
    assert sent == {("raj@example.in", "request", "updated"), ("olga@example.ru", "cancel", "uninvited")}


def test_attendee_list_gets_updates_and_cancellations_too() -> None:
    """People from the attendee list receive the update and the cancellation as well."""
    from agenda.ical import Attendee
    from agenda.invite import Recipient

    listed = Recipient(attendee=Attendee(name="Priya", email="priya@example.in"))
    sent = [
        (i.method, i.notice.event.uid)
        for i in invitations(version_2(), previous=version_1(), stamp=STAMP, split="items", attendees=[listed])
        if i.recipient == listed
    ]
    assert sorted(sent) == [("cancel", uid("keynote")), ("request", uid("block-b"))]


def test_cancel_text_says_cancelled() -> None:
    """The cancellation's subject and text say the event is cancelled."""
    cancel = next(
        i for i in invitations(version_2(), previous=version_1(), stamp=STAMP, split="items") if i.method == "cancel"
    )
    assert str(cancel.message["Subject"]).startswith("Cancelled: Keynote")
    plain = next(p for p in cancel.message.iter_parts() if p.get_content_type() == "text/plain")
    assert "Keynote has been cancelled." in plain.get_content()  # type: ignore[attr-defined]


def test_diff_command_lists_the_same_changes(tmp_path: Path, cli: Cli) -> None:
    """`agenda diff` reports the removal and the retime that the invitations act on; exit 1."""
    v1, v2 = tmp_path / "v1.toml", tmp_path / "v2.toml"
    agenda.dump(version_1(), v1)
    agenda.dump(version_2(), v2)
    code, out, _ = cli("diff", str(v1), str(v2))
    assert code == 1
    assert "removed  item:keynote" in out
    assert "retimed  item:block-b  'Block B': 11:20\N{EN DASH}11:40 -> 11:35\N{EN DASH}11:55" in out


def test_diff_command_json(tmp_path: Path, cli: Cli) -> None:
    """`agenda diff --format json` gives the changes as JSON."""
    import json

    v1, v2 = tmp_path / "v1.toml", tmp_path / "v2.toml"
    agenda.dump(version_1(), v1)
    agenda.dump(version_2(), v2)
    code, out, _ = cli("diff", str(v1), str(v2), "--format", "json")
    assert code == 1
    assert {(c["change"], c["key"]) for c in json.loads(out)["changes"]} >= {
        ("removed", "item:keynote"),
        ("retimed", "item:block-b"),
    }


def test_diff_command_same_file_exits_0(tmp_path: Path, cli: Cli) -> None:
    """Comparing a file with itself reports no change and exits 0."""
    v1 = tmp_path / "v1.toml"
    agenda.dump(version_1(), v1)
    code, out, _ = cli("diff", str(v1), str(v1))
    assert (code, "0 changes" in out) == (0, True)
