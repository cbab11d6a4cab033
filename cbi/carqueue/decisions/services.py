"""Changes while in the queue, and removal (CQ-RM-1..5), as decisions.

Every change of a queue entry's status goes through a service of this module (the allocation
part below for a car provided) and leaves a ``QueueDecision`` with the rule id, the
citation from the rules engine, the reason in Ukrainian and English, the effective date and
who decided. Decisions are never deleted: a removed entry keeps its trail and can be
restored.

- The sweep (``sweep``; ``manage.py carqueue_sweep``; task ``tasks.carqueue_sweep``) evaluates
  every active entry with ``rules.evaluate_removal`` and records, idempotently:
  * a removal *proposed* by the system (kind=removal, status=proposed) when a rule fails
    (CQ-RM-1, CQ-RM-2 after the deadline, CQ-RM-3 at the deadline, CQ-RM-4, CQ-RM-5 when the
    re-assessment did not confirm the indications);
  * a *warning* (kind=flag, status=proposed, ``deadline_on``) ``removal_warning_days``
    before a CQ-RM-2 / CQ-RM-3 deadline, with a message to the person;
  * a *flag* on the entry (kind=flag, status=confirmed, ``entry.flags``) when the group
    changed (CQ-RM-5), cleared by a ``flag_cleared`` decision when a re-assessment confirms
    the indications (or by an officer);
  * a *review* flag (``GROUNDS_REVIEW_FLAG``) when a condition of enrollment is lost that no
    removal rule covers (no silent loss of grounds): the officer either keeps the person
    (``clear_flag`` with a reason) or proposes the removal (``propose_removal_on_review``);
    the person is told of either decision.
- An officer confirms (the entry is removed, the category renumbered) or dismisses (a note
  is mandatory) a proposed removal; a removed entry can be restored (renumbered again).

Allocation: cars for a region shared out between the categories (CQ-CAT-3), and humanitarian cars
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

import logging
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cbi.audit.models import AccessEvent
from cbi.audit.services import record_read
from cbi.letters.registry import render_letter
from cbi.notifications.services import notify

from .. import workflow
from ..error_codes import ARRIVAL_FUTURE, CarqueueErrorCode, NOT_IN_QUEUE, NO_SUCH_FLAG
from ..facts import NoDisabilityStatus, facts_for
from ..letters import decision_title
from ..models import CarBatch, CarOffer, QueueCategory, QueueDecision, QueueEntry
from ..rules import RULES, RuleResult, RulesConfig, allocate_batch, evaluate_removal
from ..rules.categories import BatchAllocation, QueueItem
from ..rules.citations import citation
from ..rules.enums import CATEGORY_ORDER, Outcome
from ..rules.removal import GROUNDS_REVIEW_FLAG


logger = logging.getLogger(__name__)

Kind = QueueDecision.Kind
DStatus = QueueDecision.Status

REMOVAL_RULE_IDS = ("CQ-RM-1", "CQ-RM-2", "CQ-RM-3", "CQ-RM-4", "CQ-RM-5")
#: Rules whose deadline gets a warning before it passes.
WARNED_RULE_IDS = ("CQ-RM-2", "CQ-RM-3")
REASSESSMENT_FLAG = "reassessment_required"
#: The sweep's name in the access log: every entry it evaluates is a read of the person's data.
SWEEP_JOB = "car_queue_sweep"
#: Added to a confirmed removal when a car was issued (item 16); stored text, Ukrainian.
RETURN_CAR_NOTE = "Виданий автомобіль підлягає поверненню (п. 16 Порядку)."


class DecisionError(ValidationError):
    """The step is not allowed in the decision's or the entry's present state."""


# --- numbering ------------------------------------------------------------------------------


def renumber(entry: QueueEntry, *, cause: str) -> None:
    """Recompute the numbers of the entry's category in its region (the numbering
    service of ``queue``; every change of a number is kept there)."""
    from ..queue.services import renumber as queue_renumber

    queue_renumber(entry.region, entry.category, cause=cause)


def evaluate_entry(entry: QueueEntry, *, on: date, config: RulesConfig | None = None) -> list[RuleResult]:
    from ..settings.selectors import current_rules_config

    return evaluate_removal(facts_for(entry.person, entry=entry, on=on), config or current_rules_config())


# --- decisions -------------------------------------------------------------------------------


def _save_decision(decision: QueueDecision, actor=None) -> QueueDecision:
    decision.full_clean()
    decision._history_user = actor
    decision.save()
    return decision


def _save_entry(entry: QueueEntry, actor=None) -> None:
    entry.full_clean()
    entry._history_user = actor
    entry.save()


def _from_result(entry: QueueEntry, result: RuleResult, *, kind: str, status: str, effective_on: date,
                 deadline_on: date | None = None, actor=None, note: str = "") -> QueueDecision:
    return _save_decision(QueueDecision(
        entry=entry, kind=kind, status=status, rule_id=result.rule_id, citation=result.citation,
        reason_uk=result.reason_uk, reason_en=result.reason_en, effective_on=effective_on,
        deadline_on=deadline_on, proposed_by_system=actor is None, decided_by=actor, note=note,
    ), actor)


def _require_active(entry: QueueEntry) -> None:
    if entry.status != QueueEntry.Status.ACTIVE:
        raise DecisionError(NOT_IN_QUEUE, code=CarqueueErrorCode.NOT_IN_QUEUE.value)


@transaction.atomic
def propose_removal(*, entry: QueueEntry, result: RuleResult, on: date, actor=None, note: str = "") -> QueueDecision:
    """A removal proposed on a failed rule (by the sweep, or by an officer with ``actor``).
    Idempotent: the same rule with the same effective date is proposed once."""
    _require_active(entry)
    if result.outcome != Outcome.failed or result.rule_id not in REMOVAL_RULE_IDS:
        raise DecisionError(_("Only a failed removal rule can propose a removal."), code=CarqueueErrorCode.NOT_A_REMOVAL_RULE.value)
    effective_on = result.data.get("removal_from") or on
    existing = entry.decisions.filter(kind=Kind.REMOVAL, rule_id=result.rule_id, effective_on=effective_on).first()
    if existing is not None:
        return existing
    return _from_result(entry, result, kind=Kind.REMOVAL, status=DStatus.PROPOSED, effective_on=effective_on,
                        deadline_on=result.data.get("due_on"), actor=actor, note=note)


def _warning_text(decision: QueueDecision) -> tuple[str, str]:
    with override("uk"):
        subject = str(_("Warning: you may be removed from the car queue"))
        body = str(_("%(reason)s If the situation has changed, contact your social protection office before "
                     "%(deadline)s.") % {"reason": decision.reason_uk,
                                         "deadline": decision.deadline_on.strftime("%d.%m.%Y")})
    return subject, body


@transaction.atomic
def warn(*, entry: QueueEntry, result: RuleResult, on: date) -> QueueDecision:
    """A warning before a CQ-RM-2 / CQ-RM-3 deadline (kind=flag, status=proposed, with the
    deadline), and a message to the person. Idempotent per rule and deadline."""
    _require_active(entry)
    deadline = result.data.get("due_on")
    if result.rule_id not in WARNED_RULE_IDS or deadline is None:
        raise DecisionError(_("Only a removal deadline of CQ-RM-2 or CQ-RM-3 is warned about."), code=CarqueueErrorCode.NOT_A_WARNED_DEADLINE.value)
    existing = entry.decisions.filter(kind=Kind.FLAG, rule_id=result.rule_id, deadline_on=deadline).first()
    if existing is not None:
        return existing
    decision = _from_result(entry, result, kind=Kind.FLAG, status=DStatus.PROPOSED, effective_on=on,
                            deadline_on=deadline)
    subject, body = _warning_text(decision)
    notify(person=entry.person, subject=subject, body=body)
    return decision


def open_flags(entry: QueueEntry, code: str | None = None) -> list[dict]:
    return [f for f in (entry.flags or []) if code is None or f.get("code") == code]


@transaction.atomic
def flag_entry(*, entry: QueueEntry, result: RuleResult, on: date, actor=None) -> QueueDecision | None:
    """A flag for an officer: CQ-RM-5 (the group changed; until a re-assessment confirms the
    indications) or the review of a lost condition that no removal rule covers.
    Idempotent: nothing new while the flag for that change is open."""
    _require_active(entry)
    entry = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    since = result.data.get("changed_on") or on
    code = result.flag_code or REASSESSMENT_FLAG
    if code == GROUNDS_REVIEW_FLAG:
        # One open review at a time; a finding an officer has already decided on (the same
        # reason) is not raised again until the facts change.
        if open_flags(entry, code) or entry.decisions.filter(
                kind=Kind.FLAG, rule_id=result.rule_id, reason_uk=result.reason_uk).exists():
            return None
    elif any(f.get("since") == since.isoformat() for f in open_flags(entry, code)):
        return None
    elif entry.decisions.filter(kind=Kind.FLAG, rule_id=result.rule_id, effective_on=since).exists():
        return None  # flagged for this change before and cleared since: not again
    decision = _from_result(entry, result, kind=Kind.FLAG, status=DStatus.CONFIRMED, effective_on=since, actor=actor)
    flag = {"code": code, "rule_id": result.rule_id, "since": since.isoformat(), "note": result.reason_uk,
            "decision": decision.pk}
    if "finding_uk" in result.data:  # the review of a lost condition: what is lost, for the decision
        flag.update(finding_uk=result.data["finding_uk"], finding_en=result.data["finding_en"])
    entry.flags = [*entry.flags, flag]
    _save_entry(entry, actor)
    return decision


@transaction.atomic
def clear_flag(*, entry: QueueEntry, code: str, on: date, actor=None, reason_uk: str = "", reason_en: str = "",
               result: RuleResult | None = None) -> QueueDecision:
    """Clearing a flag is a decision too: by the sweep when the re-assessment confirmed the
    indications (``result``), or by an officer with a reason."""
    entry = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    flags = open_flags(entry, code)
    if not flags:
        raise DecisionError(NO_SUCH_FLAG, code=CarqueueErrorCode.NO_SUCH_FLAG.value)
    if result is None and not (reason_uk or reason_en).strip():
        raise DecisionError(_("Write why the flag is cleared."), code=CarqueueErrorCode.FLAG_REASON_REQUIRED.value)
    rule_id = flags[0].get("rule_id", "CQ-RM-5")
    decision = _save_decision(QueueDecision(
        entry=entry, kind=Kind.FLAG_CLEARED, status=DStatus.CONFIRMED, rule_id=rule_id,
        citation=result.citation if result else citation(rule_id),
        reason_uk=result.reason_uk if result else (reason_uk or reason_en),
        reason_en=result.reason_en if result else (reason_en or reason_uk),
        effective_on=on, proposed_by_system=actor is None, decided_by=actor,
    ), actor)
    entry.flags = [f for f in entry.flags if f.get("code") != code]
    _save_entry(entry, actor)
    if code == GROUNDS_REVIEW_FLAG and actor is not None:
        _notify_kept(decision)
    return decision


@transaction.atomic
def propose_removal_on_review(*, entry: QueueEntry, actor, note: str, on: date | None = None) -> QueueDecision:
    """The officer's decision on a review flag (a lost condition that no removal rule
    covers) is to remove: a removal is proposed citing that condition, with the officer's
    reason, and the flag is settled. The removal then takes effect on confirmation, like
    every other (the written decision and the message to the person go out then)."""
    entry = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    _require_active(entry)
    flags = open_flags(entry, GROUNDS_REVIEW_FLAG)
    if not flags:
        raise DecisionError(NO_SUCH_FLAG, code=CarqueueErrorCode.NO_SUCH_FLAG.value)
    if not (note or "").strip():
        raise DecisionError(_("Write why the person is to be removed from the queue."), code=CarqueueErrorCode.REMOVAL_REASON_REQUIRED.value)
    on = on or timezone.localdate()
    flag = flags[0]
    rule_id = flag.get("rule_id", "CQ-ELIG-1")
    proposal = _save_decision(QueueDecision(
        entry=entry, kind=Kind.REMOVAL, status=DStatus.PROPOSED, rule_id=rule_id, citation=citation(rule_id),
        reason_uk=flag.get("finding_uk") or flag.get("note", ""), reason_en=flag.get("finding_en", ""),
        effective_on=on,
        proposed_by_system=False, decided_by=actor, note=note.strip(),
    ), actor)
    entry.flags = [f for f in entry.flags if f.get("code") != GROUNDS_REVIEW_FLAG]
    _save_entry(entry, actor)
    return proposal


def _notify_kept(decision: QueueDecision) -> None:
    """The person is told that an officer checked a lost condition and kept them in the queue."""
    with override("uk"):
        subject = str(_("Decision: you stay in the car queue"))
        body = str(_("An officer checked a change in your circumstances and decided that you stay in the car "
                     "queue. Reason: %(reason)s")) % {"reason": decision.reason_uk}
        body = f"{body}\n{decision.rule_id} — {decision.citation}"
    notify(person=decision.entry.person, subject=subject, body=body)


def _car_issued(entry: QueueEntry) -> bool:
    return CarOffer.objects.filter(entry=entry, status=CarOffer.Status.ACCEPTED).exists()


@transaction.atomic
def confirm_removal(*, decision: QueueDecision, actor, note: str = "", on: date | None = None) -> QueueDecision:
    """The officer confirms a proposed removal: the entry is removed and its category
    renumbered; the person gets the written decision in the cabinet."""
    decision = QueueDecision.objects.select_for_update().select_related("entry").get(pk=decision.pk)
    if decision.kind != Kind.REMOVAL or decision.status != DStatus.PROPOSED:
        raise DecisionError(_("Only a proposed removal can be confirmed."), code=CarqueueErrorCode.NOT_A_PROPOSED_REMOVAL.value)
    entry = QueueEntry.objects.select_for_update().get(pk=decision.entry_id)
    _require_active(entry)
    decision.status = DStatus.CONFIRMED
    decision.decided_by = actor
    notes = [note.strip()] if note.strip() else []
    if _car_issued(entry) or decision.rule_id == "CQ-RM-1":
        notes.append(RETURN_CAR_NOTE)
    decision.note = "\n".join(notes)
    _save_decision(decision, actor)
    entry.status = QueueEntry.Status.REMOVED
    _save_entry(entry, actor)
    renumber(entry, cause=f"{decision.rule_id}: removal #{decision.pk}")
    _notify_decision(decision)
    # The other open proposals and warnings of the entry are settled by this removal.
    for other in entry.decisions.filter(status=DStatus.PROPOSED).exclude(pk=decision.pk):
        other.status = DStatus.DISMISSED
        other.decided_by = actor
        other.note = f"Вирішено рішенням про зняття з обліку з {_d(decision.effective_on)} ({decision.rule_id})."
        _save_decision(other, actor)
    return decision


@transaction.atomic
def dismiss_removal(*, decision: QueueDecision, actor, note: str) -> QueueDecision:
    """The officer dismisses a proposed removal or a warning; the note is mandatory."""
    decision = QueueDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DStatus.PROPOSED or decision.kind not in (Kind.REMOVAL, Kind.FLAG):
        raise DecisionError(_("Only a proposed removal or a warning can be dismissed."), code=CarqueueErrorCode.NOT_DISMISSIBLE.value)
    if not (note or "").strip():
        raise DecisionError(_("Write why the proposal is dismissed."), code=CarqueueErrorCode.DISMISSAL_REASON_REQUIRED.value)
    decision.status = DStatus.DISMISSED
    decision.decided_by = actor
    decision.note = note.strip()
    return _save_decision(decision, actor)


@transaction.atomic
def restore_entry(*, entry: QueueEntry, actor, reason: str, on: date | None = None) -> QueueDecision:
    """A removed entry is restored in the queue (with its enrollment date), with a reason;
    the category is renumbered."""
    entry = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != QueueEntry.Status.REMOVED:
        raise DecisionError(_("Only a removed entry can be restored."), code=CarqueueErrorCode.NOT_REMOVED.value)
    if not (reason or "").strip():
        raise DecisionError(_("Write why the entry is restored."), code=CarqueueErrorCode.RESTORE_REASON_REQUIRED.value)
    if QueueEntry.objects.filter(person=entry.person, region=entry.region,
                                 status=QueueEntry.Status.ACTIVE).exists():
        raise DecisionError(_("The person already has another entry in this region's queue."),
                            code=CarqueueErrorCode.ANOTHER_ENTRY_IN_REGION.value)
    removal = entry.decisions.filter(kind=Kind.REMOVAL, status=DStatus.CONFIRMED).first()
    rule_id = removal.rule_id if removal else "CQ-RM-1"
    on = on or timezone.localdate()
    # Stored texts of a decision are data in both languages (as the rules engine's reasons).
    reason_uk = (f"Поновлено на обліку з датою взяття на облік {_d(entry.enrollment_date)}: {reason.strip()}")
    reason_en = (f"Restored in the queue with the enrollment date {_d(entry.enrollment_date)}: {reason.strip()}")
    decision = _save_decision(QueueDecision(
        entry=entry, kind=Kind.RESTORATION, status=DStatus.CONFIRMED, rule_id=rule_id, citation=citation(rule_id),
        reason_uk=reason_uk, reason_en=reason_en, effective_on=on, decided_by=actor, note=reason.strip(),
    ), actor)
    entry.status = QueueEntry.Status.ACTIVE
    _save_entry(entry, actor)
    renumber(entry, cause=f"restoration #{decision.pk}")
    _notify_decision(decision)
    return decision


# --- the written decision --------------------------------------------------------------------


def _d(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def decision_pdf(decision: QueueDecision) -> bytes:
    """The written decision for the person (removal or restoration): the letter kind
    ``carqueue.queue_decision`` (carqueue/letters.py)."""
    return render_letter(kind="carqueue.queue_decision", subject=decision)


def _notify_decision(decision: QueueDecision) -> None:
    with override("uk"):
        subject = decision_title(decision)
        body = f"{decision.reason_uk}\n{decision.rule_id} — {decision.citation}"
    notify(person=decision.entry.person, subject=subject, body=body)


# --- the sweep -------------------------------------------------------------------------------


@dataclass
class SweepReport:
    on: date
    evaluated: int = 0
    proposals: list[QueueDecision] = field(default_factory=list)
    warnings: list[QueueDecision] = field(default_factory=list)
    flags: list[QueueDecision] = field(default_factory=list)
    cleared: list[QueueDecision] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.proposals) + len(self.warnings) + len(self.flags) + len(self.cleared)


def _apply(entry: QueueEntry, results: list[RuleResult], on: date, report: SweepReport) -> None:
    for result in results:
        if result.outcome == Outcome.failed:
            effective_on = result.data.get("removal_from") or on
            if not entry.decisions.filter(kind=Kind.REMOVAL, rule_id=result.rule_id,
                                          effective_on=effective_on).exists():
                report.proposals.append(propose_removal(entry=entry, result=result, on=on))
        elif (result.rule_id in WARNED_RULE_IDS and result.outcome == Outcome.flagged
              and result.flag_code == "removal_warning"):
            if not entry.decisions.filter(kind=Kind.FLAG, rule_id=result.rule_id,
                                          deadline_on=result.data.get("due_on")).exists():
                report.warnings.append(warn(entry=entry, result=result, on=on))
        elif result.flag_code == GROUNDS_REVIEW_FLAG or (
                result.rule_id == "CQ-RM-5" and result.outcome == Outcome.flagged):
            decision = flag_entry(entry=entry, result=result, on=on)
            if decision is not None:
                report.flags.append(decision)
                entry.refresh_from_db()
        elif result.rule_id == "CQ-RM-5" and result.outcome == Outcome.passed and open_flags(entry, REASSESSMENT_FLAG):
            report.cleared.append(clear_flag(entry=entry, code=REASSESSMENT_FLAG, on=on, result=result))
            entry.refresh_from_db()
    if open_flags(entry, GROUNDS_REVIEW_FLAG) and not any(r.flag_code == GROUNDS_REVIEW_FLAG for r in results):
        # The lost condition holds again (e.g. a newer assessment found indications).
        report.cleared.append(clear_flag(
            entry=entry, code=GROUNDS_REVIEW_FLAG, on=on,
            reason_uk="Умова взяття на облік знову виконується; перевірка посадовою особою не потрібна.",
            reason_en="The condition of enrollment holds again; no officer's check is needed."))
        entry.refresh_from_db()


def sweep(*, on: date | None = None, region=None, config: RulesConfig | None = None) -> SweepReport:
    """Evaluate every active entry (of ``region``, or all) on day ``on`` and record the
    warnings, proposals and flags; running it twice records nothing new."""
    from ..settings.selectors import current_rules_config

    on = on or timezone.localdate()
    config = config or current_rules_config()
    report = SweepReport(on=on)
    entries = QueueEntry.objects.filter(status=QueueEntry.Status.ACTIVE).select_related(
        "person", "region", "application").order_by("pk")
    if region is not None:
        entries = entries.filter(region=region)
    for entry in entries:
        try:
            results = evaluate_removal(facts_for(entry.person, entry=entry, on=on), config)
        except (NoDisabilityStatus, ValueError) as exc:  # pydantic.ValidationError is a ValueError
            logger.warning("carqueue sweep: entry %s skipped: %s", entry.pk, type(exc).__name__)
            report.skipped.append((entry.pk, type(exc).__name__))
            continue
        report.evaluated += 1
        with transaction.atomic():
            record_read(job=SWEEP_JOB, event_type=AccessEvent.EventType.CAR_QUEUE_ENTRY, obj=entry,
                        purpose=AccessEvent.Purpose.CAR_QUEUE)
            _apply(entry, results, on, report)
    logger.info("carqueue sweep on=%s evaluated=%s proposals=%s warnings=%s flags=%s cleared=%s skipped=%s",
                on, report.evaluated, len(report.proposals), len(report.warnings), len(report.flags),
                len(report.cleared), len(report.skipped))
    return report


# --- allocation of cars (CQ-CAT-3) and humanitarian cars (item 41) -------------------------


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
    from ..settings.selectors import current_rules_config

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
    from ..settings.selectors import current_rules_config

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
        from ..intake.journal import append

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
    from ..settings.selectors import current_rules_config

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
