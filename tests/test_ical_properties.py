"""Properties of the iCalendar export over generated agendas (zones from the whole tz database):
what icalendar, vobject (validating) and ical read back is exactly what was planned."""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from agenda import Agenda, Organizer
from agenda.ical import Attendee, plan_events, write_calendar
from agenda.testing import agendas
from test_ical_support import STAMP, by_icalendar, expected_view, read_with_parsers

GUEST = Attendee(name="Guest, \"Ünïcödé\"", email="guest@example.org", role="OPT-PARTICIPANT")
FALLBACK_ORGANIZER = Organizer(name="Organiser", email="organiser@example.org")

EXPORTS = st.tuples(agendas(max_items=6), st.sampled_from(["event", "parts", "items"]),
                    st.sampled_from(["publish", "request", "cancel"]))
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def export(agenda: Agenda, split: str, method: str) -> tuple[tuple, bytes]:  # type: ignore[type-arg]
    organizer = agenda.event.organizer or FALLBACK_ORGANIZER
    events = plan_events(agenda, split=split, attendees=[GUEST])  # type: ignore[arg-type]
    data = write_calendar(events, method=method, stamp=STAMP, organizer=organizer,  # type: ignore[arg-type]
                          name=agenda.event.title)
    return events, data


@EXAMPLES
@given(EXPORTS)
def test_every_parser_reads_back_the_planned_events(case: tuple[Agenda, str, str]) -> None:
    """icalendar, vobject and ical read exactly the planned UIDs, summaries, instants and attendees."""
    agenda, split, method = case
    events, data = export(agenda, split, method)
    expected = expected_view(events, method)
    assert read_with_parsers(data) == {"icalendar": expected, "vobject": expected, "ical": expected}


@EXAMPLES
@given(EXPORTS)
def test_calendar_structure_follows_the_method(case: tuple[Agenda, str, str]) -> None:
    """UIDs are unique, every TZID has a VTIMEZONE, PUBLISH has no ATTENDEE, REQUEST has
    ORGANIZER and ATTENDEE, CANCEL says CANCELLED."""
    agenda, split, method = case
    _, data = export(agenda, split, method)
    calendar = Calendar.from_ical(data)
    vevents = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in vevents]
    assert len(set(uids)) == len(uids)
    assert calendar.get_missing_tzids() == set()
    assert all(z.get("COMMENT") is None for z in calendar.walk("VTIMEZONE"))
    assert {("ATTENDEE" in e, "ORGANIZER" in e) for e in vevents} == {(method != "publish", True)}
    assert {str(e.get("STATUS")) for e in vevents} == {"CANCELLED" if method == "cancel" else "None"}


@settings(max_examples=200, deadline=None)
@given(EXPORTS)
def test_writer_is_byte_identical_to_icalendar(case: tuple[Agenda, str, str]) -> None:
    """Our content lines equal icalendar's serialisation of the same components, for any agenda."""
    agenda, split, method = case
    organizer = agenda.event.organizer or FALLBACK_ORGANIZER
    events, data = export(attrs.evolve(agenda, event=attrs.evolve(agenda.event, organizer=organizer)),
                          split, method)
    assert by_icalendar(events, method=method, stamp=STAMP, organizer=organizer, name=agenda.event.title) == data


@settings(max_examples=200, deadline=None)
@given(agendas(max_items=6))
def test_exports_are_reproducible(agenda: Agenda) -> None:
    """Exporting the same agenda twice gives the same bytes, hence the same UIDs."""
    assert export(agenda, "items", "request")[1] == export(agenda, "items", "request")[1]
