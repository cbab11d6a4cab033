"""CQ-DATE-1..8."""

from datetime import date

from cbi.carqueue.rules import RulesConfig

from .builders import facts, merge, outcome, run


def test_cq_date_1_assessment_date_after_application() -> None:
    decision = run(facts())
    assert outcome(decision, "CQ-DATE-1") == "applied"
    assert decision.enrollment_date == date(2024, 4, 2)


def test_cq_date_1_assessment_on_registration_day_counts() -> None:
    data = facts(assessments=[{"kind": "msek", "assessed_on": "2024-03-12", "indications_for_car": True}])
    assert run(data).enrollment_date == date(2024, 3, 12)


def test_cq_date_1_assessment_before_application_uses_application_date() -> None:
    data = facts(assessments=[{"kind": "msek", "assessed_on": "2023-12-01", "indications_for_car": True}])
    decision = run(data)
    assert decision.enrollment_date == date(2024, 3, 12)
    assert "predates" in decision.rule("CQ-DATE-1").reason_en


def test_cq_date_2_regardless_of_indications_application_date() -> None:
    data = merge(facts(assessments=[]), {"disability": {"group": "I", "stumps_of_both_legs_and_arms": True}})
    decision = run(data)
    assert outcome(decision, "CQ-DATE-2") == "applied"
    assert outcome(decision, "CQ-DATE-1") == "not_applicable"
    assert decision.enrollment_date == date(2024, 3, 12)


def test_cq_date_3_joint_family_first_member_date() -> None:
    data = merge(facts(), {"application": {"kind": "joint_family",
                                           "family_enrollment_dates": ["2022-09-05", "2023-01-17"]}})
    decision = run(data)
    assert outcome(decision, "CQ-DATE-3") == "applied"
    assert decision.enrollment_date == date(2022, 9, 5)


def test_cq_date_3_joint_family_own_date_earliest() -> None:
    data = merge(facts(), {"application": {"kind": "joint_family", "family_enrollment_dates": ["2024-05-01"]}})
    assert run(data).enrollment_date == date(2024, 4, 2)


def test_cq_date_4_separate_uses_officer_date() -> None:
    data = merge(facts(), {"application": {"kind": "separate_from_family",
                                           "separate_enrollment_date": "2021-06-18"}})
    decision = run(data)
    assert outcome(decision, "CQ-DATE-4") == "applied"
    assert decision.enrollment_date == date(2021, 6, 18)


def test_cq_date_4_separate_computed_from_original_application_after_death() -> None:
    data = merge(facts(assessments=[{"kind": "msek", "assessed_on": "2021-07-01", "indications_for_car": True},
                                    {"kind": "msek", "assessed_on": "2024-04-02", "indications_for_car": True}]),
                 {"application": {"kind": "separate_from_family", "original_registered_on": "2021-06-10",
                                  "separate_reason": "family_member_died"}})
    decision = run(data)
    assert decision.enrollment_date == date(2021, 7, 1)
    assert "death" in decision.rule("CQ-DATE-4").reason_en
    # own category, not the family's
    assert decision.category == "general"


def test_cq_date_5_replacement_not_before_10_years() -> None:
    data = merge(facts(), {"application": {"kind": "replacement", "previous_car_issued_on": "2014-09-01"}})
    decision = run(data)
    assert outcome(decision, "CQ-DATE-5") == "applied"
    assert decision.enrollment_date == date(2024, 9, 1)


def test_cq_date_5_replacement_after_10_years_uses_application_date() -> None:
    data = merge(facts(), {"application": {"kind": "replacement", "previous_car_issued_on": "2014-03-12"}})
    assert run(data).enrollment_date == date(2024, 3, 12)  # exactly 10 years: application date


def test_cq_date_5_leap_day_issue() -> None:
    data = merge(facts(), {"application": {"kind": "replacement", "previous_car_issued_on": "2016-02-29"}})
    assert run(data).enrollment_date == date(2026, 2, 28)


def test_cq_date_5_replaced_car_does_not_block_cq_elig_2() -> None:
    old = {"ref": "AI0001KX", "description": "ЗАЗ Sens", "kind": "car", "acquired_how": "social_protection",
           "registered_on": "2014-09-01", "in_operation_since": "2014-09-01"}
    data = merge(facts(vehicles=[old]), {"application": {"kind": "replacement", "previous_car_issued_on": "2014-09-01"}})
    decision = run(data)
    assert outcome(decision, "CQ-ELIG-2") == "passed"
    assert decision.eligible


def test_cq_date_6_family_change_application_date() -> None:
    data = facts(
        assessments=[{"kind": "msek", "assessed_on": "2023-02-01", "indications_for_car": True,
                      "hand_controls": True, "contraindications_to_driving": True}],
        family_members=[{"full_name": "Петренко Богдан Іванович", "relation": "spouse",
                         "registered_at_same_address": True, "holds_driving_licence": True}],
    )
    data = merge(data, {"application": {"kind": "after_family_change"}})
    decision = run(data)
    assert outcome(decision, "CQ-DATE-6") == "applied"
    assert decision.enrollment_date == date(2024, 3, 12)
    assert decision.eligible


def test_cq_date_7_reestablishment_date() -> None:
    data = merge(facts(), {
        "application": {"kind": "after_reestablishment"},
        "disability": {"established_on": "2023-11-20", "history": [
            {"event": "established", "on": "2018-03-01", "group": "II"},
            {"event": "removed", "on": "2021-03-01"},
            {"event": "reestablished", "on": "2023-11-20", "group": "II", "certificate_number": "12 ААБ 004512"},
        ]},
    })
    decision = run(data)
    assert outcome(decision, "CQ-DATE-7") == "applied"
    assert decision.enrollment_date == date(2023, 11, 20)


def test_cq_date_7_without_history_flagged() -> None:
    data = merge(facts(), {"application": {"kind": "after_reestablishment"}})
    decision = run(data)
    assert outcome(decision, "CQ-DATE-7") == "flagged"


def test_cq_date_8_work_injury_application_date_flagged() -> None:
    data = merge(facts(), {"disability": {"cause": "work_injury"}})
    decision = run(data)
    assert outcome(decision, "CQ-DATE-8") == "flagged"
    assert outcome(decision, "CQ-DATE-1") == "not_applicable"
    assert decision.enrollment_date == date(2024, 3, 12)
    assert "work_injury_enrollment_date_review" in {f.code for f in decision.flags}


def test_cq_date_8_configurable_to_assessment_date() -> None:
    data = merge(facts(), {"disability": {"cause": "work_injury"}})
    config = RulesConfig(work_injury_enrollment_rule="assessment_date", work_injury_flag_for_officer=False)
    decision = run(data, config)
    assert outcome(decision, "CQ-DATE-8") == "applied"
    assert decision.enrollment_date == date(2024, 4, 2)
