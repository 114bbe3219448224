"""Languages: a programme given in several languages, with a text missing in one of them."""

from __future__ import annotations

from collections.abc import Iterator

from agenda._languages import Localized
from agenda.checks.context import CheckContext
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity


@register(
    "AG801",
    "missing-translation",
    Severity.WARNING,
    "A title, description or organisation name lacks a language the rest of the agenda is given in.",
)
def missing_translation(context: CheckContext) -> Iterator[Hit]:
    """The agenda gives its texts in several languages (tables such as ``title = { en = "…",
    ru = "…" }``), and one text lacks one of them: readers of that language get it in the
    event's language instead. A plain text counts as written in the event's ``language``; without
    one, plain texts are not checked."""
    agenda = context.agenda
    languages = agenda.languages
    if len(languages) < 2:
        return
    default = agenda.event.language
    for path, text in agenda.texts():
        given = tuple(text.texts) if isinstance(text, Localized) else (default,) if default else None
        if given is None:
            continue
        missing = [language for language in languages if language not in given]
        if missing:
            shown = text.in_language(default) if isinstance(text, Localized) else text
            fallback = shown.language if isinstance(shown, Localized) else default
            yield Hit(
                path=path,
                message=f"{path.rsplit('.', 1)[1]} {_quoted(shown)} has no {', '.join(missing)} text: "
                f"{'those readers get' if len(missing) > 1 else 'its readers get'} the {fallback} one",
            )


def _quoted(text: str) -> str:
    short = text if len(text) <= 60 else text[:57] + "..."
    return repr(short)
