"""Personalised invitations for many attendees, written as .eml files: time and peak memory.

Run: python bench/bench_invite.py [--attendees 10000] [--small 1000] [--items 400] [--guests 20]

Prints, measured in the same run:
- the time to make and write N invitations, against a baseline that only writes N copies of one
  ready message with the same atomic writer (the cost of the files themselves);
- peak traced memory (tracemalloc) for the small and the large run: streamed messages keep it
  flat, so the ratio stays near 1 while the attendee count grows tenfold;
- the peak when the small run's messages are all held in a list, for comparison;
- one invitation per item (``split="items"``) of a generated agenda for a few guests: the time
  per message against the whole-event messages above, which shows whether the cost of a message
  grows with the size of the programme.
"""

from __future__ import annotations

import argparse
import email.policy
import gc
import itertools
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import agenda
from agenda._formats.atomic import write_atomic
from agenda.invite import Recipient, invitations, parse_attendees

ROOT = Path(__file__).resolve().parent.parent
STAMP = datetime(2021, 1, 20, 9, 0, tzinfo=UTC)
ZONES = ("Asia/Kolkata", "Europe/Moscow", "Asia/Kathmandu", "America/New_York", "Pacific/Auckland", "")


def attendee_csv(count: int) -> str:
    rows = (f"Guest {n},guest{n}@example.org,{zone}" for n, zone in zip(range(count), itertools.cycle(ZONES)))
    return "name,email,zone\n" + "\n".join(rows) + "\n"


def write_invites(seed: agenda.Agenda, guests: tuple[Recipient, ...], out: Path) -> int:
    written = 0
    for number, invitation in enumerate(invitations(seed, stamp=STAMP, attendees=guests)):
        write_atomic(out / f"{number}.eml", invitation.message.as_bytes(policy=email.policy.SMTP))
        written += 1
    return written


def items_agenda(count: int) -> agenda.Agenda:
    """`count` items in parts of 20, each with a speaker who has an address."""
    zone = agenda.get_zone("Europe/Moscow")
    speakers = [agenda.Speaker(id=f"s{n}", name=f"Speaker {n}", email=f"s{n}@example.org") for n in range(20)]
    parts = [
        agenda.Part(
            id=f"part-{p}",
            title=f"Part {p}",
            items=[
                agenda.Item(
                    id=f"item-{p}-{i}",
                    title=f"Talk {p}.{i}",
                    duration=timedelta(minutes=5),
                    speakers=[f"s{(p + i) % 20}"],
                )
                for i in range(min(20, count - p * 20))
            ],
        )
        for p in range((count + 19) // 20)
    ]
    return agenda.Agenda(
        event=agenda.Event(
            id="bench",
            title="Benchmark",
            start=datetime(2021, 3, 1, 8, 0, tzinfo=zone),
            organizer=agenda.Organizer(name="Org", email="org@example.org"),
        ),
        parts=parts,
        speakers=speakers,
    )


def write_item_invites(programme: agenda.Agenda, guests: tuple[Recipient, ...], out: Path) -> int:
    written = 0
    for number, invitation in enumerate(invitations(programme, stamp=STAMP, attendees=guests, split="items")):
        write_atomic(out / f"{number}.eml", invitation.message.as_bytes(policy=email.policy.SMTP))
        written += 1
    return written


def write_copies(data: bytes, count: int, out: Path) -> int:
    for number in range(count):
        write_atomic(out / f"{number}.eml", data)
    return count


def timed(action: Callable[[Path], int]) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        gc.collect()
        start = time.perf_counter()
        count = action(Path(folder))
        return time.perf_counter() - start, count


def peak(action: Callable[[Path], object]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        gc.collect()
        tracemalloc.start()
        try:
            action(Path(folder))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--guests", type=int, default=20)
    args = parser.parse_args()

    seed = agenda.load(ROOT / "examples" / "india-russia-webinar.toml")
    large_csv, small_csv = attendee_csv(args.attendees), attendee_csv(args.small)
    guests = parse_attendees(large_csv)
    one = next(invitations(seed, stamp=STAMP, attendees=guests[:1])).message.as_bytes(policy=email.policy.SMTP)

    seconds, count = timed(lambda out: write_invites(seed, guests, out))
    base_seconds, _ = timed(lambda out: write_copies(one, count, out))
    print(
        f"{count} invitations written in {seconds:.2f} s ({seconds / count * 1e3:.2f} ms each; "
        f"{len(one) / 1024:.1f} KiB per message)"
    )
    print(f"baseline: {count} copies of one ready message written in {base_seconds:.2f} s")
    print(f"ratio invitations / baseline: {seconds / base_seconds:.1f}x")

    # Memory: everything from the CSV text on, so the attendee list is counted too.
    small_peak = peak(lambda out: write_invites(seed, parse_attendees(small_csv), out))
    large_peak = peak(lambda out: write_invites(seed, parse_attendees(large_csv), out))
    held_peak = peak(
        lambda out: [i.message for i in invitations(seed, stamp=STAMP, attendees=parse_attendees(small_csv))]
    )
    growth = args.attendees / args.small
    print(
        f"peak memory, {args.small} attendees: {small_peak / 2**20:.1f} MiB; "
        f"{args.attendees} attendees: {large_peak / 2**20:.1f} MiB"
    )
    print(
        f"ratio peak {args.attendees} / peak {args.small}: {large_peak / small_peak:.2f}x "
        f"for {growth:.0f}x the attendees ({(large_peak - small_peak) / (args.attendees - args.small):.0f} "
        "bytes per extra attendee, the attendee list itself)"
    )
    print(
        f"holding the {args.small} messages in a list instead: {held_peak / 2**20:.1f} MiB, "
        f"{held_peak / small_peak:.1f}x the streamed peak"
    )

    programme = items_agenda(args.items)
    item_seconds, item_count = timed(
        lambda out: write_item_invites(programme, parse_attendees(attendee_csv(args.guests)), out)
    )
    per_item, per_event = item_seconds / item_count, seconds / count
    print(
        f"split=items, {args.items} items x {args.guests} guests: {item_count} invitations in "
        f"{item_seconds:.2f} s ({per_item * 1e3:.2f} ms each)"
    )
    print(f"ratio per message, split=items / whole event: {per_item / per_event:.2f}x")


if __name__ == "__main__":
    main()
