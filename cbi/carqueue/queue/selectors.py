"""Reads of the car queue: the person's place (cabinet, EC-APP-9) and the officers' list.

Scope of the officers' list (``queue_scope``):
* a regional officer (or a regional auditor) — the queue their department keeps;
* national bodies (Ministry, Fund) — any region, chosen on the page;
* a district officer — the entries of the persons of their office, in whichever region's
  queue they are.

The causes of a number change (``CAUSE_LABELS``) live here: the writers store the codes,
the pages show the labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, F, Func, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy

from cbi.organizations.models import Organization
from cbi.organizations.scope import Level, Scope, scope_of

from .. import workflow
from ..models import CATEGORY_LABELS, CarApplication, QueueDecision, QueueEntry, QueueNumberChange
from ..settings.selectors import english


#: Causes of a number change (QueueNumberChange.cause): stable codes, shown through these labels.
CAUSE_ENROLLMENT = "enrollment"
CAUSE_RECOUNT = "recount"
CAUSE_LABELS = {
    CAUSE_ENROLLMENT: gettext_lazy("a person was enrolled in the queue"),
    "removal": gettext_lazy("a person was removed from the queue"),
    "restoration": gettext_lazy("a person was restored in the queue"),
    "car_provided": gettext_lazy("a person was provided with a car"),
    "category_change": gettext_lazy("a person moved to another category"),
    CAUSE_RECOUNT: gettext_lazy("scheduled recount of the queue"),
}


def cause_label(cause: str) -> str:
    """The cause of a number change in the UI language (free text is shown as it is)."""
    label = CAUSE_LABELS.get(cause)
    return str(label) if label is not None else cause


@dataclass(frozen=True)
class Reason:
    rule_id: str
    citation: str
    text: str


@dataclass(frozen=True)
class NumberChangeRow:
    changed_at: datetime
    old_number: int | None
    new_number: int | None
    cause: str


@dataclass
class Place:
    entry: QueueEntry
    category: str
    category_label: str
    number: int | None
    enrollment_date: date
    region: Organization
    reasons: list[Reason] = field(default_factory=list)
    history: list[NumberChangeRow] = field(default_factory=list)


def _reasons(entry: QueueEntry) -> list[Reason]:
    key = "reason_en" if english() else "reason_uk"
    return [Reason(r.get("rule_id", ""), r.get("citation", ""), r.get(key) or r.get("reason_uk", ""))
            for r in entry.reasons or []]


def person_place(person) -> list[Place]:
    """The person's active queue entries (normally one): category, number, enrollment date,
    the reasons (rule id, citation, text in the UI language) and how the number changed,
    newest first."""
    entries = (QueueEntry.objects.filter(person=person, status=QueueEntry.Status.ACTIVE)
               .select_related("region")
               .prefetch_related(Prefetch("number_changes",
                                          queryset=QueueNumberChange.objects.order_by("-changed_at", "-id")))
               .order_by("category", "enrollment_date"))
    return [
        Place(
            entry=entry, category=entry.category, category_label=str(CATEGORY_LABELS[entry.category]),
            number=entry.number, enrollment_date=entry.enrollment_date, region=entry.region,
            reasons=_reasons(entry),
            history=[NumberChangeRow(c.changed_at, c.old_number, c.new_number, cause_label(c.cause))
                     for c in entry.number_changes.all()],
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class QueueScope:
    """What the viewer may see: ``regions`` they may choose from, the ``region`` shown
    (None = all the viewer's rows), and ``office`` when limited to one office's persons."""

    regions: list[Organization]
    region: Organization | None
    office: Organization | None
    choose_region: bool
    scope: Scope = field(default=Scope(Level.NONE))


def queue_scope(user, *, region_code: str = "") -> QueueScope | None:
    scope = scope_of(user)
    if scope.level == Level.NONE:
        return None
    if scope.level == Level.NATIONAL:
        regions = list(Organization.objects.filter(kind=Organization.Kind.REGIONAL_DEPARTMENT).order_by("name"))
        chosen = next((r for r in regions if r.code == region_code), None)
        return QueueScope(regions=regions, region=chosen, office=None, choose_region=True, scope=scope)
    if scope.level == Level.REGION:
        # A branch of the Fund sees the queue of the regional department of its oblast.
        region = scope.regional_department()
        return QueueScope(regions=[region] if region else [], region=region, office=None,
                          choose_region=False, scope=scope)
    return QueueScope(regions=[scope.region] if scope.region else [], region=None, office=scope.organization,
                      choose_region=False, scope=scope)


class _InIds(Func):
    """``column IN (subquery)``; on PostgreSQL ``column = ANY(ARRAY(subquery))``.

    The array form makes PostgreSQL run the subquery once (an init plan) and then look the
    column up in its index, whatever the rest of the query: the district officer's list reads
    the office's persons' ids from ``person_office_id`` and their entries from the entries'
    person index, instead of walking the national ``queue_order`` index from the first region
    and joining every entry to its person until a page of the office's entries is found (issue
    #14 §2: 530 ms for the first page of one category at 3 million persons, more for later
    pages and for offices of regions late in the index; docs/performance.md)."""

    output_field = BooleanField()
    conditional = True

    def _sides(self, compiler):
        (lhs, lhs_params), (rhs, rhs_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection, **extra_context):
        lhs, rhs, params = self._sides(compiler)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection, **extra_context):
        lhs, rhs, params = self._sides(compiler)
        return f"{lhs} = ANY(ARRAY{rhs})", params


def queue_entries(scope: QueueScope, *, category: str = "") -> QuerySet[QueueEntry]:
    """The active entries the scope shows, in queue order (category, number)."""
    from cbi.registry.models import Person

    qs = QueueEntry.objects.filter(status=QueueEntry.Status.ACTIVE).select_related("person", "region")
    if scope.office is not None:
        # The office's persons, by the scope's own rule (``Scope.q``), as ids (see ``_InIds``).
        persons = scope.scope.q(office_field="office")
        if persons is None:
            return qs.none()
        q = _InIds(F("person_id"), Subquery(Person.objects.filter(persons).values("pk")))
    elif scope.region is not None:
        q = scope.scope.q(region_field="region") & Q(region=scope.region)
    else:
        return qs.none()
    if q is None:
        return qs.none()
    qs = qs.filter(q)
    if category:
        qs = qs.filter(category=category)
    # Index order (``queue_order``: region, category, status, enrollment date, journal number),
    # which is the numbering order of CQ-CAT-1, so PostgreSQL reads a page of the index instead
    # of sorting the region's entries by the region's name and the number (issue #14 §2: 126-141
    # ms vs 22 ms at 300k entries). A scope shows one region; an office's persons in another
    # region's queue follow by the region's id.
    return qs.order_by("region_id", "category", "enrollment_date", "journal_number")


def category_counts(scope: QueueScope) -> dict[str, int]:
    from django.db.models import Count

    rows = queue_entries(scope).order_by().values("category").annotate(n=Count("id"))
    return {row["category"]: row["n"] for row in rows}


# --- the person's own decisions (the cabinet) -------------------------------------------------
# A refusal of a car application and a removal from the queue, for the persons a cabinet user
# may act for (their own, or whom they legally represent); a refusal stays listed after an
# upheld complaint cancelled it, so that the person sees what happened to it.


def _persons(user):
    from cbi.registry.selectors import persons_user_may_act_for

    return persons_user_may_act_for(user).values("pk")


def refusals_for_cabinet(user, *, person=None) -> QuerySet[CarApplication]:
    refusals = CarApplication.objects.filter(
        person__in=_persons(user), events__to_status=workflow.REFUSED).select_related(
        "person", "office", "office__parent").distinct()
    if person is not None:
        refusals = refusals.filter(person=person)
    return refusals.order_by("-decision_sent_on", "-created_at")


def removals_for_cabinet(user, *, person=None) -> QuerySet[QueueDecision]:
    removals = QueueDecision.objects.filter(
        entry__person__in=_persons(user), kind=QueueDecision.Kind.REMOVAL,
        status=QueueDecision.Status.CONFIRMED).select_related("entry", "entry__person", "entry__region")
    if person is not None:
        removals = removals.filter(entry__person=person)
    return removals.order_by("-effective_on", "-pk")


def refusal_for_cabinet(user, pk) -> CarApplication | None:
    try:
        return refusals_for_cabinet(user).filter(pk=pk).first()
    except (ValueError, ValidationError):
        return None


def removal_for_cabinet(user, pk) -> QueueDecision | None:
    try:
        return removals_for_cabinet(user).filter(pk=int(pk)).first()
    except (ValueError, TypeError):
        return None
