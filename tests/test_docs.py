"""The docs and examples run: every Python block in docs/ and README.md, and every script in examples/."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*(ROOT / "docs").glob("*.md"), ROOT / "README.md"])
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks(page: Path) -> str:
    return "\n".join(BLOCK.findall(page.read_text("utf-8")))


@pytest.mark.parametrize("page", [p for p in PAGES if python_blocks(p)], ids=lambda p: p.name)
def test_python_blocks_in_docs_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python blocks of a page, run in order in one namespace, raise nothing."""
    monkeypatch.chdir(ROOT)
    code = compile(python_blocks(page), str(page), "exec")
    exec(code, {"__name__": f"docs_{page.stem}"})  # noqa: S102 - running our own docs is the point


@pytest.mark.parametrize("script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_example_scripts_run(script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every script in examples/ runs to completion."""
    monkeypatch.chdir(ROOT)
    runpy.run_path(str(script), run_name="__main__")
