"""Every rule against the examples of docs/rules.md: each triggers on its example and not on its clean one."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from agenda.checks import Severity, all_rules, check
from agenda.formats.files import loads

RULES_PAGE = Path(__file__).parent.parent / "docs" / "rules.md"


@attrs.frozen
class Entry:
    code: str
    name: str
    severity: str
    summary: str
    trigger: str
    clean: str
    trigger_others: tuple[str, ...] = ()
    clean_others: tuple[str, ...] = ()


def read_entries() -> dict[str, Entry]:
    """The rule entries of docs/rules.md, by code."""
    text = RULES_PAGE.read_text("utf-8")
    entries = {}
    for chunk in re.split(r"(?m)^### ", text)[1:]:
        head = re.match(r"(AG\d{3}) ([a-z0-9-]+)\n\n\*\*(\w+)\*\*: (.+)\n", chunk)
        assert head is not None, chunk[:80]
        trigger_part, _, clean_part = chunk.partition("\nClean:\n")

        def blocks(part: str, info: str) -> list[str]:
            return re.findall(rf"(?ms)^```{info}\n(.*?)^```", part)

        entries[head[1]] = Entry(
            code=head[1],
            name=head[2],
            severity=head[3],
            summary=head[4],
            trigger=blocks(trigger_part, "toml")[0],
            clean=blocks(clean_part, "toml")[0],
            trigger_others=tuple(blocks(trigger_part, "toml other")),
            clean_others=tuple(blocks(clean_part, "toml other")),
        )
    return entries


ENTRIES = read_entries()
CODES = [rule.code for rule in all_rules()]


def test_docs_list_every_rule_once() -> None:
    """docs/rules.md has one entry per registered rule, and no others."""
    assert list(ENTRIES) == CODES


@pytest.mark.parametrize("code", CODES)
def test_docs_entry_agrees_with_registry(code: str) -> None:
    """The entry's name, severity and summary are the registry's."""
    rule = next(rule for rule in all_rules() if rule.code == code)
    entry = ENTRIES[code]
    assert (rule.name, rule.severity.value, rule.summary) == (entry.name, entry.severity, entry.summary)


@pytest.mark.parametrize("code", CODES)
def test_rule_triggers_on_its_example(code: str) -> None:
    """The triggering example of the docs yields a finding of that rule, at the rule's severity."""
    entry = ENTRIES[code]
    report = check(loads(entry.trigger), others=[loads(text) for text in entry.trigger_others])
    found = [finding for finding in report.findings if finding.code == code]
    assert found, report.findings
    assert {Severity(entry.severity)} == {finding.severity for finding in found}


@pytest.mark.parametrize("code", CODES)
def test_rule_is_quiet_on_its_clean_example(code: str) -> None:
    """The clean example of the docs yields no finding at all."""
    entry = ENTRIES[code]
    report = check(loads(entry.clean), others=[loads(text) for text in entry.clean_others])
    assert report.findings == ()
