"""CQ-RM-1..5: changes while in the queue, and removal.

Removal is only *proposed* here: the regional department decides, with a date, the rule id
and a written decision; the history is never deleted.
"""

from __future__ import annotations

from datetime import date

from .common import (
    another_person_allowed,
    assessment_label_en,
    assessment_label_uk,
    counting_assessments,
    latest_assessment,
    names,
    regardless_grounds,
    transfer_candidates,
)
from .config import RulesConfig
from .dates import add_days, add_months, fmt_en, fmt_uk
from .eligibility import cq_elig_2_no_recent_vehicle, cq_elig_3_no_charity_or_new_purchase
from .enums import DisabilityEventKind, DisabilityTerm, Outcome
from .facts import Facts
from .results import RuleResult, result
from .terms import MONTHS_GEN, MONTHS_NOM, REMOVAL_MONTHS, en_count, uk_count

_MONTHS_UK, _MONTHS_EN = uk_count(REMOVAL_MONTHS, MONTHS_GEN), en_count(REMOVAL_MONTHS, "month")


def removal_warning_date(deadline: date, config: RulesConfig) -> date:
    """The day the officer and the person are warned before a removal deadline."""
    return add_days(deadline, -config.removal_warning_days)


def renewal_deadline(valid_until: date) -> date:
    """CQ-RM-2: last day to renew a fixed-term disability (term end + REMOVAL_MONTHS).
    Renewal on this day is in time; removal is proposed from the next day."""
    return add_months(valid_until, REMOVAL_MONTHS)


def contraindication_removal_deadline(established_on: date) -> date:
    """CQ-RM-3: the person is removed within REMOVAL_MONTHS of the day the contraindications
    (without a family member to pass the right to) were established; the removal is
    proposed on this day at the latest."""
    return add_months(established_on, REMOVAL_MONTHS)


def _not_enrolled(rule_id: str) -> RuleResult:
    return result(
        rule_id,
        Outcome.not_applicable,
        "Особа ще не перебуває на обліку.",
        "The person is not enrolled yet.",
    )


def cq_rm_1_disability_removed(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-RM-1"
    if not facts.is_enrolled:
        return _not_enrolled(rule_id)
    removed_on = facts.disability.removed_on
    if removed_on is None or removed_on > facts.evaluation_date:
        return result(
            rule_id,
            Outcome.passed,
            "Інвалідність не знято.",
            "The disability has not been removed.",
        )
    return result(
        rule_id,
        Outcome.failed,
        f"Інвалідність знято {fmt_uk(removed_on)}: особа знімається з обліку; виданий "
        "автомобіль повертається (п. 16). Повторно — з дати встановлення інвалідності "
        "(CQ-DATE-7).",
        f"The disability was removed on {fmt_en(removed_on)}: the person is removed from the "
        "queue; a car already issued must be returned (item 16). Re-enrollment from the "
        "re-establishment date (CQ-DATE-7).",
        removal_from=removed_on,
    )


def cq_rm_2_fixed_term_not_renewed(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-RM-2"
    if not facts.is_enrolled:
        return _not_enrolled(rule_id)
    disability, on = facts.disability, facts.evaluation_date
    if disability.term != DisabilityTerm.fixed or disability.valid_until is None:
        return result(
            rule_id,
            Outcome.passed,
            "Інвалідність встановлено безстроково.",
            "The disability is indefinite.",
        )
    until = disability.valid_until
    deadline = renewal_deadline(until)
    warn_on = removal_warning_date(deadline, config)
    if until >= on:
        return result(
            rule_id,
            Outcome.passed,
            f"Інвалідність встановлено до {fmt_uk(until)}; строк не минув.",
            f"The disability is set until {fmt_en(until)}; the term has not ended.",
            valid_until=until,
        )
    if on <= deadline:
        return result(
            rule_id,
            Outcome.flagged,
            f"Строк інвалідності закінчився {fmt_uk(until)}. Її треба поновити до "
            f"{fmt_uk(deadline)} включно, інакше особу буде знято з обліку"
            + (f" (попередження з {fmt_uk(warn_on)})." if on >= warn_on else "."),
            f"The disability's term ended on {fmt_en(until)}. It must be renewed by "
            f"{fmt_en(deadline)} inclusive, or the person will be removed from the queue"
            + (f" (warning period since {fmt_en(warn_on)})." if on >= warn_on else "."),
            flag_code="removal_warning" if on >= warn_on else "disability_renewal_due",
            due_on=deadline,
            warn_on=warn_on,
            deadline_code="disability_renewal",
            deadline_status="pending",
        )
    if disability.renewal_good_reason:
        return result(
            rule_id,
            Outcome.flagged,
            f"Інвалідність не поновлено протягом {_MONTHS_UK} (до {fmt_uk(deadline)}), але "
            f"зафіксовано поважну причину: «{disability.renewal_good_reason}».",
            f"The disability was not renewed within {_MONTHS_EN} (by {fmt_en(deadline)}), but a "
            f"good reason is recorded: \"{disability.renewal_good_reason}\".",
            flag_code="renewal_good_reason_recorded",
            due_on=deadline,
            deadline_code="disability_renewal",
            deadline_status="overdue",
        )
    return result(
        rule_id,
        Outcome.failed,
        f"Інвалідність, встановлену до {fmt_uk(until)}, не поновлено протягом {_MONTHS_UK} (до "
        f"{fmt_uk(deadline)}) без поважних причин: пропонується зняти з обліку.",
        f"The disability set until {fmt_en(until)} was not renewed within {_MONTHS_EN} (by "
        f"{fmt_en(deadline)}) without a good reason: removal from the queue is proposed.",
        removal_from=add_days(deadline, 1),
        due_on=deadline,
        deadline_code="disability_renewal",
        deadline_status="overdue",
    )


def cq_rm_3_contraindications_no_transfer(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-RM-3"
    if not facts.is_enrolled:
        return _not_enrolled(rule_id)
    assessment = latest_assessment(facts, config)
    if assessment is None or not assessment.contraindications_to_driving:
        return result(
            rule_id,
            Outcome.passed,
            "Протипоказань до користування автомобілем не встановлено.",
            "No contraindications to using a car.",
        )
    other_allowed = another_person_allowed(facts)
    members = transfer_candidates(facts, config, allow_other_person=other_allowed)
    label_uk, label_en = assessment_label_uk(assessment), assessment_label_en(assessment)
    if members:
        return result(
            rule_id,
            Outcome.passed,
            f"Протипоказання ({label_uk}), але право користування можна передати: "
            f"{names(members)}.",
            f"Contraindications ({label_en}), but the right to use the car can pass to: "
            f"{names(members)}.",
        )
    deadline = contraindication_removal_deadline(assessment.assessed_on)
    warn_on = removal_warning_date(deadline, config)
    on = facts.evaluation_date
    who_uk = "члена сім'ї, зареєстрованого за місцем реєстрації особи" + (
        ", або іншої особи" if other_allowed else ""
    )
    who_en = "family member registered at the person's address" + (
        " or other person" if other_allowed else ""
    )
    if on < deadline:
        return result(
            rule_id,
            Outcome.flagged,
            f"Протипоказання до користування автомобілем ({label_uk}) і немає {who_uk}, якому "
            f"можна передати право користування. Зняття з обліку — не пізніше "
            f"{fmt_uk(deadline)}.",
            f"Contraindications to using a car ({label_en}) and no {who_en} to pass the right "
            f"to. Removal by {fmt_en(deadline)} at the latest.",
            flag_code="removal_warning" if on >= warn_on else "contraindications_no_transfer",
            due_on=deadline,
            warn_on=warn_on,
            deadline_code="contraindication_removal",
            deadline_status="pending",
        )
    return result(
        rule_id,
        Outcome.failed,
        f"Протипоказання до користування автомобілем ({label_uk}) і немає {who_uk}; строк "
        f"{uk_count(REMOVAL_MONTHS, MONTHS_NOM)} спливає {fmt_uk(deadline)}: пропонується зняти з обліку.",
        f"Contraindications to using a car ({label_en}) and no {who_en}; the {_MONTHS_EN} end on "
        f"{fmt_en(deadline)}: removal from the queue is proposed.",
        removal_from=deadline,
        due_on=deadline,
        deadline_code="contraindication_removal",
        deadline_status="overdue" if on > deadline else "pending",
    )


def cq_rm_4_item_5_grounds_lost(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-RM-4"
    if not facts.is_enrolled:
        return _not_enrolled(rule_id)
    checks = [cq_elig_2_no_recent_vehicle(facts, config), cq_elig_3_no_charity_or_new_purchase(facts, config)]
    lost = [check for check in checks if check.outcome == Outcome.failed]
    if lost:
        return result(
            rule_id,
            Outcome.failed,
            "Втрачено підстави п. 5 під час перебування на обліку: "
            + " ".join(f"[{c.rule_id}] {c.reason_uk}" for c in lost)
            + " Пропонується зняти з обліку.",
            "The item 5 grounds were lost while in the queue: "
            + " ".join(f"[{c.rule_id}] {c.reason_en}" for c in lost)
            + " Removal from the queue is proposed.",
            removal_from=facts.evaluation_date,
            lost=[c.rule_id for c in lost],
        )
    doubtful = [check for check in checks if check.outcome == Outcome.flagged]
    if doubtful:
        return result(
            rule_id,
            Outcome.flagged,
            "Підстави п. 5 потребують перевірки посадовою особою: "
            + " ".join(f"[{c.rule_id}]" for c in doubtful),
            "The item 5 grounds need an officer's check: "
            + " ".join(f"[{c.rule_id}]" for c in doubtful),
            flag_code="item_5_grounds_review",
        )
    return result(
        rule_id,
        Outcome.passed,
        "Підстави п. 5 (транспортні засоби, благодійна допомога) збережено.",
        "The item 5 grounds (vehicles, charitable aid) still hold.",
    )


def latest_group_change(facts: Facts) -> date | None:
    """The latest group change after enrollment, on or before the evaluation date."""
    if facts.queue_entry is None:
        return None
    changes = [
        e.on
        for e in facts.disability.history
        if e.event == DisabilityEventKind.group_changed
        and facts.queue_entry.enrolled_on < e.on <= facts.evaluation_date
    ]
    return max(changes) if changes else None


def cq_rm_5_group_changed(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-RM-5"
    if not facts.is_enrolled:
        return _not_enrolled(rule_id)
    changed_on = latest_group_change(facts)
    if changed_on is None:
        return result(
            rule_id,
            Outcome.passed,
            "Група інвалідності під час перебування на обліку не змінювалася.",
            "The disability group has not changed while in the queue.",
        )
    if regardless_grounds(facts):
        return result(
            rule_id,
            Outcome.passed,
            f"Групу змінено {fmt_uk(changed_on)}, але право на автомобіль незалежно від "
            "медичних показань зберігається (CQ-ELIG-7).",
            f"The group changed on {fmt_en(changed_on)}, but the right regardless of medical "
            "indications still holds (CQ-ELIG-7).",
            changed_on=changed_on,
        )
    after = [a for a in counting_assessments(facts, config) if a.assessed_on >= changed_on]
    if not after:
        return result(
            rule_id,
            Outcome.flagged,
            f"Групу інвалідності змінено {fmt_uk(changed_on)}: потрібен повторний огляд для "
            "підтвердження медичних показань на дату зміни.",
            f"The disability group changed on {fmt_en(changed_on)}: a re-assessment must "
            "confirm the indications for a car as of the change date.",
            flag_code="reassessment_required",
            changed_on=changed_on,
        )
    latest = after[-1]
    if latest.indications_for_car:
        return result(
            rule_id,
            Outcome.passed,
            f"Групу змінено {fmt_uk(changed_on)}; {assessment_label_uk(latest)} підтвердив "
            "медичні показання.",
            f"The group changed on {fmt_en(changed_on)}; the {assessment_label_en(latest)} "
            "confirmed the indications.",
            changed_on=changed_on,
        )
    return result(
        rule_id,
        Outcome.failed,
        f"Групу змінено {fmt_uk(changed_on)}; {assessment_label_uk(latest)} не підтвердив "
        "медичних показань: підстави втрачено, пропонується зняти з обліку.",
        f"The group changed on {fmt_en(changed_on)}; the {assessment_label_en(latest)} did not "
        "confirm the indications: the grounds are lost, removal is proposed.",
        changed_on=changed_on,
        removal_from=latest.assessed_on,
    )


# --- no silent loss of grounds -----------------------------------------------------------

#: The flag raised when an enrolled person no longer meets a condition of enrollment that
#: none of CQ-RM-1..5 covers: the resolution names no removal ground for it, so an officer
#: decides (keep the person, or remove with a written decision).
GROUNDS_REVIEW_FLAG = "eligibility_lost_review"

#: Which removal rule already brings a lost condition of enrollment to an officer: a failed
#: or flagged result of that rule is a proposal, a warning or a flag of its own.
COVERED_BY: dict[str, str] = {
    "CQ-ELIG-2": "CQ-RM-4",  # item 5 grounds lost: a vehicle under 10 years
    "CQ-ELIG-3": "CQ-RM-4",  # item 5 grounds lost: a charity car or a new purchase
    "CQ-ELIG-4": "CQ-RM-4",  # item 5 checked on the legal representative
    "CQ-ELIG-6": "CQ-RM-3",  # contraindications without a family member
    "CQ-ELIG-7": "CQ-RM-5",  # indications re-assessed after a change of group
}


def grounds_lost_review(
    facts: Facts, eligibility: list[RuleResult], removal: list[RuleResult]
) -> RuleResult | None:
    """An enrolled person re-evaluated as not eligible must reach an officer.

    When the disability was removed (CQ-RM-1 failed) or a lost condition is covered by its
    removal rule (``COVERED_BY``: that rule failed or flagged), the removal rules already
    propose, warn or flag. Any other failed condition of enrollment — for example a new
    assessment without indications when the group did not change, or a circumstance of
    item 1 such as full state support — gives no removal ground in the resolution, so it
    becomes a flag for an officer's decision, citing the condition that no longer holds.
    Returns None when nothing is lost or everything lost is covered.
    """
    if not facts.is_enrolled:
        return None
    by_id = {r.rule_id: r for r in removal}
    if by_id.get("CQ-RM-1") is not None and by_id["CQ-RM-1"].outcome == Outcome.failed:
        return None
    raised = (Outcome.failed, Outcome.flagged)
    lost = [
        r for r in eligibility
        if r.outcome == Outcome.failed
        # No assessment on record is missing evidence (an entry made before the system, or
        # imported), not a finding that a condition was lost.
        and r.flag_code != "awaiting_assessment"
        and not (r.rule_id in COVERED_BY and by_id.get(COVERED_BY[r.rule_id]) is not None
                 and by_id[COVERED_BY[r.rule_id]].outcome in raised)
    ]
    if not lost:
        return None
    first = lost[0]
    finding_uk = ("Умова взяття на облік більше не виконується: "
                  + " ".join(f"[{r.rule_id}] {r.reason_uk}" for r in lost))
    finding_en = ("A condition of enrollment no longer holds: "
                  + " ".join(f"[{r.rule_id}] {r.reason_en}" for r in lost))
    return result(
        first.rule_id,
        Outcome.flagged,
        f"Особа перебуває на обліку. {finding_uk} Окремої підстави для зняття з обліку для цього "
        "випадку Порядок не встановлює: рішення (залишити на обліку чи зняти) ухвалює посадова особа.",
        f"The person is enrolled. {finding_en} The resolution gives no removal ground for this "
        "case: an officer decides whether the person stays in the queue or is removed.",
        flag_code=GROUNDS_REVIEW_FLAG,
        lost=[r.rule_id for r in lost],
        finding_uk=finding_uk,
        finding_en=finding_en,
    )
