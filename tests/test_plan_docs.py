"""The console examples of docs/plan.md print what the commands print."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "plan.md"
CONSOLE = re.compile(r"^```console\n\$ agenda (.*?)\n(.*?)^```", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize(("command", "output"), CONSOLE.findall(PAGE.read_text("utf-8")), ids=lambda v: v[:40])
def test_console_example_prints_what_the_page_shows(
    command: str, output: str, cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Running the command of a console block prints the block's output."""
    monkeypatch.chdir(ROOT)
    _, out, _ = cli(*shlex.split(command))
    assert output == out
