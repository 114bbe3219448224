"""The split is part of a version's state: changing it between versions cancels what the
previous version sent and this one does not, to the people who received it, and nobody else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from agenda import Agenda, dump
from agenda.ical import plan_events
from agenda.invite import InviteError, plan_notices
from test_invite_lifecycle import version_1

SPLITS = ("event", "parts", "items")
Cli = Callable[..., tuple[int, str, str]]


def with_split(agenda: Agenda, split: str | None, revision: int) -> Agenda:
    return attrs.evolve(agenda, event=attrs.evolve(agenda.event, split=split, revision=revision))


def sent(agenda: Agenda, split: str) -> dict[str, set[str]]:
    """UID -> the addresses a version's invitations went to."""
    return {e.uid: {a.email for a in e.attendees} for e in plan_events(agenda, split=split)}  # type: ignore[arg-type]


@pytest.mark.parametrize("before", SPLITS)
@pytest.mark.parametrize("after", SPLITS)
def test_changing_the_split_cancels_exactly_what_was_sent_before(before: str, after: str) -> None:
    """Every UID of the previous split that the new one lacks is cancelled, to its own recipients;
    every UID of the new split that the old one lacked is a new invitation; with the same split,
    nothing goes out."""
    old, new = with_split(version_1(), before, 0), with_split(version_1(), after, 1)
    notices = plan_notices(new, previous=old)
    then, now = sent(old, before), sent(new, after)
    cancels = {n.event.uid: {a.email for a in n.recipients} for n in notices if n.method == "cancel"}
    requests = {n.event.uid for n in notices if n.method == "request" and n.reason == "new"}
    expected_cancels = {uid: people for uid, people in then.items() if uid not in now and people}
    assert (cancels, requests) == (expected_cancels, set(now) - set(then))


@pytest.mark.parametrize("before", SPLITS)
@pytest.mark.parametrize("after", SPLITS)
def test_nobody_gets_a_cancel_for_what_they_never_received(before: str, after: str) -> None:
    """Each CANCEL goes only to people the previous version invited to that very UID."""
    old, new = with_split(version_1(), before, 0), with_split(version_1(), after, 1)
    then = sent(old, before)
    strays = [
        (n.event.uid, a.email)
        for n in plan_notices(new, previous=old)
        if n.method == "cancel"
        for a in n.recipients
        if a.email not in then.get(n.event.uid, set())
    ]
    assert strays == []


def test_previous_split_argument_overrides_a_file_without_one() -> None:
    """Sent with --split event, then --split items: previous_split='event' cancels the whole event."""
    old, new = version_1(), with_split(version_1(), None, 1)
    notices = plan_notices(new, previous=old, split="items", previous_split="event")
    assert [n.event.uid for n in notices if n.method == "cancel"] == ["webinar@agenda"]


def test_without_a_split_anywhere_the_previous_is_sent_like_the_current() -> None:
    """Neither file says and no previous_split is given: the previous version is read with the current split."""
    old, new = version_1(), with_split(version_1(), None, 1)
    assert plan_notices(new, previous=old, split="items") == ()


def test_a_split_change_needs_a_higher_revision() -> None:
    """Changing the split changes what clients hold: the same revision is refused."""
    old, new = with_split(version_1(), "event", 0), with_split(version_1(), "items", 0)
    with pytest.raises(InviteError, match=r"raise event\.revision"):
        plan_notices(new, previous=old)


def test_cli_uses_the_splits_in_the_files(cli: Cli, tmp_path: Path) -> None:
    """`agenda invite v2 --previous v1`, event.split in both files: 3 CANCELs of the whole event, 5 item REQUESTs."""
    v1, v2 = tmp_path / "v1.toml", tmp_path / "v2.toml"
    dump(with_split(version_1(), "event", 0), v1)
    dump(with_split(version_1(), "items", 1), v2)
    code, out, _ = cli(
        "invite", str(v2), "--previous", str(v1), "--out", str(tmp_path / "out"), "--stamp", "2021-01-20T09:00Z"
    )
    assert (code, out) == (0, f"wrote 8 messages (5 REQUEST, 3 CANCEL) to {tmp_path / 'out'}\n")


def test_cli_quiet_writes_the_messages_without_the_summary(cli: Cli, tmp_path: Path) -> None:
    """`agenda invite -q` writes the same messages and prints nothing."""
    v1, v2 = tmp_path / "v1.toml", tmp_path / "v2.toml"
    dump(with_split(version_1(), "event", 0), v1)
    dump(with_split(version_1(), "items", 1), v2)
    out_dir = tmp_path / "out"
    code, out, err = cli(
        "invite", "-q", str(v2), "--previous", str(v1), "--out", str(out_dir), "--stamp", "2021-01-20T09:00Z"
    )
    assert (code, out, err, len(list(out_dir.glob("*.eml")))) == (0, "", "", 8)


def test_ics_cancel_after_a_split_change_cancels_the_old_uids() -> None:
    """`to_ical_each(method="cancel", previous=...)` across a split change cancels the old split's UIDs."""
    from agenda.ical import to_ical_each
    from test_ical_support import STAMP

    old, new = with_split(version_1(), "items", 0), with_split(version_1(), "event", 1)
    cancelled = [uid for uid, _ in to_ical_each(new, stamp=STAMP, method="cancel", previous=old)]
    assert cancelled == [e.uid for e in plan_events(old, split="items")]
