"""Files made from the model and the rule registry, so that each fact is written once.

* ``src/agenda/schema.json``, the JSON Schema of agenda files: every table and key, which keys
  are required, the item kinds, the severities and the duration, hours and zone patterns, from
  the model's fields and their metadata (`agenda._model.about`) and from `agenda._times`;
* the key tables of ``docs/format.md``, between ``<!-- keys: NAME -->`` and ``<!-- /keys -->``;
* the rule table and each rule's summary in ``docs/rules.md``, between ``<!-- rules -->`` and
  ``<!-- /rules -->`` and between ``<!-- rule: CODE -->`` and ``<!-- /rule -->``, from the
  registry of `agenda check`.

The prose around the markers is kept. After changing a field or a rule, regenerate with::

    python -m agenda._formats.schema --write      # from the repository's root

``--check`` exits 1 and names the files that differ (the tests do the same).
"""

from __future__ import annotations

import argparse
import enum
import json
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from agenda._languages import LANGUAGE_PATTERN
from agenda._model import (
    EVENT_ZONE,
    Agenda,
    Audience,
    CheckSettings,
    Event,
    FieldDoc,
    Interval,
    Item,
    Organization,
    Organizer,
    Part,
    Platform,
    Recurrence,
    Speaker,
    Text,
    field_doc,
)
from agenda._times import DURATION_PATTERN, HOURS_PATTERN, ZONE_PATTERN, LocalHours, format_duration

__all__ = ["TABLES", "generated_files", "json_schema", "key_table", "rules_page", "schema_text", "with_key_tables"]

#: Each table of a file: its name in the schema's ``$defs`` and the class it becomes.
TABLES: dict[str, type] = {
    "event": Event,
    "platform": Platform,
    "organizer": Organizer,
    "recurrence": Recurrence,
    "check": CheckSettings,
    "audience": Audience,
    "organization": Organization,
    "speaker": Speaker,
    "interval": Interval,
    "part": Part,
    "item": Item,
}

#: The kinds of values a file writes as text; their patterns are the parsers' own.
_VALUES: dict[str, dict[str, Any]] = {
    "id": {"type": "string", "minLength": 1, "description": "A stable identifier; calendar UIDs are derived from it."},
    "zone": {
        "type": "string",
        "pattern": ZONE_PATTERN,
        "description": "An IANA time zone key such as 'Asia/Kolkata'. Abbreviations such as IST are refused.",
        "examples": ["Asia/Kolkata", "Europe/Moscow", "UTC"],
    },
    "duration": {
        "type": "string",
        "pattern": DURATION_PATTERN,
        "description": "An exact duration: '15m', '1h30m', '90s' or ISO 8601 'PT1H30M'.",
        "examples": ["15m", "1h30m", "PT45M"],
    },
    "datetime": {
        "type": "string",
        "description": "A local date-time '2021-02-10T11:00', a time of day on the event's date '11:30', "
        "optionally followed by an IANA zone: '2021-02-10T15:00 Asia/Kolkata'.",
        "examples": ["2021-02-10T11:00", "11:30", "2021-02-10T15:00 Asia/Kolkata"],
    },
    "hours": {
        "type": "string",
        "pattern": HOURS_PATTERN,
        "description": "Daily local hours 'HH:MM-HH:MM'; an end before the start wraps past midnight.",
        "examples": ["09:00-21:00"],
    },
    "text": {
        "description": "Text in the event's language, or a table of texts by IANA language tag; a reader "
        "gets their language, else the event's, else the first.",
        "anyOf": [
            {"type": "string"},
            {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": LANGUAGE_PATTERN},
                "additionalProperties": {"type": "string"},
            },
        ],
        "examples": ["Opening", {"en": "Opening", "ru": "Открытие"}],
    },
}

#: How the format docs name each kind of value (see the table of values there).
_VALUE_WORDS = {
    "id": "id",
    "zone": "zone",
    "duration": "duration",
    "datetime": "date-time",
    "hours": "hours",
    "text": "text, or table by language",
}

_VALUE_TYPES: dict[type, str] = {ZoneInfo: "zone", timedelta: "duration", datetime: "datetime", LocalHours: "hours"}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _table_name(cls: type) -> str:
    return next(name for name, table in TABLES.items() if table is cls)


def _members(hint: Any) -> tuple[Any, ...]:
    """The types of a union other than None; a plain type alone."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return tuple(member for member in typing.get_args(hint) if member is not type(None))
    return (hint,)


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def _bounds(attribute: attrs.Attribute[Any]) -> dict[str, int]:
    # The validator that enforces the bounds says what they are (agenda._model._Bounds).
    validator = attribute.validator
    minimum, maximum = getattr(validator, "minimum", None), getattr(validator, "maximum", None)
    return {"minimum": minimum, "maximum": maximum} if minimum is not None and maximum is not None else {}


def _value_schema(hint: Any, attribute: attrs.Attribute[Any], doc: FieldDoc) -> dict[str, Any]:
    """The schema of one value of type `hint` (the type of `attribute`, or a member of it)."""
    members = _members(hint)
    if set(members) == {Item, Part}:
        return _ref("node")
    if len(members) != 1:
        raise TypeError(f"no schema for {attribute.name}: {hint!r}")
    (kind,) = members
    if kind == Text:
        return _ref("text")
    origin = typing.get_origin(kind)
    if origin is tuple:
        return {"type": "array", "items": _value_schema(typing.get_args(kind)[0], attribute, FieldDoc(""))}
    if origin is not None and issubclass(origin, Mapping):
        values = {"enum": list(doc.choices)} if doc.choices else {"type": "string"}
        return {"type": "object", "additionalProperties": values}
    if kind is str:
        if attribute.name == "id":
            return _ref("id")
        return {"enum": list(doc.choices)} if doc.choices else {"type": "string"}
    if kind is bool:
        return {"type": "boolean"}
    if kind is int:
        return {"type": "integer", **_bounds(attribute)}
    if kind is float:
        return {"type": "number"}
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return _ref(kind.__name__.lower())
    if kind in _VALUE_TYPES:
        return _ref(_VALUE_TYPES[kind])
    if kind in TABLES.values():
        return _ref(_table_name(kind))
    raise TypeError(f"no schema for {attribute.name}: {hint!r}")


def _file_value(value: Any) -> Any:
    """A model value as a file writes it."""
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, LocalHours):
        return str(value).replace("–", "-")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_file_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _file_value(v) for k, v in value.items()}
    return value


_FACTORY: type = type(attrs.Factory(list))


def _default(attribute: attrs.Attribute[Any]) -> Any:
    """The default as a file writes it, or None when there is none worth telling."""
    default = attribute.default
    if default is attrs.NOTHING or isinstance(default, _FACTORY) or default in (None, (), ""):
        return None
    return _file_value(default)


def _property(hint: Any, attribute: attrs.Attribute[Any], doc: FieldDoc) -> dict[str, Any]:
    schema = _value_schema(hint, attribute, doc)
    if doc.description:
        schema["description"] = doc.description
    default = _default(attribute)
    if default is not None:
        schema["default"] = default
    if doc.example is not None:
        schema["examples"] = [doc.example]
    return schema


@attrs.frozen
class _Key:
    """One key of a table: its name, whether it is required, its type and documentation."""

    name: str
    required: bool
    hint: Any
    attribute: attrs.Attribute[Any]
    doc: FieldDoc


def _keys(cls: type) -> list[_Key]:
    """The keys of the table `cls` is made from, in the order a file writes them."""
    hints = _hints(cls)
    keys = [
        _Key(a.name, a.default is attrs.NOTHING, hints[a.name], a, field_doc(a)) for a in attrs.fields(cls) if a.init
    ]
    if cls is Event:
        # The event's zone is a key of its own in a file, right after the start.
        start = next(a for a in attrs.fields(Event) if a.name == "start")
        position = next(i for i, key in enumerate(keys) if key.name == "start") + 1
        keys.insert(position, _Key("zone", True, ZoneInfo, start, EVENT_ZONE))
    return keys


def _table_schema(cls: type) -> dict[str, Any]:
    keys = _keys(cls)
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False}
    description = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    if description:
        schema["description"] = " ".join(description.split())
    required = [key.name for key in keys if key.required]
    if required:
        schema["required"] = required
    schema["properties"] = {key.name: _property(key.hint, key.attribute, key.doc) for key in keys}
    return schema


def _enums() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for cls in TABLES.values():
        for hint in _hints(cls).values():
            for kind in _members(hint):
                if isinstance(kind, type) and issubclass(kind, enum.Enum):
                    doc = (kind.__doc__ or "").strip().split("\n")[0]
                    found[kind.__name__.lower()] = {"enum": [member.value for member in kind], "description": doc}
    return found


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of agenda files, made from the model."""
    agenda_keys = _keys(Agenda)
    defs: dict[str, Any] = {**_VALUES, **_enums()}
    defs["node"] = {
        "description": "An entry with 'items' is a part or block; any other is an item.",
        "if": {"type": "object", "required": ["items"]},
        "then": _ref("part"),
        "else": _ref("item"),
    }
    defs.update({name: _table_schema(cls) for name, cls in TABLES.items()})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://agenda.readthedocs.io/schema/agenda.schema.json",
        "title": "agenda file",
        "description": "A multi-part webinar or event agenda (TOML, YAML or JSON). Local times are in the "
        "event's zone unless they name one: '2021-02-10T15:00 Asia/Kolkata'.",
        "type": "object",
        "additionalProperties": False,
        "required": [key.name for key in agenda_keys if key.required],
        "properties": {key.name: _property(key.hint, key.attribute, key.doc) for key in agenda_keys},
        "$defs": defs,
    }


def schema_text() -> str:
    """`json_schema` as the text of ``schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# docs/format.md


def _words(hint: Any, attribute: attrs.Attribute[Any], doc: FieldDoc) -> str:
    """What a value is, as the format docs say it."""
    schema = _value_schema(hint, attribute, doc)
    return _schema_words(schema, doc)


def _schema_words(schema: Mapping[str, Any], doc: FieldDoc) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in _VALUE_WORDS:
            return _VALUE_WORDS[name]
        if name in _enums():
            return "one of " + ", ".join(f"`{value}`" for value in _enums()[name]["enum"])
        if name == "node":
            return "part or item"
        return f"`{name}` table"
    kind = schema.get("type")
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    if kind == "array":
        return "list of " + _schema_words(schema["items"], FieldDoc("")).replace(" table", " tables")
    if kind == "object":
        values = schema["additionalProperties"]
        inner = "/".join(f"`{v}`" for v in values["enum"]) if "enum" in values else "text"
        return f"table of rule code to {inner}"
    if kind == "integer":
        words = "whole number"
        if "minimum" in schema:
            words += f" {schema['minimum']}–{schema['maximum']}"
        return words + (f" ({doc.unit})" if doc.unit else "")
    if kind == "number":
        return "number" + (f" ({doc.unit})" if doc.unit else "")
    return {"string": "text", "boolean": "true/false"}.get(str(kind), str(kind))


def _inline(value: Any) -> str:
    """A value as TOML writes it inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def key_table(cls: type) -> str:
    """The Markdown table of the keys of the table `cls` is made from."""
    rows = ["| key | required | value | meaning |", "|---|---|---|---|"]
    for key in _keys(cls):
        meaning = key.doc.description
        default = _default(key.attribute)
        if default is not None:
            meaning += f" Default `{_inline(default)}`."
        if key.doc.example is not None:
            meaning += f" E.g. `{_inline(key.doc.example)}`."
        words = _words(key.hint, key.attribute, key.doc)
        meaning = meaning.replace("|", "\\|")
        rows.append(f"| `{key.name}` | {'yes' if key.required else ''} | {words} | {meaning} |")
    return "\n".join(rows) + "\n"


_KEYS_BLOCK = re.compile(r"(<!-- keys: (\w+) -->\n)(.*?)(<!-- /keys -->)", re.DOTALL)


def _replace_blocks(text: str, pattern: re.Pattern[str], render: Callable[[str], str]) -> str:
    return pattern.sub(lambda m: m.group(1) + render(m.group(2)) + m.group(4), text)


def with_key_tables(text: str) -> str:
    """`text` (docs/format.md) with every ``<!-- keys: NAME -->`` block made from the model."""
    return _replace_blocks(text, _KEYS_BLOCK, lambda name: key_table(TABLES[name]))


# ---------------------------------------------------------------------------------------------
# docs/rules.md


_RULES_BLOCK = re.compile(r"(<!-- rules -->\n)()(.*?)(<!-- /rules -->)", re.DOTALL)
_RULE_BLOCK = re.compile(r"(<!-- rule: (AG\d+) -->\n)(.*?)(<!-- /rule -->)", re.DOTALL)


def _anchor(code: str, name: str) -> str:
    return f"#{code.lower()}-{name}"


def rules_page(text: str) -> str:
    """`text` (docs/rules.md) with the rule table and each rule's heading, severity, summary and
    documentation made from the registry; the examples around them are kept."""
    from agenda.checks import all_rules

    rules = {rule.code: rule for rule in all_rules()}

    def table(_: str) -> str:
        rows = ["| Code | Name | Severity | Summary |", "| --- | --- | --- | --- |"]
        rows += [
            f"| [{r.code}]({_anchor(r.code, r.name)}) | `{r.name}` | {r.severity.value} | {r.summary} |"
            for r in rules.values()
        ]
        return "\n".join(rows) + "\n"

    def entry(code: str) -> str:
        rule = rules[code]
        return f"### {rule.code} {rule.name}\n\n**{rule.severity.value}**: {rule.summary}\n\n{rule.doc}\n"

    return _replace_blocks(_replace_blocks(text, _RULES_BLOCK, table), _RULE_BLOCK, entry)


# ---------------------------------------------------------------------------------------------
# Writing and checking


def generated_files(root: Path) -> dict[Path, str]:
    """Each generated file under the repository `root`, with the text it should have."""
    schema = root / "src" / "agenda" / "schema.json"
    formats, rules = root / "docs" / "format.md", root / "docs" / "rules.md"
    return {
        schema: schema_text(),
        formats: with_key_tables(formats.read_text("utf-8")),
        rules: rules_page(rules.read_text("utf-8")),
    }


def main(argv: list[str] | None = None) -> int:
    """``--write`` regenerates the files, ``--check`` reports those that differ (exit 1)."""
    parser = argparse.ArgumentParser(prog="python -m agenda._formats.schema", description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="regenerate the files")
    action.add_argument("--check", action="store_true", help="exit 1 if a file differs from what is generated")
    parser.add_argument("--root", type=Path, default=Path(), help="the repository's root (default: here)")
    args = parser.parse_args(argv)
    stale = [path for path, text in generated_files(args.root).items() if path.read_text("utf-8") != text]
    if args.write:
        from agenda._formats.atomic import write_atomic

        for path in stale:
            write_atomic(path, generated_files(args.root)[path].encode("utf-8"))
            sys.stdout.write(f"wrote {path}\n")
        return 0
    for path in stale:
        sys.stdout.write(f"{path} differs from what the model makes: run python -m agenda._formats.schema --write\n")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
