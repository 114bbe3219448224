"""Bad input on the command line: an exit code and a message saying why, never a traceback."""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import agenda
from agenda.cli._common import parse_stamp, report_problems
from agenda.exceptions import Problem

Cli = Callable[..., tuple[int, str, str]]
CASES = Path(__file__).parent / "check_cases"
CLEAN = (CASES / "clean.toml").read_text(encoding="utf-8")
MOSCOW = ZoneInfo("Europe/Moscow")


def refused(result: tuple[int, str, str], message: str) -> bool:
    """Exit 2, the message on stderr, and no traceback."""
    code, _, err = result
    return code == 2 and message in err and "Traceback" not in err


def with_check_section(body: str) -> tuple[str, int]:
    """The clean agenda with a ``[check]`` section; and the line of its first key."""
    text = CLEAN + "\n[check]\n" + body + "\n"
    return text, text.splitlines().index("[check]") + 2


def two_talks(second_speaker: str, *, idle: bool = False, revision: int = 0) -> agenda.Agenda:
    """An agenda of two talks, Olga's and `second_speaker`'s; with `idle`, Ivan is declared in any case."""
    people = {
        "olga": agenda.Speaker(id="olga", name="Olga Kulikova", zone=MOSCOW, email="olga@example.ru"),
        "ivan": agenda.Speaker(id="ivan", name="Ivan Petrov", zone=MOSCOW, email="ivan@example.ru"),
    }
    return agenda.Agenda(
        event=agenda.Event(
            id="talks",
            title="Talks",
            start=datetime(2021, 2, 10, 10, 0, tzinfo=MOSCOW),
            organizer=agenda.Organizer(name="BRICS Alliance", email="events@brics.example.org"),
            revision=revision,
        ),
        parts=(
            agenda.Item(title="Opening", duration=timedelta(minutes=10), speakers=("olga",)),
            agenda.Item(title="Keynote", duration=timedelta(minutes=20), speakers=(second_speaker,)),
        ),
        speakers=tuple(people.values()) if idle or second_speaker == "ivan" else (people["olga"],),
    )


# ---------------------------------------------------------------------------------------------
# --stamp: one parser for ics and invite


@pytest.mark.parametrize("command", ["ics", "invite"])
@pytest.mark.parametrize("stamp", ["0001-01-01T00:00+05:00", "9999-12-31T23:00-05:00", "1969-12-31T23:59:59Z"])
def test_stamp_out_of_range_exits_2(cli: Cli, seed_path: Path, tmp_path: Path, command: str, stamp: str) -> None:
    """A --stamp outside 1970-2200 is refused by ics and invite alike, without an OverflowError."""
    extra = ["--out", str(tmp_path / "out")] if command == "invite" else []
    result = cli(command, str(seed_path), "--stamp", stamp, *extra)
    assert (refused(result, "out of range"), (tmp_path / "out").exists()) == (True, False)


@pytest.mark.parametrize("command", ["ics", "invite"])
def test_stamp_without_zone_exits_2(cli: Cli, seed_path: Path, tmp_path: Path, command: str) -> None:
    """A --stamp without a zone gets the same message from ics and invite."""
    extra = ["--out", str(tmp_path / "out")] if command == "invite" else []
    result = cli(command, str(seed_path), "--stamp", "2021-02-01T09:00", *extra)
    assert refused(result, "has no zone: add Z or an offset")


def test_stamp_is_utc_in_whole_seconds() -> None:
    """--stamp becomes UTC, without fractions of a second."""
    expected = datetime(2021, 2, 1, 9, 0, tzinfo=UTC)
    actual = parse_stamp("2021-02-01T12:00:00.75+03:00")
    assert (expected, "UTC") == (actual, str(actual.tzinfo))


def test_stamp_range_ends_are_accepted() -> None:
    """The first second of 1970 and the last of 2200 (UTC) are valid stamps."""
    assert [parse_stamp(text).year for text in ("1970-01-01T00:00Z", "2200-12-31T23:59:59Z")] == [1970, 2200]


def test_stamp_just_after_2200_in_utc_is_refused() -> None:
    """The range is checked after the conversion to UTC."""
    with pytest.raises(argparse.ArgumentTypeError, match="out of range"):
        parse_stamp("2200-12-31T23:30-05:00")


def test_ics_stamp_with_offset_is_written_in_utc(cli: Cli, seed_path: Path) -> None:
    """ics writes an offset stamp as its UTC instant."""
    code, out, _ = cli("ics", str(seed_path), "--stamp", "2021-02-01T12:00:00.9+03:00")
    assert (code, "DTSTAMP:20210201T090000Z" in out) == (0, True)


def test_invite_stamp_with_offset_is_the_date_in_utc(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """invite's Date header is the stamp in UTC."""
    code, _, _ = cli("invite", str(seed_path), "--out", str(tmp_path / "out"), "--stamp", "2021-01-20T12:00+03:00")
    message = email.message_from_bytes(next((tmp_path / "out").glob("*.eml")).read_bytes(), policy=email.policy.default)
    assert (code, message["Date"]) == (0, "Wed, 20 Jan 2021 09:00:00 +0000")


# ---------------------------------------------------------------------------------------------
# Problems: one printer, the right plural, no "nothing was written" where nothing would be


def test_problem_summary_plural(capsys: pytest.CaptureFixture[str]) -> None:
    """One problem, two problems."""
    report_problems([Problem("a", "bad", line=1, file="f.toml")])
    report_problems([Problem("a", "bad", file="f.toml")] * 2, subject="in the list", not_done="nothing was sent")
    assert capsys.readouterr().err.splitlines() == [
        "f.toml:1: a: bad",
        "agenda: 1 problem",
        "f.toml: a: bad",
        "f.toml: a: bad",
        "agenda: 2 problems in the list; nothing was sent",
    ]


@pytest.mark.parametrize("command", ["show", "diff"])
def test_commands_that_write_nothing_do_not_say_so(cli: Cli, tmp_path: Path, command: str) -> None:
    """show and diff end their problems with a count only."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[event]\nid = "x"\n', encoding="utf-8")
    code, _, err = cli(command, *[str(bad)] * (2 if command == "diff" else 1))
    assert (code, err.splitlines()[-1].startswith("agenda: "), "nothing was written" in err) == (2, True, False)


def test_ics_says_nothing_was_written(cli: Cli, tmp_path: Path) -> None:
    """ics ends its problems with what it did not do."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[event]\nid = "x"\n', encoding="utf-8")
    code, _, err = cli("ics", str(bad))
    assert (code, err.splitlines()[-1].endswith("; nothing was written")) == (2, True)


def test_attendee_list_problems_use_the_same_summary(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """The attendee list's problems end with a correct plural, not "problem(s)"."""
    guests = tmp_path / "guests.csv"
    guests.write_text("name,email\nA,a-at-example\nB,b-at-example\n", encoding="utf-8")
    code, _, err = cli("invite", str(seed_path), "--attendees", str(guests), "--out", str(tmp_path / "out"))
    assert (code, err.splitlines()[-1]) == (2, "agenda: 2 problems in the attendee list; nothing was written")


# ---------------------------------------------------------------------------------------------
# check DIR: nothing is passed over silently


@pytest.mark.parametrize("content", ["", '[evnt]\nid = "x"\n'])
def test_broken_agenda_in_a_directory_is_reported(cli: Cli, tmp_path: Path, content: str) -> None:
    """An empty *.agenda.toml or one with a misspelt [event] in a directory is an unreadable agenda: exit 2."""
    (tmp_path / "x.agenda.toml").write_text(content, encoding="utf-8")
    code, out, _ = cli("check", str(tmp_path))
    assert (code, f"{tmp_path / 'x.agenda.toml'}:" in out, "All clear" in out) == (2, True, False)


def test_misspelt_key_beside_parts_is_found_by_its_content(cli: Cli, tmp_path: Path) -> None:
    """A plain x.toml whose [event] is misspelt but which has [[parts]] is still read, and fails at the typo."""
    text = CLEAN.replace("[event]", "[evnt]")
    (tmp_path / "x.toml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("[evnt]") + 1
    code, out, _ = cli("check", "--format", "github", str(tmp_path))
    assert (code, f"::error file={tmp_path / 'x.toml'},line={line},title=AG001 load-error::" in out) == (2, True)


def test_directory_without_agendas_exits_2(cli: Cli, tmp_path: Path) -> None:
    """A directory holding only files that are not agendas: nothing checked, exit 2 with a message."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    for name in (
        "package.json",
        "package-lock.json",
        "tsconfig.json",
        ".pre-commit-config.yaml",
        "action.yml",
        "action.yaml",
        "docker-compose.yml",
        "docker-compose.yaml",
        ".hidden.toml",
        ".github/workflows/ci.yml",
        "notes.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: [\n", encoding="utf-8")
    code, out, err = cli("check", str(tmp_path))
    assert (code, out, "no agenda file found" in err) == (2, "", True)


def test_every_agenda_suffix_is_read_in_a_directory(cli: Cli, tmp_path: Path) -> None:
    """A .yml file in a directory is read as an agenda, like .toml, .yaml and .json."""
    (tmp_path / "broken.yml").write_text("event: [\n", encoding="utf-8")
    code, out, _ = cli("check", str(tmp_path))
    assert (code, "broken.yml:" in out) == (2, True)


def test_unreadable_input_never_says_all_clear(cli: Cli, tmp_path: Path) -> None:
    """A clean file beside an unreadable one: exit 2, and the summary says an input could not be read."""
    (tmp_path / "a.toml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "b.json").write_text('{"event": ', encoding="utf-8")
    code, out, _ = cli("check", str(tmp_path))
    assert (code, out.splitlines()[-1]) == (2, "1 error, 0 warnings, 0 notes in 2 files; 1 file could not be read.")


def test_empty_path_argument_is_not_the_current_directory(cli: Cli) -> None:
    """`agenda check ''` names no file: exit 2, a load error of ''."""
    code, out, _ = cli("check", "")
    assert (code, "'': AG001 error: no such file" in out) == (2, True)


# ---------------------------------------------------------------------------------------------
# check: a file's own bad check settings


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('severity = {AG101 = "fatal"}', "AG101"),
        ('severity = {AG999 = "error"}', "unknown rule 'AG999'"),
        ('select = ["AG1", "junk"]', "unknown rule 'junk'"),
        ('ignore = ["junk"]', "unknown rule 'junk'"),
    ],
)
def test_bad_check_settings_are_problems_of_their_file(cli: Cli, tmp_path: Path, body: str, message: str) -> None:
    """A bad severity or selector is reported at its file and line; the other files are still checked."""
    text, line = with_check_section(body)
    bad, good = tmp_path / "bad.toml", tmp_path / "good.toml"
    bad.write_text(text, encoding="utf-8")
    good.write_text(CLEAN, encoding="utf-8")
    code, out, err = cli("check", "--format", "json", str(bad), str(good))
    problem = next(x for x in err.splitlines() if x.startswith(f"{bad}:"))
    files = [(entry["file"], entry["loaded"]) for entry in json.loads(out)["files"]]
    assert (code, problem.startswith(f"{bad}:{line}: check."), message in problem, files) == (
        2,
        True,
        True,
        [(str(bad), False), (str(good), True)],
    )


def test_unknown_rule_on_the_command_line_is_refused_first(cli: Cli, tmp_path: Path) -> None:
    """--select junk is a usage error before any file is read."""
    assert refused(cli("check", "--select", "junk", str(tmp_path / "missing.toml")), "unknown rule 'junk'")


# ---------------------------------------------------------------------------------------------
# invite: attendee lists, speakers, the output directory


def test_binary_attendee_list_exits_2(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """An attendee list that is not UTF-8: file:line and the byte, exit 2."""
    guests = tmp_path / "junk.csv"
    guests.write_bytes(b"name,email\n\xff\xfe\x00\x01\n")
    result = cli("invite", str(seed_path), "--attendees", str(guests), "--out", str(tmp_path / "out"))
    assert refused(result, f"{guests}:2: not UTF-8 text (byte 0xff at offset 11)")


def test_attendee_field_over_the_csv_limit_exits_2(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """A field larger than the CSV module allows is a problem with its line, not a csv.Error."""
    guests = tmp_path / "big.csv"
    guests.write_text('name,email\n"' + "x" * 200_000 + '",a@example.org\n', encoding="utf-8")
    result = cli("invite", str(seed_path), "--attendees", str(guests), "--out", str(tmp_path / "out"))
    assert refused(result, f"{guests}:2: CSV error: field larger than field limit")


def test_control_character_in_an_attendee_name_exits_2(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """A control character in a name is refused like a line break."""
    guests = tmp_path / "guests.csv"
    guests.write_text("name,email\nA\x01B,a@example.org\n", encoding="utf-8")
    result = cli("invite", str(seed_path), "--attendees", str(guests), "--out", str(tmp_path / "out"))
    assert refused(result, f"{guests}:2: name: contains a control character (U+0001")


def test_invite_unknown_speaker_exits_2(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """--speaker nobody exits 2 as `agenda ics` does, and creates no directory."""
    result = cli("invite", str(seed_path), "--out", str(tmp_path / "out"), "--speaker", "nobody")
    assert (refused(result, "speaker 'nobody': not a speaker"), (tmp_path / "out").exists()) == (True, False)


def test_invite_unknown_speaker_with_previous_exits_2(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """Under --previous too, the speaker must be one of the current agenda."""
    result = cli(
        "invite", str(seed_path), "--previous", str(seed_path), "--out", str(tmp_path / "out"), "--speaker", "nobody"
    )
    assert refused(result, "speaker 'nobody': not a speaker")


def test_invite_speaker_taken_off_the_programme_gets_a_cancel(cli: Cli, tmp_path: Path) -> None:
    """A speaker with slots only in the previous version is sent their cancellation."""
    v1, v2 = tmp_path / "v1.toml", tmp_path / "v2.toml"
    agenda.dump(two_talks("ivan"), v1)
    agenda.dump(two_talks("olga", idle=True, revision=1), v2)
    code, out, _ = cli(
        "invite",
        str(v2),
        "--previous",
        str(v1),
        "--split",
        "items",
        "--speaker",
        "ivan",
        "--out",
        str(tmp_path / "out"),
        "--stamp",
        "2021-01-25T09:00Z",
    )
    assert (code, "wrote 1 message (1 CANCEL)" in out) == (0, True)


def test_invite_speaker_new_to_the_programme_gets_a_request(cli: Cli, tmp_path: Path) -> None:
    """A speaker with slots only in the current version is sent their invitation."""
    v1, v2 = tmp_path / "v1.toml", tmp_path / "v2.toml"
    agenda.dump(two_talks("olga", idle=True), v1)
    agenda.dump(two_talks("ivan", revision=1), v2)
    code, out, _ = cli(
        "invite",
        str(v2),
        "--previous",
        str(v1),
        "--split",
        "items",
        "--speaker",
        "ivan",
        "--out",
        str(tmp_path / "out"),
        "--stamp",
        "2021-01-25T09:00Z",
    )
    assert (code, "wrote 1 message (1 REQUEST)" in out) == (0, True)


def test_invite_speaker_without_slots_in_either_version_exits_2(cli: Cli, tmp_path: Path) -> None:
    """A declared speaker with no slot in either version: nothing to send them is an error."""
    v1 = tmp_path / "v1.toml"
    agenda.dump(two_talks("olga", idle=True), v1)
    result = cli(
        "invite",
        str(v1),
        "--previous",
        str(v1),
        "--split",
        "items",
        "--speaker",
        "ivan",
        "--out",
        str(tmp_path / "out"),
    )
    assert refused(result, "no events to export for speaker 'ivan'")


def test_invite_out_needs_an_existing_parent(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """--out creates only its last level: a missing parent exits 2 and nothing is created."""
    result = cli("invite", str(seed_path), "--out", str(tmp_path / "missing" / "dir"))
    assert (refused(result, "does not exist"), (tmp_path / "missing").exists()) == (True, False)


def test_invite_out_creates_the_last_level(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """--out DIR in an existing parent is created."""
    code, _, _ = cli("invite", str(seed_path), "--out", str(tmp_path / "out"), "--stamp", "2021-01-20T09:00Z")
    assert (code, len(list((tmp_path / "out").glob("*.eml")))) == (0, 4)


def test_invite_out_that_is_a_file_exits_2(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """--out naming a file is refused."""
    target = tmp_path / "file"
    target.write_text("", encoding="utf-8")
    assert refused(cli("invite", str(seed_path), "--out", str(target)), "is a file, not a directory")


# ---------------------------------------------------------------------------------------------
# rules, alarms, output paths


@pytest.mark.parametrize("name", ["", "  "])
def test_rules_empty_name_exits_2(cli: Cli, name: str) -> None:
    """`agenda rules ''` is an error, not the list of every rule."""
    code, out, err = cli("rules", name)
    assert (code, out, "empty rule name" in err) == (2, "", True)


@pytest.mark.parametrize("alarm", ["-5m", "0m", "-PT5M"])
def test_alarm_must_be_positive(cli: Cli, seed_path: Path, alarm: str) -> None:
    """A negative or zero --alarm exits 2 instead of becoming some other reminder."""
    assert refused(cli("ics", str(seed_path), f"--alarm={alarm}"), "must be longer than zero")


@pytest.mark.parametrize("command", ["ics", "check"])
def test_output_that_is_a_directory_exits_2(cli: Cli, seed_path: Path, tmp_path: Path, command: str) -> None:
    """-o naming a directory is refused before any work."""
    assert refused(cli(command, str(seed_path), "-o", str(tmp_path)), "is a directory, not a file")


def test_ics_output_needs_an_existing_directory(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    """-o in a folder that does not exist exits 2, naming that folder."""
    assert refused(cli("ics", str(seed_path), "-o", str(tmp_path / "no" / "x.ics")), "does not exist")


@pytest.mark.parametrize(
    "args",
    [
        ["ics", "EXAMPLE", "-o", ""],
        ["ics", "EXAMPLE", "--previous", ""],
        ["ics", ""],
        ["diff", "EXAMPLE", ""],
        ["check", "EXAMPLE", "--output", ""],
        ["invite", "EXAMPLE", "--out", ""],
        ["invite", "EXAMPLE", "--out", "OUT", "--previous", ""],
        ["invite", "EXAMPLE", "--out", "OUT", "--attendees", ""],
    ],
)
def test_empty_paths_are_refused(cli: Cli, seed_path: Path, tmp_path: Path, args: list[str]) -> None:
    """An empty file or directory argument exits 2 instead of being ignored or meaning '.'."""
    argv = [str(seed_path) if a == "EXAMPLE" else str(tmp_path / "out") if a == "OUT" else a for a in args]
    code, out, err = cli(*argv)
    assert (code, out, "the path is empty" in err, (tmp_path / "out").exists()) == (2, "", True, False)


# ---------------------------------------------------------------------------------------------
# Output that the stream or the file cannot encode


def test_diff_on_an_ascii_console_escapes_what_it_cannot_show(seed_path: Path, tmp_path: Path) -> None:
    """A title the console's encoding lacks is written as an escape, not a UnicodeEncodeError."""
    renamed = tmp_path / "v2.toml"
    renamed.write_text(seed_path.read_text("utf-8").replace('"Closing speech"', '"Closing spéech"'), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "agenda", "diff", str(seed_path), str(renamed)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert (result.returncode, "'Closing sp\\xe9ech'" in result.stdout, result.stderr) == (1, True, "")


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes")
def test_check_report_file_keeps_a_file_name_that_is_not_utf8(cli: Cli, tmp_path: Path) -> None:
    """--output writes a file name that is not UTF-8 back as its own bytes."""
    source = tmp_path / os.fsdecode(b"o\xffver.toml")
    source.write_bytes((CASES / "overrun.toml").read_bytes())
    report = tmp_path / "report.txt"
    code, _, _ = cli("check", str(source), "--output", str(report))
    assert (code, os.fsencode(source) in report.read_bytes()) == (1, True)
