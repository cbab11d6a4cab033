"""No file ever lost, nothing chosen twice (issue #11, 2.3 and 3), played in a browser with and without JavaScript.

Марія Коваль uploads the documents for her primary registration: she chooses the scan of her
ID card and presses "Продовжити" before choosing the other two. The page comes back with the
error, and her scan is kept — shown by name and size with "Замінити" and "Видалити" named after
the file, and not asked for again. She enlarges the text (A+): the scan is still there. Then
she adds the other two documents, goes on and sends the application; the ID card she chose
first is on it.

The earlier steps are answered with the test client in the same session (they are played in
the browser by ``test_primary_registration.py`` and ``test_journeys_primary.py``); the session
cookie is handed to the browser. Every wait is bounded (a few seconds), and files are chosen with
``set_input_files`` (no file chooser), so a missing page fails fast instead of hanging. axe runs
on every state with JavaScript; without it axe cannot run (its script would never answer: that is
what hung the first attempt of this test), so the same states get ``journeys.no_js_check``.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.utils import timezone
from django.utils.translation import override
from playwright.sync_api import expect

from cbi.applications import services, workflow
from cbi.documents.models import Document
from cbi.primary.models import PrimaryRegistration
from tests.applications.fixtures import CABINET_PASSWORD, cabinet_user_for
from tests.browser import journeys as J
from tests.browser.support import field, label_pattern, t
from tests.documents.files import jpeg, pdf, png
from tests.primary.journey import BASE, SELF_ANSWERS, answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 5_000  # ms: a page of this test server answers in well under a second
ID_CARD = "ID-картка Коваль.jpg"
ID_CARD_BYTES = jpeg(150_000)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


def identity(page):
    return field(page, t("Identity document (passport, ID card or birth certificate)"))


def kept_block(page):
    return page.locator(".stored-file").filter(has_text=t("Identity document (passport, ID card or birth certificate)"))


def size_of(content: bytes) -> str:
    with override("uk"):
        return str(filesizeformat(len(content)))


def to_the_documents_step(page, live_server) -> None:
    """The person's answers so far, in this browser's session; the documents step opened."""
    client = Client()
    for step, data in SELF_ANSWERS.items():
        assert answer(client, step, data).status_code == 302, step
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page.goto(f"{BASE}documents/")
    expect(J.h1(page)).to_have_text(t("Upload the documents"), timeout=WAIT)


def press(page, name: str) -> None:
    """Press a button that loads a page (a form submit, or a switch without scripts)."""
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("button", name=name, exact=True).click(timeout=WAIT)
    page.wait_for_load_state(timeout=WAIT)


def expect_the_id_card_kept(page) -> None:
    block = kept_block(page)
    expect(block).to_contain_text(ID_CARD, timeout=WAIT)
    expect(block).to_contain_text(size_of(ID_CARD_BYTES))  # its size, as people read it ("146,5 КБ")
    expect(block.get_by_role("button", name=re.compile(rf"^{t('Replace')}\W+{re.escape(ID_CARD)}$"))).to_be_visible()
    expect(block.get_by_role("button", name=re.compile(rf"^{t('Remove')}\W+{re.escape(ID_CARD)}$"))).to_be_visible()
    expect(page.locator('input[type="file"][name="identity"]')).to_have_count(0)  # not asked for again


@contextmanager
def browser_page(browser, live_server, scripts: bool):
    if not scripts:
        with J.no_js_context(browser, live_server.url) as page:  # known to the helpers as script-less
            page.set_default_timeout(WAIT)
            yield page
        return
    context = browser.new_context(base_url=live_server.url, locale="uk-UA", viewport=J.WIDE)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("scripts", [True, False], ids=["javascript", "no-javascript"])
def test_a_scan_chosen_before_an_error_is_kept_through_a_plus_and_sent(browser, live_server, axe, organizations,
                                                                       scripts):
    def check(page, label):
        if scripts:
            axe.check(page, label)
        else:
            J.no_js_check(page, label)

    with browser_page(browser, live_server, scripts) as page:
        to_the_documents_step(page, live_server)
        identity(page).set_input_files({"name": ID_CARD, "mimeType": "image/jpeg", "buffer": ID_CARD_BYTES})
        if scripts:
            # With scripts A+ changes the page in place: the chosen file stays chosen.
            page.get_by_role("button", name=f"A+ {t('Larger text')}", exact=True).click()
            expect(page.locator("html")).to_have_class(re.compile(r"\btext-125\b"))
            assert identity(page).evaluate("input => input.files[0].name") == ID_CARD
        # "Продовжити" with the other two documents not chosen yet.
        press(page, t("Continue"))
        J.expect_errors(page, t("Choose the file with the scan or photo of this document."))
        expect_the_id_card_kept(page)
        check(page, f"documents step: error, the ID card kept ({'js' if scripts else 'no js'})")

        # Text enlarged after the error: the kept scan is still there.
        larger = page.get_by_role("button", name=f"A+ {t('Larger text')}", exact=True)
        if scripts:
            larger.click()
        else:
            with page.expect_navigation(timeout=WAIT):
                larger.click()
            page.wait_for_load_state(timeout=WAIT)
        expect(page.locator("html")).to_have_class(re.compile(r"\btext-150\b" if scripts else r"\btext-125\b"))
        expect(J.h1(page)).to_have_text(t("Upload the documents"))
        expect_the_id_card_kept(page)
        check(page, f"documents step: after A+, the ID card kept ({'js' if scripts else 'no js'})")

        # She adds the other two and goes on; the ID card is not chosen again.
        field(page, t("Taxpayer number card (РНОКПП)")).set_input_files(
            {"name": "РНОКПП Коваль.png", "mimeType": "image/png", "buffer": png()})
        field(page, t("Document that proves the right (assessment, ЛКК or ВЛК conclusion)")).set_input_files(
            {"name": "висновок МСЕК.pdf", "mimeType": "application/pdf", "buffer": pdf()})
        press(page, t("Continue"))
        expect(page).to_have_url(re.compile(r"/primary-registration/check/"))
        main = page.get_by_role("main")
        for name in (ID_CARD, "РНОКПП Коваль.png", "висновок МСЕК.pdf"):
            expect(main).to_contain_text(name)
        check(page, f"check your answers with the kept scan ({'js' if scripts else 'no js'})")
        press(page, t("Send the application"))
        expect(J.h1(page)).to_have_text(t("Application sent"))
    registration = PrimaryRegistration.objects.get()
    assert sorted(registration.documents.values_list("original_name", flat=True)) == sorted(
        [ID_CARD, "РНОКПП Коваль.png", "висновок МСЕК.pdf"])


def test_the_cabinet_documents_step_keeps_the_kind_through_a_plus_and_contrast_without_javascript(
        browser, live_server, person, wheelchair):
    """Олена Петренко asks for compensation of a wheelchair she bought. On "Додайте документи", without
    JavaScript, she picks what her first document is, then enlarges the text and turns on high
    contrast: her choice is still picked. She chooses the programme and presses "Продовжити" without
    the receipt: the programme is kept by name with Замінити/Видалити; she adds the receipt and goes on."""
    olena = cabinet_user_for(person, "olena.petrenko")
    draft = services.start_draft(actor=olena, person=person, kind=workflow.COMPENSATION, product=wheelchair,
                                 purchase_amount=Decimal("9200.50"),
                                 purchase_date=timezone.localdate() - timedelta(days=3))
    programme = str(dict(Document.Kind.choices)["rehabilitation_programme"])
    receipt = str(dict(Document.Kind.choices)["purchase_receipt"])
    with browser_page(browser, live_server, scripts=False) as page:
        page.goto("/cabinet/login/")
        page.get_by_label(t("Login")).fill("olena.petrenko")
        page.get_by_label(t("Password")).fill(CABINET_PASSWORD)
        press(page, t("Sign in"))
        page.goto(f"/cabinet/applications/{draft.pk}/step/documents/")
        expect(J.h1(page)).to_have_text(t("Add documents"))
        kind = page.get_by_label(t(programme).capitalize(), exact=True)
        kind.check()
        press(page, f"A+ {t('Larger text')}")
        expect(page.locator("html")).to_have_class(re.compile(r"\btext-125\b"))
        expect(page).to_have_url(re.compile(rf"/cabinet/applications/{draft.pk}/step/documents/$"))
        expect(kind).to_be_checked()
        press(page, t("High contrast"))
        expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))
        expect(kind).to_be_checked()
        expect(page.locator(".error-summary")).to_have_count(0)  # kept, not validated
        J.no_js_check(page, "documents step after A+ and contrast")

        page.get_by_label(re.compile(label_pattern(t("File with the scan or photo")))).set_input_files(
            {"name": "Програма реабілітації Петренко.pdf", "mimeType": "application/pdf", "buffer": pdf()})
        press(page, t("Continue"))
        J.expect_errors(page, t("Add the receipt or invoice for the purchase."))
        files = page.get_by_role("region", name=t("Files you added"))
        expect(files).to_contain_text("Програма реабілітації Петренко.pdf")
        for action in ("Replace", "Remove"):
            expect(files.get_by_role("button", name=re.compile(
                rf"^{t(action)}\W+{re.escape('Програма реабілітації Петренко.pdf')}$"))).to_be_visible()
        page.get_by_label(t(receipt).capitalize(), exact=True).check()
        page.get_by_label(re.compile(label_pattern(t("File with the scan or photo")))).set_input_files(
            {"name": "Чек магазину.pdf", "mimeType": "application/pdf", "buffer": pdf()})
        press(page, t("Continue"))
        expect(J.h1(page)).to_have_text(t("Check your answers before sending the application"))
    assert sorted(draft.files.values_list("document__original_name", flat=True)) == [
        "Програма реабілітації Петренко.pdf", "Чек магазину.pdf"]
