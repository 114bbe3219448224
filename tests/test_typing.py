"""The API type-checks from a user's side: ``mypy --strict`` on tests/typing/user_code.py and on
the examples, against this source tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("mypy", reason="mypy comes with the dev extra")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def mypy(cache: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)


def test_user_code_and_examples_pass_mypy_strict(cache: Path) -> None:
    """What a user writes with the file's vocabulary type-checks, and what the API refuses is flagged."""
    done = mypy(cache, ROOT / "tests" / "typing" / "user_code.py", *sorted((ROOT / "examples").glob("*.py")))
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_flags_a_wrong_argument(cache: Path, tmp_path: Path) -> None:
    """A duration given as a number is a type error for mypy (the check can fail)."""
    script = tmp_path / "wrong.py"
    script.write_text('import agenda\n\nagenda.Item(title="Talk", duration=20)\n', "utf-8")
    done = mypy(cache, script)
    assert 'Argument "duration" to "Item" has incompatible type "int"' in done.stdout
