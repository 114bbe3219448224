"""Hostile input through the whole library: mutated example agendas, in every format, through
`agenda.loads` and every command, under the error contract.

The contract: the Python API raises only `AgendaError`; the command line exits 0 or 1, or 2 with
a message naming the file (a line where the format gives one), never with a traceback; every
output parses back with no header, property or line that was not meant, and no raw control
character.

The size comes from the environment: by default (``AGENDA_FUZZ=short``) that of the run's
Hypothesis profile (``HYPOTHESIS_PROFILE``: 25 cases per test for ``dev``, 50 for ``ci``);
``AGENDA_FUZZ=long`` runs ``AGENDA_FUZZ_EXAMPLES`` cases per test (20,000 unless set). Run a
long one with ``--hypothesis-show-statistics`` to see the counts, and ``AGENDA_FUZZ_LOG=FILE``
to have each case's outcome appended to FILE as it runs.
"""

from __future__ import annotations

import contextlib
import email.policy
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from email.header import decode_header
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

import agenda
from agenda import AgendaError, build_timeline, check, dumps, loads
from agenda._formats.text import default_zones, render_table
from agenda._text import ical_text
from agenda.cli import main
from agenda.ical import plan_events, write_calendar
from agenda.invite import invitations

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {
    fmt: (ROOT / "examples" / f"india-russia-webinar.{fmt}").read_text("utf-8") for fmt in ("toml", "yaml", "json")
}
EXAMPLE_DATA = json.loads(EXAMPLES["json"])
STAMP = datetime(2021, 2, 1, 9, tzinfo=UTC)

# Mutated agendas are large and often filtered: no health check about that.
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
if os.environ.get("AGENDA_FUZZ") == "long":
    FUZZ = settings(
        max_examples=int(os.environ.get("AGENDA_FUZZ_EXAMPLES", "20000")),
        deadline=None,
        suppress_health_check=_SUPPRESS,
    )
else:  # the sizes of the run's Hypothesis profile (tests/conftest.py)
    FUZZ = settings(suppress_health_check=_SUPPRESS)
# With AGENDA_FUZZ_LOG set, each case appends "test outcome" to that file: a long run can be
# counted even if it is stopped before Hypothesis prints its statistics.
_LOG = os.environ.get("AGENDA_FUZZ_LOG")


def outcome(label: str) -> None:
    """Record what became of a case (Hypothesis statistics, and the log if asked for)."""
    event(label)
    if _LOG:
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").split("::")[-1].split(" ")[0]
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{test} {label}\n")


# ---------------------------------------------------------------------------------------------
# What an attacker (or a careless editor) puts in a file

SPECIAL = (
    "\x00\x01\x07\t\n\x0b\x0c\r\x1b\x1c\x1d\x1e\x1f\x7f\x80\x85\x9f\xa0\u00ad\u200b\u200e\u202e"
    "\u2028\u2029\ufeff\ufffd\ufffe\uffff\ud800\udbff\udc00\udfff\U0010ffff\U0001f642"
    "^\"'\\;,:=?<>@[]{}#&*!|%\u0416\u0928"
)
ATTACKS = (
    "=?utf-8?q?=0D=0AReply-To:_attacker@evil.example?=",
    "=?utf-8?b?DQpCY2M6IHZpY3RpbUBldmlsLmV4YW1wbGU=?=",
    "x =?UTF-8?Q?=0A?= y",
    "Talk\r\nATTENDEE:mailto:evil@example.org",
    "Talk\nEND:VEVENT\nBEGIN:VEVENT",
    'a";X-EVIL=1:mailto:x@y',
    "^n^^^'",
    "\\N\\n\\,\\;",
    "ä@b.org",
    "=?utf-8?q?=0D=0ABcc:_x@y?=@evil.example",
    "a@b\r\n.org",
    "-5m",
    "0m",
    "-PT1H",
    "99999999d",
    "2021-02-30T10:00",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2021-03-28T02:30 Europe/Berlin",
    "2021-10-31T02:30 Europe/Berlin",
    "Mars/Phobos",
    "../../etc/passwd",
    "EST",
    "FREQ=SECONDLY;COUNT=100000000",
    "FREQ=WEEKLY;UNTIL=20210310",
    "FREQ=DAILY\r\nX-EVIL:1",
    "23:59-00:00",
    "24:00-09:00",
    "ALL",
)
_hostile_text = st.one_of(
    st.text(st.sampled_from(SPECIAL) | st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(ATTACKS),
    st.builds(
        lambda unit, count: unit * count,
        st.sampled_from(["Ж", "a ", "=?", "\\", "^", "\u2028"]),
        st.integers(1, 30_000),
    ),
)
# Text the model accepts that is still hard to carry: quotes, escapes of every output format,
# encoded-words, invisible and non-BMP characters (and, in a description, line separators).
TRICKY = "^\"'\\;,:=?<>@[]{}#&*!|%$`~\t \xa0\u00ad\u200b\u200e\u202e\ufeff\ufffd\ufffe\uffff\U0010ffff\U0001f642ЖनNn"
_tricky_text = st.one_of(
    st.text(st.sampled_from(TRICKY), min_size=1, max_size=30),
    st.sampled_from([a for a in ATTACKS if a.isprintable()]),
    st.builds(lambda unit, count: unit * count, st.sampled_from(["Ж", "a ", "=?", "\\", "^"]), st.integers(1, 600)),
)
_scalar = st.one_of(
    _hostile_text,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
_hostile_value = st.recursive(
    _scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_hostile_text, inner, max_size=3), max_leaves=6
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


PATHS = [path for path in _paths(EXAMPLE_DATA) if path]


def _copy(data: Any) -> Any:
    return json.loads(json.dumps(data))


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """The example's plain data with one to three of its values replaced, removed, doubled, or
    given a neighbour key that does not exist."""
    data = _copy(EXAMPLE_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            last = path[-1]
            parent[last]  # the path may be gone after an earlier mutation
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "double", "unknown"]))
        if action == "replace" and isinstance(parent[last], str) and draw(st.booleans()):
            parent[last] = draw(_tricky_text)
        elif action == "replace":
            parent[last] = draw(_hostile_value)
        elif action == "delete":
            del parent[last]
        elif action == "double" and isinstance(parent, list):
            parent.insert(last, _copy(parent[last]))
        elif action == "unknown" and isinstance(parent, dict):
            parent[draw(_hostile_text)] = draw(_hostile_value)
    return data


def _serialise(data: Any, fmt: str, ascii_only: bool) -> tuple[str, str]:
    """`data` as file text and its format; what a format cannot hold (TOML has no null) is
    written as JSON."""
    if fmt == "toml":
        with contextlib.suppress(TypeError, ValueError):
            return tomli_w.dumps(data), fmt
    if fmt == "yaml":
        with contextlib.suppress(yaml.YAMLError, UnicodeError, ValueError):
            text: str = yaml.dump(data, Dumper=yaml.SafeDumper, allow_unicode=not ascii_only, sort_keys=False)
            return text, fmt
    return json.dumps(data, ensure_ascii=ascii_only, indent=1), "json"


SNIPPETS = (
    b"<<: *a\n",
    b"&a ",
    b"*a",
    b"!!python/object/apply:os.system ['true']",
    b"!!python/name:os.system ",
    b"!!binary aGVsbG8=",
    b"!!set {a, b}",
    b"!custom x",
    b"<<: 5\n",
    b"---\n",
    b"? [a, b]\n: c\n",
    b"[[parts]]\n",
    b'title = "dup"\n',
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"\\ud800",
    b"\\u0000",
    b"\\u2028",
    b'"\\x1b[31m"',
    b"1" * 5000,
    b"[" * 200,
    b"{" * 200,
    b"\r",
    b"\n" * 3,
    b"\t",
)


@st.composite
def mutated_bytes(draw: st.DrawFn) -> tuple[bytes, str]:
    """An example file with bytes inserted, removed or replaced, in its own format."""
    fmt = draw(st.sampled_from(("toml", "yaml", "json")))
    data = bytearray(EXAMPLES[fmt].encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "insert", "delete", "replace", "truncate"]))
        if action == "insert":
            data[position:position] = draw(st.sampled_from(SNIPPETS) | st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        elif action == "replace" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        elif action == "truncate":
            del data[position:]
    return bytes(data), fmt


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """Either a structure-aware mutation written out in some format, or a byte-level one."""
    if draw(st.booleans()):
        text, fmt = _serialise(
            draw(mutated_data()), draw(st.sampled_from(("toml", "yaml", "json"))), draw(st.booleans())
        )
        return text.encode("utf-8", "surrogatepass"), fmt
    return draw(mutated_bytes())


# ---------------------------------------------------------------------------------------------
# What every output must be

# Raw in an output: C0 controls but TAB, LF and CR, DEL, C1, line separators, surrogates.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
PROPERTIES = frozenset(
    [
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "METHOD",
        "NAME",
        "X-WR-CALNAME",
        "SUMMARY",
        "DTSTART",
        "DTEND",
        "DTSTAMP",
        "UID",
        "SEQUENCE",
        "RRULE",
        "ATTENDEE",
        "COLOR",
        "CONFERENCE",
        "DESCRIPTION",
        "LOCATION",
        "ORGANIZER",
        "RELATED-TO",
        "STATUS",
        "URL",
        "ACTION",
        "TRIGGER",
        "TZID",
        "TZNAME",
        "TZOFFSETFROM",
        "TZOFFSETTO",
        "RDATE",
        "X-LIC-LOCATION",
        "LAST-MODIFIED",
        "TZURL",
        "COMMENT",
    ]
)
HEADERS = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]


def assert_clean_text(text: str, allowed: str = "\n") -> None:
    """No raw control character, line separator or surrogate in `text` (but those `allowed`)."""
    found = [c for c in _RAW_CONTROL.findall(text) if c not in allowed]
    assert not found, f"raw control characters {found!r} in output"


def assert_calendar(data: bytes, events: Any = None, method: str = "publish") -> None:
    """The bytes are RFC 5545 lines (CRLF, no raw control), only known properties, balanced
    components; icalendar reads every event with its summary and every attendee."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert not {"\r", "\n"} & set(line)
        assert_clean_text(line, allowed="\t")
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    depth = 0
    for line in logical:
        name = re.split("[;:]", line, maxsplit=1)[0]
        assert name in PROPERTIES, f"unexpected property {name!r}"
        depth += (name == "BEGIN") - (name == "END")
        assert depth >= 0
    assert depth == 0
    calendar = Calendar.from_ical(data)
    assert not calendar.errors
    parsed = calendar.walk("VEVENT")
    for component in calendar.walk():
        assert not component.errors, component.errors
    if events is not None:
        assert len(parsed) == len(events)
        for read, event in zip(parsed, events, strict=True):
            assert str(read["SUMMARY"]) == ical_text(event.summary)
            if method != "publish":
                attendees = read.get("ATTENDEE", [])
                attendees = attendees if isinstance(attendees, list) else [attendees]
                assert len(attendees) == len(event.attendees)
                assert [str(a.params["CN"]) for a in attendees] == [ical_text(a.name) for a in event.attendees]


def assert_message(data: bytes) -> None:
    """An invitation's bytes: exactly the headers built, none carrying or decoding to a line
    break, no raw control character; its calendar part is a clean calendar."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    for line in head.split("\r\n"):
        assert line[:1].isspace() or line.split(":", 1)[0] in HEADERS, f"unexpected header line {line!r}"
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert list(message.keys()) == HEADERS
    for name in HEADERS:
        raw = message.get_all(name)
        assert len(raw or ()) == 1
        value = str(message[name])
        assert not {"\r", "\n"} & set(value)
        assert_clean_text(value, allowed="")
    unfolded = re.sub(r"\r\n[ \t]", " ", head)
    for line in unfolded.split("\r\n"):
        for chunk, charset in decode_header(line.split(":", 1)[1]):
            decoded = chunk.decode(charset or "ascii", "replace") if isinstance(chunk, bytes) else chunk
            assert not {"\r", "\n"} & set(decoded), f"an encoded-word decodes to a line break: {line!r}"
    calendars = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    assert_calendar(calendars[0].get_payload(decode=True), method="request")
    for part in message.walk():
        if part.get_content_maintype() == "text" and part.get_content_subtype() != "calendar":
            assert_clean_text(part.get_content(), allowed="\n\t")


def assert_outputs(loaded: agenda.Agenda) -> None:
    """Every output of a loaded agenda, through the Python API, under the contract."""
    for fmt in ("toml", "yaml", "json"):
        text = dumps(loaded, fmt)
        assert_clean_text(text, allowed="\n\t")
        assert loads(text, fmt) == loaded
    try:
        timeline = build_timeline(loaded)
    except AgendaError:
        return
    report = check(loaded)
    for finding in report.findings:
        assert_clean_text(finding.message, allowed="")
    assert_clean_text(render_table(loaded, timeline, default_zones(loaded)), allowed="\n")
    for split in ("event", "parts", "items"):
        try:
            events = plan_events(loaded, split=split)
        except AgendaError:
            continue
        assert_calendar(write_calendar(events, stamp=STAMP, name=loaded.event.title), events)
        if loaded.event.organizer is not None:
            for event in events[:3]:
                if event.attendees:
                    data = write_calendar([event], method="request", stamp=STAMP, organizer=loaded.event.organizer)
                    assert_calendar(data, [event], method="request")
    if loaded.event.organizer is not None:
        with contextlib.suppress(AgendaError):
            for count, invitation in enumerate(invitations(loaded, stamp=STAMP)):
                assert_message(invitation.message.as_bytes(policy=email.policy.SMTP))
                if count >= 2:
                    break


# ---------------------------------------------------------------------------------------------
# The Python API


@FUZZ
@given(mutated_data(), st.sampled_from(("toml", "yaml", "json")), st.booleans())
def test_loads_of_mutated_data_keeps_the_contract(data: Any, fmt: str, ascii_only: bool) -> None:
    """Mutated agendas, written in any format: `loads` raises only AgendaError, and what loads gives safe outputs."""
    text, fmt = _serialise(data, fmt, ascii_only)
    try:
        loaded = loads(text, fmt)
    except AgendaError as error:
        outcome("refused")
        assert_clean_text(str(error), allowed="\n")
        return
    outcome("loaded")
    assert_outputs(loaded)


@FUZZ
@given(mutated_bytes(), st.sampled_from(["strict", "surrogateescape", "latin-1"]))
def test_loads_of_mutated_text_keeps_the_contract(mutated: tuple[bytes, str], decoding: str) -> None:
    """Examples with junk bytes, YAML specials and surrogates: `loads` raises only AgendaError."""
    raw, fmt = mutated
    if decoding == "latin-1":
        text = raw.decode("latin-1")
    else:
        try:
            text = raw.decode("utf-8", decoding)
        except UnicodeDecodeError:
            assume(False)
    try:
        loaded = loads(text, fmt)
    except AgendaError as error:
        outcome("refused")
        assert_clean_text(str(error), allowed="\n")
        return
    outcome("loaded")
    assert_outputs(loaded)


# ---------------------------------------------------------------------------------------------
# The command line, in process


def run_cli(*args: str) -> tuple[int, bytes, str]:
    """`agenda ARGS` in this process, with a standard output that refuses what UTF-8 cannot
    encode, as a real one does: (exit code, stdout bytes, stderr)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    out.flush()
    err.flush()
    return code, out.buffer.getvalue(), err.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]


def assert_refusal(code: int, err: str, file: str, allowed: tuple[int, ...]) -> None:
    """Exit code in `allowed`; exit 2 says why, naming the file for a problem of the file."""
    assert code in allowed, (code, err)
    assert "Traceback" not in err
    if code == 2:
        assert err.strip(), "exit 2 without a message"
        lines = err.strip().splitlines()
        assert all(line.startswith((file, "agenda:", "  ")) for line in lines), err
    assert_clean_text(err, allowed="\n")


@FUZZ
@given(mutated_files())
def test_every_command_keeps_the_contract_on_mutated_files(mutated: tuple[bytes, str]) -> None:
    """check, show, ics, invite and diff on a mutated file: exit 0, 1 or 2 with a located message, safe outputs."""
    raw, fmt = mutated
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, f"agenda.{fmt}")
        Path(path).write_bytes(raw)
        code, out, err = run_cli("check", path)
        assert_refusal(code, err, path, (0, 1, 2))
        assert_clean_text(out.decode("utf-8"), allowed="\n")  # the report, load problems (AG001) included
        loadable = code != 2
        outcome("loaded" if loadable else "refused")
        code, out, err = run_cli("show", path)
        assert_refusal(code, err, path, (0, 2))
        if code == 0:
            assert_clean_text(out.decode("utf-8"), allowed="\n")
        for split in ("event", "items"):
            code, out, err = run_cli("ics", path, "--split", split, "--stamp", "2021-02-01T09:00Z")
            assert_refusal(code, err, path, (0, 2))
            if code == 0:
                assert_calendar(out)
        out_dir = os.path.join(directory, "out")
        code, out, err = run_cli("invite", path, "--out", out_dir, "--stamp", "2021-02-01T09:00Z")
        assert_refusal(code, err, path, (0, 2))
        if code == 0:
            for message in sorted(Path(out_dir).glob("*.eml"))[:3]:
                assert_message(message.read_bytes())
        # The lifecycle against the example as the version sent before: updates and cancellations.
        # Its revision is 0, so a changed file is refused unless its revision went up: both are fine.
        seed = str(ROOT / "examples" / "india-russia-webinar.toml")
        update_dir = os.path.join(directory, "update")
        code, out, err = run_cli(
            "invite", path, "--previous", seed, "--out", update_dir, "--stamp", "2021-02-01T09:00Z"
        )
        assert_refusal(code, err, path, (0, 2))
        if code == 0 and os.path.isdir(update_dir):
            for message in sorted(Path(update_dir).glob("*.eml"))[:3]:
                assert_message(message.read_bytes())
        code, out, err = run_cli("diff", str(ROOT / "examples" / "india-russia-webinar.toml"), path)
        assert_refusal(code, err, path, (0, 1, 2))
        assert_clean_text(out.decode("utf-8"), allowed="\n")
        written = (directory, out_dir, update_dir)
        left = [n for d in written if os.path.isdir(d) for n in os.listdir(d) if n.endswith(".tmp")]
        assert not left, left
        if not loadable:
            assert code == 2


_ARGUMENT = st.one_of(
    st.sampled_from(ATTACKS), st.text(st.sampled_from(SPECIAL), min_size=1, max_size=8), st.text(max_size=10)
)


@FUZZ
@given(
    st.sampled_from(
        [
            ("ics", "--attendee"),
            ("ics", "--speaker"),
            ("ics", "--stamp"),
            ("ics", "--alarm"),
            ("ics", "--split"),
            ("show", "--tz"),
            ("check", "--select"),
            ("check", "--ignore"),
            ("check", "--format"),
            ("invite", "--speaker"),
            ("invite", "--smtp"),
        ]
    ),
    _ARGUMENT,
)
def test_hostile_option_values_exit_cleanly(option: tuple[str, str], value: str) -> None:
    """Any text, surrogates and control characters included, as an option's value: no traceback."""
    command, flag = option
    seed = str(ROOT / "examples" / "india-russia-webinar.toml")
    with tempfile.TemporaryDirectory() as directory:
        extra = ["--out", os.path.join(directory, "out"), "--stamp", "2021-02-01T09:00Z"] if command == "invite" else []
        if flag == "--smtp":
            # A port of any text on the loopback (a host name would mean a DNS lookup).
            value = f"127.0.0.1:{value}"
        code, _, err = run_cli(command, seed, f"{flag}={value}", *extra)
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err
    outcome(f"exit {code}")


# ---------------------------------------------------------------------------------------------
# A few through a real process: the traceback check where the interpreter prints it


def _agenda(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", "agenda", *args], capture_output=True, env=env, cwd=cwd, timeout=120, check=False
    )


@pytest.mark.skipif(sys.platform != "linux", reason="arguments and file names of any bytes")
@pytest.mark.parametrize(
    "arguments",
    [
        [b"ics", b"SEED", b"--attendee", b"\xff@x.org"],
        [b"ics", b"SEED", b"--attendee", b"N\xff <n@x.org>"],
        [b"ics", b"SEED", b"--speaker", b"\xff"],
        [b"show", b"SEED", b"--tz", b"\xff/\xfe"],
        [b"invite", b"SEED", b"--out", b"OUT", b"--smtp", b"\xff:9"],
        [b"check", b"SEED", b"--select", b"\xff"],
        [b"show", b"\xff.toml"],
    ],
)
def test_undecodable_arguments_never_end_in_a_traceback(arguments: list[bytes], tmp_path: Path) -> None:
    """Command-line bytes that are not UTF-8, in a real process: exit 0, 1 or 2, never a traceback."""
    seed = os.fsencode(ROOT / "examples" / "india-russia-webinar.toml")
    args = [seed if a == b"SEED" else os.fsencode(tmp_path / "out") if a == b"OUT" else a for a in arguments]
    result = _agenda(*args, cwd=tmp_path)
    assert (result.returncode in (0, 1, 2), b"Traceback" in result.stderr) == (True, False), result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="a FIFO and /dev/zero")
def test_special_files_never_end_in_a_traceback(tmp_path: Path) -> None:
    """A link to /dev/zero and a FIFO as the agenda, in a real process: exit 2 at once, with a message."""
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.toml")
    results = [_agenda("check", str(tmp_path / name)) for name in ("zero.toml", "fifo.toml")]
    seen = [(r.returncode, b"not a regular file" in r.stdout + r.stderr, b"Traceback" in r.stderr) for r in results]
    assert seen == [
        (2, True, False),
        (2, True, False),
    ]
