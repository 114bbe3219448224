"""Invitations in each attendee's language: the attendee list's `language` column, the Subject,
bodies and calendar of each message from `Agenda.in_language`, one UID and SEQUENCE for every
language, Content-Language, and cancellations and updates by the same rule."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import attrs
import icalendar
import pytest

import agenda
from agenda._languages import Localized
from agenda.exceptions import InvalidValueError
from agenda.ical import Attendee, to_ical
from agenda.invite import AttendeeListError, Invitation, Recipient, invitations, parse_attendees, plan_notices

STAMP = datetime(2021, 1, 20, 9, 0, tzinfo=UTC)
LATER = datetime(2021, 1, 25, 9, 0, tzinfo=UTC)
Cli = Callable[..., tuple[int, str, str]]
RUSSIAN_TITLE = "Вебинар о межрегиональном сотрудничестве Индии и России"
ENGLISH_TITLE = "Webinar on Interregional Cooperation between India and Russia"


@pytest.fixture
def seed(seed_path: Path) -> agenda.Agenda:
    return agenda.load(seed_path)


def person(name: str, address: str, language: str | None) -> Recipient:
    return Recipient(attendee=Attendee(name=name, email=address), language=language)


IVAN = person("Иван Соколов", "ivan@example.ru", "ru")
PRIYA = person("Priya Nair", "priya@example.in", "en")


def parsed(message: EmailMessage) -> EmailMessage:
    result = email.message_from_bytes(message.as_bytes(policy=email.policy.SMTP), policy=email.policy.default)
    assert isinstance(result, EmailMessage)
    return result


def event_of(message: EmailMessage) -> icalendar.Event:
    part = next(p for p in message.iter_parts() if p.get_content_type() == "text/calendar")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    (event,) = icalendar.Calendar.from_ical(payload).walk("VEVENT")
    return event


def by_address(sent: Iterator[Invitation]) -> dict[str, list[EmailMessage]]:
    found: dict[str, list[EmailMessage]] = {}
    for invitation in sent:
        found.setdefault(invitation.recipient.email, []).append(parsed(invitation.message))
    return found


def seen(message: EmailMessage) -> tuple[str, str, str, str | None, int]:
    """What a reader sees first: Subject, SUMMARY, UID, Content-Language and SEQUENCE."""
    event = event_of(message)
    language = message["Content-Language"]
    return (
        str(message["Subject"]),
        str(event["SUMMARY"]),
        str(event["UID"]),
        str(language) if language is not None else None,
        int(event["SEQUENCE"]),
    )


# ---------------------------------------------------------------------------------------------
# The attendee list


def test_the_language_column_is_read_in_its_conventional_case() -> None:
    """`language` is optional per row and read as an IANA tag (``RU`` is ``ru``, ``pt-br`` is ``pt-BR``)."""
    text = "name,email,zone,language\nA,a@example.org,,RU\nB,b@example.org,,\nC,c@example.org,Asia/Kolkata,pt-br\n"
    assert [r.language for r in parse_attendees(text)] == ["ru", None, "pt-BR"]


def test_an_unknown_language_names_the_file_line_and_code() -> None:
    """A code the registry does not know is a problem of its row, with the file and line."""
    with pytest.raises(AttendeeListError) as caught:
        parse_attendees("name,email,language\nA,a@example.org,ru\nB,b@example.org,xx\n", file="guests.csv")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, "language: unknown language code 'xx'" in problem.message) == (
        "guests.csv",
        3,
        True,
    )


def test_a_recipient_with_an_unknown_language_is_refused() -> None:
    """In the Python API too, an unknown language is refused, naming it."""
    with pytest.raises(InvalidValueError, match="unknown language code 'klingon'"):
        person("A", "a@example.org", "klingon")


def test_cli_unknown_language_in_the_attendee_list_exits_two(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """`agenda invite --attendees`: an unknown code is `file:line: language: ...`, exit 2, no traceback."""
    guests = tmp_path / "guests.csv"
    guests.write_text("name,email,language\nIvan,ivan@example.ru,ru\nA,a@example.org,xx-YY\n", encoding="utf-8")
    code, _, err = cli("invite", str(seed_path), "--attendees", str(guests), "--out", str(tmp_path / "out"))
    assert (code, f"{guests}:3: language: unknown language code 'xx-YY'" in err, "Traceback" in err) == (2, True, False)
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------------------
# Messages in each language


def test_each_attendee_gets_their_language_with_one_uid_and_sequence(seed: agenda.Agenda) -> None:
    """Ivan (ru) gets the Russian Subject and SUMMARY, Priya (en) the English, with the same UID and
    SEQUENCE; each message says its language."""
    messages = by_address(invitations(seed, stamp=STAMP, attendees=[IVAN, PRIYA]))
    (ivan,), (priya,) = messages["ivan@example.ru"], messages["priya@example.in"]
    uid = "india-russia-interregional-2021@agenda"
    assert (seen(ivan), seen(priya)) == (
        (f"Invitation: {RUSSIAN_TITLE} @ Wed 10 Feb 2021 11:00 (Europe/Moscow)", RUSSIAN_TITLE, uid, "ru", 0),
        (f"Invitation: {ENGLISH_TITLE} @ Wed 10 Feb 2021 11:00 (Europe/Moscow)", ENGLISH_TITLE, uid, "en", 0),
    )


def test_the_bodies_and_calendar_are_the_agenda_in_that_language(seed: agenda.Agenda) -> None:
    """Ivan's text and HTML bodies name the items in Russian, and his calendar is `to_ical` of
    `agenda.in_language("ru")` with him as an attendee."""
    (ivan,) = [i for i in invitations(seed, stamp=STAMP, attendees=[IVAN]) if i.recipient == IVAN]
    message = parsed(ivan.message)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    expected = to_ical(seed.in_language("ru"), stamp=STAMP, method="request", attendees=[IVAN.attendee], split="event")
    assert ("Вступительное слово" in text, "Вступительное слово" in html, "Opening remarks" in text) == (
        True,
        True,
        False,
    )
    assert ivan.calendar == expected


def test_without_a_language_the_message_is_as_it_was(seed: agenda.Agenda) -> None:
    """A recipient without a language reads the event's (English here), and their message has no
    Content-Language: byte for byte what it was before languages were read."""
    plain = person("Priya Nair", "priya@example.in", None)
    (message,) = by_address(invitations(seed, stamp=STAMP, attendees=[plain]))["priya@example.in"]
    assert (seen(message)[1], message["Content-Language"]) == (ENGLISH_TITLE, None)


def test_a_language_the_agenda_lacks_reads_the_event_language(seed: agenda.Agenda) -> None:
    """A German reader gets the event's English, and Content-Language says so."""
    hans = person("Hans", "hans@example.de", "de")
    (message,) = by_address(invitations(seed, stamp=STAMP, attendees=[hans]))["hans@example.de"]
    assert seen(message)[1::2] == (ENGLISH_TITLE, "en")


def test_a_speaker_on_the_list_reads_the_language_it_gives(seed: agenda.Agenda) -> None:
    """Olga Kulikova is a speaker; listed with ``ru`` she gets her invitation in Russian, once."""
    olga = person("Olga Kulikova", "olga.kulikova@example.org", "ru")
    messages = by_address(invitations(seed, stamp=STAMP, attendees=[olga]))["olga.kulikova@example.org"]
    assert [seen(m)[1::2] for m in messages] == [(RUSSIAN_TITLE, "ru")]


@pytest.mark.parametrize("split", ["parts", "items"])
def test_every_split_has_one_uid_and_sequence_per_event(seed: agenda.Agenda, split: str) -> None:
    """Per part or per item, both readers get the same events (UID, SEQUENCE), each in their words."""
    messages = by_address(invitations(seed, stamp=STAMP, attendees=[IVAN, PRIYA], split=split))  # type: ignore[arg-type]
    ivan = [seen(m) for m in messages["ivan@example.ru"]]
    priya = [seen(m) for m in messages["priya@example.in"]]
    view = seed.in_language("ru")
    russian = {str(node.title) for _, node in view.walk()}
    assert [(uid, sequence) for *_, uid, _, sequence in ivan] == [(uid, sequence) for *_, uid, _, sequence in priya]
    assert all(summary in russian for _, summary, *_ in ivan)
    assert {language for *_, language, _ in ivan} | {language for *_, language, _ in priya} == {"ru", "en"}


# ---------------------------------------------------------------------------------------------
# Updates and cancellations


def _without_closing(seed: agenda.Agenda) -> agenda.Agenda:
    """The seed without its closing speech, as revision 1."""
    parts = tuple(part for part in seed.parts if part.id != "closing")
    return attrs.evolve(seed, parts=parts, event=attrs.evolve(seed.event, revision=1))


def test_a_cancellation_is_in_each_language_with_one_uid_and_sequence(seed: agenda.Agenda) -> None:
    """The closing speech taken off (per item): Ivan's CANCEL is in Russian, Priya's in English,
    with one UID and SEQUENCE, STATUS:CANCELLED in both."""
    assert any(part.id == "closing" for part in seed.parts)
    sent = list(invitations(_without_closing(seed), previous=seed, attendees=[IVAN, PRIYA], stamp=LATER, split="items"))
    cancels = by_address(i for i in sent if i.method == "cancel")
    (ivan,), (priya,) = cancels["ivan@example.ru"], cancels["priya@example.in"]
    uid = "closing.india-russia-interregional-2021@agenda"
    assert (seen(ivan), seen(priya)) == (
        (
            "Cancelled: Заключительное слово @ Wed 10 Feb 2021 13:40 (Europe/Moscow)",
            "Заключительное слово",
            uid,
            "ru",
            1,
        ),
        ("Cancelled: Closing speech @ Wed 10 Feb 2021 13:40 (Europe/Moscow)", "Closing speech", uid, "en", 1),
    )
    assert {str(event_of(m)["STATUS"]) for m in (ivan, priya)} == {"CANCELLED"}


def _retitled(seed: agenda.Agenda, russian: str) -> agenda.Agenda:
    """The seed with the opening's Russian title changed, as revision 1."""

    def node(value: agenda.Item | agenda.Part) -> agenda.Item | agenda.Part:
        if value.id == "opening":
            return attrs.evolve(value, title=Localized({"en": str(value.title), "ru": russian}))
        if isinstance(value, agenda.Part):
            return attrs.evolve(value, items=tuple(node(n) for n in value.items))
        return value

    return attrs.evolve(seed, parts=tuple(node(n) for n in seed.parts), event=attrs.evolve(seed.event, revision=1))


def test_a_change_in_one_language_updates_the_meeting_for_every_reader(seed: agenda.Agenda) -> None:
    """Only the Russian title of the opening changed: it is still a change of the meeting, so both
    readers get the update with one SEQUENCE; the Russian one says what changed, the English one
    lists nothing its words do not show."""
    changed = _retitled(seed, "Открытие")
    sent = by_address(invitations(changed, previous=seed, attendees=[IVAN, PRIYA], stamp=LATER, split="items"))
    (ivan,), (priya,) = sent["ivan@example.ru"], sent["priya@example.in"]
    ivan_text = ivan.get_body(("plain",)).get_content()
    priya_text = priya.get_body(("plain",)).get_content()
    assert (seen(ivan)[1:], seen(priya)[1:]) == (
        ("Открытие", "opening.india-russia-interregional-2021@agenda", "ru", 1),
        ("Opening remarks", "opening.india-russia-interregional-2021@agenda", "en", 1),
    )
    assert (str(ivan["Subject"]).endswith("(new title)"), "Вступительное слово is now Открытие" in ivan_text) == (
        True,
        True,
    )
    assert ("What changed" in priya_text, str(priya["Subject"]).endswith(")")) == (False, True)


def test_a_change_in_one_language_needs_a_higher_revision(seed: agenda.Agenda) -> None:
    """A Russian-only change with the revision left alone is refused, as any change is."""
    changed = attrs.evolve(_retitled(seed, "Открытие"), event=seed.event)
    with pytest.raises(agenda.exceptions.InviteError, match=r"raise event\.revision to 1"):
        plan_notices(changed, previous=seed)


def test_nothing_changed_in_any_language_sends_nothing(seed: agenda.Agenda) -> None:
    """The same agenda again: no notice, whatever the languages."""
    assert plan_notices(seed, previous=seed) == ()


def test_notice_in_language_keeps_the_uid_sequence_and_people(seed: agenda.Agenda) -> None:
    """`Notice.in_language` changes the words only."""
    (notice,) = plan_notices(seed)
    russian = notice.in_language("ru")
    same = ("uid", "sequence", "attendees", "start", "end")
    assert [getattr(russian.event, f) for f in same] == [getattr(notice.event, f) for f in same]
    assert (russian.event.summary, russian.agenda.event.title, notice.in_language("en").event.summary) == (
        RUSSIAN_TITLE,
        RUSSIAN_TITLE,
        ENGLISH_TITLE,
    )


# ---------------------------------------------------------------------------------------------
# The command


def test_cli_writes_each_attendee_in_their_language(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """`agenda invite --attendees guests.csv` with a language column: Ivan's .eml is in Russian,
    Priya's in English, one UID between them."""
    guests = tmp_path / "guests.csv"
    guests.write_text(
        "name,email,zone,language\nИван,ivan@example.ru,Europe/Moscow,ru\nPriya,priya@example.in,Asia/Kolkata,en\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, err = cli(
        "invite", str(seed_path), "--attendees", str(guests), "--out", str(out), "--stamp", "2021-01-20T09:00Z"
    )
    read = {
        path.name.split("--")[0]: email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in out.glob("*.eml")
    }
    ivan, priya = read["ivan@example.ru"], read["priya@example.in"]
    assert (code, err) == (0, "")
    assert isinstance(ivan, EmailMessage)
    assert isinstance(priya, EmailMessage)
    assert (seen(ivan)[1:4], seen(priya)[1:4]) == (
        (RUSSIAN_TITLE, "india-russia-interregional-2021@agenda", "ru"),
        (ENGLISH_TITLE, "india-russia-interregional-2021@agenda", "en"),
    )
