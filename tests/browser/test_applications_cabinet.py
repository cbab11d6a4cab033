"""Applications for assistive products in the cabinet, in the browser, with axe on every page
and error state: the person files each of the four kinds to a reference number, a mother
files for her son, and the person follows an application through a request for information,
the decision (notification, PDF letter) and the survey."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cbi.applications import services, workflow
from cbi.applications.models import ApplicationDocument, ProductApplication, Survey
from cbi.documents.models import Document
from cbi.registry.demo import make_rnokpp
from tests.applications.fixtures import CABINET_PASSWORD, PDF, advance, cabinet_user_for, decide, new_application, pdf_file
from tests.browser.support import expect_error_summary, fill_date, label_pattern, t
from tests.conftest import SHEVCHENKIVSKYI, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cabinet_sign_in(page, username: str) -> None:
    page.goto("/cabinet/login/")
    page.get_by_label(t("Login")).fill(username)
    page.get_by_label(t("Password")).fill(CABINET_PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My cabinet"))


def h1(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def named(action: str, thing: str) -> re.Pattern:
    """A button or link whose visible text is ``action`` and whose hidden text names the thing."""
    return re.compile(rf"^{re.escape(action)}\W+{re.escape(thing)}$")


def cont(page) -> None:
    page.get_by_role("button", name=t("Continue"), exact=True).click()


def refused(page, axe, label: str, *messages: str, button: str = "Continue") -> None:
    """Press the button, see the error summary with the messages, and check the error state with axe."""
    page.get_by_role("button", name=t(button), exact=True).click()
    expect_error_summary(page, *messages)
    axe.check(page, label)


def upload(page, name: str, kind: str | None = None, button: str = "Upload the file") -> None:
    if kind:
        page.get_by_label(kind, exact=True).check()
    page.get_by_label(re.compile(label_pattern(t("File with the scan or photo")) + "|" + label_pattern(t("File with the new version")))).set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name=t(button)).click()


def kind_label(kind: str) -> str:
    return str(dict(Document.Kind.choices)[kind])


def uk_kind(kind: str) -> str:
    return t(kind_label(kind)).capitalize()


def send_and_confirm(page, axe, label: str) -> ProductApplication:
    h1(page, t("Check your answers before sending the application"))
    axe.check(page, f"{label} check answers")
    page.get_by_role("button", name=t("Send the application")).click()
    h1(page, t("Application sent"))
    reference = page.locator(".code").inner_text()
    assert re.fullmatch(r"ЗР-\d{4}-\d{6}", reference)
    axe.check(page, f"{label} sent")
    application = ProductApplication.objects.get(reference=reference)
    assert application.status == workflow.SUBMITTED
    return application


@pytest.fixture
def olena(person):
    return cabinet_user_for(person, "olena.petrenko")


@pytest.fixture
def issued(person, district_officer, wheelchair):
    """A wheelchair Olena received 400 days ago: 4 years of service life, so replacement is early."""
    return services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                          issued_on=timezone.localdate() - timedelta(days=400))


def test_person_files_for_provision_with_drafts_errors_and_check_answers(page, axe, person, olena, wheelchair):
    cabinet_sign_in(page, "olena.petrenko")
    page.get_by_role("link", name=t("My applications for assistive products")).click()
    h1(page, t("My applications for assistive products"))
    expect(page.locator("main")).to_contain_text(t("You have no applications yet."))
    axe.check(page, "empty list")
    page.get_by_role("link", name=t("Start a new application")).click()
    h1(page, t("New application for an assistive product"))
    axe.check(page, "new")
    refused(page, axe, "new error", t("Choose what you want to do."))
    page.get_by_label(t("Repair a product I have")).check()
    refused(page, axe, "new repair without products", t(
        "There is no product in ЦБІ that you received and could replace or repair. If you received one earlier, "
        "ask your social protection office to record it. You can apply to get a product."))
    page.get_by_label(t("Get an assistive product")).check()
    cont(page)
    h1(page, t("Provision or compensation"))
    axe.check(page, "bought")
    refused(page, axe, "bought error", t("Choose whether you have already bought the product."))
    page.get_by_label(t("No, I want to get it from the state")).check()
    cont(page)

    h1(page, t("Which office should handle the application?"))
    office = page.get_by_label(t("Social protection office"))
    expect(office.locator("option:checked")).to_have_text(person.office.name)
    axe.check(page, "office")
    cont(page)
    h1(page, t("Which group of products do you need?"))
    axe.check(page, "group")
    # Leave and come back: the draft resumes where it stopped.
    page.goto("/cabinet/applications/")
    expect(page.get_by_role("heading", name=t("Drafts"))).to_be_visible()
    axe.check(page, "list with a draft")
    page.get_by_role("link", name=re.compile("^" + t("Continue"))).click()
    h1(page, t("Which group of products do you need?"))
    refused(page, axe, "group error", t("Choose the product group."))
    page.get_by_label(t("Product group")).select_option(label=str(wheelchair.group))
    cont(page)
    h1(page, t("Choose the product"))
    expect(page.get_by_text(wheelchair.description)).to_be_visible()
    axe.check(page, "product")
    refused(page, axe, "product error", t("Choose the product."))
    page.get_by_label(wheelchair.name).check()
    cont(page)
    h1(page, t("Tell us about your request"))
    axe.check(page, "details")
    page.get_by_label(t("What do you ask for?")).fill("Потрібне крісло для пересування вдома після операції.")
    cont(page)
    h1(page, t("Add documents"))
    axe.check(page, "documents")
    refused(page, axe, "documents error", t("Choose the file with the scan or photo of this document."), button="Upload the file")
    upload(page, "Програма реабілітації.pdf", uk_kind("rehabilitation_programme"))
    expect(page.get_by_role("status")).to_contain_text("Програма реабілітації.pdf")
    upload(page, "zaiva.pdf", uk_kind("other"))
    page.get_by_role("button", name=named(t("Remove"), "zaiva.pdf")).click()
    expect(page.get_by_role("region", name=t("Files you added"))).not_to_contain_text("zaiva.pdf")
    cont(page)

    h1(page, t("Check your answers before sending the application"))
    expect(page.locator("main")).to_contain_text("Потрібне крісло для пересування вдома після операції.")
    page.get_by_role("link", name=f"{t('Change')} {t('Your request').lower()}").click()
    page.get_by_label(t("What do you ask for?")).fill("Потрібне легке крісло для пересування вдома.")
    cont(page)
    expect(page.locator("main")).to_contain_text("Потрібне легке крісло для пересування вдома.")
    application = send_and_confirm(page, axe, "provision")
    assert application.files.get().document.original_name == "Програма реабілітації.pdf"
    page.get_by_role("link", name=t("Open the application")).click()
    h1(page, t("Application %(reference)s", reference=application.reference))
    axe.check(page, "detail submitted")
    page.get_by_role("link", name=t("Withdraw the application")).click()
    axe.check(page, "withdraw confirmation")
    page.get_by_role("link", name=t("No, keep it")).click()
    page.get_by_role("link", name=t("My applications for assistive products")).click()
    row = page.get_by_role("row", name=re.compile(application.reference))
    expect(row).to_contain_text(wheelchair.name)
    expect(row).to_contain_text(wheelchair.group.name)


def test_person_files_for_compensation_with_a_receipt(page, axe, person, olena, wheelchair):
    cabinet_sign_in(page, "olena.petrenko")
    page.goto("/cabinet/applications/new/")
    page.get_by_label(t("Get an assistive product")).check()
    cont(page)
    page.get_by_label(t("Yes, I bought it and want compensation")).check()
    cont(page)
    cont(page)  # the office chosen already
    page.get_by_label(t("Product group")).select_option(label=str(wheelchair.group))
    cont(page)
    page.get_by_label(wheelchair.name).check()
    cont(page)
    h1(page, t("About the purchase"))
    axe.check(page, "purchase")
    page.get_by_label(t("Amount paid, UAH")).fill("9200 грн 50 коп")
    fill_date(page, t("Date of purchase"), timezone.localdate() + timedelta(days=2))
    page.get_by_label(t("Seller")).fill("ФОП Гнатюк В. П.")
    refused(page, axe, "purchase errors", t("Enter the amount in hryvnias with digits, for example 9 200,50."),
            t("The date of purchase cannot be in the future."))
    page.get_by_label(t("Amount paid, UAH")).fill("9 200,50")
    fill_date(page, t("Date of purchase"), "05.01.2026")
    cont(page)
    h1(page, t("Add documents"))
    # Continue without the receipt is refused on the step itself (the file is required here) …
    refused(page, axe, "documents missing receipt", t("Add the receipt or invoice for the purchase."))
    # … and the check page, reached by its address, says the same.
    draft = ProductApplication.objects.get(kind=workflow.COMPENSATION)
    page.goto(f"/cabinet/applications/{draft.pk}/check/")
    h1(page, t("Check your answers before sending the application"))
    expect(page.locator(".panel")).to_contain_text(t("Add the receipt or invoice for the purchase."))
    refused(page, axe, "check answers missing receipt", t("Add the receipt or invoice for the purchase."),
            button="Send the application")
    page.get_by_role("alert").get_by_role("link", name=t("Add the receipt or invoice for the purchase.")).click()
    upload(page, "Чек.pdf", uk_kind("purchase_receipt"))
    cont(page)
    expect(page.locator("main")).to_contain_text("9 200,50")
    expect(page.locator("main")).to_contain_text("ФОП Гнатюк В. П.")
    application = send_and_confirm(page, axe, "compensation")
    assert str(application.purchase_amount) == "9200.50"
    assert application.files.get().document.kind == Document.Kind.PURCHASE_RECEIPT


def test_person_asks_for_an_early_replacement_with_a_reason_from_my_products(page, axe, person, olena, issued):
    cabinet_sign_in(page, "olena.petrenko")
    page.locator("main").get_by_role("link", name=t("My products")).click()
    h1(page, t("My products"))
    expect(page.locator("main")).to_contain_text(issued.replacement_possible_on.strftime("%d.%m.%Y"))
    axe.check(page, "my products")
    page.get_by_role("button", name=named(t("Apply for a replacement"), issued.product.name)).click()
    h1(page, t("Which office should handle the application?"))
    cont(page)
    h1(page, t("Which product do you want to replace?"))
    expect(page.get_by_label(issued.product.name)).to_be_checked()
    axe.check(page, "replacement product")
    cont(page)
    h1(page, t("Why the product needs replacing"))
    expect(page.locator(".panel")).to_contain_text(services.replacement_check_for(issued).reason_uk)
    axe.check(page, "replacement details")
    refused(page, axe, "replacement details errors", t("Choose the reason for the replacement."),
            t("Describe why the product needs replacing now."))
    page.get_by_label(t("the product is damaged beyond repair"), exact=False).check()
    page.get_by_label(t("Describe why the product needs replacing")).fill(
        "Після падіння тріснула рама, крісло небезпечне.")
    cont(page)
    upload(page, "Фото рами.pdf", uk_kind("product_photo"))
    cont(page)
    application = send_and_confirm(page, axe, "replacement")
    assert application.kind == workflow.REPLACEMENT and application.issued_product == issued
    assert application.replacement_reason == "damaged"


def test_person_asks_for_a_repair(page, axe, person, olena, issued):
    cabinet_sign_in(page, "olena.petrenko")
    page.goto("/cabinet/applications/new/")
    page.get_by_label(t("Repair a product I have")).check()
    cont(page)
    cont(page)
    h1(page, t("Which product needs a repair?"))
    refused(page, axe, "repair product error", t("Choose the product you have."))
    page.get_by_label(issued.product.name).check()
    cont(page)
    h1(page, t("What needs repairing"))
    refused(page, axe, "repair details error", t("Describe what is broken."))
    page.get_by_label(t("What is broken?")).fill("Не тримає гальмо лівого колеса.")
    cont(page)
    cont(page)
    application = send_and_confirm(page, axe, "repair")
    assert application.kind == workflow.REPAIR and application.request_text == "Не тримає гальмо лівого колеса."


def test_person_updates_documents_and_the_old_version_stays_visible(page, axe, person, olena, district_officer,
                                                                    wheelchair):
    filed = new_application(workflow.PROVISION, person=person, person_user=olena, product=wheelchair)
    services.add_document(actor=olena, application=filed, file=pdf_file("Програма 2025.pdf"),
                          kind=Document.Kind.REHABILITATION_PROGRAMME)
    filed = advance(filed, workflow.UNDER_REVIEW, officer=district_officer, person_user=olena)
    cabinet_sign_in(page, "olena.petrenko")
    page.goto("/cabinet/applications/new/")
    page.get_by_label(t("Update the documents of an application I already filed")).check()
    cont(page)
    h1(page, t("Which application are the documents for?"))
    axe.check(page, "update which application")
    refused(page, axe, "update which application error", t("Choose the application the documents are for."))
    page.get_by_label(re.compile(label_pattern(filed.reference))).check()
    cont(page)
    page.get_by_label(t("What do you ask for?")).fill("Оновлена індивідуальна програма реабілітації.")
    cont(page)
    h1(page, t("Add documents"))
    axe.check(page, "update documents")
    page.get_by_role("link", name=named(t("Upload a new version"), "Програма 2025.pdf")).click()
    h1(page, t("Upload a new version"))
    axe.check(page, "new version")
    refused(page, axe, "new version error", t("Choose the file with the scan or photo of this document."), button="Upload the file")
    upload(page, "Програма 2026.pdf")
    current = page.get_by_role("region", name=t("Documents of application %(reference)s", reference=filed.reference))
    expect(current).to_contain_text("Програма 2026.pdf")
    expect(current).to_contain_text("Програма 2025.pdf")
    cont(page)
    update = send_and_confirm(page, axe, "document update")
    new = ApplicationDocument.objects.get(added_with=update).document
    assert new.replaces.original_name == "Програма 2025.pdf"
    page.goto(f"/cabinet/applications/{filed.pk}/")
    files = page.get_by_role("region", name=t("Documents"))
    expect(files).to_contain_text("Програма 2026.pdf")
    expect(files).to_contain_text("Програма 2025.pdf")
    expect(files).to_contain_text(t("old version, kept"))
    axe.check(page, "detail with versions")


def test_a_mother_files_for_her_son_with_the_switcher(page, axe, person, wheelchair, organizations):
    son = make_person(organizations[SHEVCHENKIVSKYI], surname="Петренко", given_name="Марко", patronymic="Олегович",
                      date_of_birth=date(2016, 5, 4), sex="male", rnokpp=make_rnokpp(date(2016, 5, 4), 611, True))
    cabinet_user_for(person, "mama", represents=[son])
    cabinet_sign_in(page, "mama")
    page.get_by_label(t("I act for")).select_option(label="Петренко Марко Олегович")
    page.get_by_role("button", name=t("Switch")).click()
    page.get_by_role("link", name=t("Start a new application")).click()
    expect(page.locator("main")).to_contain_text("Петренко Марко Олегович")
    page.get_by_label(t("Get an assistive product")).check()
    cont(page)
    page.get_by_label(t("No, I want to get it from the state")).check()
    cont(page)
    cont(page)
    page.get_by_label(t("Product group")).select_option(label=str(wheelchair.group))
    cont(page)
    page.get_by_label(wheelchair.name).check()
    cont(page)
    page.get_by_label(t("What do you ask for?")).fill("Синові потрібне крісло для школи.")
    cont(page)
    axe.check(page, "representative documents")
    upload(page, "Свідоцтво про народження.pdf", uk_kind("authority_proof"))
    cont(page)
    application = send_and_confirm(page, axe, "representative")
    assert application.person == son
    event = application.events.get()
    assert event.on_behalf and event.by.username == "mama"
    page.get_by_role("link", name=t("Open the application")).click()
    history = page.get_by_role("region", name=t("History"))
    expect(history.get_by_role("cell", name=t("you"), exact=True)).to_be_visible()
    expect(history).not_to_contain_text("mama")
    expect(page.locator("main")).to_contain_text("Петренко Марко Олегович")


def test_person_answers_a_request_sees_the_decision_and_answers_the_survey(page, axe, person, olena,
                                                                          district_officer, wheelchair):
    application = advance(new_application(workflow.PROVISION, person=person, person_user=olena, product=wheelchair),
                          workflow.INFORMATION_REQUESTED, officer=district_officer, person_user=olena)
    cabinet_sign_in(page, "olena.petrenko")
    page.get_by_role("link", name=t("My applications for assistive products")).click()
    expect(page.get_by_role("row", name=re.compile(application.reference))).to_contain_text(
        t("your answer is needed"))
    page.get_by_role("link", name=application.reference).click()
    expect(page.locator("main")).to_contain_text("Додайте, будь ласка, рекомендацію лікаря щодо типу крісла.")
    axe.check(page, "detail information requested")
    page.get_by_role("link", name=t("Answer the office")).click()
    h1(page, t("Answer the office"))
    axe.check(page, "answer")
    refused(page, axe, "answer error", t("Write your answer or add a file before sending."), button="Send the answer to the office")
    upload(page, "Рекомендація лікаря.pdf", uk_kind("rehabilitation_programme"))
    page.get_by_label(t("Your answer to the office")).fill("Додала рекомендацію лікаря-реабілітолога.")
    page.get_by_role("button", name=t("Send the answer to the office")).click()
    expect(page.get_by_role("status")).to_contain_text(t("Your answer is sent to the office."))
    application.refresh_from_db()
    assert application.status == workflow.INFORMATION_PROVIDED

    # The office forwards it; the Fund's branch of the region decides (AP-PROC-3).

    application = decide(application, approve=True, officer=district_officer,
                          reasons="Потребу підтверджено рекомендацією лікаря.")
    page.goto("/cabinet/notifications/")
    axe.check(page, "notifications")
    page.get_by_role("link", name=re.compile(re.escape(application.reference) + ".*" + t("approved"))).first.click()
    axe.check(page, "decision notification")
    page.get_by_role("link", name=t("Open")).click()
    decision = page.get_by_role("region", name=t("Decision"))
    expect(decision).to_contain_text(application.decision_number)
    expect(decision).to_contain_text("Потребу підтверджено рекомендацією лікаря.")
    expect(page.locator("main")).not_to_contain_text(district_officer.last_name)
    expect(page.locator("main")).not_to_contain_text(application.decided_by.last_name)  # the branch's officer
    axe.check(page, "detail decided")
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Download the decision letter (PDF)")).click()
    with open(download.value.path(), "rb") as letter:
        assert letter.read(5) == b"%PDF-"

    for status in (workflow.IN_FULFILMENT, workflow.PROVIDED):
        application = services.move(actor=district_officer, application=application, to=status)
    page.reload()
    page.get_by_role("link", name=t("Tell us how it went: a short survey")).click()
    h1(page, t("How did it go?"))
    axe.check(page, "survey")
    refused(page, axe, "survey error", t("Choose a rating from 1 to 5."), button="Send the answer")
    page.get_by_label(t("4 — good")).check()
    page.get_by_label(t("Comment")).fill("Крісло зручне, але чекали довго.")
    page.get_by_role("button", name=t("Send the answer")).click()
    expect(page.get_by_role("status")).to_contain_text(t("Thank you for your answer. It helps to make the service better."))
    expect(page.get_by_role("link", name=t("Tell us how it went: a short survey"))).to_have_count(0)
    survey = Survey.objects.get(application=application)
    assert survey.rating == 4


# --- No file ever lost (issue #11) --------------------------------------------------------------

def test_a_chosen_file_is_kept_when_the_receipt_is_missing_and_can_be_replaced(page, axe, person, olena, wheelchair):
    """Compensation: the person chooses the rehabilitation programme and presses Continue without
    the receipt. The page says the receipt is missing and shows the programme by name and size;
    they add the receipt and go on without choosing the programme again; then they replace a file."""
    cabinet_sign_in(page, "olena.petrenko")
    draft = services.start_draft(actor=olena, person=person, kind=workflow.COMPENSATION, product=wheelchair,
                                 purchase_amount=Decimal("9200.50"), purchase_date=timezone.localdate() - timedelta(days=3))
    page.goto(f"/cabinet/applications/{draft.pk}/step/documents/")
    h1(page, t("Add documents"))
    page.get_by_label(uk_kind("rehabilitation_programme"), exact=True).check()
    page.get_by_label(re.compile(label_pattern(t("File with the scan or photo")))).set_input_files(
        {"name": "Програма.pdf", "mimeType": "application/pdf", "buffer": PDF})
    refused(page, axe, "documents receipt missing, programme kept", t("Add the receipt or invoice for the purchase."))
    files = page.get_by_role("region", name=t("Files you added"))
    expect(files).to_contain_text("Програма.pdf")
    expect(files).to_contain_text(re.compile(r"\d+\s*(байт|bytes|КБ|KB)"))
    expect(files.get_by_role("button", name=named(t("Replace"), "Програма.pdf"))).to_be_visible()
    expect(files.get_by_role("button", name=named(t("Remove"), "Програма.pdf"))).to_be_visible()
    assert draft.files.get().document.original_name == "Програма.pdf"
    # The receipt: the programme is not chosen again.
    page.get_by_label(uk_kind("purchase_receipt"), exact=True).check()
    page.get_by_label(re.compile(label_pattern(t("File with the scan or photo")))).set_input_files(
        {"name": "Чек-нечіткий.pdf", "mimeType": "application/pdf", "buffer": PDF})
    cont(page)
    h1(page, t("Check your answers before sending the application"))
    expect(page.locator("main")).to_contain_text("Програма.pdf")
    # Replace the blurred receipt from the documents step.
    page.goto(f"/cabinet/applications/{draft.pk}/step/documents/")
    page.get_by_role("button", name=named(t("Replace"), "Чек-нечіткий.pdf")).click()
    new_file = page.get_by_label(t("New file instead of “%(name)s”", name="Чек-нечіткий.pdf"))
    expect(new_file).to_be_visible()
    axe.check(page, "documents replacing a file")
    new_file.set_input_files({"name": "Чек.pdf", "mimeType": "application/pdf", "buffer": PDF})
    cont(page)
    h1(page, t("Check your answers before sending the application"))
    main = page.locator("main")
    expect(main).to_contain_text("Чек.pdf")
    expect(main).not_to_contain_text("Чек-нечіткий.pdf")
    kinds = sorted(draft.files.values_list("document__kind", flat=True))
    assert kinds == [Document.Kind.PURCHASE_RECEIPT, Document.Kind.REHABILITATION_PROGRAMME]
