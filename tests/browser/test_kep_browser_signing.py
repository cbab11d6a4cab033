"""The КЕП step signed in the browser (issue 18): Олена Петренко opens her key file in the page,
types its password, and the page sends only the CAdES signature. A DSTU 4145 key in a Key-6.dat
(with her certificate file) and in a PKCS#12 are signed with jkurwa, an ECDSA key in a PKCS#12
with WebCrypto; a .p7s made with a DSTU key outside the browser takes the no-script path. A wrong
password is said in the page and nothing is sent. The network log shows no key material leaving
the page. axe on every state.

Selected by role and label in English (cookie ``django_language=en``)."""

from __future__ import annotations

import re

import pytest
from cryptography.hazmat.primitives import serialization
from playwright.sync_api import expect

from cbi.signatures.refusals import REFUSALS
from tests.browser.support import sign_the_check_file_outside_the_browser
from tests.signatures import dstu_pki as D
from tests.signatures import pki as P

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = "/signatures/kep/?next=/signatures/verified/"
SLOW = 30_000  # ms: the key store's 10 000 GOST iterations and DSTU arithmetic in JS, node checks on a busy machine
VERIFIED = re.compile(r"^[^?]*/signatures/verified/$")  # the page itself, not the ?next= of the КЕП step
WRONG_PASSWORD = "Ключ-Пароль-2025!"  # last year's password: a mistake people make


def in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def record(page) -> list[tuple[str, str, bytes]]:
    sent: list[tuple[str, str, bytes]] = []
    page.on("request", lambda request: sent.append((request.method, request.url, request.post_data_buffer or b"")))
    return sent


def assert_nothing_secret_sent(sent, secrets: list[bytes]) -> None:
    for _method, _url, body in sent:
        for secret in secrets:
            assert secret not in body


def open_the_kep_step(page, live_server, axe, provider_name: str) -> None:
    in_english(page, live_server)
    page.goto(START)
    expect(page.get_by_role("heading", name="Sign in this browser")).to_be_visible()
    axe.check(page, "kep-browser")
    page.get_by_label("Your trust service provider (КНЕДП)").select_option(label=provider_name)


def choose_key(page, key_file: bytes, name: str, certificate: bytes | None = None) -> None:
    page.get_by_label("Your key file").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": key_file})
    if certificate is not None:
        page.get_by_label("Certificate file").set_input_files(
            {"name": "Петренко-підпис.cer", "mimeType": "application/pkix-cert", "buffer": certificate})


def sign(page, password: str) -> None:
    page.get_by_label("Password of the key").fill(password)
    page.get_by_role("button", name="Sign and check").click()


def expect_confirmed(page, axe, label: str) -> None:
    page.wait_for_url(VERIFIED, timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your identity is confirmed")
    expect(page.get_by_text(P.FULL_NAME)).to_be_visible()
    axe.check(page, label)


def posts(sent) -> list[str]:
    return [url for method, url, _ in sent if method == "POST"]


def test_a_dstu_key_in_a_key6_dat_with_a_wrong_password_then_the_right_one(page, axe, live_server, dstu_pki,
                                                                            dstu_trust):
    person = dstu_pki.persons["valid"]
    key6 = person.key6_dat()
    open_the_kep_step(page, live_server, axe, D.PROVIDER_NAME)
    sent = record(page)
    choose_key(page, key6, "Key-6.dat", certificate=person.certificate_der)

    sign(page, WRONG_PASSWORD)
    status = page.locator("#kep-status")
    expect(status).to_have_text(REFUSALS["wrong_password"][0], timeout=SLOW)
    expect(page.get_by_label("Password of the key")).to_be_focused()
    expect(page.get_by_label("Password of the key")).to_have_attribute("aria-invalid", "true")
    axe.check(page, "kep-browser-wrong-password")
    assert posts(sent) == []  # said in the page: nothing was sent

    sign(page, P.PASSWORD)
    expect_confirmed(page, axe, "kep-browser-dstu-verified")
    assert posts(sent) == [live_server.url + START]
    assert_nothing_secret_sent(sent, [key6, key6[-64:], person.key.priv, person.key.priv[-40:],
                                      P.PASSWORD.encode(), WRONG_PASSWORD.encode()])


def test_a_dstu_key_in_a_pkcs12(page, axe, live_server, dstu_pki, dstu_trust):
    person = dstu_pki.persons["drfo"]
    pfx = person.pkcs12()
    open_the_kep_step(page, live_server, axe, D.PROVIDER_NAME)
    sent = record(page)
    choose_key(page, pfx, "Петренко.pfx")
    sign(page, P.PASSWORD)
    expect_confirmed(page, axe, "kep-browser-dstu-pfx-verified")
    assert_nothing_secret_sent(sent, [pfx, pfx[-64:], person.key.priv, person.key.priv[-40:], P.PASSWORD.encode()])


def test_an_ecdsa_key_in_a_pkcs12_signed_with_webcrypto(page, axe, live_server, pki, test_trust):
    person = pki.persons["valid"]
    pfx = person.pkcs12()
    raw_key = person.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
    open_the_kep_step(page, live_server, axe, P.PROVIDER_NAME)
    sent = record(page)
    choose_key(page, pfx, "olena.p12")
    sign(page, WRONG_PASSWORD)
    expect(page.locator("#kep-status")).to_have_text(REFUSALS["wrong_password"][0], timeout=SLOW)
    axe.check(page, "kep-browser-ecdsa-wrong-password")
    assert posts(sent) == []
    # By keyboard: Enter in the password box signs (it does not post the form without a signature).
    page.get_by_label("Password of the key").fill(P.PASSWORD)
    page.get_by_label("Password of the key").press("Enter")
    expect_confirmed(page, axe, "kep-browser-ecdsa-verified")
    assert_nothing_secret_sent(sent, [pfx, pfx[-64:], raw_key, raw_key[-40:], P.PASSWORD.encode()])


def test_an_rsa_key_as_an_encrypted_pkcs8_pem_signed_with_webcrypto(page, axe, live_server, pki, test_trust):
    person = pki.persons["valid_rsa"]
    pem = person.pkcs8_pem()  # the encrypted key with the certificate after it, as tools save a .pem
    open_the_kep_step(page, live_server, axe, P.PROVIDER_NAME)
    sent = record(page)
    choose_key(page, pem, "olena-rsa.pem")
    sign(page, P.PASSWORD)
    expect_confirmed(page, axe, "kep-browser-rsa-verified")
    assert_nothing_secret_sent(sent, [pem[:80], pem[-80:], P.PASSWORD.encode()])


def test_a_key_file_without_a_certificate_is_said_in_the_page(page, axe, live_server, dstu_pki, dstu_trust):
    open_the_kep_step(page, live_server, axe, D.PROVIDER_NAME)
    sent = record(page)
    choose_key(page, dstu_pki.persons["valid"].key6_dat(), "Key-6.dat")
    sign(page, P.PASSWORD)
    expect(page.locator("#kep-status")).to_have_text(REFUSALS["certificate_missing"][0], timeout=SLOW)
    expect(page.get_by_label("Certificate file")).to_be_focused()
    axe.check(page, "kep-browser-no-certificate")
    assert posts(sent) == []


def test_a_dstu_p7s_made_outside_the_browser(page, axe, live_server, dstu_pki, dstu_trust):
    in_english(page, live_server)
    page.goto(START)
    sent = sign_the_check_file_outside_the_browser(page, dstu_pki.persons["valid"], provider_name=D.PROVIDER_NAME,
                                                   english=True)
    expect_confirmed(page, axe, "kep-dstu-p7s-verified")
    assert posts(sent) == [live_server.url + START]


def test_a_pkcs12_with_legacy_encryption_points_to_the_signing_application(page, axe, live_server, pki, test_trust):
    """3DES-encrypted PKCS#12 (older exports): WebCrypto cannot open it; the page says so."""
    from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12

    person = pki.persons["valid"]
    encryption = (PrivateFormat.PKCS12.encryption_builder()
                  .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).build(P.PASSWORD.encode()))
    legacy = pkcs12.serialize_key_and_certificates(b"old", person.key, person.certificate, None, encryption)
    open_the_kep_step(page, live_server, axe, P.PROVIDER_NAME)
    sent = record(page)
    choose_key(page, legacy, "old-export.pfx")
    sign(page, P.PASSWORD)
    expect(page.locator("#kep-status")).to_contain_text("protected in a way the browser cannot open", timeout=SLOW)
    axe.check(page, "kep-browser-legacy-pfx")
    assert posts(sent) == []
