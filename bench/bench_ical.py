"""Export a 10,000-item agenda (one VEVENT per item) and compare, in the same run, with the same
events built by hand with icalendar (`Event.new` + `to_ical`) and with the `ics` package.

    python bench/bench_ical.py [--items N] [--repeat R]

Prints the best of R runs for each, and their ratios to ours (ratio > 1: slower than ours).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from agenda import Agenda, Event, Item, Organizer, Part, Platform, Speaker, get_zone
from agenda.ical import CalendarEvent, plan_events, write_calendar

STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)


def generated_agenda(count: int) -> Agenda:
    """`count` items in parts of 100, each with a speaker, in a zone with DST."""
    zone = get_zone("Europe/Berlin")
    speakers = [Speaker(id=f"s{n}", name=f"Speaker {n}, Ph.D.", email=f"s{n}@example.org") for n in range(50)]
    parts = [
        Part(
            id=f"part-{p}",
            title=f"Part {p}",
            items=[
                Item(
                    id=f"item-{p}-{i}",
                    title=f"Talk {p}.{i}: on commas, semicolons; and more",
                    duration=timedelta(minutes=5),
                    speakers=[f"s{(p + i) % 50}"],
                )
                for i in range(min(100, count - p * 100))
            ],
        )
        for p in range((count + 99) // 100)
    ]
    return Agenda(
        event=Event(
            id="bench",
            title="Benchmark",
            start=datetime(2021, 3, 1, 8, 0, tzinfo=zone),
            platform=Platform(name="Webex", url="https://example.webex.com/meet/bench"),
            organizer=Organizer(name="Org", email="org@example.org"),
        ),
        parts=parts,
        speakers=speakers,
    )


def ours(events: tuple[CalendarEvent, ...]) -> bytes:
    return write_calendar(events, method="publish", stamp=STAMP, name="Benchmark")


def icalendar_by_hand(events: tuple[CalendarEvent, ...]) -> bytes:
    from icalendar import Calendar
    from icalendar import Event as IEvent

    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", "-//bench//EN")
    for e in events:
        event = IEvent.new(
            uid=e.uid,
            stamp=STAMP,
            start=e.start,
            end=e.end,
            summary=e.summary,
            description=e.description,
            location=e.location,
            sequence=e.sequence,
            related_to=[e.related_to] if e.related_to else None,
        )
        event.add(
            "CONFERENCE",
            e.conference,
            parameters={"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": e.conference_label},
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def ics_package(events: tuple[CalendarEvent, ...]) -> bytes:
    import ics

    calendar = ics.Calendar()
    for e in events:
        calendar.events.add(
            ics.Event(
                name=e.summary,
                begin=e.start,
                end=e.end,
                uid=e.uid,
                description=e.description,
                location=e.location,
                url=e.conference,
            )
        )
    return calendar.serialize().encode()


def best(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    agenda = generated_agenda(args.items)
    events = plan_events(agenda, split="items")
    if len(events) != args.items:
        raise SystemExit(f"planned {len(events)} events, expected {args.items}")
    ours(events)  # warm the VTIMEZONE cache, as a long-running exporter would have it
    planning = best(lambda: plan_events(agenda, split="items"), args.repeat)
    writing = best(lambda: ours(events), args.repeat)
    by_hand = best(lambda: icalendar_by_hand(events), args.repeat)
    package = best(lambda: ics_package(events), args.repeat)
    total = planning + writing
    print(f"{args.items} items, one VEVENT each, best of {args.repeat}")
    print(f"  agenda.ical write_calendar      {writing:7.3f} s   (1.00)")
    print(f"  agenda.ical plan + write        {total:7.3f} s   ({total / writing:.2f})")
    print(f"  icalendar Event.new + to_ical   {by_hand:7.3f} s   ({by_hand / writing:.2f})")
    print(f"  ics package                     {package:7.3f} s   ({package / writing:.2f})")
    print(
        f"ratios: icalendar / ours = {by_hand / writing:.1f}x, ics / ours = {package / writing:.1f}x; "
        f"with planning: icalendar / ours = {by_hand / total:.1f}x, ics / ours = {package / total:.1f}x"
    )


if __name__ == "__main__":
    main()
