"""Languages: BCP 47 tags, and text given in several of them.

A tag is checked against the IANA Language Subtag Registry: a language subtag (``en``, ``ru``,
``hi``, ``fil``), then optionally a script (``Cyrl``), a region (``IN``, ``419``) and variants,
each one the registry knows. Tags are kept in their conventional case (``pt-BR``, ``sr-Latn``).
The registry's subtags are shipped in ``language-subtags.txt``, read on first use; regenerate
it with ``python -m agenda._languages --write REGISTRY`` from the registry's text (the
``langcodes`` package ships one), and ``--check REGISTRY`` compares.

`Localized` is a text in several languages. It *is* a `str`, its first text, so everything
that reads a title as text keeps working; an output that has a reader asks it for the reader's
language with `Localized.in_language`, which falls back to the event's language and then to the
first text, and says which language it gave (`text_language`).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["LANGUAGE_PATTERN", "Localized", "canonical_tag", "language_problem", "languages_of", "text_language"]

#: The shape of a language tag, for the JSON Schema (the registry decides which tags exist).
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"

_SUBTAGS = os.path.join(os.path.dirname(__file__), "language-subtags.txt")  # no pathlib at start-up
_KINDS = ("language", "script", "region", "variant")


@functools.cache
def _registry() -> dict[str, str]:
    """Each kind of subtag: its line of the shipped table, lower-case subtags between spaces
    (searched as text: cheaper than building sets of thousands of strings for a few look-ups)."""
    kinds: dict[str, str] = {}
    with open(_SUBTAGS, encoding="ascii") as table:
        text = table.read()
    for line in text.splitlines():
        kind, _, subtags = line.partition(" ")
        kinds[kind] = f" {subtags} "
    return kinds


def _known(kind: str, subtag: str) -> bool:
    return bool(subtag) and " " not in subtag and f" {subtag} " in _registry()[kind]


def language_problem(tag: object) -> str | None:
    """Why `tag` is not a language tag the registry knows, or None if it is one."""
    if not isinstance(tag, str):
        return f"a language tag is text such as 'en' or 'pt-BR', got {tag!r}"
    parts = tag.replace("_", "-").lower().split("-")
    language, rest = parts[0], parts[1:]
    if not _known("language", language):
        return f"unknown language code {tag!r}: expected an IANA language tag such as 'en', 'ru', 'hi' or 'pt-BR'"
    order = ("script", "region", "variant")
    position = 0
    for subtag in rest:
        while position < len(order) and not _known(order[position], subtag):
            position += 1
        if position == len(order):
            return f"unknown language tag {tag!r}: {subtag!r} is not a script, region or variant of the registry"
        if order[position] != "variant":
            position += 1
    return None


def canonical_tag(tag: str) -> str:
    """`tag` in its conventional case: ``pt-br`` is ``pt-BR``, ``SR-LATN`` is ``sr-Latn``."""
    parts = tag.replace("_", "-").split("-")
    written = [parts[0].lower()]
    for subtag in parts[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            written.append(subtag.title())
        elif len(subtag) == 2 or (len(subtag) == 3 and subtag.isdigit()):
            written.append(subtag.upper())
        else:
            written.append(subtag.lower())
    return "-".join(written)


class Localized(str):
    """A text in several languages, from a table such as ``{en = "Opening", ru = "Открытие"}``.

    As a `str` it is the text in `language`: its first language, or the one `in_language` chose.
    `texts` holds every language's text, in the order given.
    """

    texts: Mapping[str, str]
    language: str

    def __new__(cls, texts: Mapping[str, str], language: str | None = None) -> Localized:
        ordered = dict(texts)
        if not ordered:
            raise ValueError("a text in several languages needs at least one")
        shown = language if language in ordered else next(iter(ordered))
        self = super().__new__(cls, ordered[shown])
        self.texts = MappingProxyType(ordered)
        self.language = shown
        return self

    def in_language(self, *preferred: str | None) -> Localized:
        """The text in the first of `preferred` that it has, else in its first language."""
        for language in preferred:
            if language is not None and language in self.texts:
                return self if language == self.language else Localized(self.texts, language)
        first = next(iter(self.texts))
        return self if first == self.language else Localized(self.texts, first)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)

    def __eq__(self, other: object) -> bool:
        # Against plain text it is the text it shows (``title == "Opening"``); two tables are
        # equal when every language's text is.
        if isinstance(other, Localized):
            return str.__eq__(self, other) and dict(self.texts) == dict(other.texts)
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = str.__hash__

    # Shown as the text it is, as messages quote a title; `texts` shows every language.
    __repr__ = str.__repr__

    def __reduce__(self) -> tuple[Any, ...]:
        return (Localized, (dict(self.texts), self.language))


def text_language(text: str, default: str | None) -> str | None:
    """The language `text` is in: its own for a `Localized`, else the event's (`default`)."""
    return text.language if isinstance(text, Localized) else default


def languages_of(texts: Iterable[object]) -> tuple[str, ...]:
    """Every language the `Localized` among `texts` have, in first-seen order."""
    seen: dict[str, None] = {}
    for text in texts:
        if isinstance(text, Localized):
            seen.update(dict.fromkeys(text.texts))
    return tuple(seen)


# ---------------------------------------------------------------------------------------------
# The shipped table, from the registry's text.


def _read_registry(text: str) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {kind: [] for kind in _KINDS}
    for record in text.split("\n%%\n"):
        fields = dict(line.split(": ", 1) for line in record.splitlines() if ": " in line and not line[0].isspace())
        kind, subtag = fields.get("Type"), fields.get("Subtag")
        if kind in kinds and subtag is not None and ".." not in subtag:  # ranges are private use
            kinds[kind].append(subtag.lower())
    return kinds


def _table(registry_text: str) -> str:
    kinds = _read_registry(registry_text)
    return "".join(f"{kind} {' '.join(sorted(kinds[kind]))}\n" for kind in _KINDS)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("--write", "--check"):
        sys.stderr.write("usage: python -m agenda._languages --write|--check REGISTRY\n")
        return 2
    from pathlib import Path

    table = _table(Path(argv[1]).read_text(encoding="utf-8"))
    subtags = Path(_SUBTAGS)
    if argv[0] == "--write":
        subtags.write_text(table, encoding="ascii")
        return 0
    if subtags.read_text(encoding="ascii") != table:
        sys.stderr.write(f"{subtags.name} differs from {argv[1]}: run --write\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
