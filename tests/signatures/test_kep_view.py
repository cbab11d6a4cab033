"""The КЕП page end to end: the person downloads the one-time check file, signs it in their own
application and uploads the .p7s; the server never receives a private key."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from cbi.signatures import nonces
from cbi.signatures.services import IDENTITY_SESSION_KEY, identity_matches_person
from cbi.signatures.views import NONCE_SESSION_KEY

from . import pki as P

URL = "/signatures/kep/"
CHECK_FILE_URL = "/signatures/kep/check-file/"
NEXT = "/cabinet/register/identity/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_trust")]


def upload(data: bytes, name: str = "cbi-kep-check.txt.p7s") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pkcs7-signature")


def check_file(client: Client) -> bytes:
    response = client.get(CHECK_FILE_URL)
    assert response.status_code == 200
    assert 'filename="cbi-kep-check.txt"' in response["Content-Disposition"]
    return response.content


def post(client: Client, p7s: bytes, *, provider=P.PROVIDER_ID, name="cbi-kep-check.txt.p7s", **extra):
    return client.post(URL, {"provider": provider, "signature_file": upload(p7s, name), **extra})


def sign_and_post(client: Client, person, **kwargs):
    return post(client, person.p7s(check_file(client)), **kwargs)


@pytest.fixture
def client():
    client = Client()
    client.cookies["django_language"] = "uk"
    return client


def test_the_page_offers_the_check_file_the_providers_and_the_other_routes(client):
    response = client.get(URL, {"next": NEXT})
    page = response.content.decode()

    assert response.status_code == 200
    assert f'<option value="{P.PROVIDER_ID}">{P.PROVIDER_NAME}</option>' in page
    assert f'href="{CHECK_FILE_URL}"' in page
    assert 'name="password"' not in page  # the in-browser signing's password input has no name
    assert "/signatures/idgovua/start/" in page
    nonce = client.session[NONCE_SESSION_KEY]["nonce"]
    assert check_file(client) == nonce.encode()  # the page and the file are the same one-time text


def test_a_detached_p7s_made_outside_the_browser_confirms_the_identity(client, pki):
    client.get(URL, {"next": NEXT})
    session_key = client.session.session_key
    response = sign_and_post(client, pki.persons["valid"])

    assert response.status_code == 302
    assert response["Location"] == NEXT
    identity = client.session[IDENTITY_SESSION_KEY]
    assert identity["rnokpp"] == P.RNOKPP
    assert identity["full_name"] == P.FULL_NAME
    assert identity["method"] == "kep"
    assert identity["provider_id"] == P.PROVIDER_ID
    assert NONCE_SESSION_KEY not in client.session
    assert client.session.session_key != session_key  # a new session id once identified


@pytest.mark.parametrize("person", ["valid_rsa", "drfo"])
def test_an_attached_signature_rsa_or_drfo_certificate(client, pki, person):
    client.get(URL)
    response = post(client, pki.persons[person].p7s(check_file(client), detached=False))
    assert response.status_code == 302
    assert client.session[IDENTITY_SESSION_KEY]["rnokpp"] == P.RNOKPP


def test_a_pem_or_base64_p7s_is_accepted(client, pki):
    client.get(URL)
    der = pki.persons["valid"].p7s(check_file(client))
    pem = b"-----BEGIN PKCS7-----\n" + base64.encodebytes(der) + b"-----END PKCS7-----\n"
    assert post(client, pem).status_code == 302


def test_the_browser_path_sends_the_signature_in_a_field(client, pki):
    client.get(URL)
    signature = base64.b64encode(pki.persons["valid"].p7s(check_file(client))).decode()
    response = client.post(URL, {"provider": P.PROVIDER_ID, "signature": signature})
    assert response.status_code == 302


def test_the_matching_person_in_the_registry(client, pki, person):
    client.get(URL)
    sign_and_post(client, pki.persons["valid"])
    assert identity_matches_person(client.session[IDENTITY_SESSION_KEY]) == person

    client.get(URL)
    sign_and_post(client, pki.persons["unknown_person"])
    assert identity_matches_person(client.session[IDENTITY_SESSION_KEY]) is None


def test_next_outside_the_site_is_ignored(client, pki):
    client.get(URL, {"next": "https://evil.example/steal"})
    response = sign_and_post(client, pki.persons["valid"])
    assert response["Location"] == "/signatures/verified/"


def test_a_signature_over_another_check_file_is_refused(client, pki):
    client.get(URL)
    other = Client()
    other.get(URL)
    response = post(client, pki.persons["valid"].p7s(check_file(other)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Помилка: " in page
    assert "Підпис зроблено для іншого запиту" in page
    assert IDENTITY_SESSION_KEY not in client.session


def test_the_check_file_is_single_use(client, pki):
    client.get(URL)
    p7s = pki.persons["valid"].p7s(check_file(client))
    assert post(client, p7s).status_code == 302
    client.session.pop(IDENTITY_SESSION_KEY, None)
    fresh = Client()
    fresh.cookies = client.cookies
    fresh.get(URL)
    page = post(fresh, p7s).content.decode()  # the same signature again
    assert "Підпис зроблено для іншого запиту" in page


def test_an_old_check_file_has_expired(client, pki, settings):
    client.get(URL)
    content = check_file(client)
    session = client.session
    stored = session[NONCE_SESSION_KEY]
    stored["issued"] = (timezone.now() - nonces.lifetime() - timedelta(minutes=1)).isoformat()
    session[NONCE_SESSION_KEY] = stored
    session.save()
    page = post(client, pki.persons["valid"].p7s(content)).content.decode()
    assert "Ця сторінка застаріла" in page or "This page has expired" in page
    assert IDENTITY_SESSION_KEY not in client.session


def test_posting_without_opening_the_page_needs_a_new_page(client, pki):
    page = post(client, pki.persons["valid"].p7s(b"0" * 64)).content.decode()
    assert "Ця сторінка застаріла" in page or "This page has expired" in page
    assert IDENTITY_SESSION_KEY not in client.session


@pytest.mark.parametrize(("person", "text", "anchor"), [
    ("other_provider", "Цей ключ видав інший надавач довірчих послуг", 'href="#id_provider"'),
    ("expired", "Строк дії сертифіката ключа закінчився", None),
    ("revoked", "Сертифікат ключа скасовано або заблоковано", None),
    ("foreign", "видав не кваліфікований надавач довірчих послуг із довірчого списку", None),
    ("encryption_only", "Цей сертифікат не призначений для підпису", None),
    ("no_rnokpp", "У сертифікаті ключа немає РНОКПП", None),
])
def test_bad_certificates_get_their_own_message(client, pki, person, text, anchor):
    client.get(URL)
    page = sign_and_post(client, pki.persons[person]).content.decode()
    assert "Виникла проблема" in page
    assert text in page
    if anchor:
        assert anchor in page
    assert IDENTITY_SESSION_KEY not in client.session


def test_a_truncated_p7s_is_refused_as_damaged(client, pki):
    client.get(URL)
    p7s = pki.persons["valid"].p7s(check_file(client))
    page = post(client, p7s[: len(p7s) // 2]).content.decode()
    assert "Підпис не пройшов перевірку" in page
    assert IDENTITY_SESSION_KEY not in client.session


def test_a_file_over_100_kb_is_refused(client):
    client.get(URL)
    page = post(client, b"\x30" + b"\x00" * (150 * 1024)).content.decode()
    assert "більший за 100 КБ" in page or "larger than 100 KB" in page


def test_empty_fields_are_named(client):
    client.get(URL)
    page = client.post(URL, {}).content.decode()
    assert page.count('class="error-message" id="id_') == 2  # provider and signature; not the script's status line


# --- The server never receives a private key (issue 18, item 4) -------------------------------

@pytest.mark.parametrize("key_file", ["pkcs12", "pkcs8_pem", "pkcs8_der", "key6"])
def test_a_key_file_chosen_as_the_signature_is_refused_unopened(client, pki, key_file):
    person = pki.persons["valid"]
    data = {"pkcs12": person.pkcs12, "pkcs8_pem": person.pkcs8_pem, "pkcs8_der": person.pkcs8_der,
            "key6": P.fake_key6_dat}[key_file]()
    client.get(URL)
    page = post(client, data, name="Key-6.dat" if key_file == "key6" else "key.pfx").content.decode()
    assert "Це файл особистого ключа, а не підпис. Нікому не надсилайте файл ключа." in page
    assert IDENTITY_SESSION_KEY not in client.session


def test_no_form_or_endpoint_accepts_a_key_and_its_password(client, pki):
    """The old key-file fields are gone: a key and password posted to any signatures route
    confirm nothing, and no page asks for a key password."""
    from cbi.signatures import forms, verifiers, views

    for form_class in (forms.KepSignatureForm, forms.MockIdentityForm):
        assert not {"key_file", "password", "certificate_file"} & set(form_class.base_fields)
    assert not hasattr(views, "verify_key_file")
    assert "sign_nonce" not in open(views.__file__, encoding="utf-8").read()
    names = [p.name for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "signatures"
             for p in p.url_patterns]
    assert "kep" in names
    for name in names:
        url = f"/signatures/{'kep/' if name == 'kep' else ''}"
        client.get(URL)
        client.post(url, {"provider": P.PROVIDER_ID, "password": P.PASSWORD,
                          "key_file": upload(pki.persons["valid"].pkcs12(), "key.pfx")})
        assert IDENTITY_SESSION_KEY not in client.session
    page = client.get(URL).content.decode()
    assert 'name="key_file"' not in page and 'name="password"' not in page
    # The in-browser signing's key file, certificate and password inputs have no name: a browser
    # does not send an input without a name, whatever form it is in.
    inputs = _inputs(page)
    secret = [i for i in inputs
              if i.get("type") == "password" or i.get("id") in ("kep-key-file", "kep-certificate-file")]
    assert len(secret) == 3
    assert all("name" not in i for i in secret)
    assert verifiers  # verify_key_file stays only as a library function for the tests' key files


# --- A real DSTU 4145 signature (jkurwa's published test vector) -------------------------------

def test_a_dstu_4145_p7s_gets_the_dstu_message_not_damaged_signature(client, settings):
    """Most Ukrainians' keys are DSTU 4145: on a server without the DSTU backend (no node), their
    .p7s is refused with the message that points to id.gov.ua and the authorization code."""
    from pathlib import Path

    settings.SIGNATURES_BACKENDS = ["cbi.signatures.verifiers.StandardBackend"]
    vector = (Path(__file__).parent / "data" / "jkurwa" / "message_detached.p7").read_bytes()
    client.get(URL)
    page = post(client, vector).content.decode()
    assert "Це ключ за українським стандартом ДСТУ 4145" in page
    assert "/signatures/idgovua/start/" in page
    assert IDENTITY_SESSION_KEY not in client.session


def _inputs(page: str) -> list[dict]:
    from html.parser import HTMLParser

    found: list[dict] = []

    class Inputs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "input":
                found.append(dict(attrs))

    Inputs().feed(page)
    return found


def test_the_page_gives_the_browser_the_check_it_signs_and_the_servers_time(client):
    """The in-browser signing signs the same bytes as the check file, with the server's clock."""
    import re

    from django.utils import timezone

    page = client.get(URL).content.decode()
    nonce = re.search(r'data-nonce="([0-9a-f]{64})"', page).group(1)
    assert client.get("/signatures/kep/check-file/").content == nonce.encode()
    now = int(re.search(r'data-now="(\d+)"', page).group(1))
    assert abs(now - timezone.now().timestamp()) < 60
    assert "signatures/kep-sign" in page and 'id="kep-messages"' in page
