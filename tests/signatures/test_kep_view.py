"""The КЕП page end to end: provider, key file, password → identity in the session."""

from __future__ import annotations

import builtins
import os
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cbi.signatures.services import IDENTITY_SESSION_KEY, identity_matches_person
from cbi.signatures.views import NONCE_SESSION_KEY

from . import pki as P

URL = "/signatures/kep/"
NEXT = "/cabinet/register/identity/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_trust")]


def upload(data: bytes, name: str = "key.pfx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post(client: Client, key_file: bytes, *, name="key.pfx", password=P.PASSWORD, provider=P.PROVIDER_ID, **extra):
    return client.post(URL, {"provider": provider, "key_file": upload(key_file, name), "password": password, **extra})


@pytest.fixture
def client():
    client = Client()
    client.cookies["django_language"] = "uk"
    return client


def test_the_page_offers_the_providers_and_the_other_routes(client):
    response = client.get(URL, {"next": NEXT})
    page = response.content.decode()

    assert response.status_code == 200
    assert f'<option value="{P.PROVIDER_ID}">{P.PROVIDER_NAME}</option>' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'type="password"' in page and 'autocomplete="off"' in page
    assert "/signatures/idgovua/start/" in page
    assert len(client.session[NONCE_SESSION_KEY]) == 64


def test_a_valid_key_confirms_the_identity_and_returns_to_next(client, pki):
    client.get(URL, {"next": NEXT})
    session_key = client.session.session_key
    response = post(client, pki.persons["valid"].pkcs12())

    assert response.status_code == 302
    assert response["Location"] == NEXT
    identity = client.session[IDENTITY_SESSION_KEY]
    assert identity["rnokpp"] == P.RNOKPP
    assert identity["full_name"] == P.FULL_NAME
    assert identity["method"] == "kep"
    assert identity["provider_id"] == P.PROVIDER_ID
    assert identity["at"]
    assert NONCE_SESSION_KEY not in client.session
    assert client.session.session_key != session_key  # a new session id once identified


def test_a_pkcs8_key_with_its_certificate_file(client, pki):
    client.get(URL)
    person = pki.persons["valid"]
    response = post(client, person.pkcs8_der(), name="key.pk8",
                    certificate_file=upload(person.certificate_der, "me.cer"))
    assert response.status_code == 302
    assert response["Location"] == "/signatures/verified/"
    page = client.get(response["Location"]).content.decode()
    assert P.FULL_NAME in page
    assert P.RNOKPP not in page


def test_the_matching_person_in_the_registry(client, pki, person):
    client.get(URL)
    post(client, pki.persons["valid"].pkcs12())
    assert identity_matches_person(client.session[IDENTITY_SESSION_KEY]) == person

    client.get(URL)
    post(client, pki.persons["unknown_person"].pkcs12())
    assert identity_matches_person(client.session[IDENTITY_SESSION_KEY]) is None


def test_next_outside_the_site_is_ignored(client, pki):
    client.get(URL, {"next": "https://evil.example/steal"})
    response = post(client, pki.persons["valid"].pkcs12())
    assert response["Location"] == "/signatures/verified/"


def test_a_wrong_password_is_shown_in_the_error_summary(client, pki):
    client.get(URL)
    response = post(client, pki.persons["valid"].pkcs12(), password="неправильний")
    page = response.content.decode()

    assert response.status_code == 200
    assert "<title>Помилка: " in page
    assert "Виникла проблема" in page
    assert 'href="#id_password"' in page
    assert "Пароль до ключа неправильний." in page
    assert "неправильний\"" not in page  # the password is not echoed back
    assert IDENTITY_SESSION_KEY not in client.session
    assert len(client.session[NONCE_SESSION_KEY]) == 64  # a fresh nonce for the next try


def test_a_dstu_key_gets_the_code_route_and_id_gov_ua(client):
    client.get(URL)
    page = post(client, P.fake_key6_dat(), name="Key-6.dat").content.decode()
    assert "Це ключ за українським стандартом ДСТУ 4145" in page
    assert 'href="#id_key_file"' in page


def test_a_key_of_another_provider_points_at_the_provider_field(client, pki):
    client.get(URL)
    page = post(client, pki.persons["other_provider"].pkcs12()).content.decode()
    assert 'href="#id_provider"' in page
    assert "Цей ключ видав інший надавач довірчих послуг" in page


def test_an_expired_key_is_a_form_level_error(client, pki):
    client.get(URL)
    page = post(client, pki.persons["expired"].pkcs12()).content.decode()
    assert "Строк дії сертифіката ключа закінчився" in page


def test_a_file_over_100_kb_is_refused_without_reading_it(client):
    client.get(URL)
    page = post(client, b"\x30" + os.urandom(150 * 1024), name="big.pfx").content.decode()
    assert "більший за 100 КБ" in page or "larger than 100 KB" in page


def test_empty_fields_are_named(client):
    client.get(URL)
    page = client.post(URL, {}).content.decode()
    assert page.count('class="error-message"') == 3


def test_the_nonce_is_single_use(client, pki):
    """Posting without having opened the page (or twice) needs a new page."""
    response = post(client, pki.persons["valid"].pkcs12())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ця сторінка застаріла" in page or "This page has expired" in page
    assert IDENTITY_SESSION_KEY not in client.session
    assert post(client, pki.persons["valid"].pkcs12()).status_code == 302  # the error page issued a new one


def test_the_key_never_touches_the_disk_nor_the_session(client, pki, monkeypatch, tmp_path, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django would spill any upload to a temporary file
    client.get(URL)
    written = []
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            written.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", lambda *a, **k: written.append("tempfile") or 1 / 0)
    before = set(tmp_path.iterdir())

    response = post(client, pki.persons["valid"].pkcs12())

    assert response.status_code == 302
    assert written == []
    assert set(tmp_path.iterdir()) == before
    stored = repr(dict(client.session.items()))
    assert P.PASSWORD not in stored
