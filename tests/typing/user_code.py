"""Code written from a user's side, checked by ``mypy --strict`` (tests/test_typing.py): what the
API accepts type-checks, and what it refuses is flagged (each ``type: ignore`` below must be
needed, since ``--strict`` reports unused ones)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import agenda
from agenda.exceptions import AgendaError, InvalidValueError, UnknownNodeError

# The file's own vocabulary, as text.
opening = agenda.Item(title="Opening remarks", kind="opening", duration="5m", speakers=["olga"])
closing = agenda.Item(title="Closing", kind=agenda.ItemKind.CLOSING, duration=timedelta(minutes=10))
fixed = agenda.Item(title="Late", duration="10m", start="2021-02-10T14:50 Asia/Kolkata")
block = agenda.Part(title="Block 2", allotted="30m", items=[opening, fixed])
india = agenda.Audience(name="India", zone="Asia/Kolkata", hours="09:00-21:00")
russia = agenda.Audience(name="Russia", zone=ZoneInfo("Europe/Moscow"), hours=agenda.LocalHours.parse("09:00-20:00"))
olga = agenda.Speaker(id="olga", name="Olga Kulikova", zone="Europe/Moscow")
window = agenda.Interval(start="2021-02-10T13:00 Asia/Kolkata", end=datetime(2021, 2, 10, 18, tzinfo=ZoneInfo("UTC")))
settings = agenda.CheckSettings(working_hours="08:00-20:00", max_stretch="1h30m", min_gap=timedelta(0))
event = agenda.Event(id="demo", title="Demo", start="2021-02-10T11:00 Europe/Moscow", end=None)
webinar = agenda.Agenda(event=event, parts=[block, closing], speakers=[olga], audiences=[india, russia], check=settings)

# What comes back is typed.
node: agenda.Node = webinar["block-2"]
walked: tuple[tuple[str, agenda.Node], ...] = webinar.walk()
leaves: tuple[tuple[str, agenda.Item], ...] = webinar.items()
found: agenda.Speaker | None = webinar.speaker("olga")
length: timedelta = opening.duration
kind: agenda.ItemKind = opening.kind
zone: ZoneInfo = india.zone
has_block: bool = "block-2" in webinar

try:
    agenda.Item(title="Talk", duration="20 minutes")
except InvalidValueError as error:
    field: str | None = error.field
except UnknownNodeError as missing:
    key: object = missing.key
except AgendaError:
    pass

# What the API refuses, mypy refuses too.
agenda.Item(title="Talk", duration=20)  # type: ignore[arg-type]
agenda.Audience(name="India", zone=5.5)  # type: ignore[arg-type]
agenda.Item(title="Talk", duration="5m", kind=3)  # type: ignore[arg-type]
agenda.Part(title="Part", items=["not a node"])  # type: ignore[list-item]
wrong: agenda.Item = webinar["block-2"]  # type: ignore[assignment]
for _entry in webinar:  # type: ignore[misc]
    pass
