"""The documentation site's configuration: every page in the navigation, an API page per public namespace.

The site itself is built by ``.ci/run`` (``mkdocs build --strict``); these checks are the cheap part.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NAMESPACES = [
    "agenda",
    "agenda.exceptions",
    "agenda.checks",
    "agenda.ical",
    "agenda.invite",
    "agenda.testing",
    "agenda.publish",
]


def _nav_pages(entries: object) -> list[str]:
    """The file of every page in the nav, in order, at any depth."""
    if isinstance(entries, str):
        return [entries]
    if isinstance(entries, list):
        return [page for entry in entries for page in _nav_pages(entry)]
    if isinstance(entries, dict):
        return [page for value in entries.values() for page in _nav_pages(value)]
    return []


def _config() -> dict[str, object]:
    loaded = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_every_page_of_docs_is_in_the_navigation_once() -> None:
    """Each Markdown page under docs/ appears in the nav exactly once, and the nav names no other file."""
    docs = ROOT / "docs"
    pages = sorted(
        str(p.relative_to(docs)) for p in docs.rglob("*.md") if not p.relative_to(docs).parts[0].startswith("_")
    )
    assert pages == sorted(_nav_pages(_config()["nav"]))


def test_each_public_namespace_has_an_api_page() -> None:
    """docs/api/ has one page per public namespace, rendering that namespace."""
    found = {page.read_text("utf-8").split(":::", 1)[1].split()[0] for page in (ROOT / "docs" / "api").glob("*.md")}
    assert set(NAMESPACES) == found


def test_readme_links_point_to_files_that_exist() -> None:
    """Every relative link of the README (the docs pages, the changelog) names a file of the repository."""
    text = (ROOT / "README.md").read_text("utf-8")
    targets = [link.split("#")[0] for link in re.findall(r"\]\(([^)]+)\)", text) if "://" not in link]
    assert [target for target in targets if target and not (ROOT / target).is_file()] == []
