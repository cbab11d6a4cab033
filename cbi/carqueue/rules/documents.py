"""CQ-DOC-1 (item 34): the document checklist for an application."""

from __future__ import annotations

from .common import chornobyl_causal, representative_checked
from .config import RulesConfig
from .enums import DisabilityCause, DisabilityGroup, Outcome
from .facts import Facts
from .results import DocumentItem, RuleResult, result

#: code -> (Ukrainian label, English label)
DOCUMENT_LABELS: dict[str, tuple[str, str]] = {
    "application_form": (
        "Заява за формою, затвердженою Мінсоцполітики",
        "Application on the Ministry's form",
    ),
    "disability_certificate": (
        "Копія довідки МСЕК (рішення експертної команди) про групу та причину інвалідності",
        "Copy of the MSEK certificate (expert team decision) on the disability group and cause",
    ),
    "child_medical_conclusion": (
        "Копія медичного висновку про дитину з інвалідністю",
        "Copy of the medical conclusion for the child with a disability",
    ),
    "passport_person": (
        "Паспорт громадянина України особи з інвалідністю (повертається після перевірки)",
        "Passport of the person with a disability (returned after checking)",
    ),
    "passport_representative": (
        "Паспорт громадянина України законного представника (повертається після перевірки)",
        "Passport of the legal representative (returned after checking)",
    ),
    "child_birth_certificate": (
        "Копія свідоцтва про народження дитини",
        "Copy of the child's birth certificate",
    ),
    "rnokpp_person": (
        "Довідка про РНОКПП особи з інвалідністю",
        "Taxpayer number (RNOKPP) of the person with a disability",
    ),
    "rnokpp_family_member": (
        "Довідка про РНОКПП члена сім'ї, якому передається право користування автомобілем",
        "Taxpayer number (RNOKPP) of the family member who gets the right to use the car",
    ),
    "rnokpp_representative": (
        "Довідка про РНОКПП законного представника",
        "Taxpayer number (RNOKPP) of the legal representative",
    ),
    "family_member_residence_registration": (
        "Документ про реєстрацію місця проживання члена сім'ї (іншої особи), якому "
        "передається право користування автомобілем",
        "Registration of residence of the family member (other person) who gets the right to "
        "use the car",
    ),
    "chornobyl_category_certificate": (
        "Копія посвідчення про належність до категорії 1 осіб, що постраждали внаслідок "
        "Чорнобильської катастрофи",
        "Copy of the Chornobyl category 1 certificate",
    ),
    "driving_ability_medical_certificate": (
        "Медична довідка про спроможність особи з інвалідністю керувати автомобілем",
        "Medical certificate on the person's ability to drive",
    ),
    "military_commissariat_certificate": (
        "Довідка військкомату (копія військового або партизанського квитка) про участь у "
        "бойових діях під час Другої світової війни",
        "Military commissariat certificate (copy of the military or partisan card) on "
        "combat in World War II",
    ),
    "war_disability_certificate": (
        "Посвідчення особи з інвалідністю внаслідок війни",
        "War-disability certificate",
    ),
    "court_incapacity_decision": (
        "Копія рішення суду про визнання особи недієздатною",
        "Copy of the court decision declaring the person legally incapable",
    ),
    "guardianship_decision": (
        "Копія рішення (розпорядження) про встановлення опіки",
        "Copy of the decision establishing guardianship",
    ),
    "child_guardianship_decision": (
        "Копія рішення (розпорядження) про встановлення опіки та піклування над дитиною, "
        "позбавленою батьківського піклування",
        "Copy of the guardianship decision for a child deprived of parental care",
    ),
}


def required_document_codes(facts: Facts) -> list[str]:
    person, disability = facts.person, facts.disability
    codes = ["application_form"]
    codes.append("child_medical_conclusion" if facts.is_child else "disability_certificate")
    if facts.is_child:
        codes.append("child_birth_certificate")
    else:
        codes.append("passport_person")
    if representative_checked(facts):
        codes.append("passport_representative")
    codes.append("rnokpp_person")
    if representative_checked(facts):
        codes.append("rnokpp_representative")
    if any(member.will_use_car for member in facts.family_members):
        codes += ["rnokpp_family_member", "family_member_residence_registration"]
    if chornobyl_causal(facts):
        codes.append("chornobyl_category_certificate")
        if disability.group in (DisabilityGroup.I, DisabilityGroup.II):
            codes.append("driving_ability_medical_certificate")
    if person.wwii_combat_participant:
        codes.append("military_commissariat_certificate")
    if person.wwii_combat_participant or disability.cause == DisabilityCause.war:
        codes.append("war_disability_certificate")
    if person.legally_incapable:
        codes += ["court_incapacity_decision", "guardianship_decision"]
    if facts.is_child and person.without_parental_care:
        codes.append("child_guardianship_decision")
    return codes


def required_documents(facts: Facts) -> list[DocumentItem]:
    """The item 34 checklist for this case (all items are mandatory)."""
    return [
        DocumentItem(code=code, label_uk=DOCUMENT_LABELS[code][0], label_en=DOCUMENT_LABELS[code][1])
        for code in required_document_codes(facts)
    ]


def missing_documents(facts: Facts) -> list[str] | None:
    """Mandatory codes not handed in; None when the documents were not recorded."""
    provided = facts.application.documents_provided
    if provided is None:
        return None
    return [code for code in required_document_codes(facts) if code not in provided]


def cq_doc_1_documents(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-DOC-1"
    codes = required_document_codes(facts)
    missing = missing_documents(facts)
    if missing is None:
        return result(
            rule_id,
            Outcome.applied,
            f"Перелік документів для цього випадку: {len(codes)} позицій (див. перелік).",
            f"Document checklist for this case: {len(codes)} items (see the list).",
            required=codes,
        )
    if not missing:
        return result(
            rule_id,
            Outcome.passed,
            "Усі обов'язкові документи за п. 34 подано.",
            "All mandatory item 34 documents are present.",
            required=codes,
        )
    missing_uk = "; ".join(DOCUMENT_LABELS[c][0] for c in missing)
    missing_en = "; ".join(DOCUMENT_LABELS[c][1] for c in missing)
    reason = facts.application.missing_documents_reason
    if reason:
        return result(
            rule_id,
            Outcome.flagged,
            f"Бракує документів: {missing_uk}. Заяву зареєстровано з поясненням посадової "
            f"особи: «{reason}».",
            f"Missing documents: {missing_en}. Registered with the officer's reason: "
            f"\"{reason}\".",
            flag_code="documents_missing_reason_recorded",
            required=codes,
            missing=missing,
        )
    return result(
        rule_id,
        Outcome.failed,
        f"Бракує обов'язкових документів: {missing_uk}. Заяву не можна зареєструвати без них "
        "або без письмового пояснення посадової особи.",
        f"Missing mandatory documents: {missing_en}. The application cannot be registered "
        "without them or without the officer's written reason.",
        flag_code="documents_missing",
        required=codes,
        missing=missing,
    )
