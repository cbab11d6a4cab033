"""Display settings in the header: larger text and high contrast persist from
page to page and keep the pages accessible; the language switch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import person_url, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FULL_NAME = "Петренко Олена Іванівна"


def html_classes(page) -> set[str]:
    return set((page.locator("html").get_attribute("class") or "").split())


def test_text_size_and_high_contrast_persist_across_pages(officer_page, axe, person):
    page = officer_page
    html = page.locator("html")
    expect(html).to_have_class("text-100")
    expect(page.get_by_text("Розмір тексту: 100%")).to_be_visible()
    expect(page.get_by_role("button", name="Менший текст")).to_be_disabled()

    page.get_by_role("button", name="Більший текст").click()
    expect(html).to_have_class("text-125")
    expect(page.get_by_text("Розмір тексту: 125%")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/staff/persons/$"))  # back on the same page
    font_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert font_size == 20, font_size

    contrast = page.get_by_role("button", name="Висока контрастність")
    expect(contrast).to_have_attribute("aria-pressed", "false")
    contrast.click()
    expect(html).to_have_class("text-125 high-contrast")
    expect(page.get_by_role("button", name="Висока контрастність")).to_have_attribute("aria-pressed", "true")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)", background

    # Another page, reached by a link: the settings stay.
    page.goto(f"/staff/persons/?by=rnokpp&r-rnokpp={person.rnokpp}")
    page.get_by_role("link", name=FULL_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FULL_NAME)
    assert html_classes(page) == {"text-125", "high-contrast"}
    expect(page.get_by_role("button", name="Висока контрастність")).to_have_attribute("aria-pressed", "true")
    axe.check(page, "person-detail-high-contrast-125")

    page.get_by_role("button", name="Менший текст").click()
    expect(html).to_have_class("text-100 high-contrast")
    page.get_by_role("button", name="Висока контрастність").click()
    expect(html).to_have_class("text-100")
    page.goto("/staff/persons/")
    assert html_classes(page) == {"text-100"}


@pytest.mark.parametrize("mode", ["high-contrast", "text-200"])
def test_pages_stay_accessible_in_each_display_mode(officer_page, axe, person, live_server, mode):
    page = officer_page
    page.context.add_cookies([
        {"name": "cbi_contrast", "value": "1", "url": live_server.url} if mode == "high-contrast"
        else {"name": "cbi_text", "value": "200", "url": live_server.url},
    ])
    page.goto(f"/staff/persons/?by=rnokpp&r-rnokpp={person.rnokpp}")
    assert mode in html_classes(page)
    expect(page.get_by_role("link", name=FULL_NAME)).to_be_visible()
    if mode == "text-200":
        expect(page.get_by_text("Розмір тексту: 200%")).to_be_visible()
        expect(page.get_by_role("button", name="Більший текст")).to_be_disabled()
    axe.check(page, f"search-found-{mode}")

    page.goto("/staff/persons/?by=rnokpp&r-rnokpp=3113201245")
    expect(page.get_by_role("alert")).to_be_visible()
    axe.check(page, f"search-error-{mode}")

    page.goto(person_url(person))
    expect(page.get_by_role("heading", level=1)).to_have_text(FULL_NAME)
    axe.check(page, f"person-detail-{mode}")

    page.goto(person_url(person, "addresses/new/"))
    page.get_by_role("button", name="Зберегти").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe.check(page, f"part-form-errors-{mode}")


def test_language_switch_to_english_and_back(officer_page, axe):
    page = officer_page
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person")
    expect(page.get_by_label("Taxpayer number (РНОКПП)")).to_be_visible()
    expect(page.get_by_role("button", name="Search by taxpayer number")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("button", name="Larger text")).to_be_visible()
    # The search is one GET form: the switch comes back with its (empty) boxes and searches nothing.
    expect(page).to_have_url(re.compile(r"/staff/persons/(\?.*)?$"))
    expect(page.locator("main")).not_to_contain_text("Nobody was found")
    axe.check(page, "search-english")

    # The choice is remembered on the next page.
    page.get_by_role("navigation", name="Back office").get_by_role("link", name="Register a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a person")
    expect(page.get_by_label("Surname")).to_be_visible()

    back = page.get_by_role("button", name="Українською")
    expect(back).to_have_attribute("lang", "uk")
    back.click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Зареєструвати особу")
    expect(page.get_by_label(t("surname").capitalize())).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("lang", "en")
