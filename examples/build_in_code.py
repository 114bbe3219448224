"""Build a small webinar agenda in Python, place it in time and print it in two zones."""

from datetime import datetime, timedelta

import agenda
from agenda import Agenda, Audience, Event, Item, ItemKind, LocalHours, Part, Speaker, build_timeline

moscow, kolkata = agenda.get_zone("Europe/Moscow"), agenda.get_zone("Asia/Kolkata")

webinar = Agenda(
    event=Event(
        id="india-russia-briefing",
        title="India–Russia regional briefing",
        start=datetime(2021, 2, 10, 11, 0, tzinfo=moscow),
        end=datetime(2021, 2, 10, 12, 0, tzinfo=moscow),
    ),
    speakers=[
        Speaker(id="kulikova", name="Olga Kulikova", role="Business ambassador", zone=moscow),
        Speaker(id="desk", name="Invest India, Russia desk", zone=kolkata),
    ],
    audiences=[
        Audience(name="India", zone=kolkata, hours=LocalHours.parse("09:00-21:00")),
        Audience(name="Russia", zone=moscow, hours=LocalHours.parse("09:00-20:00")),
    ],
    parts=[
        Part(
            title="Briefing",
            allotted=timedelta(minutes=45),
            items=[
                Item(title="Welcome", kind=ItemKind.OPENING, duration=timedelta(minutes=5), speakers=["kulikova"]),
                Item(title="Investing in India's states", duration=timedelta(minutes=25), speakers=["desk"]),
                Item(title="Questions", kind=ItemKind.QA, duration=timedelta(minutes=15)),
            ],
        ),
        Item(title="Closing words", kind=ItemKind.CLOSING, duration=timedelta(minutes=5), speakers=["kulikova"]),
    ],
)

timeline = build_timeline(webinar)
for slot in timeline.items():
    start_moscow, start_india = slot.start_in(moscow), slot.start_in(kolkata)
    print(f"{start_moscow:%H:%M} {moscow.key}  {start_india:%H:%M} {kolkata.key}  {slot.node.title}")

# The same agenda as an agenda file, in any of the three formats.
assert agenda.loads(agenda.dumps(webinar, "yaml"), "yaml") == webinar
