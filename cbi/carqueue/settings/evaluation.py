"""Evaluating a facts document against the settings in force.

The evaluation is shared by the API (``POST /api/v1/car-queue/evaluate``), the command
(``carqueue_evaluate``) and the officers' what-if page: the same document, the same current
settings, the same JSON. Nothing is written.
"""

from __future__ import annotations

import json
from typing import Any

import pydantic

from ..error_codes import CarqueueErrorCode
from ..rules import Decision, RulesConfig, evaluate, parse_facts
from .selectors import current_rules_config


class FactsInvalid(Exception):
    """The facts document was refused; ``errors`` lists ``{"path", "message", "type"}``."""

    def __init__(self, errors: list[dict[str, str]], *, code: str):
        super().__init__(f"{len(errors)} error(s) in the facts document")
        self.errors = errors
        self.code = code


def _path(loc) -> str:
    return ".".join(str(part) for part in loc)


def field_errors(error: pydantic.ValidationError) -> list[dict[str, str]]:
    """pydantic's errors as ``{"path": "person.birth_date", "message": ..., "type": ...}``."""
    out = []
    for item in error.errors(include_url=False):
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        out.append({"path": _path(item["loc"]), "message": message, "type": item["type"]})
    return out


def parse_json_text(text: str | bytes) -> Any:
    """JSON text → data; invalid JSON is a ``FactsInvalid`` with an empty path."""
    try:
        return json.loads(text)
    except ValueError as error:
        raise FactsInvalid([{"path": "", "message": f"Not valid JSON: {error}", "type": "json_invalid"}],
                           code=CarqueueErrorCode.FACTS_INVALID.value) from error


def evaluate_document(document: Any, config: RulesConfig | None = None) -> dict[str, Any]:
    """Validate a parsed facts document and evaluate it with the current settings (or the
    given ``config``). Returns ``Decision.model_dump(mode="json")``; raises ``FactsInvalid``."""
    if document is None:
        raise FactsInvalid([{"path": "", "message": "The facts document is empty: send it as a JSON object.",
                             "type": "missing"}], code=CarqueueErrorCode.FACTS_INVALID.value)
    if not isinstance(document, dict):
        raise FactsInvalid([{"path": "", "message": "The facts document must be a JSON object.",
                             "type": "model_type"}], code=CarqueueErrorCode.FACTS_INVALID.value)
    try:
        facts = parse_facts(document)
    except pydantic.ValidationError as error:
        raise FactsInvalid(field_errors(error), code=CarqueueErrorCode.FACTS_INVALID.value) from error
    decision: Decision = evaluate(facts, config if config is not None else current_rules_config())
    return decision.model_dump(mode="json")


def decision_json(decision: dict[str, Any]) -> str:
    """The one textual form of a decision, shared by the API and the command."""
    return json.dumps(decision, ensure_ascii=False, indent=2, sort_keys=True)
