"""Identity confirmation pages in a real browser: the КЕП step (a .p7s made outside the
browser, one over another check file, a key file chosen by mistake) and the mock id.gov.ua
page, each checked with axe.

Selected by role and label in English (cookie ``django_language=en``), except
the one test that checks the Ukrainian page."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_the_check_file_outside_the_browser, t
from tests.signatures import pki as P

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def key_material(person) -> list[bytes]:
    """What must never leave the page: the private key in any encoding, and the key file."""
    from cryptography.hazmat.primitives import serialization

    der = person.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption())
    return [der, base64.b64encode(der), person.pkcs12()[:64], P.PASSWORD.encode()]


def test_kep_signature_made_outside_the_browser_and_one_over_another_check_file(page, axe, live_server, pki,
                                                                               test_trust):
    in_english(page, live_server)
    page.goto("/signatures/kep/?next=/signatures/verified/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your identity with a qualified e-signature")
    expect(page.locator("input[type=password][name], input[type=file][name=key_file]")).to_have_count(0)
    axe.check(page, "signatures-kep")

    # A .p7s over an old check file (signed earlier, then the page was opened again).
    page.get_by_label("Your trust service provider (КНЕДП)").select_option(label=P.PROVIDER_NAME)
    page.get_by_label("Signature file (.p7s)").set_input_files(
        {"name": "old.p7s", "mimeType": "application/pkcs7-signature",
         "buffer": pki.persons["valid"].p7s(b"0" * 64)})
    page.get_by_role("button", name="Check the signature").click()
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("The signature was made for another request")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe.check(page, "signatures-kep-other-nonce")

    person = pki.persons["valid"]
    sent = sign_the_check_file_outside_the_browser(page, person, provider_name=P.PROVIDER_NAME, english=True)
    expect(page).to_have_url(re.compile(r"^[^?]*/signatures/verified/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your identity is confirmed")
    expect(page.get_by_text(P.FULL_NAME)).to_be_visible()
    axe.check(page, "signatures-verified")
    assert [(method, url) for method, url, _ in sent if method == "POST"] == [
        ("POST", live_server.url + "/signatures/kep/?next=/signatures/verified/")]  # the signature was sent …
    for _method, _url, body in sent:  # … and nothing of the key
        assert not any(secret in body for secret in key_material(person))


def test_mock_id_gov_ua_signs_in(page, axe, live_server, settings):
    settings.IDGOVUA_MOCK = True
    settings.IDGOVUA_REDIRECT_URI = ""
    in_english(page, live_server)
    page.goto("/signatures/idgovua/start/?next=/signatures/verified/")
    expect(page).to_have_url(re.compile(r"/signatures/mock-idgovua/authorize/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the test id.gov.ua")
    axe.check(page, "signatures-mock-idgovua")

    page.get_by_label("Taxpayer number (РНОКПП)").fill("123")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter 10 digits.")
    axe.check(page, "signatures-mock-idgovua-error")

    page.get_by_label("Taxpayer number (РНОКПП)").fill("3113201244")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"^[^?]*/signatures/verified/$"))
    expect(page.get_by_text("Петренко Олена Іванівна")).to_be_visible()


def test_mock_id_gov_ua_cancel_shows_a_clear_error(page, axe, live_server, settings):
    settings.IDGOVUA_MOCK = True
    settings.IDGOVUA_REDIRECT_URI = ""
    in_english(page, live_server)
    page.goto("/signatures/idgovua/start/")
    page.get_by_role("button", name="Cancel").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("alert")).to_contain_text("The sign-in through id.gov.ua was cancelled")
    axe.check(page, "signatures-idgovua-error")


def test_kep_form_in_ukrainian_refuses_a_key_file_chosen_as_the_signature(page, axe, pki, test_trust):
    page.goto("/signatures/kep/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    axe.check(page, "signatures-kep-uk")
    page.get_by_label(t("Your trust service provider (КНЕДП)")).select_option(label=P.PROVIDER_NAME)
    page.get_by_label(t("Signature file (.p7s)")).set_input_files(
        {"name": "Key-6.dat", "mimeType": "application/octet-stream", "buffer": P.fake_key6_dat()})
    page.get_by_role("button", name=t("Check the signature")).click()
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Виникла проблема"))
    expect(summary).to_contain_text("Це файл особистого ключа, а не підпис")
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    axe.check(page, "signatures-kep-uk-key-file")
