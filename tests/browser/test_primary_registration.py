"""EC-PRIM-1 in the browser: the public application (every page, normal and
error states, with axe), keyboard only, without JavaScript, and the officers'
review pages. The start and check-answers pages are checked in Ukrainian; the
form is filled in English (cookie django_language=en) so the labels are stable
while the Ukrainian catalogue is being completed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cbi.primary.models import PrimaryRegistration
from tests.browser.support import date_box, date_field, field, fill_date, sign_in, t
from tests.documents.files import MB, exe, jpeg, pdf, png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/primary-registration/"
KYIV_PLACE = "м. Київ, Шевченківський р-н (UA80000000001078669)"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


def english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def ukrainian(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "uk", "url": live_server.url}])


def file(name: str, content: bytes, mime: str = "application/octet-stream") -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def continue_(page):
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def expect_errors(page, *messages):
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_visible()
    for message in messages:
        expect(summary).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Error: "))
    return summary


def h1(page):
    return page.get_by_role("heading", level=1)


def fill_who(page, who="For myself"):
    expect(h1(page)).to_have_text("Who are you applying for?")
    page.get_by_label(who, exact=False).check()
    continue_(page)


def fill_person(page, *, surname="Коваль", email="maria.koval@example.com"):
    expect(h1(page)).to_have_text("The person's details")
    field(page, "Surname").fill(surname)
    field(page, "Given name").fill("Марія")
    field(page, "Patronymic").fill("Степанівна")
    fill_date(page, "Date of birth", "14.06.1990")
    page.get_by_role("radio", name="female").check()
    field(page, "Taxpayer number (РНОКПП)").fill("3456789014")
    field(page, "Mobile phone").fill("067 123 45 67")
    field(page, "E-mail").fill(email)
    continue_(page)


def fill_address(page):
    expect(h1(page)).to_have_text("Registered address")
    field(page, "Settlement").fill(KYIV_PLACE)
    field(page, "Street").fill("вул. Володимирська")
    field(page, "Building").fill("12")
    field(page, "Apartment").fill("7")
    field(page, "Postcode").fill("01034")
    continue_(page)


def fill_identity(page):
    expect(h1(page)).to_have_text("Identity document")
    page.get_by_role("radio", name="passport of a citizen of Ukraine (ID card)").check()
    field(page, "Number").fill("001234567")
    fill_date(page, "Date of issue", "11.02.2019")
    field(page, "Issued by").fill("8031")
    continue_(page)


def fill_right(page):
    expect(h1(page)).to_have_text("The document that proves the right")
    page.get_by_role("radio", name="medical and social expert commission (МСЕК)").check()
    field(page, "Conclusion number").fill("МСЕК-2025/0412")
    fill_date(page, "Date of the conclusion", "20.11.2025")
    continue_(page)


IDENTITY = "Identity document (passport, ID card or birth certificate)"
RNOKPP = "Taxpayer number card (РНОКПП)"
RIGHT = "Document that proves the right (assessment, ЛКК or ВЛК conclusion)"


def upload_documents(page):
    expect(h1(page)).to_have_text("Upload the documents")
    field(page, IDENTITY).set_input_files(file("id-card.jpg", jpeg(), "image/jpeg"))
    field(page, RNOKPP).set_input_files(file("РНОКПП.png", png(), "image/png"))
    field(page, RIGHT).set_input_files(file("висновок МСЕК.pdf", pdf(), "application/pdf"))
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_load_state()


def test_start_page_in_ukrainian(page, axe, organizations):
    page.goto(BASE)
    expect(h1(page)).to_have_text(t("Apply for primary registration in ЦБІ"))
    expect(page.get_by_role("heading", level=2, name=t("Before you start, have ready"))).to_be_visible()
    main = page.get_by_role("main")
    for text in ("РНОКПП", "ЛКК", "ВЛК", "КЕП"):
        expect(main).to_contain_text(text)
    expect(page.get_by_role("link", name=t("Start now"))).to_have_attribute("href", f"{BASE}who/")
    axe.check(page, "primary-start-uk")


def test_the_whole_journey_with_errors_on_the_way(page, axe, live_server, organizations):
    english(page, live_server)
    page.goto(BASE)
    axe.check(page, "primary-start-en")
    page.get_by_role("link", name="Start now").click()
    axe.check(page, "primary-who")
    continue_(page)  # nothing chosen
    expect_errors(page, "Choose “Who are you applying for?”.")
    axe.check(page, "primary-who-error")
    fill_who(page)

    axe.check(page, "primary-person")
    field(page, "Surname").fill("Коваль")
    field(page, "Taxpayer number (РНОКПП)").fill("3456789015")
    continue_(page)
    summary = expect_errors(page, "Fill in “Given name”.", "does not exist")
    expect(summary).to_be_focused()
    expect(field(page, "Surname")).to_have_value("Коваль")  # nothing typed is lost
    expect(field(page, "Given name")).to_have_attribute("aria-invalid", "true")
    axe.check(page, "primary-person-error")
    fill_person(page)

    axe.check(page, "primary-address")
    continue_(page)
    expect_errors(page, "Fill in “Street”.")
    axe.check(page, "primary-address-error")
    fill_address(page)

    axe.check(page, "primary-identity")
    page.get_by_role("radio", name="passport of a citizen of Ukraine (ID card)").check()
    field(page, "Number").fill("12345")
    continue_(page)
    expect_errors(page)
    axe.check(page, "primary-identity-error")
    fill_identity(page)

    axe.check(page, "primary-right")
    continue_(page)
    expect_errors(page, "Fill in “Conclusion number”.")
    axe.check(page, "primary-right-error")
    fill_right(page)

    # Uploads: the hint is shown before choosing, and the server refuses what it must.
    expect(h1(page)).to_have_text("Upload the documents")
    expect(page.get_by_role("main")).to_contain_text("PDF, JPEG, PNG or HEIC, up to 3 MB.")
    expect(field(page, IDENTITY)).to_have_attribute("accept", re.compile(r"\.pdf.*\.heic"))
    expect(field(page, IDENTITY)).to_have_attribute("data-max-bytes", "3145728")
    axe.check(page, "primary-documents")
    field(page, IDENTITY).set_input_files(file("id-card.jpg", jpeg(), "image/jpeg"))
    field(page, RNOKPP).set_input_files(file("rnokpp.pdf", exe(), "application/pdf"))
    field(page, RIGHT).set_input_files(file("висновок.pdf", pdf(int(3.1 * MB)), "application/pdf"))
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_load_state()
    summary = expect_errors(page, "not a PDF, JPEG, PNG or HEIC", "larger than 3 MB (it is 3,1 MB)")
    expect(summary).to_be_focused()
    expect(page.get_by_role("main")).to_contain_text("id-card.jpg")  # the good file was kept
    axe.check(page, "primary-documents-error")
    field(page, RNOKPP).set_input_files(file("РНОКПП.png", png(), "image/png"))
    field(page, RIGHT).set_input_files(file("висновок МСЕК.pdf", pdf(), "application/pdf"))
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_load_state()

    # Check answers: in Ukrainian.
    expect(page).to_have_url(re.compile(r"/check/$"))
    axe.check(page, "primary-check-en")
    ukrainian(page, live_server)
    page.reload()
    expect(h1(page)).to_have_text(t("Check your answers before sending the application"))
    for heading in ("The person", "Registered address", "Identity document", "The document that proves the right",
                    "Scans and photos of documents"):
        expect(page.get_by_role("heading", level=2, name=t(heading))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(rf"^Змінити\s*: {re.escape(t('The person'))}$"))).to_be_visible()
    main = page.get_by_role("main")
    for value in ("Коваль", "14.06.1990", "3456789014", "вул. Володимирська", "001234567", "МСЕК-2025/0412",
                  "висновок МСЕК.pdf"):
        expect(main).to_contain_text(value)
    axe.check(page, "primary-check-uk")

    # A change link goes to the step and back to the check page.
    english(page, live_server)
    page.get_by_role("link", name=re.compile(rf"^Змінити\s*: {re.escape(t('The person'))}$")).click()
    field(page, "Given name").fill("Марина")
    continue_(page)
    expect(page).to_have_url(re.compile(r"/check/$"))
    expect(page.get_by_role("main")).to_contain_text("Марина")

    page.get_by_role("button", name="Send the application").click()
    page.wait_for_load_state()
    panel = page.get_by_role("status").filter(has=h1(page))
    expect(h1(page)).to_have_text("Application sent")
    registration = PrimaryRegistration.objects.get()
    expect(panel).to_contain_text(registration.reference)
    expect(panel).to_be_focused()
    axe.check(page, "primary-done")


def test_representative_sees_the_representative_step(page, axe, live_server, organizations):
    english(page, live_server)
    page.goto(f"{BASE}who/")
    fill_who(page, "As a legal representative")
    expect(field(page, "E-mail")).not_to_have_attribute("aria-required", "true")
    fill_person(page, surname="Бондар", email="")
    fill_address(page)
    fill_identity(page)
    expect(h1(page)).to_have_text("The representative and the proof of authority")
    axe.check(page, "primary-representative")
    continue_(page)
    expect_errors(page, "Fill in “Your surname”.", "Choose “What proves your authority?”.")
    axe.check(page, "primary-representative-error")


def tab_to(page, locator, limit: int = 80) -> None:
    """Press Tab until the control has focus (as a keyboard user would)."""
    for _ in range(limit):
        if locator.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {locator} with Tab")


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def type_date(page, group, value: str) -> None:
    """Type a date: day, month and year, each in its own box, reached with Tab."""
    for part, text in zip(("day", "month", "year"), value.split(".")):
        type_into(page, date_box(group, part), text)
        expect(date_box(group, part)).to_have_value(text)


def press_continue(page, name="Continue"):
    tab_to(page, page.get_by_role("button", name=name))
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_keyboard_only_completion(page, live_server, organizations):
    english(page, live_server)
    page.goto(BASE)
    tab_to(page, page.get_by_role("link", name="Start now"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    tab_to(page, page.get_by_role("radio", name="For myself"))
    page.keyboard.press("Space")
    press_continue(page)

    for label, value in (("Surname", "Коваль"), ("Given name", "Марія"), ("Patronymic", "Степанівна")):
        type_into(page, field(page, label), value)
    type_date(page, date_field(page, "Date of birth"), "14.06.1990")
    tab_to(page, page.get_by_role("radio", name="female"))
    page.keyboard.press("Space")
    type_into(page, field(page, "Taxpayer number (РНОКПП)"), "3456789014")
    type_into(page, field(page, "Mobile phone"), "0671234567")
    type_into(page, field(page, "E-mail"), "maria.koval@example.com")
    press_continue(page)

    type_into(page, field(page, "Settlement"), KYIV_PLACE)
    type_into(page, field(page, "Street"), "вул. Володимирська")
    type_into(page, field(page, "Building"), "12")
    press_continue(page)

    tab_to(page, page.get_by_role("radio").first)
    page.keyboard.press("ArrowDown")  # the second choice: the ID card
    expect(page.get_by_role("radio", name="passport of a citizen of Ukraine (ID card)")).to_be_checked()
    type_into(page, field(page, "Number"), "001234567")
    press_continue(page)

    tab_to(page, page.get_by_role("radio").first)
    page.keyboard.press("Space")  # МСЕК
    type_into(page, field(page, "Conclusion number"), "МСЕК-2025/0412")
    type_date(page, date_field(page, "Date of the conclusion"), "20.11.2025")
    press_continue(page)

    # The file chooser is the operating system's; the input itself is reached with Tab.
    for label, payload in ((IDENTITY, file("id.jpg", jpeg())), (RNOKPP, file("rnokpp.png", png())),
                           (RIGHT, file("висновок.pdf", pdf()))):
        tab_to(page, field(page, label))
        field(page, label).set_input_files(payload)
    press_continue(page, "Upload and continue")
    expect(page).to_have_url(re.compile(r"/check/$"))
    press_continue(page, "Send the application")
    expect(h1(page)).to_have_text("Application sent")
    assert PrimaryRegistration.objects.get().status == "submitted"


def test_without_javascript(browser, live_server, organizations):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(BASE)
        page.get_by_role("link", name="Start now").click()
        fill_who(page)
        fill_person(page)
        fill_address(page)
        fill_identity(page)
        fill_right(page)
        # A refused upload still shows the summary without scripts.
        field(page, IDENTITY).set_input_files(file("big.jpg", jpeg(int(3.1 * MB))))
        page.get_by_role("button", name="Upload and continue").click()
        page.wait_for_load_state()
        expect_errors(page, "larger than 3 MB")
        upload_documents(page)
        page.get_by_role("button", name="Send the application").click()
        page.wait_for_load_state()
        expect(h1(page)).to_have_text("Application sent")
    finally:
        context.close()


# --- Officers ---------------------------------------------------------------------------

@pytest.fixture
def submitted(organizations, settings):
    from tests.primary.journey import submit_application

    return submit_application()[1]


def test_officer_reviews_accepts_and_returns(page, axe, district_officer, submitted, organizations):
    from tests.primary.journey import SELF_ANSWERS, submit_application

    sign_in(page, district_officer)
    page.get_by_role("link", name=t("Primary registrations")).click()
    expect(h1(page)).to_have_text(t("Applications for primary registration"))
    expect(page.get_by_role("table")).to_contain_text(submitted.reference)
    axe.check(page, "review-list")
    page.get_by_role("link", name=submitted.reference).click()
    expect(h1(page)).to_contain_text(submitted.reference)
    expect(page.get_by_role("heading", level=2, name=t("Possible duplicates in ЦБІ"))).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("висновок МСЕК.pdf")
    axe.check(page, "review-detail")

    page.get_by_role("link", name=t("Return with reasons")).click()
    expect(h1(page)).to_contain_text(submitted.reference)
    axe.check(page, "review-return")
    page.get_by_role("button", name=t("Return the application")).click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text(
        t("Write the reasons: the applicant needs them to correct the application."))
    axe.check(page, "review-return-error")
    page.get_by_role("link", name=t("Cancel")).click()

    page.get_by_role("link", name=t("Accept and enter into ЦБІ")).click()
    axe.check(page, "review-accept")
    page.get_by_role("button", name=t("Accept and enter into ЦБІ")).click()
    page.wait_for_load_state()
    expect(h1(page)).to_have_text("Коваль Марія Степанівна")
    expect(page.get_by_role("region", name=t("Scans and photos of documents"))).to_contain_text("висновок МСЕК.pdf")
    axe.check(page, "person-with-documents")

    # A second application, returned with reasons.
    second = submit_application({**SELF_ANSWERS, "person": {**SELF_ANSWERS["person"], "rnokpp": "3123456789",
                                                             "surname": "Мороз"}})[1]
    page.goto(f"{BASE}review/{second.pk}/return/")
    page.get_by_label(t("Reasons for returning")).fill("Фото ID-картки нечитабельне. Завантажте чіткіше фото.")
    page.get_by_role("button", name=t("Return the application")).click()
    page.wait_for_load_state()
    expect(page.get_by_role("main")).to_contain_text("Фото ID-картки нечитабельне")
    second.refresh_from_db()
    assert second.status == "returned"
