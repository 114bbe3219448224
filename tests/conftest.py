"""Shared fixtures: paths of the examples, a runner for the command line, and the Hypothesis
profiles every property test runs under.

The profile comes from ``HYPOTHESIS_PROFILE``: ``dev`` (the default), ``ci`` (what ``.ci/run``
uses) or ``fast``; e.g. ``HYPOTHESIS_PROFILE=fast pytest -n 2``. Tests do not set their own sizes
or deadlines; only a search for one rare example (a reachability test) sets its own budget.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Drawing whole agendas is slow by Hypothesis's standards, and time on a shared machine varies:
# no deadline, and no health check about slow data generation.
_PATIENT = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The sizes: dev for a quick answer while working, ci twice that (and every failure printed with
# the blob that replays it), fast a smoke run of every property.
settings.register_profile("dev", _PATIENT, max_examples=25)
settings.register_profile("ci", _PATIENT, max_examples=50, print_blob=True)
settings.register_profile("fast", _PATIENT, max_examples=5)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

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
