"""EC-PRIM-1: officers review applications: work list, duplicates, accept, return with reasons."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cbi.audit.models import AccessEvent
from cbi.documents.models import Document
from cbi.primary import services, workflow
from cbi.primary.models import PrimaryRegistration, StatusChange
from cbi.registry.models import Address, Assessment, IdentityDocument, Person, Representative
from tests.conftest import PECHERSKYI, make_person, signed_in
from tests.primary.journey import BASE, CHILD_ANSWERS, answer, submit_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(organizations):
    return submit_application()[1]


def test_work_list_shows_the_offices_submitted_applications(submitted, officer_client):
    page = officer_client.get(f"{BASE}review/").content.decode()
    assert submitted.reference in page and "Коваль Марія Степанівна" in page
    assert "Первинні реєстрації" in page or "Primary registrations" in page  # menu entry


def test_work_list_filters_by_status_and_dates(submitted, officer_client):
    assert submitted.reference not in officer_client.get(f"{BASE}review/", {"status": "accepted"}).content.decode()
    today = date.today().isoformat()
    page = officer_client.get(f"{BASE}review/", {"status": "", "submitted_from": today, "submitted_to": today})
    assert submitted.reference in page.content.decode()
    page = officer_client.get(f"{BASE}review/", {"status": "", "submitted_to": "2020-01-01"})
    assert submitted.reference not in page.content.decode()


def test_another_office_neither_lists_nor_opens_it(submitted, other_district_officer):
    client = signed_in(other_district_officer)
    assert submitted.reference not in client.get(f"{BASE}review/").content.decode()
    assert client.get(f"{BASE}review/{submitted.pk}/").status_code == 404
    assert client.get(f"{BASE}review/{submitted.pk}/accept/").status_code == 404
    assert client.post(f"{BASE}review/{submitted.pk}/return/", {"reasons": "x"}).status_code == 404
    document = Document.objects.filter(registration=submitted).first()
    assert client.get(f"/documents/{document.pk}/").status_code == 404


def test_regional_officer_sees_the_regions_applications(submitted, regional_officer):
    assert submitted.reference in signed_in(regional_officer).get(f"{BASE}review/").content.decode()


def test_auditors_and_administrators_do_not_review(submitted, auditor, administrator):
    assert signed_in(auditor).get(f"{BASE}review/").status_code == 403
    assert signed_in(administrator).get(f"{BASE}review/").status_code == 403


def test_detail_shows_everything_and_opening_is_logged(submitted, officer_client, district_officer):
    page = officer_client.get(f"{BASE}review/{submitted.pk}/").content.decode()
    for text in ("Коваль", "3456789014", "вул. Володимирська", "001234567", "МСЕК-2025/0412"):
        assert text in page
    documents = Document.objects.filter(registration=submitted)
    for document in documents:
        assert f"/documents/{document.pk}/" in page
    read = AccessEvent.objects.get(event_type=AccessEvent.EventType.PRIMARY_REGISTRATION)
    assert (read.user, read.registration, read.person) == (district_officer, submitted, None)
    response = officer_client.get(f"/documents/{documents[0].pk}/")
    assert response.status_code == 200
    entry = AccessEvent.objects.get(event_type=AccessEvent.EventType.DOCUMENT_FILE)
    assert entry.registration == submitted and entry.person is None


def test_possible_duplicates_across_the_registry(submitted, officer_client, organizations):
    in_scope = make_person(organizations["spo-ua80000000001078669"], surname="КОВАЛЬ", given_name="Марія",
                           date_of_birth=date(1990, 6, 14), rnokpp="3567890121")
    elsewhere = make_person(organizations[PECHERSKYI], surname="Петрук", given_name="Іван",
                            date_of_birth=date(1970, 1, 1), rnokpp="3456789014")
    page = officer_client.get(f"{BASE}review/{submitted.pk}/").content.decode()
    assert f"/staff/persons/{in_scope.pk}/" in page
    assert f"/staff/persons/{elsewhere.pk}/" not in page and "Петрук" not in page
    assert organizations[PECHERSKYI].name in page


def test_accept_creates_the_person_with_address_documents_and_files(submitted, officer_client, district_officer):
    confirm = officer_client.get(f"{BASE}review/{submitted.pk}/accept/")
    assert confirm.status_code == 200
    assert PrimaryRegistration.objects.get().status == "submitted"  # GET changes nothing
    mail.outbox.clear()
    response = officer_client.post(f"{BASE}review/{submitted.pk}/accept/", {"record": "new"})
    person = Person.objects.get(rnokpp="3456789014")
    assert response["Location"] == f"/staff/persons/{person.pk}/"
    assert (person.surname, person.given_name, person.patronymic, person.date_of_birth, person.sex) == (
        "Коваль", "Марія", "Степанівна", date(1990, 6, 14), "female")
    assert person.office.code == "spo-ua80000000001078669" and person.phone == "+380671234567"
    address = Address.objects.get(person=person)
    assert (address.kind, address.street, address.building, address.postcode) == (
        "registered", "вул. Володимирська", "12", "01034")
    assert IdentityDocument.objects.get(person=person).number == "001234567"
    assessment = Assessment.objects.get(person=person)
    assert (assessment.kind, assessment.conclusion_number) == ("msek", "МСЕК-2025/0412")
    assert Document.objects.filter(person=person).count() == 3
    assert person.history.first().history_user == district_officer
    submitted.refresh_from_db()
    assert submitted.status == "accepted" and submitted.person == person
    change = StatusChange.objects.get(to_status="accepted")
    assert change.by == district_officer
    assert len(mail.outbox) == 1 and "КЕП" in mail.outbox[0].body
    # Files now show on the person's record.
    assert "висновок МСЕК.pdf" in officer_client.get(f"/staff/persons/{person.pk}/").content.decode()


def test_accept_links_to_an_existing_record_in_scope(submitted, officer_client, organizations):
    existing = make_person(organizations["spo-ua80000000001078669"], surname="Коваль", given_name="Марія",
                           date_of_birth=date(1990, 6, 14), rnokpp="3567890121")
    page = officer_client.get(f"{BASE}review/{submitted.pk}/accept/").content.decode()
    assert f'value="{existing.pk}"' in page
    officer_client.post(f"{BASE}review/{submitted.pk}/accept/", {"record": str(existing.pk)})
    assert Person.objects.count() == 1
    submitted.refresh_from_db()
    assert submitted.person == existing
    assert Document.objects.filter(person=existing).count() == 3


def test_accept_refused_with_a_clear_message_when_the_number_is_taken_elsewhere(submitted, officer_client,
                                                                                organizations):
    make_person(organizations[PECHERSKYI], surname="Петрук", given_name="Іван", date_of_birth=date(1970, 1, 1),
                rnokpp="3456789014")
    response = officer_client.post(f"{BASE}review/{submitted.pk}/accept/", {"record": "new"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and Person.objects.count() == 1


def test_accept_for_a_representative_records_the_representative(organizations, officer_client):
    _client, registration = submit_application(CHILD_ANSWERS, slots=("identity", "right", "authority"))
    officer_client.post(f"{BASE}review/{registration.pk}/accept/", {"record": "new"})
    person = Person.objects.get(surname="Бондар")
    # A child without a taxpayer number: identified by the birth certificate, no false refusal mark.
    assert person.rnokpp is None and not person.rnokpp_refused
    assert person.birth_certificate == "І-ЖС 654321"
    representative = Representative.objects.get(person=person)
    assert (representative.full_name, representative.kind, representative.authority_document) == (
        "Бондар Андрій Петрович", "parent", "birth_certificate")
    identity = IdentityDocument.objects.get(person=person)
    assert (identity.kind, identity.series, identity.number) == ("birth_certificate", "І-ЖС", "654321")
    assert Document.objects.filter(person=person, kind="authority_proof").exists()


def test_return_needs_reasons(submitted, officer_client):
    response = officer_client.post(f"{BASE}review/{submitted.pk}/return/", {"reasons": "  "})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_return_sends_reasons_and_a_link_that_reopens_the_draft(submitted, officer_client, district_officer):
    mail.outbox.clear()
    reasons = "Фото паспорта нечитабельне: завантажте чіткіше фото обох сторін ID-картки."
    response = officer_client.post(f"{BASE}review/{submitted.pk}/return/", {"reasons": reasons})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "returned"
    message = mail.outbox[0]
    assert message.to == ["maria.koval@example.com"] and reasons in message.body
    link = re.search(r"http://testserver(/primary-registration/reopen/[^/\s]+/)", message.body).group(1)
    applicant = Client()  # perhaps another device
    response = applicant.get(link)
    assert response["Location"] == f"{BASE}check/"
    page = applicant.get(f"{BASE}check/").content.decode()
    assert reasons in page and "Коваль" in page
    answer(applicant, "identity", {"identity_kind": "id_card", "identity_number": "001234568",
                                   "identity_issued_on": "2019-02-11", "identity_issued_by": "8031"})
    assert applicant.post(f"{BASE}check/")["Location"] == f"{BASE}done/"
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.identity_number == "001234568"
    assert list(StatusChange.objects.values_list("from_status", "to_status", "reason")) == [
        ("draft", "submitted", ""), ("submitted", "returned", reasons), ("returned", "submitted", "")]
    # The reference stays the same; the link no longer works once it was sent again.
    assert applicant.get(link).status_code == 404


def test_a_tampered_or_expired_link_does_not_reopen(submitted, district_officer, client, settings):
    services.return_for_corrections(actor=district_officer, registration=submitted, reasons="Немає РНОКПП.")
    token = services.reopen_link_token(submitted)
    assert client.get(f"{BASE}reopen/{token[:-2]}xx/").status_code == 404
    from unittest import mock

    from django.core import signing

    with mock.patch.object(signing, "loads", side_effect=signing.SignatureExpired("expired")):
        assert client.get(f"{BASE}reopen/{token}/").status_code == 404


ALLOWED = set(workflow.TRANSITIONS)
DISALLOWED = [(a, b) for a in workflow.STATUSES for b in workflow.STATUSES if (a, b) not in ALLOWED]


def test_the_table_has_exactly_the_four_transitions():
    assert ALLOWED == {("draft", "submitted"), ("submitted", "accepted"), ("submitted", "returned"),
                       ("returned", "submitted")}
    assert len(DISALLOWED) == 12


@pytest.mark.parametrize("from_status, to_status", DISALLOWED)
def test_every_other_transition_is_refused(organizations, district_officer, from_status, to_status):
    registration = PrimaryRegistration.objects.create(token_hash=f"h-{from_status}-{to_status}",
                                                      applicant="self", status=from_status)
    with pytest.raises(services.NotAllowed):
        services.change_status(registration=registration, to_status=to_status, actor=district_officer,
                               reason="причина")
    registration.refresh_from_db()
    assert registration.status == from_status
    assert not StatusChange.objects.exists()


def test_return_without_reasons_is_refused_by_the_workflow(submitted, district_officer):
    with pytest.raises(ValidationError):
        services.change_status(registration=submitted, to_status="returned", actor=district_officer)


def test_accepted_application_cannot_be_accepted_or_returned_again(submitted, district_officer, officer_client):
    services.accept(actor=district_officer, registration=submitted)
    with pytest.raises(services.NotAllowed):
        services.accept(actor=district_officer, registration=submitted)
    with pytest.raises(services.NotAllowed):
        services.return_for_corrections(actor=district_officer, registration=submitted, reasons="x")
    # The pages say so instead of acting.
    assert officer_client.post(f"{BASE}review/{submitted.pk}/accept/", {"record": "new"}).status_code == 302
    assert Person.objects.count() == 1


def test_another_offices_officer_cannot_accept_through_the_service(submitted, other_district_officer):
    with pytest.raises(PermissionDenied):
        services.accept(actor=other_district_officer, registration=submitted)


def test_a_submitted_application_cannot_be_edited_by_the_applicant(organizations):
    client, registration = submit_application()
    # The session no longer holds the draft; even with the old token the answers are frozen.
    with pytest.raises(PermissionDenied):
        services.save_answers(registration=registration, data={"surname": "Інше"})
