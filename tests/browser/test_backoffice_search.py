"""Finding a person: the three exact searches, their errors, the result
table, the office scope (404 for another office's record), keyboard-only use
and a 320 px wide screen."""

from __future__ import annotations

import re
import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    active_element, date_part, expect_error_summary, expect_field_error, fill_date, fill_in, focus_is_visible,
    person_url, sign_in, t,
)
from tests.conftest import PASSWORD, PECHERSKYI, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RNOKPP_LABEL = "РНОКПП (реєстраційний номер облікової картки платника податків)"
FULL_NAME = "Петренко Олена Іванівна"


def by_rnokpp(page):
    return page.get_by_role("region", name=t("By taxpayer number"))


def by_document(page):
    return page.get_by_role("region", name=t("By identity document"))


def by_name(page):
    return page.get_by_role("region", name=t("By surname and date of birth"))


def search_rnokpp(page, value: str) -> None:
    by_rnokpp(page).get_by_label(RNOKPP_LABEL).fill(value)
    page.get_by_role("button", name="Шукати за РНОКПП").click()
    page.wait_for_load_state()


def results(page):
    return page.get_by_role("region", name=t("Search results"))


def expect_found(page, person) -> None:
    table = results(page).get_by_role("table", name=t("Persons found"))
    expect(table.get_by_role("row")).to_have_count(2)  # the header and one person
    row = table.get_by_role("row").nth(1)
    expect(row.get_by_role("link", name=FULL_NAME)).to_have_attribute("href", person_url(person))
    expect(row).to_contain_text("27.03.1985")
    expect(row).to_contain_text(person.office.name)


def test_search_page_and_no_result(officer_page, axe):
    page = officer_page
    expect(page).to_have_url(re.compile(r"/staff/persons/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Знайти особу")
    expect(page.get_by_role("navigation", name=t("Back office")).get_by_role("link", name="Знайти особу")) \
        .to_have_attribute("aria-current", "page")
    expect(results(page)).to_have_count(0)
    expect(by_rnokpp(page).get_by_label(RNOKPP_LABEL)).to_have_attribute("inputmode", "numeric")
    axe.check(page, "search")

    search_rnokpp(page, "2287104573")  # a valid number nobody in the office has
    expect(results(page)).to_contain_text(t(
        "Nobody was found. Check the value you entered. If the person is not in ЦБІ yet, register them."))
    register = results(page).get_by_role("link", name="Зареєструвати особу")
    expect(register).to_have_attribute("href", "/staff/persons/new/")
    expect(by_rnokpp(page).get_by_label(RNOKPP_LABEL)).to_have_value("2287104573")
    axe.check(page, "search-no-result")


def test_search_forms_refuse_invalid_input(officer_page, axe):
    page = officer_page

    search_rnokpp(page, "3113201245")  # the check digit should be 4
    message = t("This taxpayer number (РНОКПП) does not exist: its last digit does not match. "
                "Check each digit against the document.")
    expect_error_summary(page, message)
    rnokpp = by_rnokpp(page).get_by_label(RNOKPP_LABEL)
    expect_field_error(rnokpp, message)
    expect(rnokpp).to_have_value("3113201245")
    expect(results(page)).to_have_count(0)
    axe.check(page, "search-rnokpp-invalid")

    search_rnokpp(page, "311320124")
    expect_error_summary(page, t("The taxpayer number (РНОКПП) has exactly 10 digits. "
                                 "Check the number and enter it again."))

    page.get_by_role("button", name="Шукати за документом").click()
    message = fill_in(t("Document series and number"))
    expect_error_summary(page, message)
    expect_field_error(by_document(page).get_by_label(t("Document series and number")), message)
    axe.check(page, "search-document-invalid")

    by_name(page).get_by_label("Прізвище").fill("Петренко")
    page.get_by_role("button", name="Шукати за прізвищем і датою народження").click()
    expect_error_summary(page, fill_in("Дата народження"))
    expect_field_error(date_part(by_name(page), "Дата народження", "day"), fill_in("Дата народження"))
    expect(by_name(page).get_by_label("Прізвище")).to_have_value("Петренко")
    # Only the form that was used shows errors.
    expect(by_rnokpp(page).get_by_label(RNOKPP_LABEL)).not_to_have_attribute("aria-invalid", "true")
    axe.check(page, "search-name-invalid")


def test_search_finds_the_person_by_each_key(officer_page, axe, person, organizations):
    page = officer_page
    # A namesake born the same day in another district office must stay invisible.
    make_person(organizations[PECHERSKYI], rnokpp="3113201864")

    search_rnokpp(page, "3113201244")
    expect_found(page, person)
    axe.check(page, "search-found")

    by_document(page).get_by_label(t("Document series and number")).fill("МК123456")
    page.get_by_role("button", name="Шукати за документом").click()
    expect_found(page, person)

    by_name(page).get_by_label("Прізвище").fill("петренко")
    fill_date(by_name(page), "Дата народження", "27.03.1985")
    page.get_by_role("button", name="Шукати за прізвищем і датою народження").click()
    expect_found(page, person)

    results(page).get_by_role("link", name=FULL_NAME).click()
    expect(page).to_have_url(re.compile(re.escape(person_url(person)) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FULL_NAME)


def test_invalid_date_message_is_ukrainian(officer_page):
    page = officer_page
    # The three boxes: the message names the day that does not exist in that month.
    page.goto("/staff/persons/?by=name&n-surname=Петренко&n-date_of_birth_day=31&n-date_of_birth_month=2"
              "&n-date_of_birth_year=1985")
    message = t("There is no such date: February %(year)s has %(days)s days.", year="1985", days=28)
    expect_error_summary(page, message)
    expect_field_error(date_part(by_name(page), "Дата народження", "day"), message)
    expect(date_part(by_name(page), "Дата народження", "year")).not_to_have_attribute("aria-invalid", "true")
    assert not re.search(r"[A-Za-z]{3,}", message), f"an English message in the Ukrainian interface: {message!r}"
    # A single value in the address (an old link or a bookmark) is still read, in the same language.
    page.goto("/staff/persons/?by=name&n-surname=Петренко&n-date_of_birth=31.02.1985")
    message = t("Enter a real date, for example 27.03.1985.")
    expect_error_summary(page, message)
    expect_field_error(date_part(by_name(page), "Дата народження", "day"), message)
    assert not re.search(r"[A-Za-z]{3,}", message), f"an English message in the Ukrainian interface: {message!r}"


def test_keyboard_only_sign_in_search_and_open(page, district_officer, person):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    keyboard = page.keyboard

    def skip_to_main():
        keyboard.press("Tab")
        expect(page.get_by_role("link", name="Перейти до основного вмісту")).to_be_focused()
        assert focus_is_visible(page), "the skip link shows no focus indicator"
        keyboard.press("Enter")
        expect(page.get_by_role("main")).to_be_focused()

    def press_enter_and_load():
        with page.expect_navigation():
            keyboard.press("Enter")

    page.goto("/staff/login/")
    skip_to_main()
    keyboard.press("Tab")
    expect(page.get_by_label("Логін")).to_be_focused()
    assert focus_is_visible(page), "the login field shows no focus indicator"
    keyboard.type(district_officer.username)
    keyboard.press("Tab")
    expect(page.get_by_label("Пароль")).to_be_focused()
    keyboard.type(PASSWORD)
    keyboard.press("Shift+Tab")
    expect(page.get_by_label("Логін")).to_be_focused()
    keyboard.press("Tab")
    press_enter_and_load()

    # The redirects keep the #main fragment, so each next page opens at the main content.
    expect(page).to_have_url(re.compile(r"/staff/login/code/#main$"))
    keyboard.press("Tab")
    expect(page.get_by_label("Код із застосунку автентифікації")).to_be_focused()
    device = TOTPDevice.objects.get(user=district_officer)
    keyboard.type(f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}")
    press_enter_and_load()

    expect(page).to_have_url(re.compile(r"/staff/persons/#main$"))
    keyboard.press("Tab")
    expect(page.get_by_label(RNOKPP_LABEL)).to_be_focused()
    assert focus_is_visible(page), "the РНОКПП field shows no focus indicator"
    keyboard.type("3113201244")
    press_enter_and_load()

    # The three searches are one form (the header's switches keep every box without JavaScript):
    # Enter presses its default button "by=enter", which searches by the box typed in.
    expect(page).to_have_url(re.compile(r"/staff/persons/\?by=enter&r-rnokpp=3113201244&[^#]*#main$"))
    # The results table's wrapper takes focus first (it scrolls sideways on a phone), then the link.
    keyboard.press("Tab")
    expect(page.locator("main .table-wrap").first).to_be_focused()
    keyboard.press("Tab")
    person_link = page.get_by_role("link", name=FULL_NAME)
    expect(person_link).to_be_focused()
    assert focus_is_visible(page), "the link to the person shows no focus indicator"
    # Backwards, the last control before the main content is “Sign out”.
    keyboard.press("Shift+Tab")
    keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Вийти")).to_be_focused()
    assert focus_is_visible(page), "the sign-out button shows no focus indicator"
    keyboard.press("Tab")
    keyboard.press("Tab")
    expect(person_link).to_be_focused()
    press_enter_and_load()

    expect(page).to_have_url(re.compile(re.escape(person_url(person)) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FULL_NAME)
    assert active_element(page)["tag"] == "body"
    # On a page opened without the fragment the skip link is again the first stop.
    skip_to_main()
    keyboard.press("Tab")
    expect(page.get_by_role("link", name=t("Back to search"))).to_be_focused()
    assert focus_is_visible(page), "the “Back to search” link shows no focus indicator"


def expect_service_error_page(page) -> None:
    """An error page inside the service: Ukrainian, with the header, a main
    landmark and the staff navigation to go on from there."""
    facts = page.evaluate("""() => ({
        lang: document.documentElement.lang,
        main: document.querySelectorAll('main').length,
        skipLink: !!document.querySelector('a.skip-link'),
        h1: (document.querySelector('h1') || {}).textContent || '',
        signOut: [...document.querySelectorAll('button')].some(b => b.textContent.trim() === 'Вийти'),
    })""")
    assert facts["lang"] == "uk", facts
    assert facts["main"] == 1 and facts["skipLink"], facts
    assert facts["h1"] and not re.search(r"[A-Za-z]{3,}", facts["h1"]), facts
    assert facts["signOut"], facts


def test_other_office_gets_not_found(page, axe, other_district_officer, person):
    sign_in(page, other_district_officer)
    response = page.goto(person_url(person))
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Петренко")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Page not found"))
    expect_service_error_page(page)
    # The officer can go on from there: the back office's navigation is still there.
    expect(page.get_by_role("navigation", name=t("Back office")).get_by_role("link", name="Знайти особу")) \
        .to_be_visible()
    axe.check(page, "not-found")

    assert page.goto(person_url(person, "history/")).status == 404
    assert page.goto(person_url(person, "edit/")).status == 404
    page.goto(f"/staff/persons/?by=rnokpp&r-rnokpp={person.rnokpp}")
    expect(results(page)).to_contain_text(t(
        "Nobody was found. Check the value you entered. If the person is not in ЦБІ yet, register them."))


def test_administrator_gets_no_access_to_persons(page, axe, administrator):
    sign_in(page, administrator)
    response = page.goto("/staff/persons/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(t("No access"))
    expect_service_error_page(page)
    axe.check(page, "forbidden")


def test_narrow_screen_does_not_scroll_sideways(officer_page, person):
    page = officer_page
    page.set_viewport_size({"width": 320, "height": 720})

    def scroll_width() -> int:
        return page.evaluate("document.documentElement.scrollWidth")

    page.goto("/staff/persons/?by=rnokpp&r-rnokpp=3113201244")
    expect(results(page).get_by_role("link", name=FULL_NAME)).to_be_visible()
    assert scroll_width() <= 320, "the search page scrolls sideways at 320 px"

    page.goto("/staff/persons/?by=rnokpp&r-rnokpp=3113201245")
    expect_error_summary(page)
    assert scroll_width() <= 320, "the search page with an error scrolls sideways at 320 px"

    page.goto(person_url(person))
    expect(page.get_by_role("heading", level=1)).to_have_text(FULL_NAME)
    assert scroll_width() <= 320, "the person's record scrolls sideways at 320 px"

    page.goto(person_url(person, "edit/"))
    expect(page.get_by_role("button", name="Зберегти")).to_be_visible()
    assert scroll_width() <= 320, "the personal data form scrolls sideways at 320 px"

