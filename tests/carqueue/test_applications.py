"""Car applications: the item-34 checklist built from the registry, registration blocked
without documents or a reason, roles and scope of the back-office pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cbi.carqueue.intake import services
from cbi.carqueue.models import CarApplication, CarApplicationDocument, JournalEntry
from cbi.carqueue.facts import facts_for
from cbi.registry.models import Assessment, DisabilityStatus, FamilyMember, Representative
from cbi.carqueue.error_codes import CarqueueErrorCode
from tests.conftest import PECHERSKYI, make_person, signed_in
from tests.errors import error_codes

ADULT_DOCUMENTS = ["application_form", "disability_certificate", "passport_person", "rnokpp_person"]
NEW = "/staff/car-queue/applications/new/"


def today() -> date:
    return timezone.localdate()


def with_assessment(person, *, on: date | None = None, indications: bool = True):
    Assessment.objects.create(person=person, kind="msek", assessed_on=on or today() - timedelta(days=30),
                              conclusion_number="МСЕК-1024/26", body_name="Київська міська МСЕК № 3",
                              indications_for_car=indications)
    return person


def register(officer, person, *, via="in_person", received_on: date | None = None, presented=None, reason="",
             **extra) -> CarApplication:
    data = {"received_via": via, "received_on": received_on or today(), "kind": "first", **extra}
    return services.register_application(actor=officer, person=person, data=data,
                                         presented=ADULT_DOCUMENTS if presented is None else presented,
                                         missing_documents_reason=reason)


@pytest.fixture
def applicant(person):
    """Олена Петренко (group II, general disease) with an МСЕК conclusion finding indications."""
    return with_assessment(person)


@pytest.fixture
def other_office_person(organizations):
    person = make_person(organizations[PECHERSKYI], surname="Мельник", given_name="Андрій", patronymic="Петрович",
                         date_of_birth=date(1968, 11, 2), sex="male", rnokpp="2287104573")
    DisabilityStatus.objects.create(person=person, group="I", cause="general_disease", established_on=date(2016, 4, 1))
    return with_assessment(person)


def test_checklist_of_an_adult_comes_from_the_registry(applicant):
    draft = CarApplication(person=applicant, office=applicant.office, received_via="in_person",
                           received_on=today(), kind="first")
    facts = facts_for(applicant, draft)
    assert facts.person.full_name == "Петренко Олена Іванівна"
    assert facts.disability.group.value == "II" and facts.assessments[0].indications_for_car
    from cbi.carqueue.rules import required_documents
    assert [d.code for d in required_documents(facts)] == ADULT_DOCUMENTS


def test_checklist_of_a_child_with_a_guardian_and_a_driver(organizations):
    child = make_person(organizations["spo-ua80000000001078669"], surname="Бондар", given_name="Максим",
                        patronymic="Олегович", date_of_birth=date(2015, 6, 12), sex="male", rnokpp="3567890121")
    DisabilityStatus.objects.create(person=child, group="child", cause="from_childhood",
                                    established_on=date(2021, 9, 1), valid_until=date(2033, 6, 12))
    Representative.objects.create(person=child, kind="guardian", surname="Бондар", given_name="Оксана",
                                  patronymic="Василівна", authority_document="guardianship_decision",
                                  authority_document_number="123-р", authority_document_date=date(2020, 2, 3))
    uncle = FamilyMember.objects.create(person=child, relation="other", surname="Бондар", given_name="Ігор",
                                        registered_at_same_address=True, holds_driving_licence=True)
    draft = CarApplication(person=child, office=child.office, received_via="post", received_on=today(),
                           kind="first", without_parental_care=True, car_user=uncle)
    from cbi.carqueue.rules import required_documents
    codes = [d.code for d in required_documents(facts_for(child, draft))]
    assert codes == ["application_form", "child_medical_conclusion", "child_birth_certificate",
                     "passport_representative", "rnokpp_person", "rnokpp_representative", "rnokpp_family_member",
                     "family_member_residence_registration", "child_guardianship_decision"]


def test_missing_documents_block_registration_without_a_reason(applicant, district_officer):
    with pytest.raises(ValidationError) as refused:
        register(district_officer, applicant, presented=["application_form", "disability_certificate"])
    assert error_codes(refused.value) == {"missing_documents_reason": [CarqueueErrorCode.MISSING_DOCUMENTS_REASON.value]}
    assert not CarApplication.objects.exists() and not JournalEntry.objects.exists()


def test_missing_documents_with_the_officers_reason_are_registered(applicant, district_officer):
    application = register(district_officer, applicant, presented=["application_form", "disability_certificate",
                                                                   "passport_person"],
                           reason="Довідку про РНОКПП особа донесе до 25.11.2026, запит до ДПС надіслано")
    rows = {d.code: d.presented for d in CarApplicationDocument.objects.filter(application=application)}
    assert rows == {"application_form": True, "disability_certificate": True, "passport_person": True,
                    "rnokpp_person": False}
    entry = JournalEntry.objects.get(application=application)
    assert entry.payload["documents_missing"] == ["rnokpp_person"]
    assert entry.payload["missing_documents_reason_recorded"] is True
    # the reason is on the application (with history), not in the journal
    assert "ДПС" not in str(entry.payload)
    assert application.office_number == 1 and application.status == "registered_at_office"


def test_all_documents_register_without_a_reason(applicant, district_officer):
    application = register(district_officer, applicant)
    assert application.missing_documents_reason == ""
    assert application.deadlines.get().rule_id == "CQ-FLOW-1"
    event = application.events.get()
    assert (event.by, event.to_status, event.action) == (district_officer, "registered_at_office", "register")


def test_only_a_district_officer_of_the_persons_office_registers(applicant, regional_officer,
                                                                  other_district_officer):
    with pytest.raises(PermissionDenied):
        register(regional_officer, applicant)
    with pytest.raises(PermissionDenied):
        register(other_district_officer, applicant)


# --- pages ---------------------------------------------------------------------------------


def test_registration_page_shows_the_checklist(applicant, district_officer):
    client = signed_in(district_officer)
    page = client.get(NEW, {"person": applicant.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Петренко Олена Іванівна" in text
    for code in ADULT_DOCUMENTS:
        assert f'value="{code}"' in text
    assert 'value="child_birth_certificate"' not in text


def test_registration_page_refuses_missing_documents_then_registers(applicant, district_officer):
    client = signed_in(district_officer)
    client.cookies["django_language"] = "en"
    form = {"received_via": "post", "received_on": today().isoformat(), "kind": "first",
            "documents": ["application_form", "disability_certificate"], "register": "1"}
    refused = client.post(f"{NEW}?person={applicant.pk}", form)
    assert refused.status_code == 200
    assert "write why you register the application without them" in refused.content.decode()
    assert refused.content.decode().count("<title>Error: ") == 1
    assert not CarApplication.objects.exists()

    done = client.post(f"{NEW}?person={applicant.pk}", {**form, "documents": ADULT_DOCUMENTS})
    application = CarApplication.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/applications/{application.pk}/")
    detail = client.get(done["Location"])
    assert "Car application No. 1" in detail.content.decode()


def test_registration_page_for_another_office_is_404(applicant, other_district_officer):
    client = signed_in(other_district_officer)
    assert client.get(NEW, {"person": applicant.pk}).status_code == 404
    assert client.get(NEW, {"person": "not-a-uuid"}).status_code == 404


def test_regional_officer_and_auditor_cannot_open_the_registration(applicant, regional_officer, auditor):
    assert signed_in(regional_officer).get(NEW, {"person": applicant.pk}).status_code == 403
    assert signed_in(auditor).get(NEW, {"person": applicant.pk}).status_code == 403


def test_person_without_a_disability_status_cannot_be_registered(organizations, district_officer):
    person = make_person(organizations["spo-ua80000000001078669"], surname="Гнатюк", given_name="Василь",
                         patronymic="Михайлович", date_of_birth=date(1959, 1, 20), sex="male",
                         rnokpp="2245134075")
    client = signed_in(district_officer)
    client.cookies["django_language"] = "en"
    page = client.get(NEW, {"person": person.pk})
    assert "The application cannot be registered yet" in page.content.decode()
    assert "<title>Error: " in page.content.decode()


def test_application_of_another_office_is_404(applicant, district_officer, other_district_officer,
                                              regional_officer, auditor):
    application = register(district_officer, applicant)
    url = f"/staff/car-queue/applications/{application.pk}/"
    assert signed_in(other_district_officer).get(url).status_code == 404
    assert signed_in(other_district_officer).get(url + "issue-referrals/").status_code == 404
    assert signed_in(district_officer).get(url).status_code == 200
    assert signed_in(regional_officer).get(url).status_code == 200  # Kyiv's regional department
    assert signed_in(auditor).get(url).status_code == 200           # the Ministry sees everything
