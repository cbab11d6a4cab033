"""EC-PRIM-1: the public application for primary registration, without an account."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cbi.documents.models import Document
from cbi.primary.models import PrimaryRegistration, StatusChange
from tests.conftest import SHEVCHENKIVSKYI
from tests.documents.files import MB, exe, jpeg, pdf, upload
from tests.primary.journey import BASE, CHILD_ANSWERS, SELF_ANSWERS, answer, fill_in, submit_application

pytestmark = pytest.mark.django_db


def test_start_page_says_what_to_have_ready(client, organizations):
    page = client.get(BASE).content.decode()
    for needed in ("РНОКПП", "ЛКК", "ВЛК", "МСЕК", "КЕП"):
        assert needed in page
    assert "3 MB" in page or "3 МБ" in page  # before and after the Ukrainian catalogue is merged
    assert f'href="{BASE}who/"' in page


def test_applying_for_oneself_end_to_end(organizations):
    client, registration = submit_application()
    year = timezone.localdate().year
    assert re.fullmatch(rf"ПР-{year}-\d{{6}}", registration.reference)
    assert registration.status == "submitted"
    assert registration.office.code == SHEVCHENKIVSKYI
    assert (registration.surname, registration.rnokpp, registration.phone) == ("Коваль", "3456789014", "+380671234567")
    kinds = sorted(d.kind for d in Document.objects.filter(registration=registration))
    assert kinds == ["assessment_conclusion", "id_card", "rnokpp_card"]
    assert all(d.person_id is None and d.uploaded_by_id is None for d in Document.objects.all())
    done = client.get(f"{BASE}done/").content.decode()
    assert registration.reference in done and 'role="status"' in done
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maria.koval@example.com"]
    assert registration.reference in mail.outbox[0].subject + mail.outbox[0].body
    # The draft is no longer bound to the browser: a new visit starts afresh.
    assert client.get(f"{BASE}check/")["Location"] == BASE
    assert list(StatusChange.objects.values_list("from_status", "to_status")) == [("draft", "submitted")]


def test_references_are_sequential_and_unique(organizations):
    _c, first = submit_application()
    second_answers = {**SELF_ANSWERS, "person": {**SELF_ANSWERS["person"], "rnokpp": "3123456789"}}
    _c, second = submit_application(second_answers)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


def test_applying_as_a_legal_representative_of_a_child(organizations):
    client = Client()
    for step in ("who", "person"):
        assert answer(client, step, CHILD_ANSWERS[step]).status_code == 302
    # The child's birth certificate was given with the person's details: no identity step;
    # the representative step comes next, only for representatives.
    response = answer(client, "address", CHILD_ANSWERS["address"])
    assert response["Location"] == f"{BASE}representative/"
    assert client.get(f"{BASE}identity/")["Location"] == f"{BASE}representative/"
    assert answer(client, "representative", CHILD_ANSWERS["representative"])["Location"] == f"{BASE}right/"
    assert answer(client, "right", CHILD_ANSWERS["right"])["Location"] == f"{BASE}documents/"
    page = client.get(f"{BASE}documents/").content.decode()
    assert 'name="authority"' in page and 'name="rnokpp"' not in page  # refused: no card to upload
    assert 'accept=".pdf,.jpg,.jpeg,.png,.heic' in page and 'data-max-bytes="3145728"' in page
    response = client.post(f"{BASE}documents/", {
        "identity": upload("свідоцтво.jpg", jpeg()), "right": upload("ЛКК.pdf", pdf()),
        "authority": upload("свідоцтво-про-народження.pdf", pdf())})
    assert response["Location"] == f"{BASE}check/"
    check = client.get(f"{BASE}check/").content.decode()
    assert "Бондар Андрій Петрович" in check and "І-ЖС" in check
    assert client.post(f"{BASE}check/")["Location"] == f"{BASE}done/"
    registration = PrimaryRegistration.objects.get()
    assert registration.is_representative and registration.rnokpp == "" and not registration.rnokpp_refused
    assert registration.uses_birth_certificate and registration.birth_certificate == "І-ЖС 654321"
    assert mail.outbox[0].to == ["andrii.bondar@example.com"]
    assert Document.objects.filter(registration=registration, kind="authority_proof").exists()
    assert Document.objects.filter(registration=registration, kind="birth_certificate").exists()


def test_nothing_typed_is_lost_on_an_error(organizations):
    client = Client()
    answer(client, "who", {"applicant": "self"})
    data = {**SELF_ANSWERS["person"], "rnokpp": "3456789015", "date_of_birth": ""}
    response = answer(client, "person", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Коваль"' in page and 'value="Степанівна"' in page and 'value="3456789015"' in page
    assert "error-summary" in page and "<title>" in page
    assert re.search(r"<title>\s*(Error|Помилка): ", page)


def test_answers_are_saved_as_one_goes(organizations):
    client = Client()
    answer(client, "who", {"applicant": "self"})
    answer(client, "person", SELF_ANSWERS["person"])
    registration = PrimaryRegistration.objects.get()
    assert registration.status == "draft" and registration.surname == "Коваль"
    # Another browser (no token) does not see the draft.
    other = Client()
    assert other.get(f"{BASE}person/")["Location"] == BASE
    assert other.get(f"{BASE}check/")["Location"] == BASE
    # Only a hash of the token is stored.
    token = client.session["primary_draft_token"]
    assert len(token) >= 40 and token not in registration.token_hash


def test_a_refused_upload_keeps_the_files_that_passed(organizations):
    client = Client()
    for step, data in SELF_ANSWERS.items():
        answer(client, step, data)
    response = client.post(f"{BASE}documents/", {
        "identity": upload("id.jpg", jpeg()), "rnokpp": upload("rnokpp.pdf", exe()),
        "right": upload("висновок.pdf", pdf(int(3.1 * MB)))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert "3 MB" in page or "3 МБ" in page
    assert list(Document.objects.values_list("kind", flat=True)) == ["id_card"]
    # Only the refused ones are asked again.
    response = client.post(f"{BASE}documents/", {"rnokpp": upload("rnokpp.png", jpeg()),
                                                  "right": upload("висновок.pdf", pdf())})
    assert response["Location"] == f"{BASE}check/"


def test_sending_an_incomplete_application_lists_what_is_missing(organizations):
    client = Client()
    answer(client, "who", {"applicant": "self"})
    answer(client, "person", SELF_ANSWERS["person"])
    response = client.post(f"{BASE}check/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and f'href="{BASE}address/?change=1"' in page
    assert PrimaryRegistration.objects.get().status == "draft"
    assert not mail.outbox


def test_change_links_return_to_the_check_page(organizations):
    client = Client()
    fill_in(client, SELF_ANSWERS)
    page = client.get(f"{BASE}check/").content.decode()
    for step in ("who", "person", "address", "identity", "right", "documents"):
        assert f'href="{BASE}{step}/?change=1"' in page
    response = client.post(f"{BASE}person/?change=1", {**SELF_ANSWERS["person"], "given_name": "Марина"})
    assert response["Location"] == f"{BASE}check/"
    assert PrimaryRegistration.objects.get().given_name == "Марина"


def test_an_address_without_an_office_asks_to_choose_one(organizations):
    client = Client()
    answer(client, "who", {"applicant": "self"})
    answer(client, "person", SELF_ANSWERS["person"])
    # Simferopol: temporarily occupied, no office there.
    from cbi.registry.models import Territory

    simferopol = Territory.objects.filter(name="Сімферополь", category="M").first()
    # A city with districts: the person chooses (here the whole city) among the places offered.
    page = answer(client, "address", {**SELF_ANSWERS["address"], "territory": "м. Сімферополь"}).content.decode()
    assert f'name="territory_choice" value="{simferopol.code}"' in page
    response = answer(client, "address", {**SELF_ANSWERS["address"], "territory": "м. Сімферополь",
                                          "territory_choice": simferopol.code})
    assert response["Location"] == f"{BASE}office/"
    assert PrimaryRegistration.objects.get().territory == simferopol
    page = client.get(f"{BASE}office/").content.decode()
    assert "occupied" in page or "окупован" in page
    # No list of every office in Ukraine: the place where the person lives now decides.
    assert 'name="office"' not in page and "<select" not in page
    response = answer(client, "office", {"current_place": "Бровари"})
    assert response["Location"] == f"{BASE}identity/"
    registration = PrimaryRegistration.objects.get()
    assert registration.office.code == "spo-ua32060000000012455" and registration.office_chosen
    assert registration.territory == simferopol  # the registered address stays


def test_the_whole_city_of_kyiv_asks_for_a_kyiv_office(organizations):
    client = Client()
    answer(client, "who", {"applicant": "self"})
    answer(client, "person", SELF_ANSWERS["person"])
    response = answer(client, "address", {**SELF_ANSWERS["address"], "territory": "м. Київ",
                                          "territory_choice": "UA80000000000093317"})
    assert response["Location"] == f"{BASE}office/"
    page = client.get(f"{BASE}office/").content.decode()
    assert "Шевченківський" in page and "Броварський" not in page
    # A short list: the ten district offices of Kyiv as radio buttons, in Ukrainian order.
    assert page.count('type="radio" name="office"') == 10 and "<select" not in page
    offices = re.findall(r'name="office" value="\d+"[^>]*>\s*([^<]+?)\s*</label>', page)
    assert offices[0].startswith("Голосіївський") and offices[-1].startswith("Шевченківський")


def test_a_settlement_in_a_district_goes_to_that_districts_office(organizations):
    client = Client()
    answer(client, "who", {"applicant": "self"})
    answer(client, "person", SELF_ANSWERS["person"])
    response = answer(client, "address", {**SELF_ANSWERS["address"], "territory": "бровари"})
    assert response["Location"] == f"{BASE}identity/"
    assert PrimaryRegistration.objects.get().office.code == "spo-ua32060000000012455"


def test_a_plus_without_javascript_keeps_the_scan_chosen_on_the_documents_step(organizations):
    """Issue #11, section 3: without JavaScript the header's switches post the documents step to itself
    (the form says data-switch-keeps-files); the scan chosen is stored as a kept scan, shown by name and
    size with Замінити/Видалити, nothing else moves on; a refused file is named with the reason."""
    client = Client()
    for step, data in SELF_ANSWERS.items():
        assert answer(client, step, data).status_code == 302, step
    url = f"{BASE}documents/"
    page = client.get(url).content.decode()
    assert 'name="cbi_switch" value="larger" form="page-form" formmethod="post" formnovalidate formaction="/primary-registration/documents/"' in page
    response = client.post(url, {"identity": upload("ID-картка Коваль.jpg", jpeg(150_000)),
                                 "rnokpp": upload("програма.exe", exe()), "cbi_switch": "larger"})
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies["cbi_text"].value == "125"
    page = client.get(url).content.decode()
    assert 'class="text-125' in page and "error-summary" not in page
    kept = re.search(r'stored-file" id="id_identity_stored">.*?</div>\s*</div>', page, re.S).group(0)
    assert "ID-картка Коваль.jpg" in kept and "146,5" in kept and "Замінити" in kept and "Видалити" in kept
    assert 'type="file" name="identity"' not in page  # not asked for again
    assert "програма.exe" in page  # named in the message, with the reason
    registration = PrimaryRegistration.objects.get()
    assert registration.status == "draft"
    assert list(Document.objects.filter(registration=registration).values_list("original_name", flat=True)) == [
        "ID-картка Коваль.jpg"]
    # The language switch too.
    response = client.post(url, {"cbi_language": "en"})
    assert response["Location"] == url and response.cookies["django_language"].value == "en"
