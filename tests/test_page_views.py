"""`agenda show --format markdown|json|csv`, the registry of programme views, and how notebooks show
an agenda."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda import Agenda, Event, Item, build_timeline, get_zone, read_document
from agenda._formats.markdown import escape, render_markdown
from agenda._formats.registry import names
from agenda._formats.text import default_zones
from agenda._formats.views import render_csv, render_json
from agenda._words import span, span_shift
from agenda.testing import agendas

Cli = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "india-russia-webinar.toml"


@pytest.fixture(scope="module")
def seed() -> Agenda:
    return read_document(SEED).agenda


def _table(markdown: str) -> list[list[str]]:
    """The rows of the first table markdown-it renders (header first), as cell texts."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    rows: list[list[str]] = []
    inside = False
    for token in tokens:
        if token.type in {"table_open", "table_close"}:
            inside = token.type == "table_open" and not rows
        elif token.type == "tr_open" and inside:
            rows.append([])
        elif token.type == "inline" and inside:
            rows[-1].append("".join(child.content for child in token.children or () if child.type == "text"))
    return rows


def test_show_formats_come_from_the_registry(cli: Cli) -> None:
    """`agenda show --format` offers exactly the registry's programme views."""
    code, out, _ = cli("show", "--help")
    assert (code, names("programme")) == (0, ("text", "markdown", "json", "csv"))
    assert "{text,markdown,json,csv}" in out


def test_markdown_renders_as_a_table(seed: Agenda) -> None:
    """markdown-it reads the Markdown view as a table: a header with both audiences' zones and
    one row per part and item."""
    timeline = build_timeline(seed)
    rows = _table(render_markdown(seed, timeline, default_zones(seed)))
    assert rows[0] == [
        "Russia: Europe/Moscow (MSK, UTC+03:00)",
        "India: Asia/Kolkata (IST, UTC+05:30)",
        "Time",
        "Programme",
    ]
    assert len(rows) == 1 + len(timeline.slots)
    assert rows[-1][:3] == ["13:40–13:50", "16:10–16:20", "10m"]


def test_markdown_shows_the_date_shift(seed: Agenda) -> None:
    """In a zone across the date line the Markdown cells carry the show's '+1 day'."""
    timeline = build_timeline(seed)
    rows = _table(render_markdown(seed, timeline, (get_zone("Pacific/Kiritimati"),)))
    assert rows[-1][0] == "00:40–00:50 (+1 day)"


def test_markdown_escapes_cell_syntax() -> None:
    """A pipe, emphasis or a tag in a title stays literal text in one cell."""
    start = datetime(2021, 2, 10, 11, 0, tzinfo=get_zone("Europe/Moscow"))
    agenda = Agenda(
        event=Event(id="e", title="T", start=start),
        parts=(Item(title="A | B *bold* <script>x</script>", duration=timedelta(minutes=5)),),
    )
    rows = _table(render_markdown(agenda, build_timeline(agenda), default_zones(agenda)))
    assert (len(rows[1]), rows[1][-1]) == (3, "A | B *bold* <script>x</script>")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
def test_markdown_escape_keeps_the_text(text: str) -> None:
    """Any text, escaped, is read back as itself (white space collapsed) from a table cell."""
    document = f"| a |\n|---|\n| {escape(text)} |\n"
    assert _table(document)[-1] == [" ".join(text.split())]


def test_json_has_instants_and_local_times(seed: Agenda) -> None:
    """The JSON view gives each slot's UTC instants and, per zone, the local times with offsets."""
    document = json.loads(render_json(seed, build_timeline(seed), default_zones(seed)))
    closing = next(slot for slot in document["slots"] if slot["id"] == "closing")
    assert (closing["start"], closing["end"], closing["local"]["Asia/Kolkata"]) == (
        "2021-02-10T10:40:00Z",
        "2021-02-10T10:50:00Z",
        {
            "start": "2021-02-10T16:10+05:30",
            "end": "2021-02-10T16:20+05:30",
            "span": "16:10–16:20",
            "label": "IST, UTC+05:30",
            "end_label": "IST, UTC+05:30",
            "day_shift": "",
            "days": 0,
            "within_hours": True,
        },
    )


@given(agendas())
def test_json_local_times_are_the_instants(agenda: Agenda) -> None:
    """For any agenda, every local time in the JSON view is the same instant as the slot's UTC time."""
    timeline = build_timeline(agenda)
    document = json.loads(render_json(agenda, timeline, default_zones(agenda)))
    pairs = [
        (datetime.fromisoformat(local["start"]), datetime.fromisoformat(slot["start"]))
        for slot in document["slots"]
        for local in slot["local"].values()
    ]
    assert all(a == b for a, b in pairs)


@given(agendas())
def test_json_day_shift_is_the_words_of_the_span(agenda: Agenda) -> None:
    """The JSON span is `agenda show`'s, its day shift the words `span` puts in brackets."""
    timeline = build_timeline(agenda)
    reference = timeline.start.astimezone(agenda.event.zone)
    document = json.loads(render_json(agenda, timeline, default_zones(agenda)))
    for slot, entry in zip(timeline.slots, document["slots"], strict=True):
        for key, local in entry["local"].items():
            zone = get_zone(key)
            first = timeline.start.astimezone(zone).utcoffset()
            offsets = {slot.start.astimezone(zone).utcoffset(), slot.end.astimezone(zone).utcoffset()}
            changed = offsets != {first}
            expected = (
                ", ".join(span_shift(slot.start, slot.end, zone, reference)),
                span(slot.start, slot.end, zone, reference, offset=changed),
            )
            assert (local["day_shift"], local["span"]) == expected


def test_csv_has_a_line_per_slot_with_local_times(seed: Agenda) -> None:
    """The CSV view: a header, then one line per part and item with each zone's local start."""
    timeline = build_timeline(seed)
    rows = list(csv.DictReader(io.StringIO(render_csv(seed, timeline, default_zones(seed)), newline="")))
    closing = rows[-1]
    assert (len(rows), closing["id"], closing["Europe/Moscow start"], closing["Asia/Kolkata zone"]) == (
        len(timeline.slots),
        "closing",
        "2021-02-10T13:40+03:00",
        "IST, UTC+05:30",
    )


def test_csv_lines_end_with_crlf(seed: Agenda) -> None:
    """CSV lines end with CRLF, as RFC 4180 says."""
    text = render_csv(seed, build_timeline(seed), default_zones(seed))
    assert text.count("\r\n") == len(build_timeline(seed).slots) + 1


def test_csv_neutralises_formulas() -> None:
    """A title a spreadsheet would run as a formula is written with a leading apostrophe."""
    start = datetime(2021, 2, 10, 11, 0, tzinfo=get_zone("Europe/Moscow"))
    agenda = Agenda(
        event=Event(id="e", title="T", start=start),
        parts=(Item(id="x", title='=HYPERLINK("http://evil")', duration=timedelta(minutes=5)),),
    )
    rows = list(csv.DictReader(io.StringIO(render_csv(agenda, build_timeline(agenda), default_zones(agenda)))))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'


def test_csv_day_column_is_a_number(seed: Agenda) -> None:
    """The day offset is a plain number (-1, 0, 1), never a text a spreadsheet reads as a formula."""
    rows = list(csv.DictReader(io.StringIO(render_csv(seed, build_timeline(seed), (get_zone("Pacific/Pago_Pago"),)))))
    assert {row["Pacific/Pago_Pago days"] for row in rows} == {"-1"}


@pytest.mark.parametrize(("fmt", "start"), [("markdown", "## Webinar"), ("json", "{"), ("csv", "path,type")])
def test_show_format_prints_the_view(cli: Cli, fmt: str, start: str) -> None:
    """`agenda show --format FORMAT` prints that view."""
    code, out, err = cli("show", str(SEED), "--format", fmt)
    assert (code, err, out.startswith(start)) == (0, "", True)


def test_show_output_file(cli: Cli, tmp_path: Path) -> None:
    """`agenda show -o FILE` writes the view to FILE and prints nothing."""
    target = tmp_path / "programme.md"
    code, out, _ = cli("show", str(SEED), "--format", "markdown", "-o", str(target))
    assert (code, out, target.read_text(encoding="utf-8").startswith("## Webinar")) == (0, "", True)


def test_show_output_into_a_missing_directory_exits_two(cli: Cli, tmp_path: Path) -> None:
    """An -o in a directory that does not exist: exit 2 with one line, before any work."""
    code, out, err = cli("show", str(SEED), "-o", str(tmp_path / "no" / "x.md"))
    assert (code, out, len(err.splitlines()), "does not exist" in err) == (2, "", 1, True)


def test_agenda_repr_html_is_the_programme_table(seed: Agenda) -> None:
    """In a notebook an agenda shows as its tables: both zones, every slot, no script."""
    html = seed._repr_html_()
    assert (html.count('<tr id="'), "Asia/Kolkata" in html, "<script" in html) == (
        len(build_timeline(seed).slots),
        True,
        False,
    )


def test_timeline_repr_html_is_in_the_event_zone(seed: Agenda) -> None:
    """A timeline alone shows its slots in the event's zone."""
    html = build_timeline(seed)._repr_html_()
    assert ('datetime="2021-02-10T11:00+03:00"' in html, "Asia/Kolkata" in html) == (True, False)


def test_show_imports_no_template_engine() -> None:
    """`agenda show` (text) loads no template engine either: it is only for the page and picture."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "agenda", "show", str(SEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert (result.returncode, "jinja2" in imported, "agenda._formats.page" in imported) == (0, False, False)


def test_show_output_dash_is_standard_output(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`agenda show -o -` prints the view and writes no file named '-'."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("show", str(SEED), "--format", "csv", "-o", "-")
    assert (code, out.startswith("path,type"), (tmp_path / "-").exists()) == (0, True, False)
