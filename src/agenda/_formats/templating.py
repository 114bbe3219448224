"""The Jinja2 environment of the HTML and SVG renderers: templates in `agenda/templates`,
autoescaped, and an error for any name a template uses that the renderer did not pass."""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["render_template"]


@functools.cache
def _environment() -> Any:
    import jinja2

    from agenda._words import iso_utc, when

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("agenda", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "svg", "xml"), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Phrasing helpers the templates and their macros share: times are worded by agenda._words only.
    environment.globals.update(iso_utc=iso_utc, when=when)
    return environment


def render_template(name: str, **context: Any) -> str:
    """Render the template `name` with `context`."""
    text: str = _environment().get_template(name).render(**context)
    return text
