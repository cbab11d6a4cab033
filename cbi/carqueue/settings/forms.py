"""Forms of the rules settings (administrators) and of the what-if page (officers)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pydantic
from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cbi.web.forms import DateField, Form

from ..error_codes import CONFIG_PROBLEM, CarqueueErrorCode
from ..models import (
    ACQUIRED_HOW_LABELS, APPLICATION_KIND_LABELS, ASSESSMENT_LABELS, CATEGORY_LABELS, CAUSE_LABELS,
    CHORNOBYL_ROLE_LABELS, GROUP_LABELS, HOLDER_LABELS, RECEIVED_VIA_LABELS, RELATION_LABELS, REPRESENTATIVE_LABELS,
    TERM_LABELS, VEHICLE_KIND_LABELS, WORK_INJURY_RULE_LABELS,
)
from ..rules import CategoryGround, Item8ExceptionKind, RulesConfig
from ..rules.enums import CATEGORY_ORDER
from ..rules.terms import LOOKBACK_YEARS
from .evaluation import field_errors
from .selectors import ground_label


def _choices(labels: dict) -> list[tuple[str, Any]]:
    return list(labels.items())


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _rule_hint(rule_ids: str, text=None) -> str:
    rules = _("Rule %(rules)s.") % {"rules": rule_ids}
    return f"{text} {rules}" if text else rules


class YesNoField(forms.TypedChoiceField):
    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO, coerce=lambda value: value == "yes", empty_value=None, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value


def _percent(label, help_text) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=100, help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


# --- rules settings ---------------------------------------------------------------------


class RulesSettingsForm(Form):
    """Every configurable item of RulesConfig as an ordinary form field."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, config: RulesConfig, version: int, **kwargs):
        self.config = config
        self.grounds: list[CategoryGround] = [*config.category_grounds, config.fallback_ground]
        kwargs.setdefault("initial", self.initial_from(config, version))
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {}
        for ground in self.grounds:
            name = ground_label(ground) if ground is not config.fallback_ground else _("everyone else")
            fields[f"category__{ground.code}"] = forms.ChoiceField(
                label=_("Queue category for: %(ground)s") % {"ground": name},
                choices=_choices(CATEGORY_LABELS), widget=forms.RadioSelect,
                help_text=_rule_hint("CQ-CAT-2"),
            )
            fields[f"paid__{ground.code}"] = _percent(
                _("Part of the price the person pays, in per cent: %(ground)s") % {"ground": name},
                _rule_hint("CQ-CAT-2", _("0 means free of charge.")),
            )
        for category in CATEGORY_ORDER:
            fields[f"quota__{category.value}"] = _percent(
                _("Share of each batch of cars for the %(category)s, in per cent")
                % {"category": CATEGORY_LABELS[category.value]},
                _rule_hint("CQ-CAT-3", _("The three shares must add up to 100.")),
            )
        fields["item8_exception_kinds"] = forms.CharField(
            label=_("Kinds of exception under item 8"), required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_rule_hint("CQ-ELIG-2", _(
                "One kind per line: the Ukrainian name, then | and the English name, for example: "
                "Рішення комісії | Decision of the commission. Leave empty if there are none.")),
        )
        fields["allow_officer_item8_exception"] = YesNoField(
            label=_("An item-8 exception recorded by an officer (with a reason) is taken into account"),
            help_text=_rule_hint("CQ-ELIG-2"),
        )
        fields["work_injury_causes"] = forms.MultipleChoiceField(
            label=_("Disability causes treated as a work injury"), required=False,
            choices=_choices(CAUSE_LABELS), widget=forms.CheckboxSelectMultiple,
            help_text=_rule_hint("CQ-DATE-8"),
        )
        fields["work_injury_enrollment_rule"] = forms.ChoiceField(
            label=_("Enrollment date for a work-injury disability"),
            choices=_choices(WORK_INJURY_RULE_LABELS), widget=forms.RadioSelect,
            help_text=_rule_hint("CQ-DATE-8", _("The resolution does not say which date applies.")),
        )
        fields["work_injury_flag_for_officer"] = YesNoField(
            label=_("Every work-injury case is shown to an officer for review"), help_text=_rule_hint("CQ-DATE-8"),
        )
        fields["indication_assessment_kinds"] = forms.MultipleChoiceField(
            label=_("Assessments whose conclusion on indications for a car counts (adults)"),
            choices=_choices(ASSESSMENT_LABELS), widget=forms.CheckboxSelectMultiple,
            help_text=_rule_hint("CQ-ELIG-7, CQ-DATE-1, CQ-RM-3, CQ-RM-5"),
            error_messages={"required": _("Choose at least one kind of assessment.")},
        )
        fields["child_indication_assessment_kinds"] = forms.MultipleChoiceField(
            label=_("Assessments whose conclusion on indications for a car counts (children)"),
            choices=_choices(ASSESSMENT_LABELS), widget=forms.CheckboxSelectMultiple,
            help_text=_rule_hint("CQ-ELIG-7, CQ-DATE-1, CQ-RM-3, CQ-RM-5"),
            error_messages={"required": _("Choose at least one kind of assessment.")},
        )
        fields["charity_purchase_vehicle_kinds"] = forms.MultipleChoiceField(
            label=_("Vehicles that count as a car received as charitable aid or bought"),
            choices=_choices(VEHICLE_KIND_LABELS), widget=forms.CheckboxSelectMultiple,
            help_text=_rule_hint("CQ-ELIG-3"),
            error_messages={"required": _("Choose at least one kind of vehicle.")},
        )
        fields["transfer_requires_driving_licence"] = YesNoField(
            label=_("The family member who gets the right to use the car must hold a driving licence"),
            help_text=_rule_hint("CQ-ELIG-6, CQ-RM-3"),
        )
        fields["removal_warning_days"] = forms.IntegerField(
            label=_("Warning before a removal deadline, in days"), min_value=0, max_value=180,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            help_text=_rule_hint("CQ-RM-2, CQ-RM-3", _("From 0 to 180.")),
        )
        fields["vehicle_register_max_age_days"] = forms.IntegerField(
            label=_("Longest age of a vehicle register extract, in days"), min_value=0, max_value=3650,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            help_text=_rule_hint("CQ-ELIG-5", _("From 0 to 3650.")),
        )
        fields["reason"] = forms.CharField(
            label=_("Reason for the change"), min_length=5, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("For example the number and date of the order or letter that requires it. "
                        "It is kept in the change history."),
            error_messages={"required": _("Write why the settings are changed."),
                            "min_length": _("Write why the settings are changed (at least 5 characters).")},
        )
        self.fields.update(fields)
        self._apply_clear_messages(fields)

    def _apply_clear_messages(self, fields):
        # ClearMessagesMixin names the field in "required" errors for the fields known at
        # construction; these fields are added afterwards.
        from cbi.web.forms import _lazy_format

        for field in fields.values():
            if str(field.error_messages.get("required")) != str(forms.Field.default_error_messages["required"]):
                continue
            label = str(field.label or "")
            if isinstance(field.widget, (forms.RadioSelect, forms.Select, forms.CheckboxSelectMultiple)):
                field.error_messages["required"] = _lazy_format(_("Choose “%(label)s”."), label)
            else:
                field.error_messages["required"] = _lazy_format(_("Fill in “%(label)s”."), label)

    @staticmethod
    def initial_from(config: RulesConfig, version: int) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": version}
        for ground in [*config.category_grounds, config.fallback_ground]:
            initial[f"category__{ground.code}"] = ground.category.value
            initial[f"paid__{ground.code}"] = ground.paid_percent
        for category in CATEGORY_ORDER:
            initial[f"quota__{category.value}"] = config.quotas[category]
        initial["item8_exception_kinds"] = "\n".join(
            f"{kind.label_uk} | {kind.label_en}" for kind in config.item8_exception_kinds)
        for name in ("allow_officer_item8_exception", "work_injury_flag_for_officer",
                     "transfer_requires_driving_licence"):
            initial[name] = "yes" if getattr(config, name) else "no"
        initial["work_injury_enrollment_rule"] = config.work_injury_enrollment_rule
        for name in ("work_injury_causes", "indication_assessment_kinds", "child_indication_assessment_kinds",
                     "charity_purchase_vehicle_kinds"):
            initial[name] = [item.value for item in getattr(config, name)]
        initial["removal_warning_days"] = config.removal_warning_days
        initial["vehicle_register_max_age_days"] = config.vehicle_register_max_age_days
        return initial

    def sections(self):
        """(heading, bound fields) in the order of the page."""
        by_prefix = lambda prefix: [self[n] for n in self.fields if n.startswith(prefix)]  # noqa: E731
        return [
            (_("Queue categories and the paid part of the price"),
             [self[f"{kind}__{g.code}"] for g in self.grounds for kind in ("category", "paid")]),
            (_("Sharing out a batch of cars"), by_prefix("quota__")),
            (_("Vehicles and item-8 exceptions"), [self[n] for n in (
                "item8_exception_kinds", "allow_officer_item8_exception", "charity_purchase_vehicle_kinds",
                "vehicle_register_max_age_days")]),
            (_("Work injury"), [self[n] for n in (
                "work_injury_causes", "work_injury_enrollment_rule", "work_injury_flag_for_officer")]),
            (_("Medical assessments, transfer of the right to use the car, warnings"), [self[n] for n in (
                "indication_assessment_kinds", "child_indication_assessment_kinds",
                "transfer_requires_driving_licence", "removal_warning_days")]),
            (_("Why the settings change"), [self["reason"]]),
        ]

    def _item8_kinds(self, text: str) -> list[Item8ExceptionKind]:
        existing = {kind.label_uk: kind.code for kind in self.config.item8_exception_kinds}
        used = set(existing.values())
        kinds = []
        for line in (text or "").splitlines():
            if not line.strip():
                continue
            label_uk, _sep, label_en = (part.strip() for part in line.partition("|"))
            if not label_uk:
                raise forms.ValidationError(_("Each line needs a Ukrainian name before the | sign."),
                                            code=CarqueueErrorCode.ITEM8_NAME_MISSING.value)
            code = existing.get(label_uk)
            if code is None:
                number = 1
                while f"item8_{number}" in used:
                    number += 1
                code = f"item8_{number}"
                used.add(code)
            kinds.append(Item8ExceptionKind(code=code, label_uk=label_uk[:500], label_en=(label_en or label_uk)[:500]))
        return kinds

    def clean(self):
        data = super().clean()
        quotas = [data.get(f"quota__{c.value}") for c in CATEGORY_ORDER]
        if all(q is not None for q in quotas) and sum(quotas) != 100:
            self.add_error(f"quota__{CATEGORY_ORDER[0].value}", forms.ValidationError(_(
                "The three shares add up to %(total)s %%; they must add up to exactly 100 %%. "
                "Change one of them.") % {"total": sum(quotas)}, code=CarqueueErrorCode.QUOTAS_NOT_100.value))
        if "item8_exception_kinds" in data:
            try:
                data["item8_kinds"] = self._item8_kinds(data["item8_exception_kinds"])
            except (forms.ValidationError, pydantic.ValidationError) as error:
                message = error if isinstance(error, forms.ValidationError) else forms.ValidationError(_(
                    "A name is too long or empty. Shorten it to 500 characters."), code=CarqueueErrorCode.ITEM8_NAME_TOO_LONG.value)
                self.add_error("item8_exception_kinds", message)
        if not self.errors:
            try:
                data["config"] = self.rules_config(data)
            except pydantic.ValidationError as error:
                for item in field_errors(error):
                    self.add_error(None, forms.ValidationError(CONFIG_PROBLEM, code=CarqueueErrorCode.CONFIG_INVALID.value,
                                                             params={"path": item["path"], "problem": item["message"]}))
        return data

    def rules_config(self, data) -> RulesConfig:
        def updated(ground: CategoryGround) -> dict[str, Any]:
            return {**ground.model_dump(mode="json"), "category": data[f"category__{ground.code}"],
                    "paid_percent": data[f"paid__{ground.code}"]}

        document = self.config.model_dump(mode="json")
        document.update({
            "category_grounds": [updated(g) for g in self.config.category_grounds],
            "fallback_ground": updated(self.config.fallback_ground),
            "quotas": {c.value: data[f"quota__{c.value}"] for c in CATEGORY_ORDER},
            "item8_exception_kinds": [k.model_dump(mode="json") for k in data["item8_kinds"]],
            "allow_officer_item8_exception": data["allow_officer_item8_exception"],
            "work_injury_causes": data["work_injury_causes"],
            "work_injury_enrollment_rule": data["work_injury_enrollment_rule"],
            "work_injury_flag_for_officer": data["work_injury_flag_for_officer"],
            "indication_assessment_kinds": data["indication_assessment_kinds"],
            "child_indication_assessment_kinds": data["child_indication_assessment_kinds"],
            "charity_purchase_vehicle_kinds": data["charity_purchase_vehicle_kinds"],
            "transfer_requires_driving_licence": data["transfer_requires_driving_licence"],
            "removal_warning_days": data["removal_warning_days"],
            "vehicle_register_max_age_days": data["vehicle_register_max_age_days"],
        })
        return RulesConfig.model_validate(document)


# --- what-if ----------------------------------------------------------------------------


def _without_none(value):
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def _select(labels: dict, empty=None, **kwargs) -> forms.ChoiceField:
    choices = ([("", empty)] if empty is not None else []) + _choices(labels)
    return forms.ChoiceField(choices=choices, required=empty is None, **kwargs)


class WhatIfForm(Form):
    """The main facts of a case, typed by an officer; nothing is stored."""

    evaluation_date = DateField(label=_("Date of the evaluation"),
                                help_text=_("Usually today. The rules are applied as on this day."))
    # person
    birth_date = DateField(label=_("Date of birth"))
    citizen_of_ukraine = forms.BooleanField(label=_("Citizen of Ukraine"), required=False)
    registered_residence_in_ukraine = forms.BooleanField(
        label=_("Has a registered place of residence in Ukraine"), required=False)
    in_state_care_full_support = forms.BooleanField(
        label=_("Lives in a state-funded care institution on full state support"), required=False)
    in_detention = forms.BooleanField(label=_("Is held in a place of detention"), required=False)
    legally_incapable = forms.BooleanField(label=_("Recognised by a court as legally incapable"), required=False)
    # disability
    disability_group = forms.ChoiceField(label=_("Disability group"), choices=_choices(GROUP_LABELS),
                                         widget=forms.RadioSelect)
    disability_cause = _select(CAUSE_LABELS, label=_("Cause of the disability"))
    war_by_vision = forms.BooleanField(label=_("War disability, group I, by vision"), required=False)
    war_without_both_arms = forms.BooleanField(label=_("War disability, group I, without both arms"),
                                               required=False)
    stumps_of_both_legs_and_arms = forms.BooleanField(label=_("Stumps of both legs and both arms"), required=False)
    chornobyl_role = _select(CHORNOBYL_ROLE_LABELS, empty=_("Not a Chornobyl case"),
                             label=_("Chornobyl status"),
                             help_text=_("Only when the cause is the Chornobyl disaster."))
    chornobyl_category = forms.TypedChoiceField(
        label=_("Chornobyl category"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Not a Chornobyl case")), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")],
    )
    chornobyl_causal_link = forms.BooleanField(
        label=_("The causal link of the disability to the Chornobyl disaster is established"), required=False)
    disability_term = forms.ChoiceField(label=_("Disability established"), choices=_choices(TERM_LABELS),
                                        widget=forms.RadioSelect)
    established_on = DateField(label=_("Disability established on"))
    valid_until = DateField(label=_("Disability established until"), required=False,
                            help_text=_("Only for a disability established for a fixed term."))
    # assessment
    assessment_kind = _select(ASSESSMENT_LABELS, empty=_("No assessment yet"), label=_("Assessment body"))
    assessed_on = DateField(label=_("Date of the assessment"), required=False)
    indications_for_car = forms.BooleanField(label=_("The assessment found medical indications for a car"),
                                             required=False)
    hand_controls = forms.BooleanField(label=_("Indications for a car with hand controls"), required=False)
    contraindications_to_driving = forms.BooleanField(label=_("Contraindications to driving"), required=False)
    # application
    registered_on = DateField(label=_("Date the application was registered"))
    received_via = forms.ChoiceField(label=_("How the application came"), choices=_choices(RECEIVED_VIA_LABELS),
                                     widget=forms.RadioSelect)
    application_kind = _select(APPLICATION_KIND_LABELS, label=_("Kind of application"))
    previous_car_issued_on = DateField(label=_("Date the previous car was issued"), required=False,
                                       help_text=_("Only for a replacement of a car."))
    family_enrollment_date = DateField(
        label=_("Enrollment date of the first family member"), required=False,
        help_text=_("Only for a joint application of a family."))
    original_registered_on = DateField(
        label=_("Registration date of the joint family application"), required=False,
        help_text=_("Only for an application separately from the family."))
    # vehicle
    vehicle_kind = _select(VEHICLE_KIND_LABELS, empty=_("No vehicle"), label=_("Kind of vehicle"),
                           help_text=lazy(lambda: ngettext(
                               "A vehicle registered to the person or the legal representative in the last "
                               "%(years)s year.",
                               "A vehicle registered to the person or the legal representative in the last "
                               "%(years)s years.", LOOKBACK_YEARS) % {"years": LOOKBACK_YEARS}, str)())
    vehicle_whose = forms.ChoiceField(label=_("Registered to"), choices=_choices(HOLDER_LABELS), required=False,
                                      widget=forms.RadioSelect)
    vehicle_acquired_how = _select(ACQUIRED_HOW_LABELS, empty=_("Choose how it was acquired"),
                                   label=_("How the vehicle was acquired"))
    vehicle_in_operation_since = DateField(label=_("Vehicle in operation since"), required=False,
                                           help_text=_("The date of the first registration or of manufacture."))
    vehicle_registered_on = DateField(label=_("Date the vehicle was registered to the owner"), required=False)
    vehicle_deregistered_on = DateField(label=_("Date the vehicle was deregistered"), required=False)
    # family and representative
    family_relation = _select(RELATION_LABELS, empty=_("No family member"),
                              label=_("Family member registered at the person's address"))
    family_holds_driving_licence = forms.BooleanField(label=_("The family member holds a driving licence"),
                                                      required=False)
    representative_kind = _select(REPRESENTATIVE_LABELS, empty=_("No legal representative"),
                                  label=_("Legal representative"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {
            "evaluation_date": timezone.localdate(), "citizen_of_ukraine": True,
            "registered_residence_in_ukraine": True, "vehicle_whose": "person",
        })
        super().__init__(*args, **kwargs)

    SECTIONS = [
        (_("Evaluation"), ["evaluation_date"]),
        (_("The person"), ["birth_date", "citizen_of_ukraine", "registered_residence_in_ukraine",
                           "in_state_care_full_support", "in_detention", "legally_incapable"]),
        (_("Disability"), ["disability_group", "disability_cause", "war_by_vision", "war_without_both_arms",
                           "stumps_of_both_legs_and_arms", "chornobyl_role", "chornobyl_category",
                           "chornobyl_causal_link", "disability_term", "established_on", "valid_until"]),
        (_("Medical assessment"), ["assessment_kind", "assessed_on", "indications_for_car", "hand_controls",
                                   "contraindications_to_driving"]),
        (_("Application"), ["registered_on", "received_via", "application_kind", "previous_car_issued_on",
                            "family_enrollment_date", "original_registered_on"]),
        (_("Vehicle"), ["vehicle_kind", "vehicle_whose", "vehicle_acquired_how", "vehicle_in_operation_since",
                        "vehicle_registered_on", "vehicle_deregistered_on"]),
        (_("Family and legal representative"), ["family_relation", "family_holds_driving_licence",
                                                "representative_kind"]),
    ]

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def _need(self, data, name, message) -> None:
        if not data.get(name) and name not in self.errors:
            self.add_error(name, forms.ValidationError(message, code=CarqueueErrorCode.REQUIRED.value))

    def clean(self):
        data = super().clean()
        on: date | None = data.get("evaluation_date")
        if on and data.get("birth_date") and data["birth_date"] > on:
            self.add_error("birth_date", forms.ValidationError(_("The date of birth is after the date of the evaluation."),
                                                                code=CarqueueErrorCode.BIRTH_AFTER_EVALUATION.value))
        if on and data.get("registered_on") and data["registered_on"] > on:
            self.add_error("registered_on", forms.ValidationError(_("The application is registered after the date of the "
                                                                   "evaluation. Change one of the dates."),
                                                                 code=CarqueueErrorCode.REGISTERED_AFTER_EVALUATION.value))
        term = data.get("disability_term")
        if term == "fixed":
            self._need(data, "valid_until", _("Enter the date until which the disability is established."))
        elif term == "indefinite" and data.get("valid_until"):
            self.add_error("valid_until", forms.ValidationError(_("Leave this empty for a disability established indefinitely."),
                                                                 code=CarqueueErrorCode.INDEFINITE_WITH_END.value))
        cause = data.get("disability_cause")
        for name in ("war_by_vision", "war_without_both_arms"):
            if data.get(name) and cause != "war":
                self.add_error(name, forms.ValidationError(_("Only for a war disability: choose the cause “war disability” or "
                                                         "clear this box."), code=CarqueueErrorCode.WAR_ONLY.value))
        if cause == "chornobyl":
            self._need(data, "chornobyl_role", _("Choose the Chornobyl status."))
            self._need(data, "chornobyl_category", _("Choose the Chornobyl category."))
        if data.get("assessment_kind"):
            self._need(data, "assessed_on", _("Enter the date of the assessment."))
        kind = data.get("application_kind")
        if kind == "replacement":
            self._need(data, "previous_car_issued_on", _("Enter the date the previous car was issued."))
        elif kind == "joint_family":
            self._need(data, "family_enrollment_date", _("Enter the enrollment date of the first family member."))
        elif kind == "separate_from_family":
            self._need(data, "original_registered_on",
                       _("Enter the registration date of the joint family application."))
        if data.get("vehicle_kind"):
            self._need(data, "vehicle_acquired_how", _("Choose how the vehicle was acquired."))
            self._need(data, "vehicle_registered_on", _("Enter the date the vehicle was registered."))
            self._need(data, "vehicle_in_operation_since", _("Enter the date the vehicle is in operation since."))
        if data.get("vehicle_whose") == "representative" and data.get("vehicle_kind") and not data.get(
                "representative_kind"):
            self.add_error("representative_kind", forms.ValidationError(_("The vehicle is registered to the legal representative: "
                                                                      "choose who the representative is."),
                                                                    code=CarqueueErrorCode.REPRESENTATIVE_KIND_REQUIRED.value))
        return data

    def facts_document(self) -> dict[str, Any]:
        """The facts document (JSON data) for the engine."""
        d = self.cleaned_data
        iso = lambda value: value.isoformat() if value else None  # noqa: E731
        disability: dict[str, Any] = {
            "group": d["disability_group"], "cause": d["disability_cause"], "term": d["disability_term"],
            "established_on": iso(d["established_on"]), "valid_until": iso(d.get("valid_until")),
            "war_by_vision": d["war_by_vision"], "war_without_both_arms": d["war_without_both_arms"],
            "stumps_of_both_legs_and_arms": d["stumps_of_both_legs_and_arms"],
        }
        if d.get("chornobyl_role") or d.get("chornobyl_category"):
            disability["chornobyl"] = {"role": d.get("chornobyl_role") or None,
                                       "category": d.get("chornobyl_category"),
                                       "causal_link": d["chornobyl_causal_link"]}
        facts: dict[str, Any] = {
            "evaluation_date": iso(d["evaluation_date"]),
            "person": {
                "birth_date": iso(d["birth_date"]),
                **{name: d[name] for name in ("citizen_of_ukraine", "registered_residence_in_ukraine",
                                              "in_state_care_full_support", "in_detention", "legally_incapable")},
            },
            "disability": disability,
            "application": {
                "registered_on": iso(d["registered_on"]), "received_via": d["received_via"],
                "kind": d["application_kind"], "previous_car_issued_on": iso(d.get("previous_car_issued_on")),
                "original_registered_on": iso(d.get("original_registered_on")),
                "family_enrollment_dates": [iso(d["family_enrollment_date"])] if d.get("family_enrollment_date")
                else [],
            },
        }
        if d.get("assessment_kind"):
            facts["assessments"] = [{
                "kind": d["assessment_kind"], "assessed_on": iso(d.get("assessed_on")),
                "indications_for_car": d["indications_for_car"], "hand_controls": d["hand_controls"],
                "contraindications_to_driving": d["contraindications_to_driving"],
            }]
        if d.get("vehicle_kind"):
            facts["vehicles"] = [{
                "kind": d["vehicle_kind"], "whose": d.get("vehicle_whose") or "person",
                "acquired_how": d.get("vehicle_acquired_how") or None,
                "registered_on": iso(d.get("vehicle_registered_on")),
                "deregistered_on": iso(d.get("vehicle_deregistered_on")),
                "in_operation_since": iso(d.get("vehicle_in_operation_since")),
            }]
        if d.get("family_relation"):
            facts["family_members"] = [{"relation": d["family_relation"], "registered_at_same_address": True,
                                         "holds_driving_licence": d["family_holds_driving_licence"]}]
        if d.get("representative_kind"):
            facts["representative"] = {"kind": d["representative_kind"]}
        return _without_none(facts)

    #: Where an engine error about a path goes (longest prefix wins).
    ERROR_FIELDS = {
        "evaluation_date": "evaluation_date",
        "person": "birth_date",
        "disability": "disability_group",
        "disability.chornobyl": "chornobyl_category",
        "disability.valid_until": "valid_until",
        "disability.established_on": "established_on",
        "disability.cause": "disability_cause",
        "disability.term": "disability_term",
        "disability.war_by_vision": "war_by_vision",
        "disability.war_without_both_arms": "war_without_both_arms",
        "assessments": "assessment_kind",
        "assessments.0.assessed_on": "assessed_on",
        "application": "registered_on",
        "application.kind": "application_kind",
        "application.previous_car_issued_on": "previous_car_issued_on",
        "application.original_registered_on": "original_registered_on",
        "application.family_enrollment_dates": "family_enrollment_date",
        "vehicles": "vehicle_kind",
        "vehicles.0.acquired_how": "vehicle_acquired_how",
        "vehicles.0.registered_on": "vehicle_registered_on",
        "vehicles.0.deregistered_on": "vehicle_deregistered_on",
        "vehicles.0.in_operation_since": "vehicle_in_operation_since",
        "vehicles.0.model_year": "vehicle_in_operation_since",
        "representative": "representative_kind",
        "family_members": "family_relation",
    }

    def add_engine_errors(self, errors: list[dict[str, str]]) -> None:
        """Errors the engine found in the document, shown at the fields they concern."""
        for item in errors:
            path = item["path"]
            target = None
            for prefix in sorted(self.ERROR_FIELDS, key=len, reverse=True):
                if path == prefix or path.startswith(prefix + "."):
                    target = self.ERROR_FIELDS[prefix]
                    break
            message = _("%(field)s: %(message)s") % {
                "field": self.fields[target].label if target else path or _("facts"), "message": item["message"]}
            self.add_error(target, message)
