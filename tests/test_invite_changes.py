"""Update messages say what changed, in the recipient's zone, in the text and HTML bodies and
in the Subject."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from agenda import Agenda, Event, Item, Organizer, Part, Speaker
from agenda.invite import Invitation, invitations
from test_invite_lifecycle import STAMP, version_1, version_2


def updates(new: Agenda, old: Agenda, split: str, email: str) -> list[Invitation]:
    return [
        i
        for i in invitations(new, previous=old, stamp=STAMP, split=split)  # type: ignore[arg-type]
        if i.notice.reason == "updated" and i.recipient.email == email
    ]


def text(invitation: Invitation) -> str:
    body = invitation.message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def test_a_moved_item_says_its_new_and_old_time() -> None:
    """Block B's update to its speaker names the new and the old time, in his zone."""
    (ivan,) = updates(version_2(), version_1(), "items", "ivan@example.ru")
    assert "  - Block B now 11:35–11:55 MSK, was 11:20–11:40" in text(ivan).splitlines()


def test_the_subject_says_new_time() -> None:
    """The Subject of a retimed event's update ends with ``(new time)``."""
    (ivan,) = updates(version_2(), version_1(), "items", "ivan@example.ru")
    assert ivan.message["Subject"] == "Updated: Block B @ Wed 10 Feb 2021 11:35 (Europe/Moscow) (new time)"


def test_changes_are_said_in_the_recipients_zone() -> None:
    """Raj, in Kolkata, reads the whole event's changes in IST, the removed keynote included."""
    (raj,) = updates(version_2(), version_1(), "event", "raj@example.in")
    lines = text(raj).splitlines()
    assert [line for line in lines if line.startswith("  - ")] == [
        "  - Removed: Keynote, was 12:55–13:15 IST",
        "  - Block B now 14:05–14:25 IST, was 13:50–14:10",
    ]


def test_the_html_body_lists_the_same_changes() -> None:
    """The HTML alternative carries the same list."""
    (ivan,) = updates(version_2(), version_1(), "items", "ivan@example.ru")
    html = ivan.message.get_body(("html",))
    assert html is not None
    assert "<ul><li>Block B now 11:35–11:55 MSK, was 11:20–11:40</li></ul>" in html.get_content()


def test_a_rename_says_old_and_new_title() -> None:
    """Renaming an item: ``Old is now New`` and a Subject ending ``(new title)``."""
    old = version_1()
    first = old.parts[0]
    assert isinstance(first, Part)
    renamed = attrs.evolve(first.items[0], title="Opening words")
    new = attrs.evolve(
        old,
        event=attrs.evolve(old.event, revision=1),
        parts=(attrs.evolve(first, items=(renamed, *first.items[1:])), *old.parts[1:]),
    )
    (olga,) = updates(new, old, "items", "olga@example.ru")
    assert ("  - Opening is now Opening words" in text(olga).splitlines(), olga.message["Subject"][-11:]) == (
        True,
        "(new title)",
    )


def test_a_first_invitation_lists_no_changes() -> None:
    """Without a previous version there is nothing to list."""
    assert not any("What changed" in text(i) for i in invitations(version_1(), stamp=STAMP))


# ---------------------------------------------------------------------------------------------
# Times of one zone subtracted and compared as instants, across a DST fold or gap

NEW_YORK = ZoneInfo("America/New_York")


def night(start: datetime, opening: int, revision: int = 0) -> Agenda:
    """An opening of `opening` minutes and a 30-minute talk by Ann, in New York, from `start`."""
    return Agenda(
        event=Event(
            id="night",
            title="Night",
            start=start,
            revision=revision,
            organizer=Organizer(name="Org", email="org@example.org"),
        ),
        parts=(
            Part(
                title="Part",
                id="part",
                items=(
                    Item(title="Opening", id="opening", duration=timedelta(minutes=opening)),
                    Item(title="Talk", id="talk", duration=timedelta(minutes=30), speakers=("ann",)),
                ),
            ),
        ),
        speakers=(Speaker(id="ann", name="Ann", zone=NEW_YORK, email="ann@example.com"),),
    )


def changes_said(invitation: Invitation) -> list[str]:
    return [line for line in text(invitation).splitlines() if line.startswith("  - ")]


def test_a_move_within_the_repeated_hour_is_an_update_that_says_both_times() -> None:
    """The talk goes from 01:00 EDT to 01:00 EST on 3 Nov 2024 (an hour later, the same wall
    time): Ann's update says so, with the old time's abbreviation, under a "new time" Subject;
    the event, whose end goes from 01:30 EDT to 01:30 EST, is retimed too, each end of its new
    span with its own offset."""
    start = datetime(2024, 11, 3, 0, 30, tzinfo=NEW_YORK)
    (ann,) = updates(night(start, 90, revision=1), night(start, 30), "items", "ann@example.com")
    assert (changes_said(ann), ann.message["Subject"]) == (
        [
            "  - The event now 00:30 UTC-04:00–01:30 UTC-05:00, was 00:30–01:30 EDT;"
            " what is not listed here moved with it",
            "  - Talk now 01:00–01:30 EST, was 01:00–01:30 EDT",
        ],
        "Updated: Talk @ Sun 03 Nov 2024 01:00 (America/New_York) (new time)",
    )


def test_items_that_move_with_the_event_across_a_gap_are_not_listed() -> None:
    """The event moves an hour later across New York's spring-forward gap (10 Mar 2024): the
    opening and the talk move with it, by the same hour and with the same lengths, so the update
    lists the event's move alone."""
    old = night(datetime(2024, 3, 10, 0, 30, tzinfo=NEW_YORK), 60)
    new = night(datetime(2024, 3, 10, 1, 30, tzinfo=NEW_YORK), 60, revision=1)
    (ann,) = updates(new, old, "event", "ann@example.com")
    assert changes_said(ann) == [
        "  - The event now 01:30 UTC-05:00–04:00 UTC-04:00, was 00:30 UTC-05:00–03:00 UTC-04:00;"
        " what is not listed here moved with it"
    ]
