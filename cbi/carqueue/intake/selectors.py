"""Reads of car applications, their documents, journal and deadlines.

Scope: an application is reached only through ``applications_visible_to`` (the officer's
office, a regional officer's region, national bodies everything): another office's
application is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as _date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cbi.organizations.scope import scoped

from ..models import ApplicationDeadline, CarApplication, CarApplicationDocument, JournalEntry
from ..rules import Decision, Facts, evaluate, required_documents
from ..rules.documents import DOCUMENT_LABELS
from ..settings.selectors import current_rules_config, english


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
    from ..facts import facts_for

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
