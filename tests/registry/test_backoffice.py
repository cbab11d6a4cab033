"""The officers' back office through HTTP: scope, search, edit, history, access log."""

from datetime import date

import pytest

from cbi.audit.models import AccessEvent
from cbi.registry.models import Person
from tests.conftest import PECHERSKYI, make_person, signed_in

pytestmark = pytest.mark.django_db


def test_pages_need_a_signed_in_officer_with_a_second_factor(client, person, district_officer):
    response = client.get(f"/staff/persons/{person.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    # Password alone (no verified second factor) is not enough.
    client.force_login(district_officer, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/staff/persons/{person.pk}/").status_code == 302


def test_officer_of_another_office_cannot_open_search_or_edit_the_person(person, other_district_officer):
    client = signed_in(other_district_officer)
    assert client.get(f"/staff/persons/{person.pk}/").status_code == 404
    assert client.get(f"/staff/persons/{person.pk}/edit/").status_code == 404
    assert client.get(f"/staff/persons/{person.pk}/history/").status_code == 404
    assert client.post(f"/staff/persons/{person.pk}/edit/", {"surname": "Змінено"}).status_code == 404
    assert client.get(f"/staff/persons/{person.pk}/documents/new/").status_code == 404
    found = client.get("/staff/persons/", {"by": "rnokpp", "r-rnokpp": person.rnokpp})
    assert person.full_name not in found.content.decode()
    assert not AccessEvent.objects.filter(person=person).exists()
    person.refresh_from_db()
    assert person.surname == "Петренко"


def test_regional_officer_sees_persons_of_every_office_in_the_region(person, regional_officer):
    client = signed_in(regional_officer)
    assert client.get(f"/staff/persons/{person.pk}/").status_code == 200


def test_regional_officer_of_another_region_does_not(person, organizations):
    from tests.conftest import make_staff

    lviv = make_staff(organizations, "regional.lviv", "regional_officer", "rd-46", first="Богдан", last="Гнатів")
    assert signed_in(lviv).get(f"/staff/persons/{person.pk}/").status_code == 404


def test_administrator_does_not_handle_persons(person, administrator):
    assert signed_in(administrator).get(f"/staff/persons/{person.pk}/").status_code == 403


def test_opening_a_record_is_written_to_the_access_log(officer_client, person, district_officer):
    response = officer_client.get(f"/staff/persons/{person.pk}/")
    assert response.status_code == 200
    entry = AccessEvent.objects.get(person=person)
    assert entry.user == district_officer
    assert entry.event_type == AccessEvent.EventType.PERSON_RECORD
    assert entry.organization.code == district_officer.staff_profile.organization.code
    assert entry.role == "district_officer"
    officer_client.get(f"/staff/persons/{person.pk}/history/")
    assert AccessEvent.objects.filter(person=person).count() == 2


def test_auditor_sees_the_access_log_of_their_scope(officer_client, person, auditor):
    officer_client.get(f"/staff/persons/{person.pk}/")
    page = signed_in(auditor).get("/staff/audit/access-log/").content.decode()
    assert "Коваленко" in page and person.full_name in page


def test_district_officer_cannot_read_the_access_log(officer_client):
    assert officer_client.get("/staff/audit/access-log/").status_code == 403


@pytest.mark.parametrize("params", [
    {"by": "rnokpp", "r-rnokpp": "3113201244"},
    {"by": "rnokpp", "r-rnokpp": "311 320 1244"},
    {"by": "document", "d-document_number": "МК123456"},
    {"by": "document", "d-document_number": "мк 123456"},
    {"by": "name", "n-surname": "ПЕТРЕНКО", "n-date_of_birth": "1985-03-27"},
])
def test_search_finds_the_person_by_exact_values(officer_client, person, params):
    page = officer_client.get("/staff/persons/", params).content.decode()
    assert f"/staff/persons/{person.pk}/" in page


@pytest.mark.parametrize("params", [
    {"by": "rnokpp", "r-rnokpp": "2916000373"},
    {"by": "document", "d-document_number": "МК12345"},
    {"by": "name", "n-surname": "Петрен", "n-date_of_birth": "1985-03-27"},  # no prefix search
    {"by": "name", "n-surname": "Петренко", "n-date_of_birth": "1985-03-28"},
])
def test_search_is_exact_and_never_browses(officer_client, person, params):
    page = officer_client.get("/staff/persons/", params).content.decode()
    assert f"/staff/persons/{person.pk}/" not in page
    assert "Нікого не знайдено" in page


def test_search_explains_a_wrong_check_digit(officer_client, person):
    page = officer_client.get("/staff/persons/", {"by": "rnokpp", "r-rnokpp": "3113201245"}).content.decode()
    assert "Виникла проблема" in page
    assert "останн" in page  # "...її остання цифра не збігається..."


def _person_form(person: Person, **changes) -> dict:
    data = {
        "surname": person.surname, "given_name": person.given_name, "patronymic": person.patronymic,
        "date_of_birth": person.date_of_birth.isoformat(), "sex": person.sex, "rnokpp": person.rnokpp or "",
        "phone": person.phone, "email": person.email, "office": person.office_id,
    }
    data.update(changes)
    return data


def test_edit_is_saved_and_shows_in_the_history_with_old_and_new_value(officer_client, person, district_officer):
    response = officer_client.post(f"/staff/persons/{person.pk}/edit/", _person_form(person, phone="050 765 43 21"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "+380507654321"
    history = officer_client.get(f"/staff/persons/{person.pk}/history/").content.decode()
    assert "+380671234567" in history and "+380507654321" in history
    assert "Олена Коваленко" in history  # who made the change
    latest = person.history.first()
    assert latest.history_user == district_officer


def test_invalid_edit_keeps_what_was_typed_and_saves_nothing(officer_client, person):
    response = officer_client.post(
        f"/staff/persons/{person.pk}/edit/", _person_form(person, surname="Петренко-Шевчук", rnokpp="3113201245")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Виникла проблема" in page and 'aria-invalid="true"' in page
    assert "Петренко-Шевчук" in page
    person.refresh_from_db()
    assert person.surname == "Петренко"


def test_officer_cannot_move_a_person_to_an_office_they_do_not_manage(officer_client, person, organizations):
    response = officer_client.post(
        f"/staff/persons/{person.pk}/edit/", _person_form(person, office=organizations[PECHERSKYI].pk)
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.office.code != PECHERSKYI


def test_register_a_person_then_add_documents_address_and_status(officer_client, organizations):
    response = officer_client.post("/staff/persons/new/", {
        "surname": "Бойко", "given_name": "Тарас", "patronymic": "Миколайович", "date_of_birth": "1979-11-02",
        "sex": "male", "rnokpp": "2916000373", "phone": "+380671112233", "email": "",
        "office": organizations["spo-ua80000000001078669"].pk,
    })
    assert response.status_code == 302
    person = Person.objects.get(rnokpp="2916000373")
    base = f"/staff/persons/{person.pk}"
    assert officer_client.post(f"{base}/documents/new/", {
        "kind": "id_card", "series": "", "number": "001234567", "issued_on": "2019-05-05", "issued_by": "8031",
    }).status_code == 302
    assert officer_client.post(f"{base}/addresses/new/", {
        "kind": "registered", "territory": "Бровари", "street": "вул. Незалежності", "building": "3",
        "apartment": "", "postcode": "07400",
    }).status_code == 302
    assert person.address_set.get().territory.full_name.endswith("м. Бровари")
    assert officer_client.post(f"{base}/assessments/new/", {
        "kind": "expert_team", "assessed_on": "2025-03-10", "conclusion_number": "2025/0101",
        "indications_for_car": "on",
    }).status_code == 302
    assessment = person.assessment_set.get()
    assert officer_client.post(f"{base}/statuses/new/", {
        "group": "I", "subgroup_a": "on", "cause": "war", "established_on": "2025-03-10",
        "valid_until": "", "assessment": assessment.pk, "ended_on": "",
    }).status_code == 302
    assert officer_client.post(f"{base}/representatives/new/", {
        "kind": "guardian", "surname": "Бойко", "given_name": "Ганна", "patronymic": "Петрівна",
        "rnokpp": "3113201244", "authority_document": "guardianship_decision",
        "authority_document_number": "15/2024", "authority_document_date": "2024-02-01",
    }).status_code == 302
    assert officer_client.post(f"{base}/family/new/", {
        "relation": "spouse", "surname": "Бойко", "given_name": "Ганна", "registered_at_same_address": "on",
        "holds_driving_licence": "on",
    }).status_code == 302
    page = officer_client.get(f"{base}/").content.decode()
    for text in ("001234567", "м. Бровари", "2025/0101", "Ганна", "15/2024"):
        assert text in page


def test_ambiguous_place_name_lists_the_candidates(officer_client, person):
    response = officer_client.post(f"/staff/persons/{person.pk}/addresses/new/", {
        "kind": "actual", "territory": "Броварки", "street": "вул. Садова", "building": "1",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "UA53020050030022293" in page  # one of the villages called Броварки
    assert not person.address_set.filter(kind="actual").exists()


def test_a_part_of_another_persons_record_cannot_be_edited_through_this_one(officer_client, person, organizations):
    other = make_person(organizations["spo-ua80000000001078669"], surname="Бойко", given_name="Тарас",
                        date_of_birth=date(1979, 11, 2), sex="male", rnokpp="2916000373")
    from cbi.registry.models import FamilyMember

    member = FamilyMember.objects.create(person=other, relation="spouse", surname="Бойко", given_name="Ганна")
    assert officer_client.get(f"/staff/persons/{person.pk}/family/{member.pk}/edit/").status_code == 404


def test_auditor_can_read_but_not_edit(person, auditor):
    client = signed_in(auditor)
    assert client.get(f"/staff/persons/{person.pk}/").status_code == 200
    assert client.get(f"/staff/persons/{person.pk}/edit/").status_code == 403
    assert client.post(f"/staff/persons/{person.pk}/family/new/", {"relation": "spouse"}).status_code == 403


def test_a_changed_address_is_saved_and_its_history_shows_the_old_and_new_apartment(officer_client, person):
    address = person.address_set.get(kind="registered")
    response = officer_client.post(f"/staff/persons/{person.pk}/addresses/{address.pk}/edit/", {
        "kind": "registered", "territory": "UA80000000001078669", "street": "вул. Богдана Хмельницького",
        "building": "10", "apartment": "12", "postcode": "01030",
    })
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.apartment == "12"
    history = officer_client.get(f"/staff/persons/{person.pk}/history/").context["entries"]
    changes = [(c["old"], c["new"]) for entry in history for c in entry["changes"]]
    assert ("5", "12") in changes
