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
from tests.browser.support import date_box, date_field, expect_error_summary, expect_field_error, field, fill_date, sign_in, t
from tests.documents.files import MB, exe, jpeg, pdf, png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/primary-registration/"
# Typed as a person types it: the name, no КАТОТТГ code (the server finds the one place).
KYIV_PLACE = "Шевченківський район, м. Київ"


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
    page.get_by_role("button", name="Continue", exact=True).click()
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
    page.get_by_role("button", name="Continue", exact=True).click()
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
    page.get_by_role("button", name="Continue", exact=True).click()
    page.wait_for_load_state()
    summary = expect_errors(page, "not a PDF, JPEG, PNG or HEIC", "larger than 3 MB (it is 3,1 MB)")
    expect(summary).to_be_focused()
    expect(page.get_by_role("main")).to_contain_text("id-card.jpg")  # the good file was kept
    axe.check(page, "primary-documents-error")
    field(page, RNOKPP).set_input_files(file("РНОКПП.png", png(), "image/png"))
    field(page, RIGHT).set_input_files(file("висновок МСЕК.pdf", pdf(), "application/pdf"))
    page.get_by_role("button", name="Continue", exact=True).click()
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


def arrow_to(page, radio) -> None:
    """Tab into a radio group, then arrows down to the radio button (it is checked on the way)."""
    tab_to(page, page.get_by_role("radio").first)
    for _ in range(8):
        if radio.evaluate("e => e === document.activeElement"):
            break
        page.keyboard.press("ArrowDown")
    expect(radio).to_be_checked()


def press_continue(page, name="Continue", exact=True):
    tab_to(page, page.get_by_role("button", name=name, exact=exact))
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

    # Alphabetical order: birth certificate, passport (booklet), passport (ID card), other last.
    arrow_to(page, page.get_by_role("radio", name="passport of a citizen of Ukraine (ID card)"))
    type_into(page, field(page, "Number"), "001234567")
    press_continue(page)

    # The kinds are in alphabetical order: expert team, ЛКК, МСЕК, ВЛК (in English).
    arrow_to(page, page.get_by_role("radio", name="medical and social expert commission (МСЕК)"))
    type_into(page, field(page, "Conclusion number"), "МСЕК-2025/0412")
    type_date(page, date_field(page, "Date of the conclusion"), "20.11.2025")
    press_continue(page)

    # The file chooser is the operating system's; the input itself is reached with Tab.
    for label, payload in ((IDENTITY, file("id.jpg", jpeg())), (RNOKPP, file("rnokpp.png", png())),
                           (RIGHT, file("висновок.pdf", pdf()))):
        tab_to(page, field(page, label))
        field(page, label).set_input_files(payload)
    press_continue(page, "Continue")
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
        page.get_by_role("button", name="Continue", exact=True).click()
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


# --- No file ever lost, save and return (issue #11) ----------------------------------------------

def to_documents(page, live_server):
    english(page, live_server)
    page.goto(f"{BASE}who/")
    fill_who(page)
    fill_person(page)
    fill_address(page)
    fill_identity(page)
    fill_right(page)
    expect(h1(page)).to_have_text("Upload the documents")


def stored(page, label: str):
    """The block of a document already uploaded: its label, name and size, Replace and Remove."""
    return page.locator(".stored-file").filter(has_text=label)


def test_a_chosen_scan_is_kept_when_another_is_missing_then_replaced(page, axe, live_server, organizations):
    to_documents(page, live_server)
    field(page, IDENTITY).set_input_files(file("id-card.jpg", jpeg(150_000), "image/jpeg"))
    continue_(page)  # the other two documents are missing
    summary = expect_errors(page, "Choose the file with the scan or photo of this document.")
    expect(summary).to_be_focused()
    block = stored(page, IDENTITY)
    expect(block).to_contain_text("id-card.jpg")
    expect(block).to_contain_text("146.5\u00a0KB")  # name and size
    expect(block.get_by_role("button", name=re.compile(r"^Replace\W+id-card\.jpg$"))).to_be_visible()
    expect(block.get_by_role("button", name=re.compile(r"^Remove\W+id-card\.jpg$"))).to_be_visible()
    expect(page.locator('input[type="file"][name="identity"]')).to_have_count(0)  # not asked again
    axe.check(page, "primary-documents-file-kept")
    # Replace the identity scan: the input comes back, saying what it replaces.
    block.get_by_role("button", name=re.compile(r"^Replace")).click()
    page.wait_for_load_state()
    expect(field(page, IDENTITY)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("The new file replaces “id-card.jpg”")
    axe.check(page, "primary-documents-replacing")
    field(page, IDENTITY).set_input_files(file("id-card-clear.pdf", pdf(), "application/pdf"))
    field(page, RNOKPP).set_input_files(file("РНОКПП.png", png(), "image/png"))
    field(page, RIGHT).set_input_files(file("висновок МСЕК.pdf", pdf(), "application/pdf"))
    continue_(page)
    expect(page).to_have_url(re.compile(r"/check/(#id_identity)?$"))  # the browser keeps the fragment
    main = page.get_by_role("main")
    expect(main).to_contain_text("id-card-clear.pdf")
    expect(main).not_to_contain_text("id-card.jpg")
    registration = PrimaryRegistration.objects.get()
    assert registration.documents.count() == 3


def test_remove_a_wrong_scan_without_javascript(browser, live_server, organizations):
    from tests.browser.journeys import no_js_context

    with no_js_context(browser, live_server.url) as page:
        to_documents(page, live_server)
        field(page, IDENTITY).set_input_files(file("wrong.jpg", jpeg(), "image/jpeg"))
        field(page, RNOKPP).set_input_files(file("rnokpp.exe", exe(), "application/pdf"))
        continue_(page)
        expect_errors(page, "not a PDF, JPEG, PNG or HEIC")
        stored(page, IDENTITY).get_by_role("button", name=re.compile(r"^Remove")).click()
        page.wait_for_load_state()
        expect(page.get_by_role("main")).to_contain_text("The file “wrong.jpg” is removed.")
        expect(field(page, IDENTITY)).to_be_visible()
    assert not PrimaryRegistration.objects.get().documents.exists()


def test_save_close_the_browser_and_continue_with_the_code(browser, page, axe, live_server, organizations):
    english(page, live_server)
    page.goto(f"{BASE}who/")
    fill_who(page)
    fill_person(page)
    expect(h1(page)).to_have_text("Registered address")
    field(page, "Settlement").fill(KYIV_PLACE)
    field(page, "Street").fill("вул. Володимирська")
    field(page, "Building").fill("12")
    page.get_by_role("button", name="Save and continue later").click()
    page.wait_for_load_state()
    expect(h1(page)).to_have_text("Your application is saved")
    code = page.locator("[data-return-code]").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    expect(page.get_by_role("main")).to_contain_text("maria.koval@example.com")
    axe.check(page, "primary-saved")
    page.context.close()  # the browser is closed: the session is gone

    context = browser.new_context(base_url=live_server.url, locale="uk-UA", viewport={"width": 1280, "height": 900})
    try:
        other = context.new_page()
        other.set_default_timeout(10_000)
        english(other, live_server)
        other.goto(BASE)
        other.get_by_role("link", name="Continue a saved application").click()
        expect(h1(other)).to_have_text("Continue a saved application")
        axe.check(other, "primary-resume")
        field(other, "Return code").fill(code.lower().replace("-", ""))
        fill_date(other, "Date of birth of the person the application is for", "1991-06-14")
        continue_button = other.get_by_role("button", name="Continue the application")
        continue_button.click()
        other.wait_for_load_state()
        expect_errors(other, "The code or the date of birth is not right.")
        axe.check(other, "primary-resume-error")
        fill_date(other, "Date of birth of the person the application is for", "1990-06-14")
        continue_button.click()
        other.wait_for_load_state()
        expect(h1(other)).to_have_text("Identity document")  # where the person stopped
        fill_identity(other)
        fill_right(other)
        upload_documents(other)
        expect(other).to_have_url(re.compile(r"/check/$"))
        other.get_by_role("button", name="Send the application").click()
        other.wait_for_load_state()
        expect(h1(other)).to_have_text("Application sent")
        assert PrimaryRegistration.objects.get().status == "submitted"
    finally:
        context.close()


# --- Issue #11: a parent types "київ", picks the district by keyboard, registers a child ------

SHEVCHENKIVSKYI_LABEL = "Шевченківський район, м. Київ"
SHEVCHENKIVSKYI_CODE = "UA80000000001078669"
AUTHORITY = "Proof of the representative's authority"


def days_ago(days: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localdate() - timedelta(days=days)).isoformat()


def seven_years_ago() -> str:
    return days_ago(7 * 365 + 40)


def ua_continue(page):
    page.get_by_role("button", name=t("Continue"), exact=True).click()
    page.wait_for_load_state()


def child_details(page):
    expect(h1(page)).to_have_text(t("The person's details"))
    field(page, t("Surname")).fill("Бондар")
    field(page, t("Given name")).fill("Остап")
    field(page, t("Patronymic")).fill("Андрійович")
    fill_date(page, t("Date of birth"), seven_years_ago())
    page.get_by_role("radio", name=t("male"), exact=True).check()
    field(page, t("Birth certificate series (a child without a taxpayer number)")).fill("I-КВ")
    field(page, t("Birth certificate number")).fill("123456")
    field(page, t("Mobile phone")).fill("050 111 22 33")


def parent_and_right_and_scans(page, check):
    expect(h1(page)).to_have_text(t("The representative and the proof of authority"))
    check(page, "representative")
    page.get_by_role("radio", name=t("parent"), exact=True).check()
    field(page, t("Your surname")).fill("Бондар")
    field(page, t("Your given name")).fill("Андрій")
    field(page, t("Your mobile phone")).fill("050 111 22 33")
    field(page, t("Your e-mail")).fill("andrii.bondar@example.com")
    page.get_by_role("radio", name=t("child's birth certificate"), exact=True).check()
    field(page, t("Number of the document")).fill("І-КВ 123456")
    fill_date(page, t("Date of the proof of authority"), seven_years_ago())
    ua_continue(page)
    expect(h1(page)).to_have_text(t("The document that proves the right"))
    page.get_by_role("radio", name=t("medical advisory commission (ЛКК)"), exact=True).check()
    field(page, t("Conclusion number")).fill("ЛКК-118")
    fill_date(page, t("Date of the conclusion"), days_ago(60))
    ua_continue(page)
    expect(h1(page)).to_have_text(t("Upload the documents"))
    check(page, "documents (no РНОКПП card for the child)")
    expect(field(page, t(RNOKPP))).to_have_count(0)
    field(page, t(IDENTITY)).set_input_files(file("свідоцтво.jpg", jpeg(), "image/jpeg"))
    field(page, t(RIGHT)).set_input_files(file("ЛКК.pdf", pdf(), "application/pdf"))
    field(page, t(AUTHORITY)).set_input_files(file("свідоцтво-батька.pdf", pdf(), "application/pdf"))
    page.get_by_role("button", name=t("Continue"), exact=True).click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/check/$"))
    main = page.get_by_role("main")
    expect(main).to_contain_text(SHEVCHENKIVSKYI_LABEL)
    expect(main).to_contain_text("І-КВ")
    check(page, "check answers")
    page.get_by_role("button", name=t("Send the application")).click()
    page.wait_for_load_state()
    expect(h1(page)).to_have_text(t("Application sent"))
    registration = PrimaryRegistration.objects.get()
    expect(page.get_by_role("status").filter(has=h1(page))).to_contain_text(registration.reference)
    check(page, "sent")
    assert registration.territory_id == SHEVCHENKIVSKYI_CODE
    assert registration.office.code == "spo-ua80000000001078669"
    assert registration.uses_birth_certificate and registration.birth_certificate == "І-КВ 123456"
    assert registration.rnokpp == "" and not registration.rnokpp_refused
    return registration


def test_a_parent_types_kyiv_picks_the_district_by_keyboard_and_registers_a_child(page, axe, organizations):
    page.goto(f"{BASE}who/")
    page.get_by_role("radio", name=t("As a legal representative (parent, guardian, custodian)")).check()
    ua_continue(page)
    axe.check(page, "child-person")
    # A wrong certificate: the message says what the right one looks like.
    child_details(page)
    field(page, t("Birth certificate series (a child without a taxpayer number)")).fill("КВ")
    field(page, t("Birth certificate number")).fill("12345")
    ua_continue(page)
    summary = expect_error_summary(page, t("The series of a birth certificate is a Roman numeral from I to V, "
                                           "a hyphen and two Ukrainian capital letters, for example I-КВ."),
                                   t("The number of a birth certificate has exactly 6 digits, for example 123456."))
    expect(summary).to_be_visible()
    axe.check(page, "child-person-certificate-error")
    child_details(page)
    ua_continue(page)

    # The address: "київ" typed, the district picked from the combobox with the keyboard.
    expect(h1(page)).to_have_text(t("Registered address"))
    settlement = page.get_by_role("combobox", name=t("Settlement"))
    expect(settlement).to_have_attribute("aria-expanded", "false")
    axe.check(page, "child-address")
    settlement.focus()
    page.keyboard.type("київ", delay=30)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(settlement).to_have_attribute("aria-expanded", "true")
    expect(settlement).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    expect(page.get_by_role("option", name="м. Київ", exact=True)).to_be_visible()
    status = page.locator(f"#{settlement.get_attribute('id')}_status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text(re.compile(r"\d+"))  # how many places match, said politely
    axe.check(page, "child-address-combobox-open")
    page.keyboard.press("Escape")  # closes the list without picking
    expect(listbox).to_be_hidden()
    expect(settlement).to_have_attribute("aria-expanded", "false")
    expect(settlement).to_have_value("київ")
    target = page.get_by_role("option", name=SHEVCHENKIVSKYI_LABEL, exact=True)
    for _ in range(20):
        page.keyboard.press("ArrowDown")
        if target.get_attribute("aria-selected") == "true":
            break
    expect(target).to_have_attribute("aria-selected", "true")
    expect(settlement).to_have_attribute("aria-activedescendant", target.get_attribute("id"))
    page.keyboard.press("Enter")  # picks; does not send the form
    expect(settlement).to_have_value(SHEVCHENKIVSKYI_LABEL)
    expect(settlement).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    expect(page.locator("input[name=territory_choice]")).to_have_value(SHEVCHENKIVSKYI_CODE)
    expect(h1(page)).to_have_text(t("Registered address"))
    page.keyboard.press("Tab")
    expect(field(page, t("Street"))).to_be_focused()
    page.keyboard.type("вул. Саксаганського")
    page.keyboard.press("Tab")
    page.keyboard.type("41")
    ua_continue(page)
    parent_and_right_and_scans(page, axe.check)


def test_a_parent_without_javascript_chooses_kyivs_district_on_the_match_page(browser, live_server, axe,
                                                                            organizations):
    from tests.browser import journeys as J

    def check(page, label):
        J.no_js_check(page, label)

    with J.no_js_context(browser, live_server.url) as page:
        page.goto(f"{BASE}who/")
        page.get_by_role("radio", name=t("As a legal representative (parent, guardian, custodian)")).check()
        ua_continue(page)
        child_details(page)
        ua_continue(page)
        expect(h1(page)).to_have_text(t("Registered address"))
        field(page, t("Settlement")).fill("Кийівщинаа")
        field(page, t("Street")).fill("вул. Саксаганського")
        field(page, t("Building")).fill("41")
        ua_continue(page)
        # Nothing found: a clear message, and nothing typed is lost.
        J.expect_errors(page, "Кийівщинаа")
        expect(field(page, t("Street"))).to_have_value("вул. Саксаганського")
        field(page, t("Settlement")).fill("київ")
        ua_continue(page)
        # The match page: the same step, the typed name kept, the places as radio buttons.
        J.expect_errors(page, "київ")  # many places match "київ": choose yours below
        expect(field(page, t("Settlement"))).to_have_value("київ")
        choices = page.get_by_role("group", name=t("Which place do you mean?"))
        expect(choices.get_by_role("radio").first).to_have_accessible_name("м. Київ")
        choices.get_by_role("radio", name=SHEVCHENKIVSKYI_LABEL, exact=True).check()
        expect(field(page, t("Street"))).to_have_value("вул. Саксаганського")
        ua_continue(page)
        parent_and_right_and_scans(page, check)


def test_a_name_that_matches_nothing_and_the_match_page_pass_axe(page, axe, organizations):
    """The states the no-JavaScript test sees, opened with scripts on for axe."""
    page.goto(f"{BASE}who/")
    page.get_by_role("radio", name=t("For myself")).check()
    ua_continue(page)
    field(page, t("Surname")).fill("Коваль")
    field(page, t("Given name")).fill("Марія")
    fill_date(page, t("Date of birth"), "1990-06-14")
    page.get_by_role("radio", name=t("female"), exact=True).check()
    field(page, t("Taxpayer number (РНОКПП)")).fill("3456789014")
    field(page, t("Mobile phone")).fill("067 123 45 67")
    field(page, t("E-mail")).fill("maria.koval@example.com")
    ua_continue(page)
    field(page, t("Settlement")).fill("Кийівщинаа")
    field(page, t("Street")).fill("вул. Володимирська")
    field(page, t("Building")).fill("12")
    ua_continue(page)
    expect_error_summary(page, "Кийівщинаа")
    expect_field_error(field(page, t("Settlement")), "Кийівщинаа")
    axe.check(page, "address-nothing-found")
    field(page, t("Settlement")).fill("київ")
    ua_continue(page)
    expect(page.get_by_role("group", name=t("Which place do you mean?"))).to_be_visible()
    axe.check(page, "address-match-page")
    # With scripts, the combobox on the match page ticks the place picked there.
    settlement = page.get_by_role("combobox", name=t("Settlement"))
    settlement.fill("")
    settlement.focus()
    page.keyboard.type("шевченківський, київ", delay=20)
    expect(page.get_by_role("option", name=SHEVCHENKIVSKYI_LABEL, exact=True)).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(settlement).to_have_value(SHEVCHENKIVSKYI_LABEL)
    ua_continue(page)
    expect(h1(page)).to_have_text(t("Identity document"))
    assert PrimaryRegistration.objects.get().territory_id == SHEVCHENKIVSKYI_CODE
