"""The rule registry: every rule with its stable code, name, default severity and docs.

Codes are stable: a code is never reused for a different rule. Selectors (in ``select`` and
``ignore``) are a code (``AG401``), a code prefix (``AG4``), a rule name (``audience-hours``) or
``ALL``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Container, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from agenda.checks.report import Hit, Severity
from agenda.exceptions import UnknownRuleError

if TYPE_CHECKING:
    from agenda.checks.context import CheckContext

__all__ = [
    "Rule",
    "UnknownRuleError",
    "all_rules",
    "get_rule",
    "is_selector",
    "matches",
    "register",
    "resolve_selection",
]

RuleFunction = Callable[["CheckContext"], Iterable[Hit]]
InputFunction = Callable[["CheckContext"], Any]
CrossFileFunction = Callable[[Sequence[Any], Container[int]], Iterable[tuple[int, Hit]]]


@attrs.frozen(kw_only=True)
class Rule:
    """A check with a stable code. `function` sees one agenda; a cross-file rule's
    `cross_file` sees every agenda checked together, as the `cross_file_input` it takes of each
    (small and picklable: agendas checked in other processes send only that), and says which
    one each hit belongs to. It is asked for the hits of some of them (its second argument):
    the others' messages need not be written."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    function: RuleFunction | None = None
    cross_file: CrossFileFunction | None = None
    cross_file_input: InputFunction | None = None

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "severity": self.severity.value, "summary": self.summary}


_RULES: dict[str, Rule] = {}


def register(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    cross_file: InputFunction | None = None,
    engine: bool = False,
) -> Callable[[Any], Any]:
    """Decorate a rule function; its docstring becomes the rule's documentation. A cross-file
    rule names the function that takes what it reads of one agenda (`cross_file`); the decorated
    function then takes the list of what it returns, one per agenda, and the indexes of the
    agendas whose hits are wanted. An `engine` rule is reported by the engine or
    the command line itself (a file that cannot be loaded, a suppression that suppresses
    nothing): its function is never called."""

    def decorate(function: Any) -> Any:
        if code in _RULES:
            raise ValueError(f"rule code {code} registered twice")
        doc = inspect.cleandoc(function.__doc__ or summary)
        _RULES[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            summary=summary,
            doc=doc,
            function=None if cross_file or engine else function,
            cross_file=function if cross_file and not engine else None,
            cross_file_input=cross_file if not engine else None,
        )
        return function

    return decorate


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, by code."""
    import agenda.checks.rules  # noqa: F401  (registers the rules)

    return tuple(_RULES[code] for code in sorted(_RULES))


def get_rule(selector: str) -> Rule:
    """The rule with this code or name."""
    for rule in all_rules():
        if selector.upper() == rule.code or selector.lower() == rule.name:
            return rule
    raise UnknownRuleError(selector)


def matches(selector: str, rule: Rule) -> bool:
    """Whether `selector` (a code, a prefix, a name or ``ALL``) names `rule`."""
    return _specificity(selector, rule) is not None


def is_selector(selector: str) -> bool:
    """Whether `selector` names at least one rule."""
    return any(matches(selector, rule) for rule in all_rules())


def _specificity(selector: str, rule: Rule) -> int | None:
    """How closely `selector` names `rule` (higher is closer), or None if it does not."""
    if selector.upper() == "ALL":
        return 0
    if selector.lower() == rule.name or selector.upper() == rule.code:
        return len(rule.code)
    if rule.code.startswith(selector.upper()):
        return len(selector)
    return None


def _validate(selectors: Iterable[str], rules: Sequence[Rule]) -> None:
    for selector in selectors:
        if not any(_specificity(selector, rule) is not None for rule in rules):
            raise UnknownRuleError(selector)


def resolve_selection(
    file_select: Sequence[str],
    file_ignore: Sequence[str],
    cli_select: Sequence[str] | None = None,
    cli_ignore: Sequence[str] | None = None,
) -> tuple[Rule, ...]:
    """The rules to run. A command-line ``select`` replaces the file's; ignores from both apply.

    For each rule the most specific matching selector decides (``AG402`` beats ``AG4`` beats
    ``ALL``); on a tie an ignore wins, except that a command-line select beats a file ignore.
    """
    rules = all_rules()
    cli_ignore = tuple(cli_ignore or ())
    _validate((*file_select, *file_ignore, *(cli_select or ()), *cli_ignore), rules)
    select = tuple(cli_select) if cli_select else tuple(file_select) or ("ALL",)
    select_from_cli = bool(cli_select)
    chosen = []
    for rule in rules:
        selected = max((s for x in select if (s := _specificity(x, rule)) is not None), default=None)
        if selected is None:
            continue
        by_file = max((s for x in file_ignore if (s := _specificity(x, rule)) is not None), default=-1)
        by_cli = max((s for x in cli_ignore if (s := _specificity(x, rule)) is not None), default=-1)
        if by_cli >= selected:
            continue
        if by_file > selected or (by_file == selected and not select_from_cli):
            continue
        chosen.append(rule)
    return tuple(chosen)
