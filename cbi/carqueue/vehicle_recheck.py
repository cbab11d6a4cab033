"""Who the periodic vehicle register re-check covers (CQ-ELIG-5, CQ-RM-4).

Named by the setting ``VEHICLE_RECHECK_PERSONS = "cbi.carqueue.vehicle_recheck.active_queue_persons"``
and called by ``cbi.integrations.services.enrolled_person_ids`` (``manage.py
recheck_vehicle_register --all-enrolled``). The stored answers are then read by the daily
``carqueue_sweep``, which proposes removals under CQ-RM-4.
"""

from __future__ import annotations

from datetime import date


def active_queue_persons() -> list[tuple[str, date]]:
    """(person id, enrollment date) of every active queue entry: the re-check then covers
    7 years before the enrollment up to today. A person in two regions' queues is listed
    once, with the earliest enrollment date."""
    from .models import QueueEntry

    earliest: dict[str, date] = {}
    rows = QueueEntry.objects.filter(status=QueueEntry.Status.ACTIVE).values_list("person_id", "enrollment_date")
    for person_id, enrolled_on in rows.order_by("person_id", "enrollment_date"):
        earliest.setdefault(str(person_id), enrolled_on)
    return sorted(earliest.items())
