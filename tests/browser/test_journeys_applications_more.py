"""Journeys: the other assistive-product applications in the cabinet (issue #6, item 2) —
an early replacement with a reason (keyboard alone in normal and forced colours, and every
page and error state at 320 px / 200 % text / forced colours), a repair (keyboard, and
without JavaScript), a document update with a new version of a file (keyboard, and without
JavaScript), answering a request for information and the survey (keyboard), and a mother
who switches to her son in the cabinet and starts an application for him (keyboard)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cbi.applications import services, workflow
from cbi.applications.models import ApplicationDocument, ProductApplication, Survey
from cbi.documents.models import Document
from cbi.registry.demo import make_rnokpp
from tests.applications.fixtures import CABINET_PASSWORD, PDF, advance, cabinet_user_for, decide, new_application, pdf_file
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle, media_in_tmp  # noqa: F401 (fixtures)
from tests.browser.support import label_pattern, t
from tests.browser.test_applications_cabinet import issued, named, uk_kind  # noqa: F401 (issued: a fixture)
from tests.browser.test_journeys_applications import STUB, USERNAME, main_link, olena, press_continue  # noqa: F401
from tests.conftest import SHEVCHENKIVSKYI, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("clear_throttle", "media_in_tmp"),
              pytest.mark.skipif(STUB, reason="the cabinet application views are still stubs")]

REPLACEMENT_WHY = "Після падіння тріснула рама, крісло небезпечне."
BROKEN = "Не тримає гальмо лівого колеса з минулого тижня."
ANSWER = "Додала рекомендацію лікаря-реабілітолога."
COMMENT = "Крісло зручне, але чекали довго."
OLD_FILE, NEW_FILE = "Програма 2025.pdf", "Програма 2026.pdf"
CHECK_ANSWERS = "Check your answers before sending the application"


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def file_input(page, label: str = "File with the scan or photo"):
    return page.get_by_label(re.compile(label_pattern(t(label))))


def continue_button(page):
    return page.get_by_role("button", name=t("Continue"), exact=True)


def upload_by_keyboard(kb, name: str, *, label: str = "File with the scan or photo") -> None:
    """The file input reached with Tab (the chooser is the system's dialog), then the button."""
    kb.choose_file(file_input(kb.page, label), pdf(name))
    kb.activate(kb.page.get_by_role("button", name=t("Upload the file")))
    expect(kb.page.get_by_role("status")).to_contain_text(name)


def send_by_keyboard(kb) -> ProductApplication:
    """Check answers → send → the confirmation with the reference number."""
    page = kb.page
    expect(J.h1(page)).to_have_text(t(CHECK_ANSWERS))
    kb.activate(page.get_by_role("button", name=t("Send the application")))
    return sent(page)


def sent(page) -> ProductApplication:
    expect(J.h1(page)).to_have_text(t("Application sent"))
    reference = page.locator(".code").inner_text()
    assert re.fullmatch(r"ЗР-\d{4}-\d{6}", reference)
    application = ProductApplication.objects.get(reference=reference)
    assert application.status == workflow.SUBMITTED
    return application


def start(kb, what: str) -> None:
    """From the cabinet's home: start a new application and choose what to do."""
    kb.activate(main_link(kb.page, "Start a new application"))
    kb.check(kb.page.get_by_label(t(what)))
    press_continue(kb)


def start_without_js(page, what: str) -> None:
    J.cabinet_sign_in(page, USERNAME, CABINET_PASSWORD)
    page.goto("/cabinet/applications/new/")
    page.get_by_label(t(what)).check()
    continue_button(page).click()


# --- 1. An early replacement with a reason ------------------------------------------------------

def replacement_reason(page):
    return page.get_by_label(t("the product is damaged beyond repair"), exact=False)


@J.keyboard_colours()
def test_early_replacement_with_the_keyboard_alone(page, olena, issued, colours):
    kb = J.keyboard_only(page, forced=colours == "forced")
    J.cabinet_sign_in_by_keyboard(kb, USERNAME, CABINET_PASSWORD)
    kb.activate(main_link(page, "My products"))
    kb.activate(page.get_by_role("button", name=named(t("Apply for a replacement"), issued.product.name)))
    expect(J.h1(page)).to_have_text(t("Which office should handle the application?"))
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Which product do you want to replace?"))
    expect(page.get_by_label(issued.product.name)).to_be_checked()  # the product chosen on "My products"
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Why the product needs replacing"))
    # Replacement is early: a reason and a description are required.
    expect(page.get_by_role("main")).to_contain_text(services.replacement_check_for(issued).reason_uk)
    press_continue(kb)
    J.expect_errors(page, t("Choose the reason for the replacement."),
                    t("Describe why the product needs replacing now."))
    kb.check(replacement_reason(page))
    kb.type_into(page.get_by_label(t("Describe why the product needs replacing")), REPLACEMENT_WHY)
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Add documents"))
    expect(page.get_by_label(uk_kind(Document.Kind.PRODUCT_PHOTO), exact=True)).to_be_checked()
    upload_by_keyboard(kb, "Фото рами.pdf")
    kb.activate(continue_button(page))
    expect(page.get_by_role("main")).to_contain_text(REPLACEMENT_WHY)
    application = send_by_keyboard(kb)
    assert application.kind == workflow.REPLACEMENT and application.issued_product == issued
    assert application.replacement_reason == "damaged"
    assert application.files.get().document.original_name == "Фото рами.pdf"


def replacement_walk(page, issued, check) -> None:
    """The replacement with the mouse: ``check`` on every page and error state."""
    J.cabinet_sign_in(page, USERNAME, CABINET_PASSWORD)
    check(page, "cabinet home")
    main_link(page, "My products").click()
    check(page, "my products")
    page.get_by_role("button", name=named(t("Apply for a replacement"), issued.product.name)).click()
    expect(J.h1(page)).to_have_text(t("Which office should handle the application?"))
    check(page, "replacement office")
    continue_button(page).click()
    expect(J.h1(page)).to_have_text(t("Which product do you want to replace?"))
    check(page, "replacement product")
    continue_button(page).click()
    expect(J.h1(page)).to_have_text(t("Why the product needs replacing"))
    check(page, "replacement details")
    continue_button(page).click()
    J.expect_errors(page, t("Choose the reason for the replacement."))
    check(page, "replacement details errors")
    replacement_reason(page).check()
    page.get_by_label(t("Describe why the product needs replacing")).fill(REPLACEMENT_WHY)
    continue_button(page).click()
    expect(J.h1(page)).to_have_text(t("Add documents"))
    check(page, "replacement documents")
    page.get_by_role("button", name=t("Upload the file")).click()
    J.expect_errors(page, t("Choose the file with the scan or photo of this document."))
    check(page, "replacement documents error")
    file_input(page).set_input_files(pdf("Фото рами.pdf"))
    page.get_by_role("button", name=t("Upload the file")).click()
    expect(page.get_by_role("status")).to_contain_text("Фото рами.pdf")
    check(page, "replacement documents with a file")
    continue_button(page).click()
    expect(J.h1(page)).to_have_text(t(CHECK_ANSWERS))
    check(page, "replacement check answers")
    page.get_by_role("button", name=t("Send the application")).click()
    application = sent(page)
    check(page, "replacement sent")
    page.get_by_role("link", name=t("Open the application")).click()
    expect(J.h1(page)).to_have_text(t("Application %(reference)s", reference=application.reference))
    check(page, "replacement application")


@J.display_modes()
def test_early_replacement_reflows_and_survives_display_settings(page, olena, issued, live_server, axe, mode):
    # axe runs on every page in normal display in test_applications_cabinet.py; here, once more
    # with the site's own text at 200 % at 320 px (the mode that changes the layout most).
    J.walk_in_display_mode(page, live_server.url, mode, lambda check: replacement_walk(page, issued, check),
                           axe if mode == "320px-text-200-site-switch" else None)


# --- 2. A repair --------------------------------------------------------------------------------

def test_repair_with_the_keyboard_alone(page, olena, issued):
    kb = J.keyboard_only(page)
    J.cabinet_sign_in_by_keyboard(kb, USERNAME, CABINET_PASSWORD)
    start(kb, "Repair a product I have")
    expect(J.h1(page)).to_have_text(t("Which office should handle the application?"))
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Which product needs a repair?"))
    press_continue(kb)
    J.expect_errors(page, t("Choose the product you have."))
    kb.check(page.get_by_label(issued.product.name))
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("What needs repairing"))
    press_continue(kb)
    J.expect_errors(page, t("Describe what is broken."))
    kb.type_into(page.get_by_label(t("What is broken?")), BROKEN)
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Add documents"))
    kb.activate(continue_button(page))
    application = send_by_keyboard(kb)
    assert application.kind == workflow.REPAIR and application.issued_product == issued
    assert application.request_text == BROKEN


def test_repair_without_javascript(browser, live_server, olena, issued):
    with J.no_js_context(browser, live_server.url) as page:
        start_without_js(page, "Repair a product I have")
        continue_button(page).click()  # the person's own office
        page.get_by_label(issued.product.name).check()
        continue_button(page).click()
        expect(J.h1(page)).to_have_text(t("What needs repairing"))
        J.no_js_check(page)
        continue_button(page).click()
        J.expect_errors(page, t("Describe what is broken."))  # from the server: no scripts run
        page.get_by_label(t("What is broken?")).fill(BROKEN)
        continue_button(page).click()
        expect(J.h1(page)).to_have_text(t("Add documents"))
        continue_button(page).click()
        expect(J.h1(page)).to_have_text(t(CHECK_ANSWERS))
        page.get_by_role("button", name=t("Send the application")).click()
        application = sent(page)
    assert application.kind == workflow.REPAIR and application.request_text == BROKEN


# --- 3. A document update: a new version of a file, the old one kept ---------------------------

@pytest.fixture
def under_review(person, olena, district_officer, wheelchair):
    """Olena's provision application with her 2025 rehabilitation programme, under review."""
    filed = new_application(workflow.PROVISION, person=person, person_user=olena, product=wheelchair)
    services.add_document(actor=olena, application=filed, file=pdf_file(OLD_FILE),
                          kind=Document.Kind.REHABILITATION_PROGRAMME)
    return advance(filed, workflow.UNDER_REVIEW, officer=district_officer, person_user=olena)


def expect_both_versions(page) -> None:
    files = page.get_by_role("region", name=t("Documents"), exact=True)
    expect(files).to_contain_text(NEW_FILE)
    expect(files.get_by_role("listitem").filter(has_text=OLD_FILE).last).to_contain_text(t("old version, kept"))


def expect_update_recorded(under_review) -> None:
    update = ProductApplication.objects.get(kind=workflow.DOCUMENT_UPDATE)
    assert update.status == workflow.SUBMITTED and update.related_application == under_review
    new = ApplicationDocument.objects.get(added_with=update)
    assert new.application == under_review
    assert new.document.original_name == NEW_FILE and new.document.replaces.original_name == OLD_FILE


def test_document_update_with_the_keyboard_alone(page, olena, under_review):
    kb = J.keyboard_only(page)
    J.cabinet_sign_in_by_keyboard(kb, USERNAME, CABINET_PASSWORD)
    start(kb, "Update the documents of an application I already filed")
    expect(J.h1(page)).to_have_text(t("Which application are the documents for?"))
    kb.check(page.get_by_label(re.compile(label_pattern(under_review.reference))))
    press_continue(kb)
    kb.type_into(page.get_by_label(t("What do you ask for?")), "Оновлена індивідуальна програма реабілітації.")
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Add documents"))
    kb.activate(page.get_by_role("link", name=named(t("Upload a new version"), OLD_FILE)))
    expect(J.h1(page)).to_have_text(t("Upload a new version"))
    upload_by_keyboard(kb, NEW_FILE, label="File with the new version")
    current = page.get_by_role("region", name=t("Documents of application %(reference)s",
                                                reference=under_review.reference))
    expect(current).to_contain_text(NEW_FILE)
    expect(current).to_contain_text(OLD_FILE)
    kb.activate(continue_button(page))
    expect(page.get_by_role("main")).to_contain_text(NEW_FILE)
    update = send_by_keyboard(kb)
    kb.activate(page.get_by_role("link", name=t("Open the application")))
    expect(J.h1(page)).to_have_text(t("Application %(reference)s", reference=update.reference))
    kb.activate(page.get_by_role("link", name=under_review.reference, exact=True))
    expect(J.h1(page)).to_have_text(t("Application %(reference)s", reference=under_review.reference))
    expect_both_versions(page)
    expect_update_recorded(under_review)


def test_document_update_without_javascript(browser, live_server, olena, under_review):
    with J.no_js_context(browser, live_server.url) as page:
        start_without_js(page, "Update the documents of an application I already filed")
        page.get_by_label(re.compile(label_pattern(under_review.reference))).check()
        continue_button(page).click()
        continue_button(page).click()  # the request text is optional
        expect(J.h1(page)).to_have_text(t("Add documents"))
        page.get_by_role("link", name=named(t("Upload a new version"), OLD_FILE)).click()
        J.no_js_check(page)
        page.get_by_role("button", name=t("Upload the file")).click()
        J.expect_errors(page, t("Choose the file with the scan or photo of this document."))
        file_input(page, "File with the new version").set_input_files(pdf(NEW_FILE))
        page.get_by_role("button", name=t("Upload the file")).click()
        expect(page.get_by_role("status")).to_contain_text(NEW_FILE)
        continue_button(page).click()
        page.get_by_role("button", name=t("Send the application")).click()
        sent(page)
        page.goto(f"/cabinet/applications/{under_review.pk}/")
        expect_both_versions(page)
    expect_update_recorded(under_review)


# --- 4. Answering a request for information, and the survey ------------------------------------

def test_answering_the_office_and_the_survey_with_the_keyboard_alone(page, person, olena, district_officer,
                                                                     wheelchair):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=olena, product=wheelchair),
                          workflow.INFORMATION_REQUESTED, officer=district_officer, person_user=olena)
    kb = J.keyboard_only(page)
    J.cabinet_sign_in_by_keyboard(kb, USERNAME, CABINET_PASSWORD)
    kb.activate(main_link(page, "My applications for assistive products"))
    kb.activate(page.get_by_role("link", name=application.reference))
    kb.activate(page.get_by_role("link", name=t("Answer the office")))
    expect(J.h1(page)).to_have_text(t("Answer the office"))
    send = page.get_by_role("button", name=t("Send the answer to the office"))
    kb.activate(send)
    J.expect_errors(page, t("Write your answer or add a file before sending."))
    expect(page.get_by_label(uk_kind(Document.Kind.REHABILITATION_PROGRAMME), exact=True)).to_be_checked()
    upload_by_keyboard(kb, "Рекомендація лікаря.pdf")
    kb.type_into(page.get_by_label(t("Your answer to the office")), ANSWER)
    kb.activate(send)
    expect(page.get_by_role("status")).to_contain_text(t("Your answer is sent to the office."))
    application.refresh_from_db()
    assert application.status == workflow.INFORMATION_PROVIDED
    assert application.events.last().reason == ANSWER
    assert application.files.get().document.original_name == "Рекомендація лікаря.pdf"

    # The office forwards it and the Fund's branch approves (AP-PROC-3); the office hands the product
    # over; the survey opens.
    application = decide(application, approve=True, officer=district_officer,
                         reasons="Потребу підтверджено рекомендацією лікаря.")
    for status in (workflow.IN_FULFILMENT, workflow.PROVIDED):
        application = services.move(actor=district_officer, application=application, to=status)
    page.reload()
    kb.activate(page.get_by_role("link", name=t("Tell us how it went: a short survey")))
    expect(J.h1(page)).to_have_text(t("How did it go?"))
    rating = page.get_by_role("group", name=t("How would you rate the provision and the service?"))
    expect(rating.get_by_role("radio")).to_have_count(5)  # the radios are one fieldset with its legend
    send = page.get_by_role("button", name=t("Send the answer"))
    kb.activate(send)
    J.expect_errors(page, t("Choose a rating from 1 to 5."))
    kb.check(page.get_by_label(t("4 — good")))  # Tab into the group, then the arrow keys
    expect(page.get_by_label(t("2 — bad"))).not_to_be_checked()
    kb.type_into(page.get_by_label(t("Comment")), COMMENT)
    kb.activate(send)
    expect(page.get_by_role("status")).to_contain_text(
        t("Thank you for your answer. It helps to make the service better."))
    survey = Survey.objects.get(application=application)
    assert (survey.rating, survey.comment) == (4, COMMENT)


# --- 5. A mother files for her son ---------------------------------------------------------------

def choose_option(kb, select, text: str) -> None:
    """A closed drop-down list: Tab to it, Home, then the down arrow until ``text`` is chosen."""
    kb.tab_to(select)
    kb.page.keyboard.press("Home")
    for _ in range(select.locator("option").count()):
        if select.evaluate("e => e.options[e.selectedIndex].text") == text:
            break
        kb.page.keyboard.press("ArrowDown")
    expect(select.locator("option:checked")).to_have_text(text)


def test_a_mother_switches_to_her_son_and_starts_an_application_with_the_keyboard_alone(page, person, organizations,
                                                                                       wheelchair):
    son = make_person(organizations[SHEVCHENKIVSKYI], surname="Петренко", given_name="Марко", patronymic="Олегович",
                      date_of_birth=date(2016, 5, 4), sex="male", rnokpp=make_rnokpp(date(2016, 5, 4), 611, True))
    cabinet_user_for(person, "mama", represents=[son])
    kb = J.keyboard_only(page)
    J.cabinet_sign_in_by_keyboard(kb, "mama", CABINET_PASSWORD)
    switcher = page.get_by_label(t("I act for"))
    expect(switcher.locator("option:checked")).to_have_text(person.full_name)
    choose_option(kb, switcher, son.full_name)
    kb.activate(page.get_by_role("button", name=t("Switch")))
    expect(J.h1(page)).to_have_text(t("My cabinet"))
    expect(page.get_by_role("region", name=t("Data in ЦБІ"))).to_contain_text(son.full_name)

    start(kb, "Get an assistive product")
    expect(page.get_by_role("main")).to_contain_text(son.full_name)
    kb.check(page.get_by_label(t("No, I want to get it from the state")))
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Which office should handle the application?"))
    expect(page.get_by_role("main")).to_contain_text(son.full_name)
    press_continue(kb)
    choose_option(kb, page.get_by_label(t("Product group")), str(wheelchair.group))
    press_continue(kb)
    expect(J.h1(page)).to_have_text(t("Choose the product"))
    expect(page.get_by_role("main")).to_contain_text(son.full_name)
    draft = ProductApplication.objects.get()
    assert draft.person == son and draft.status == workflow.DRAFT and draft.draft_step == "product"
    assert draft.created_by.username == "mama"
