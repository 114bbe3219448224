"""The loader's two ways to the model: a clean file is read straight into it (`read_agenda`), anything
unusual goes to the converter, which says what is wrong (`structure_agenda`). Both must read every
file alike: the fast way takes only what the converter takes, and gives the same agenda."""

from __future__ import annotations

import copy
import gc
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda import Agenda, dumps, loads
from agenda._formats import convert
from agenda._formats.convert import read_agenda, structure_agenda
from agenda._formats.parse import MAX_NESTING, check_nesting, parse
from agenda._text import MAX_NAME, MAX_URL, SHORT_TEXT, first_surrogate, text_problem
from agenda.exceptions import LoadError
from agenda.testing import agendas

FORMATS = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
FOLDERS = (Path(__file__).resolve().parent.parent / "examples", Path(__file__).resolve().parent / "check_cases")
FILES = sorted(path for folder in FOLDERS for path in folder.iterdir() if path.suffix in FORMATS)

#: Values a file can hold, for a field that takes something else.
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)
_WORDS = st.sampled_from(
    ["5m", "0m", "-5m", "1h", "Asia/Kolkata", "IST", "opening", "talk", "09:00-18:00", "11:00", "2021-02-10T11:00"]
)
#: Text at the edges of what every text field takes as it is, lists of it, a table by language.
_LINES = (
    st.sampled_from(["", "x" * SHORT_TEXT, "x" * (SHORT_TEXT + 1), "a\nb", "tab\there", " "])
    | st.lists(st.sampled_from(["s", "", "x" * (SHORT_TEXT + 1), "a\nb"]), max_size=2)
    | st.just({"en": "Talk", "ru": "Доклад"})
)


def both_ways(data: Any) -> tuple[Agenda | None, Agenda | None]:
    """What the fast way and the converter make of `data` (None: refused)."""
    fast = read_agenda(copy.deepcopy(data))
    try:
        check_nesting(data)
    except LoadError:
        return fast, None
    slow, _ = structure_agenda(copy.deepcopy(data))
    return fast, slow


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and index in `data`, as the steps to it."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*prefix, key))
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append((*prefix, index))
            found.extend(paths(value, (*prefix, index)))
    return found


def plain(agenda: Agenda) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dumps(agenda, format="json"))
    return data


@pytest.mark.parametrize("file", FILES, ids=lambda path: path.name)
def test_files_read_alike(file: Path) -> None:
    """Each example and check case: the fast way gives the converter's agenda, or leaves it the file."""
    data, _ = parse(file.read_text("utf-8"), FORMATS[file.suffix])
    fast, slow = both_ways(data)
    assert fast is None or fast == slow


@given(agenda=agendas())
def test_clean_agendas_take_the_fast_way(agenda: Agenda) -> None:
    """A dumped agenda is read the fast way, to the agenda the converter makes of it."""
    fast, slow = both_ways(plain(agenda))
    assert (fast is not None, fast == slow == agenda) == (True, True)


@given(agenda=agendas(), data=st.data())
def test_a_changed_value_is_read_alike(agenda: Agenda, data: st.DataObject) -> None:
    """One value replaced, removed or added anywhere: the fast way never takes what the converter
    refuses, and when it takes it, it makes the same agenda."""
    document = plain(agenda)
    where = data.draw(st.sampled_from(paths(document)))
    *parents, last = where
    container: Any = document
    for step in parents:
        container = container[step]
    change = data.draw(st.sampled_from(["replace", "remove", "add"]))
    if change == "replace":
        container[last] = data.draw(_JSON | _WORDS)
    elif change == "remove":
        del container[last]
    elif isinstance(container, dict):
        container[data.draw(st.text(max_size=6))] = data.draw(_JSON | _WORDS)
    else:
        container.insert(last, data.draw(_JSON | _WORDS))
    fast, slow = both_ways(document)
    assert fast is None or fast == slow


def fields_of(value: Any) -> list[tuple[str, type, Any]]:
    """Each field of a model value: its name, the type of its value, and the value."""
    values = [(field.name, getattr(value, field.name)) for field in attrs.fields(type(value))]
    return [(name, type(field), field) for name, field in values]


def nodes_of(agenda: Agenda) -> list[tuple[str, type, str, list[tuple[str, type, Any]]]]:
    """Every node of the programme: its path, type, `repr` and fields."""
    return [(path, type(node), repr(node), fields_of(node)) for path, node in agenda.walk()]


@given(agenda=agendas())
def test_the_fast_way_makes_what_the_constructors_make(agenda: Agenda) -> None:
    """Each item and part that the fast way makes without its class's constructor is, field by field
    and type by type, what the constructors make of the same file (and of the values drawn), and is
    shown alike."""
    fast, slow = both_ways(plain(agenda))
    assert fast is not None
    assert slow is not None
    assert (nodes_of(fast), repr(fast), fast) == (nodes_of(slow), repr(slow), slow)
    assert nodes_of(fast) == nodes_of(agenda)


def made(make: Any) -> tuple[bool, Any]:
    """Whether `make()` raised, and else what it made with its fields and `repr`."""
    try:
        value = make()
    except Exception:  # the fast way and the constructor need not raise alike, only both
        return True, None
    return False, (type(value), value, fields_of(value), repr(value))


def tables(data: Any) -> list[dict[str, Any]]:
    """Every table of a programme in a file, depth first."""
    found = []
    for node in data:
        found.append(node)
        if "items" in node:
            found.extend(tables(node["items"]))
    return found


@given(agenda=agendas(), data=st.data())
def test_a_table_is_made_as_its_constructor_makes_it(agenda: Agenda, data: st.DataObject) -> None:
    """An item or a part of a file, one of its values replaced, removed (an id then comes from the
    title) or added: made without the constructor, it is refused where the constructor refuses it,
    and else it is what the constructor makes."""
    document = plain(agenda)
    table = data.draw(st.sampled_from(tables(document["parts"])))
    cls = convert.Part if "items" in table else convert.Item
    with convert._event_context(document):
        if "items" in table:
            table["items"] = convert._read_programme(table["items"], 2)
        key = data.draw(st.sampled_from([*table, "id", *(field.name for field in attrs.fields(cls))]))
        change = data.draw(st.sampled_from(["replace", "remove"]))
        if change == "remove":
            table.pop(key, None)
        else:
            table[key] = data.draw(_JSON | _WORDS | _LINES)
        fast = made(lambda: convert._builder(cls)(table))
        slow = made(lambda: cls(**convert._fields(table, cls)))
    assert fast == slow


def deep(levels: int) -> dict[str, Any]:
    """An agenda whose programme is `levels` blocks deep."""
    node: dict[str, Any] = {"title": "Talk", "duration": "5m", "speakers": []}
    for level in range(levels):
        node = {"title": f"Block {level}", "items": [node]}
    return {"event": {"id": "e", "title": "E", "start": "2021-02-10T11:00", "zone": "UTC"}, "parts": [node]}


@pytest.mark.parametrize("levels", range(26, 34))
def test_a_deep_programme_is_read_alike(levels: int) -> None:
    """Around the nesting limit, the fast way takes a programme only when the file is within it."""
    fast, slow = both_ways(deep(levels))
    assert (fast is None or fast == slow, slow is None or levels * 2 + 4 <= MAX_NESTING) == (True, True)


def test_too_deep_a_programme_is_the_parsers_error() -> None:
    """A programme deeper than the limit gets the same message as any file nested too deeply."""
    with pytest.raises(LoadError, match="nested too deeply"):
        loads(json.dumps(deep(40)), format="json")


def test_loading_leaves_the_collector_as_it_was() -> None:
    """The collector is paused while a file loads, and on again after, even when it does not load."""
    with pytest.raises(LoadError):
        loads("[event]\nid = 1\n")
    enabled = gc.isenabled()
    gc.disable()
    try:
        loads(dumps(loads(FILES[0].read_text("utf-8"), format=FORMATS[FILES[0].suffix])))
        paused = gc.isenabled()
    finally:
        gc.enable()
    assert (enabled, paused) == (True, False)


@given(text=st.text(max_size=SHORT_TEXT))
def test_short_printable_text_is_text_for_every_field(text: str) -> None:
    """What the model's validators take without looking further (`SHORT_TEXT`, printable) is text
    that the rule takes for any field, one line or several, at any limit."""
    if text.isprintable():
        assert [
            text_problem(text, multiline=multiline, limit=limit)
            for multiline in (False, True)
            for limit in (None, MAX_NAME, MAX_URL)
        ] == [None] * 6


def test_the_fast_way_reads_annotations_as_text_or_resolved() -> None:
    """The model's annotations are text until cattrs resolves them (it does to write a file): the
    fast way reads a clean file either way, in a fresh interpreter and after a file was written."""
    probe = (
        "import json, sys; from agenda._formats.convert import read_agenda; "
        "print(read_agenda(json.loads(sys.stdin.read())) is not None)"
    )
    text = (FOLDERS[0] / "india-russia-webinar.json").read_text("utf-8")
    fresh = subprocess.run([sys.executable, "-c", probe], input=text, capture_output=True, text=True, check=True)
    data = json.loads(text)
    for cls in (Agenda, *(cls for cls in vars(convert).values() if isinstance(cls, type) and attrs.has(cls))):
        attrs.resolve_types(cls)
    convert._readers.cache_clear()
    assert (fresh.stdout.strip(), read_agenda(copy.deepcopy(data)) is not None) == ("True", True)


@given(text=st.text(alphabet=st.characters() | st.sampled_from("\ud800\udbff\udc80\udfff"), max_size=20))
def test_first_surrogate_is_the_first_that_utf8_cannot_encode(text: str) -> None:
    """`first_surrogate` (how the parser refuses text no file holds) finds the first lone surrogate."""
    found = next((index for index, char in enumerate(text) if "\ud800" <= char <= "\udfff"), None)
    assert first_surrogate(text) == found


def test_a_refused_value_is_reported_with_its_tables_other_problems() -> None:
    """The model's own checks of a value (a language code in a table of texts, the event's
    language) are reported even when the same table has a problem of another kind: a table with
    any problem is not made, so the loader runs each field's check as it reads the field."""
    text = """
        [event]
        id = "x"
        title = { en = "Webinar", xx-bad = "Вебинар" }
        start = "2026-13-40T10:00"
        zone = "Europe/Moscow"
        language = "english!"

        [[parts]]
        title = "Part"
        [[parts.items]]
        kind = "talk"
        title = { en = "Talk", "r u" = "x" }
        duration = "30m"
    """
    with pytest.raises(LoadError) as caught:
        loads(text.replace("\n        ", "\n"))
    found = {(problem.path, problem.message.split(":")[0]) for problem in caught.value.problems}
    assert found == {
        ("event.title", "'title'"),
        ("event.start", "invalid date-time '2026-13-40T10"),
        ("event.language", "'language'"),
        ("parts[0].items[0].kind", "unknown kind 'talk' (kinds"),
        ("parts[0].items[0].title", "'title'"),
    }


def test_a_value_its_validator_refuses_is_reported_with_its_tables_other_problems() -> None:
    """What a field's validator says of its value alone (a control character in a title, an
    empty id) is reported beside the table's other problems, not only once they are fixed; what
    reads other fields (an ``ignore_reason`` without ``ignore``) waits for a table that can be made."""
    text = """
        [event]
        id = "x"
        title = "Webinar\\u0007"
        start = "2026-02-10T25:00"
        zone = "Mars/Base"

        [[parts]]
        title = "Part"
        [[parts.items]]
        id = ""
        title = "Talk"
        duration = "ten minutes"
        ignore_reason = "no ignore"
    """
    with pytest.raises(LoadError) as caught:
        loads(text.replace("\n        ", "\n"))
    found = {(problem.path, problem.message.split(" ")[0]) for problem in caught.value.problems}
    assert found == {
        ("event.title", "'title'"),
        ("event.start", "invalid"),
        ("event.zone", "unknown"),
        ("parts[0].items[0].id", "Length"),
        ("parts[0].items[0].duration", "invalid"),
    }
