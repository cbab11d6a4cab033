"""Reads shared by the car-queue views, the API and the command.

The configurable items of the rules live in ``RulesSettings`` (one current row);
``current_rules_config()`` gives the engine's ``RulesConfig`` — the defaults while nobody has
changed anything. ``describe_config`` turns a configuration into the rows an officer reads
(plain words, the current value, the rule id it comes from), and ``settings_history`` lists
every change with who, when, why and old → new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import (
    ASSESSMENT_LABELS, CATEGORY_LABELS, CAUSE_LABELS, VEHICLE_KIND_LABELS, WORK_INJURY_RULE_LABELS, RulesSettings,
)
from .rules import RulesConfig
from .rules.enums import CATEGORY_ORDER
from datetime import date as _date
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from cbi.accounts.roles import staff_profile
from cbi.registry.models import (
    Address, Assessment, DisabilityStatus, FamilyMember, Organization, Person, Representative,
)
from cbi.registry.selectors import organization_scope_q
from .models import ApplicationDeadline, CarApplication, CarApplicationDocument, JournalEntry
from .rules import Decision, Facts, evaluate, required_documents
from .rules.documents import DOCUMENT_LABELS


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


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    user: Any
    reason: str
    version: int
    changes: list[Change] = field(default_factory=list)


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


def settings_history(limit: int = 50) -> list[HistoryEntry]:
    """Every change of the settings, newest first, with the items that changed."""
    records = list(RulesSettings.history.select_related("history_user").order_by("history_date", "history_id"))
    entries: list[HistoryEntry] = []
    previous = RulesConfig()
    for record in records:
        config = RulesConfig.model_validate(record.config)
        entries.append(HistoryEntry(
            at=record.history_date, user=record.history_user, reason=record.reason, version=record.version,
            changes=config_changes(previous, config),
        ))
        previous = config
    return list(reversed(entries))[:limit]


# --- car applications ---------------------------------------------------------------------
# Scope: an application is reached only through ``applications_visible_to`` (the officer's
# office, a regional officer's region, national bodies everything): another office's
# application is a 404.






class NoDisabilityStatus(Exception):
    """The registry holds no disability status of the person: nothing to build facts from."""


def applications_visible_to(user) -> QuerySet[CarApplication]:
    profile = staff_profile(user)
    if profile is None:
        return CarApplication.objects.none()
    return CarApplication.objects.filter(organization_scope_q(profile.organization)).select_related(
        "person", "office", "office__parent")


def _disability_status(person: Person, on: _date) -> DisabilityStatus | None:
    statuses = list(DisabilityStatus.objects.filter(person=person).order_by("-established_on", "-id"))
    for status in statuses:
        if status.established_on <= on and status.ended_on is None:
            return status
    return statuses[0] if statuses else None


_REPRESENTATIVE_KINDS = {"parent": "parent", "adoptive_parent": "parent", "guardian": "guardian",
                         "custodian": "custodian", "other": "other"}
_RELATIONS = {"other": "other_relative"}


def facts_for_person(person: Person, application: CarApplication, *, on: _date | None = None,
                     documents_provided: list[str] | None = None) -> Facts:
    """The engine's facts document for ``application`` (saved or not), built from the
    registry: the person, the current disability status, the assessments, the legal
    representative and the family members, plus what the officer recorded on the
    application. ``documents_provided`` overrides the stored checklist (registration)."""
    on = on or timezone.localdate()
    status = _disability_status(person, on)
    if status is None:
        raise NoDisabilityStatus(str(person.pk))
    registered_on = application.received_on or on
    evaluation_date = max(on, registered_on)
    disability: dict = {
        "group": status.group, "subgroup_a": status.subgroup_a, "cause": status.cause,
        "term": "fixed" if status.valid_until else "indefinite", "valid_until": status.valid_until,
        "established_on": status.established_on, "removed_on": status.ended_on,
    }
    if status.cause == "chornobyl":
        disability["chornobyl"] = {
            "role": application.chornobyl_role or "victim",
            "category": application.chornobyl_category or 4,
            "causal_link": application.chornobyl_causal_link,
        }
    assessments = [
        {"kind": a.kind, "assessed_on": a.assessed_on, "conclusion_number": a.conclusion_number or None,
         "indications_for_car": a.indications_for_car, "hand_controls": a.hand_controls,
         "contraindications_to_driving": a.contraindications_to_driving}
        for a in Assessment.objects.filter(person=person, assessed_on__lte=evaluation_date).order_by("assessed_on")
    ]
    representative = Representative.objects.filter(person=person).order_by("id").first()
    family = [
        {"full_name": m.full_name, "relation": _RELATIONS.get(m.relation, m.relation),
         "registered_at_same_address": m.registered_at_same_address,
         "holds_driving_licence": m.holds_driving_licence,
         "will_use_car": application.car_user_id == m.pk}
        for m in FamilyMember.objects.filter(person=person).order_by("id")
    ]
    if documents_provided is None and application.pk and not application._state.adding:
        documents_provided = [d.code for d in application.documents.all() if d.presented]
    app: dict = {
        "registered_on": registered_on, "received_via": application.received_via or "in_person",
        "kind": application.kind or "first", "journal_number": application.region_number,
        "previous_car_issued_on": application.previous_car_issued_on,
        "original_registered_on": application.original_registered_on,
        "family_enrollment_dates": [application.family_enrollment_date] if application.family_enrollment_date
        else [],
        "documents_provided": documents_provided,
        "missing_documents_reason": (application.missing_documents_reason or "").strip() or None,
        "process": {
            "referrals_issued_on": application.referrals_issued_on, "health_exam_on": application.health_exam_on,
            "form_088_sent_on": application.form_088_sent_on,
            "social_office_notified_on": application.social_office_notified_on,
            "documents_forwarded_on": application.documents_forwarded_on,
            "documents_complete_on": application.documents_complete_on,
            "journal_registered_on": application.journal_registered_on,
            "decision_sent_on": application.decision_sent_on,
        },
    }
    if app["missing_documents_reason"] and len(app["missing_documents_reason"]) < 5:
        app["missing_documents_reason"] = None
    document = {
        "evaluation_date": evaluation_date,
        "person": {
            "full_name": person.full_name, "birth_date": person.date_of_birth,
            # The registry keeps only citizens of Ukraine (a Ukrainian passport is required).
            "citizen_of_ukraine": True,
            "registered_residence_in_ukraine": Address.objects.filter(person=person, kind="registered").exists(),
            "legally_incapable": application.legally_incapable,
            "without_parental_care": application.without_parental_care,
            "wwii_combat_participant": application.wwii_combat_participant,
        },
        "disability": disability,
        "assessments": assessments,
        "application": app,
        "family_members": family,
        "representative": ({"full_name": representative.full_name,
                            "kind": _REPRESENTATIVE_KINDS.get(representative.kind, "other")}
                           if representative else None),
    }
    return Facts.model_validate(document)


def document_label(code: str) -> str:
    uk, en = DOCUMENT_LABELS.get(code, (code, code))
    return en if english() else uk


def checklist(facts: Facts) -> list[tuple[str, str]]:
    """The item-34 checklist for the case: (code, label in the UI language)."""
    return [(item.code, item.label_en if english() else item.label_uk) for item in required_documents(facts)]


def preview_decision(application: CarApplication, *, on: _date | None = None) -> Decision:
    """What the rules decide for the application now, with the current settings."""
    return evaluate(facts_for_person(application.person, application, on=on), current_rules_config())


def _overdue_q(today: _date) -> Q:
    return Q(done_on__isnull=True, due_on__lt=today)


def application_list(user, *, status: str = "", overdue_only: bool = False,
                     today: _date | None = None) -> QuerySet[CarApplication]:
    """The officer's work list: their office (regional: their region; national: all)."""
    today = today or timezone.localdate()
    qs = applications_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    overdue = ApplicationDeadline.objects.filter(_overdue_q(today), application=OuterRef("pk"))
    qs = qs.annotate(has_overdue=Exists(overdue))
    if overdue_only:
        qs = qs.filter(has_overdue=True).exclude(status__in=["enrolled", "refused", "withdrawn"])
    return qs.order_by("-received_on", "-created_at").prefetch_related("deadlines")


def deadlines_visible_to(user) -> QuerySet[ApplicationDeadline]:
    profile = staff_profile(user)
    if profile is None:
        return ApplicationDeadline.objects.none()
    return ApplicationDeadline.objects.filter(
        organization_scope_q(profile.organization, prefix="application__")
    ).select_related("application", "application__person", "application__office")


def due_and_overdue(user, *, today: _date | None = None) -> dict[str, list[ApplicationDeadline]]:
    """Open deadlines in the officer's scope: ``overdue`` (past due) and ``due`` (not yet)."""
    today = today or timezone.localdate()
    open_ = deadlines_visible_to(user).filter(done_on__isnull=True).exclude(
        application__status__in=["withdrawn", "enrolled", "refused"]).order_by("due_on", "id")
    return {"overdue": [d for d in open_ if d.due_on < today], "due": [d for d in open_ if d.due_on >= today]}


@dataclass
class OfficeDeadlines:
    office: Organization
    met: int = 0
    missed: int = 0
    overdue: int = 0
    pending: int = 0

    @property
    def total(self) -> int:
        return self.met + self.missed + self.overdue + self.pending


def deadline_report(user, *, today: _date | None = None) -> list[OfficeDeadlines]:
    """Deadlines met and missed per office in the viewer's scope: met (done in time), missed
    (done late), overdue (not done, past due), pending (not done, not yet due). Deadlines of
    withdrawn applications that were never done are left out."""
    today = today or timezone.localdate()
    rows: dict[int, OfficeDeadlines] = {}
    for deadline in deadlines_visible_to(user).select_related("application__office").order_by():
        if deadline.done_on is None and deadline.application.status == "withdrawn":
            continue
        office = deadline.application.office
        row = rows.setdefault(office.pk, OfficeDeadlines(office))
        status = deadline.status(today)
        setattr(row, status, getattr(row, status) + 1)
    return sorted(rows.values(), key=lambda r: r.office.name)


def application_journal(application: CarApplication) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(application=application).select_related(
        "journal__organization", "recorded_by").order_by("recorded_at", "id"))


def application_documents(application: CarApplication) -> list[CarApplicationDocument]:
    return list(application.documents.all())
