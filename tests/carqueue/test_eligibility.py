"""CQ-ELIG-1..7."""

from cbi.carqueue.rules import RulesConfig

from .builders import facts, merge, outcome, run, vehicle


def test_base_case_is_eligible() -> None:
    decision = run(facts())
    assert decision.eligible
    assert decision.category == "general"


# --- CQ-ELIG-1 ---------------------------------------------------------------------------


def test_cq_elig_1_non_citizen_refused() -> None:
    decision = run(merge(facts(), {"person": {"citizen_of_ukraine": False}}))
    assert outcome(decision, "CQ-ELIG-1") == "failed"
    assert "not a citizen" in decision.rule("CQ-ELIG-1").reason_en
    assert not decision.eligible and decision.category is None


def test_cq_elig_1_no_registered_residence_refused() -> None:
    decision = run(merge(facts(), {"person": {"registered_residence_in_ukraine": False}}))
    assert outcome(decision, "CQ-ELIG-1") == "failed"


def test_cq_elig_1_state_care_institution_refused() -> None:
    decision = run(merge(facts(), {"person": {"in_state_care_full_support": True}}))
    assert outcome(decision, "CQ-ELIG-1") == "failed"
    assert not decision.eligible


def test_cq_elig_1_detention_refused() -> None:
    decision = run(merge(facts(), {"person": {"in_detention": True}}))
    assert outcome(decision, "CQ-ELIG-1") == "failed"


def _child(birth_date: str) -> dict:
    return merge(
        facts(),
        {
            "person": {"full_name": "Коваленко Марко Андрійович", "birth_date": birth_date},
            "disability": {"group": "child", "cause": "from_childhood"},
            "assessments": [
                {"kind": "lkk", "assessed_on": "2024-04-02", "indications_for_car": True}
            ],
            "representative": {"full_name": "Коваленко Ірина Петрівна", "kind": "parent"},
        },
    )


def test_cq_elig_1_child_under_5_refused() -> None:
    decision = run(_child("2019-05-16"))  # turns 5 the day after the evaluation date
    assert outcome(decision, "CQ-ELIG-1") == "failed"
    assert not decision.eligible


def test_cq_elig_1_child_exactly_5_accepted() -> None:
    decision = run(_child("2019-05-15"))
    assert outcome(decision, "CQ-ELIG-1") == "passed"
    assert decision.eligible


def test_cq_elig_1_child_not_enrolled_before_fifth_birthday() -> None:
    data = merge(_child("2019-04-20"), {})
    decision = run(data)
    # LKK conclusion of 02.04.2024 predates the fifth birthday (20.04.2024).
    assert decision.enrollment_date.isoformat() == "2024-04-20"


def test_cq_elig_1_child_born_29_february_turns_5_on_28_february() -> None:
    data = merge(_child("2016-02-29"), {"evaluation_date": "2021-02-28",
                                         "application": {"registered_on": "2021-02-01"},
                                         "assessments": [{"kind": "lkk", "assessed_on": "2021-02-10", "indications_for_car": True}],
                                         "vehicle_register": {"fetched_on": "2021-02-20", "covers_from": "2010-01-01"}})
    assert outcome(run(data), "CQ-ELIG-1") == "passed"
    assert outcome(run(merge(data, {"evaluation_date": "2021-02-27"})), "CQ-ELIG-1") == "failed"


def test_cq_elig_1_removed_disability_refused() -> None:
    decision = run(merge(facts(), {"disability": {"removed_on": "2024-05-01"}}))
    assert outcome(decision, "CQ-ELIG-1") == "failed"


def test_cq_elig_1_expired_fixed_term_refused_for_new_application() -> None:
    decision = run(merge(facts(), {"disability": {"term": "fixed", "valid_until": "2024-05-14"}}))
    assert outcome(decision, "CQ-ELIG-1") == "failed"
    still_valid = run(merge(facts(), {"disability": {"term": "fixed", "valid_until": "2024-05-15"}}))
    assert outcome(still_valid, "CQ-ELIG-1") == "passed"


# --- CQ-ELIG-2 ---------------------------------------------------------------------------


def test_cq_elig_2_car_under_10_years_refused() -> None:
    decision = run(facts(vehicles=[vehicle(in_operation_since="2014-05-16")]))
    result = decision.rule("CQ-ELIG-2")
    assert result.outcome == "failed"
    assert "Daewoo Lanos (AA1234BC)" in result.reason_en
    assert "2014-05-16" in result.reason_en and "2024-05-16" in result.reason_en
    assert not decision.eligible


def test_cq_elig_2_car_exactly_10_years_accepted() -> None:
    decision = run(facts(vehicles=[vehicle(in_operation_since="2014-05-15")]))
    assert outcome(decision, "CQ-ELIG-2") == "passed"
    assert decision.eligible


def test_cq_elig_2_car_since_29_february_boundary() -> None:
    data = facts(evaluation_date="2024-02-28", vehicles=[vehicle(in_operation_since="2014-02-28")])
    data = merge(data, {"assessments": [{"kind": "msek", "assessed_on": "2024-03-01", "indications_for_car": True}]})
    # 29.02.2016 + 8 years = 29.02.2024; + 10 years from 29.02.2012 = 28.02.2022 (2022 is common)
    leap = facts(evaluation_date="2022-02-27", application={"registered_on": "2022-01-10"},
                 assessments=[{"kind": "msek", "assessed_on": "2022-01-20", "indications_for_car": True}],
                 vehicle_register={"fetched_on": "2022-02-20", "covers_from": "2010-01-01"},
                 vehicles=[vehicle(in_operation_since="2012-02-29", registered_on="2013-01-01")])
    assert outcome(run(leap), "CQ-ELIG-2") == "failed"
    assert outcome(run(merge(leap, {"evaluation_date": "2022-02-28"})), "CQ-ELIG-2") == "passed"


def test_cq_elig_2_trailer_ignored() -> None:
    decision = run(facts(vehicles=[vehicle(kind="trailer", description="Кремень", in_operation_since="2023-01-01")]))
    assert outcome(decision, "CQ-ELIG-2") == "passed"


def test_cq_elig_2_motorcycle_counts() -> None:
    decision = run(facts(vehicles=[vehicle(kind="motorcycle", description="Minsk", in_operation_since="2020-07-01")]))
    assert outcome(decision, "CQ-ELIG-2") == "failed"


def test_cq_elig_2_deregistered_vehicle_not_in_use() -> None:
    decision = run(facts(vehicles=[vehicle(in_operation_since="2018-01-01", deregistered_on="2023-11-02")]))
    assert outcome(decision, "CQ-ELIG-2") == "passed"


def test_cq_elig_2_social_protection_car_counts_alike() -> None:
    decision = run(facts(vehicles=[vehicle(acquired_how="social_protection", in_operation_since="2019-01-01")]))
    assert outcome(decision, "CQ-ELIG-2") == "failed"


def test_cq_elig_2_item8_exception_recorded_by_officer() -> None:
    data = facts(
        vehicles=[vehicle(registered_on="2020-02-01", in_operation_since="2015-01-01")],
        item8_exception={"reason": "Виняток за п. 8 підтверджено рішенням комісії від 10.05.2024"},
    )
    decision = run(data)
    assert outcome(decision, "CQ-ELIG-2") == "flagged"
    assert decision.eligible and decision.needs_officer_review
    refused = run(data, RulesConfig(allow_officer_item8_exception=False))
    assert outcome(refused, "CQ-ELIG-2") == "failed"


def test_cq_elig_2_model_year_only_flags_when_day_matters() -> None:
    decision = run(facts(vehicles=[vehicle(in_operation_since=None, model_year=2014)]))
    assert outcome(decision, "CQ-ELIG-2") == "flagged"
    assert outcome(run(facts(vehicles=[vehicle(in_operation_since=None, model_year=2013)])), "CQ-ELIG-2") == "passed"
    assert outcome(run(facts(vehicles=[vehicle(in_operation_since=None, model_year=2015)])), "CQ-ELIG-2") == "failed"


# --- CQ-ELIG-3 ---------------------------------------------------------------------------


def test_cq_elig_3_charity_car_within_7_years_refused() -> None:
    old_car = vehicle(acquired_how="charity", registered_on="2018-04-03", in_operation_since="2005-01-01",
                      deregistered_on="2022-01-01")
    decision = run(facts(vehicles=[old_car]))
    assert outcome(decision, "CQ-ELIG-2") == "passed"
    assert outcome(decision, "CQ-ELIG-3") == "failed"
    assert "charitable aid" in decision.rule("CQ-ELIG-3").reason_en
    assert not decision.eligible


def test_cq_elig_3_boundary_exactly_7_years_before_enrollment_counts() -> None:
    # Enrollment date 02.04.2024 (CQ-DATE-1) → window starts 02.04.2017, inclusive.
    inside = vehicle(acquired_how="charity", registered_on="2017-04-02", in_operation_since="2000-01-01",
                     deregistered_on="2019-01-01")
    outside = merge(inside, {"registered_on": "2017-04-01"})
    assert outcome(run(facts(vehicles=[inside])), "CQ-ELIG-3") == "failed"
    assert outcome(run(facts(vehicles=[outside])), "CQ-ELIG-3") == "passed"


def test_cq_elig_3_purchased_car_under_5_years_refused() -> None:
    bought = vehicle(registered_on="2019-06-20", in_operation_since="2014-06-21", deregistered_on="2021-03-01")
    assert outcome(run(facts(vehicles=[bought])), "CQ-ELIG-3") == "failed"
    five = merge(bought, {"in_operation_since": "2014-06-20"})  # exactly 5 years at registration
    assert outcome(run(facts(vehicles=[five])), "CQ-ELIG-3") == "passed"


# --- CQ-ELIG-4 ---------------------------------------------------------------------------


def test_cq_elig_4_representative_car_blocks_child() -> None:
    data = merge(_child("2015-09-01"), {"vehicles": [vehicle(whose="representative", in_operation_since="2021-03-01")]})
    decision = run(data)
    assert outcome(decision, "CQ-ELIG-4") == "applied"
    assert outcome(decision, "CQ-ELIG-2") == "failed"
    assert "legal representative" in decision.rule("CQ-ELIG-2").reason_en


def test_cq_elig_4_representative_car_ignored_for_capable_adult() -> None:
    data = facts(representative={"full_name": "Петренко Іван Сергійович", "kind": "other"},
                 vehicles=[vehicle(whose="representative", in_operation_since="2021-03-01")])
    decision = run(data)
    assert outcome(decision, "CQ-ELIG-4") == "not_applicable"
    assert outcome(decision, "CQ-ELIG-2") == "passed"


def test_cq_elig_4_incapable_person_needs_representative() -> None:
    decision = run(merge(facts(), {"person": {"legally_incapable": True}}))
    assert outcome(decision, "CQ-ELIG-4") == "failed"
    assert not decision.eligible


# --- CQ-ELIG-5 ---------------------------------------------------------------------------


def test_cq_elig_5_register_not_checked_is_flagged() -> None:
    decision = run(facts(vehicle_register=None))
    assert outcome(decision, "CQ-ELIG-5") == "flagged"
    assert "vehicle_register_not_checked" in {f.code for f in decision.flags}


def test_cq_elig_5_stale_extract_flagged() -> None:
    decision = run(facts(vehicle_register={"fetched_on": "2024-04-14"}))  # 31 days old
    assert outcome(decision, "CQ-ELIG-5") == "flagged"
    assert outcome(run(facts(vehicle_register={"fetched_on": "2024-04-15"})), "CQ-ELIG-5") == "passed"


def test_cq_elig_5_extract_must_cover_7_years() -> None:
    decision = run(facts(vehicle_register={"covers_from": "2018-01-01"}))
    assert outcome(decision, "CQ-ELIG-5") == "flagged"
    assert decision.rule("CQ-ELIG-5").flag_code == "vehicle_register_incomplete"


# --- CQ-ELIG-6 ---------------------------------------------------------------------------


_HAND_CONTROLS_CONTRA = [{
    "kind": "msek", "assessed_on": "2024-04-02", "indications_for_car": True,
    "hand_controls": True, "contraindications_to_driving": True,
}]


def test_cq_elig_6_contraindications_without_family_member_refused() -> None:
    decision = run(facts(assessments=_HAND_CONTROLS_CONTRA))
    assert outcome(decision, "CQ-ELIG-6") == "failed"
    assert not decision.eligible


def test_cq_elig_6_family_member_at_address_allows() -> None:
    data = facts(assessments=_HAND_CONTROLS_CONTRA, family_members=[
        {"full_name": "Петренко Андрій Олегович", "relation": "child",
         "registered_at_same_address": True, "holds_driving_licence": True, "will_use_car": True}])
    decision = run(data)
    assert outcome(decision, "CQ-ELIG-6") == "passed"
    assert decision.eligible


def test_cq_elig_6_family_member_elsewhere_does_not_count() -> None:
    data = facts(assessments=_HAND_CONTROLS_CONTRA, family_members=[
        {"full_name": "Петренко Андрій Олегович", "relation": "child", "registered_at_same_address": False}])
    assert outcome(run(data), "CQ-ELIG-6") == "failed"


def test_cq_elig_6_licence_requirement_is_configurable() -> None:
    data = facts(assessments=_HAND_CONTROLS_CONTRA, family_members=[
        {"relation": "spouse", "registered_at_same_address": True, "holds_driving_licence": False}])
    assert outcome(run(data), "CQ-ELIG-6") == "passed"
    assert outcome(run(data, RulesConfig(transfer_requires_driving_licence=True)), "CQ-ELIG-6") == "failed"


# --- CQ-ELIG-7 ---------------------------------------------------------------------------


def test_cq_elig_7_no_indications_refused() -> None:
    decision = run(facts(assessments=[{"kind": "msek", "assessed_on": "2024-04-02", "indications_for_car": False}]))
    assert outcome(decision, "CQ-ELIG-7") == "failed"
    assert not decision.eligible


def test_cq_elig_7_awaiting_assessment_not_yet_eligible() -> None:
    decision = run(facts(assessments=[]))
    assert outcome(decision, "CQ-ELIG-7") == "failed"
    assert decision.rule("CQ-ELIG-7").flag_code == "awaiting_assessment"


def test_cq_elig_7_vlk_conclusion_does_not_count_by_default() -> None:
    decision = run(facts(assessments=[{"kind": "vlk", "assessed_on": "2024-04-02", "indications_for_car": True}]))
    assert outcome(decision, "CQ-ELIG-7") == "failed"


def test_cq_elig_7_stumps_regardless_of_indications() -> None:
    decision = run(merge(facts(assessments=[]), {"disability": {"group": "I", "stumps_of_both_legs_and_arms": True}}))
    assert outcome(decision, "CQ-ELIG-7") == "applied"
    assert decision.eligible


def test_cq_elig_7_war_group_1_by_vision_regardless() -> None:
    data = merge(facts(assessments=[]), {"disability": {"group": "I", "cause": "war", "war_by_vision": True}})
    decision = run(data)
    assert outcome(decision, "CQ-ELIG-7") == "applied"
    war_group_2 = merge(data, {"disability": {"group": "II"}})
    assert outcome(run(war_group_2), "CQ-ELIG-7") == "failed"


def test_cq_elig_7_chornobyl_needs_causal_link() -> None:
    data = merge(facts(assessments=[]), {"disability": {"group": "II", "cause": "chornobyl", "chornobyl": {
        "role": "liquidator", "category": 1, "causal_link": True}}})
    assert outcome(run(data), "CQ-ELIG-7") == "applied"
    no_link = merge(data, {"disability": {"chornobyl": {"causal_link": False}}})
    assert outcome(run(no_link), "CQ-ELIG-7") == "failed"
    group_3 = merge(data, {"disability": {"group": "III"}})
    assert outcome(run(group_3), "CQ-ELIG-7") == "failed"


def test_cq_elig_7_other_nuclear_events_give_no_right_regardless_of_indications() -> None:
    """Item 5 names the Chornobyl disaster only: a disability linked to another radiation or
    nuclear event needs an assessment with indications, like everyone else."""
    other = merge(facts(assessments=[]), {"disability": {"group": "I", "cause": "chornobyl", "chornobyl": {
        "role": "other_nuclear_event", "category": 1, "causal_link": True}}})
    decision = run(other)
    assert outcome(decision, "CQ-ELIG-7") == "failed" and decision.eligible is False
    with_indications = merge(facts(), {"disability": {"group": "I", "cause": "chornobyl", "chornobyl": {
        "role": "other_nuclear_event", "category": 1, "causal_link": True}}})
    assert run(with_indications).eligible is True
    for role in ("liquidator", "victim"):
        chornobyl = merge(other, {"disability": {"chornobyl": {"role": role}}})
        assert outcome(run(chornobyl), "CQ-ELIG-7") == "applied"
