"""The cost of the longest text the model accepts, per invitation.

Run: python bench/bench_text_limits.py [--messages 200]

Prints, measured in the same run:
- the time per invitation (made and serialised) of the seed webinar, the baseline;
- the same with the event title at the one-line limit (`agenda._text.MAX_LINE` characters) and
  the organiser's and every speaker's name at the name limit (`MAX_NAME`), in Cyrillic, which
  mail headers must encode, and the ratio: the limits bound what long text costs per message;
- that a title of 100,000 characters, which used to cost seconds per message, is refused.
"""

from __future__ import annotations

import argparse
import email.policy
import itertools
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import agenda
from agenda._text import MAX_LINE, MAX_NAME
from agenda.invite import invitations

ROOT = Path(__file__).resolve().parent.parent
STAMP = datetime(2021, 2, 1, 9, tzinfo=UTC)


def per_message(loaded: agenda.Agenda, count: int) -> float:
    """Seconds per invitation, over `count` of them (the agenda's own recipients, repeated)."""
    start = time.perf_counter()
    made = 0
    while made < count:
        for invitation in itertools.islice(invitations(loaded, stamp=STAMP), count - made):
            invitation.message.as_bytes(policy=email.policy.SMTP)
            made += 1
    return (time.perf_counter() - start) / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args()
    data = json.loads((ROOT / "examples" / "india-russia-webinar.json").read_text("utf-8"))
    seed = agenda.loads(json.dumps(data), "json")
    longest = "Сотрудничество " * (MAX_LINE // 15)
    name = "Кулико" * (MAX_NAME // 6)
    data["event"]["title"] = longest
    data["event"]["organizer"]["name"] = name
    for speaker in data["speakers"]:
        speaker["name"] = name
    long = agenda.loads(json.dumps(data), "json")
    base = per_message(seed, args.messages)
    limit = per_message(long, args.messages)
    print(f"seed webinar: {base * 1000:.2f} ms per invitation")
    print(
        f"a title of {len(longest)} and names of {len(name)} Cyrillic characters: {limit * 1000:.2f} ms per invitation"
    )
    print(f"ratio at the limit / seed: {limit / base:.1f}x")
    data["event"]["title"] = "Ж" * 100_000
    try:
        agenda.loads(json.dumps(data), "json")
    except agenda.LoadError as error:
        print(f"a 100,000-character title: refused ({error.problems[0].message})")


if __name__ == "__main__":
    main()
