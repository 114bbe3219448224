"""The subscription feed: `agenda ics --feed URL` and `agenda.publish.to_feed`, read as a subscriber would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
import vobject

from agenda import Agenda, Part, load
from agenda.publish import FeedError, to_feed, webcal_url

Cli = Callable[..., tuple[int, str, str]]
URL = "https://example.org/webinar/feed.ics"
STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)
LATER = datetime(2021, 2, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def seed(seed_path: Path) -> Agenda:
    return load(seed_path)


def calendar(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


class Subscriber:
    """What a calendar app keeps of a subscribed feed: events by UID, replaced when SEQUENCE or
    DTSTAMP says the fetched one is newer, removed when the feed no longer has them."""

    def __init__(self) -> None:
        self.events: dict[str, icalendar.Event] = {}

    def fetch(self, data: bytes) -> None:
        fetched = {str(event["UID"]): event for event in calendar(data).walk("VEVENT")}
        assert len(fetched) == len(calendar(data).walk("VEVENT")), "a UID twice in one feed"
        for uid, event in fetched.items():
            known = self.events.get(uid)
            if known is None or (int(event["SEQUENCE"]), event.decoded("DTSTAMP")) >= (
                int(known["SEQUENCE"]),
                known.decoded("DTSTAMP"),
            ):
                self.events[uid] = event
        self.events = {uid: event for uid, event in self.events.items() if uid in fetched}

    def summaries(self) -> dict[str, str]:
        return {uid: str(event["SUMMARY"]) for uid, event in self.events.items()}


def retitled(agenda: Agenda, item_id: str, title: str) -> Agenda:
    def walk(node: Any) -> Any:
        if isinstance(node, Part):
            return attrs.evolve(node, items=tuple(walk(child) for child in node.items))
        return attrs.evolve(node, title=title) if node.id == item_id else node

    return attrs.evolve(
        agenda,
        parts=tuple(walk(part) for part in agenda.parts),
        event=attrs.evolve(agenda.event, revision=agenda.event.revision + 1),
    )


def test_feed_has_no_method_and_the_rfc_7986_properties(seed: Agenda) -> None:
    """The feed carries no METHOD, and REFRESH-INTERVAL, X-PUBLISHED-TTL, SOURCE, NAME, X-WR-CALNAME."""
    feed = calendar(to_feed(seed, URL, stamp=STAMP, refresh=timedelta(hours=6)))
    expected = {
        "METHOD": None,
        "REFRESH-INTERVAL": "PT6H",
        "X-PUBLISHED-TTL": "PT6H",
        "SOURCE": URL,
        "NAME": seed.event.title,
        "X-WR-CALNAME": seed.event.title,
    }
    actual = {name: (feed[name].to_ical().decode() if name in feed else None) for name in expected}
    assert actual == expected
    assert feed["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"


def test_feed_is_read_by_vobject(seed: Agenda) -> None:
    """vobject (Radicale's parser), validating, reads every event of the feed."""
    data = to_feed(seed, URL, stamp=STAMP, split="items")
    parsed = vobject.readOne(data.decode(), validate=True)
    assert len(parsed.vevent_list) == len(calendar(data).walk("VEVENT"))


def test_exported_twice_the_feed_keeps_every_uid(seed: Agenda) -> None:
    """Two exports at different times: the same UIDs, the same SEQUENCEs."""
    first = [
        (str(e["UID"]), e["SEQUENCE"]) for e in calendar(to_feed(seed, URL, stamp=STAMP, split="items")).walk("VEVENT")
    ]
    again = [
        (str(e["UID"]), e["SEQUENCE"]) for e in calendar(to_feed(seed, URL, stamp=LATER, split="items")).walk("VEVENT")
    ]
    assert first == again


def test_a_subscriber_sees_an_update_not_a_duplicate(seed: Agenda) -> None:
    """After a change, a subscriber refetching the feed has the same events, one of them retitled."""
    subscriber = Subscriber()
    subscriber.fetch(to_feed(seed, URL, stamp=STAMP, split="items"))
    before = subscriber.summaries()
    changed = retitled(seed, "closing", "Closing words")
    subscriber.fetch(to_feed(changed, URL, stamp=LATER, split="items", previous=seed))
    after = subscriber.summaries()
    uid = f"closing.{seed.event.id}@agenda"
    assert sorted(before) == sorted(after)
    assert {**before, uid: "Closing words"} == after
    assert subscriber.events[uid]["SEQUENCE"] == seed.event.revision + 1


def test_with_previous_only_the_changed_event_gets_a_new_sequence(seed: Agenda) -> None:
    """Against the previous version, unchanged events keep their SEQUENCE."""
    changed = retitled(seed, "closing", "Closing words")
    events = calendar(to_feed(changed, URL, stamp=LATER, split="items", previous=seed)).walk("VEVENT")
    raised = [str(e["UID"]) for e in events if e["SEQUENCE"] != seed.event.revision]
    assert raised == [f"closing.{seed.event.id}@agenda"]


def test_webcal_link() -> None:
    """The page's link to the feed uses webcal://; a webcal:// feed URL is written as https in SOURCE."""
    assert webcal_url(URL) == "webcal://example.org/webinar/feed.ics"
    feed = calendar(to_feed(load_seed(), "webcal://example.org/f.ics", stamp=STAMP))
    assert feed["SOURCE"] == "https://example.org/f.ics"


def load_seed() -> Agenda:
    return load(Path(__file__).resolve().parent.parent / "examples" / "india-russia-webinar.toml")


@pytest.mark.parametrize("url", ["", "feed.ics", "ftp://example.org/f.ics", "https://example.org/a\r\nX-EVIL:1"])
def test_a_bad_feed_url_is_refused(seed: Agenda, url: str) -> None:
    """A feed URL that is not an http(s) or webcal URL (or carries a line break) is a FeedError."""
    with pytest.raises(FeedError, match="give the http"):
        to_feed(seed, url, stamp=STAMP)


def test_an_invitation_cannot_be_a_feed(seed: Agenda) -> None:
    """method request is refused: a feed invites nobody."""
    with pytest.raises(FeedError, match="a feed is no invitation"):
        to_feed(seed, URL, stamp=STAMP, method="request")


def test_cli_writes_the_feed(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """`agenda ics FILE --feed URL --refresh 12h -o OUT` writes the feed."""
    target = tmp_path / "feed.ics"
    code, out, err = cli(
        "ics", str(seed_path), "--feed", URL, "--refresh", "12h", "--stamp", "2021-02-01T09:00Z", "-o", str(target)
    )
    assert (code, out, err) == (0, "", "")
    feed = calendar(target.read_bytes())
    assert (feed["REFRESH-INTERVAL"].to_ical().decode(), feed.get("METHOD")) == ("PT12H", None)


def test_cli_bad_feed_url_exits_2(cli: Cli, seed_path: Path) -> None:
    """A bad --feed URL: exit 2, one line."""
    code, out, err = cli("ics", str(seed_path), "--feed", "feed.ics")
    assert (code, out) == (2, "")
    assert err == "agenda: error: --feed 'feed.ics': give the http(s) or webcal:// URL the feed is served from\n"


def test_cli_refresh_without_feed_is_refused(cli: Cli, seed_path: Path) -> None:
    """--refresh without --feed is an error, not silently ignored."""
    code, out, err = cli("ics", str(seed_path), "--refresh", "2h")
    assert (code, out) == (2, "")
    assert err == "agenda: error: --refresh is how often a feed is fetched again: give --feed URL too\n"
