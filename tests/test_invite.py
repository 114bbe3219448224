"""agenda.invite: iMIP messages for the seed webinar, the attendee list, `agenda invite`."""

from __future__ import annotations

import email
import email.policy
import inspect
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

import agenda
from agenda.ical import Attendee, to_ical
from agenda.invite import (
    AttendeeListError,
    InviteError,
    Recipient,
    invitations,
    parse_attendees,
)

STAMP = datetime(2021, 1, 20, 9, 0, tzinfo=UTC)
KOLKATA = ZoneInfo("Asia/Kolkata")
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def seed(seed_path: Path) -> agenda.Agenda:
    return agenda.load(seed_path)


def guest(name: str = "Priya Nair", address: str = "priya@example.in", zone: ZoneInfo | None = KOLKATA) -> Recipient:
    return Recipient(attendee=Attendee(name=name, email=address), zone=zone)


def parsed(message: EmailMessage) -> EmailMessage:
    """The message as a mail client gets it: serialised, then parsed by the standard library."""
    result = email.message_from_bytes(message.as_bytes(policy=email.policy.SMTP), policy=email.policy.default)
    assert isinstance(result, EmailMessage)
    return result


def part(message: EmailMessage, content_type: str) -> EmailMessage:
    return next(p for p in message.iter_parts() if p.get_content_type() == content_type)  # type: ignore[misc]


def calendar_of(message: EmailMessage) -> bytes:
    payload = part(message, "text/calendar").get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def test_one_message_per_speaker_with_an_address(seed: agenda.Agenda) -> None:
    """Without an attendee list, every speaker and chair with an e-mail gets one message."""
    expected = sorted({s.email for s in seed.speakers if s.email})
    assert sorted(i.recipient.email for i in invitations(seed, stamp=STAMP)) == expected


def test_invitations_are_streamed() -> None:
    """`invitations` is a generator: messages are made one at a time."""
    assert inspect.isgeneratorfunction(invitations)


def test_message_parses_back_as_imip(seed: agenda.Agenda) -> None:
    """The message is multipart/alternative: text, HTML and text/calendar; method=REQUEST; UTF-8."""
    message = parsed(next(invitations(seed, stamp=STAMP)).message)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html", "text/calendar"]
    calendar = part(message, "text/calendar")
    assert (calendar.get_param("method"), calendar.get_param("charset")) == ("REQUEST", "UTF-8")


def test_headers(seed: agenda.Agenda) -> None:
    """From is the organizer, To the recipient, Date the stamp, Message-ID in the organizer's domain."""
    invitation = next(invitations(seed, stamp=STAMP, attendees=[guest()]))
    message = parsed(invitation.message)
    assert message["From"].addresses[0].addr_spec == "events@brics-alliance.example.org"
    assert message["To"].addresses[0].addr_spec == invitation.recipient.email
    assert message["Date"].datetime == STAMP
    assert message["Message-ID"].endswith("@brics-alliance.example.org>")
    assert message["Subject"].startswith("Invitation: Webinar on Interregional Cooperation")


def test_same_input_same_bytes(seed: agenda.Agenda) -> None:
    """Two runs with the same stamp give byte-identical messages (no clock, no random boundary)."""
    first = [i.message.as_bytes() for i in invitations(seed, stamp=STAMP, attendees=[guest()])]
    second = [i.message.as_bytes() for i in invitations(seed, stamp=STAMP, attendees=[guest()])]
    assert first == second


def test_message_id_does_not_depend_on_the_stamp(seed: agenda.Agenda) -> None:
    """A rerun at another time makes the same Message-IDs, so the sent log recognises them."""
    first = [i.message_id for i in invitations(seed, stamp=STAMP)]
    later = [i.message_id for i in invitations(seed, stamp=datetime(2021, 1, 21, tzinfo=UTC))]
    assert first == later
    assert len(set(first)) == len(first)


def test_calendar_part_passes_three_parsers(seed: agenda.Agenda) -> None:
    """Every message's calendar is read by icalendar, vobject (validate=True) and ical."""
    for invitation in invitations(seed, stamp=STAMP, attendees=[guest()]):
        data = calendar_of(parsed(invitation.message))
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar["METHOD"] == "REQUEST"
        assert len(list(vobject.readComponents(data.decode(), validate=True))) == 1
        (event,) = IcsCalendarStream.calendar_from_ics(data.decode()).events
        addresses = {a.uri.removeprefix("mailto:") for a in event.attendees}
        assert invitation.recipient.email in addresses


def test_calendar_part_is_the_agenda_ics_output(seed: agenda.Agenda, seed_path: Path, tmp_path: Path, cli: Cli) -> None:
    """A speaker's calendar part is byte for byte `agenda ics --method request` with the same stamp."""
    target = tmp_path / "invite.ics"
    code, _, _ = cli("ics", str(seed_path), "--method", "request", "--stamp", "2021-01-20T09:00Z", "-o", str(target))
    assert code == 0
    speaker_message = next(invitations(seed, stamp=STAMP)).message
    assert calendar_of(parsed(speaker_message)) == target.read_bytes()


def test_guest_calendar_is_the_agenda_ics_output_with_that_attendee(
    seed: agenda.Agenda, seed_path: Path, tmp_path: Path, cli: Cli
) -> None:
    """A guest's calendar part is `agenda ics --method request --attendee GUEST`."""
    target = tmp_path / "invite.ics"
    code, _, _ = cli(
        "ics",
        str(seed_path),
        "--method",
        "request",
        "--stamp",
        "2021-01-20T09:00Z",
        "--attendee",
        "Priya Nair <priya@example.in>",
        "-o",
        str(target),
    )
    person = guest()
    mine = next(i for i in invitations(seed, stamp=STAMP, attendees=[person]) if i.recipient == person)
    assert code == 0
    assert calendar_of(parsed(mine.message)) == target.read_bytes()


def test_guest_calendar_is_to_ical_with_that_guest(seed: agenda.Agenda) -> None:
    """A guest's calendar part is `to_ical` with that guest as the one extra attendee."""
    person = guest()
    mine = next(i for i in invitations(seed, stamp=STAMP, attendees=[person]) if i.recipient == person)
    expected = to_ical(seed, stamp=STAMP, method="request", attendees=[person.attendee])
    assert calendar_of(parsed(mine.message)) == expected


def test_guests_do_not_see_each_other(seed: agenda.Agenda) -> None:
    """A guest's calendar lists the speakers and that guest, not the rest of the list."""
    people = [guest(), guest("Ivan Sokolov", "ivan@example.ru", ZoneInfo("Europe/Moscow"))]
    for invitation in invitations(seed, stamp=STAMP, attendees=people):
        text = invitation.calendar.decode()
        others = [p.email for p in people if p != invitation.recipient]
        assert not any(other in text for other in others)


def test_text_is_in_the_recipient_zone(seed: agenda.Agenda) -> None:
    """The text names the recipient's zone on every time; the event's zone is given too."""
    person = guest()
    mine = next(i for i in invitations(seed, stamp=STAMP, attendees=[person]) if i.recipient == person)
    text = part(parsed(mine.message), "text/plain").get_content()
    assert "Wed 10 Feb 2021, 13:30\N{EN DASH}16:30 Asia/Kolkata (UTC+05:30)" in text
    assert "Wed 10 Feb 2021, 11:00\N{EN DASH}14:00 Europe/Moscow (UTC+03:00)" in text
    assert "Closing speech" in text
    programme = text.split("Programme")[1].splitlines()[1:-2]
    assert all("Asia/Kolkata" in line for line in programme if line.strip())


def test_text_shows_the_day_shift() -> None:
    """A recipient for whom the event crosses midnight sees '+1 day' on the later times."""
    event = agenda.Event(
        id="late",
        title="Late talk",
        start=datetime(2021, 2, 10, 21, 0, tzinfo=ZoneInfo("UTC")),
        organizer=agenda.Organizer(name="Org", email="org@example.org"),
    )
    late = agenda.Agenda(event=event, parts=(agenda.Item(title="Talk", duration=agenda.parse_duration("2h")),))
    (mine,) = invitations(late, stamp=STAMP, attendees=[guest()])
    text = part(parsed(mine.message), "text/plain").get_content()
    assert "02:30\N{EN DASH}04:30 (+1 day) Asia/Kolkata" not in text  # the day is in the header instead
    assert "Thu 11 Feb 2021, 02:30\N{EN DASH}04:30 Asia/Kolkata (UTC+05:30), +1 day from the date in UTC" in text
    assert "Wed 10 Feb 2021, 21:00\N{EN DASH}23:00 UTC" in text


def test_html_is_escaped(seed: agenda.Agenda) -> None:
    """Markup in a name reaches the HTML part as text, not as tags."""
    person = guest(name="<b>Eve</b> & co", address="eve@example.org")
    mine = next(i for i in invitations(seed, stamp=STAMP, attendees=[person]) if i.recipient == person)
    body = part(parsed(mine.message), "text/html").get_content()
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; co" in body
    assert "<b>Eve" not in body


def test_line_break_in_a_name_cannot_add_a_header(seed: agenda.Agenda) -> None:
    """A CR/LF in a recipient's name stays inside the To header."""
    person = guest(name="Mallory\r\nBcc: victim@example.org", address="mallory@example.org")
    mine = next(i for i in invitations(seed, stamp=STAMP, attendees=[person]) if i.recipient == person)
    message = parsed(mine.message)
    assert message["Bcc"] is None
    assert message["To"].addresses[0].addr_spec == "mallory@example.org"


def test_speaker_already_listed_gets_one_message(seed: agenda.Agenda) -> None:
    """A speaker who is also on the attendee list is invited once."""
    speaker = next(s for s in seed.speakers if s.email)
    assert speaker.email is not None
    recipients = [i.recipient.email for i in invitations(seed, stamp=STAMP, attendees=[guest("x", speaker.email)])]
    assert recipients.count(speaker.email) == 1


def test_agenda_without_organizer_is_refused(seed: agenda.Agenda) -> None:
    """Invitations need an organizer: without one, a clear error."""
    headless = attrs.evolve(seed, event=attrs.evolve(seed.event, organizer=None))
    with pytest.raises(InviteError, match="no organizer"):
        next(invitations(headless, stamp=STAMP))


def test_naive_stamp_is_refused(seed: agenda.Agenda) -> None:
    """A stamp without a zone is an error, not a guess."""
    with pytest.raises(InviteError, match="no zone"):
        next(invitations(seed, stamp=datetime(2021, 1, 20, 9, 0)))


def test_items_split_invites_speakers_to_their_own_slots(seed: agenda.Agenda) -> None:
    """With one event per item, a speaker is invited to their items only, one UID per message."""
    found = [(i.recipient.email, i.notice.event.uid) for i in invitations(seed, stamp=STAMP, split="items")]
    olga = [uid for who, uid in found if who == "olga.kulikova@example.org"]
    assert olga == ["closing.india-russia-interregional-2021@agenda"]


# ---------------------------------------------------------------------------------------------
# Attendee list


def test_attendee_list_reads_name_email_zone() -> None:
    """Rows become recipients; the zone column is optional and read as an IANA key."""
    text = "name,email,zone\nPriya Nair,priya@example.in,Asia/Kolkata\nIvan,ivan@example.ru,\n"
    # Zones compared by key: another test may clear zoneinfo's cache, making new zone objects.
    assert [(r.attendee, r.zone and r.zone.key) for r in parse_attendees(text)] == [
        (Attendee(name="Priya Nair", email="priya@example.in"), "Asia/Kolkata"),
        (Attendee(name="Ivan", email="ivan@example.ru"), None),
    ]


def test_attendee_list_reports_every_bad_row_with_its_line() -> None:
    """Bad addresses, unknown zones and repeated addresses are all reported as file:line."""
    text = "email,name,zone\nok@example.org,Ok,\nnot-an-address,Bad,\nz@example.org,Z,IST\n\nOK@example.org,Again,\n"
    with pytest.raises(AttendeeListError) as caught:
        parse_attendees(text, file="guests.csv")
    assert [str(p).split(": ")[0] for p in caught.value.problems] == ["guests.csv:3", "guests.csv:4", "guests.csv:6"]
    assert "already appears on line 2" in str(caught.value.problems[2])


def test_attendee_list_needs_the_header() -> None:
    """A file without name and email columns says which are missing."""
    with pytest.raises(AttendeeListError, match="missing column email"):
        parse_attendees("name,zone\nPriya,Asia/Kolkata\n", file="guests.csv")


def test_attendee_list_row_with_wrong_field_count() -> None:
    """A row with more fields than the header is reported with its line."""
    with pytest.raises(AttendeeListError, match=r"guests.csv:2: 3 fields, the header has 2"):
        parse_attendees("name,email\na,b@example.org,extra\n", file="guests.csv")


# ---------------------------------------------------------------------------------------------
# The command


def test_cli_writes_one_eml_per_recipient(seed_path: Path, tmp_path: Path, cli: Cli) -> None:
    """`agenda invite --out DIR` writes one .eml per recipient that parses back."""
    guests = tmp_path / "guests.csv"
    guests.write_text("name,email,zone\nPriya Nair,priya@example.in,Asia/Kolkata\n", encoding="utf-8")
    code, out, _ = cli(
        "invite",
        str(seed_path),
        "--attendees",
        str(guests),
        "--out",
        str(tmp_path / "out"),
        "--stamp",
        "2021-01-20T09:00Z",
    )
    files = sorted((tmp_path / "out").glob("*.eml"))
    assert code == 0
    assert "wrote 5 messages (5 REQUEST)" in out
    assert len(files) == 5
    recipients = {
        email.message_from_bytes(f.read_bytes(), policy=email.policy.default)["To"].addresses[0].addr_spec
        for f in files
    }
    assert "priya@example.in" in recipients


def test_cli_bad_attendee_list_exits_2(seed_path: Path, tmp_path: Path, cli: Cli) -> None:
    """A bad attendee list prints file:line problems, writes nothing and exits 2."""
    guests = tmp_path / "guests.csv"
    guests.write_text("name,email\nPriya,priya-at-example\n", encoding="utf-8")
    code, _, err = cli("invite", str(seed_path), "--attendees", str(guests), "--out", str(tmp_path / "out"))
    assert code == 2
    assert f"{guests}:2: email: 'priya-at-example' is not an e-mail address" in err
    assert not list(tmp_path.glob("out/*.eml"))


def test_cli_stamp_needs_an_offset(seed_path: Path, tmp_path: Path, cli: Cli) -> None:
    """--stamp without an offset exits 2 with a message."""
    code, _, err = cli("invite", str(seed_path), "--out", str(tmp_path), "--stamp", "2021-01-20T09:00")
    assert code == 2
    assert "has no zone" in err


def test_public_names_stay_in_agenda_invite() -> None:
    """The package keeps every public name of the module it replaced, each from its layer."""
    import agenda.invite
    from agenda._formats import attendees
    from agenda.invite import _lifecycle, _message, _send

    homes = {
        "parse_attendees": attendees,
        "AttendeeListError": attendees,
        "plan_notices": _lifecycle,
        "invitations": _message,
        "send_invitations": _send,
        "SentLog": _send,
    }
    assert {name: getattr(agenda.invite, name) for name in homes} == {
        name: getattr(module, name) for name, module in homes.items()
    }
    assert [name for name in agenda.invite.__all__ if not hasattr(agenda.invite, name)] == []
