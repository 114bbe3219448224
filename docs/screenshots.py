"""Regenerate the pictures of the docs: the seed's timeline SVG (embedded by the README) and
screenshots of the seed's web page (desktop, phone width, print), in Chromium.

    PYTHONPATH=src python docs/screenshots.py [--svg-only]

The page is rendered with a fixed --stamp and the browser's clock is not shown in the pictures
(the "starts in" line is hidden), so the pictures change only when the page does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "india-russia-webinar.toml"
IMAGES = ROOT / "docs" / "img"
SVG = IMAGES / "seed-timeline.svg"
STAMP = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def seed_svg() -> str:
    """The timeline picture of the seed, as the README embeds it."""
    from agenda import build_timeline, read_document
    from agenda._formats.text import default_zones
    from agenda._formats.timeline_svg import render_svg

    agenda = read_document(SEED).agenda
    return render_svg(agenda, build_timeline(agenda), default_zones(agenda))


def seed_page() -> str:
    """The seed's web page, with the stamp the pictures use."""
    from agenda import build_timeline, read_document
    from agenda._formats.page import render_page
    from agenda._formats.text import default_zones

    agenda = read_document(SEED).agenda
    return render_page(agenda, build_timeline(agenda), default_zones(agenda), stamp=STAMP)


def screenshots(page_path: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        shots = (
            ("page-desktop.png", {"width": 1280, "height": 900}, "screen", "Asia/Kolkata"),
            ("page-phone.png", {"width": 390, "height": 844}, "screen", "Europe/Moscow"),
            ("page-print.png", {"width": 900, "height": 1200}, "print", "Europe/Moscow"),
        )
        for name, viewport, media, zone in shots:
            context = browser.new_context(viewport=viewport, timezone_id=zone, locale="en-GB")
            page = context.new_page()
            page.goto(page_path.as_uri())
            page.emulate_media(media=media)  # type: ignore[arg-type]
            # The countdown depends on the day the picture is taken: keep it out of the picture.
            page.add_style_tag(content="#countdown { visibility: hidden; }")
            target = IMAGES / name
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
            context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg-only", action="store_true", help="write the SVG only (no browser)")
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    SVG.write_text(seed_svg(), encoding="utf-8")
    print(SVG.relative_to(ROOT))  # noqa: T201 - a script
    if args.svg_only:
        return 0
    with tempfile.TemporaryDirectory() as directory:
        page_path = Path(directory) / "page.html"
        page_path.write_text(seed_page(), encoding="utf-8")
        for path in screenshots(page_path):
            print(path.relative_to(ROOT))  # noqa: T201 - a script
    return 0


if __name__ == "__main__":
    sys.exit(main())
