"""Sign-up with a qualified e-signature (КЕП) and with id.gov.ua (mock): the
РНОКПП from the certificate must match a person (or a representative) in ЦБІ."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from cbi.accounts.models import CabinetAccount
from tests.signatures import pki as P

pytestmark = pytest.mark.django_db
PASSWORD = "Весна-над-Дніпром-2026"


def verify_key(client, signer: P.Person, *, check_file: bytes | None = None):
    """The person signs the page's check file in their own application and uploads the .p7s."""
    start = client.post("/cabinet/register/", {"way": "kep"})
    client.get(start["Location"])  # the page issues a fresh nonce and keeps `next`
    if check_file is None:
        check_file = client.get("/signatures/kep/check-file/").content
    return client.post("/signatures/kep/", {
        "provider": P.PROVIDER_ID,
        "signature_file": SimpleUploadedFile("check.txt.p7s", signer.p7s(check_file),
                                             content_type="application/pkcs7-signature"),
    })


def create_login(client, username="olena.kep"):
    return client.post("/cabinet/register/identity/", {
        "username": username, "email": "olena.kep@example.com", "password1": PASSWORD, "password2": PASSWORD,
    })


def test_person_in_the_registry_registers_with_a_kep(client, test_trust, pki, person):
    response = verify_key(client, pki.persons["valid"])
    assert response["Location"] == "/cabinet/register/identity/"
    page = client.get("/cabinet/register/identity/").content.decode()
    assert P.FULL_NAME in page
    response = create_login(client)
    assert response["Location"] == "/cabinet/register/done/"
    account = CabinetAccount.objects.get(user__username="olena.kep")
    assert account.person == person and account.registered_via == "kep"
    assert mail.outbox[-1].to == ["olena.kep@example.com"]
    # The verified identity is used once.
    assert client.get("/cabinet/register/identity/")["Location"] == "/cabinet/register/"


def test_a_signature_over_another_check_file_is_refused_and_no_identity_is_stored(client, test_trust, pki, person):
    response = verify_key(client, pki.persons["valid"], check_file=b"0" * 64)
    assert response.status_code == 200
    assert "Виникла проблема" in response.content.decode()
    assert client.get("/cabinet/register/identity/")["Location"] == "/cabinet/register/"


def test_a_certificate_of_someone_not_in_the_registry_is_sent_to_primary_registration(client, test_trust, pki, person):
    verify_key(client, pki.persons["unknown_person"])
    page = client.get("/cabinet/register/identity/").content.decode()
    assert "/primary-registration/" in page
    assert 'name="username"' not in page
    create_login(client)
    assert not CabinetAccount.objects.exists()


def test_kep_of_a_parent_links_the_children_they_represent(client, test_trust, pki, organizations):
    from datetime import date

    from cbi.registry.demo import make_rnokpp
    from cbi.registry.models import Representative
    from tests.conftest import SHEVCHENKIVSKYI, make_person

    child = make_person(organizations[SHEVCHENKIVSKYI], surname="Петренко", given_name="Софія",
                        date_of_birth=date(2016, 9, 1), rnokpp=make_rnokpp(date(2016, 9, 1), 601, False))
    Representative.objects.create(person=child, kind="parent", surname="Петренко", given_name="Олена",
                                  rnokpp=P.RNOKPP, authority_document="birth_certificate",
                                  authority_document_number="123456", authority_document_date=date(2016, 9, 10))
    verify_key(client, pki.persons["valid"])
    create_login(client, username="olena.mama")
    account = CabinetAccount.objects.get()
    assert account.person is None
    assert list(account.representations.values_list("person", flat=True)) == [child.pk]


def test_id_gov_ua_mock_route_registers_too(client, person):
    start = client.post("/cabinet/register/", {"way": "idgovua"})
    assert start["Location"].startswith("/signatures/idgovua/start/")
    authorize = client.get(start["Location"])
    assert "/signatures/mock-idgovua/authorize/" in authorize["Location"]
