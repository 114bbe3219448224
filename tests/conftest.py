"""Shared fixtures: paths of the examples, and a runner for the command line."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "india-russia-webinar.toml"


@pytest.fixture(autouse=True, scope="session")
def _private_cache_directory(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests (and the commands they start) keep caches in a temporary folder, not the user's."""
    os.environ["AGENDA_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def seed_path() -> Path:
    """The seed webinar's TOML file."""
    return SEED


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `agenda ARGS...` in process; returns (exit code, stdout, stderr)."""
    from agenda.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
