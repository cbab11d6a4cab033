"""Car-queue operations: changing the rules settings, and evaluating a facts document.

Every write is keyword-only, atomic, validated with ``full_clean()`` and attributed to the
actor (``_history_user``), so a change made from a command is attributed too.

The evaluation is shared by the API (``POST /api/v1/car-queue/evaluate``), the command
(``carqueue_evaluate``) and the officers' what-if page: the same document, the same current
settings, the same JSON.
"""

from __future__ import annotations

import json
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import RulesSettings
from .rules import Decision, RulesConfig, evaluate, parse_facts
from .selectors import current_rules_config

__all__ = [
    "FactsInvalid", "current_rules_config", "decision_json", "evaluate_document", "field_errors", "parse_json_text",
    "update_rules_settings",
]

MIN_REASON_LENGTH = 5


@transaction.atomic
def update_rules_settings(*, actor, config: RulesConfig | dict[str, Any], reason: str,
                          expected_version: int | None = None) -> RulesSettings:
    """Store a new current configuration. The reason is mandatory; history keeps who changed
    it, when, why and the previous document. ``expected_version`` (from the form the
    administrator saw) refuses the change if someone else changed the settings meanwhile."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": _("Write why the settings are changed (at least 5 characters).")})
    try:
        config = config if isinstance(config, RulesConfig) else RulesConfig.model_validate(config)
    except pydantic.ValidationError as error:
        raise ValidationError({"config": [f"{e['path'] or '—'}: {e['message']}" for e in field_errors(error)]}) from error
    document = config.model_dump(mode="json")

    current = RulesSettings.objects.select_for_update().filter(singleton=True).first()
    current_version = current.version if current is not None else 0
    if expected_version is not None and expected_version != current_version:
        raise ValidationError(
            _("Someone else changed the settings while you were editing them. Open the settings again and repeat "
              "your change."),
            code="stale",
        )
    old = current.rules_config() if current is not None else RulesConfig()
    if old.model_dump(mode="json") == document:
        raise ValidationError(_("Nothing is changed: the new values are the same as the current ones."),
                              code="unchanged")
    settings = current or RulesSettings(version=0)
    settings.config = document
    settings.reason = reason
    settings.version = current_version + 1
    settings.updated_by = actor
    settings.full_clean()
    settings._history_user = actor
    settings._change_reason = reason
    settings.save()
    return settings


# --- evaluation ---------------------------------------------------------------------------


class FactsInvalid(Exception):
    """The facts document was refused; ``errors`` lists ``{"path", "message", "type"}``."""

    def __init__(self, errors: list[dict[str, str]]):
        super().__init__(f"{len(errors)} error(s) in the facts document")
        self.errors = errors


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
        raise FactsInvalid([{"path": "", "message": f"Not valid JSON: {error}", "type": "json_invalid"}]) from error


def evaluate_document(document: Any, config: RulesConfig | None = None) -> dict[str, Any]:
    """Validate a parsed facts document and evaluate it with the current settings (or the
    given ``config``). Returns ``Decision.model_dump(mode="json")``; raises ``FactsInvalid``."""
    if document is None:
        raise FactsInvalid([{"path": "", "message": "The facts document is empty: send it as a JSON object.",
                             "type": "missing"}])
    if not isinstance(document, dict):
        raise FactsInvalid([{"path": "", "message": "The facts document must be a JSON object.",
                             "type": "model_type"}])
    try:
        facts = parse_facts(document)
    except pydantic.ValidationError as error:
        raise FactsInvalid(field_errors(error)) from error
    decision: Decision = evaluate(facts, config if config is not None else current_rules_config())
    return decision.model_dump(mode="json")


def decision_json(decision: dict[str, Any]) -> str:
    """The one textual form of a decision, shared by the API and the command."""
    return json.dumps(decision, ensure_ascii=False, indent=2, sort_keys=True)
