"""Golden iCalendar files of the seed webinar: fixed DTSTAMP, tz database pinned to `tzdata`.

Regenerate after an intended change with ``AGENDA_REGENERATE_GOLDEN=1 pytest tests/test_ical_golden.py``
and review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from agenda import load
from agenda.ical import to_ical
from test_ical_support import STAMP, pin_tz_database

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    **{f"seed-{split}-{method}": {"split": split, "method": method}
       for split in ("event", "parts", "items") for method in ("publish", "request", "cancel")},
    "seed-speaker-kulikova": {"split": "items", "speaker": "kulikova"},
    "seed-alarms": {"alarms": (timedelta(minutes=15), timedelta(days=1))},
}


@pytest.fixture(autouse=True)
def _pinned_tz_database() -> Iterator[None]:
    yield from pin_tz_database()


@pytest.mark.parametrize("name", sorted(CASES))
def test_seed_export_matches_golden_file(name: str, seed_path: Path) -> None:
    """The seed webinar exports byte for byte as its golden file."""
    actual = to_ical(load(seed_path), stamp=STAMP, **CASES[name])  # type: ignore[arg-type]
    golden = GOLDEN / f"{name}.ics"
    if os.environ.get("AGENDA_REGENERATE_GOLDEN"):
        golden.write_bytes(actual)
    assert golden.read_bytes() == actual
