"""A hook of the documentation site: the JSON schemas that pages link to, published with them.

The pages link to the schemas where they live in the source tree (``../src/agenda/...``), which
works when GitHub shows docs/; on the site the same files are published under ``schemas/`` and
those links are pointed there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = {
    "../src/agenda/schema.json": ROOT / "src/agenda/schema.json",
    "../src/agenda/_formats/report.schema.json": ROOT / "src/agenda/_formats/report.schema.json",
    "../src/agenda/_formats/sarif.schema.json": ROOT / "src/agenda/_formats/sarif.schema.json",
}


def on_files(files: Files, config: Any) -> Files:
    for source in SCHEMAS.values():
        files.append(File.generated(config, f"schemas/{source.name}", abs_src_path=str(source)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    depth = page.file.src_uri.count("/")
    for link, source in SCHEMAS.items():
        markdown = markdown.replace(f"]({link})", f"]({'../' * depth}schemas/{source.name})")
    return markdown
