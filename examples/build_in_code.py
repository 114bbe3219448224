"""Build the India–Russia webinar in Python from plain strings, as a script that reads a
spreadsheet would, and check that it is the very agenda examples/india-russia-webinar.toml holds.

Every value is written as in an agenda file ("20m", "Asia/Kolkata", "opening", "09:00-21:00",
"2021-02-10T11:00 Europe/Moscow"); the constructors read it with the loader's own functions and
raise `agenda.InvalidValueError` naming the field when they cannot.
"""

from pathlib import Path

import agenda

# The Russian of every title, description and organisation name; the English is the row's own.
TRANSLATIONS = (
    (
        "Webinar on Interregional Cooperation between India and Russia",
        "Вебинар о межрегиональном сотрудничестве Индии и России",
    ),
    (
        "Areas of mutually beneficial trade and investment cooperation between the Indian states "
        "and the Russian regions.",
        "Направления взаимовыгодного торгового и инвестиционного сотрудничества штатов Индии и регионов России.",
    ),
    ("ASSOCHAM", "Ассоциированные торгово-промышленные палаты Индии (ASSOCHAM)"),
    ("Business Russia", "Деловая Россия"),
    ("Invest India", "Инвест Индия"),
    ("Embassy of India in Russia", "Посольство Индии в России"),
    (
        "Ministry of Economic Development of the Russian Federation",
        "Министерство экономического развития Российской Федерации",
    ),
    ("Ministry of Commerce and Industry of India", "Министерство торговли и промышленности Индии"),
    ("A company from Gujarat", "Компания из Гуджарата"),
    ("A company from Tamil Nadu", "Компания из Тамилнада"),
    ("Government of Sverdlovsk Oblast", "Правительство Свердловской области"),
    ("Government of the Republic of Tatarstan", "Правительство Республики Татарстан"),
    ("International Alliance of Strategic Projects BRICS", "Международный альянс стратегических проектов БРИКС"),
    ("Interaction between Indian states and Russian regions", "Взаимодействие штатов Индии и регионов России"),
    ("Opening remarks", "Вступительное слово"),
    ("Welcoming words", "Приветственное слово"),
    ("Russian regions in trade with India", "Российские регионы в торговле с Индией"),
    ("Indian states and the Russian market", "Индийские штаты и российский рынок"),
    ("The main questions of interregional cooperation", "Основные вопросы межрегионального сотрудничества"),
    ("Investing in India's states", "Инвестиции в штаты Индии"),
    ("Questions on part 1", "Вопросы по первой части"),
    ("Break", "Перерыв"),
    ("Participants' presentations", "Презентации участников"),
    ("Block 1: Indian states", "Блок 1: штаты Индии"),
    ("Doing business with Gujarat", "Бизнес с Гуджаратом"),
    ("Tamil Nadu's industrial corridors", "Промышленные коридоры Тамилнада"),
    ("Questions on block 1", "Вопросы по блоку 1"),
    ("Block 2: Russian regions", "Блок 2: регионы России"),
    ("Sverdlovsk Oblast: industry and logistics", "Свердловская область: промышленность и логистика"),
    ("Tatarstan: special economic zones", "Татарстан: особые экономические зоны"),
    ("Questions on block 2", "Вопросы по блоку 2"),
    ("Block 3: Problems and ways to solve them", "Блок 3: проблемы и пути их решения"),
    ("Problems of trade and investment, and how to solve them", "Проблемы торговли и инвестиций и пути их решения"),
    ("Open questions", "Открытые вопросы"),
    ("Closing speech", "Заключительное слово"),
)
RUSSIAN = dict(TRANSLATIONS)


def in_both(english: str) -> dict[str, str]:
    """A text in English and Russian, as a file's table by language writes it."""
    return {"en": english, "ru": RUSSIAN[english]}


# One row per organisation: id, name, country.
ORGANIZATIONS = [
    ("assocham", "ASSOCHAM", "IN"),
    ("business-russia", "Business Russia", "RU"),
    ("invest-india", "Invest India", "IN"),
    ("embassy-india", "Embassy of India in Russia", "IN"),
    ("minec-russia", "Ministry of Economic Development of the Russian Federation", "RU"),
    ("mci-india", "Ministry of Commerce and Industry of India", "IN"),
    ("company-gujarat", "A company from Gujarat", "IN"),
    ("company-tamil-nadu", "A company from Tamil Nadu", "IN"),
    ("sverdlovsk-region", "Government of Sverdlovsk Oblast", "RU"),
    ("tatarstan", "Government of the Republic of Tatarstan", "RU"),
    ("brics-alliance", "International Alliance of Strategic Projects BRICS", "RU"),
]

# One row per speaker: id, name, organisation, role, country, zone, e-mail ("" for none).
SPEAKERS = [
    ("assocham-rep", "ASSOCHAM representative", "assocham", "Moderator", "IN", "Asia/Kolkata",
     "moderator@assocham.example.org"),
    ("business-russia-rep", "Business Russia representative", "business-russia",
     "Co-chair, Russia–India business council", "RU", "Europe/Moscow", "india@business-russia.example.org"),
    ("ambassador", "Embassy of India representative", "embassy-india", "Ambassador of India to Russia", "IN",
     "Europe/Moscow", ""),
    ("minec-rep", "Ministry of Economic Development representative", "minec-russia",
     "Director, Department of Asian countries", "RU", "Europe/Moscow", ""),
    ("mci-rep", "Ministry of Commerce and Industry representative", "mci-india", "Joint Secretary", "IN",
     "Asia/Kolkata", ""),
    ("invest-india-rep", "Invest India representative", "invest-india", "Head, Russia desk", "IN", "Asia/Kolkata",
     "russia.desk@investindia.example.org"),
    ("gujarat-rep", "Gujarat company representative", "company-gujarat", "Managing director", "IN", "Asia/Kolkata",
     ""),
    ("tamil-nadu-rep", "Tamil Nadu company representative", "company-tamil-nadu",
     "Director, international business", "IN", "Asia/Kolkata", ""),
    ("sverdlovsk-rep", "Sverdlovsk Oblast representative", "sverdlovsk-region",
     "Minister of International and Foreign Economic Relations", "RU", "Asia/Yekaterinburg", ""),
    ("tatarstan-rep", "Tatarstan representative", "tatarstan", "Head, trade mission", "RU", "Europe/Moscow", ""),
    ("kulikova", "Olga Kulikova", "", "Business ambassador of India and Russia", "RU", "Europe/Moscow",
     "olga.kulikova@example.org"),
]  # fmt: skip

# When a speaker can speak, in their own zone.
AVAILABILITY = {"gujarat-rep": [("2021-02-10T13:00 Asia/Kolkata", "2021-02-10T18:00 Asia/Kolkata")]}

# The programme, one row per item: id, kind, title, duration, speakers (separated by spaces).
PART_1 = [
    ("opening", "opening", "Opening remarks", "5m", "assocham-rep"),
    ("welcome-embassy", "welcome", "Welcoming words", "10m", "ambassador"),
    ("keynote-minec", "keynote", "Russian regions in trade with India", "10m", "minec-rep"),
    ("keynote-mci", "keynote", "Indian states and the Russian market", "10m", "mci-rep"),
    ("business-russia", "presentation", "The main questions of interregional cooperation", "10m",
     "business-russia-rep"),
    ("invest-india", "presentation", "Investing in India's states", "10m", "invest-india-rep"),
    ("part-1-qa", "qa", "Questions on part 1", "5m", ""),
]  # fmt: skip
BLOCKS = [
    ("block-1", "Block 1: Indian states", [
        ("gujarat", "presentation", "Doing business with Gujarat", "12m", "gujarat-rep"),
        ("tamil-nadu", "presentation", "Tamil Nadu's industrial corridors", "12m", "tamil-nadu-rep"),
        ("block-1-qa", "qa", "Questions on block 1", "6m", ""),
    ]),
    ("block-2", "Block 2: Russian regions", [
        ("sverdlovsk", "presentation", "Sverdlovsk Oblast: industry and logistics", "12m", "sverdlovsk-rep"),
        ("tatarstan", "presentation", "Tatarstan: special economic zones", "12m", "tatarstan-rep"),
        ("block-2-qa", "qa", "Questions on block 2", "6m", ""),
    ]),
    ("block-3", "Block 3: Problems and ways to solve them", [
        ("problems-panel", "panel", "Problems of trade and investment, and how to solve them", "20m",
         "business-russia-rep invest-india-rep gujarat-rep tatarstan-rep"),
        ("block-3-qa", "qa", "Open questions", "10m", ""),
    ]),
]  # fmt: skip


def item(row: tuple[str, str, str, str, str]) -> agenda.Item:
    """An item from its row: every value as the file writes it."""
    item_id, kind, title, duration, speakers = row
    return agenda.Item(id=item_id, kind=kind, title=in_both(title), duration=duration, speakers=speakers.split())


webinar = agenda.Agenda(
    event=agenda.Event(
        id="india-russia-interregional-2021",
        title=in_both("Webinar on Interregional Cooperation between India and Russia"),
        start="2021-02-10T11:00 Europe/Moscow",  # 13:30 in New Delhi
        end="2021-02-10T14:00 Europe/Moscow",  # the booked Webex meeting
        description=in_both(
            "Areas of mutually beneficial trade and investment cooperation between the Indian states "
            "and the Russian regions."
        ),
        language="en",
        url="https://example.org/india-russia-webinar-2021",
        platform=agenda.Platform(name="Cisco Webex", url="https://example.webex.com/meet/india-russia-2021"),
        organizer=agenda.Organizer(
            name="International Alliance of Strategic Projects BRICS", email="events@brics-alliance.example.org"
        ),
    ),
    check=agenda.CheckSettings(max_stretch="1h45m"),
    audiences=[
        agenda.Audience(name="India", zone="Asia/Kolkata", country="IN", hours="09:00-21:00"),
        agenda.Audience(name="Russia", zone="Europe/Moscow", country="RU", hours="09:00-20:00"),
    ],
    organizations=[
        agenda.Organization(id=i, name=in_both(name), country=country) for i, name, country in ORGANIZATIONS
    ],
    speakers=[
        agenda.Speaker(
            id=speaker_id,
            name=name,
            organization=organization or None,
            role=role,
            country=country,
            zone=zone,
            email=email or None,
            availability=[agenda.Interval(start=a, end=b) for a, b in AVAILABILITY.get(speaker_id, [])],
        )
        for speaker_id, name, organization, role, country, zone, email in SPEAKERS
    ],
    parts=[
        agenda.Part(
            id="part-1",
            title=in_both("Interaction between Indian states and Russian regions"),
            allotted="1h",
            chair="assocham-rep",
            items=[item(row) for row in PART_1],
        ),
        item(("break", "break", "Break", "10m", "")),
        agenda.Part(
            id="part-2",
            title=in_both("Participants' presentations"),
            allotted="1h30m",
            chair="business-russia-rep",
            items=[
                agenda.Part(id=block_id, title=in_both(title), allotted="30m", items=[item(row) for row in rows])
                for block_id, title, rows in BLOCKS
            ],
        ),
        item(("closing", "closing", "Closing speech", "10m", "kulikova")),
    ],
)

# The same agenda as the TOML file, field for field.
assert webinar == agenda.load(Path(__file__).with_name("india-russia-webinar.toml"))

# Look-ups by id, and when block 2 starts for each audience.
block = webinar["block-2"]
timeline = agenda.build_timeline(webinar)
slot = next(slot for slot in timeline.slots if slot.node is block)
for audience in webinar.audiences:
    start = slot.start_in(audience.zone)
    print(f"{block.title}: {start:%H:%M} in {audience.name} ({audience.zone.key})")

# The programme in both zones, with each title in English and in Russian.
russian = agenda.build_timeline(webinar.in_language("ru"))
for slot, in_russian in zip(timeline.items(), russian.items(), strict=True):
    moscow, india = slot.start_in(webinar.audiences[1].zone), slot.start_in(webinar.audiences[0].zone)
    print(f"{moscow:%H:%M} Moscow  {india:%H:%M} India  {slot.node.title} / {in_russian.node.title}")
