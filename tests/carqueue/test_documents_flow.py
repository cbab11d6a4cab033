"""CQ-DOC-1 and CQ-FLOW-1..5."""

from datetime import date

from cbi.carqueue.rules import form_088_due, monthly_registration_due, referral_due, required_documents
from cbi.carqueue.rules.enums import ReceivedVia
from cbi.carqueue.rules.facts import parse_facts

from .builders import facts, merge, outcome, run

CHILD = {
    "person": {"full_name": "Бондар Софія Олегівна", "birth_date": "2016-10-03", "without_parental_care": True},
    "disability": {"group": "child", "cause": "from_childhood"},
    "representative": {"full_name": "Бондар Галина Миколаївна", "kind": "guardian"},
}


def _codes(data: dict) -> list[str]:
    return [item.code for item in required_documents(parse_facts(data))]


def test_cq_doc_1_adult_basic_checklist() -> None:
    assert _codes(facts()) == ["application_form", "disability_certificate", "passport_person", "rnokpp_person"]


def test_cq_doc_1_child_without_parental_care() -> None:
    codes = _codes(merge(facts(), CHILD))
    assert "child_medical_conclusion" in codes and "disability_certificate" not in codes
    assert {"child_birth_certificate", "passport_representative", "rnokpp_representative",
            "child_guardianship_decision"} <= set(codes)


def test_cq_doc_1_incapable_person() -> None:
    data = merge(facts(), {"person": {"legally_incapable": True},
                           "representative": {"full_name": "Петренко Іван Сергійович", "kind": "guardian"}})
    assert {"court_incapacity_decision", "guardianship_decision", "passport_representative"} <= set(_codes(data))


def test_cq_doc_1_chornobyl_group_2() -> None:
    data = merge(facts(), {"disability": {"cause": "chornobyl", "chornobyl": {
        "role": "victim", "category": 1, "causal_link": True}}})
    codes = _codes(data)
    assert "chornobyl_category_certificate" in codes and "driving_ability_medical_certificate" in codes
    group_3 = merge(data, {"disability": {"group": "III"}})
    assert "driving_ability_medical_certificate" not in _codes(group_3)


def test_cq_doc_1_war_and_family_member() -> None:
    data = merge(facts(), {"person": {"wwii_combat_participant": True}, "disability": {"cause": "war"},
                           "family_members": [{"relation": "grandchild", "registered_at_same_address": True,
                                               "will_use_car": True}]})
    assert {"military_commissariat_certificate", "war_disability_certificate", "rnokpp_family_member",
            "family_member_residence_registration"} <= set(_codes(data))


def test_cq_doc_1_missing_documents_block_registration() -> None:
    data = merge(facts(), {"application": {"documents_provided": ["application_form", "disability_certificate"]}})
    decision = run(data)
    assert outcome(decision, "CQ-DOC-1") == "failed"
    assert decision.missing_documents == ["passport_person", "rnokpp_person"]
    assert decision.eligible  # procedural: eligibility itself is unchanged
    with_reason = merge(data, {"application": {"missing_documents_reason": "РНОКПП не присвоєно з релігійних переконань"}})
    assert outcome(run(with_reason), "CQ-DOC-1") == "flagged"
    complete = merge(data, {"application": {"documents_provided": _codes(facts())}})
    assert outcome(run(complete), "CQ-DOC-1") == "passed"


def test_cq_flow_1_deadline_helpers() -> None:
    assert referral_due(date(2024, 3, 12), ReceivedVia.in_person) == date(2024, 3, 12)
    assert referral_due(date(2024, 3, 12), ReceivedVia.cabinet) == date(2024, 3, 12)
    assert referral_due(date(2024, 3, 12), ReceivedVia.post) == date(2024, 3, 15)


def test_cq_flow_1_referral_by_post_within_3_days() -> None:
    data = merge(facts(), {"application": {"received_via": "post", "process": {"referrals_issued_on": "2024-03-15"}}})
    assert outcome(run(data), "CQ-FLOW-1") == "passed"
    late = merge(data, {"application": {"process": {"referrals_issued_on": "2024-03-16"}}})
    assert outcome(run(late), "CQ-FLOW-1") == "failed"
    in_person_late = merge(late, {"application": {"received_via": "in_person"}})
    assert outcome(run(in_person_late), "CQ-FLOW-1") == "failed"


def test_cq_flow_2_form_088_within_5_days() -> None:
    assert form_088_due(date(2024, 3, 28)) == date(2024, 4, 2)
    data = merge(facts(), {"application": {"process": {"health_exam_on": "2024-03-28", "form_088_sent_on": "2024-04-02"}}})
    assert outcome(run(data), "CQ-FLOW-2") == "passed"
    overdue = merge(facts(), {"application": {"process": {"health_exam_on": "2024-05-09"}}})
    assert outcome(run(overdue), "CQ-FLOW-2") == "failed"
    assert "form_088_overdue" in {f.code for f in run(overdue).flags}


def test_cq_flow_3_forward_documents_after_notice() -> None:
    data = merge(facts(), {"application": {"process": {"social_office_notified_on": "2024-04-03"}}})
    assert outcome(run(data), "CQ-FLOW-3") == "applied"
    done = merge(data, {"application": {"process": {"documents_forwarded_on": "2024-04-05"}}})
    assert outcome(run(done), "CQ-FLOW-3") == "passed"


def test_cq_flow_4_decision_recipients() -> None:
    data = merge(facts(), {"application": {"process": {"documents_complete_on": "2024-04-08"}}})
    result = run(data).rule("CQ-FLOW-4")
    assert result.outcome == "applied"
    assert result.data["recipients"] == ["social_protection_office", "person"]
    child = merge(merge(facts(), CHILD), {"application": {"process": {"documents_complete_on": "2024-04-08"}}})
    assert run(child).rule("CQ-FLOW-4").data["recipients"] == ["social_protection_office", "representative"]


def test_cq_flow_5_twenty_days_after_month_end() -> None:
    assert monthly_registration_due(date(2024, 1, 15)) == date(2024, 2, 20)
    assert monthly_registration_due(date(2024, 2, 29)) == date(2024, 3, 20)
    assert monthly_registration_due(date(2024, 12, 31)) == date(2025, 1, 20)
    data = merge(facts(), {"application": {"process": {"documents_complete_on": "2024-04-08",
                                                       "journal_registered_on": "2024-05-20"}}})
    assert outcome(run(data), "CQ-FLOW-5") == "passed"
    late = merge(data, {"application": {"process": {"journal_registered_on": "2024-05-21"}}})
    assert outcome(run(late), "CQ-FLOW-5") == "failed"
