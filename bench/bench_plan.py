"""Benchmark of `agenda plan`: a year at 15-minute steps (35,040 starts) for an agenda of ten
audiences and fifty speakers, against a naive scan written here that moves the programme to each
start and tests every limit item by item with `astimezone` (stopping at the first broken one).

Both must find the same starts; the script prints the ratio, never an absolute target:

    python bench/bench_plan.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from agenda._model import Agenda, Audience, Event, Interval, Item, ItemKind, Part, Speaker
from agenda._planner import hard_codes, plan
from agenda._timeline import build_timeline
from agenda._times import LocalHours
from agenda.checks.rules.people import _merged
from agenda.checks.rules.weekends import weekend_of

AUDIENCES = (
    ("London", "Europe/London", "GB"),
    ("Lisbon", "Europe/Lisbon", "PT"),
    ("Paris", "Europe/Paris", "FR"),
    ("Berlin", "Europe/Berlin", "DE"),
    ("Warsaw", "Europe/Warsaw", "PL"),
    ("Kyiv", "Europe/Kyiv", "UA"),
    ("Istanbul", "Europe/Istanbul", "TR"),
    ("Cairo", "Africa/Cairo", "EG"),
    ("Moscow", "Europe/Moscow", "RU"),
    ("Nairobi", "Africa/Nairobi", "KE"),
)
YEAR = 2025


def agenda() -> Agenda:
    """Ten audiences from Lisbon to Moscow, fifty speakers in their zones (every fifth with weekly
    availability windows all year), thirty items in three parts with breaks between them."""
    zones = [ZoneInfo(zone) for _, zone, _ in AUDIENCES]
    audiences = [
        Audience(name=name, zone=ZoneInfo(zone), country=country, hours=LocalHours.parse("08:00-21:00"))
        for name, zone, country in AUDIENCES
    ]
    people = []
    for n in range(50):
        zone = zones[n % len(zones)]
        windows = ()
        if n % 5 == 0:
            first = datetime(YEAR, 1, 6, 7, tzinfo=zone)  # a Monday
            windows = tuple(
                Interval(
                    start=first + timedelta(days=7 * week + day), end=first + timedelta(days=7 * week + day, hours=10)
                )
                for week in range(53)
                for day in range(4)
            )
        people.append(Speaker(id=f"s{n}", name=f"Speaker {n}", zone=zone, availability=windows))
    parts: list[Item | Part] = []
    count = 0
    for p in range(3):
        items = []
        for _ in range(10):
            names = [people[(count * 3 + k) % 50].id for k in range(1 + count % 3)]
            items.append(Item(title=f"Talk {count}", id=f"t{count}", duration=timedelta(minutes=6), speakers=names))
            count += 1
        parts.append(Part(title=f"Part {p}", id=f"p{p}", items=items, allotted=timedelta(minutes=60)))
        if p < 2:
            parts.append(Item(title=f"Break {p}", id=f"break{p}", kind=ItemKind.BREAK, duration=timedelta(minutes=15)))
    event = Event(id="bench", title="Benchmark", start=datetime(YEAR, 1, 1, 10, tzinfo=ZoneInfo("Europe/Berlin")))
    return Agenda(event=event, parts=parts, speakers=people, audiences=audiences)


def naive(subject: Agenda, start: datetime, end: datetime, step: timedelta) -> list[datetime]:
    """Every start, moved programme, every limit tested item by item (the first broken one stops)."""
    import holidays

    from agenda.checks.rules.dates import _transitions

    timeline = build_timeline(subject)
    origin = timeline.start
    items = [(slot, slot.start - origin, slot.end - origin) for slot in timeline.items()]
    length = timeline.end - origin
    settings = subject.check
    speakers = {s.id: s for s in reversed(subject.speakers)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calendars = {
            a.country: holidays.country_holidays(a.country, years={YEAR - 1, YEAR, YEAR + 1}) for a in subject.audiences
        }
    windows = {s.id: _merged(s.availability) for s in subject.speakers if s.availability}
    zones = {
        z.key: z
        for z in [
            subject.event.zone,
            *(a.zone for a in subject.audiences),
            *(s.zone for s in subject.speakers if s.zone),
        ]
    }

    def fits(moment: datetime) -> bool:
        for audience in subject.audiences:
            hours = audience.hours or settings.audience_hours
            for slot, a, b in items:
                if slot.node.kind is ItemKind.BREAK or hours is None:
                    continue
                if not hours.contains((moment + a).astimezone(audience.zone), (moment + b).astimezone(audience.zone)):
                    return False
        for slot, a, b in items:
            for speaker_id in dict.fromkeys(slot.node.speakers):
                speaker = speakers[speaker_id]
                if speaker.zone is not None and not settings.working_hours.contains(
                    (moment + a).astimezone(speaker.zone), (moment + b).astimezone(speaker.zone)
                ):
                    return False
                if speaker_id in windows and not any(
                    w0 <= moment + a and moment + b <= w1 for w0, w1 in windows[speaker_id]
                ):
                    return False
        last = moment + max(length - timedelta(microseconds=1), timedelta(0))
        for audience in subject.audiences:
            first_day, last_day = moment.astimezone(audience.zone).date(), last.astimezone(audience.zone).date()
            day = first_day
            while day <= last_day:
                if day in calendars[audience.country] or day.weekday() in weekend_of(audience.country):
                    return False
                day += timedelta(days=1)
        for zone in zones.values():
            if next(_transitions(zone, moment, moment + length), None) is not None:
                return False
            local = moment.astimezone(zone) if zone == subject.event.zone else None
            if local is not None and local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
                return False
        return True

    found = []
    moment = start
    while moment < end:
        if fits(moment):
            found.append(moment)
        moment += step
    return found


def median(function: object, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = function()  # type: ignore[operator]
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    subject = agenda()
    start, end = datetime(YEAR, 1, 1, tzinfo=UTC), datetime(YEAR + 1, 1, 1, tzinfo=UTC)
    step = timedelta(minutes=15)
    if set(hard_codes(subject)) != {"AG401", "AG402", "AG303", "AG701", "AG702", "AG502", "AG503", "AG504"}:
        raise SystemExit("every hard limit must be on")
    planned, _ = median(lambda: plan(subject, start, end, step=step, top=10), args.repeat)
    scanned, found = median(lambda: naive(subject, start, end, step), 1)
    every = plan(subject, start, end, step=step, top=40_000)
    if sorted(c.start for c in every.candidates) != found:
        raise SystemExit("the planner and the naive scan disagree")
    print(f"{every.scanned:,} starts, {len(found):,} fit; 10 audiences, 50 speakers, 30 items")
    print(f"planner     {planned:8.3f} s (median of {args.repeat})")
    print(f"naive scan  {scanned:8.3f} s")
    print(f"ratio       {scanned / planned:8.1f}x faster than the naive scan")


if __name__ == "__main__":
    main()
