"""Files made from the model and the rule registry (agenda._formats.schema): the committed ones are
what the model makes, and a field added to the model alone reaches the schema, the format docs,
the loader, `agenda diff` and the Hypothesis strategies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest

from agenda._formats.schema import generated_files, key_table, main
from agenda._model import Speaker, field_doc

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", sorted(generated_files(ROOT)), ids=lambda p: p.name)
def test_committed_file_is_what_the_model_makes(path: Path) -> None:
    """schema.json, docs/format.md and docs/rules.md equal what is generated from the code."""
    assert generated_files(ROOT)[path] == path.read_text("utf-8"), "run python -m agenda._formats.schema --write"


def _copy_of_the_repository(root: Path) -> Path:
    """The package and the generated pages, copied under `root`."""
    shutil.copytree(ROOT / "src" / "agenda", root / "src" / "agenda", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "docs").mkdir()
    for page in ("format.md", "rules.md"):
        shutil.copy(ROOT / "docs" / page, root / "docs" / page)
    return root


def test_check_names_a_file_that_differs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--check exits 1 and names a generated file edited by hand; --write puts it back."""
    root = _copy_of_the_repository(tmp_path)
    schema = root / "src" / "agenda" / "schema.json"
    schema.write_text(schema.read_text("utf-8").replace('"minLength": 1', '"minLength": 2'), "utf-8")
    assert main(["--check", "--root", str(root)]) == 1
    assert f"{schema} differs" in capsys.readouterr().out
    main(["--write", "--root", str(root)])
    assert (ROOT / "src" / "agenda" / "schema.json").read_text("utf-8") == schema.read_text("utf-8")


def test_a_field_without_metadata_is_described_by_its_name() -> None:
    """A field added without `about(...)` still gets a description (and is compared by diff)."""
    field = attrs.make_class("Scratch", {"preferred_name": attrs.field(default=None)})
    doc = field_doc(attrs.fields(field)[0])
    assert (doc.description, doc.diff) == ("The preferred name.", "")


def test_the_key_table_lists_every_field_in_order() -> None:
    """Each field of a table is one row of its key table, in the model's order."""
    rows = key_table(Speaker).splitlines()[2:]
    assert [f"`{a.name}`" for a in attrs.fields(Speaker)] == [row.split(" | ")[0].removeprefix("| ") for row in rows]


# A scratch copy of the package with one optional field added to Speaker, in the model alone.
SCRATCH_FIELD = "    pronouns: str | None = attrs.field(default=None, validator=_opt_str)\n"

SCRATCH_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    import agenda
    from hypothesis import HealthCheck, given, settings
    from agenda._diff import diff_agendas
    from agenda._formats.schema import main
    from agenda.testing import agendas, speakers

    root = Path(sys.argv[1])
    seen = {"stale before": main(["--check", "--root", str(root)]) == 1}
    main(["--write", "--root", str(root)])
    seen["check after"] = main(["--check", "--root", str(root)])
    schema = json.loads((root / "src" / "agenda" / "schema.json").read_text("utf-8"))
    seen["schema"] = schema["$defs"]["speaker"]["properties"].get("pronouns")
    rows = (root / "docs" / "format.md").read_text("utf-8").splitlines()
    seen["docs"] = [row for row in rows if row.startswith("| `pronouns` |")]
    text = sys.stdin.read()
    old, new = agenda.loads(text, "toml"), agenda.loads(text.replace("she/her", "they/them"), "toml")
    seen["loaded"] = old.speakers[0].pronouns
    seen["dumped"] = "pronouns" in agenda.dumps(old, "toml")
    diff = diff_agendas(old, new)
    seen["diff"] = [(c.kind.value, c.key, list(c.fields)) for c in diff.changes]
    drawn = []

    @settings(database=None, max_examples=60, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @given(speakers(), agendas(max_items=2))
    def draw(speaker, agenda):
        drawn.append((speaker.pronouns is not None, any(s.pronouns for s in agenda.speakers)))

    draw()
    seen["drawn"] = any(alone for alone, _ in drawn)
    seen["in agendas"] = any(inside for _, inside in drawn)
    print(json.dumps(seen))
    """
)

SCRATCH_AGENDA = """
[event]
id = "demo"
title = "Demo webinar"
start = "2021-02-10T11:00"
zone = "Europe/Moscow"

[[speakers]]
id = "olga"
name = "Olga Kulikova"
pronouns = "she/her"

[[parts]]
title = "Keynote"
duration = "30m"
speakers = ["olga"]
"""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What a scratch copy with Speaker.pronouns added makes of it, after regenerating."""
    root = _copy_of_the_repository(tmp_path_factory.mktemp("scratch"))
    model = root / "src" / "agenda" / "_model.py"
    text = model.read_text("utf-8")
    anchor = "    availability: tuple[Interval, ...] = attrs.field("
    assert text.count(anchor) == 1
    model.write_text(text.replace(anchor, SCRATCH_FIELD + anchor), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run(
        [sys.executable, "-c", SCRATCH_SCRIPT, str(root)],
        input=SCRATCH_AGENDA,
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_new_field_makes_the_committed_files_stale(scratch: dict[str, Any]) -> None:
    """Before regenerating, --check reports the files; after, it passes."""
    assert (scratch["stale before"], scratch["check after"]) == (True, 0)


def test_new_field_reaches_the_schema(scratch: dict[str, Any]) -> None:
    """The schema's speaker table gains the key, optional, as text, described by its name."""
    assert scratch["schema"] == {"type": "string", "description": "The pronouns."}


def test_new_field_reaches_the_format_docs(scratch: dict[str, Any]) -> None:
    """docs/format.md's speaker table gains a row for the key."""
    assert scratch["docs"] == ["| `pronouns` |  | text | The pronouns. |"]


def test_new_field_is_loaded_and_written(scratch: dict[str, Any]) -> None:
    """The loader reads the new key and dump writes it."""
    assert (scratch["loaded"], scratch["dumped"]) == ("she/her", True)


def test_new_field_is_compared_by_diff(scratch: dict[str, Any]) -> None:
    """agenda diff reports a change of the new field as an edit of that speaker."""
    assert scratch["diff"] == [["edited", "speaker:olga", ["pronouns"]]]


def test_new_field_is_drawn_by_the_strategies(scratch: dict[str, Any]) -> None:
    """agenda.testing draws speakers with the new field set, alone and inside agendas."""
    assert (scratch["drawn"], scratch["in agendas"]) == (True, True)
