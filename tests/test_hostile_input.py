"""Hostile input, one class of attack at a time: each reproducer gives a clear error or safe
output, through the Python API and the command line."""

from __future__ import annotations

import email.policy
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import IO, Any

import attrs
import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

import agenda
from agenda import AgendaError, Item, LoadError, OutputError, Speaker, dumps, loads
from agenda._formats.atomic import write_atomic
from agenda._formats.files import read_limited
from agenda._formats.parse import parse
from agenda._text import (
    MAX_LINE,
    MAX_TEXT,
    escaped,
    header_text,
    ical_text,
    mailbox_problem,
    put_address,
    put_header,
    text_problem,
)
from agenda.exceptions import InvalidValueError
from agenda.ical import Attendee, ExportError, plan_events, to_ical, write_calendar
from agenda.invite import SentLog, SmtpSettings, invitations, parse_attendees, send_invitations

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "india-russia-webinar.toml"
SEED_TEXT = SEED.read_text("utf-8")
SEED_JSON = json.loads((ROOT / "examples" / "india-russia-webinar.json").read_text("utf-8"))
STAMP = datetime(2021, 2, 1, 9, tzinfo=UTC)
HEADERS = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]
ENCODED_BREAK = "=?utf-8?q?=0D=0AReply-To:_attacker@evil.example?="
Cli = Callable[..., tuple[int, str, str]]

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="FIFOs, /dev and O_TMPFILE as on Linux")


def seed_with(**changes: Any) -> str:
    """The seed agenda as JSON text, with top-level event fields changed."""
    data = json.loads(json.dumps(SEED_JSON))
    data["event"].update(changes)
    return json.dumps(data, ensure_ascii=True)


def write(tmp_path: Path, text: str, name: str = "agenda.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def parsed(data: bytes) -> Any:
    return BytesParser(policy=email.policy.default).parsebytes(data)


def first_invitation(loaded: agenda.Agenda) -> bytes:
    invitation = next(invitations(loaded, stamp=STAMP))
    return invitation.message.as_bytes(policy=email.policy.SMTP)


# ---------------------------------------------------------------------------------------------
# 1. Mail header injection (CVE-2024-6923 class)


def test_mail_header_injection_encoded_word_in_a_title_adds_no_header() -> None:
    """An encoded-word decoding to CRLF + Reply-To in the title gives no Reply-To header."""
    message = parsed(first_invitation(loads(seed_with(title=ENCODED_BREAK), "json")))
    assert list(message.keys()) == HEADERS


def test_mail_header_injection_subject_reads_as_the_title() -> None:
    """The Subject shows the title's text as written, on one line."""
    message = parsed(first_invitation(loads(seed_with(title=ENCODED_BREAK), "json")))
    subject = str(message["Subject"])
    assert (ENCODED_BREAK in subject.replace("\u200b", ""), "\n" in subject) == (True, False)


def test_mail_header_injection_through_a_display_name_adds_no_header() -> None:
    """An encoded-word with a Bcc in the organiser's name and a speaker's name gives no Bcc."""
    data = json.loads(seed_with())
    data["event"]["organizer"]["name"] = "=?utf-8?b?DQpCY2M6IHZpY3RpbUBldmlsLmV4YW1wbGU=?="
    for speaker in data["speakers"]:
        speaker["name"] = ENCODED_BREAK
    loaded = loads(json.dumps(data), "json")
    messages = [parsed(i.message.as_bytes(policy=email.policy.SMTP)) for i in invitations(loaded, stamp=STAMP)]
    assert [HEADERS] * len(messages) == [list(m.keys()) for m in messages]


def test_mail_header_injection_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    """`agenda invite` writes .eml files whose headers are exactly the ones built."""
    path = write(tmp_path, seed_with(title=ENCODED_BREAK))
    code, _, _ = cli("invite", str(path), "--out", str(tmp_path / "out"), "--stamp", "2021-02-01T09:00Z")
    headers = [list(parsed(p.read_bytes()).keys()) for p in sorted((tmp_path / "out").glob("*.eml"))]
    assert (code, headers) == (0, [HEADERS] * 4)


@pytest.fixture
def mailbox() -> Iterator[tuple[list[bytes], int]]:
    """A real SMTP server on 127.0.0.1 that keeps what it receives."""
    import socket

    received: list[bytes] = []

    class Keep:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            received.append(bytes(envelope.content))
            return "250 Message accepted"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield received, port
    finally:
        controller.stop()


def test_mail_header_injection_over_smtp(mailbox: tuple[list[bytes], int], tmp_path: Path) -> None:
    """What the SMTP server receives has exactly the headers built, for an injecting title."""
    received, port = mailbox
    loaded = loads(seed_with(title=ENCODED_BREAK), "json")
    settings = SmtpSettings(host="127.0.0.1", port=port)
    statuses = [
        d.status.value for d in send_invitations(invitations(loaded, stamp=STAMP), settings, SentLog(tmp_path / "log"))
    ]
    assert (statuses, [list(parsed(content).keys()) for content in received]) == (["sent"] * 4, [HEADERS] * 4)


def test_header_text_keeps_one_line_and_breaks_encoded_words() -> None:
    """Line breaks and controls become single spaces; '=?' gets a zero-width space."""
    assert header_text("a\r\n b\x00=?x?q?y?=\u2028\tc") == "a b =\u200b?x?q?y?= c"


# ---------------------------------------------------------------------------------------------
# 2. Lone surrogates


def test_lone_surrogate_from_a_json_escape_is_a_located_load_error() -> None:
    """JSON "T \\ud800" in a title: a LoadError naming the field and its line."""
    with pytest.raises(LoadError, match=r"<string>:\d+: event\.title: 'title' contains U\+D800 \(a lone surrogate"):
        loads(seed_with(title="T \ud800"), "json")


def test_lone_surrogate_from_a_yaml_escape_is_a_located_load_error() -> None:
    """A YAML double-quoted "\\ud800" in a speaker's name is a located error (libyaml refuses the
    escape itself; the pure-Python reader gives the surrogate, which the model refuses)."""
    text = (ROOT / "examples" / "india-russia-webinar.yaml").read_text("utf-8")
    text = text.replace("name: Olga Kulikova", 'name: "Olga \\ud800"', 1)
    assert "\\ud800" in text
    with pytest.raises(
        LoadError, match=r"<string>:166: (YAML syntax error|speakers\[\d+\]\.name: 'name' contains U\+D800)"
    ):
        loads(text, "yaml")


@pytest.mark.parametrize("fmt", ["toml", "yaml", "json"])
def test_lone_surrogate_in_the_text_given_to_loads_is_a_load_error(fmt: str) -> None:
    """A str holding a lone surrogate raises LoadError with its line, not UnicodeEncodeError."""
    with pytest.raises(LoadError, match=r"<string>:\d+: not valid Unicode text: U\+DC00"):
        loads('title = "\udc00"\n', fmt)


def test_lone_surrogate_in_the_model_is_refused() -> None:
    """Building an item whose title holds a lone surrogate raises InvalidValueError."""
    with pytest.raises(InvalidValueError, match="'title' contains U\\+D800"):
        Item(title="\ud800", duration=timedelta(minutes=5))


@pytest.mark.parametrize("command", ["check", "show", "ics", "invite"])
def test_lone_surrogate_every_command_exits_2_with_the_line(cli: Cli, tmp_path: Path, command: str) -> None:
    """check, show, ics and invite refuse the file with exit 2 and file:line, no traceback."""
    path = write(tmp_path, seed_with(title="T \ud800"))
    extra = ["--out", str(tmp_path / "out")] if command == "invite" else []
    code, out, err = cli(command, str(path), *extra)
    # `check` reports a file it cannot read as a located finding on standard output, like any other.
    located = out if command == "check" else err
    assert (code, f"{path}:" in located, "Traceback" in out + err) == (2, True, False)


def test_lone_surrogate_dumps_of_an_unknown_format_is_an_agenda_error() -> None:
    """dumps with an unknown format raises an AgendaError (a ValueError too)."""
    with pytest.raises(AgendaError, match="unknown format 'xml'"):
        dumps(agenda.load(SEED), "xml")


def test_lone_surrogate_in_an_attendee_option_exits_2(cli: Cli) -> None:
    """--attendee with an undecodable byte (a surrogate in argv) exits 2 with a message."""
    code, _, err = cli("ics", str(SEED), "--attendee", "\udcff@x.org")
    assert (code, "invalid attendee" in err) == (2, True)


# ---------------------------------------------------------------------------------------------
# 3. Control characters


def test_control_character_nul_from_a_toml_escape_is_refused(cli: Cli, tmp_path: Path) -> None:
    """A NUL written as \\u0000 in a TOML title: check exits 2 naming the line and the character."""
    path = write(tmp_path, SEED_TEXT.replace('en = "Closing speech"', 'en = "Closing\\u0000speech"'), "a.toml")
    code, out, _ = cli("check", str(path))
    assert (code, "U+0000 NUL" in out, f"{path}:" in out) == (2, True, True)


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x1c", "\x1e", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("where", ["speaker", "organizer", "platform"])
def test_control_character_in_a_name_is_a_located_load_error(char: str, where: str) -> None:
    """NUL, VT, FF, ESC, DEL, 0x1C, 0x1E, NEL, LS or PS in a speaker, organiser or platform name:
    refused with its path."""
    data = json.loads(seed_with())
    target = {
        "speaker": data["speakers"][0],
        "organizer": data["event"]["organizer"],
        "platform": data["event"]["platform"],
    }
    target[where]["name"] = f"A{char}B"
    with pytest.raises(
        LoadError, match=r"<string>:\d+: [a-z.\[\]0-9]*name: 'name' (must be one line|contains a control)"
    ):
        loads(json.dumps(data), "json")


def test_control_character_line_separators_in_a_description_become_line_breaks() -> None:
    """U+2028 and U+0085 in a description load, and the calendar writes them as \\n line breaks."""
    loaded = loads(seed_with(description="one\u2028two\x85three\r\nfour"), "json")
    data = to_ical(loaded, stamp=STAMP)
    description = str(Calendar.from_ical(data).walk("VEVENT")[0]["DESCRIPTION"])
    # The join link comes first in DESCRIPTION, then the event's text.
    assert ("\none\ntwo\nthree\nfour\n" in description, b"\xe2\x80\xa8" in data, b"\xc2\x85" in data) == (
        True,
        False,
        False,
    )


@pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
@pytest.mark.parametrize("description", ["a\u2028b\x85c\u2029d", "a\u2028b"])
def test_control_character_line_separators_are_escaped_by_dumps(fmt: str, description: str) -> None:
    """dumps writes NEL, LS and PS as escapes (in YAML in double quotes), and loads reads them back."""
    loaded = loads(seed_with(description=description), "json")
    text = dumps(loaded, fmt)
    assert (any(c in text for c in "\x85\u2028\u2029"), loads(text, fmt) == loaded) == (False, True)


def test_control_character_in_a_parameter_value_keeps_the_attendee() -> None:
    """An attendee built in code with ESC, a quote, a caret and a line break keeps its ATTENDEE line (RFC 6868)."""
    event = plan_events(agenda.load(SEED))[0]
    event = attrs.evolve(event, attendees=(Attendee(name='A\x1bB "C" ^ D\nE', email="g@example.org"),))
    data = write_calendar([event], method="request", stamp=STAMP, organizer=agenda.load(SEED).event.organizer)
    (read,) = Calendar.from_ical(data).walk("VEVENT")
    assert "CN=\"A\ufffdB ^'C^' ^^ D^nE\"" in data.decode().replace("\r\n ", "")
    assert str(read["ATTENDEE"].params["CN"]) == 'A\ufffdB "C" ^ D\nE'


def test_control_character_backslash_n_in_a_title_stays_itself() -> None:
    """A title with a backslash and N (C:\\Nagpur) reads back unchanged, not as a line break."""
    loaded = loads(seed_with(title="C:\\Nagpur"), "json")
    assert str(Calendar.from_ical(to_ical(loaded, stamp=STAMP)).walk("VEVENT")[0]["SUMMARY"]) == "C:\\Nagpur"


def test_control_character_rules_for_one_line_and_multi_line_text() -> None:
    """Tab is text; LF is refused in one line and kept in several; DEL is refused in both."""
    assert [text_problem("a\tb"), text_problem("a\nb", multiline=True), text_problem("a\x7f", multiline=True)] == [
        None,
        None,
        "contains a control character (U+007F DELETE) at character 2",
    ]


def test_control_character_quoted_in_an_error_is_escaped() -> None:
    """An unknown key holding ESC is printed as \\x1b in the error, never raw."""
    data = json.loads(seed_with())
    data["event"]["\x1b[31m"] = 1
    with pytest.raises(LoadError) as caught:
        loads(json.dumps(data), "json")
    assert ("\x1b" in str(caught.value), "\\x1b[31m" in str(caught.value)) == (False, True)


def test_control_character_helpers_replace_what_the_model_never_lets_through() -> None:
    """ical_text and escaped handle controls and surrogates the model refuses."""
    assert (
        ical_text("a\r\nb\u2028c\x00\udcff"),
        escaped("a\x00\u2028\udcff"),
    ) == ("a\nb\nc\ufffd\ufffd", "a\\x00\\u2028\\udcff")


# ---------------------------------------------------------------------------------------------
# 4. Negative and zero durations


def negative() -> agenda.Agenda:
    return loads(SEED_TEXT.replace('duration = "5m"', 'duration = "-5m"', 1))


def test_negative_duration_loads_and_check_reports_it() -> None:
    """A negative duration loads, as documented, and `agenda check` reports AG601."""
    assert "AG601" in {finding.code for finding in agenda.check(negative()).findings}


@pytest.mark.parametrize("split", ["event", "parts", "items"])
def test_negative_duration_export_is_an_export_error(split: str) -> None:
    """Every split refuses it with an ExportError naming the item, not a raw ValueError."""
    with pytest.raises(
        ExportError, match=r"parts\[0\]\.items\[0\] \('Opening remarks'\) would end 5m before it starts"
    ):
        plan_events(negative(), split=split)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", ["ics", "invite"])
def test_negative_duration_commands_exit_2(cli: Cli, tmp_path: Path, command: str) -> None:
    """`agenda ics --split items` and `agenda invite` exit 2 naming AG601, without a traceback."""
    path = write(tmp_path, SEED_TEXT.replace('duration = "5m"', 'duration = "-5m"', 1), "a.toml")
    extra = ["--split", "items"] if command == "ics" else ["--out", str(tmp_path / "out")]
    code, _, err = cli(command, str(path), *extra)
    assert (code, "AG601" in err) == (2, True)


def test_zero_duration_exports_as_an_instant() -> None:
    """A zero duration exports, DTEND equal to DTSTART."""
    loaded = loads(SEED_TEXT.replace('duration = "5m"', 'duration = "0m"', 1))
    first = plan_events(loaded, split="items")[0]
    assert first.start == first.end


# ---------------------------------------------------------------------------------------------
# 5. Unbounded reads


@linux_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_unbounded_read_of_a_link_to_a_device_is_refused(tmp_path: Path, device: str) -> None:
    """z.toml linked to /dev/zero or /dev/urandom is refused at once as not a regular file."""
    (tmp_path / "z.toml").symlink_to(device)
    with pytest.raises(LoadError, match=r"z\.toml: not a regular file \(a character device\)"):
        agenda.load(tmp_path / "z.toml")


@linux_only
def test_unbounded_read_of_a_fifo_is_refused_without_blocking(cli: Cli, tmp_path: Path) -> None:
    """A FIFO with no writer is refused (exit 2) instead of waiting for one."""
    os.mkfifo(tmp_path / "f.toml")
    code, out, _ = cli("check", str(tmp_path / "f.toml"))
    assert (code, "not a regular file (a named pipe (FIFO))" in out) == (2, True)


def test_unbounded_read_stops_at_the_limit(tmp_path: Path) -> None:
    """Reading stops one byte past the limit, whatever the size."""
    path = write(tmp_path, "x" * 101, "big.toml")
    with pytest.raises(LoadError, match=r"file too large \(more than 100 bytes"):
        read_limited(path, limit=100)


@linux_only
def test_unbounded_read_of_an_attendee_list_is_refused(cli: Cli, tmp_path: Path) -> None:
    """--attendees linked to /dev/zero exits 2 naming the list."""
    (tmp_path / "guests.csv").symlink_to("/dev/zero")
    code, _, err = cli("invite", str(SEED), "--attendees", str(tmp_path / "guests.csv"), "--out", str(tmp_path / "o"))
    assert (code, "not a regular file" in err, "attendee list" in err) == (2, True, True)


@linux_only
def test_unbounded_read_allows_standard_input() -> None:
    """The process's own standard input, a pipe, is read (with the same bound)."""
    program = (
        "import sys; from agenda._formats.files import read_limited\n"
        "sys.stdout.write(read_limited('/dev/stdin').decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], input=b"piped", capture_output=True, check=False, timeout=60, env=_env()
    )
    assert (result.returncode, result.stdout) == (0, b"piped")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


# ---------------------------------------------------------------------------------------------
# 6. -o onto special files, and temporary files


@linux_only
def test_output_onto_a_fifo_is_refused(cli: Cli, tmp_path: Path) -> None:
    """`ics -o FIFO` exits 2 and the FIFO stays a FIFO."""
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)
    code, _, err = cli("ics", str(SEED), "-o", str(fifo))
    assert (code, "refusing to replace it" in err, stat.S_ISFIFO(os.lstat(fifo).st_mode)) == (2, True, True)


@linux_only
def test_output_onto_a_link_to_a_device_is_refused(cli: Cli, tmp_path: Path) -> None:
    """`-o` naming a link to /dev/null exits 2 and the link stays."""
    link = tmp_path / "null.ics"
    link.symlink_to("/dev/null")
    code, _, err = cli("ics", str(SEED), "-o", str(link))
    assert (code, "a character device" in err, link.is_symlink()) == (2, True, True)


@linux_only
def test_output_write_atomic_refuses_a_fifo(tmp_path: Path) -> None:
    """write_atomic raises OutputError for a FIFO, from the Python API."""
    os.mkfifo(tmp_path / "f")
    with pytest.raises(OutputError, match="is a named pipe"):
        write_atomic(tmp_path / "f", b"x")


@pytest.mark.parametrize("unnamed", [True, False], ids=["O_TMPFILE", "named"])
def test_output_failed_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    """An error at the rename leaves the old file and no temporary file."""
    target = tmp_path / "out.ics"
    target.write_bytes(b"old")
    if not unnamed:
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)

    def fail(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert (target.read_bytes(), sorted(p.name for p in tmp_path.iterdir())) == (b"old", ["out.ics"])


@linux_only
def test_output_unnamed_file_that_cannot_be_named_is_copied_not_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the O_TMPFILE file cannot be linked (EXDEV from a /proc of another namespace), its
    bytes are copied to a named temporary: the writer runs once, and only the output is left."""
    target = tmp_path / "out.json"
    calls: list[int] = []

    def writer(stream: IO[bytes]) -> None:
        calls.append(1)
        stream.write(b"x" * 100_000 + b"end")

    def no_link(*args: Any, **kwargs: Any) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    write_atomic(target, writer)
    assert (len(calls), target.read_bytes()[-4:], len(target.read_bytes()), [p.name for p in tmp_path.iterdir()]) == (
        1,
        b"xend",
        100_003,
        ["out.json"],
    )


@linux_only
def test_output_stale_temporary_of_a_dead_process_is_removed(tmp_path: Path) -> None:
    """The next write removes a temporary file left by a killed process, not one of a live one."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    dead = int(finished.stdout)
    (tmp_path / f".out.ics.{dead}.abcd1234.tmp").write_bytes(b"x" * 1000)
    (tmp_path / f".out.ics.{os.getppid()}.abcd1234.tmp").write_bytes(b"live")
    write_atomic(tmp_path / "out.ics", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".out.ics.{os.getppid()}.abcd1234.tmp", "out.ics"]


CHILD = textwrap.dedent(
    """
    import os, sys, time
    from agenda._formats import atomic
    from agenda.cli import _signals_as_exceptions
    if sys.argv[2] == "named":
        del os.O_TMPFILE
    def slow(fd):
        print("writing", flush=True)
        time.sleep(60)
    os.fsync = slow
    with _signals_as_exceptions():
        atomic.write_atomic(sys.argv[1], b"x" * 1_000_000)
    """
)


@linux_only
@pytest.mark.parametrize("how", ["O_TMPFILE", "named"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_output_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, how: str, sig: int) -> None:
    """A write killed in its window keeps the old file; SIGTERM removes its temporary file at
    once, and after SIGKILL the next write does."""
    target = tmp_path / "out.ics"
    target.write_bytes(b"old")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target), how], stdout=subprocess.PIPE, env=_env(), cwd=tmp_path
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"writing\n"
    child.send_signal(sig)
    code = child.wait(timeout=60)
    child.stdout.close()
    left_now = [p.name for p in tmp_path.iterdir() if p.name != "out.ics"]
    old = target.read_bytes()
    write_atomic(target, b"new")
    after = sorted(p.name for p in tmp_path.iterdir())
    # SIGTERM exits 128 + 15 through the handler; SIGKILL leaves a named temporary file behind.
    left = 1 if (sig, how) == (signal.SIGKILL, "named") else 0
    killed = 143 if sig == signal.SIGTERM else -9
    assert (code, old, len(left_now), after) == (killed, b"old", left, ["out.ics"])


# ---------------------------------------------------------------------------------------------
# 7. YAML: merge keys and tags

YAML_SEED = (ROOT / "examples" / "india-russia-webinar.yaml").read_text("utf-8")


def test_yaml_merge_key_explicit_key_wins() -> None:
    """`<<: {title: Base}` then `title: Override` loads, the explicit key winning (YAML 1.1)."""
    text = YAML_SEED.replace("event:\n", "base: &base {title: Base, language: hi}\nevent:\n  <<: *base\n", 1)
    data, _ = parse(text, "yaml")
    assert (data["event"]["title"], data["event"]["language"]) == (SEED_JSON["event"]["title"], "en")


def test_yaml_merge_key_list_earlier_mappings_win() -> None:
    """In `<<: [*a, *b]` the earlier mapping wins; keys only in later ones come through."""
    data, _ = parse("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n", "yaml")
    assert data["c"] == {"x": 1, "y": 2}


def test_yaml_merge_key_fills_fields_of_an_agenda() -> None:
    """A merged platform loads as if written out."""
    text = YAML_SEED.replace("  platform:\n", "  platform:\n    <<: {name: Merged}\n", 1)
    text = text.replace("    name: Cisco Webex\n", "", 1)
    assert loads(text, "yaml").event.platform.name == "Merged"  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["5", "text", "[1, 2]", "[{a: 1}, 3]"])
def test_yaml_merge_key_of_a_non_mapping_is_refused(value: str) -> None:
    """`<<: 5` and friends are a located error, never ignored."""
    with pytest.raises(LoadError, match=r"<string>:2: the merge key '<<' takes a mapping or a list of mappings"):
        loads(f"event:\n  <<: {value}\n  title: O\n", "yaml")


@pytest.mark.parametrize(
    ("tagged", "shown"),
    [
        ("!!python/name:os.system x", "!!python/name:os.system"),
        ("!!python/object/apply:os.system ['true']", "!!python/object/apply:os.system"),
        ("!custom x", "!custom"),
        ("!!set {a, b}", "!!set"),
        ("!!omap [{a: 1}]", "!!omap"),
    ],
)
def test_yaml_unknown_tag_is_refused(tagged: str, shown: str) -> None:
    """A tag the agenda format does not know is refused with its line, not dropped."""
    with pytest.raises(LoadError, match=rf"<string>:2: unsupported YAML tag '{shown}'"):
        loads(f"event:\n  title: {tagged}\n", "yaml")


# ---------------------------------------------------------------------------------------------
# 8. Non-ASCII and encoded-word mailboxes


@pytest.mark.parametrize("address", ["ä@b.org", "olga@bücher.example"])
def test_non_ascii_mailbox_is_refused_by_the_model(address: str) -> None:
    """An internationalised address is refused with the reason (no SMTPUTF8)."""
    with pytest.raises(InvalidValueError, match="non-ASCII characters: internationalised addresses need SMTPUTF8"):
        Speaker(id="s", name="S", email=address)


def test_non_ascii_mailbox_in_an_attendee_list_is_refused() -> None:
    """A CSV row with ä@b.org is a problem with its line."""
    with pytest.raises(LoadError, match=r"guests:2: email: 'ä@b.org' is not an e-mail address: it has non-ASCII"):
        parse_attendees("name,email\nA,ä@b.org\n", file="guests")


def test_non_ascii_mailbox_as_an_attendee_option_exits_2(cli: Cli) -> None:
    """--attendee 'Ä <ä@b.org>' exits 2 with the reason."""
    code, _, err = cli("ics", str(SEED), "--attendee", "Ä <ä@b.org>")
    assert (code, "non-ASCII" in err) == (2, True)


def test_non_ascii_mailbox_encoded_word_local_part_is_refused() -> None:
    """A local part that is an encoded-word (which decodes to a Bcc header) is refused."""
    assert "contains '=?'" in (mailbox_problem("=?utf-8?q?=0D=0ABcc=3A_x=40y?=@evil.example") or "")


# ---------------------------------------------------------------------------------------------
# 9. Pathological sizes


def test_pathological_size_title_over_the_limit_is_refused() -> None:
    """A title of MAX_LINE + 1 characters is a located error naming the limit."""
    with pytest.raises(LoadError, match=rf"event\.title: 'title' is too long: 501 characters, the limit is {MAX_LINE}"):
        loads(seed_with(title="Ж" * (MAX_LINE + 1)), "json")


def test_pathological_size_description_over_the_limit_is_refused() -> None:
    """A description of MAX_TEXT + 1 characters is refused; one of MAX_TEXT loads."""
    loads(seed_with(description="Ж" * MAX_TEXT), "json")
    with pytest.raises(LoadError, match="'description' is too long: 20,001 characters"):
        loads(seed_with(description="Ж" * (MAX_TEXT + 1)), "json")


def test_pathological_size_title_at_the_limit_makes_clean_invitations() -> None:
    """A title at the limit, non-ASCII, still gives invitations with only the headers built."""
    message = parsed(first_invitation(loads(seed_with(title="Сотрудничество " * (MAX_LINE // 15)), "json")))
    assert list(message.keys()) == HEADERS


def test_pathological_size_long_subject_folds_to_short_lines_and_reads_back() -> None:
    """A Subject of 500 Cyrillic characters: encoded-words on lines of at most 78, read back exactly."""
    message = EmailMessage()
    subject = "Сотрудничество " * 33 + "end"
    put_header(message, "Subject", subject)
    data = message.as_bytes(policy=email.policy.SMTP)
    assert (max(map(len, data.split(b"\r\n"))) <= 78, str(parsed(data)["Subject"])) == (True, subject)


def test_pathological_size_long_display_name_reads_back_as_rfc_2047_says() -> None:
    """A name at the limit in To: decoded as RFC 2047 6.2 says (space between encoded-words ignored), it is the name."""
    message = EmailMessage()
    name = "Министерство экономического развития " * 5
    put_address(message, "To", name, "olga@example.org")
    data = message.as_bytes(policy=email.policy.SMTP)
    raw = data.split(b"\r\n\r\n")[0].decode("ascii").removeprefix("To: ").replace("\r\n ", " ")
    display, address = raw.rsplit(" ", 1)
    decoded = str(make_header(decode_header(display)))
    assert (max(map(len, data.split(b"\r\n"))) <= 78, decoded, address) == (
        True,
        " ".join(name.split()),
        "<olga@example.org>",
    )


def test_mail_header_injection_through_an_address_built_in_code_is_refused() -> None:
    """An address with a line break, built past the model, is refused instead of written."""
    with pytest.raises(InvalidValueError, match="not a plain e-mail address"):
        put_address(EmailMessage(), "To", "Guest", "g@example.org\r\nBcc: x@evil.example")


def test_yaml_merge_key_problem_is_located_where_the_merged_value_is() -> None:
    """A bad value that comes in through a merge key is reported at its own line."""
    text = YAML_SEED.replace("event:\n", 'x-platform: &platform\n  name: "Bad\\u0000"\nevent:\n', 1)
    text = text.replace("  platform:\n    name: Cisco Webex\n", "  platform:\n    <<: *platform\n", 1)
    with pytest.raises(LoadError) as caught:
        loads(text, "yaml")
    problems = [p for p in caught.value.problems if p.path == "event.platform.name"]
    line = text.splitlines().index('  name: "Bad\\u0000"') + 1
    assert [line] == [p.line for p in problems]
