"""Agenda file text -> plain data (dicts, lists, scalars) and a locator, for TOML, YAML and JSON.

Syntax problems become a `LoadError` with the file line. Nothing is dropped silently: duplicate
keys are errors in every format, and YAML aliases may not multiply a small file into a huge one.
"""

from __future__ import annotations

from typing import Any

from agenda._formats.locate import JsonLocator, Locator, TomlLocator, YamlLocator
from agenda._text import describe, first_surrogate
from agenda.exceptions import LoadError, Problem

__all__ = ["FORMATS", "check_nesting", "format_of", "parse"]

FORMATS = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}

_TOO_LONG = "a number too long to read (more than 4,300 digits)"

#: Levels of tables and lists a file may nest: a programme 30 blocks deep fits easily.
MAX_NESTING = 64

# A YAML document may reuse nodes through aliases, but not expand into more than this many
# values beyond its own size (a "billion laughs" bomb stops here).
_ALIAS_EXPANSION_LIMIT = 100_000


def format_of(filename: str) -> str:
    """The format a file name's extension announces."""
    for suffix, name in FORMATS.items():
        if filename.lower().endswith(suffix):
            return name
    known = ", ".join(sorted(FORMATS))
    raise LoadError([Problem("", f"unknown agenda file type; use one of {known}", file=filename)])


def parse(text: str, format: str, file: str | None = None, *, nesting: bool = True) -> tuple[Any, Locator]:
    """Parse `text` in `format` to plain data and a locator for its paths; `check_nesting` unless
    `nesting` is false (for a caller that checks it when the data is not what it expects)."""

    def fail(message: str, line: int | None = None) -> LoadError:
        return LoadError([Problem("", message, line=line, file=file)])

    if "\x00" in text:
        raise fail("not a text file (it contains NUL bytes)", text.count("\n", 0, text.index("\x00")) + 1)
    surrogate = first_surrogate(text)
    if surrogate is not None:
        # Only a str built in code can hold one (decoding a file never makes one); every
        # parser and writer would stop on it with a UnicodeEncodeError.
        raise fail(
            f"not valid Unicode text: {describe(text[surrogate])} at character {surrogate + 1}",
            text.count("\n", 0, surrogate) + 1,
        )
    if not text or text.isspace():
        raise fail("the file is empty: an agenda needs at least an [event] and its parts")
    if format == "toml":
        import tomllib  # each parser imported for the format it reads

        try:
            data: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            line = _line_from_message(message)
            raise fail(f"TOML syntax error: {message}", line) from None
        except ValueError:  # an integer longer than Python converts
            raise fail(_TOO_LONG) from None
        except RecursionError:
            raise fail("TOML nested too deeply") from None
        locator: Locator = TomlLocator(text)
    elif format == "json":
        import json

        try:
            data = json.loads(text, object_pairs_hook=_unique_pairs)
        except json.JSONDecodeError as error:
            raise fail(f"JSON syntax error: {error.msg} (column {error.colno})", error.lineno) from None
        except _DuplicateKeyError as error:
            raise fail(f"duplicate key {error.key!r} in an object") from None
        except ValueError:  # an integer longer than Python converts
            raise fail(_TOO_LONG) from None
        except RecursionError:
            raise fail("JSON nested too deeply") from None
        locator = JsonLocator(text)
    elif format == "yaml":
        data, locator = _parse_yaml(text, fail)
    else:
        raise fail(f"unknown format {format!r}; use toml, yaml or json")
    if not isinstance(data, dict):
        raise fail(f"the top level must be a table of keys (event, parts, ...), not {type(data).__name__}")
    if nesting:
        check_nesting(data, file)
    return data, locator


def check_nesting(data: Any, file: str | None = None) -> None:
    """Raise `LoadError` when the tables and lists of `data` nest more than `MAX_NESTING` levels."""
    if _deeper_than(data, MAX_NESTING):
        message = f"nested too deeply: an agenda has at most {MAX_NESTING} levels of tables and lists"
        raise LoadError([Problem("", message, file=file)])


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether tables and lists nest more than `limit` levels (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values() if isinstance(child, (dict, list)))
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value if isinstance(child, (dict, list)))
    return False


def _line_from_message(message: str) -> int | None:
    # tomllib says "... (at line 3, column 7)"
    marker = "at line "
    if marker in message:
        digits = message.split(marker, 1)[1].split(",", 1)[0].split(")", 1)[0]
        if digits.isdigit():
            return int(digits)
    return None


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):  # a key came twice: the first one that did
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


def _parse_yaml(text: str, fail: Any) -> tuple[Any, Locator]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        documents = list(yaml.compose_all(text, Loader=loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise fail(f"YAML syntax error: {error.problem or error}", line) from None
    except yaml.YAMLError as error:
        raise fail(f"YAML error: {error}") from None
    except RecursionError:
        raise fail("YAML nested too deeply") from None
    if len(documents) != 1:
        raise fail(f"a YAML agenda file holds one document, this one holds {len(documents)}")
    root = documents[0]
    builder = _YamlBuilder(fail)
    return builder.build(root), YamlLocator(root)


class _YamlBuilder:
    """Turns composed YAML nodes into plain data, keeping times as text (so ``11:00`` stays a
    time, not YAML 1.1's sexagesimal 660) and refusing duplicate keys and alias bombs."""

    def __init__(self, fail: Any) -> None:
        import yaml

        self._yaml = yaml
        self._constructor = yaml.SafeLoader("")
        self._fail = fail
        self._seen: set[int] = set()
        self._open: set[int] = set()
        self._budget = _ALIAS_EXPANSION_LIMIT

    def build(self, node: Any) -> Any:
        if id(node) in self._seen:
            self._budget -= 1
            if self._budget < 0:
                raise self._fail(
                    "YAML aliases expand too much (more than 100,000 repeated values)", node.start_mark.line + 1
                )
        else:
            self._seen.add(id(node))
        if node.id == "scalar":
            return self._scalar(node)
        if id(node) in self._open:
            raise self._fail("a YAML alias refers to a node that contains it", node.start_mark.line + 1)
        self._open.add(id(node))
        try:
            return self._collection(node)
        finally:
            self._open.discard(id(node))

    def _collection(self, node: Any) -> Any:
        line = node.start_mark.line + 1
        if node.tag not in (_YAML + "seq", _YAML + "map"):
            raise self._fail(f"unsupported YAML tag {_shown_tag(node.tag)} ({_PLAIN_YAML})", line)
        if node.id == "sequence":
            return [self.build(child) for child in node.value]
        # YAML 1.1 merge keys (https://yaml.org/type/merge.html): ``<<`` takes a mapping, or a
        # list of mappings of which the earlier win; the mapping's own keys win over all of them.
        own: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        merges = 0
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _YAML + "merge":
                merges += 1
                if merges > 1:
                    raise self._fail("duplicate merge key '<<': list the mappings to merge in one", key_line)
                for source in self._merge_sources(value_node):
                    for merged_key, value in source.items():
                        merged.setdefault(merged_key, value)
                continue
            key = self._scalar(key_node) if key_node.id == "scalar" else None
            if not isinstance(key, str):
                raise self._fail(
                    f"keys must be text, not {key_node.id} {getattr(key_node, 'value', '')!r}",
                    key_line,
                )
            if key in own:
                raise self._fail(f"duplicate key {key!r}", key_line)
            own[key] = self.build(value_node)
        for key, value in merged.items():
            own.setdefault(key, value)
        return own

    def _merge_sources(self, node: Any) -> list[dict[str, Any]]:
        """The mappings a merge key names; anything else is an error, never ignored."""
        nodes = node.value if node.id == "sequence" and node.tag == _YAML + "seq" else [node]
        sources = []
        for each in nodes:
            if each.id != "mapping":
                what = f"{each.id} {each.value!r}" if each.id == "scalar" else each.id
                raise self._fail(
                    f"the merge key '<<' takes a mapping or a list of mappings (YAML 1.1), not {what}",
                    each.start_mark.line + 1,
                )
            sources.append(self.build(each))
        return sources

    def _scalar(self, node: Any) -> Any:
        tag = node.tag
        line = node.start_mark.line + 1
        if tag in (_YAML + "str", _YAML + "timestamp") or (tag == _YAML + "int" and ":" in node.value):
            return node.value
        if tag in (_YAML + "int", _YAML + "float", _YAML + "bool", _YAML + "null"):
            try:
                return self._constructor.construct_object(node)
            except ValueError:  # an integer longer than Python converts
                raise self._fail(_TOO_LONG, line) from None
        if tag in (_YAML + "merge", _YAML + "value"):  # a plain ``<<`` or ``=`` as a value is text
            return node.value
        if tag == _YAML + "binary":
            raise self._fail("binary values have no place in an agenda", line)
        raise self._fail(f"unsupported YAML tag {_shown_tag(tag)} ({_PLAIN_YAML})", line)


_YAML = "tag:yaml.org,2002:"
_PLAIN_YAML = "an agenda file holds text, numbers, true/false, null, lists and tables, without tags"


def _shown_tag(tag: str) -> str:
    """``!!python/name:os.system`` as written in the file, for ``tag:yaml.org,2002:python/...``."""
    return repr("!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag)
