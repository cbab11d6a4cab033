"""The background task queue (django-tasks with the database backend, ``django_tasks_db``):
tasks whose worker died, and the numbers /metrics reports.

A worker claims a task by setting it RUNNING in the database. If the worker process dies
(killed, out of memory, the machine lost) the task would stay RUNNING for ever: lost. A task
RUNNING for longer than the lease (``TASKS_LEASE_SECONDS``, longer than any task runs) is
therefore put back in the queue, and another worker runs it again. Every task of the project is
idempotent (each ``tasks.py`` says so; a sweep or a renumbering recomputes, a vehicle check
records one answer), so running it again after a death half-way never does the work twice.
A task that has been claimed ``TASKS_MAX_CLAIMS`` times without finishing is marked failed
instead (one that kills its worker every time must not take the workers down one by one).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


@transaction.atomic
def requeue_abandoned(*, lease_seconds: int | None = None, max_claims: int | None = None) -> dict[str, int]:
    """Put tasks RUNNING for longer than the lease back in the queue (or fail them after
    ``max_claims`` claims); the counts of each."""
    lease = settings.TASKS_LEASE_SECONDS if lease_seconds is None else lease_seconds
    claims = settings.TASKS_MAX_CLAIMS if max_claims is None else max_claims
    cutoff = timezone.now() - timedelta(seconds=lease)
    stale = (DBTaskResult.objects.running().filter(started_at__lt=cutoff)
             .select_for_update(skip_locked=True))
    requeued = failed = 0
    for result in stale:
        if len(result.worker_ids) >= claims:
            result.status = TaskResultStatus.FAILED
            result.finished_at = timezone.now()
            result.exception_class_path = "cbi.web.taskqueue.WorkerDied"
            result.traceback = f"claimed {len(result.worker_ids)} times; no worker finished it"
            result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            failed += 1
            logger.error("task %s failed: its worker died %d times", result.id, len(result.worker_ids))
        else:
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            requeued += 1
            logger.warning("task %s requeued: its worker stopped answering (claim %d)",
                           result.id, len(result.worker_ids))
    return {"requeued": requeued, "failed": failed}


class WorkerDied(Exception):
    """Recorded as the failure of a task no worker could finish."""


def queue_counts() -> dict[str, int]:
    """Tasks by status (READY is the queue depth), for /metrics. Task names, never arguments."""
    counts = {status: 0 for status in TaskResultStatus.values}
    for row in DBTaskResult.objects.values("status").order_by().annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts
