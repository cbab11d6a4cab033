"""Journey: the public application for primary registration (EC-PRIM-1), every step
with its scans — with the keyboard alone, at 320 px and 200 % text, in forced colours
with reduced motion, and without JavaScript (issue #6, item 2). In Ukrainian, the
default language: the names come from ``t()``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cbi.primary.models import PrimaryRegistration
from tests.browser import journeys as J
from tests.browser.journeys import media_in_tmp  # noqa: F401 (a fixture)
from tests.browser.support import date_field, field, fill_date_group, is_date_group, t
from tests.documents.files import jpeg, pdf, png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_in_tmp")]

BASE = "/primary-registration/"
KYIV_PLACE = "Шевченківський район, м. Київ"  # typed as a name, no КАТОТТГ code
IDENTITY = "Identity document (passport, ID card or birth certificate)"
RNOKPP = "Taxpayer number card (РНОКПП)"
RIGHT = "Document that proves the right (assessment, ЛКК or ВЛК conclusion)"
SCANS = ((IDENTITY, "id-card.jpg", jpeg, "image/jpeg"), (RNOKPP, "РНОКПП.png", png, "image/png"),
         (RIGHT, "висновок МСЕК.pdf", pdf, "application/pdf"))


def scan(label: str):
    return next({"name": name, "mimeType": mime, "buffer": make()} for key, name, make, mime in SCANS if key == label)


def radio(page, label: str):
    return page.get_by_role("radio", name=t(label), exact=True)


def person_fields(page):
    return [(field(page, t("Surname")), "Коваль"), (field(page, t("Given name")), "Марія"),
            (field(page, t("Patronymic")), "Степанівна"), (date_field(page, t("Date of birth")), "14.06.1990")]


def contact_fields(page):
    return [(field(page, t("Taxpayer number (РНОКПП)")), "3456789014"), (field(page, t("Mobile phone")), "0671234567"),
            (field(page, t("E-mail")), "maria.koval@example.com")]


def address_fields(page):
    return [(field(page, t("Settlement")), KYIV_PLACE), (field(page, t("Street")), "вул. Володимирська"),
            (field(page, t("Building")), "12")]


def identity_fields(page):
    return [(field(page, t("Number")), "001234567")]


def right_fields(page):
    return [(field(page, t("Conclusion number")), "МСЕК-2025/0412"), (date_field(page, t("Date of the conclusion")), "20.11.2025")]


def continue_(page, name="Continue", exact=True):
    page.get_by_role("button", name=t(name), exact=True).click()
    page.wait_for_load_state()


def fill(fields):
    for control, value in fields:
        if is_date_group(control):
            fill_date_group(control, value)
        else:
            control.fill(value)


def walk(page, check) -> None:
    """Every step with the mouse, each step's error state on the way."""
    page.goto(BASE)
    check(page, "start")
    page.get_by_role("link", name=t("Start now")).click()
    check(page, "who")
    continue_(page)
    J.expect_errors(page)
    check(page, "who error")
    radio(page, "For myself").check()
    continue_(page)
    expect(J.h1(page)).to_have_text(t("The person's details"))
    continue_(page)
    J.expect_errors(page)
    check(page, "person errors")
    fill(person_fields(page))
    radio(page, "female").check()
    fill(contact_fields(page))
    continue_(page)
    expect(J.h1(page)).to_have_text(t("Registered address"))
    check(page, "address")
    fill(address_fields(page))
    continue_(page)
    expect(J.h1(page)).to_have_text(t("Identity document"))
    continue_(page)
    J.expect_errors(page)
    check(page, "identity errors")
    radio(page, "passport of a citizen of Ukraine (ID card)").check()
    fill(identity_fields(page))
    continue_(page)
    expect(J.h1(page)).to_have_text(t("The document that proves the right"))
    check(page, "right")
    radio(page, "medical and social expert commission (МСЕК)").check()
    fill(right_fields(page))
    continue_(page)
    expect(J.h1(page)).to_have_text(t("Upload the documents"))
    continue_(page, "Continue")
    J.expect_errors(page)
    check(page, "documents errors")
    for label, *_ in SCANS:
        field(page, t(label)).set_input_files(scan(label))
    continue_(page, "Continue")
    expect(page).to_have_url(re.compile(r"/check/$"))
    check(page, "check answers")
    continue_(page, "Send the application")
    expect(J.h1(page)).to_have_text(t("Application sent"))
    check(page, "sent")
    assert PrimaryRegistration.objects.get().status == "submitted"


@J.keyboard_colours()
def test_applying_with_the_keyboard_alone(page, organizations, colours):
    kb = J.keyboard_only(page, forced=colours == "forced")
    page.goto(BASE)
    kb.skip_to_main()
    kb.activate(page.get_by_role("link", name=t("Start now")))
    kb.check(radio(page, "For myself"))
    kb.activate(page.get_by_role("button", name=t("Continue"), exact=True))

    # A refused step: the summary has focus; Tab goes on from it, down the form.
    kb.activate(page.get_by_role("button", name=t("Continue"), exact=True))
    J.expect_errors(page)
    J.fill_by_keyboard(kb, person_fields(page))
    kb.check(radio(page, "female"))
    J.fill_by_keyboard(kb, contact_fields(page))
    kb.activate(page.get_by_role("button", name=t("Continue"), exact=True))

    J.fill_by_keyboard(kb, address_fields(page))
    kb.activate(page.get_by_role("button", name=t("Continue"), exact=True))
    kb.check(radio(page, "passport of a citizen of Ukraine (ID card)"))
    J.fill_by_keyboard(kb, identity_fields(page))
    kb.activate(page.get_by_role("button", name=t("Continue"), exact=True))
    kb.check(radio(page, "medical and social expert commission (МСЕК)"))
    J.fill_by_keyboard(kb, right_fields(page))
    kb.activate(page.get_by_role("button", name=t("Continue"), exact=True))

    expect(J.h1(page)).to_have_text(t("Upload the documents"))
    for label, *_ in SCANS:
        kb.choose_file(field(page, t(label)), scan(label))
    kb.activate(page.get_by_role("button", name=t("Continue"), exact=True))
    expect(page).to_have_url(re.compile(r"/check/$"))
    # A change link on the check page is reachable and brings the person back here.
    kb.activate(page.get_by_role("link", name=re.compile(rf"^{re.escape(t('Change'))}\s*: {re.escape(t('The person'))}$")))
    kb.type_into(field(page, t("Given name")), "Марина")
    kb.activate(page.get_by_role("button", name=t("Continue"), exact=True))
    expect(page).to_have_url(re.compile(r"/check/$"))
    expect(page.get_by_role("main")).to_contain_text("Марина")
    kb.activate(page.get_by_role("button", name=t("Send the application")))
    expect(J.h1(page)).to_have_text(t("Application sent"))
    registration = PrimaryRegistration.objects.get()
    assert registration.status == "submitted"


@J.display_modes()
def test_every_step_reflows_and_survives_display_settings(page, organizations, live_server, mode):
    J.walk_in_display_mode(page, live_server.url, mode, lambda check: walk(page, check))


def test_applying_without_javascript(browser, live_server, organizations):
    with J.no_js_context(browser, live_server.url) as page:
        walk(page, J.no_js_check)
