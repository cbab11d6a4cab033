"""The one writer of the published statistics: recompute the summary tables."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cbi.applications import workflow
from cbi.applications.models import ApplicationEvent
from cbi.carqueue.models import QueueEntry

from . import dashboard as d
from .disclosure import median, percentile
from .models import DashboardFigure, QueueLength, Refresh, WaitingTime

#: The window of the waiting times: the twelve months before the refresh.
PERIOD_DAYS = 365
#: Kinds of application that end with the product in the person's hands (their one home is
#: ``workflow.PRODUCT_KINDS``), and the status that says so; compensation and repair are
#: measured differently.
DELIVERED_KINDS = tuple(sorted(workflow.PRODUCT_KINDS))
DELIVERED_STATUS = workflow.PROVIDED


def _waits(start: date, end: date) -> dict[tuple[int, int | None], list[int]]:
    """Days from submission to delivery of every product delivered from ``start`` to ``end``
    (Kyiv dates, both included), by (product group, regional department); each delivery also
    counts for the whole country (region None)."""
    events = (ApplicationEvent.objects
              .filter(to_status=DELIVERED_STATUS, application__kind__in=DELIVERED_KINDS,
                      application__submitted_at__isnull=False, application__product__isnull=False)
              .order_by("application_id", "at")
              .values_list("application_id", "at", "application__submitted_at",
                           "application__product__group_id", "application__office__parent_id"))
    # Only the first delivery of an application counts; the window is checked on Kyiv dates.
    window_start = timezone.make_aware(datetime.combine(start - timedelta(days=1), time.min))
    events = events.filter(at__gte=window_start)
    waits: dict[tuple[int, int | None], list[int]] = defaultdict(list)
    seen: set = set()
    for application_id, at, submitted_at, group_id, region_id in events.iterator(chunk_size=2000):
        if application_id in seen:
            continue
        seen.add(application_id)
        delivered_on = timezone.localdate(at)
        if not start <= delivered_on <= end:
            continue
        days = max(0, (delivered_on - timezone.localdate(submitted_at)).days)
        waits[(group_id, region_id)].append(days)
        waits[(group_id, None)].append(days)
    return waits


@transaction.atomic
def refresh_public_statistics(*, today: date | None = None) -> Refresh:
    """Recompute every published figure for the twelve months before ``today`` and replace the
    previous figures in one transaction (a page sees the old set or the new one, never a mix)."""
    end = today or timezone.localdate()
    start = end - timedelta(days=PERIOD_DAYS - 1)
    now = _waits(start, end)
    year_ago = _waits(start - timedelta(days=PERIOD_DAYS), start - timedelta(days=1))

    Refresh.objects.all().delete()
    refresh = Refresh.objects.create(finished_at=timezone.now(), period_start=start, period_end=end)
    WaitingTime.objects.bulk_create(
        WaitingTime(refresh=refresh, product_group_id=group_id, region_id=region_id, cases=len(days),
                    median_days=median(days), p90_days=percentile(days, 90),
                    cases_year_ago=len(year_ago.get((group_id, region_id), [])),
                    median_days_year_ago=median(year_ago.get((group_id, region_id), [])))
        for (group_id, region_id), days in now.items()
    )
    lengths = (QueueEntry.objects.filter(status=QueueEntry.Status.ACTIVE)
               .values("region_id", "category").annotate(length=Count("pk")).order_by())
    QueueLength.objects.bulk_create(
        QueueLength(refresh=refresh, region_id=row["region_id"], category=row["category"], length=row["length"])
        for row in lengths
    )
    refresh_dashboard_figures(refresh=refresh)
    return refresh


# --- staff dashboards (issue #15 §1) --------------------------------------------------------------

def _first_month(end: date) -> date:
    month_index = end.year * 12 + end.month - 1 - (d.MONTHS_KEPT - 1)
    return date(month_index // 12, month_index % 12 + 1, 1)


def _as_month(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def refresh_dashboard_figures(*, refresh: Refresh) -> int:
    """Count every figure of the staff dashboards for each district office, each regional
    department and the whole country, as of ``refresh.period_end``. Grouped in the database: the
    rows read here are counts, not persons. Returns the number of figures stored."""
    from cbi.carqueue.models import QueueDecision
    from cbi.primary.models import PrimaryRegistration, Status
    from cbi.registry.models import DisabilityStatus, Organization

    end = refresh.period_end
    first_month = _first_month(end)
    since = timezone.make_aware(datetime.combine(first_month, time.min))
    parent = dict(Organization.objects.filter(kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE)
                  .values_list("pk", "parent_id"))
    counts: dict[tuple, int] = defaultdict(int)

    def add(office_id, measure, key, subkey="", month=None, n=1, region_id=None):
        month = _as_month(month)
        if month is not None and month < first_month:
            return
        region_id = region_id or parent.get(office_id)
        if office_id is not None:
            counts[(DashboardFigure.Level.OFFICE, office_id, measure, key, subkey, month)] += n
        if region_id is not None:
            counts[(DashboardFigure.Level.REGION, region_id, measure, key, subkey, month)] += n
        counts[(DashboardFigure.Level.COUNTRY, None, measure, key, subkey, month)] += n

    # Persons in ЦБІ: the current (not removed) disability status, by group and age band.
    persons = (DisabilityStatus.objects.filter(ended_on__isnull=True, established_on__lte=end)
               .values_list("person__office_id", "group", "person__date_of_birth__year")
               .annotate(n=Count("person_id", distinct=True)).order_by())
    for office_id, group, birth_year, n in persons:
        add(office_id, d.PERSONS, group, d.age_band(end.year - birth_year), n=n)

    # Primary registrations: received (by month of submission) and how they were decided.
    registrations = (PrimaryRegistration.objects.filter(submitted_at__gte=since)
                     .annotate(m=TruncMonth("submitted_at")).values_list("office_id", "status", "m")
                     .annotate(n=Count("pk")).order_by())
    for office_id, status, month, n in registrations:
        add(office_id, d.PRIMARY, d.PRIMARY_RECEIVED, month=month, n=n)
        if status == Status.ACCEPTED:
            add(office_id, d.PRIMARY, d.PRIMARY_ACCEPTED, month=month, n=n)
        elif status == Status.RETURNED:
            add(office_id, d.PRIMARY, d.PRIMARY_RETURNED, month=month, n=n)

    # Assistive-product applications by kind and status, and by product group.
    from cbi.applications.models import ProductApplication, Survey

    applications = (ProductApplication.objects.filter(submitted_at__gte=since)
                    .annotate(m=TruncMonth("submitted_at"))
                    .values_list("office_id", "kind", "status", "product__group__iso_code", "m")
                    .annotate(n=Count("pk")).order_by())
    for office_id, kind, status, iso_code, month, n in applications:
        add(office_id, d.APPLICATIONS, kind, status, month=month, n=n)
        if iso_code:
            add(office_id, d.APPLICATION_GROUPS, iso_code, month=month, n=n)

    surveys = (Survey.objects.filter(submitted_at__gte=since).annotate(m=TruncMonth("submitted_at"))
               .values_list("application__office_id", "rating", "m").annotate(n=Count("pk")).order_by())
    for office_id, rating, month, n in surveys:
        add(office_id, d.SURVEY, str(rating), month=month, n=n)

    # The car queue (Resolution No. 999): the region is the queue's own; the office the person's.
    lengths = (QueueEntry.objects.filter(status=QueueEntry.Status.ACTIVE)
               .values_list("person__office_id", "region_id", "category").annotate(n=Count("pk")).order_by())
    for office_id, region_id, category, n in lengths:
        add(office_id, d.QUEUE_LENGTH, category, n=n, region_id=region_id)
    enrolled = (QueueEntry.objects.filter(enrollment_date__gte=first_month, enrollment_date__lte=end)
                .annotate(m=TruncMonth("enrollment_date"))
                .values_list("person__office_id", "region_id", "category", "m").annotate(n=Count("pk")).order_by())
    for office_id, region_id, category, month, n in enrolled:
        add(office_id, d.QUEUE_ENROLLED, category, month=month, n=n, region_id=region_id)
    decisions = (QueueDecision.objects
                 .filter(status=QueueDecision.Status.CONFIRMED, effective_on__gte=first_month, effective_on__lte=end,
                         kind__in=[QueueDecision.Kind.REMOVAL, QueueDecision.Kind.CAR_PROVIDED])
                 .annotate(m=TruncMonth("effective_on"))
                 .values_list("entry__person__office_id", "entry__region_id", "kind", "rule_id", "citation", "m")
                 .annotate(n=Count("pk")).order_by())
    for office_id, region_id, kind, rule_id, citation, month, n in decisions:
        if kind == QueueDecision.Kind.REMOVAL:
            add(office_id, d.QUEUE_REMOVED, rule_id, citation[:64], month=month, n=n, region_id=region_id)
        else:
            add(office_id, d.QUEUE_ALLOCATED, "", month=month, n=n, region_id=region_id)

    _count_deadlines(add, since=since, first_month=first_month, end=end)

    DashboardFigure.objects.bulk_create(
        (DashboardFigure(refresh=refresh, level=level, organization_id=org_id, measure=measure, key=key,
                         subkey=subkey, month=month, value=n)
         for (level, org_id, measure, key, subkey, month), n in counts.items()),
        batch_size=2000,
    )
    return len(counts)


def _count_deadlines(add, *, since: datetime, first_month: date, end: date) -> None:
    """Decisions in time / late (issue #15 §1), by the month each deadline falls due, with the
    deadlines' own definitions: ``carqueue.rules.deadline_status`` says met / missed / overdue /
    pending on the day of the refresh.

    * Car applications (Resolution No. 999): every ``ApplicationDeadline`` (CQ-FLOW-1, -2, -5) as
      the deadline report counts it — a deadline of a withdrawn application never done is left out.
    * Assistive-product applications: each step of an application submitted in the kept months
      that has a service standard (``applications.workflow.DUE_DAYS``) is due that many days after
      the step was entered (as ``applications.services`` sets ``due_on``) and is done when the
      application moves on (the next event).
    * Complaints about decisions: each complaint is due on its ``due_on`` (the review term from
      filing) and done on the day it was decided."""
    from cbi.applications.models import ApplicationEvent
    from cbi.carqueue.models import ApplicationDeadline
    from cbi.carqueue.rules import deadline_status

    car_deadlines = (ApplicationDeadline.objects.filter(due_on__gte=first_month)
                     .values_list("application__office_id", "code", "due_on", "done_on", "application__status")
                     .order_by())
    for office_id, code, due_on, done_on, status in car_deadlines.iterator(chunk_size=2000):
        if done_on is None and status == "withdrawn":
            continue
        add(office_id, d.DEADLINES, d.deadline_key(d.DEADLINE_CAR_QUEUE, code),
            deadline_status(due_on, done_on, end), month=due_on)

    events = (ApplicationEvent.objects.filter(application__submitted_at__gte=since)
              .order_by("application_id", "at", "pk")
              .values_list("application_id", "application__office_id", "to_status", "at"))
    step = None  # (application, office, status, due_on) of the step being waited on
    for application_id, office_id, to_status, at in events.iterator(chunk_size=5000):
        on = timezone.localdate(at)
        if step is not None:
            if step[0] == application_id:
                _count_step(add, step, done_on=on, end=end)
            else:
                _count_step(add, step, done_on=None, end=end)
        days = workflow.DUE_DAYS.get(to_status)
        # No standard for the new status (a draft, a request for information): nothing is due.
        step = (application_id, office_id, to_status, on + timedelta(days=days)) if days else None
    if step is not None:
        _count_step(add, step, done_on=None, end=end)

    # Complaints about decisions: due when the reviewing body must decide, done when decided; at
    # the office of the person who complained (their region and the country add it up).
    from cbi.complaints.models import Complaint

    complaints = (Complaint.objects.filter(due_on__gte=first_month)
                  .values_list("person__office_id", "subject_kind", "due_on", "decided_at").order_by())
    for office_id, kind, due_on, decided_at in complaints.iterator(chunk_size=2000):
        done_on = timezone.localdate(decided_at) if decided_at else None
        add(office_id, d.DEADLINES, d.deadline_key(d.DEADLINE_COMPLAINTS, kind),
            deadline_status(due_on, done_on, end), month=due_on)


def _count_step(add, step, *, done_on: date | None, end: date) -> None:
    from cbi.carqueue.rules import deadline_status

    _application_id, office_id, status, due_on = step
    add(office_id, d.DEADLINES, d.deadline_key(d.DEADLINE_APPLICATIONS, status),
        deadline_status(due_on, done_on, end), month=due_on)
