"""Reads shared by the car-queue views, the API and the command.

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

from .models import (
    ASSESSMENT_LABELS, CATEGORY_LABELS, CAUSE_LABELS, VEHICLE_KIND_LABELS, WORK_INJURY_RULE_LABELS, RulesSettings,
)
from .rules import RulesConfig
from .rules.enums import CATEGORY_ORDER
from datetime import date as _date
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from cbi.organizations.models import Organization
from cbi.organizations.scope import scoped
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


# --- car applications ---------------------------------------------------------------------
# Scope: an application is reached only through ``applications_visible_to`` (the officer's
# office, a regional officer's region, national bodies everything): another office's
# application is a 404.






def applications_visible_to(user) -> QuerySet[CarApplication]:
    return scoped(CarApplication.objects.all(), user=user, office_field="office").select_related(
        "person", "office", "office__parent")


def document_label(code: str) -> str:
    uk, en = DOCUMENT_LABELS.get(code, (code, code))
    return en if english() else uk


def checklist(facts: Facts) -> list[tuple[str, str]]:
    """The item-34 checklist for the case: (code, label in the UI language)."""
    return [(item.code, item.label_en if english() else item.label_uk) for item in required_documents(facts)]


def preview_decision(application: CarApplication, *, on: _date | None = None) -> Decision:
    """What the rules decide for the application now, with the current settings (the same
    facts as the decision itself: ``facts.facts_for``)."""
    from .facts import facts_for

    return evaluate(facts_for(application.person, application, on=on), current_rules_config())


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
    return scoped(ApplicationDeadline.objects.all(), user=user, office_field="application__office").select_related(
        "application", "application__person", "application__office")


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
