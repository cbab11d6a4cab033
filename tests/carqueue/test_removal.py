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


# --- no silent loss of grounds (issue: an enrolled person re-evaluated as not eligible) ---


def test_new_assessment_without_indications_reaches_an_officer() -> None:
    # Петренко is enrolled since 14.09.2021; a new expert team finds no indications on
    # 10.04.2024 while the group did not change: no CQ-RM rule gives a removal ground.
    data = enrolled()
    data["assessments"].append({"kind": "expert_team", "assessed_on": "2024-04-10",
                                "conclusion_number": "ЕК-0577/24", "indications_for_car": False})
    decision = run(data)
    assert not decision.eligible
    assert decision.removal_grounds == []
    assert decision.needs_officer_review
    review = [f for f in decision.flags if f.code == "eligibility_lost_review"]
    assert [f.rule_id for f in review] == ["CQ-ELIG-7"]
    assert "рішення (залишити на обліку чи зняти) ухвалює посадова особа" in review[0].message_uk
    results = evaluate_removal(data)
    assert results[-1].flag_code == "eligibility_lost_review"
    assert results[-1].data["lost"] == ["CQ-ELIG-7"]


def test_full_state_support_while_enrolled_reaches_an_officer() -> None:
    decision = run(merge(enrolled(), {"person": {"in_state_care_full_support": True}}))
    assert not decision.eligible
    assert [(f.code, f.rule_id) for f in decision.flags if f.code == "eligibility_lost_review"] == [
        ("eligibility_lost_review", "CQ-ELIG-1")]
    assert "повному державному утриманні" in decision.flags[-1].message_uk


def test_lost_ground_with_a_removal_rule_is_proposed_not_flagged_twice() -> None:
    # A car under 10 years while enrolled: CQ-RM-4 proposes removal; no separate review.
    decision = run(enrolled(vehicles=[vehicle(registered_on="2023-02-01", in_operation_since="2022-11-01")]))
    assert [g.rule_id for g in decision.removal_grounds] == ["CQ-RM-4"]
    assert not [f for f in decision.flags if f.code == "eligibility_lost_review"]
    assert all(r.flag_code != "eligibility_lost_review" for r in evaluate_removal(
        enrolled(vehicles=[vehicle(registered_on="2023-02-01", in_operation_since="2022-11-01")])))


def test_group_change_without_indications_is_cq_rm_5_not_a_review() -> None:
    no = {"kind": "expert_team", "assessed_on": "2024-01-15", "indications_for_car": False}
    decision = run(_group_changed(no))
    assert [g.rule_id for g in decision.removal_grounds] == ["CQ-RM-5"]
    assert not [f for f in decision.flags if f.code == "eligibility_lost_review"]


def test_eligible_enrolled_person_raises_no_review() -> None:
    assert all(r.flag_code != "eligibility_lost_review" for r in evaluate_removal(enrolled()))
    assert not run(enrolled()).needs_officer_review or all(
        f.code != "eligibility_lost_review" for f in run(enrolled()).flags)
