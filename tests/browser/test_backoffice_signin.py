"""Home page and staff sign-in: password, code, first-time authenticator set-up,
lock-out, the administrator's home and sign-out."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.support import (
    error_summary, expect_error_summary, expect_field_error, fill_in, sign_in, t,
)
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(device: TOTPDevice) -> int:
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def enter_password(page, username: str, password: str) -> None:
    page.get_by_label("Логін").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Продовжити").click()
    page.wait_for_load_state()


def test_home_page(page, axe):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Centralized data bank on disability (ЦБІ)"))
    expect(page.get_by_role("link", name="Перейти до основного вмісту")).to_be_attached()
    axe.check(page, "home")

    page.get_by_role("link", name=t("Staff sign-in")).click()
    expect(page).to_have_url(re.compile(r"/staff/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Staff sign-in"))


def test_login_page_refuses_empty_and_wrong_password(page, axe, district_officer):
    page.goto("/staff/login/")
    expect(page.get_by_label("Логін")).to_have_attribute("autocomplete", "username")
    expect(page.get_by_label("Пароль")).to_have_attribute("type", "password")
    axe.check(page, "login")

    # Nothing typed: both fields are listed in the summary and marked.
    page.get_by_role("button", name="Продовжити").click()
    summary = expect_error_summary(page, fill_in("Логін"), fill_in("Пароль"))
    expect(summary.get_by_role("link")).to_have_text([fill_in("Логін"), fill_in("Пароль")])
    expect_field_error(page.get_by_label("Логін"), fill_in("Логін"))
    expect_field_error(page.get_by_label("Пароль"), fill_in("Пароль"))
    axe.check(page, "login-empty")

    # A wrong password: one message about the pair, the login is kept, the password is not.
    enter_password(page, district_officer.username, "Неправильний-пароль-1")
    expect_error_summary(page, t("The login or the password is wrong. Check them and try again. "
                                 "After 5 failed attempts sign-in is paused for 15 minutes."))
    expect(page.get_by_label("Логін")).to_have_value(district_officer.username)
    expect(page.get_by_label("Пароль")).to_have_value("")
    expect(page).to_have_url(re.compile(r"/staff/login/$"))
    axe.check(page, "login-wrong-password")


def test_code_step_refuses_a_wrong_code(page, axe, district_officer):
    page.goto("/staff/login/")
    enter_password(page, district_officer.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/staff/login/code/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Enter the code from your app"))
    code_field = page.get_by_label("Код із застосунку автентифікації")
    expect(code_field).to_have_attribute("autocomplete", "one-time-code")
    axe.check(page, "login-code")

    device = TOTPDevice.objects.get(user=district_officer)
    wrong = (current_code(device) + 1) % 1_000_000
    code_field.fill(f"{wrong:06d}")
    page.get_by_role("button", name="Увійти").click()
    message = t("The code is wrong or has expired. Enter the code the app shows now.")
    expect_error_summary(page, message)
    expect_field_error(page.get_by_label("Код із застосунку автентифікації"), message)
    expect(page.get_by_role("button", name="Вийти")).to_have_count(0)
    axe.check(page, "login-code-wrong")


@pytest.mark.parametrize("device_state", ["missing", "unconfirmed"])
def test_first_sign_in_sets_up_the_authenticator(page, axe, district_officer, device_state):
    if device_state == "missing":
        TOTPDevice.objects.filter(user=district_officer).delete()
        known_key = None
    else:  # set up in the app earlier, but never confirmed with a code
        TOTPDevice.objects.filter(user=district_officer).update(confirmed=False)
        known_key = TOTPDevice.objects.get(user=district_officer).bin_key
    page.goto("/staff/login/")
    enter_password(page, district_officer.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/staff/login/setup/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Set up your authenticator app"))
    expect(page.get_by_role("img", name=t("QR code for the authenticator app. If you cannot scan it, "
                                          "type the key shown below."))).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret), secret
    if known_key is not None:
        # The key already in the person's app is offered again, not a new one.
        assert base64.b32decode(secret.replace(" ", "")) == known_key
    axe.check(page, "totp-setup")

    device = TOTPDevice.objects.get(user=district_officer, confirmed=False)
    code_field = page.get_by_label("Код із застосунку автентифікації")
    code_field.fill(f"{(current_code(device) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name=t("Confirm and sign in")).click()
    message = t("The code is wrong. Check that the app shows the account «ЦБІ» and enter its current code.")
    expect_error_summary(page, message)
    expect_field_error(page.get_by_label("Код із застосунку автентифікації"), message)
    # The same key is shown again: the app already set up keeps working.
    expect(page.get_by_test_id("totp-secret")).to_have_text(secret)
    axe.check(page, "totp-setup-wrong")

    # As an authenticator app would: the code computed from the key on the screen.
    # (The wrong code throttles the device for one second; let that second pass.)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    key = base64.b32decode(secret.replace(" ", ""))
    page.get_by_label("Код із застосунку автентифікації").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name=t("Confirm and sign in")).click()
    expect(page).to_have_url(re.compile(r"/staff/persons/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Знайти особу")
    assert TOTPDevice.objects.filter(user=district_officer, confirmed=True).count() == 1
    assert not TOTPDevice.objects.filter(user=district_officer, confirmed=False).exists()


def test_five_wrong_passwords_pause_sign_in(page, axe, district_officer):
    page.goto("/staff/login/")
    for _attempt in range(4):
        enter_password(page, district_officer.username, "Неправильний-пароль-1")
        expect(error_summary(page)).to_be_visible()
    with page.expect_response(re.compile(r"/staff/login/$")) as response:
        enter_password(page, district_officer.username, "Неправильний-пароль-1")
    assert response.value.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Sign-in is paused"))
    expect(page.get_by_role("main")).to_contain_text(t(
        "There were too many failed attempts to sign in to this account. "
        "For your safety, sign-in is paused for 15 minutes."))
    expect(page).to_have_title(re.compile(re.escape(t("Sign-in is paused"))))
    axe.check(page, "locked-out")

    # Even the right password does not open the account while it is paused.
    page.get_by_role("link", name=t("Back to sign-in")).click()
    enter_password(page, district_officer.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Sign-in is paused"))
    expect(page.get_by_label("Код із застосунку автентифікації")).to_have_count(0)


def test_administrator_home_and_sign_out(page, axe, administrator):
    sign_in(page, administrator)
    # Administrators land on the staff they manage; their home page stays reachable.
    expect(page).to_have_url(re.compile(r"/staff/team/$"))
    page.goto("/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Back office"))
    expect(page.get_by_role("main")).to_contain_text(t(
        "You are signed in as %(role)s of %(org)s.", role=t("administrator"),
        org="Міністерство соціальної політики України"))
    nav = page.get_by_role("navigation", name=t("Back office"))
    expect(nav).to_contain_text("Сергій Ткаченко")
    # Administrators run the system; they have no way into persons' records.
    expect(nav.get_by_role("link", name="Знайти особу")).to_have_count(0)
    expect(nav.get_by_role("link", name="Зареєструвати особу")).to_have_count(0)
    axe.check(page, "staff-home-administrator")

    page.get_by_role("button", name="Вийти").click()
    expect(page).to_have_url(re.compile(r"/staff/login/$"))
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login/\?next=%2Fstaff%2F$"))
    expect(page.get_by_label("Логін")).to_be_visible()


def test_expired_form_page_belongs_to_the_service(page, axe):
    """The sign-in page left open while the browser's cookies were cleared."""
    page.goto("/staff/login/")
    page.context.clear_cookies()
    page.get_by_label("Логін").fill("officer.shevchenkivskyi")
    page.get_by_label("Пароль").fill(PASSWORD)
    with page.expect_response(re.compile(r"/staff/login/$")) as response:
        page.get_by_role("button", name="Продовжити").click()
    assert response.value.status == 403
    axe.check(page, "csrf-failure")
    facts = page.evaluate("""() => ({
        lang: document.documentElement.lang,
        main: document.querySelectorAll('main').length,
        text: document.body.innerText,
        signInLink: [...document.querySelectorAll('a')].some(a => a.pathname === '/staff/login/'),
    })""")
    assert facts["lang"] == "uk", facts["lang"]
    assert facts["main"] == 1, "no main landmark"
    assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{4,}", facts["text"]), "English text in the Ukrainian interface"
    assert facts["signInLink"], "no way back to the sign-in page"
