"""Start-up: the command line imports only what the command it runs needs (a fresh interpreter each)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import agenda.cli
from agenda.cli import COMMANDS

SEED = Path(__file__).resolve().parent.parent / "examples" / "india-russia-webinar.toml"


#: Runs the command line as ``python -m agenda`` does, then prints the modules it imported.
_PROBE = """
import atexit, sys
{prelude}
atexit.register(lambda: sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n"))
sys.argv[0] = "agenda"
from agenda.cli import main
sys.exit(main())
"""


def imported_by(*arguments: str, prelude: str = "") -> tuple[int, set[str]]:
    """The exit code of the command line ``agenda ARGUMENTS`` and the modules it imported (all of
    them: ``-X importtime`` leaves out those imported with `importlib.import_module`), after the
    Python statements of `prelude`."""
    probe = _PROBE.replace("{prelude}", prelude)
    result = subprocess.run([sys.executable, "-c", probe, *arguments], capture_output=True, text=True, check=False)
    return result.returncode, set(result.stderr.rsplit("MODULES ", 1)[1].split())


def test_every_command_module_is_in_the_table() -> None:
    """`COMMANDS` names each subcommand module of `agenda.cli`, in order: a new one is listed there."""
    modules = sorted(info.name for info in pkgutil.iter_modules(agenda.cli.__path__) if not info.name.startswith("_"))
    assert list(COMMANDS) == modules


def test_help_imports_no_command_and_no_model() -> None:
    """`agenda --help` lists the commands from the table: no command module, no attrs."""
    code, imported = imported_by("--help")
    commands = {f"agenda.cli.{name}" for name in COMMANDS} & imported
    assert (code, commands, "attrs" in imported, "agenda.exceptions" in imported) == (0, set(), False, False)


def test_a_command_imports_only_itself() -> None:
    """`agenda rules` imports the module of `rules` and of no other command."""
    code, imported = imported_by("rules")
    assert (code, {f"agenda.cli.{name}" for name in COMMANDS} & imported) == (0, {"agenda.cli.rules"})


def test_checking_one_file_imports_no_pathlib_json_writer_or_suggestions() -> None:
    """`agenda check FILE.toml` with text output reads its file with `os.path` and `tomllib`: no
    `pathlib`, no `json` (without `holidays`, no holiday cache to read), no YAML parser, no
    `difflib` (only a name to suggest needs it)."""
    code, imported = imported_by("check", str(SEED), prelude="sys.modules['holidays'] = None  # not installed")
    unwanted = {"pathlib", "json", "agenda._formats.jsontext", "yaml", "difflib", "cattrs"} & imported
    assert (code, unwanted) == (0, set())
