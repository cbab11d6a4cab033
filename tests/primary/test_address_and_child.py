"""Issue #11, "A person gets through": the address typed as a name (without JavaScript:
radio buttons when a name fits several places), a child without a taxpayer number
identified by the birth certificate, and lists in Ukrainian alphabetical order."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cbi.primary.models import PrimaryRegistration
from tests.primary.journey import BASE, CHILD_ANSWERS, SELF_ANSWERS, answer

pytestmark = pytest.mark.django_db

KYIV_SHEVCHENKIVSKYI = "UA80000000001078669"


def years_ago(years: int) -> str:
    today = timezone.localdate()
    return (today.replace(year=today.year - years) - timedelta(days=40)).isoformat()


def on_address_step(applicant: str = "self") -> Client:
    client = Client()
    answer(client, "who", {"applicant": applicant})
    person = SELF_ANSWERS["person"] if applicant == "self" else CHILD_ANSWERS["person"]
    assert answer(client, "person", person).status_code == 302
    return client


def radios(page: str) -> list[tuple[str, str]]:
    return re.findall(r'name="territory_choice" value="(UA\d{17})"[^>]*>\s*([^<]+?)\s*</label>', page)


@pytest.mark.parametrize("typed", ["Шевченківський район, м. Київ", "шевченківський р-н, київ",
                                   "ШЕВЧЕНКІВСЬКИЙ, м.Київ"])
def test_a_name_that_fits_one_place_is_taken(organizations, typed):
    client = on_address_step()
    response = answer(client, "address", {**SELF_ANSWERS["address"], "territory": typed})
    assert response["Location"] == f"{BASE}identity/"
    registration = PrimaryRegistration.objects.get()
    assert registration.territory_id == KYIV_SHEVCHENKIVSKYI and registration.office.code == "spo-ua80000000001078669"


def test_without_javascript_a_name_that_fits_several_places_offers_them_as_radio_buttons(organizations):
    client = on_address_step()
    response = answer(client, "address", {**SELF_ANSWERS["address"], "territory": "київ"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="київ"' in page  # what was typed is kept
    assert "Which place do you mean?" in page or "Який населений пункт" in page
    choices = radios(page)
    labels = [label for _code, label in choices]
    assert labels[0] == "м. Київ"
    assert "Шевченківський район, м. Київ" in labels
    assert 'value="вул. Володимирська"' in page  # the rest of the address too
    # Choosing one (the text unchanged) goes on.
    response = answer(client, "address", {**SELF_ANSWERS["address"], "territory": "київ",
                                          "territory_choice": KYIV_SHEVCHENKIVSKYI})
    assert response["Location"] == f"{BASE}identity/"
    assert PrimaryRegistration.objects.get().territory_id == KYIV_SHEVCHENKIVSKYI


def test_a_choice_for_another_name_is_not_taken(organizations):
    client = on_address_step()
    # The radio button was for "київ", then the person typed another name: the new name counts.
    response = answer(client, "address", {**SELF_ANSWERS["address"], "territory": "бровари",
                                          "territory_choice": KYIV_SHEVCHENKIVSKYI})
    assert response["Location"] == f"{BASE}identity/"
    assert PrimaryRegistration.objects.get().territory.name == "Бровари"


def test_no_match_says_what_to_do(organizations):
    client = on_address_step()
    response = answer(client, "address", {**SELF_ANSWERS["address"], "territory": "Кийівщинаа"})
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    assert ("Не знайшли" in page and "назву громади" in page) or "type the name of the community" in page
    assert not radios(page)


def test_the_places_endpoint_feeds_the_combobox(client, organizations):
    data = client.get(f"{BASE}places/", {"q": "київ"}).json()
    assert data["results"][0] == {"code": "UA80000000000093317", "label": "м. Київ"}
    assert {"code": KYIV_SHEVCHENKIVSKYI, "label": "Шевченківський район, м. Київ"} in data["results"]
    assert data["total"] >= 11
    assert client.get(f"{BASE}places/", {"q": "к"}).json() == {"results": [], "total": 0}


def test_a_child_with_a_birth_certificate_skips_the_identity_step(organizations):
    client = Client()
    answer(client, "who", {"applicant": "representative"})
    person = {**CHILD_ANSWERS["person"], "date_of_birth": years_ago(7), "birth_certificate_series": "i-кв",
              "birth_certificate_number": "123456"}
    assert answer(client, "person", person)["Location"] == f"{BASE}address/"
    registration = PrimaryRegistration.objects.get()
    assert (registration.identity_kind, registration.identity_series, registration.identity_number) == (
        "birth_certificate", "І-КВ", "123456")
    assert answer(client, "address", CHILD_ANSWERS["address"])["Location"] == f"{BASE}representative/"
    # The page shows the certificate again when the person comes back.
    page = client.get(f"{BASE}person/").content.decode()
    assert 'value="І-КВ"' in page and 'value="123456"' in page


@pytest.mark.parametrize(("series", "number", "message"), [
    ("КВ", "123456", ("I-КВ",)),
    ("VI-КВ", "123456", ("I-КВ",)),
    ("I-КВ", "12345", ("6",)),
    ("I-КВ", "", ("6",)),
])
def test_a_wrong_birth_certificate_says_what_the_right_format_is(organizations, series, number, message):
    client = Client()
    answer(client, "who", {"applicant": "representative"})
    person = {**CHILD_ANSWERS["person"], "date_of_birth": years_ago(7), "birth_certificate_series": series,
              "birth_certificate_number": number}
    response = answer(client, "person", person)
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    for text in message:
        assert text in page


def test_an_adult_needs_a_taxpayer_number_or_the_refusal(organizations):
    client = Client()
    answer(client, "who", {"applicant": "representative"})
    person = {**CHILD_ANSWERS["person"], "date_of_birth": years_ago(30)}
    response = answer(client, "person", person)
    assert response.status_code == 200
    page = response.content.decode()
    assert "18" in page and "error-summary" in page
    # The religious refusal stays for adults who have it.
    person = {**person, "birth_certificate_series": "", "birth_certificate_number": "", "rnokpp_refused": "on"}
    assert answer(client, "person", person)["Location"] == f"{BASE}address/"


def test_nothing_at_all_asks_for_the_number_or_the_certificate(organizations):
    client = Client()
    answer(client, "who", {"applicant": "representative"})
    person = {**CHILD_ANSWERS["person"], "birth_certificate_series": "", "birth_certificate_number": ""}
    page = answer(client, "person", person).content.decode()
    assert "error-summary" in page and 'id="id_rnokpp_error"' in page


def test_applying_for_oneself_does_not_offer_the_birth_certificate(organizations):
    client = Client()
    answer(client, "who", {"applicant": "self"})
    page = client.get(f"{BASE}person/").content.decode()
    assert "birth_certificate_series" not in page


def test_document_kinds_are_in_ukrainian_alphabetical_order_with_other_last(organizations):
    client = on_address_step()
    answer(client, "address", {**SELF_ANSWERS["address"]})
    page = client.get(f"{BASE}identity/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    kinds = re.findall(r'name="identity_kind" value="(\w+)"', page)
    assert kinds[-1] == "other"
    labels = re.findall(r'name="identity_kind" value="\w+"[^>]*>\s*([^<]+?)\s*</label>', page)
    from cbi.web.collation import sorted_uk

    assert labels[:-1] == sorted_uk(labels[:-1])


def test_a_parents_proof_of_authority_starts_from_the_childs_certificate(organizations):
    client = Client()
    answer(client, "who", {"applicant": "representative"})
    answer(client, "person", {**CHILD_ANSWERS["person"], "date_of_birth": years_ago(7)})
    answer(client, "address", CHILD_ANSWERS["address"])
    page = client.get(f"{BASE}representative/").content.decode()
    assert re.search(r'name="authority_document" value="birth_certificate"[^>]*checked', page)
    assert 'name="authority_document_number" value="І-ЖС 654321"' in page
