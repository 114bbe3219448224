"""Paths into an agenda: parse, join, child, parent, up (agenda._paths)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from agenda import _paths as paths

KEYS = st.sampled_from(["parts", "items", "duration", "speakers", "event", "start"])
SEGMENTS = st.lists(st.one_of(KEYS, st.integers(min_value=0, max_value=99)), max_size=6).filter(
    lambda segments: not segments or isinstance(segments[0], str)
)


def test_parse_splits_keys_and_indexes() -> None:
    """A path becomes its keys and integer indexes."""
    assert paths.parse("parts[1].items[3].duration") == ("parts", 1, "items", 3, "duration")


@given(SEGMENTS)
def test_join_is_the_inverse_of_parse(segments: list[str | int]) -> None:
    """Joining segments and parsing the text gives the segments back."""
    assert tuple(segments) == paths.parse(paths.join(segments))


def test_child_of_nothing_is_a_top_level_part() -> None:
    """The first level of the programme is ``parts[I]``, the levels below ``.items[J]``."""
    assert [paths.child(None, 1), paths.child("parts[1]", 3)] == ["parts[1]", "parts[1].items[3]"]


def test_parent_of_a_nested_node_is_its_part() -> None:
    """The parent of ``parts[1].items[3].items[0]`` is ``parts[1].items[3]``, whose parent is ``parts[1]``."""
    assert [paths.parent("parts[1].items[3].items[0]"), paths.parent("parts[1].items[3]")] == [
        "parts[1].items[3]",
        "parts[1]",
    ]


def test_top_level_part_and_field_paths_have_no_parent_node() -> None:
    """A part at the top, or a path to a field, has no parent node."""
    assert [paths.parent("parts[1]"), paths.parent("parts[1].duration"), paths.parent("event.start")] == [
        None,
        None,
        None,
    ]


@given(SEGMENTS.filter(bool), st.integers(min_value=0, max_value=9))
def test_parent_undoes_child(segments: list[str | int], index: int) -> None:
    """The parent of a part's child is the part."""
    part = paths.join(segments)
    assert part == paths.parent(paths.child(part, index))


def test_up_walks_one_segment_at_a_time() -> None:
    """Walking up from a field passes through the node, its list, its part and the list of parts."""
    walked = []
    path = "parts[1].items[0].duration"
    while path:
        path = paths.up(path)
        walked.append(path)
    assert walked == ["parts[1].items[0]", "parts[1].items", "parts[1]", "parts", ""]
