"""The one writer of the published statistics: recompute the summary tables."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cbi.applications import workflow
from cbi.applications.models import ApplicationEvent
from cbi.carqueue.models import QueueEntry

from .disclosure import median, percentile
from .models import QueueLength, Refresh, WaitingTime

#: The window of the waiting times: the twelve months before the refresh.
PERIOD_DAYS = 365
#: Kinds of application that end with the product in the person's hands, and the status that
#: says so (applications/workflow.py); compensation and repair are measured differently.
DELIVERED_KINDS = (workflow.PROVISION, workflow.REPLACEMENT)
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
    return refresh
