"""Car queue data.

``RulesSettings`` keeps the configurable items of the rules (``RulesConfig``: category
grounds, quotas, item-8 exceptions, the work-injury date rule, paid shares, warning lead
days…) as data. There is one current row; every change is kept by django-simple-history
with who, when, why and the whole old document.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError
from simple_history.models import HistoricalRecords

from .rules import RulesConfig


class RulesSettings(models.Model):
    #: Always true and unique: the table holds at most one (the current) row.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    config = models.JSONField(_("rules settings"), encoder=DjangoJSONEncoder)
    #: Incremented on every change; a form carries it so that two administrators editing
    #: at once cannot overwrite each other's change unseen.
    version = models.PositiveIntegerField(default=1)
    reason = models.TextField(_("reason for the change"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("car-queue rules settings")
        verbose_name_plural = _("car-queue rules settings")
        constraints = [
            models.CheckConstraint(name="carqueue_rules_settings_single_row", condition=models.Q(singleton=True)),
        ]

    def __str__(self) -> str:
        return str(_("Car-queue rules settings, version %(version)s")) % {"version": self.version}

    def rules_config(self) -> RulesConfig:
        return RulesConfig.model_validate(self.config)

    def clean(self) -> None:
        super().clean()
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Write why the settings are changed.")})
        try:
            RulesConfig.model_validate(self.config)
        except PydanticValidationError as error:
            messages = [f"{'.'.join(str(p) for p in e['loc']) or '—'}: {e['msg']}" for e in error.errors()]
            raise ValidationError({"config": messages}) from error


# --- Display labels of the rules' vocabularies ------------------------------------------------
# The pure engine speaks in codes; these are the words officers read. Labels shared with the
# registry reuse its msgids (already translated).

CATEGORY_LABELS = {
    "first_priority": _("first-priority queue"),
    "out_of_turn": _("out-of-turn queue"),
    "general": _("general queue"),
}
GROUP_LABELS = {
    "I": _("group I"), "II": _("group II"), "III": _("group III"), "child": _("child with disability"),
}
CAUSE_LABELS = {
    "general_disease": _("general disease"),
    "from_childhood": _("from childhood"),
    "work_injury": _("work injury"),
    "occupational_disease": _("occupational disease"),
    "war": _("war disability"),
    "chornobyl": _("Chornobyl disaster"),
    "military_service": _("illness during military service"),
    "other": _("other cause"),
}
TERM_LABELS = {"fixed": _("for a fixed term"), "indefinite": _("indefinitely")}
CHORNOBYL_ROLE_LABELS = {
    "liquidator": _("liquidator of the consequences of the disaster"),
    "victim": _("victim of the disaster"),
    "other_nuclear_event": _("victim of another nuclear accident"),
}
ASSESSMENT_LABELS = {
    "msek": _("medical and social expert commission (МСЕК)"),
    "expert_team": _("expert team for the assessment of daily functioning"),
    "lkk": _("medical advisory commission (ЛКК)"),
    "vlk": _("military medical commission (ВЛК)"),
}
RECEIVED_VIA_LABELS = {
    "in_person": _("in person"),
    "post": _("by post"),
    "cabinet": _("through the electronic cabinet"),
}
APPLICATION_KIND_LABELS = {
    "first": _("first application"),
    "joint_family": _("joint application of a family with two or more persons with disabilities"),
    "separate_from_family": _("separately from the family (or after a family member's death)"),
    "replacement": _("replacement of a car received earlier"),
    "after_family_change": _("after a change in family composition"),
    "after_reestablishment": _("after the disability was established again"),
}
VEHICLE_KIND_LABELS = {
    "car": _("car"),
    "motorcycle": _("motorcycle"),
    "truck": _("truck"),
    "bus": _("bus"),
    "trailer": _("trailer"),
    "semi_trailer": _("semi-trailer"),
    "other": _("other motor vehicle"),
}
ACQUIRED_HOW_LABELS = {
    "purchased": _("bought"),
    "social_protection": _("received through a social protection body"),
    "fund": _("received through the Fund"),
    "charity": _("received as charitable aid"),
}
HOLDER_LABELS = {"person": _("the person"), "representative": _("the legal representative")}
RELATION_LABELS = {
    "spouse": _("husband or wife"),
    "child": _("son or daughter"),
    "parent": _("father or mother"),
    "sibling": _("brother or sister"),
    "grandparent": _("grandfather or grandmother"),
    "grandchild": _("grandson or granddaughter"),
    "other_relative": _("other relative"),
}
REPRESENTATIVE_LABELS = {
    "parent": _("parent"),
    "guardian": _("guardian"),
    "custodian": _("custodian"),
    "other": _("other legal representative"),
}
OUTCOME_LABELS = {
    "passed": _("met"),
    "failed": _("not met"),
    "applied": _("applied"),
    "not_applicable": _("does not apply"),
    "flagged": _("needs an officer"),
}
WORK_INJURY_RULE_LABELS = {
    "application_date": _("the date of the application"),
    "assessment_date": _("the date of the assessment that found indications"),
}
