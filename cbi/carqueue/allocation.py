"""Cars for a region shared out between the categories (CQ-CAT-3), and humanitarian cars
issued outside the queue to a named enrolled person with their consent (item 41).

- ``propose_batch``: the shares by category from ``rules.allocate_batch`` with the current
  quotas, and who is at the top of each category's queue (nothing is written);
- ``record_batch``: the officer confirms; a ``CarBatch`` keeps the quotas and counts used and
  each person at the top of a category's queue gets a ``CarOffer``;
- ``accept_offer``: the entry becomes *provided* (a ``car_provided`` decision), the category
  is renumbered;
- ``decline_offer``: the next in line of the same category gets the car's offer;
- ``issue_humanitarian``: a humanitarian car for a named enrolled person, only with the
  person's consent recorded; the rules engine's CQ-CAT-3 judges it from the facts (the queue
  entry's ``humanitarian_car``) and its reason and citation go into the decision.

Every car provided is also written to the application's journal (``car_provided``), with
whether it was humanitarian and the consent date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import workflow
from .error_codes import ARRIVAL_FUTURE, NOT_IN_QUEUE, CarqueueErrorCode
from .models import CarBatch, CarOffer, QueueCategory, QueueDecision, QueueEntry
from .facts import facts_for
from .removals import DecisionError, _save_decision, _save_entry, renumber
from .rules import RULES, RulesConfig, allocate_batch
from .rules.enums import Outcome
from .rules.categories import BatchAllocation, QueueItem
from .rules.citations import citation
from .rules.enums import CATEGORY_ORDER

RULE_ID = "CQ-CAT-3"
OPEN_OFFER = CarOffer.Status.OFFERED


@dataclass(frozen=True)
class CategoryShare:
    category: str
    label: str
    quota: int
    count: int
    entries: list[QueueEntry]


def _waiting(region, category: str, *, exclude_batch: CarBatch | None = None):
    """Active entries of a category in queue order, without an open offer (and, for a
    batch, without one they declined from it)."""
    entries = QueueEntry.objects.filter(region=region, category=category, status=QueueEntry.Status.ACTIVE)
    entries = entries.exclude(offers__status=OPEN_OFFER)
    if exclude_batch is not None:
        entries = entries.exclude(offers__batch=exclude_batch)
    return entries.select_related("person").order_by("enrollment_date", "journal_number", "pk").distinct()


def _item(entry: QueueEntry) -> QueueItem:
    return QueueItem(entry_id=str(entry.pk), enrollment_date=entry.enrollment_date,
                     journal_number=entry.journal_number)


def propose_batch(*, region, cars: int, config: RulesConfig | None = None) -> tuple[BatchAllocation, list[CategoryShare]]:
    """What ``allocate_batch`` proposes for ``cars`` cars of ``region`` now."""
    from .selectors import current_rules_config

    config = config or current_rules_config()
    waiting = {c: list(_waiting(region, c.value)) for c in CATEGORY_ORDER}
    allocation = allocate_batch(cars, {c: [_item(e) for e in waiting[c]] for c in CATEGORY_ORDER}, config)
    labels = dict(QueueCategory.choices)
    shares = []
    for c in CATEGORY_ORDER:
        by_id = {str(e.pk): e for e in waiting[c]}
        shares.append(CategoryShare(c.value, str(labels[c.value]), config.quotas[c], allocation.counts[c],
                                    [by_id[item.entry_id] for item in allocation.offers[c]]))
    return allocation, shares


@transaction.atomic
def record_batch(*, actor, region, arrived_on: date, cars: int, config: RulesConfig | None = None) -> CarBatch:
    """The officer confirms a batch: it is recorded with the quotas and counts used, and the
    top of each category's queue is offered a car."""
    from .selectors import current_rules_config

    if cars < 1:
        raise DecisionError(_("Enter the number of cars: at least 1."), code=CarqueueErrorCode.CARS_AT_LEAST_ONE.value)
    if arrived_on > timezone.localdate():
        raise DecisionError(ARRIVAL_FUTURE, code=CarqueueErrorCode.ARRIVAL_FUTURE.value)
    config = config or current_rules_config()
    allocation, shares = propose_batch(region=region, cars=cars, config=config)
    batch = CarBatch(region=region, arrived_on=arrived_on, cars=cars, created_by=actor, allocation={
        "rule_id": RULE_ID,
        "quotas": {c.value: config.quotas[c] for c in CATEGORY_ORDER},
        "counts": {c.value: allocation.counts[c] for c in CATEGORY_ORDER},
        "unallocated": allocation.unallocated,
        "offered": {s.category: [e.pk for e in s.entries] for s in shares},
    })
    batch.full_clean()
    batch._history_user = actor
    batch.save()
    for share in shares:
        for entry in share.entries:
            _offer(batch=batch, entry=entry, on=arrived_on, actor=actor)
    return batch


def _offer(*, batch: CarBatch | None, entry: QueueEntry, on: date, actor, humanitarian: bool = False,
           status: str = OPEN_OFFER) -> CarOffer:
    offer = CarOffer(batch=batch, entry=entry, category=entry.category, humanitarian=humanitarian,
                     status=status, offered_on=on, answered_on=on if status != OPEN_OFFER else None)
    offer.full_clean()
    offer._history_user = actor
    offer.save()
    return offer


def _provide(*, entry: QueueEntry, actor, on: date, reason_uk: str, reason_en: str, note: str = "",
             offer: CarOffer, journal: dict | None = None) -> QueueDecision:
    entry = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != QueueEntry.Status.ACTIVE:
        raise DecisionError(NOT_IN_QUEUE, code=CarqueueErrorCode.NOT_IN_QUEUE.value)
    decision = _save_decision(QueueDecision(
        entry=entry, kind=QueueDecision.Kind.CAR_PROVIDED, status=QueueDecision.Status.CONFIRMED, rule_id=RULE_ID,
        citation=citation(RULE_ID), reason_uk=reason_uk, reason_en=reason_en, effective_on=on, decided_by=actor,
        note=note,
    ), actor)
    entry.status = QueueEntry.Status.PROVIDED
    _save_entry(entry, actor)
    renumber(entry, cause=f"{RULE_ID}: car provided #{decision.pk}")
    if entry.application_id is not None and actor is not None:
        from .journal import append

        append(organization=entry.region, kind=workflow.J_CAR_PROVIDED, application=entry.application, actor=actor,
               payload={"decision": decision.pk, "offer": offer.pk, "rule_id": RULE_ID, "provided_on": on.isoformat(),
                        "humanitarian": offer.humanitarian, **(journal or {})})
    return decision


def _answer(offer: CarOffer, status: str, on: date, actor) -> CarOffer:
    offer = CarOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OPEN_OFFER:
        raise DecisionError(_("The offer has already been answered."), code=CarqueueErrorCode.OFFER_ANSWERED.value)
    offer.status = status
    offer.answered_on = on
    offer.full_clean()
    offer._history_user = actor
    offer.save()
    return offer


@transaction.atomic
def accept_offer(*, offer: CarOffer, actor, on: date | None = None) -> QueueDecision:
    """The person accepts the car: the entry is provided, the category renumbered."""
    on = on or timezone.localdate()
    offer = _answer(offer, CarOffer.Status.ACCEPTED, on, actor)
    arrived = offer.batch.arrived_on.strftime("%d.%m.%Y") if offer.batch else ""
    return _provide(
        entry=offer.entry, actor=actor, on=on, offer=offer,
        reason_uk=f"Автомобіль із партії, що надійшла {arrived}, надано за квотою категорії (CQ-CAT-3).",
        reason_en=f"A car of the batch that arrived on {arrived} is provided under the category's quota (CQ-CAT-3).",
    )


@transaction.atomic
def decline_offer(*, offer: CarOffer, actor, on: date | None = None) -> CarOffer | None:
    """The person declines: the next in line of the same category (who has no open offer
    and has not declined a car of this batch) gets the offer. Returns the new offer, or
    None when nobody is left (the car stays unallocated in the batch)."""
    on = on or timezone.localdate()
    offer = _answer(offer, CarOffer.Status.DECLINED, on, actor)
    if offer.batch is None:
        return None
    batch = CarBatch.objects.select_for_update().get(pk=offer.batch_id)
    following = _waiting(batch.region, offer.category, exclude_batch=batch).first()
    if following is None:
        batch.allocation = {**batch.allocation, "unallocated": batch.allocation.get("unallocated", 0) + 1}
        batch._history_user = actor
        batch.save()
        return None
    return _offer(batch=batch, entry=following, on=on, actor=actor)


def humanitarian_result(entry: QueueEntry, *, on: date, received_on: date, consent_on: date | None,
                        config: RulesConfig | None = None):
    """CQ-CAT-3 of the rules engine on the entry's facts with the humanitarian car (item 41)."""
    from .selectors import current_rules_config

    facts = facts_for(entry.person, entry=entry, on=on,
                      humanitarian_car={"received_on": received_on, "consent_on": consent_on})
    return RULES[RULE_ID](facts, config or current_rules_config())


@transaction.atomic
def issue_humanitarian(*, entry: QueueEntry, actor, on: date, consent: bool, note: str = "",
                       received_on: date | None = None) -> CarOffer:
    """Item 41: a car received as humanitarian aid for a named enrolled person is issued to
    them outside the quotas and the queue order, only with their consent. The decision
    carries the engine's reason and citation; the journal records the provision."""
    if entry.status != QueueEntry.Status.ACTIVE:
        raise DecisionError(_("The person is not in the queue: a humanitarian car goes to an enrolled person."),
                            code=CarqueueErrorCode.HUMANITARIAN_NOT_IN_QUEUE.value)
    received_on = received_on or on
    judged = humanitarian_result(entry, on=on, received_on=received_on, consent_on=on if consent else None)
    if not consent or judged.outcome != Outcome.applied:
        raise DecisionError(_("Record the person's consent: a humanitarian car is issued only with it."),
                            code=CarqueueErrorCode.HUMANITARIAN_CONSENT_REQUIRED.value)
    offer = _offer(batch=None, entry=entry, on=on, actor=actor, humanitarian=True, status=CarOffer.Status.ACCEPTED)
    _provide(
        entry=entry, actor=actor, on=on, note=note.strip(), offer=offer,
        reason_uk=judged.reason_uk, reason_en=judged.reason_en,
        journal={"consent_on": on.isoformat(), "received_on": received_on.isoformat(), "outside_queue": True},
    )
    return offer


def category_label(value: str) -> str:
    return str(dict(QueueCategory.choices).get(value, value))


__all__ = ["CategoryShare", "accept_offer", "decline_offer", "issue_humanitarian", "propose_batch",
           "record_batch"]
