"""Rules the engine and the command line report themselves: a file that cannot be loaded, a
suppression that suppresses nothing."""

from __future__ import annotations

from collections.abc import Iterator

from agenda.checks.context import CheckContext
from agenda.checks.registry import register
from agenda.checks.report import Hit, Severity


@register("AG001", "load-error", Severity.ERROR, "A file cannot be read as an agenda.", engine=True)
def load_error(context: CheckContext) -> Iterator[Hit]:  # pragma: no cover - reported by the command line
    """A syntax error, an unknown key (often a typo), a zone that is not an IANA key, a value of
    the wrong type, or a ``check`` section that names an unknown rule: the file cannot be
    checked. Every problem of the file is reported at its line, and `agenda check` exits with
    status 2. This rule cannot be ignored: a file that is not read is not checked."""
    return iter(())


@register("AG002", "unused-ignore", Severity.WARNING, "An `ignore` in the agenda suppresses nothing.", engine=True)
def unused_ignore(context: CheckContext) -> Iterator[Hit]:  # pragma: no cover - reported by the engine
    """An item, part, speaker or audience lists a rule in ``ignore`` that finds nothing there (the
    problem was fixed, or the code is mistyped), or a name that is no rule at all. Left in place,
    it would silence the next real finding. Rules that did not run (left out by ``select``) are
    not judged."""
    return iter(())
