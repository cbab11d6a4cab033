"""No file ever lost (issue #11, 2.3 and 3), played in a browser with and without JavaScript.

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

import pytest
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.utils.translation import override
from playwright.sync_api import expect

from cbi.primary.models import PrimaryRegistration
from tests.browser import journeys as J
from tests.browser.support import field, t
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
