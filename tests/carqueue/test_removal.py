"""CQ-RM-1..5 for people already enrolled."""

from datetime import date

from cbi.carqueue.rules import (
    RulesConfig,
    contraindication_removal_deadline,
    evaluate_removal,
    removal_warning_date,
    renewal_deadline,
)

from .builders import enrolled, facts, merge, outcome, run, vehicle


def test_removal_rules_not_applicable_before_enrollment() -> None:
    assert {r.outcome.value for r in evaluate_removal(facts())} == {"not_applicable"}


def test_enrolled_person_keeps_place() -> None:
    decision = run(enrolled())
    assert decision.eligible
    assert decision.enrollment_date == date(2021, 9, 14)
    assert decision.removal_grounds == []


def test_cq_rm_1_disability_removed() -> None:
    decision = run(merge(enrolled(), {"disability": {"removed_on": "2024-02-01"}}))
    assert outcome(decision, "CQ-RM-1") == "failed"
    assert [g.rule_id for g in decision.removal_grounds] == ["CQ-RM-1"]
    assert "item 16" in decision.rule("CQ-RM-1").reason_en
    assert not decision.eligible


def test_cq_rm_2_deadline_helpers() -> None:
    assert renewal_deadline(date(2023, 8, 31)) == date(2024, 2, 29)
    assert removal_warning_date(date(2024, 2, 29), RulesConfig()) == date(2024, 1, 30)
    assert removal_warning_date(date(2024, 2, 29), RulesConfig(removal_warning_days=10)) == date(2024, 2, 19)


def _fixed(valid_until: str, **more: object) -> dict:
    return merge(enrolled(), {"disability": {"term": "fixed", "valid_until": valid_until, **more}})


def test_cq_rm_2_not_renewed_within_6_months_removed() -> None:
    # valid until 14.11.2023 → deadline 14.05.2024; evaluation 15.05.2024 → removal proposed
    decision = run(_fixed("2023-11-14"))
    assert outcome(decision, "CQ-RM-2") == "failed"
    assert decision.removal_grounds[0].since == date(2024, 5, 15)
    assert not decision.eligible


def test_cq_rm_2_last_day_of_6_months_still_in_time() -> None:
    decision = run(_fixed("2023-11-15"))  # deadline 15.05.2024 = evaluation date
    assert outcome(decision, "CQ-RM-2") == "flagged"
    assert decision.rule("CQ-RM-2").flag_code == "removal_warning"
    assert decision.eligible


def test_cq_rm_2_before_warning_period() -> None:
    decision = run(_fixed("2024-01-20"))  # deadline 20.07.2024, warning from 20.06.2024
    assert decision.rule("CQ-RM-2").flag_code == "disability_renewal_due"
    assert decision.deadlines[0].due_on == date(2024, 7, 20)


def test_cq_rm_2_good_reason_prevents_automatic_removal() -> None:
    decision = run(_fixed("2023-06-01", renewal_good_reason="Тривале стаціонарне лікування, довідка від 02.01.2024"))
    assert outcome(decision, "CQ-RM-2") == "flagged"
    assert decision.eligible


def test_cq_rm_2_valid_term_passes() -> None:
    assert outcome(run(_fixed("2025-01-31")), "CQ-RM-2") == "passed"


def _contra(assessed_on: str) -> dict:
    data = enrolled()
    data["assessments"].append({"kind": "expert_team", "assessed_on": assessed_on, "indications_for_car": True,
                                "contraindications_to_driving": True})
    return data


def test_cq_rm_3_contraindications_without_family_member() -> None:
    assert contraindication_removal_deadline(date(2023, 11, 30)) == date(2024, 5, 30)
    before = run(_contra("2023-11-30"))
    assert outcome(before, "CQ-RM-3") == "flagged"
    assert before.rule("CQ-RM-3").flag_code == "removal_warning"
    on_deadline = run(_contra("2023-11-15"))
    assert outcome(on_deadline, "CQ-RM-3") == "failed"
    assert [g.rule_id for g in on_deadline.removal_grounds] == ["CQ-RM-3"]


def test_cq_rm_3_family_member_at_address_keeps_place() -> None:
    data = merge(_contra("2023-11-15"), {"family_members": [
        {"full_name": "Петренко Оксана Іванівна", "relation": "child", "registered_at_same_address": True}]})
    assert outcome(run(data), "CQ-RM-3") == "passed"


def test_cq_rm_3_other_person_only_for_war_disability() -> None:
    other = {"family_members": [{"full_name": "Сидоренко Василь Петрович", "relation": "other_person",
                                 "registered_at_same_address": False}]}
    assert outcome(run(merge(_contra("2023-11-15"), other)), "CQ-RM-3") == "failed"
    war = merge(_contra("2023-11-15"), {**other, "disability": {"cause": "war"},
                                         "queue_entry": {"category": "first_priority"}})
    assert outcome(run(war), "CQ-RM-3") == "passed"


def test_cq_rm_4_new_car_while_in_queue_removed() -> None:
    data = merge(enrolled(), {"vehicles": [vehicle(registered_on="2023-10-05", in_operation_since="2019-08-01")]})
    decision = run(data)
    assert outcome(decision, "CQ-RM-4") == "failed"
    assert decision.rule("CQ-RM-4").data["lost"] == ["CQ-ELIG-2", "CQ-ELIG-3"]
    assert not decision.eligible


def test_cq_rm_4_charity_car_while_in_queue_removed() -> None:
    charity = vehicle(acquired_how="charity", registered_on="2022-12-01", in_operation_since="2008-01-01")
    decision = run(merge(enrolled(), {"vehicles": [charity]}))
    assert outcome(decision, "CQ-RM-4") == "failed"
    assert decision.rule("CQ-RM-4").data["lost"] == ["CQ-ELIG-3"]


def _group_changed(*assessments: dict) -> dict:
    data = merge(enrolled(), {"disability": {"group": "I", "history": [
        {"event": "established", "on": "2020-01-10", "group": "II"},
        {"event": "group_changed", "on": "2023-12-04", "group": "I"}]}})
    data["assessments"].extend(assessments)
    return data


def test_cq_rm_5_group_changed_needs_reassessment() -> None:
    decision = run(_group_changed())
    assert outcome(decision, "CQ-RM-5") == "flagged"
    assert "reassessment_required" in {f.code for f in decision.flags}
    assert decision.eligible and decision.needs_officer_review


def test_cq_rm_5_reassessment_confirms() -> None:
    ok = {"kind": "expert_team", "assessed_on": "2024-01-15", "indications_for_car": True}
    assert outcome(run(_group_changed(ok)), "CQ-RM-5") == "passed"


def test_cq_rm_5_reassessment_without_indications_removes() -> None:
    no = {"kind": "expert_team", "assessed_on": "2024-01-15", "indications_for_car": False}
    decision = run(_group_changed(no))
    assert outcome(decision, "CQ-RM-5") == "failed"
    assert not decision.eligible
