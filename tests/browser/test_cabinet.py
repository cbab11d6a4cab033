"""The cabinet route in the browser, with axe on every page and error state:
an officer issues a code, the person signs up with it, confirms the e-mail,
signs in, sees their data, reports an error; refusals; a representative."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from cbi.accounts import codes
from cbi.accounts.models import AuthorizationCode, CabinetAccount
from cbi.registry.models import Representative
from tests.browser.support import expect_error_summary, fill_date, sign_in, t
from tests.conftest import SHEVCHENKIVSKYI, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Весна-над-Дніпром-2026"


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


def fill_sign_up(page, code: str, *, dob="1985-03-27", username="olena.petrenko", email="olena@example.com"):
    page.get_by_label(t("Authorization code")).fill(code)
    fill_date(page, t("Date of birth of the person named on the receipt"), dob)
    page.get_by_label(t("Login")).fill(username)
    page.get_by_label(t("E-mail"), exact=True).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t("Password again")).fill(PASSWORD)
    page.get_by_role("button", name=t("Register")).click()


def confirm_path() -> str:
    return re.search(r"https?://[^/]+(/cabinet/confirm/\S+/)", mail.outbox[-1].body).group(1)


def test_officer_issues_a_code_and_the_person_signs_up_and_sees_their_data(officer_page, person, new_page, axe):
    page = officer_page
    page.goto(f"/staff/persons/{person.pk}/")
    page.get_by_role("link", name=t("Issue an authorization code")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Issue an authorization code"))
    axe.check(page, "issue code")
    page.get_by_role("button", name=t("Issue the code")).click()
    code = page.get_by_test_id("authorization-code").inner_text()
    axe.check(page, "code issued")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    citizen = new_page()
    citizen.goto("/cabinet/start/")
    axe.check(citizen, "cabinet start")
    citizen.get_by_role("link", name=t("Register"), exact=True).click()
    citizen.get_by_role("button", name=t("Continue")).click()
    expect_error_summary(citizen)
    axe.check(citizen, "register way error")
    citizen.get_by_label(t("With an authorization code from the receipt I got at the social protection office")).check()
    citizen.get_by_role("button", name=t("Continue")).click()
    axe.check(citizen, "register with code")
    fill_sign_up(citizen, "AAAA-AAAA-AAAA")
    expect_error_summary(citizen, t("The code or the date of birth does not match. Check the code against your receipt (12 characters, for example KD7R-WX4M-PT9C) and the date of birth of the person named on it. If you lost the receipt, ask your social protection office for a new code."))
    axe.check(citizen, "register with a wrong code")
    fill_sign_up(citizen, code.lower())
    expect(citizen.get_by_role("heading", level=1)).to_have_text(t("Confirm your e-mail"))
    axe.check(citizen, "registered")

    citizen.goto(confirm_path())
    expect(citizen.get_by_role("status")).to_contain_text(t("Your e-mail is confirmed. Sign in to your cabinet."))
    axe.check(citizen, "cabinet login")
    citizen.get_by_label(t("Login")).fill("olena.petrenko")
    citizen.get_by_label(t("Password")).fill("не той пароль")
    citizen.get_by_role("button", name=t("Sign in")).click()
    expect_error_summary(citizen)
    axe.check(citizen, "cabinet login error")
    citizen.get_by_label(t("Password")).fill(PASSWORD)
    citizen.get_by_role("button", name=t("Sign in")).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(t("My cabinet"))
    expect(citizen.locator("main")).to_contain_text("Петренко Олена Іванівна")
    expect(citizen.locator("main")).to_contain_text("3113201244")
    axe.check(citizen, "cabinet home")

    citizen.get_by_role("link", name=t("Report an error in the data")).click()
    citizen.get_by_role("button", name=t("Send")).click()
    expect_error_summary(citizen)
    axe.check(citizen, "correction error")
    citizen.get_by_label(t("What is wrong in your data?")).fill("Моє по батькові — Іванівна, а в довідці Івановна.")
    citizen.get_by_role("button", name=t("Send")).click()
    expect(citizen.get_by_role("status")).to_contain_text(t("Your message is sent to the social protection office. The answer will appear in your cabinet."))

    # The officer sees it on the record and answers; the person gets a notification.
    page.goto(f"/staff/persons/{person.pk}/")
    page.get_by_role("link", name=re.compile("Івановна")).click()
    axe.check(page, "handle correction")
    page.get_by_role("button", name=t("Send the answer")).click()
    expect_error_summary(page)
    page.get_by_label(t("Answer to the person")).fill("Виправлено. Дякуємо, що повідомили.")
    page.get_by_role("button", name=t("Send the answer")).click()

    citizen.get_by_role("link", name=t("Notifications"), exact=True).first.click()
    axe.check(citizen, "notifications")
    citizen.get_by_role("link", name=t("Answer to your report of an error in your data")).click()
    expect(citizen.locator("main")).to_contain_text("Виправлено. Дякуємо, що повідомили.")
    axe.check(citizen, "notification")


def test_reused_and_expired_codes_are_refused_with_their_messages(page, person, district_officer, axe):
    record, plain = codes.issue(actor=district_officer, person=person)
    page.goto("/cabinet/register/code/")
    fill_sign_up(page, plain)
    page.context.clear_cookies()
    page.goto("/cabinet/register/code/")
    fill_sign_up(page, plain, username="another.login", email="another@example.com")
    expect_error_summary(page, t("This code has already been used to register. Sign in with your login and password, or reset your password if you forgot it."))
    axe.check(page, "reused code")

    second = make_person(person.office, surname="Бойко", given_name="Тарас", patronymic="Миколайович",
                         date_of_birth=date(1979, 11, 2), sex="male", rnokpp="2916000373")
    record2, plain2 = codes.issue(actor=district_officer, person=second)
    AuthorizationCode.objects.filter(pk=record2.pk).update(expires_at=timezone.now() - timedelta(days=1))
    page.goto("/cabinet/register/code/")
    fill_sign_up(page, plain2, dob="1979-11-02", username="taras.boiko", email="taras@example.com")
    expect_error_summary(page, t("This code has expired. Ask your social protection office for a new code: the old one no longer works."))
    axe.check(page, "expired code")
    assert CabinetAccount.objects.count() == 1


def test_representative_acts_for_two_children_with_the_switcher(page, organizations, district_officer, axe):
    from cbi.registry.demo import make_rnokpp

    office = organizations[SHEVCHENKIVSKYI]
    children = [
        make_person(office, surname="Коваль", given_name="Софія", patronymic="Андріївна", date_of_birth=date(2016, 9, 1),
                    rnokpp=make_rnokpp(date(2016, 9, 1), 601, False)),
        make_person(office, surname="Коваль", given_name="Максим", patronymic="Андрійович", date_of_birth=date(2019, 2, 14),
                    sex="male", rnokpp=make_rnokpp(date(2019, 2, 14), 602, True)),
    ]
    reps = [Representative.objects.create(
        person=child, kind="parent", surname="Коваль", given_name="Ірина", patronymic="Петрівна",
        rnokpp="3113201244", authority_document="birth_certificate", authority_document_number="123456",
        authority_document_date=child.date_of_birth + timedelta(days=10)) for child in children]
    _, plain = codes.issue(actor=district_officer, person=children[0], representative=reps[0])
    page.goto("/cabinet/register/code/")
    fill_sign_up(page, plain, dob="2016-09-01", username="iryna.koval", email="iryna@example.com")
    page.goto(confirm_path())
    page.get_by_label(t("Login")).fill("iryna.koval")
    page.get_by_label(t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.locator("main")).to_contain_text("Коваль Софія Андріївна")

    _, plain2 = codes.issue(actor=district_officer, person=children[1], representative=reps[1])
    page.get_by_role("link", name=t("I am a legal representative of another person: add them with a code")).click()
    axe.check(page, "add person")
    page.get_by_role("button", name=t("Add")).click()
    expect_error_summary(page)
    axe.check(page, "add person error")
    page.get_by_label(t("Authorization code")).fill(plain2)
    fill_date(page, t("Date of birth of the person you represent"), "14.02.2019")
    page.get_by_role("button", name=t("Add")).click()
    expect(page.locator("main")).to_contain_text("Коваль Максим Андрійович")
    axe.check(page, "home with switcher")
    page.get_by_label(t("I act for")).select_option(label="Коваль Софія Андріївна")
    page.get_by_role("button", name=t("Switch")).click()
    expect(page.get_by_role("region", name=t("Data in ЦБІ"))).to_contain_text("Коваль Софія Андріївна")


def test_password_reset_and_locked_out_pages(page, person, district_officer, axe):
    page.goto("/cabinet/login/")
    page.get_by_role("link", name=t("Forgot your password?")).click()
    axe.check(page, "password reset")
    page.get_by_role("textbox").fill("nobody@example.com")
    page.get_by_role("button", name=t("Continue")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your e-mail"))
    axe.check(page, "password reset sent")
    _, plain = codes.issue(actor=district_officer, person=person)
    page.goto("/cabinet/register/code/")
    fill_sign_up(page, plain)
    for _ in range(6):
        page.goto("/cabinet/login/")
        page.get_by_label(t("Login")).fill("olena.petrenko")
        page.get_by_label(t("Password")).fill("неправильний пароль")
        page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Sign-in is paused"))
    expect(page.get_by_role("link", name=t("Reset the password"))).to_be_visible()
    axe.check(page, "cabinet locked out")


def test_sign_up_with_the_keyboard_alone(page, person, district_officer):
    _, plain = codes.issue(actor=district_officer, person=person)
    page.goto("/cabinet/register/code/")
    page.keyboard.press("Tab")  # skip link first
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == t("Skip to main content")
    page.keyboard.press("Enter")
    # Tab until the code field has focus, then type each field in order.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "code":
            break
    page.keyboard.type(plain)
    # The date of birth: three boxes, day, month and year, one Tab stop each.
    for name, value in (("date_of_birth_day", "27"), ("date_of_birth_month", "3"), ("date_of_birth_year", "1985")):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == name
        page.keyboard.type(value)
    for name, value in (("username", "olena.petrenko"), ("email", "olena@example.com"),
                        ("password1", PASSWORD), ("password2", PASSWORD)):
        for _ in range(3):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == name:
                break
        assert page.evaluate("document.activeElement.name") == name
        page.keyboard.type(value)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#error-summary").count() == 0, page.locator("#error-summary").inner_text()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Confirm your e-mail"))
    assert CabinetAccount.objects.filter(user__username="olena.petrenko").exists()


def test_second_person_signs_up_with_a_kep_signature_and_another_providers_key_is_refused(page, person, pki,
                                                                                          test_trust, axe):
    from tests.browser.support import sign_the_check_file_outside_the_browser
    from tests.signatures import pki as P

    page.goto("/cabinet/register/")
    page.get_by_label(t("With a qualified e-signature (КЕП): you sign on your own device")).check()
    page.get_by_role("button", name=t("Continue")).click()
    axe.check(page, "kep step")
    sign_the_check_file_outside_the_browser(page, pki.persons["other_provider"], provider_name=P.PROVIDER_NAME)
    expect_error_summary(page)
    expect(page.locator("#error-summary")).to_contain_text("Цей ключ видав інший надавач довірчих послуг")
    axe.check(page, "kep key of another provider")
    sign_the_check_file_outside_the_browser(page, pki.persons["valid"], provider_name=P.PROVIDER_NAME)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Create your login"))
    expect(page.locator("main")).to_contain_text("Петренко Олена Іванівна")
    axe.check(page, "create login after kep")
    page.get_by_label(t("Login")).fill("olena.kep")
    page.get_by_label(t("E-mail"), exact=True).fill("olena.kep@example.com")
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t("Password again")).fill(PASSWORD)
    page.get_by_role("button", name=t("Register")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Confirm your e-mail"))
    account = CabinetAccount.objects.get(user__username="olena.kep")
    assert account.person == person and account.registered_via == "kep"


def test_the_whole_route_from_not_in_the_registry_to_my_cabinet(page, new_page, live_server, organizations,
                                                                 district_officer, axe, settings, tmp_path):
    """Issue 3's route in one go: a person not in ЦБІ files a primary
    registration; the officer accepts it and issues a code; the person signs
    up with the code, confirms the e-mail, signs in and sees their data."""
    from tests.browser import test_primary_registration as primary

    settings.MEDIA_ROOT = tmp_path  # uploaded scans
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    primary.english(page, live_server)
    page.goto(primary.BASE)
    page.get_by_role("link", name="Start now").click()
    primary.fill_who(page)
    primary.fill_person(page)
    primary.fill_address(page)
    primary.fill_identity(page)
    primary.fill_right(page)
    primary.upload_documents(page)
    page.get_by_role("button", name="Send the application").click()
    expect(primary.h1(page)).to_have_text("Application sent")

    officer = new_page()
    sign_in(officer, district_officer)
    officer.get_by_role("link", name=t("Primary registrations")).click()
    officer.get_by_role("link", name=re.compile(r"^ПР-")).first.click()
    officer.get_by_role("link", name=t("Accept and enter into ЦБІ")).click()
    officer.get_by_role("button", name=t("Accept and enter into ЦБІ")).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Коваль Марія Степанівна")
    officer.get_by_role("link", name=t("Issue an authorization code")).click()
    officer.get_by_role("button", name=t("Issue the code")).click()
    code = officer.get_by_test_id("authorization-code").inner_text()

    page.context.add_cookies([{"name": "django_language", "value": "uk", "url": live_server.url}])
    page.goto("/cabinet/register/code/")
    fill_sign_up(page, code, dob="1990-06-14", username="maria.koval", email="maria.koval@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Confirm your e-mail"))
    page.goto(confirm_path())
    page.get_by_label(t("Login")).fill("maria.koval")
    page.get_by_label(t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My cabinet"))
    main = page.locator("main")
    for value in ("Коваль Марія Степанівна", "3456789014", "14.06.1990", "вул. Володимирська"):
        expect(main).to_contain_text(value)
    expect(page.get_by_role("region", name=t("My documents"))).to_contain_text("висновок МСЕК.pdf")
    axe.check(page, "cabinet home after the whole route")
