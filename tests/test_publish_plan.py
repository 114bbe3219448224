"""`plan_publish` on values: what a CalDAV publish decides, without a server."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given

from agenda import Agenda
from agenda.publish import RemoteEvent, plan_publish
from agenda.publish._caldav import _remote, desired_resources
from test_ical_support import exportable

STAMP = datetime(2021, 2, 1, 9, tzinfo=UTC)
LATER = datetime(2021, 2, 2, 9, tzinfo=UTC)
CALENDAR = "https://dav.example.org/cal/"


def stored(agenda: Agenda, split: str = "items") -> tuple[RemoteEvent, ...]:
    """The calendar after a first publish of `agenda`: every created resource, read back."""
    changes = plan_publish(
        desired_resources(agenda, split=split),  # type: ignore[arg-type]
        (),
        calendar_url=CALENDAR,
        event_id=agenda.event.id,
        revision=agenda.event.revision,
        stamp=STAMP,
    )
    found = [_remote(change.href, '"1"', (change.data or b"").decode()) for change in changes]
    return tuple(event for event in found if event is not None)


def _agendas() -> object:
    from agenda.testing import agendas

    return agendas(max_items=5)


@given(_agendas())
def test_publishing_twice_writes_nothing_the_second_time(agenda: Agenda) -> None:
    """For any agenda, a second publish over what the first created is all 'keep'."""
    exportable(agenda)
    remote = stored(agenda)
    again = plan_publish(
        desired_resources(agenda, split="items"),
        remote,
        calendar_url=CALENDAR,
        event_id=agenda.event.id,
        revision=agenda.event.revision,
        stamp=LATER,
    )
    assert {change.action for change in again} == {"keep"}
    assert len(again) == len(remote)


@given(_agendas())
def test_the_first_publish_creates_each_uid_once(agenda: Agenda) -> None:
    """On an empty calendar every planned UID is created, once, at its own href."""
    exportable(agenda)
    desired = desired_resources(agenda, split="items")
    changes = plan_publish(
        desired, (), calendar_url=CALENDAR, event_id=agenda.event.id, revision=agenda.event.revision, stamp=STAMP
    )
    assert [(c.action, c.uid) for c in changes] == [("create", e.uid) for e in desired]
    assert len({c.href for c in changes}) == len(changes)


def test_an_event_of_another_agenda_is_not_deleted(seed_path: object) -> None:
    """Events marked with another event id are never planned for deletion."""
    from agenda import load

    agenda = load(str(seed_path))
    other = [attr_evolve(e, mark="another-event") for e in stored(agenda)]
    changes = plan_publish(
        (), other, calendar_url=CALENDAR, event_id=agenda.event.id, revision=agenda.event.revision, stamp=STAMP
    )
    assert changes == ()


def attr_evolve(event: RemoteEvent, **changes: object) -> RemoteEvent:
    import attrs

    return attrs.evolve(event, **changes)
