"""Changing the rules settings (the configurable items of Resolution 999 as data).

Every write is keyword-only, atomic, validated with ``full_clean()`` and attributed to the
actor (``_history_user``), so a change made from a command is attributed too.
"""

from __future__ import annotations

from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..error_codes import CONFIG_PROBLEM, CarqueueErrorCode, NOTHING_CHANGED
from ..models import RulesSettings
from ..rules import RulesConfig
from .evaluation import field_errors


MIN_REASON_LENGTH = 5


@transaction.atomic
def update_rules_settings(*, actor, config: RulesConfig | dict[str, Any], reason: str,
                          expected_version: int | None = None) -> RulesSettings:
    """Store a new current configuration. The reason is mandatory; history keeps who changed
    it, when, why and the previous document. ``expected_version`` (from the form the
    administrator saw) refuses the change if someone else changed the settings meanwhile."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": ValidationError(_("Write why the settings are changed (at least 5 characters)."),
                                                        code=CarqueueErrorCode.SETTINGS_REASON_SHORT.value)})
    try:
        config = config if isinstance(config, RulesConfig) else RulesConfig.model_validate(config)
    except pydantic.ValidationError as error:
        raise ValidationError({"config": [
            ValidationError(CONFIG_PROBLEM, code=CarqueueErrorCode.CONFIG_INVALID.value,
                            params={"path": e["path"] or "—", "problem": e["message"]})
            for e in field_errors(error)]}) from error
    document = config.model_dump(mode="json")

    current = RulesSettings.objects.select_for_update().filter(singleton=True).first()
    current_version = current.version if current is not None else 0
    if expected_version is not None and expected_version != current_version:
        raise ValidationError(
            _("Someone else changed the settings while you were editing them. Open the settings again and repeat "
              "your change."),
            code=CarqueueErrorCode.STALE.value,
        )
    old = current.rules_config() if current is not None else RulesConfig()
    if old.model_dump(mode="json") == document:
        raise ValidationError(NOTHING_CHANGED, code=CarqueueErrorCode.UNCHANGED.value)
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
