"""Journeys: applications for assistive products in the cabinet — provision with the
keyboard alone to the confirmation, compensation with a receipt upload without
JavaScript, and checking a decision at 320 px / 200 % text / forced colours
(issue #6, item 2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cbi.applications import workflow
from cbi.applications.models import ProductApplication
from tests.applications.fixtures import CABINET_PASSWORD, PDF, advance, cabinet_user_for, new_application
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle, media_in_tmp  # noqa: F401 (fixtures)
from tests.browser.support import fill_date, label_pattern, t

STUB = "_stub" in (Path(__file__).resolve().parents[2] / "cbi/applications/cabinet_views.py").read_text(encoding="utf-8")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("clear_throttle", "media_in_tmp"),
              pytest.mark.skipif(STUB, reason="the cabinet application views are still stubs")]

USERNAME = "olena.petrenko"
REQUEST = "Потрібне крісло для пересування вдома після операції."


@pytest.fixture
def olena(person):
    return cabinet_user_for(person, USERNAME)


def main_link(page, name: str):
    return page.get_by_role("main").get_by_role("link", name=t(name), exact=True)


def press_continue(kb):
    kb.activate(kb.page.get_by_role("button", name=t("Continue"), exact=True))


@J.keyboard_colours()
def test_provision_with_the_keyboard_alone(page, olena, wheelchair, colours):
    kb = J.keyboard_only(page, forced=colours == "forced")
    J.cabinet_sign_in_by_keyboard(kb, USERNAME, CABINET_PASSWORD)
    kb.activate(main_link(page, "Start a new application"))
    press_continue(kb)  # nothing chosen: refused, the summary has focus
    J.expect_errors(page, t("Choose what you want to do."))
    kb.check(page.get_by_label(t("Get an assistive product")))
    press_continue(kb)
    kb.check(page.get_by_label(t("No, I want to get it from the state")))
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Which office should handle the application?"))
    press_continue(kb)  # the person's own office is chosen already
    group = page.get_by_label(t("Product group"))
    kb.tab_to(group)
    group.select_option(label=str(wheelchair.group))  # what typing the name into the focused list does
    press_continue(kb)
    kb.check(page.get_by_label(wheelchair.name))
    press_continue(kb)
    kb.type_into(page.get_by_label(t("What do you ask for?")), REQUEST)
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Add documents"))
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Check your answers before sending the application"))
    kb.activate(page.get_by_role("button", name=t("Send the application")))
    expect(J.h1(page)).to_have_text(t("Application sent"))
    reference = page.locator(".code").inner_text()
    assert ProductApplication.objects.get(reference=reference).status == workflow.SUBMITTED


def test_compensation_with_a_receipt_without_javascript(browser, live_server, olena, wheelchair):
    with J.no_js_context(browser, live_server.url) as page:
        J.cabinet_sign_in(page, USERNAME, CABINET_PASSWORD)
        page.goto("/cabinet/applications/new/")
        page.get_by_label(t("Get an assistive product")).check()
        page.get_by_role("button", name=t("Continue"), exact=True).click()
        page.get_by_label(t("Yes, I bought it and want compensation")).check()
        page.get_by_role("button", name=t("Continue"), exact=True).click()
        page.get_by_role("button", name=t("Continue"), exact=True).click()
        page.get_by_label(t("Product group")).select_option(label=str(wheelchair.group))
        page.get_by_role("button", name=t("Continue"), exact=True).click()
        page.get_by_label(wheelchair.name).check()
        page.get_by_role("button", name=t("Continue"), exact=True).click()
        expect(J.h1(page)).to_have_text(t("About the purchase"))
        page.get_by_role("button", name=t("Continue"), exact=True).click()
        J.expect_errors(page)  # server-side validation, no scripts
        page.get_by_label(t("Amount paid, UAH")).fill("9 200,50")
        fill_date(page, t("Date of purchase"), "05.01.2026")
        page.get_by_label(t("Seller")).fill("ФОП Гнатюк В. П.")
        page.get_by_role("button", name=t("Continue"), exact=True).click()
        expect(J.h1(page)).to_have_text(t("Add documents"))
        page.get_by_label(re.compile(label_pattern(t("File with the scan or photo")))).set_input_files(
            {"name": "Чек.pdf", "mimeType": "application/pdf", "buffer": PDF})
        page.get_by_role("button", name=t("Upload the file")).click()
        expect(page.get_by_role("main")).to_contain_text("Чек.pdf")
        page.get_by_role("button", name=t("Continue"), exact=True).click()
        expect(J.h1(page)).to_have_text(t("Check your answers before sending the application"))
        page.get_by_role("button", name=t("Send the application")).click()
        expect(J.h1(page)).to_have_text(t("Application sent"))
    application = ProductApplication.objects.get()
    assert application.kind == workflow.COMPENSATION and application.files.count() == 1


@pytest.fixture
def decided(person, olena, district_officer, wheelchair):
    return advance(new_application(workflow.PROVISION, person=person, person_user=olena, product=wheelchair),
                   workflow.APPROVED, officer=district_officer, person_user=olena)


def open_decision(page, application, check) -> None:
    J.cabinet_sign_in(page, USERNAME, CABINET_PASSWORD)
    main_link(page, "My applications for assistive products").click()
    check(page, "applications list")
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_role("region", name=t("Decision"))).to_contain_text(application.decision_number)
    check(page, "application with its decision")


@J.display_modes()
def test_checking_a_decision_reflows_and_survives_display_settings(page, decided, live_server, mode):
    J.walk_in_display_mode(page, live_server.url, mode, lambda check: open_decision(page, decided, check))


@J.keyboard_colours()
def test_checking_a_decision_with_the_keyboard_alone(page, decided, colours):
    kb = J.keyboard_only(page, forced=colours == "forced")
    J.cabinet_sign_in_by_keyboard(kb, USERNAME, CABINET_PASSWORD)
    kb.activate(main_link(page, "My applications for assistive products"))
    kb.activate(page.get_by_role("link", name=decided.reference))
    expect(page.get_by_role("region", name=t("Decision"))).to_contain_text(decided.decision_number)
    kb.tab_to(page.get_by_role("link", name=t("Download the decision letter (PDF)")))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")


def test_checking_a_decision_without_javascript(browser, live_server, decided):
    with J.no_js_context(browser, live_server.url) as page:
        open_decision(page, decided, J.no_js_check)
