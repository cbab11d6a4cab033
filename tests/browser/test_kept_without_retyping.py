"""Nothing to choose or type twice (issue #11, 2.3 and 3), in a browser without JavaScript: the
officer's scan on a paper application survives an error elsewhere and the A+ switch, and is on
the application when it is submitted; a filter survives the contrast switch. axe on every state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cbi.applications.models import ProductApplication
from cbi.documents.models import Document, HeldUpload
from tests.browser import journeys as J
from tests.browser.support import field, person_url, sign_in, t
from tests.documents.files import pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCAN = "ІПР Петренко О.М.pdf"
REQUEST = "Прошу видати крісло колісне для пересування вдома."


def test_the_chosen_scan_and_typed_text_survive_an_error_and_a_plus_without_javascript(
        browser, live_server, axe, person, district_officer, wheelchair):
    with J.no_js_context(browser, live_server.url) as page:
        sign_in(page, district_officer)
        page.goto(person_url(person))
        page.get_by_role("link", name=t("Enter a paper application")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Enter a paper application"))
        page.get_by_label(str(t("provision of a product")).capitalize()).check()
        field(page, t("What the person asks for")).fill(REQUEST)
        field(page, t("Individual rehabilitation programme or medical recommendation")).set_input_files(
            {"name": SCAN, "mimeType": "application/pdf", "buffer": pdf()})
        # The product is left empty: the main button brings the page back with the error…
        page.get_by_role("button", name=t("Submit the paper application")).click()
        J.expect_errors(page, t("Choose the product."))
        # …and the scan is kept, shown by name with Replace and Remove, not asked again.
        kept = page.locator(".stored-file")
        expect(kept).to_contain_text(SCAN)
        expect(kept.get_by_role("button", name=re.compile(rf"^{t('Replace')}\W+{re.escape(SCAN)}$"))).to_be_visible()
        expect(kept.get_by_role("button", name=re.compile(rf"^{t('Remove')}\W+{re.escape(SCAN)}$"))).to_be_visible()
        expect(page.locator('input[type="file"][name="programme"]')).to_have_count(0)
        axe.check(page, "paper application: error, scan kept")

        # A+ without JavaScript: the typed text and the kept scan are still there.
        field(page, t("What the person asks for")).fill(REQUEST + " Легке.")
        page.get_by_role("button", name=re.compile(r"^A\+")).click()
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_class(re.compile(r"\btext-125\b"))
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Enter a paper application"))
        expect(field(page, t("What the person asks for"))).to_have_value(REQUEST + " Легке.")
        expect(page.get_by_label(str(t("provision of a product")).capitalize())).to_be_checked()
        expect(page.locator(".stored-file")).to_contain_text(SCAN)
        axe.check(page, "paper application: after A+, scan kept")

        # The officer fixes the error and submits: the application has the scan.
        field(page, t("Product (provision or compensation)")).select_option(
            label=f"{wheelchair.iso_code} {wheelchair.name}")
        page.get_by_role("button", name=t("Submit the paper application")).click()
        application = ProductApplication.objects.get()
        expect(page.get_by_role("heading", level=1)).to_contain_text(application.reference)
        expect(page.get_by_role("main")).to_contain_text(SCAN)
        axe.check(page, "paper application submitted with the scan")
        assert application.request_text == REQUEST + " Легке."
        document = application.files.get().document
        assert (document.original_name, document.kind) == (SCAN, Document.Kind.REHABILITATION_PROGRAMME)
        assert not HeldUpload.objects.exists()


def test_the_contrast_switch_keeps_the_filter_without_javascript(browser, live_server, axe, wheelchair):
    with J.no_js_context(browser, live_server.url) as page:
        page.goto("/catalogue/")
        search = field(page, t("Name, ISO code or words from the description"))
        search.fill("крісло колісне")
        page.get_by_role("button", name=t("High contrast")).click()
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))
        expect(search).to_have_value("крісло колісне")
        expect(page).to_have_url(re.compile(r"/catalogue/\?q="))
        expect(page.get_by_role("main")).to_contain_text(wheelchair.name)
        axe.check(page, "catalogue filtered, high contrast")
