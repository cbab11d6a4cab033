"""CQ-CAT-1..3."""

from datetime import date

import pytest
from pydantic import ValidationError

from cbi.carqueue.rules import (
    Category,
    CategoryGround,
    GroundMatch,
    QueueItem,
    RulesConfig,
    allocate_batch,
    number_queue,
    queue_order_key,
)

from .builders import facts, merge, outcome, run

CHORNOBYL_1 = {"group": "I", "cause": "chornobyl",
               "chornobyl": {"role": "liquidator", "category": 1, "causal_link": True}}


# --- CQ-CAT-1 ----------------------------------------------------------------------------


def test_cq_cat_1_order_by_date_then_journal_number() -> None:
    a = QueueItem(entry_id="a", enrollment_date=date(2023, 5, 2), journal_number=40)
    b = QueueItem(entry_id="b", enrollment_date=date(2023, 5, 2), journal_number=12)
    c = QueueItem(entry_id="c", enrollment_date=date(2022, 11, 30), journal_number=99)
    numbered = number_queue([a, b, c])
    assert [(n, item.entry_id) for n, item in numbered] == [(1, "c"), (2, "b"), (3, "a")]
    assert queue_order_key(date(2023, 5, 2), 12) < queue_order_key(date(2023, 5, 2), 40)
    assert queue_order_key(date(2023, 5, 2), None) > queue_order_key(date(2023, 5, 2), 10_000)


def test_cq_cat_1_rule_reports_category_and_order_date() -> None:
    decision = run(facts())
    result = decision.rule("CQ-CAT-1")
    assert result.outcome == "applied"
    assert result.data == {"category": "general", "order_date": date(2024, 4, 2), "journal_number": 117}


# --- CQ-CAT-2 ----------------------------------------------------------------------------


def test_cq_cat_2_war_disability_first_priority() -> None:
    decision = run(merge(facts(), {"disability": {"cause": "war"}}))
    assert decision.category == "first_priority"
    assert decision.rule("CQ-CAT-2").data["ground_code"] == "war_disability"


def test_cq_cat_2_chornobyl_cat1_group1_out_of_turn() -> None:
    decision = run(merge(facts(), {"disability": CHORNOBYL_1}))
    assert decision.category == "out_of_turn"
    category_2 = merge(facts(), {"disability": merge(CHORNOBYL_1, {"chornobyl": {"category": 2}})})
    assert run(category_2).category == "general"


def test_cq_cat_2_everyone_else_general() -> None:
    assert run(facts()).category == "general"


def test_cq_cat_2_configurable_grounds_and_paid_share() -> None:
    config = RulesConfig(
        category_grounds=[
            CategoryGround(code="occupational", label_uk="Профзахворювання", label_en="Occupational",
                           category=Category.out_of_turn,
                           match=GroundMatch(causes=["occupational_disease"]), paid_percent=30)
        ]
    )
    decision = run(merge(facts(), {"disability": {"cause": "occupational_disease"}}), config)
    assert decision.category == "out_of_turn"
    assert decision.share.kind == "paid" and decision.share.paid_percent == 30
    assert run(facts()).share.model_dump() == {"kind": "free", "paid_percent": 0, "ground_code": "general"}


def test_cq_cat_2_recorded_category_mismatch_flagged() -> None:
    data = facts(queue_entry={"enrolled_on": "2024-04-02", "category": "first_priority"})
    assert outcome(run(data), "CQ-CAT-2") == "flagged"


def test_cq_cat_2_family_and_child_report_tags() -> None:
    data = merge(facts(), {"application": {"kind": "joint_family", "family_enrollment_dates": ["2022-01-10"]}})
    assert run(data).report_tags == ["family"]


# --- CQ-CAT-3 ----------------------------------------------------------------------------


def _queue(prefix: str, size: int) -> list[QueueItem]:
    return [QueueItem(entry_id=f"{prefix}{i}", enrollment_date=date(2020, 1, 1 + i), journal_number=i + 1)
            for i in range(size)]


def test_cq_cat_3_default_quotas_50_30_20() -> None:
    queues = {Category.first_priority: _queue("f", 20), Category.out_of_turn: _queue("o", 20),
              Category.general: _queue("g", 20)}
    allocation = allocate_batch(10, queues, RulesConfig())
    assert allocation.counts == {Category.first_priority: 5, Category.out_of_turn: 3, Category.general: 2}
    assert [i.entry_id for i in allocation.offers[Category.general]] == ["g0", "g1"]


def test_cq_cat_3_largest_remainder_rounding() -> None:
    queues = {c: _queue(c.value, 20) for c in Category}
    # 7 cars: exact 3.5 / 2.1 / 1.4 → floors 3/2/1, one left → largest remainder .5 → first_priority
    assert allocate_batch(7, queues, RulesConfig()).counts == {
        Category.first_priority: 4, Category.out_of_turn: 2, Category.general: 1}
    # 1 car: 0.5 / 0.3 / 0.2 → first_priority
    assert allocate_batch(1, queues, RulesConfig()).counts[Category.first_priority] == 1


def test_cq_cat_3_empty_category_quota_goes_to_others() -> None:
    queues = {Category.first_priority: [], Category.out_of_turn: _queue("o", 20), Category.general: _queue("g", 20)}
    allocation = allocate_batch(10, queues, RulesConfig())
    # 30:20 of 10 cars → 6 / 4
    assert allocation.counts == {Category.first_priority: 0, Category.out_of_turn: 6, Category.general: 4}
    assert allocation.unallocated == 0


def test_cq_cat_3_short_queue_and_leftover() -> None:
    queues = {Category.first_priority: _queue("f", 1), Category.out_of_turn: _queue("o", 2), Category.general: []}
    allocation = allocate_batch(10, queues, RulesConfig())
    assert allocation.counts == {Category.first_priority: 1, Category.out_of_turn: 2, Category.general: 0}
    assert allocation.unallocated == 7


def test_cq_cat_3_quotas_must_sum_to_100() -> None:
    with pytest.raises(ValidationError) as info:
        RulesConfig(quotas={"first_priority": 50, "out_of_turn": 30, "general": 30})
    assert info.value.errors()[0]["loc"] == ("quotas",)


def test_cq_cat_3_rule_names_the_quota() -> None:
    decision = run(merge(facts(), {"disability": {"cause": "war"}}))
    assert decision.rule("CQ-CAT-3").data == {"category": "first_priority", "quota_percent": 50}


# --- item 41: a humanitarian car for a named enrolled person ----------------------------------


def _humanitarian(**car):
    from .builders import enrolled

    data = enrolled()
    data["queue_entry"]["humanitarian_car"] = {"received_on": "2024-04-29", **car}
    return data


def test_item_41_humanitarian_car_with_consent_is_outside_the_queue() -> None:
    from .builders import run

    rule = run(_humanitarian(consent_on="2024-05-06")).rule("CQ-CAT-3")
    assert rule.outcome.value == "applied"
    assert rule.data["outside_queue"] is True and rule.data["consent_on"].isoformat() == "2024-05-06"
    assert rule.data["replacement_not_before"].isoformat() == "2034-05-15"
    assert "п. 41" in rule.reason_uk and "поза квотами" in rule.reason_uk


def test_item_41_without_consent_is_flagged_not_issued() -> None:
    from .builders import run

    decision = run(_humanitarian())
    assert decision.rule("CQ-CAT-3").outcome.value == "flagged"
    assert "humanitarian_consent_missing" in [f.code for f in decision.flags]
    assert decision.needs_officer_review


def test_a_humanitarian_car_is_replaced_after_ten_years_like_a_provided_car() -> None:
    from .builders import facts, run, vehicle

    data = facts(
        application={"kind": "replacement", "registered_on": "2024-03-12", "previous_car_issued_on": "2014-06-02"},
        vehicles=[vehicle(ref="AA0041HH", description="Renault Logan", acquired_how="humanitarian",
                          registered_on="2014-06-02", in_operation_since="2014-05-20")],
    )
    decision = run(data)
    assert decision.rule("CQ-DATE-5").outcome.value == "applied"
    assert decision.rule("CQ-ELIG-3").outcome.value != "failed"  # not charitable aid
    assert decision.rule("CQ-ELIG-2").outcome.value != "failed"  # the car being replaced
