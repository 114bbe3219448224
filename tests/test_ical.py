"""agenda.ical: planning events, writing RFC 5545 bytes, the `agenda ics` command."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.parser import Contentline

from agenda import Agenda, Audience, Event, Item, Organizer, Part, Platform, Recurrence, Speaker, dump, get_zone, load
from agenda._timeline import build_timeline
from agenda.exceptions import InvalidValueError
from agenda.ical import Attendee, CalendarEvent, ExportError, plan_events, to_ical, to_ical_each, write_calendar
from agenda.ical._write import _fold
from test_ical_support import (
    STAMP,
    by_icalendar,
    expected_view,
    normalised_text,
    pin_tz_database,
    read_with_parsers,
)

MOSCOW = get_zone("Europe/Moscow")
Cli = Callable[..., tuple[int, str, str]]
ORGANIZER = Organizer(name="Alliance", email="events@alliance.example.org")


@pytest.fixture(autouse=True)
def _pinned_tz_database() -> Iterator[None]:
    yield from pin_tz_database()


@pytest.fixture
def seed(seed_path: Path) -> Agenda:
    return load(seed_path)


def small(title: str = "Talk", **event: object) -> Agenda:
    """Two parts, three items, one speaker with an address and one without."""
    settings: dict[str, object] = {
        "id": "web",
        "title": "Webinar",
        "start": datetime(2021, 2, 10, 11, tzinfo=MOSCOW),
        "organizer": ORGANIZER,
    }
    settings.update(event)
    return Agenda(
        event=Event(**settings),  # type: ignore[arg-type]
        parts=[
            Part(
                id="p1",
                title="Part one",
                chair="olga",
                items=[
                    Item(id="t1", title=title, duration=timedelta(minutes=20), speakers=["ravi", "olga"]),
                    Item(id="qa", title="Q&A", duration=timedelta(minutes=10)),
                ],
            ),
            Part(id="p2", title="Part two", items=[Item(id="qa", title="Q&A", duration=timedelta(minutes=10))]),
        ],
        speakers=[Speaker(id="olga", name="Olga Kulikova", email="olga@example.org"), Speaker(id="ravi", name="Ravi")],
        audiences=[Audience(name="India", zone=get_zone("Asia/Kolkata"))],
    )


def unfolded(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


# ---------------------------------------------------------------------------------------------
# Planning


def test_plan_is_reproducible_and_comparable() -> None:
    """Planning the same agenda twice gives equal values."""
    assert plan_events(small(), split="items") == plan_events(small(), split="items")


def test_uids_combine_node_and_event_ids() -> None:
    """A unique node id gives ``<node>.<event>@agenda``."""
    assert plan_events(small(), split="parts")[0].uid == "p1.web@agenda"


def test_repeated_ids_are_qualified_by_their_parts() -> None:
    """Two items with one id get UIDs qualified by their parts, so UIDs stay unique."""
    uids = [e.uid for e in plan_events(small(), split="items")]
    assert uids == ["t1.web@agenda", "p1.qa.web@agenda", "p2.qa.web@agenda"]


def test_uids_do_not_depend_on_the_organizer() -> None:
    """Changing or removing the organizer keeps every UID (a regression: they followed its domain)."""
    other = Organizer(name="Other", email="events@elsewhere.example.net")
    expected = [e.uid for e in plan_events(small(), split="items")]
    assert [[e.uid for e in plan_events(small(organizer=o), split="items")] for o in (other, None)] == [expected] * 2


def test_related_to_names_only_events_of_the_same_calendar() -> None:
    """RELATED-TO points at a part only where the calendar holds it (a chair's calendar); a plain
    items or parts export, whose parents are not in the file, has none."""
    chair = plan_events(small(), split="items", speaker="olga")
    assert [e.related_to for e in chair] == [None, chair[0].uid]
    assert {e.related_to for s in ("items", "parts") for e in plan_events(small(), split=s)} == {None}  # type: ignore[arg-type]


def test_item_description_says_where_it_belongs() -> None:
    """A per-item event names what it is part of, up to the event."""
    (talk, *_) = plan_events(small(), split="items")
    assert "Part of Part one, part of Webinar" in talk.description.splitlines()


def test_join_link_is_in_location_description_and_url() -> None:
    """The join link is in LOCATION, on DESCRIPTION's first line and in URL when the event has no page."""
    agenda = small(platform=Platform(name="Cisco Webex", url="https://webex.example/j/1"))
    (event,) = plan_events(agenda)
    assert (event.location, event.description.splitlines()[0], event.url, event.conference) == (
        "Cisco Webex: https://webex.example/j/1",
        "Join: https://webex.example/j/1",
        "https://webex.example/j/1",
        "https://webex.example/j/1",
    )


def test_descriptions_have_short_lines() -> None:
    """DESCRIPTION is lines a phone shows, not the 200-column table of `agenda show`."""
    (event,) = plan_events(small())
    assert max(len(line) for line in event.description.splitlines()) < 80


@pytest.mark.parametrize("method", ["request", "cancel"])
def test_a_meeting_names_no_calendar(method: str) -> None:
    """REQUEST and CANCEL carry no NAME or X-WR-CALNAME ([MS-OXCICAL] 2.1.3.1.1.17); a publish does."""
    found = {
        m: [x for x in unfolded(to_ical(small(), stamp=STAMP, method=m)) if x.startswith(("NAME:", "X-WR-CALNAME:"))]
        for m in ("publish", method)
    }  # type: ignore[arg-type]
    assert found == {"publish": ["NAME:Webinar", "X-WR-CALNAME:Webinar"], method: []}


def test_event_times_are_the_timeline_times_in_the_event_zone() -> None:
    """Each item's start and end are its slot's instants, written in the event's zone."""
    agenda = small()
    slots = list(build_timeline(agenda).items())
    events = plan_events(agenda, split="items")
    assert [(e.start, e.end) for e in events] == [(s.start, s.end) for s in slots]
    assert {e.start.tzinfo for e in events} == {MOSCOW}


def test_speakers_attend_as_required_and_chairs_as_chair() -> None:
    """A part's chair is CHAIR; a speaker with an address is REQ-PARTICIPANT; one without is left out."""
    (part, _) = plan_events(small(), split="parts")
    assert part.attendees == (Attendee(name="Olga Kulikova", email="olga@example.org", role="CHAIR"),)
    (talk, *_) = plan_events(small(), split="items")
    assert talk.attendees == (Attendee(name="Olga Kulikova", email="olga@example.org"),)


def test_extra_attendees_join_every_event() -> None:
    """Attendees passed in are invited to every event, after the speakers."""
    guest = Attendee(name="Guest", email="guest@example.org", role="OPT-PARTICIPANT")
    events = plan_events(small(), split="items", attendees=[guest])
    assert all(e.attendees[-1] == guest for e in events)


def test_speaker_calendar_has_their_items_and_chaired_parts() -> None:
    """A speaker's calendar in the items split holds the parts they chair and their items."""
    assert [e.summary for e in plan_events(small(), split="items", speaker="olga")] == ["Part one", "Talk"]


def test_unknown_speaker_is_an_error() -> None:
    """Asking for the calendar of someone not on the agenda raises ExportError."""
    with pytest.raises(ExportError, match="'nobody': not a speaker"):
        plan_events(small(), speaker="nobody")


def test_whole_event_description_shows_every_audience_zone() -> None:
    """The whole event's DESCRIPTION lists the programme in the event's and the audiences' zones."""
    (event,) = plan_events(small())
    lines = event.description.splitlines()
    assert [
        lines.index("Wed 10 Feb 2021, Europe/Moscow (MSK, UTC+03:00)")
        < lines.index("11:00–11:20   Talk — Ravi, Olga Kulikova"),
        lines.index("Wed 10 Feb 2021, Asia/Kolkata (IST, UTC+05:30)")
        < lines.index("13:30–13:50   Talk — Ravi, Olga Kulikova"),
    ] == [True, True]


def test_date_shift_is_marked() -> None:
    """A time on the next local day carries ``(+1 day)``."""
    agenda = small(start=datetime(2021, 2, 10, 21, 0, tzinfo=MOSCOW))
    (talk, *_) = plan_events(agenda, split="items")
    assert "Wed 10 Feb 2021, Asia/Kolkata (IST, UTC+05:30): 23:30–23:50" in talk.description
    (*_, last) = plan_events(agenda, split="items")
    assert "Thu 11 Feb 2021, Asia/Kolkata (IST, UTC+05:30): 00:00–00:10" in last.description
    (whole,) = plan_events(agenda)
    assert "00:00–00:10 (+1 day)   Q&A" in whole.description.splitlines()


def test_conference_location_url_color_and_rrule_come_from_the_event() -> None:
    """The platform gives CONFERENCE and LOCATION; url, colour and recurrence are copied."""
    agenda = small(
        platform=Platform(name="Cisco Webex", url="https://webex.example/j/1"),
        url="https://e.example",
        color="darkblue",
        recurrence=Recurrence(rule="FREQ=WEEKLY;COUNT=4"),
        revision=3,
    )
    (event,) = plan_events(agenda)
    expected = (
        "https://webex.example/j/1",
        "Cisco Webex",
        "Cisco Webex: https://webex.example/j/1",
        "https://e.example",
        "darkblue",
        "FREQ=WEEKLY;COUNT=4",
        3,
    )
    assert expected == (
        event.conference,
        event.conference_label,
        event.location,
        event.url,
        event.color,
        event.rrule,
        event.sequence,
    )


# ---------------------------------------------------------------------------------------------
# Writing


def test_output_is_byte_for_byte_reproducible() -> None:
    """The same agenda and stamp give the same bytes."""
    assert to_ical(small(), stamp=STAMP, split="items") == to_ical(small(), stamp=STAMP, split="items")


@pytest.mark.parametrize("method", ["publish", "request", "cancel"])
@pytest.mark.parametrize("split", ["event", "parts", "items"])
def test_writer_is_byte_identical_to_icalendar(split: str, method: str) -> None:
    """Our content lines equal icalendar's own serialisation of the same components."""
    agenda = small(
        title="Comma, semi; back\\slash\tनमस्ते Привет " * 3,
        description="Line one,\nline two; \\ three",
        platform=Platform(name="Webex; main", url="https://webex.example/j/1?a=b,c"),
        url="https://e.example",
        color="red",
        recurrence=Recurrence(rule="FREQ=WEEKLY;COUNT=4"),
    )
    events = plan_events(agenda, split=split, attendees=[Attendee(name='G, "H"', email="g@example.org")])  # type: ignore[arg-type]
    alarms = (timedelta(minutes=15), timedelta(hours=1))
    # An invitation or cancellation holds one UID: one calendar per event.
    groups = [events] if method == "publish" else [(event,) for event in events]
    ours = [
        write_calendar(
            group,
            method=method,
            stamp=STAMP,
            organizer=ORGANIZER,
            name="Cal, 1",  # type: ignore[arg-type]
            alarms=alarms,
        )
        for group in groups
    ]
    theirs = [
        by_icalendar(group, method=method, stamp=STAMP, organizer=ORGANIZER, name="Cal, 1", alarms=alarms)
        for group in groups
    ]
    assert theirs == ours


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"), max_size=300))
def test_folding_matches_icalendar(line: str) -> None:
    """Our folding equals icalendar's for any line, including escapes at the fold."""
    assert Contentline(line).to_ical().decode() == _fold(line)


@pytest.mark.parametrize("prefix", range(70, 78))
def test_folding_keeps_escapes_together(prefix: int) -> None:
    """A backslash escape is never split across a fold, as icalendar does it."""
    line = "X" * prefix + "\\;" + "Y" * 100
    assert Contentline(line).to_ical().decode() == _fold(line)


def test_publish_has_no_attendee_but_request_has() -> None:
    """METHOD:PUBLISH writes no ATTENDEE; METHOD:REQUEST writes ORGANIZER and ATTENDEE."""
    published = unfolded(to_ical(small(), stamp=STAMP))
    requested = unfolded(to_ical(small(), stamp=STAMP, method="request"))
    assert ("METHOD:PUBLISH" in published, any(x.startswith("ATTENDEE") for x in published)) == (True, False)
    assert "METHOD:REQUEST" in requested
    assert any(x.startswith("ORGANIZER;CN=Alliance:mailto:") for x in requested)
    assert 'ATTENDEE;CN="Olga Kulikova";PARTSTAT=NEEDS-ACTION;ROLE=CHAIR;RSVP=TRUE:mailto:olga@example.org' in requested


def test_request_without_organizer_is_an_error() -> None:
    """An invitation needs an organizer."""
    with pytest.raises(ExportError, match="METHOD:REQUEST needs an organizer"):
        to_ical(small(organizer=None), stamp=STAMP, method="request")


def test_write_request_needs_an_attendee_per_event() -> None:
    """write_calendar refuses a REQUEST event nobody is invited to."""
    (_, questions, _) = plan_events(small(), split="items")
    with pytest.raises(ExportError, match="at least one attendee per event"):
        write_calendar([questions], method="request", stamp=STAMP, organizer=ORGANIZER)


@pytest.mark.parametrize("method", ["request", "cancel"])
def test_write_refuses_an_invitation_or_cancellation_of_several_uids(method: str) -> None:
    """RFC 5546: all VEVENTs of one REQUEST or CANCEL share one UID; more is refused, saying what to do."""
    events = plan_events(small(), split="items", attendees=[Attendee(name="G", email="g@example.org")])
    with pytest.raises(ExportError, match=r"got 3: write one calendar per event .*to_ical_each"):
        write_calendar(events, method=method, stamp=STAMP, organizer=ORGANIZER)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["request", "cancel"])
def test_to_ical_each_writes_one_calendar_per_uid(method: str) -> None:
    """to_ical_each gives (uid, calendar) per event, in programme order, each with just that UID."""
    calendars = to_ical_each(small(), stamp=STAMP, split="items", method=method)  # type: ignore[arg-type]
    expected = [e.uid for e in plan_events(small(), split="items")]
    assert [uid for uid, _ in calendars] == expected
    assert [[str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")] for _, data in calendars] == [
        [uid] for uid in expected
    ]


def test_to_ical_with_several_uids_in_a_request_is_an_error() -> None:
    """to_ical refuses a REQUEST of three items and points at to_ical_each."""
    with pytest.raises(ExportError, match="to_ical_each"):
        to_ical(small(), stamp=STAMP, split="items", method="request")


def test_to_ical_invites_the_organizer_to_events_without_attendees() -> None:
    """In an invitation, an event with nobody of its own lists the organizer, accepted."""
    (_, (_, questions), _) = to_ical_each(small(), stamp=STAMP, split="items", method="request")
    assert (
        "ATTENDEE;CN=Alliance;PARTSTAT=ACCEPTED;ROLE=CHAIR;RSVP=FALSE:mailto:events@alliance.example.org"
        in unfolded(questions)
    )


def test_cancel_marks_cancelled_and_raises_sequence() -> None:
    """METHOD:CANCEL keeps the UIDs, says STATUS:CANCELLED and writes SEQUENCE revision + 1."""
    lines = unfolded(to_ical(small(revision=2), stamp=STAMP, method="cancel"))
    found = [x for x in lines if x.startswith(("METHOD", "UID", "SEQUENCE", "STATUS"))]
    assert found == ["METHOD:CANCEL", "UID:web@agenda", "SEQUENCE:3", "STATUS:CANCELLED"]


def test_every_tzid_has_its_vtimezone_without_comment() -> None:
    """Each TZID used has a VTIMEZONE, and no COMMENT sits directly under VTIMEZONE."""
    calendar = Calendar.from_ical(to_ical(small(), stamp=STAMP, split="items"))
    assert calendar.get_missing_tzids() == set()
    assert [z.get("COMMENT") for z in calendar.walk("VTIMEZONE")] == [None]


def test_utc_events_are_written_with_z_and_no_vtimezone() -> None:
    """An event in UTC is written as ``...Z``; no VTIMEZONE is needed."""
    data = to_ical(small(start=datetime(2021, 2, 10, 8, tzinfo=get_zone("UTC"))), stamp=STAMP)
    assert (b"DTSTART:20210210T080000Z" in data, b"VTIMEZONE" in data) == (True, False)


def test_dst_zone_gets_both_observances() -> None:
    """A zone with DST in the event's year gets STANDARD and DAYLIGHT observances."""
    calendar = Calendar.from_ical(
        to_ical(small(start=datetime(2021, 3, 28, 1, tzinfo=get_zone("Europe/Berlin"))), stamp=STAMP)
    )
    (zone,) = calendar.walk("VTIMEZONE")
    assert (len(zone.standard) > 0, len(zone.daylight) > 0) == (True, True)


def test_conference_is_written_with_uri_value_feature_list_and_label() -> None:
    """CONFERENCE carries VALUE=URI, FEATURE as a list (not one quoted value) and its LABEL."""
    agenda = small(platform=Platform(name="Cisco Webex", url="https://webex.example/j/1"))
    lines = unfolded(to_ical(agenda, stamp=STAMP))
    assert "CONFERENCE;FEATURE=AUDIO,VIDEO;LABEL=Cisco Webex;VALUE=URI:https://webex.example/j/1" in lines


def test_name_and_alarms() -> None:
    """The calendar is named (NAME, X-WR-CALNAME) and alarms become VALARMs before the start."""
    lines = unfolded(to_ical(small(), stamp=STAMP, alarms=[timedelta(minutes=15)]))
    assert [x for x in lines if x.startswith(("NAME", "X-WR"))] == ["NAME:Webinar", "X-WR-CALNAME:Webinar"]
    assert lines[lines.index("BEGIN:VALARM") : lines.index("END:VALARM") + 1] == [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Webinar",
        "TRIGGER:-PT15M",
        "END:VALARM",
    ]


def test_recurrence_becomes_rrule() -> None:
    """The event's recurrence is written as RRULE and the series is read back."""
    data = to_ical(small(recurrence=Recurrence(rule="FREQ=WEEKLY;COUNT=4")), stamp=STAMP)
    assert b"\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n" in data


WEEKLY_UNTIL = "FREQ=WEEKLY;UNTIL=20210310T080000Z"


def test_weekly_series_with_utc_until_is_exported() -> None:
    """A series ending at a UTC UNTIL exports and every parser reads it (a regression: it crashed)."""
    events = plan_events(small(recurrence=Recurrence(rule=WEEKLY_UNTIL)))
    data = write_calendar(events, stamp=STAMP)
    assert "RRULE:" + WEEKLY_UNTIL in unfolded(data)
    assert read_with_parsers(data) == dict.fromkeys(("icalendar", "vobject", "ical"), expected_view(events, "publish"))


def test_cli_exports_a_weekly_series_with_utc_until(cli: Cli, tmp_path: Path) -> None:
    """`agenda ics` on an agenda with a UTC UNTIL exits 0 and writes the RRULE."""
    path = tmp_path / "series.toml"
    dump(small(recurrence=Recurrence(rule=WEEKLY_UNTIL)), path)
    code, out, err = cli("ics", str(path), "--stamp", "2021-02-01T09:00Z")
    assert (code, err, f"RRULE:{WEEKLY_UNTIL}" in out) == (0, "", True)


def test_a_recurrence_dateutil_refuses_is_an_export_error() -> None:
    """A rule the model would refuse (a local UNTIL) raises ExportError from the writer, not ValueError."""
    event = attrs.evolve(plan_events(small())[0], rrule="FREQ=WEEKLY;UNTIL=20210310T080000")
    with pytest.raises(ExportError, match="invalid recurrence rule"):
        write_calendar([event], stamp=STAMP)


def test_stamp_is_written_in_utc() -> None:
    """DTSTAMP is the given stamp, in UTC."""
    stamp = datetime(2021, 2, 1, 12, 0, tzinfo=MOSCOW)
    assert b"\r\nDTSTAMP:20210201T090000Z\r\n" in to_ical(small(), stamp=stamp)


def test_naive_stamp_is_an_error() -> None:
    """A naive DTSTAMP is refused."""
    with pytest.raises(ExportError, match="DTSTAMP must be an aware datetime"):
        to_ical(small(), stamp=datetime(2021, 2, 1))


INJECTED = "Talk\r\nATTENDEE:mailto:evil@example.org\r\nEND:VEVENT\r\nBEGIN:VEVENT"


def test_model_refuses_line_breaks_in_one_line_fields() -> None:
    """CR/LF in a title never reaches the writer: the model refuses it."""
    with pytest.raises(InvalidValueError, match="must be one line"):
        small(title=INJECTED)


def test_injected_line_breaks_create_no_property() -> None:
    """CR/LF in a summary, a name, an attendee's address or a URL never starts a new content line."""
    # Values built in code, past the model: the writer alone keeps each of them on one line.
    planned = plan_events(small(), split="event")[0]
    event = attrs.evolve(
        planned,
        summary=INJECTED,
        location=INJECTED,
        conference="https://x.example/\r\nX-EVIL:1",
        conference_label=INJECTED,
        attendees=(Attendee(name=INJECTED, email="g@example.org\nX-EVIL:1"),),
    )
    with attrs.validators.disabled():
        organizer = Organizer(name=INJECTED, email="o@example.org")
    data = write_calendar([event], method="request", stamp=STAMP, organizer=organizer)
    lines = unfolded(data)
    assert [x for x in lines if x.startswith(("X-EVIL", "ATTENDEE:", "BEGIN:VEVENT"))] == ["BEGIN:VEVENT"]
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")]
    assert [normalised_text(INJECTED)] == summaries


def test_model_refuses_an_organizer_address_with_a_line_break() -> None:
    """An organizer address with CR/LF never reaches the writer: the model refuses it."""
    with pytest.raises(InvalidValueError, match="must be one line"):
        Organizer(name="Org", email="o@example.org\r\nX-EVIL:1")


@pytest.mark.parametrize("text", ["Comma, semi; back\\slash", "नमस्ते दुनिया", "Привет, мир", "a\tb"])
def test_text_survives_all_parsers(text: str) -> None:
    """Punctuation, Devanagari and Cyrillic read back unchanged by every parser."""
    events = plan_events(small(title=text), split="items")
    seen = read_with_parsers(write_calendar(events, stamp=STAMP))
    assert {p: [e["summary"] for e in v] for p, v in seen.items()} == {p: [e.summary for e in events] for p in seen}


def test_unknown_method_is_an_error() -> None:
    """Only publish, request, cancel and None exist."""
    with pytest.raises(ExportError, match="unknown method 'add'"):
        write_calendar(plan_events(small()), method="add", stamp=STAMP)  # type: ignore[arg-type]


def test_method_none_writes_no_method_property() -> None:
    """``method=None``: the calendar a CalDAV server stores (RFC 4791 4.1), without METHOD."""
    lines = unfolded(to_ical(small(), stamp=STAMP, method=None))
    assert [line for line in lines if line.startswith("METHOD")] == []


def test_method_none_is_a_publish_without_its_method_line() -> None:
    """Apart from the METHOD line, a method-less export is the publish: no attendees, same events."""
    published = to_ical(small(), stamp=STAMP, split="items")
    stored = to_ical(small(), stamp=STAMP, split="items", method=None)
    assert published.replace(b"METHOD:PUBLISH\r\n", b"") == stored


def test_method_none_each_event_alone() -> None:
    """`to_ical_each(method=None)`: one method-less calendar per UID, one object per resource."""
    calendars = to_ical_each(small(), stamp=STAMP, split="items", method=None)
    assert [Calendar.from_ical(data).get("METHOD") for _, data in calendars] == [None] * 3
    assert [uid for _, data in calendars for uid in unfolded(data) if uid.startswith("UID:")] == [
        f"UID:{uid}" for uid, _ in calendars
    ]


def test_cli_method_none(cli: Cli, seed_path: Path, seed: Agenda) -> None:
    """`agenda ics --method none` prints the method-less export."""
    code, out, _ = cli("ics", str(seed_path), "--stamp", "2021-02-01T09:00Z", "--method", "none")
    assert (code, out.encode()) == (0, to_ical(seed, stamp=STAMP, method=None))


def test_fixed_offset_zone_is_refused() -> None:
    """A datetime without an IANA zone would need a TZID with no VTIMEZONE: refused."""

    event = attrs.evolve(plan_events(small())[0], start=datetime(2021, 2, 10, 8, tzinfo=UTC))
    with pytest.raises(ExportError, match="zone without an IANA key"):
        write_calendar([event], stamp=STAMP)


def test_calendar_event_end_before_start_is_refused() -> None:
    """A CalendarEvent cannot end before it starts."""
    start = datetime(2021, 2, 10, 11, tzinfo=MOSCOW)
    with pytest.raises(ValueError, match="is before start"):
        CalendarEvent(uid="u", summary="s", start=start, end=start - timedelta(minutes=1))


# ---------------------------------------------------------------------------------------------
# The seed webinar


@pytest.mark.parametrize("method", ["publish", "request", "cancel"])
@pytest.mark.parametrize("split", ["event", "parts", "items"])
def test_seed_passes_all_parsers_with_timeline_times(seed: Agenda, split: str, method: str) -> None:
    """The seed webinar, in each split and method, reads back in every parser as planned."""
    if method == "publish":
        calendars = [to_ical(seed, stamp=STAMP, split=split)]  # type: ignore[arg-type]
    else:
        calendars = [data for _, data in to_ical_each(seed, stamp=STAMP, split=split, method=method)]  # type: ignore[arg-type]
    expected = [
        {k: v for k, v in e.items() if k != "attendees"} for e in expected_view(plan_events(seed, split=split), method)
    ]  # type: ignore[arg-type]
    seen: dict[str, list[dict[str, object]]] = {}
    for data in calendars:
        for parser, found in read_with_parsers(data).items():
            seen.setdefault(parser, []).extend(found)
    read = {p: [{k: v for k, v in e.items() if k != "attendees"} for e in found] for p, found in seen.items()}
    assert read == dict.fromkeys(seen, expected)
    attendees = {p: [bool(e["attendees"]) for e in found] for p, found in seen.items()}
    assert attendees == {p: [method != "publish"] * len(expected) for p in seen}


def test_seed_item_times_equal_the_timeline(seed: Agenda) -> None:
    """Every item of the seed starts and ends in the export when the timeline says."""
    seen = read_with_parsers(to_ical(seed, stamp=STAMP, split="items"))
    timeline = build_timeline(seed)
    assert [(e["start"], e["end"]) for e in seen["ical"]] == [(s.start, s.end) for s in timeline.items()]


# ---------------------------------------------------------------------------------------------
# The command line


def test_cli_writes_the_calendar_to_stdout(cli: Cli, seed_path: Path, seed: Agenda) -> None:
    """`agenda ics FILE --stamp` prints what to_ical gives."""
    code, out, _ = cli("ics", str(seed_path), "--stamp", "2021-02-01T09:00Z", "--split", "parts")
    assert (code, out.encode()) == (0, to_ical(seed, stamp=STAMP, split="parts"))


def test_cli_writes_to_a_file(cli: Cli, seed_path: Path, seed: Agenda, tmp_path: Path) -> None:
    """With -o the calendar goes to the file (atomically) and stdout stays empty."""
    target = tmp_path / "webinar.ics"
    code, out, _ = cli(
        "ics",
        str(seed_path),
        "-o",
        str(target),
        "--stamp",
        "2021-02-01T12:00+03:00",
        "--method",
        "request",
        "--alarm",
        "15m",
        "--attendee",
        "Guest <guest@example.org>",
    )
    expected = to_ical(
        seed,
        stamp=STAMP,
        method="request",
        alarms=[timedelta(minutes=15)],
        attendees=[Attendee(name="Guest", email="guest@example.org")],
    )
    assert (code, out, target.read_bytes()) == (0, "", expected)


def test_cli_speaker_calendar(cli: Cli, seed_path: Path) -> None:
    """--speaker exports only that speaker's slots."""
    code, out, _ = cli(
        "ics", str(seed_path), "--speaker", "kulikova", "--split", "items", "--stamp", "2021-02-01T09:00Z"
    )
    assert (code, out.count("BEGIN:VEVENT"), "SUMMARY;LANGUAGE=en:Closing speech" in out) == (0, 1, True)


def test_cli_without_stamp_uses_the_current_time(cli: Cli, seed_path: Path) -> None:
    """Without --stamp, DTSTAMP is now, in UTC."""
    before = datetime.now(UTC).replace(microsecond=0)
    _, out, _ = cli("ics", str(seed_path))
    stamp = next(x for x in out.splitlines() if x.startswith("DTSTAMP:"))
    assert datetime.strptime(stamp, "DTSTAMP:%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) >= before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stamp", "2021-02-01T09:00"], "has no zone"),
        (["--stamp", "yesterday"], "invalid date-time"),
        (["--speaker", "nobody"], "not a speaker"),
        (["--alarm", "soon"], "invalid duration"),
    ],
)
def test_cli_bad_arguments_exit_2(cli: Cli, seed_path: Path, args: list[str], message: str) -> None:
    """Bad options exit 2 with a message saying why."""
    code, out, err = cli("ics", str(seed_path), *args)
    assert (code, out, message in err) == (2, "", True)


def test_cli_bad_file_exits_2_with_located_problems(cli: Cli, tmp_path: Path) -> None:
    """An invalid agenda file exits 2, printing file:line: path: message, and writes nothing."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[event]\nid = "x"\n')
    target = tmp_path / "out.ics"
    code, out, err = cli("ics", str(bad), "-o", str(target))
    assert (code, out, f"{bad}:1: event.zone" in err, target.exists()) == (2, "", True, False)


def test_second_occurrence_of_a_repeated_wall_time_is_written_in_utc() -> None:
    """An end in the repeated hour after a DST change is written in UTC, not as an ambiguous wall time."""
    chatham = get_zone("Pacific/Chatham")
    agenda = attrs.evolve(small(start=datetime(1995, 3, 19, 3, 30, tzinfo=chatham)), audiences=[])
    events = plan_events(agenda, split="items")
    assert str(events[0].end.tzinfo) == "UTC"
    seen = read_with_parsers(write_calendar(events, stamp=STAMP))
    assert {p: [(e["start"], e["end"]) for e in v] for p, v in seen.items()} == {
        p: [(e.start.astimezone(UTC), e.end.astimezone(UTC)) for e in events] for p in seen
    }


def test_whole_event_spans_a_slot_fixed_before_its_start() -> None:
    """The whole-event VEVENT starts at the earliest slot, even one fixed before the event's start."""
    agenda = small()
    early = datetime(2021, 2, 10, 10, 0, tzinfo=MOSCOW)
    agenda = attrs.evolve(
        agenda, parts=[*agenda.parts, Item(id="early", title="Early", start=early, duration=timedelta(minutes=5))]
    )
    assert plan_events(agenda)[0].start == early
