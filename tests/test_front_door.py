"""The front door: `agenda` re-exports the public API, imports it lazily, and has a version."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import agenda


def test_every_public_name_resolves() -> None:
    """Each name in `__all__` is an attribute of the package."""
    missing = [name for name in agenda.__all__ if not hasattr(agenda, name)]
    assert missing == []


def test_all_lists_exactly_the_lazy_names() -> None:
    """`__all__` and the table of lazy names agree (and `__all__` is sorted)."""
    assert sorted(agenda.__all__) == sorted([*agenda._LOCATIONS, "__version__"])
    assert list(agenda.__all__) == sorted(agenda.__all__, key=lambda name: (name != "__version__", name))


def test_version_comes_from_the_package_metadata() -> None:
    """`agenda.__version__` is the installed distribution's version (kept in pyproject.toml only)."""
    assert agenda.__version__ == version("agenda")


def test_import_agenda_imports_no_implementation() -> None:
    """A fresh `import agenda` loads none of its modules: the command line pays only for what it runs."""
    probe = "import sys, agenda; print(sorted(m for m in sys.modules if m.startswith('agenda.')))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_unknown_attribute_is_an_attribute_error() -> None:
    """A name the package does not have raises AttributeError, as for any module."""
    assert not hasattr(agenda, "no_such_name")
