"""`agenda publish --caldav`: against a real Radicale server, read back by an independent client.

The server is started by the tests (``python -m radicale``, storage in a temporary folder, on
127.0.0.1); the independent client is the standard library's `urllib` plus icalendar's parser.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import attrs
import icalendar
import pytest

from agenda import Agenda, Part, build_timeline, load
from agenda.ical import plan_events
from agenda.publish import CalDAVError, credentials_for, publish_caldav

Cli = Callable[..., tuple[int, str, str]]
STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)
LATER = datetime(2021, 2, 5, 9, 0, tzinfo=UTC)
USER = "alice"
PASSWORD = "secret-pass"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_radicale(folder: Path, auth: str) -> Iterator[str]:
    port = _free_port()
    config = folder / "config"
    lines = [
        "[server]",
        f"hosts = 127.0.0.1:{port}",
        "[storage]",
        f"filesystem_folder = {folder / 'collections'}",
        "[logging]",
        "level = error",
        "[auth]",
    ]
    if auth == "none":
        lines.append("type = none")
    else:
        (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
        lines += ["type = htpasswd", f"htpasswd_filename = {folder / 'users'}", "htpasswd_encryption = plain"]
    config.write_text("\n".join(lines) + "\n")
    log = (folder / "log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(400):
            if process.poll() is not None:
                raise RuntimeError(f"radicale exited: {(folder / 'log').read_text()}")
            try:
                http("OPTIONS", base)  # any HTTP answer: the server is serving
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("radicale did not answer")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _start_radicale(tmp_path_factory.mktemp("radicale"), "none")


@pytest.fixture(scope="module")
def radicale_auth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _start_radicale(tmp_path_factory.mktemp("radicale-auth"), "htpasswd")


# ---------------------------------------------------------------------------------------------
# The independent client


def http(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - a local test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def new_calendar(base: str) -> str:
    """A fresh calendar collection on the server."""
    url = f"{base}{USER}/{uuid.uuid4().hex}/"
    headers = {"Authorization": "Basic " + __import__("base64").b64encode(f"{USER}:".encode()).decode()}
    status, _ = http("MKCALENDAR", url, headers=headers)
    assert status == 201
    return url


_REPORT = b"""<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<D:prop><D:getetag/><C:calendar-data/></D:prop>
<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>"""


@attrs.frozen
class Stored:
    href: str
    etag: str
    text: str

    @property
    def calendar(self) -> icalendar.Calendar:
        return icalendar.Calendar.from_ical(self.text)

    @property
    def event(self) -> icalendar.Event:
        (event,) = [e for e in self.calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]
        return event


def read_back(url: str) -> dict[str, Stored]:
    """Every resource of the calendar by UID (fails on a duplicated UID)."""
    status, body = http("REPORT", url, _REPORT, {"Depth": "1", "Content-Type": "application/xml"})
    assert status == 207
    found: dict[str, Stored] = {}
    for response in ET.fromstring(body).iter("{DAV:}response"):  # noqa: S314 - our test server
        href = response.findtext("{DAV:}href") or ""
        etag = response.findtext(".//{DAV:}getetag") or ""
        text = response.findtext(".//{urn:ietf:params:xml:ns:caldav}calendar-data") or ""
        stored = Stored(href=href, etag=etag, text=text)
        uid = str(stored.event["UID"])
        assert uid not in found, f"UID {uid} twice"
        found[uid] = stored
    return found


def put_from_elsewhere(url: str, uid: str, summary: str, etag: str | None = None) -> int:
    """Another client writes an event (a plain PUT, as a calendar app would)."""
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20210203T000000Z\r\nDTSTART:20210210T080000Z\r\nDTEND:20210210T090000Z\r\n"
        f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    headers = {"Content-Type": "text/calendar"} | ({"If-Match": etag} if etag else {})
    status, _ = http("PUT", url, data, headers)
    return status


def edit_elsewhere(stored: Stored, base: str, summary: str) -> int:
    """Another client changes the SUMMARY of a stored event (keeping everything else)."""
    calendar = stored.calendar
    calendar.walk("VEVENT")[0]["SUMMARY"] = summary
    status, _ = http(
        "PUT",
        base.rstrip("/") + stored.href if stored.href.startswith("/") else stored.href,
        calendar.to_ical(),
        {"Content-Type": "text/calendar", "If-Match": stored.etag},
    )
    return status


@pytest.fixture
def seed(seed_path: Path) -> Agenda:
    return load(seed_path)


def server_root(url: str) -> str:
    return url.split(f"/{USER}/", maxsplit=1)[0] + "/"


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


def without(agenda: Agenda, item_id: str) -> Agenda:
    def keep(nodes: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(
            attrs.evolve(n, items=keep(n.items)) if isinstance(n, Part) else n for n in nodes if n.id != item_id
        )

    return attrs.evolve(
        agenda, parts=keep(agenda.parts), event=attrs.evolve(agenda.event, revision=agenda.event.revision + 1)
    )


# ---------------------------------------------------------------------------------------------
# Publishing, reading back


def test_first_publish_puts_one_resource_per_uid(radicale: str, seed: Agenda) -> None:
    """Every planned event is on the calendar once, under its UID, with no METHOD and its VTIMEZONE."""
    url = new_calendar(radicale)
    result = publish_caldav(seed, url, stamp=STAMP, split="items")
    stored = read_back(url)
    planned = plan_events(seed, split="items")
    assert sorted(e.uid for e in planned) == sorted(stored)
    assert result.count("create") == len(planned)
    texts = [s.text for s in stored.values()]
    assert not any("METHOD:" in text for text in texts)
    assert all("BEGIN:VTIMEZONE" in text and "TZID:Europe/Moscow" in text for text in texts)


def test_published_instants_and_sequence_are_the_agendas(radicale: str, seed: Agenda) -> None:
    """The instants read back are the timeline's, SEQUENCE is the revision, the mark is the event id."""
    url = new_calendar(radicale)
    publish_caldav(seed, url, stamp=STAMP, split="items")
    stored = read_back(url)
    timeline = build_timeline(seed)
    closing = next(s for s in timeline.items() if s.node.id == "closing")
    event = stored[f"closing.{seed.event.id}@agenda"].event
    expected = (closing.start, closing.end, seed.event.revision, seed.event.id)
    actual = (
        event.decoded("DTSTART").astimezone(UTC),
        event.decoded("DTEND").astimezone(UTC),
        int(event["SEQUENCE"]),
        str(event["X-AGENDA-EVENT"]),
    )
    assert expected == actual


def test_a_rerun_with_nothing_changed_writes_nothing(radicale: str, seed: Agenda) -> None:
    """Publishing the same agenda again (another DTSTAMP) sends no write: every ETag stays."""
    url = new_calendar(radicale)
    publish_caldav(seed, url, stamp=STAMP, split="items")
    before = {uid: s.etag for uid, s in read_back(url).items()}
    result = publish_caldav(seed, url, stamp=LATER, split="items")
    assert (0, len(before)) == (result.writes, result.count("keep"))
    assert before == {uid: s.etag for uid, s in read_back(url).items()}


def test_a_changed_item_is_updated_in_place_with_a_higher_sequence(radicale: str, seed: Agenda) -> None:
    """A retitled item is one update: same UID, new SUMMARY, SEQUENCE raised; the rest untouched."""
    url = new_calendar(radicale)
    publish_caldav(seed, url, stamp=STAMP, split="items")
    before = read_back(url)
    changed = retitled(seed, "closing", "Closing words")
    result = publish_caldav(changed, url, stamp=LATER, split="items")
    after = read_back(url)
    uid = f"closing.{seed.event.id}@agenda"
    assert [("update", uid)] == [(c.action, c.uid) for c in result.changes if c.action != "keep"]
    assert sorted(before) == sorted(after)
    assert ("Closing words", seed.event.revision + 1) == (
        str(after[uid].event["SUMMARY"]),
        after[uid].event["SEQUENCE"],
    )
    assert {u: s.etag for u, s in before.items() if u != uid} == {u: s.etag for u, s in after.items() if u != uid}


def test_a_removed_item_is_deleted_and_nothing_else(radicale: str, seed: Agenda) -> None:
    """An item taken out of the agenda is deleted; the item that moves up into its time is updated."""
    url = new_calendar(radicale)
    publish_caldav(seed, url, stamp=STAMP, split="items")
    before = read_back(url)
    result = publish_caldav(without(seed, "tatarstan"), url, stamp=LATER, split="items")
    after = read_back(url)
    uid = f"tatarstan.{seed.event.id}@agenda"
    moved = f"block-2-qa.{seed.event.id}@agenda"
    assert [("update", moved), ("delete", uid)] == [(c.action, c.uid) for c in result.changes if c.action != "keep"]
    assert sorted(set(before) - {uid}) == sorted(after)


def test_events_of_others_are_never_touched(radicale: str, seed: Agenda) -> None:
    """An event another client put there, and one with our UID domain but no mark, survive publishes."""
    url = new_calendar(radicale)
    assert put_from_elsewhere(url + "team.ics", "team-meeting@example.org", "Team meeting") == 201
    lookalike = f"welcome-embassy.{seed.event.id}@agenda"
    assert put_from_elsewhere(url + "copy.ics", lookalike, "Imported copy") == 201
    result = publish_caldav(seed, url, stamp=STAMP, split="items")
    publish_caldav(without(seed, "opening"), url, stamp=LATER, split="items")
    stored = read_back(url)
    assert str(stored["team-meeting@example.org"].event["SUMMARY"]) == "Team meeting"
    assert str(stored[lookalike].event["SUMMARY"]) == "Imported copy"
    assert [lookalike] == [c.uid for c in result.conflicts]


def test_an_edit_between_read_and_write_is_reported_not_overwritten(radicale: str, seed: Agenda) -> None:
    """Another client's PUT after the publisher's read makes its If-Match fail: a conflict, their edit kept."""
    import niquests

    url = new_calendar(radicale)
    publish_caldav(seed, url, stamp=STAMP, split="items")
    uid = f"closing.{seed.event.id}@agenda"
    target = read_back(url)[uid]
    root = server_root(url)

    class Racing(niquests.Session):
        """Lets another client edit the event just before the publisher's first write."""

        raced = False

        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            if method == "PUT" and not self.raced:
                self.raced = True
                assert edit_elsewhere(target, root, "Edited elsewhere") in (201, 204)
            return super().request(method, url, *args, **kwargs)

    result = publish_caldav(
        retitled(seed, "closing", "Closing words"), url, stamp=LATER, split="items", session=Racing()
    )
    assert [uid] == [c.uid for c in result.conflicts]
    assert "412" in result.conflicts[0].reason
    assert str(read_back(url)[uid].event["SUMMARY"]) == "Edited elsewhere"


def test_an_event_edited_on_the_server_is_a_conflict_unless_forced(radicale: str, seed: Agenda) -> None:
    """An event changed in a calendar app since it was published is left alone; --force restores ours."""
    url = new_calendar(radicale)
    publish_caldav(seed, url, stamp=STAMP, split="items")
    uid = f"closing.{seed.event.id}@agenda"
    assert edit_elsewhere(read_back(url)[uid], server_root(url), "Edited elsewhere") in (201, 204)
    result = publish_caldav(seed, url, stamp=LATER, split="items")
    assert ([uid], 0) == ([c.uid for c in result.conflicts], result.writes)
    forced = publish_caldav(seed, url, stamp=LATER, split="items", force=True)
    assert [("update", uid)] == [(c.action, c.uid) for c in forced.changes if c.action != "keep"]
    event = read_back(url)[uid].event
    assert ("Closing speech", seed.event.revision + 1) == (str(event["SUMMARY"]), event["SEQUENCE"])


def test_a_dry_run_lists_changes_and_writes_nothing(radicale: str, seed: Agenda) -> None:
    """--dry-run on an empty calendar lists every create and leaves the calendar empty."""
    url = new_calendar(radicale)
    result = publish_caldav(seed, url, stamp=STAMP, split="parts", dry_run=True)
    assert (len(seed.parts), {}) == (result.count("create"), read_back(url))


# ---------------------------------------------------------------------------------------------
# The command line


def test_cli_publishes_then_reports_nothing_to_do(cli: Cli, radicale: str, seed_path: Path) -> None:
    """`agenda publish FILE --caldav URL` creates the events; a rerun says 0 new, all unchanged."""
    url = new_calendar(radicale)
    code, out, err = cli("publish", str(seed_path), "--caldav", url, "--stamp", "2021-02-01T09:00Z")
    assert (code, err) == (0, "")
    assert out.endswith("1 new, 0 updated, 0 deleted, 0 unchanged, 0 conflicts\n")
    code, out, _ = cli("publish", str(seed_path), "--caldav", url, "--stamp", "2021-02-02T09:00Z")
    assert (code, out) == (0, "0 new, 0 updated, 0 deleted, 1 unchanged, 0 conflicts\n")


def test_cli_reports_a_conflict_with_exit_1(cli: Cli, radicale: str, seed_path: Path, seed: Agenda) -> None:
    """An event edited on the server: exit 1 and a one-line conflict message naming the UID."""
    url = new_calendar(radicale)
    cli("publish", str(seed_path), "--caldav", url)
    uid = f"{seed.event.id}@agenda"
    assert edit_elsewhere(read_back(url)[uid], server_root(url), "Edited") in (201, 204)
    code, _, err = cli("publish", str(seed_path), "--caldav", url)
    assert code == 1
    assert err.startswith(f"agenda: conflict: {uid}: edited on the server since it was published")


def test_cli_dry_run_says_would(cli: Cli, radicale: str, seed_path: Path) -> None:
    """--dry-run prints 'would create' lines and writes nothing."""
    url = new_calendar(radicale)
    code, out, _ = cli("publish", str(seed_path), "--caldav", url, "--split", "parts", "--dry-run")
    assert code == 0
    assert out.startswith("would create part-1.india-russia-interregional-2021@agenda")
    assert read_back(url) == {}


def test_cli_missing_calendar_is_exit_2(cli: Cli, radicale: str, seed_path: Path) -> None:
    """A URL with no calendar behind it: exit 2, one line."""
    url = f"{radicale}{USER}/missing/"
    assert cli("publish", str(seed_path), "--caldav", url) == (2, "", f"agenda: error: no calendar at {url} (404)\n")


# ---------------------------------------------------------------------------------------------
# Credentials


def test_credentials_from_the_environment_log_in(
    cli: Cli, radicale_auth: str, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With AGENDA_CALDAV_USERNAME/PASSWORD set, a server that needs a login accepts the publish."""
    monkeypatch.setenv("AGENDA_CALDAV_USERNAME", USER)
    monkeypatch.setenv("AGENDA_CALDAV_PASSWORD", PASSWORD)
    url = f"{radicale_auth}{USER}/cal-{uuid.uuid4().hex}/"
    auth = "Basic " + __import__("base64").b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert http("MKCALENDAR", url, headers={"Authorization": auth})[0] == 201
    code, _, err = cli("publish", str(seed_path), "--caldav", url)
    assert (code, err) == (0, "")


def test_no_credentials_is_a_clear_error(
    cli: Cli, radicale_auth: str, seed_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without credentials, a server that needs a login gives exit 2 and says where they come from."""
    monkeypatch.delenv("AGENDA_CALDAV_USERNAME", raising=False)
    monkeypatch.delenv("AGENDA_CALDAV_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    url = f"{radicale_auth}{USER}/x/"
    expected = (
        f"agenda: error: REPORT {url}: 401 Unauthorized: set AGENDA_CALDAV_USERNAME and AGENDA_CALDAV_PASSWORD "
        "or a netrc entry\n"
    )
    assert cli("publish", str(seed_path), "--caldav", url) == (2, "", expected)


def test_credentials_from_a_netrc(tmp_path: Path) -> None:
    """Without the variables, the netrc entry of the URL's host is used."""
    path = tmp_path / "netrc"
    path.write_text("machine dav.example.org login bob password hunter2\n")
    path.chmod(0o600)
    assert credentials_for("https://dav.example.org/cal/", environ={}, netrc_path=path) == ("bob", "hunter2")


def test_credentials_in_the_url_are_refused() -> None:
    """A password in the URL is refused, and the message does not repeat it."""
    with pytest.raises(CalDAVError, match=r"^https://dav\.example\.org/cal/: put no user name or password") as caught:
        credentials_for("https://bob:hunter2@dav.example.org/cal/", environ={})
    assert "hunter2" not in str(caught.value)


def test_a_password_is_not_sent_over_plain_http_to_another_host(seed: Agenda) -> None:
    """http:// with credentials is refused unless the server is on this machine."""
    with pytest.raises(CalDAVError, match="refusing to send a password over plain http"):
        publish_caldav(seed, "http://dav.example.org/cal/", stamp=STAMP, auth=("bob", "hunter2"))


def test_only_one_of_the_variables_is_an_error() -> None:
    """AGENDA_CALDAV_USERNAME without AGENDA_CALDAV_PASSWORD is an error, not an anonymous request."""
    with pytest.raises(CalDAVError, match="set both AGENDA_CALDAV_USERNAME and AGENDA_CALDAV_PASSWORD"):
        credentials_for("https://dav.example.org/", environ={"AGENDA_CALDAV_USERNAME": "bob"})


def test_an_occurrence_edited_on_the_server_is_a_conflict(radicale: str, seed: Agenda) -> None:
    """A client moving one occurrence of a series (a VEVENT with RECURRENCE-ID) is an edit: kept, reported."""
    from agenda import Recurrence

    series = attrs.evolve(seed, event=attrs.evolve(seed.event, recurrence=Recurrence(rule="FREQ=WEEKLY;COUNT=3")))
    url = new_calendar(radicale)
    publish_caldav(series, url, stamp=STAMP)
    uid = f"{seed.event.id}@agenda"
    stored = read_back(url)[uid]
    text = stored.text.replace(
        "END:VCALENDAR",
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nRECURRENCE-ID;TZID=Europe/Moscow:20210217T110000\r\n"
        "DTSTAMP:20210203T000000Z\r\nDTSTART;TZID=Europe/Moscow:20210217T120000\r\n"
        "DTEND;TZID=Europe/Moscow:20210217T150000\r\nSUMMARY:Moved\r\nEND:VEVENT\r\nEND:VCALENDAR",
    )
    href = server_root(url).rstrip("/") + stored.href
    status, _ = http("PUT", href, text.encode(), {"Content-Type": "text/calendar", "If-Match": stored.etag})
    assert status in (201, 204)
    result = publish_caldav(series, url, stamp=LATER)
    assert ([uid], 0) == ([c.uid for c in result.conflicts], result.writes)
    assert "RECURRENCE-ID" in read_back(url)[uid].text


def test_importing_publish_loads_no_http_client_or_calendar_library() -> None:
    """`import agenda.publish` imports neither niquests nor icalendar: they load when used."""
    probe = "import sys, agenda.publish; print(sorted({'niquests', 'icalendar'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_cli_publishes_a_calendar_in_the_reader_s_language(cli: Cli, radicale: str, seed_path: Path) -> None:
    """`--language ru` puts the Russian titles on the calendar, tagged LANGUAGE=ru; publishing in
    English afterwards updates the same resources (same UIDs), it does not add others."""
    url = new_calendar(radicale)
    code, _, err = cli("publish", str(seed_path), "--caldav", url, "--split", "items", "--language", "ru")
    assert (code, err) == (0, "")
    russian = read_back(url)
    closing = next(s.event for s in russian.values() if str(s.event["UID"]).startswith("closing."))
    assert (str(closing["SUMMARY"]), closing["SUMMARY"].params["LANGUAGE"]) == ("Заключительное слово", "ru")
    code, out, _ = cli("publish", str(seed_path), "--caldav", url, "--split", "items")
    english = read_back(url)
    assert (code, sorted(english), "0 new" in out) == (0, sorted(russian), True)
    assert str(english[next(u for u in english if u.startswith("closing."))].event["SUMMARY"]) == "Closing speech"
