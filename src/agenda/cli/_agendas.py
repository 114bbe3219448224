"""The discovery rule: which files of a directory `agenda check` reads as agendas.

In a directory an agenda file is a TOML, YAML or JSON file that

1. matches an ``include`` pattern of ``[tool.agenda]`` in the nearest ``pyproject.toml``, or
2. is named ``*.agenda.toml`` (``.yaml``, ``.yml``, ``.json``), or
3. has ``event`` or ``parts`` among its top-level keys (read from the text, so a file with a
   syntax error or a misspelt key is still found),

and matches no ``exclude`` pattern. Files that git ignores are not searched (``git ls-files``
inside a work tree), nor hidden files and folders (``.github/``, ``.pre-commit-config.yaml``) and
tool folders (``node_modules``, ``venv``), unless an ``include`` pattern names them.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from agenda.exceptions import ConfigError

__all__ = ["Config", "is_agenda", "load_config", "looks_like_agenda", "search"]

SUFFIXES = (".toml", ".yaml", ".yml", ".json")
_SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
#: Tool files known by name: never read to see whether they are agendas.
_NOT_AGENDAS = frozenset(
    {
        "pyproject.toml",
        "package.json",
        "package-lock.json",
        "tsconfig.json",
        "renovate.json",
        "mkdocs.yml",
        "mkdocs.yaml",
        "action.yml",
        "action.yaml",
        "docker-compose.yml",
        "docker-compose.yaml",
    }
)
_KEYS = r"(?P<q>[\"']?)(?:event|parts)(?P=q)"


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The expressions that find top-level agenda keys, compiled on first use (not at start-up)."""
    return {
        "toml header": re.compile(rf"^\s*\[\[?\s*{_KEYS}\s*[\].]", re.MULTILINE),
        "toml any header": re.compile(r"^\s*\[", re.MULTILINE),
        "toml key": re.compile(rf"^\s*{_KEYS}\s*[=.]", re.MULTILINE),
        "yaml key": re.compile(rf"^{_KEYS}\s*:", re.MULTILINE),
        "json key": re.compile(r"\"(?:event|parts)\"\s*:"),
    }


#: How much of a file sniffing reads: the top-level keys of an agenda come early.
_SNIFF_BYTES = 1 << 20


# A NamedTuple, not an attrs class: cheap to create on the start of `agenda check DIR`.
class Config(NamedTuple):
    """``[tool.agenda]`` of a ``pyproject.toml``: patterns relative to its folder."""

    root: Path
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sniff: bool = True
    file: str | None = None


def load_config(start: Path) -> Config:
    """The ``[tool.agenda]`` of the nearest ``pyproject.toml`` at or above `start` (a folder); the
    defaults when there is none. The nearest ``pyproject.toml`` decides, with or without it."""
    import tomllib

    folder = start.absolute()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if not path.is_file():
            continue
        try:
            table = tomllib.loads(path.read_text("utf-8")).get("tool", {}).get("agenda", {})
        except (OSError, UnicodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: cannot read [tool.agenda]: {error}") from None
        return _config(table, candidate, str(path))
    return Config(root=folder)


@functools.lru_cache(maxsize=64)
def config_for(folder: Path) -> Config:
    """`load_config`, once per folder."""
    return load_config(folder)


def _config(table: object, root: Path, file: str) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: [tool.agenda] must be a table")
    known = {"include", "exclude", "sniff"}
    for key in table:
        if key not in known:
            raise ConfigError(f"{file}: [tool.agenda] has an unknown key {key!r} (known: exclude, include, sniff)")
    lists = {}
    for key in ("include", "exclude"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise ConfigError(f"{file}: [tool.agenda] {key} must be a list of glob patterns, got {value!r}")
        lists[key] = tuple(value)
    sniff = table.get("sniff", True)
    if not isinstance(sniff, bool):
        raise ConfigError(f"{file}: [tool.agenda] sniff must be true or false, got {sniff!r}")
    return Config(root=root, include=lists["include"], exclude=lists["exclude"], sniff=sniff, file=file)


@functools.cache
def _pattern(glob: str) -> re.Pattern[str]:
    """A gitignore-like glob as a regular expression over a POSIX path relative to the config:
    ``*`` stays within a folder, ``**`` crosses folders, a pattern without ``/`` matches a name
    at any depth, and a pattern that names a folder matches everything in it."""
    text = glob.strip().replace("\\", "/")
    anchored = "/" in text.rstrip("/")
    text = text.strip("/")
    out = []
    index = 0
    while index < len(text):
        if text.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif text.startswith("**", index):
            out.append(".*")
            index += 2
        elif text[index] == "*":
            out.append("[^/]*")
            index += 1
        elif text[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(text[index]))
            index += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


def _matches(patterns: Sequence[str], relative: str) -> bool:
    return any(_pattern(pattern).match(relative) for pattern in patterns)


def _relative(path: Path, config: Config) -> str | None:
    try:
        return path.absolute().relative_to(config.root).as_posix()
    except ValueError:
        return None


def looks_like_agenda(text: str, suffix: str) -> bool:
    """Whether `text` has ``event`` or ``parts`` among its top-level keys, judged from the text
    alone so that a file with a syntax error is still recognised."""
    import json

    patterns = _patterns()
    if suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError:
            return bool(patterns["json key"].search(text))
        return isinstance(data, dict) and bool({"event", "parts"} & set(data))
    if suffix == ".toml":
        if patterns["toml header"].search(text):
            return True
        first_header = patterns["toml any header"].search(text)
        head = text[: first_header.start()] if first_header else text
        return bool(patterns["toml key"].search(head))
    return bool(patterns["yaml key"].search(text))


def _sniff(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            raw = stream.read(_SNIFF_BYTES)
    except OSError:
        return True  # unreadable: let the check say why
    return looks_like_agenda(raw.decode("utf-8", errors="replace"), path.suffix.lower())


def is_agenda(path: Path, config: Config, below: Sequence[str] = ()) -> bool:
    """Whether discovery takes `path` for an agenda. `below` are its path parts under the folder
    it was found in: hidden ones and tool folders there are left out unless ``include`` names them."""
    relative = _relative(path, config)
    if relative is not None and _matches(config.exclude, relative):
        return False
    if relative is not None and _matches(config.include, relative):
        return True
    name = path.name.lower()
    if not name.endswith(SUFFIXES):
        return False
    if any(part.startswith(".") or part in _SKIPPED_DIRECTORIES for part in below):
        return False
    if any(name.endswith(f".agenda{suffix}") for suffix in SUFFIXES):
        return True
    if name in _NOT_AGENDAS or not config.sniff:
        return False
    return _sniff(path)


def _git_files(folder: Path) -> list[Path] | None:
    """The files of `folder` that git does not ignore (tracked or not), or None outside a work
    tree or without git."""
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if result.returncode != 0:
        return None
    names = [name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name]
    return sorted({folder / name for name in names})


def _walk(folder: Path, config: Config) -> Iterator[Path]:
    """Every file below `folder`, without descending into tool folders, nor into hidden ones
    unless ``include`` patterns might name something in them."""
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(
            f
            for f in folders
            if f != ".git" and f not in _SKIPPED_DIRECTORIES and (config.include or not f.startswith("."))
        )
        for name in sorted(files):
            yield Path(top) / name


def search(folder: Path, config: Config | None = None) -> list[str]:
    """The agenda files in `folder` and below, by the discovery rule."""
    config = config or load_config(folder)
    listed = _git_files(folder)
    candidates = listed if listed is not None else list(_walk(folder, config))
    return sorted(
        str(path) for path in candidates if path.is_file() and is_agenda(path, config, path.relative_to(folder).parts)
    )
