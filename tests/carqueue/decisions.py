"""The car queue's decisions (CQ-RM-*) and a batch of cars, made the way the weekly sweep and
the regional department make them. Shared by the accessibility crawl's world
(tests/browser/crawl_world.py) and the route × role access test (tests/accounts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass
class QueueDecisions:
    removed: object        # QueueEntry removed by a confirmed decision (it can be restored)
    proposed: object       # QueueDecision: a removal proposed by the sweep, not decided yet
    confirmed: object      # QueueDecision: the confirmed removal of ``removed`` (its letter)
    flagged: object        # QueueEntry with an open flag
    flag_code: str         # the open flag's code ("" if the sweep raised none)
    batch: object          # CarBatch of one car, offered to the top of the queue


def make_queue_decisions(regional, entries) -> QueueDecisions:
    """``entries``: three active queue entries of the regional officer's region. Two lose their
    disability status (two removals proposed, one confirmed), the third is flagged; one car
    arrives."""
    from django.utils import timezone

    from cbi.carqueue.decisions import services as queue_decisions
    from cbi.carqueue.models import QueueDecision
    from cbi.registry.models import DisabilityStatus

    today = timezone.localdate()
    removed, dismissed, flagged = entries
    for entry in (removed, dismissed):
        DisabilityStatus.objects.filter(person=entry.person).update(ended_on=today - timedelta(days=10))
    DisabilityStatus.objects.filter(person=flagged.person).update(ended_on=today - timedelta(days=5))
    DisabilityStatus.objects.create(person=flagged.person, group="I", cause="general_disease",
                                    established_on=today - timedelta(days=5))
    queue_decisions.sweep(on=today)
    confirmed = queue_decisions.confirm_removal(
        decision=QueueDecision.objects.get(entry=removed, kind="removal", status="proposed"),
        actor=regional, note="Строк інвалідності закінчився, повторного огляду не було.")
    flagged.refresh_from_db()
    batch = queue_decisions.record_batch(actor=regional, region=regional.staff_profile.organization,
                                    arrived_on=today, cars=1)
    return QueueDecisions(
        removed=removed, proposed=QueueDecision.objects.get(entry=dismissed, kind="removal", status="proposed"),
        confirmed=confirmed, flagged=flagged, flag_code=flagged.flags[0]["code"], batch=batch)
