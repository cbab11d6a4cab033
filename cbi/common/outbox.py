"""The retry schedule of an outbox (SMS to people, status notices to agencies): one rule for when
a failed message is tried again and when it is given up, and one loop that sends the due ones.
Each outbox keeps its own model, lock and sender; this holds only what they share."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable, Sequence

from django.db.models import QuerySet


def next_attempt_at(*, attempts: int, delays: Sequence[int], now: datetime) -> datetime | None:
    """When to try again after the ``attempts``-th failed try, or None when the delays are used
    up and the message is given up."""
    if attempts > len(delays):
        return None
    return now + timedelta(seconds=delays[attempts - 1])


def send_due(due: QuerySet, deliver: Callable[[object], str], *, limit: int) -> dict[str, int]:
    """Deliver the first ``limit`` due messages one by one; {status: how many}."""
    counts: dict[str, int] = {}
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        status = deliver(pk)
        counts[status] = counts.get(status, 0) + 1
    return counts
