"""Parse docs/carqueue-worked-examples.md into (title, facts, expected) triples, and compare
a decision with an example's expected subset. Pure: no Django, no I/O beyond reading text.

Format: each example starts with a level-3 heading (``### ...``) naming its rule id(s); the
first ```json block after it is the facts document, the second is the expected subset:
``{"eligible": ..., "category": ..., "enrollment_date": ..., "rules": {"CQ-…": "outcome"}}``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple

RULE_ID = re.compile(r"CQ-[A-Z]+-\d+")
_HEADING = re.compile(r"^### +(.+?)\s*$", re.MULTILINE)
_JSON_BLOCK = re.compile(r"^```json\s*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


class WorkedExample(NamedTuple):
    title: str
    facts: dict[str, Any]
    expected: dict[str, Any]

    @property
    def rule_ids(self) -> list[str]:
        return RULE_ID.findall(self.title)


def parse_examples(markdown: str) -> list[WorkedExample]:
    headings = list(_HEADING.finditer(markdown))
    examples: list[WorkedExample] = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(markdown)
        section = markdown[heading.end() : end]
        blocks = _JSON_BLOCK.findall(section)
        if len(blocks) != 2:
            raise ValueError(
                f"example {heading.group(1)!r}: expected 2 json blocks, found {len(blocks)}"
            )
        try:
            facts, expected = (json.loads(block) for block in blocks)
        except json.JSONDecodeError as exc:
            raise ValueError(f"example {heading.group(1)!r}: invalid JSON: {exc}") from exc
        examples.append(WorkedExample(heading.group(1), facts, expected))
    return examples


def load_examples(path: str | Path) -> list[WorkedExample]:
    return parse_examples(Path(path).read_text(encoding="utf-8"))


def mismatches(decision: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Differences between a decision (as `model_dump(mode="json")`) and the expected
    subset; empty when they agree."""
    problems: list[str] = []
    for key, want in expected.items():
        if key == "rules":
            outcomes = {r["rule_id"]: r["outcome"] for r in decision["applied_rules"]}
            for rule_id, outcome in want.items():
                if outcomes.get(rule_id) != outcome:
                    problems.append(f"{rule_id}: expected {outcome}, got {outcomes.get(rule_id)}")
        elif key == "flags":
            codes = {flag["code"] for flag in decision["flags"]}
            problems += [f"flag {code} missing" for code in want if code not in codes]
        elif key == "removal_grounds":
            got = [ground["rule_id"] for ground in decision["removal_grounds"]]
            if got != want:
                problems.append(f"removal_grounds: expected {want}, got {got}")
        elif decision.get(key) != want:
            problems.append(f"{key}: expected {want!r}, got {decision.get(key)!r}")
    return problems
