"""Identity confirmation pages in a real browser: the КЕП form (normal and with
a wrong password) and the mock id.gov.ua page, each checked with axe.

Selected by role and label in English (cookie ``django_language=en``), except
the one test that checks the Ukrainian page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import t
from tests.signatures import pki as P

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def key_file(pki, name="olena.pfx") -> dict:
    return {"name": name, "mimeType": "application/x-pkcs12", "buffer": pki.persons["valid"].pkcs12()}


def test_kep_form_checks_a_key_and_shows_a_wrong_password(page, axe, live_server, pki, test_trust):
    in_english(page, live_server)
    page.goto("/signatures/kep/?next=/signatures/verified/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your identity with a qualified e-signature")
    axe.check(page, "signatures-kep")

    page.get_by_label("Your trust service provider (КНЕДП)").select_option(label=P.PROVIDER_NAME)
    page.get_by_label("Key file").set_input_files(key_file(pki))
    page.get_by_label("Key password").fill("not-the-password")
    page.get_by_role("button", name="Check the key").click()

    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("The key's password is wrong.")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    password = page.get_by_label("Key password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_value("")
    axe.check(page, "signatures-kep-wrong-password")

    summary.get_by_role("link", name=re.compile("password is wrong")).click()
    expect(password).to_be_focused()

    page.get_by_label("Key file").set_input_files(key_file(pki))
    password.fill(P.PASSWORD)
    page.get_by_role("button", name="Check the key").click()
    expect(page).to_have_url(re.compile(r"/signatures/verified/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your identity is confirmed")
    expect(page.get_by_text(P.FULL_NAME)).to_be_visible()
    axe.check(page, "signatures-verified")


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
    expect(page).to_have_url(re.compile(r"/signatures/verified/$"))
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


def test_kep_form_in_ukrainian_passes_axe(page, axe, pki, test_trust):
    page.goto("/signatures/kep/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    axe.check(page, "signatures-kep-uk")
    page.get_by_label(t("Your trust service provider (КНЕДП)")).select_option(label=P.PROVIDER_NAME)
    page.get_by_label(t("Key file")).set_input_files(
        {"name": "Key-6.dat", "mimeType": "application/octet-stream", "buffer": P.fake_key6_dat()})
    page.get_by_label(t("Key password")).fill("пароль")
    page.get_by_role("button", name=t("Check the key")).click()
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Виникла проблема"))
    expect(summary).to_contain_text("Це ключ за українським стандартом ДСТУ 4145")
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    axe.check(page, "signatures-kep-uk-dstu")
