"""Reads of the rules settings, shared by the car-queue views, the API and the command.

The configurable items of the rules live in ``RulesSettings`` (one current row);
``current_rules_config()`` gives the engine's ``RulesConfig`` — the defaults while nobody has
changed anything. ``describe_config`` turns a configuration into the rows an officer reads
(plain words, the current value, the rule id it comes from), and ``settings_history`` lists
every change with who, when, why and old → new.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cbi.common.history import Change, HistoryEntry, history_entries

from ..models import (
    ASSESSMENT_LABELS, CATEGORY_LABELS, CAUSE_LABELS, RulesSettings, VEHICLE_KIND_LABELS, WORK_INJURY_RULE_LABELS,
)
from ..rules import RulesConfig
from ..rules.enums import CATEGORY_ORDER


def current_rules_settings() -> RulesSettings | None:
    return RulesSettings.objects.select_related("updated_by").filter(singleton=True).first()


def current_rules_config() -> RulesConfig:
    """The configuration the engine uses now: the stored one, or the defaults."""
    current = current_rules_settings()
    return current.rules_config() if current is not None else RulesConfig()


# --- what an officer reads ----------------------------------------------------------------


@dataclass(frozen=True)
class SettingItem:
    key: str
    label: str
    rule_ids: str
    value: str


def english() -> bool:
    return (get_language() or "uk").split("-")[0] == "en"


def ground_label(ground) -> str:
    return ground.label_en if english() else ground.label_uk


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _listing(values, labels) -> str:
    return "; ".join(str(labels.get(str(v), v)) for v in values) if values else _("none")


def paid_share_text(percent: int) -> str:
    if percent == 0:
        return _("free of charge")
    return _("the person pays %(percent)s %% of the price") % {"percent": percent}


def _days(count: int) -> str:
    # One form for every number (the catalogue helper sets no plural forms):
    # "календарних днів: 30".
    return _("%(count)s calendar days") % {"count": count}


def describe_config(config: RulesConfig) -> list[SettingItem]:
    """Every configurable item, in the order of the settings page."""
    items: list[SettingItem] = []
    for ground in [*config.category_grounds, config.fallback_ground]:
        name = ground_label(ground) if ground is not config.fallback_ground else _("everyone else")
        items.append(SettingItem(
            f"category.{ground.code}", _("Queue category for: %(ground)s") % {"ground": name}, "CQ-CAT-2",
            str(CATEGORY_LABELS[ground.category.value]),
        ))
        items.append(SettingItem(
            f"paid.{ground.code}", _("Part of the price the person pays: %(ground)s") % {"ground": name},
            "CQ-CAT-2", paid_share_text(ground.paid_percent),
        ))
    for category in CATEGORY_ORDER:
        items.append(SettingItem(
            f"quota.{category.value}",
            _("Share of each batch of cars for the %(category)s") % {"category": CATEGORY_LABELS[category.value]},
            "CQ-CAT-3", f"{config.quotas[category]} %",
        ))
    items += [
        SettingItem("item8_exception_kinds", _("Kinds of exception under item 8"), "CQ-ELIG-2",
                    "; ".join(k.label_en if english() else k.label_uk for k in config.item8_exception_kinds)
                    or _("none")),
        SettingItem("allow_officer_item8_exception",
                    _("An item-8 exception recorded by an officer (with a reason) is taken into account"),
                    "CQ-ELIG-2", _yes_no(config.allow_officer_item8_exception)),
        SettingItem("work_injury_causes", _("Disability causes treated as a work injury"), "CQ-DATE-8",
                    _listing([c.value for c in config.work_injury_causes], CAUSE_LABELS)),
        SettingItem("work_injury_enrollment_rule", _("Enrollment date for a work-injury disability"), "CQ-DATE-8",
                    str(WORK_INJURY_RULE_LABELS[config.work_injury_enrollment_rule])),
        SettingItem("work_injury_flag_for_officer", _("Every work-injury case is shown to an officer for review"),
                    "CQ-DATE-8", _yes_no(config.work_injury_flag_for_officer)),
        SettingItem("indication_assessment_kinds",
                    _("Assessments whose conclusion on indications for a car counts (adults)"),
                    "CQ-ELIG-7, CQ-DATE-1, CQ-RM-3, CQ-RM-5",
                    _listing([k.value for k in config.indication_assessment_kinds], ASSESSMENT_LABELS)),
        SettingItem("child_indication_assessment_kinds",
                    _("Assessments whose conclusion on indications for a car counts (children)"),
                    "CQ-ELIG-7, CQ-DATE-1, CQ-RM-3, CQ-RM-5",
                    _listing([k.value for k in config.child_indication_assessment_kinds], ASSESSMENT_LABELS)),
        SettingItem("charity_purchase_vehicle_kinds",
                    _("Vehicles that count as a car received as charitable aid or bought"), "CQ-ELIG-3",
                    _listing([k.value for k in config.charity_purchase_vehicle_kinds], VEHICLE_KIND_LABELS)),
        SettingItem("transfer_requires_driving_licence",
                    _("The family member who gets the right to use the car must hold a driving licence"),
                    "CQ-ELIG-6, CQ-RM-3", _yes_no(config.transfer_requires_driving_licence)),
        SettingItem("removal_warning_days", _("Warning before a removal deadline"), "CQ-RM-2, CQ-RM-3",
                    _days(config.removal_warning_days)),
        SettingItem("vehicle_register_max_age_days", _("Longest age of a vehicle register extract"), "CQ-ELIG-5",
                    _days(config.vehicle_register_max_age_days)),
    ]
    return items


def config_changes(old: RulesConfig, new: RulesConfig) -> list[Change]:
    before = {item.key: item for item in describe_config(old)}
    after = {item.key: item for item in describe_config(new)}
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, became = before.get(key), after.get(key)
        if was is None or became is None or was.value != became.value:
            label = (became or was).label
            changes.append(Change(label, was.value if was else "—", became.value if became else "—"))
    return changes


def _config_of(record) -> RulesConfig:
    """The configuration a version of the settings held (the defaults before the first)."""
    return RulesConfig() if record is None else RulesConfig.model_validate(record.config)


def settings_history(limit: int = 50) -> list[HistoryEntry]:
    """Every change of the settings, newest first, with the items that changed (the version
    and the officer's reason: ``entry.record.version``, ``entry.record.reason``)."""
    entries = history_entries(
        RulesSettings.history.all(), keep_unchanged=True,
        compare=lambda record, previous: config_changes(_config_of(previous), _config_of(record)))
    return entries[:limit]
