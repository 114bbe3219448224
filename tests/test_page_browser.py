"""The web page in a real browser: Debian's Chromium driven by Playwright, with the browser's zone
set per context, JavaScript on and off, print media, and axe for accessibility.

Without Chromium these tests are skipped on a developer's machine and FAIL in CI (`CI` set):
`.ci/run` installs it.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import attrs
import pytest

from agenda import Agenda, build_timeline, read_document
from agenda._formats.page import render_page
from agenda._formats.rows import columns as make_columns
from agenda._formats.text import default_zones
from agenda._timeline import Timeline
from agenda._words import clock, iso_local, span_shift, zone_label

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "india-russia-webinar.toml"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)
VIEWERS = ("Asia/Kolkata", "Europe/Moscow", "America/Los_Angeles", "Pacific/Kiritimati")

DST_AGENDA = """\
[event]
id = "night"
title = "A night across a change of the clocks"
start = "2021-03-27T21:30"
zone = "Europe/Berlin"
[[audiences]]
name = "Berlin"
zone = "Europe/Berlin"
hours = "08:00-22:00"
[[audiences]]
name = "Kathmandu"
zone = "Asia/Kathmandu"
[[audiences]]
name = "Kiritimati"
zone = "Pacific/Kiritimati"
hours = "07:00-23:00"
[[parts]]
title = "Before the change"
duration = "4h"
[[parts]]
title = "After it"
duration = "3h30m"
"""


def _browser_missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module."""
    if not CHROMIUM.exists():
        _browser_missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def seed() -> tuple[Agenda, Timeline]:
    agenda = read_document(SEED).agenda
    return agenda, build_timeline(agenda)


def _write_page(directory: Path, name: str, agenda: Agenda, zones: tuple[ZoneInfo, ...] | None = None) -> Path:
    path = directory / name
    page = render_page(agenda, build_timeline(agenda), zones or default_zones(agenda), stamp=STAMP)
    path.write_text(page, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory, seed: tuple[Agenda, Timeline]) -> Path:
    """The seed's page, written once."""
    return _write_page(tmp_path_factory.mktemp("page"), "seed.html", seed[0])


@pytest.fixture(scope="module")
def dst_agenda() -> Agenda:
    from agenda import loads

    return loads(DST_AGENDA, "toml")


@pytest.fixture(scope="module")
def dst_page(tmp_path_factory: pytest.TempPathFactory, dst_agenda: Agenda) -> Path:
    return _write_page(tmp_path_factory.mktemp("dst"), "dst.html", dst_agenda)


def _open(browser: Any, url: str, zone: str, **options: Any) -> Any:
    context = browser.new_context(timezone_id=zone, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.errors = errors
    return page


def _expected_cell(agenda: Agenda, timeline: Timeline, path: str, zone: ZoneInfo, reference: datetime) -> str:
    """The time cell's text as Python phrases it (`agenda._words`)."""
    slot = timeline.slot(path)
    label, end_label = zone_label(slot.start, zone), zone_label(slot.end, zone)
    if end_label != label:
        text = f"{clock(slot.start, zone)} {label}–{clock(slot.end, zone)} {end_label}"
    else:
        text = f"{clock(slot.start, zone)}–{clock(slot.end, zone)} {label}"
    shift = ", ".join(span_shift(slot.start, slot.end, zone, reference))
    text += f" ({shift})" if shift else ""
    column = make_columns(agenda, timeline, (zone,))[0]
    if slot.is_item and not all(h.contains(slot.start_in(zone), slot.end_in(zone)) for h in column.hours):
        text += " outside local hours " + " and ".join(str(h) for h in column.hours)
    return text


def _rows(page: Any) -> list[dict[str, Any]]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('tr.slot')).map(row => ({
            id: row.id,
            day: row.closest('section.day').querySelector('h2').firstChild.textContent.trim(),
            cells: Array.from(row.querySelectorAll('td.time')).map(c => ({
                zone: c.dataset.zone, text: c.textContent,
                times: Array.from(c.querySelectorAll('time')).map(t => t.getAttribute('datetime'))}))
        }))"""
    )


def _path_of(agenda: Agenda, timeline: Timeline) -> dict[str, str]:
    from agenda._formats.rows import programme

    return {row.anchor: row.slot.path for row in programme(agenda, timeline, ()).rows}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_own_zone_shows_times_of_the_timeline(browser: Any, seed_page: Path, seed: Any, viewer: str) -> None:
    """Switched to the viewer's own zone, every row shows the timeline's times in it first, with
    its label and day shift, and `<time datetime>` with the offset; the days are that zone's."""
    agenda, timeline = seed
    page = _open(browser, seed_page.as_uri(), viewer)
    own = page.locator("#own-zone")
    (own if own.is_visible() else page.locator(f'#zone-switcher a[data-zone="{viewer}"]')).click()
    zone = ZoneInfo(viewer)
    paths = _path_of(agenda, timeline)
    rows = _rows(page)
    expected, actual = [], []
    for row in rows:
        slot = timeline.slot(paths[row["id"]])
        reference = slot.start.astimezone(zone).replace(hour=0, minute=0)
        expected.append(
            (
                viewer,
                _expected_cell(agenda, timeline, slot.path, zone, reference),
                [iso_local(slot.start, zone), iso_local(slot.end, zone)],
                f"{reference:%A} {reference.day} {reference:%B %Y}",
            )
        )
        first = row["cells"][0]
        actual.append((first["zone"], first["text"], first["times"], row["day"]))
    assert (expected, page.errors) == (actual, [])


def test_kiritimati_groups_the_seed_on_two_dates(browser: Any, seed_page: Path) -> None:
    """In Pacific/Kiritimati (UTC+14:00) the webinar crosses midnight: two day headings."""
    page = _open(browser, seed_page.as_uri() + "#tz=Pacific/Kiritimati", "Pacific/Kiritimati")
    headings = page.locator("section.day h2").all_inner_texts()
    assert headings == [
        "Wednesday 10 February 2021 (dates in Pacific/Kiritimati)",
        "Thursday 11 February 2021 (dates in Pacific/Kiritimati)",
    ]


def test_other_columns_show_their_shift_from_the_day_shown(browser: Any, seed_page: Path) -> None:
    """Grouped by Kiritimati's dates, the closing speech is '-1 day' in Moscow and in India."""
    page = _open(browser, seed_page.as_uri() + "#tz=Pacific/Kiritimati", "Pacific/Kiritimati")
    cells = page.locator("tr#closing td.time").all_inner_texts()
    assert cells == [
        "00:40–00:50 UTC+14:00",
        "13:40–13:50 MSK, UTC+03:00 (-1 day)",
        "16:10–16:20 IST, UTC+05:30 (-1 day)",
    ]


def test_javascript_phrases_times_as_the_server(browser: Any, tmp_path: Path, dst_agenda: Agenda) -> None:
    """For each zone of an agenda across a DST change, a half-hour-less offset and the date line,
    the page the server renders with that zone first equals what the script renders for it."""
    zones = default_zones(dst_agenda)
    for zone in zones:
        ordered = (zone, *(z for z in zones if z != zone))
        server = _write_page(tmp_path, f"{zone.key.replace('/', '-')}.html", dst_agenda, ordered)
        static = _open(browser, server.as_uri(), "UTC", java_script_enabled=False)
        scripted = _open(browser, _write_page(tmp_path, "first.html", dst_agenda).as_uri() + f"#tz={zone.key}", "UTC")
        assert (_rows(scripted), scripted.errors) == (_rows(static), [])


def test_dst_change_shows_both_offsets(browser: Any, dst_page: Path) -> None:
    """A slot across the change of the clocks in Berlin names both labels."""
    page = _open(browser, dst_page.as_uri(), "Europe/Berlin")
    after = page.locator("tr.slot").nth(1).locator("td.time").first.inner_text()
    assert after.splitlines()[0] == "01:30 CET, UTC+01:00–06:00 CEST, UTC+02:00"


def test_browser_alias_maps_to_the_canonical_zone(browser: Any, seed_page: Path) -> None:
    """A fragment with the alias Asia/Calcutta (what Chromium reports) shows Asia/Kolkata, and a
    viewer there sees India marked as their zone rather than a separate entry."""
    page = _open(browser, seed_page.as_uri() + "#tz=Asia/Calcutta", "Asia/Kolkata")
    reported = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    india = page.locator('#zone-switcher a[data-zone="Asia/Kolkata"]')
    assert (
        reported in {"Asia/Calcutta", "Asia/Kolkata"},
        page.locator("section.day h2").first.inner_text(),
        india.inner_text(),
        india.get_attribute("aria-current"),
        page.locator("#own-zone-item").is_visible(),
    ) == (True, "Wednesday 10 February 2021 (dates in Asia/Kolkata)", "India (Asia/Kolkata) – your zone", "true", False)


@pytest.mark.parametrize(
    ("viewer", "fragment", "banner"),
    [
        ("Asia/Kolkata", "", True),
        ("Asia/Kolkata", "#tz=Asia/Kolkata", False),
        ("Europe/Moscow", "", False),
        ("America/Los_Angeles", "", True),
        ("Pacific/Kiritimati", "#tz=Asia/Kolkata", True),
    ],
)
def test_banner_when_the_viewer_zone_is_not_shown(
    browser: Any, seed_page: Path, viewer: str, fragment: str, banner: bool
) -> None:
    """The banner shows exactly when the viewer's zone is not the zone the page is shown in."""
    page = _open(browser, seed_page.as_uri() + fragment, viewer)
    visible = page.locator("#zone-banner").is_visible()
    text = page.locator("#zone-banner").inner_text() if visible else ""
    assert (visible, viewer in text) == (banner, banner)


def test_banner_link_switches_to_the_viewer_zone(browser: Any, seed_page: Path) -> None:
    """The banner's link shows the programme in the viewer's zone, and the banner goes away."""
    page = _open(browser, seed_page.as_uri(), "America/Los_Angeles")
    page.locator("#zone-banner a").click()
    assert (
        urlsplit(page.url).fragment,
        page.locator("#zone-banner").is_visible(),
        page.locator("tr#opening td.time").first.inner_text(),
    ) == ("tz=America/Los_Angeles", False, "00:00–00:05 PST, UTC-08:00")


def test_switcher_keeps_the_zone_in_the_fragment(browser: Any, seed_page: Path) -> None:
    """Choosing India puts #tz=Asia/Kolkata in the URL; a reload keeps showing India's times."""
    page = _open(browser, seed_page.as_uri(), "Europe/Moscow")
    page.locator('#zone-switcher a[data-zone="Asia/Kolkata"]').click()
    page.reload()
    assert (
        unquote(urlsplit(page.url).fragment),
        page.locator('#zone-switcher a[aria-current="true"]').get_attribute("data-zone"),
        page.locator("tr#opening td.time").first.inner_text(),
        page.locator(".when .zoned").inner_text(),
    ) == (
        "tz=Asia/Kolkata",
        "Asia/Kolkata",
        "13:30–13:35 IST, UTC+05:30",
        "Wednesday 10 February 2021, 13:30–16:20 IST, UTC+05:30",
    )


def test_unknown_zone_in_the_fragment_keeps_the_page_as_it_is(browser: Any, seed_page: Path) -> None:
    """A fragment naming no zone leaves the event's zone shown, without a script error."""
    page = _open(browser, seed_page.as_uri() + "#tz=Mars/Olympus", "Europe/Moscow")
    assert (page.locator("tr#opening td.time").first.inner_text(), page.errors) == ("11:00–11:05 MSK, UTC+03:00", [])


def test_without_javascript_every_time_has_its_zone(browser: Any, seed_page: Path, seed: Any) -> None:
    """With JavaScript off: no switcher, banner or countdown, and every time cell names its zone
    with a label and its `<time>` elements carry the offset."""
    _agenda, timeline = seed
    page = _open(browser, seed_page.as_uri(), "America/Los_Angeles", java_script_enabled=False)
    cells = page.evaluate(
        """() => Array.from(document.querySelectorAll('td.time')).map(c => [c.textContent,
             Array.from(c.querySelectorAll('time')).map(t => t.getAttribute('datetime'))])"""
    )
    label = re.compile(r"\d\d:\d\d–\d\d:\d\d (MSK|IST), UTC\+0[35]:[03]0")
    offset = re.compile(r"^2021-02-10T\d\d:\d\d\+0[35]:[03]0$")
    good = [
        bool(label.match(text)) and len(times) == 2 and all(offset.match(t) for t in times) for text, times in cells
    ]
    assert (
        page.locator("#zone-switcher").is_visible(),
        page.locator("#zone-banner").is_visible(),
        page.locator("#countdown").is_visible(),
        len(cells),
        all(good),
    ) == (False, False, False, 2 * len(timeline.slots), True)


def test_print_hides_controls_and_starts_each_day_on_a_page(browser: Any, tmp_path: Path, seed: Any) -> None:
    """Print media: no switcher, calendar links or banner; every day after the first starts a page."""
    agenda, _ = seed
    path = _write_page(tmp_path, "kiritimati.html", agenda, (ZoneInfo("Pacific/Kiritimati"), *default_zones(agenda)))
    page = _open(browser, path.as_uri(), "Asia/Kolkata")
    page.emulate_media(media="print")
    breaks = page.evaluate(
        "() => Array.from(document.querySelectorAll('section.day')).map(s => getComputedStyle(s).breakBefore)"
    )
    hidden = [
        page.locator(selector).first.is_visible()
        for selector in ("#zone-switcher", ".calendar", "#zone-banner", "td.links", "#countdown", ".speaker-ics")
    ]
    assert (breaks, hidden) == (["auto", "page"], [False] * 6)


def test_phone_width_has_no_horizontal_scroll(browser: Any, seed_page: Path) -> None:
    """At a phone's width (390 px) the table becomes cards: nothing wider than the screen, and each
    time still says whose it is."""
    page = _open(browser, seed_page.as_uri(), "Asia/Kolkata", viewport={"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    first = page.locator("tr#opening td.time").first
    before = page.evaluate("c => getComputedStyle(c, '::before').content", first.element_handle())
    assert (width <= 390, before) == (True, '"Russia: "')


@pytest.mark.parametrize(
    ("moment", "line"),
    [
        (datetime(2021, 2, 10, 5, 45, tzinfo=UTC), "Starts in 2 h 15 min."),
        (datetime(2021, 2, 10, 8, 2, tzinfo=UTC), "Happening now: Opening remarks."),
        (datetime(2021, 2, 11, 8, 0, tzinfo=UTC), "This event has ended."),
    ],
)
def test_countdown_and_now_marker_follow_the_viewer_clock(
    browser: Any, seed_page: Path, moment: datetime, line: str
) -> None:
    """The "starts in" line and the "now" row come from the browser's clock, at view time."""
    context = browser.new_context(timezone_id="Asia/Kolkata")
    context.clock.install(time=moment)
    page = context.new_page()
    page.goto(seed_page.as_uri())
    now_rows = page.locator("tr.now").evaluate_all("rows => rows.map(r => r.id)")
    expected_rows = ["opening"] if "now" in line else []
    assert (page.locator("#countdown").inner_text(), now_rows) == (line, expected_rows)
    context.close()


def test_page_has_no_clock_of_its_own(seed: Any) -> None:
    """Rendered twice with the same stamp, the page is the same text, and it holds no "starts in"."""
    agenda, timeline = seed
    first = render_page(agenda, timeline, default_zones(agenda), stamp=STAMP)
    second = render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP)
    assert (first == second, "Starts in" in first.split("<script>")[0]) == (True, False)


def _violations(page: Any) -> list[tuple[str, str]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (violation["id"], violation["impact"])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize(
    ("fragment", "viewport"),
    [
        ("", {"width": 1280, "height": 900}),
        ("#tz=Pacific/Kiritimati", {"width": 1280, "height": 900}),
        ("", {"width": 390, "height": 844}),
    ],
)
def test_axe_finds_no_serious_violation(browser: Any, seed_page: Path, fragment: str, viewport: dict[str, int]) -> None:
    """axe-core reports no serious or critical accessibility violation (desktop, after a switch, phone)."""
    page = _open(browser, seed_page.as_uri() + fragment, "Asia/Kolkata", viewport=viewport)
    assert _violations(page) == []


def test_axe_without_javascript(browser: Any, seed_page: Path, tmp_path: Path) -> None:
    """The page as it is without JavaScript (its script taken out) passes axe too. (axe itself
    needs JavaScript, so the page's script is removed rather than JavaScript turned off.)"""
    html = seed_page.read_text(encoding="utf-8")
    head, _, rest = html.rpartition("<script>")
    static = tmp_path / "static.html"
    static.write_text(head + rest.split("</script>", 1)[1], encoding="utf-8")
    page = _open(browser, static.as_uri(), "Europe/Moscow")
    assert (page.locator("#zone-switcher").is_visible(), _violations(page)) == (False, [])


def test_ics_link_of_an_item_downloads_its_calendar(browser: Any, seed_page: Path) -> None:
    """The .ics link of the opening is its calendar (one VEVENT at 08:00 UTC), downloaded by the browser."""
    import icalendar

    context = browser.new_context(timezone_id="Europe/Moscow", accept_downloads=True)
    page = context.new_page()
    page.goto(seed_page.as_uri())
    with page.expect_download() as download_info:
        page.locator("tr#opening td.links a", has_text=".ics").click()
    download = download_info.value
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert (download.suggested_filename, len(events), events[0].decoded("DTSTART").astimezone(UTC)) == (
        "india-russia-interregional-2021.opening.ics",
        1,
        datetime(2021, 2, 10, 8, 0, tzinfo=UTC),
    )
    context.close()


def test_google_and_outlook_links_are_in_utc(browser: Any, seed_page: Path) -> None:
    """The opening's Google link has dates=…Z/…Z, its Outlook link startdt/enddt in UTC."""
    page = _open(browser, seed_page.as_uri(), "Asia/Kolkata")
    google = parse_qs(urlsplit(page.locator("tr#opening a", has_text="Google").get_attribute("href")).query)
    outlook = parse_qs(urlsplit(page.locator("tr#opening a", has_text="Outlook").get_attribute("href")).query)
    assert (google["dates"], google["text"], outlook["startdt"], outlook["enddt"]) == (
        ["20210210T080000Z/20210210T080500Z"],
        ["Opening remarks"],
        ["2021-02-10T08:00:00Z"],
        ["2021-02-10T08:05:00Z"],
    )


def test_whole_event_ics_is_a_data_url_of_the_export(browser: Any, seed_page: Path, seed: Any) -> None:
    """The whole event's .ics link embeds exactly what `agenda.ical.to_ical` exports."""
    from agenda.ical import to_ical

    page = _open(browser, seed_page.as_uri(), "Europe/Moscow")
    href = page.locator(".calendar a", has_text="whole event").get_attribute("href")
    prefix = "data:text/calendar;charset=utf-8;base64,"
    assert (href.startswith(prefix), base64.b64decode(href[len(prefix) :])) == (True, to_ical(seed[0], stamp=STAMP))


def test_speaker_section_lists_their_items(browser: Any, seed_page: Path) -> None:
    """Olga Kulikova's section names her role and her closing speech, in the zone shown."""
    page = _open(browser, seed_page.as_uri() + "#tz=Asia/Kolkata", "Asia/Kolkata")
    section = page.locator("#speaker-kulikova")
    assert (section.locator("h3").inner_text(), section.locator("li").all_inner_texts()) == (
        "Olga Kulikova",
        ["Closing speech: Wednesday 10 February 2021, 16:10–16:20 IST, UTC+05:30"],
    )


def test_outside_hours_marked_for_a_night_audience(browser: Any, dst_page: Path) -> None:
    """Slots outside Berlin's 08:00–22:00 are marked in its column, in words."""
    page = _open(browser, dst_page.as_uri(), "Europe/Berlin")
    marks = page.locator('td.time[data-zone="Europe/Berlin"] .outside').all_inner_texts()
    assert marks == ["outside local hours 08:00–22:00", "outside local hours 08:00–22:00"]


def test_a_missing_browser_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """With CI set, a missing browser is a failure, never a silent skip."""
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI"):
        _browser_missing("no browser")


def test_a_missing_browser_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without CI, a missing browser skips the browser tests with the reason."""
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no browser"):
        _browser_missing("no browser")


# ---------------------------------------------------------------------------------------------
# A page in several languages: the seed has English and Russian texts.

RUSSIAN_TITLE = "Вебинар о межрегиональном сотрудничестве Индии и России"


def _titles(page: Any) -> list[str]:
    return page.locator("tr.slot th.title .name").all_inner_texts()


def _in_language(agenda: Agenda, language: str) -> list[str]:
    from agenda._formats.rows import programme

    view = agenda.in_language(language)
    return [str(row.title) for row in programme(view, build_timeline(view), ()).rows]


def test_language_switch_shows_the_russian_programme(browser: Any, seed_page: Path, seed: Any) -> None:
    """Choosing Русский shows every title, the heading and the page's title in Russian, as
    `agenda.in_language("ru")` gives them, keeps the choice in the fragment and across a reload."""
    agenda, _ = seed
    page = _open(browser, seed_page.as_uri(), "Europe/Moscow")
    labels = page.locator("#language-switcher label").all_inner_texts()
    page.get_by_role("radio", name="Русский").check()
    shown = (_titles(page), page.locator("h1").inner_text(), page.title(), urlsplit(page.url).fragment)
    page.reload()
    assert (labels, shown, _titles(page), page.errors) == (
        ["English", "Русский"],
        (_in_language(agenda, "ru"), RUSSIAN_TITLE, RUSSIAN_TITLE, "lang=ru"),
        _in_language(agenda, "ru"),
        [],
    )


def test_language_switch_works_without_javascript(browser: Any, seed_page: Path, seed: Any) -> None:
    """With JavaScript off the switch is there (CSS shows the checked language's texts)."""
    agenda, _ = seed
    page = _open(browser, seed_page.as_uri(), "Europe/Moscow", java_script_enabled=False)
    before = _titles(page)
    page.locator('#language-switcher label[lang="ru"]').click()
    assert (before, _titles(page), page.locator("#speaker-ambassador .affiliation").inner_text()) == (
        _in_language(agenda, "en"),
        _in_language(agenda, "ru"),
        "Ambassador of India to Russia, Посольство Индии в России",
    )


def test_language_and_zone_share_the_fragment(browser: Any, seed_page: Path) -> None:
    """`#tz=Asia/Kolkata&lang=ru` shows India's times in Russian; choosing another zone keeps the
    language, and a link within the page changes neither."""
    page = _open(browser, seed_page.as_uri() + "#tz=Asia/Kolkata&lang=ru", "Europe/Moscow")
    first = (page.locator("tr#opening td.time").first.inner_text(), page.locator("h1").inner_text())
    page.locator('#zone-switcher a[data-zone="Europe/Moscow"]').click()
    second = (urlsplit(page.url).fragment, page.locator("h1").inner_text())
    page.locator('#speaker-assocham-rep a[href="#opening"]').click()
    third = (page.locator("tr#opening td.time").first.inner_text(), page.locator("h1").inner_text())
    assert (first, second, third, page.errors) == (
        ("13:30–13:35 IST, UTC+05:30", RUSSIAN_TITLE),
        ("tz=Europe/Moscow&lang=ru", RUSSIAN_TITLE),
        ("11:00–11:05 MSK, UTC+03:00", RUSSIAN_TITLE),
        [],
    )


def test_calendar_links_follow_the_language(browser: Any, seed_page: Path) -> None:
    """In Russian the opening's .ics downloads its Russian calendar (SUMMARY in Russian, LANGUAGE
    left to the export) with the same UID, and its Google link carries the Russian title."""
    import icalendar

    context = browser.new_context(timezone_id="Europe/Moscow", accept_downloads=True)
    page = context.new_page()
    page.goto(seed_page.as_uri() + "#lang=ru")
    with page.expect_download() as download_info:
        page.locator("tr#opening td.links a", has_text=".ics").click()
    (event,) = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes()).walk("VEVENT")
    google = parse_qs(urlsplit(page.locator("tr#opening a", has_text="Google").get_attribute("href")).query)
    label = page.locator("tr#opening a", has_text="Google").get_attribute("aria-label")
    assert (str(event["SUMMARY"]), str(event["UID"]), google["text"], label) == (
        "Вступительное слово",
        "opening.india-russia-interregional-2021@agenda",
        ["Вступительное слово"],
        "Google Calendar: Вступительное слово",
    )
    context.close()


def test_countdown_names_the_item_in_the_language_shown(browser: Any, seed_page: Path) -> None:
    """ "Happening now" names the item under way in the chosen language, in its own `lang`."""
    context = browser.new_context(timezone_id="Asia/Kolkata")
    context.clock.install(time=datetime(2021, 2, 10, 8, 2, tzinfo=UTC))
    page = context.new_page()
    page.goto(seed_page.as_uri() + "#lang=ru")
    line = page.locator("#countdown")
    assert (line.inner_text(), line.locator("[lang]").first.get_attribute("lang")) == (
        "Happening now: Вступительное слово.",
        "ru",
    )
    context.close()


def test_a_text_not_given_in_the_language_is_marked(browser: Any, tmp_path: Path) -> None:
    """A title given only in English shows to a Russian reader with a visible "EN" marker and
    is read as English; a translated one is in lang="ru" with no marker."""
    from agenda import loads

    agenda = loads(
        DST_AGENDA.replace('title = "After it"', 'title = { en = "After it", ru = "После перевода" }'), "toml"
    )
    agenda = attrs.evolve(agenda, event=attrs.evolve(agenda.event, language="en"))
    page = _open(browser, _write_page(tmp_path, "partly.html", agenda).as_uri() + "#lang=ru", "Europe/Berlin")
    rows = page.locator("tr.slot th.title .name")
    before, after = rows.nth(0), rows.nth(1)
    assert (
        before.inner_text(),
        before.locator(".fallback").is_visible(),
        before.evaluate("n => n.querySelector('.fallback').closest('[lang]').lang"),
        after.inner_text(),
        after.locator(".fallback").count(),
        after.locator("[lang]").first.get_attribute("lang"),
    ) == ("Before the change EN", True, "en", "После перевода", 0, "ru")


def test_page_made_with_language_opens_in_it(browser: Any, tmp_path: Path, seed: Any) -> None:
    """`language="ru"` makes Russian the first choice; English is one click away."""
    agenda, _ = seed
    path = tmp_path / "ru.html"
    path.write_text(
        render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP, language="ru"), encoding="utf-8"
    )
    page = _open(browser, path.as_uri(), "Europe/Moscow")
    russian = (_titles(page), page.locator("html").get_attribute("lang"))
    page.get_by_role("radio", name="English").check()
    assert (russian, _titles(page), urlsplit(page.url).fragment, page.errors) == (
        (_in_language(agenda, "ru"), "en"),
        _in_language(agenda, "en"),
        "lang=en",
        [],
    )


@pytest.mark.parametrize("fragment", ["#lang=ru", "#tz=Asia/Kolkata&lang=ru"])
def test_axe_finds_no_serious_violation_in_russian(browser: Any, seed_page: Path, fragment: str) -> None:
    """axe-core reports no serious or critical violation with the page in Russian."""
    page = _open(browser, seed_page.as_uri() + fragment, "Asia/Kolkata", viewport={"width": 1280, "height": 900})
    assert (page.locator("h1").inner_text(), _violations(page)) == (RUSSIAN_TITLE, [])


def test_opened_at_an_anchor_the_page_sets_itself_up(browser: Any, seed_page: Path) -> None:
    """A link to an item (`#opening`) is no setting: the page opens in its first zone and
    language, with the banner for a viewer elsewhere and the switch."""
    page = _open(browser, seed_page.as_uri() + "#opening", "America/Los_Angeles")
    assert (
        page.locator("#zone-banner").is_visible(),
        page.locator("#zone-switcher").is_visible(),
        page.locator("h1").inner_text(),
        page.errors,
    ) == (True, True, "Webinar on Interregional Cooperation between India and Russia", [])
