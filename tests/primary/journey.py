"""Walk the application for primary registration with the Django test client."""

from __future__ import annotations

from django.test import Client

from tests.documents.files import jpeg, pdf, png, upload

BASE = "/primary-registration/"
# Typed as a person types it (the label the address combobox offers); no КАТОТТГ code.
SHEVCHENKIVSKYI_PLACE = "Шевченківський район, м. Київ"

SELF_ANSWERS = {
    "who": {"applicant": "self"},
    "person": {"surname": "Коваль", "given_name": "Марія", "patronymic": "Степанівна",
               "date_of_birth": "1990-06-14", "sex": "female", "rnokpp": "3456789014",
               "phone": "067 123 45 67", "email": "maria.koval@example.com"},
    "address": {"territory": SHEVCHENKIVSKYI_PLACE, "street": "вул. Володимирська", "building": "12",
                "apartment": "7", "postcode": "01034"},
    "identity": {"identity_kind": "id_card", "identity_number": "001234567", "identity_issued_on": "2019-02-11",
                 "identity_issued_by": "8031"},
    "right": {"right_kind": "msek", "right_number": "МСЕК-2025/0412", "right_date": "2025-11-20",
              "right_body": "Київська міська МСЕК № 3"},
}

CHILD_ANSWERS = {
    "who": {"applicant": "representative"},
    # A child has no taxpayer number: the birth certificate identifies him (no identity step then).
    "person": {"surname": "Бондар", "given_name": "Остап", "patronymic": "Андрійович",
               "date_of_birth": "2017-09-03", "sex": "male", "rnokpp": "",
               "birth_certificate_series": "I-ЖС", "birth_certificate_number": "654321",
               "phone": "+380501112233", "email": ""},
    "address": {"territory": SHEVCHENKIVSKYI_PLACE, "street": "вул. Саксаганського", "building": "41",
                "apartment": "", "postcode": ""},
    "representative": {"rep_kind": "parent", "rep_surname": "Бондар", "rep_given_name": "Андрій",
                       "rep_patronymic": "Петрович", "rep_rnokpp": "2987654320", "rep_phone": "050 111 22 33",
                       "rep_email": "andrii.bondar@example.com", "authority_document": "birth_certificate",
                       "authority_document_number": "І-ЖС 654321", "authority_document_date": "2017-09-20"},
    "right": {"right_kind": "lkk", "right_number": "ЛКК-118", "right_date": "2025-10-02", "right_body": ""},
}

FILES = {"identity": ("id-card.jpg", jpeg), "rnokpp": ("РНОКПП.png", png), "right": ("висновок МСЕК.pdf", pdf),
         "authority": ("свідоцтво.pdf", pdf)}


def answer(client: Client, step: str, data: dict, **extra):
    return client.post(f"{BASE}{step}/", data, **extra)


def upload_all(client: Client, slots):
    files = {slot: upload(FILES[slot][0], FILES[slot][1]()) for slot in slots}
    return client.post(f"{BASE}documents/", files)


def fill_in(client: Client, answers: dict, *, slots=("identity", "rnokpp", "right")) -> None:
    for step, data in answers.items():
        response = answer(client, step, data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    response = upload_all(client, slots)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"{BASE}check/"


def submit_application(answers=SELF_ANSWERS, slots=("identity", "rnokpp", "right")):
    """A fresh browser fills and sends the application; returns the client and the registration."""
    from cbi.primary.models import PrimaryRegistration

    client = Client()
    fill_in(client, answers, slots=slots)
    response = client.post(f"{BASE}check/")
    assert response.status_code == 302 and response["Location"] == f"{BASE}done/", response.content.decode()[:3000]
    return client, PrimaryRegistration.objects.get(pk=client.session["primary_done"])
