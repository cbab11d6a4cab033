"""`evaluate`: run every rule in a stable order and assemble the Decision."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .categories import (
    cq_cat_1_separate_numbering,
    cq_cat_2_category_grounds,
    cq_cat_3_batch_quota,
    report_tags,
)
from .citations import RULE_IDS
from .common import category_ground
from .config import RulesConfig
from .documents import cq_doc_1_documents, missing_documents, required_documents
from .eligibility import (
    cq_elig_1_person_status,
    cq_elig_2_no_recent_vehicle,
    cq_elig_3_no_charity_or_new_purchase,
    cq_elig_4_representative_checked,
    cq_elig_5_vehicle_register,
    cq_elig_6_contraindications_without_family,
    cq_elig_7_medical_indications,
)
from .enrollment import DATE_RULES, enrollment_date
from .enums import Outcome, ShareKind
from .facts import Facts, parse_facts
from .flow import (
    cq_flow_1_referrals,
    cq_flow_2_form_088,
    cq_flow_3_forward_documents,
    cq_flow_4_decision_sent,
    cq_flow_5_monthly_registration,
)
from .removal import (
    cq_rm_1_disability_removed,
    cq_rm_2_fixed_term_not_renewed,
    cq_rm_3_contraindications_no_transfer,
    cq_rm_4_item_5_grounds_lost,
    cq_rm_5_group_changed,
    grounds_lost_review,
)
from .results import Deadline, Decision, Flag, RemovalGround, RuleResult, Share

Rule = Callable[[Facts, RulesConfig], RuleResult]

#: Every rule, keyed by id, in the stable order of `Decision.applied_rules`.
RULES: dict[str, Rule] = {
    "CQ-ELIG-1": cq_elig_1_person_status,
    "CQ-ELIG-2": cq_elig_2_no_recent_vehicle,
    "CQ-ELIG-3": cq_elig_3_no_charity_or_new_purchase,
    "CQ-ELIG-4": cq_elig_4_representative_checked,
    "CQ-ELIG-5": cq_elig_5_vehicle_register,
    "CQ-ELIG-6": cq_elig_6_contraindications_without_family,
    "CQ-ELIG-7": cq_elig_7_medical_indications,
    "CQ-CAT-1": cq_cat_1_separate_numbering,
    "CQ-CAT-2": cq_cat_2_category_grounds,
    "CQ-CAT-3": cq_cat_3_batch_quota,
    **DATE_RULES,
    "CQ-RM-1": cq_rm_1_disability_removed,
    "CQ-RM-2": cq_rm_2_fixed_term_not_renewed,
    "CQ-RM-3": cq_rm_3_contraindications_no_transfer,
    "CQ-RM-4": cq_rm_4_item_5_grounds_lost,
    "CQ-RM-5": cq_rm_5_group_changed,
    "CQ-DOC-1": cq_doc_1_documents,
    "CQ-FLOW-1": cq_flow_1_referrals,
    "CQ-FLOW-2": cq_flow_2_form_088,
    "CQ-FLOW-3": cq_flow_3_forward_documents,
    "CQ-FLOW-4": cq_flow_4_decision_sent,
    "CQ-FLOW-5": cq_flow_5_monthly_registration,
}
assert tuple(RULES) == RULE_IDS, "RULES and citations must list the same ids in order"

#: A `failed` outcome of one of these makes the person not eligible (or proposes removal).
#: CQ-DOC-1 and CQ-FLOW-* are procedural and never change eligibility.
ELIGIBILITY_RULE_IDS: frozenset[str] = frozenset(
    rule_id for rule_id in RULE_IDS if rule_id.startswith(("CQ-ELIG-", "CQ-RM-"))
)
REMOVAL_RULE_IDS: tuple[str, ...] = tuple(r for r in RULE_IDS if r.startswith("CQ-RM-"))


def _as_facts(facts: Facts | Mapping[str, Any]) -> Facts:
    return facts if isinstance(facts, Facts) else parse_facts(dict(facts))


def run_rules(facts: Facts, config: RulesConfig) -> list[RuleResult]:
    return [rule(facts, config) for rule in RULES.values()]


def evaluate_removal(
    facts: Facts | Mapping[str, Any], config: RulesConfig | None = None
) -> list[RuleResult]:
    """CQ-RM-1..5 for a person already enrolled (all `not_applicable` otherwise), followed
    by the officer's review when a condition of enrollment is lost that no removal rule
    covers (``grounds_lost_review``: no silent loss of grounds)."""
    facts, config = _as_facts(facts), config or RulesConfig()
    removal = [RULES[rule_id](facts, config) for rule_id in REMOVAL_RULE_IDS]
    review = _grounds_review(facts, config, removal)
    return [*removal, review] if review else removal


def _grounds_review(facts: Facts, config: RulesConfig, removal: list[RuleResult],
                    eligibility: list[RuleResult] | None = None) -> RuleResult | None:
    if not facts.is_enrolled:
        return None
    if eligibility is None:
        eligibility = [RULES[rule_id](facts, config) for rule_id in RULE_IDS if rule_id.startswith("CQ-ELIG-")]
    return grounds_lost_review(facts, eligibility, removal)


def _deadlines(results: list[RuleResult]) -> list[Deadline]:
    found = []
    for item in results:
        due_on = item.data.get("due_on")
        if isinstance(due_on, date):
            found.append(
                Deadline(
                    rule_id=item.rule_id,
                    code=str(item.data.get("deadline_code", item.rule_id)),
                    due_on=due_on,
                    warn_on=item.data.get("warn_on"),
                    status=str(item.data.get("deadline_status", "pending")),
                )
            )
    return found


def evaluate(
    facts: Facts | Mapping[str, Any], config: RulesConfig | None = None
) -> Decision:
    """Evaluate one case. `facts` may be a validated `Facts` or a plain dict (validated
    here; a `pydantic.ValidationError` names the offending field)."""
    facts, config = _as_facts(facts), config or RulesConfig()
    results = run_rules(facts, config)
    review = _grounds_review(
        facts, config,
        removal=[r for r in results if r.rule_id in REMOVAL_RULE_IDS],
        eligibility=[r for r in results if r.rule_id.startswith("CQ-ELIG-")],
    )
    flagged = [r for r in results if r.flag_code] + ([review] if review else [])
    eligible = not any(
        r.outcome == Outcome.failed for r in results if r.rule_id in ELIGIBILITY_RULE_IDS
    )
    ground = category_ground(facts, config)
    day = facts.queue_entry.enrolled_on if facts.queue_entry else enrollment_date(facts, config)
    if eligible and day is None:  # defensive: no date means the case cannot be enrolled yet
        eligible = False
    share = (
        Share(
            kind=ShareKind.free if ground.paid_percent == 0 else ShareKind.paid,
            paid_percent=ground.paid_percent,
            ground_code=ground.code,
        )
        if eligible
        else None
    )
    return Decision(
        evaluation_date=facts.evaluation_date,
        eligible=eligible,
        category=ground.category if eligible else None,
        enrollment_date=day if eligible else None,
        share=share,
        report_tags=report_tags(facts),
        needs_officer_review=review is not None or any(r.outcome == Outcome.flagged for r in results),
        flags=[
            Flag(code=r.flag_code, rule_id=r.rule_id, message_uk=r.reason_uk, message_en=r.reason_en)
            for r in flagged
        ],
        removal_grounds=[
            RemovalGround(
                rule_id=r.rule_id,
                since=r.data.get("removal_from"),
                reason_uk=r.reason_uk,
                reason_en=r.reason_en,
            )
            for r in results
            if r.rule_id in REMOVAL_RULE_IDS and r.outcome == Outcome.failed
        ],
        deadlines=_deadlines(results),
        required_documents=required_documents(facts),
        missing_documents=missing_documents(facts) or [],
        applied_rules=results,
    )
