"""Golden iCalendar files of the seed webinar: fixed DTSTAMP, tz database pinned to `tzdata`.

Regenerate after an intended change with ``AGENDA_REGENERATE_GOLDEN=1 pytest tests/test_ical_golden.py``
and review the diff. An invitation or cancellation of several events is one calendar per event
(one UID each, RFC 5546); their golden file is these calendars one after another, an iCalendar
stream as RFC 5545 allows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from agenda import load
from agenda.ical import to_ical, to_ical_each
from test_ical_support import STAMP, pin_tz_database

GOLDEN = Path(__file__).parent / "golden"

CASES: dict[str, dict[str, object]] = {
    **{
        f"seed-{split}-{method}": {"split": split, "method": method}
        for split in ("event", "parts", "items")
        for method in ("publish", "request", "cancel")
    },
    "seed-speaker-kulikova": {"split": "items", "speaker": "kulikova"},
    "seed-alarms": {"alarms": (timedelta(minutes=15), timedelta(days=1))},
}


@pytest.fixture(autouse=True)
def _pinned_tz_database() -> Iterator[None]:
    yield from pin_tz_database()


@pytest.mark.parametrize("name", sorted(CASES))
def test_seed_export_matches_golden_file(name: str, seed_path: Path) -> None:
    """The seed webinar exports byte for byte as its golden file."""
    case = CASES[name]
    if case.get("method", "publish") != "publish" and case.get("split", "event") != "event":
        actual = b"".join(data for _, data in to_ical_each(load(seed_path), stamp=STAMP, **case))  # type: ignore[arg-type]
    else:
        actual = to_ical(load(seed_path), stamp=STAMP, **case)  # type: ignore[arg-type]
    golden = GOLDEN / f"{name}.ics"
    if os.environ.get("AGENDA_REGENERATE_GOLDEN"):
        golden.write_bytes(actual)
    assert golden.read_bytes() == actual
