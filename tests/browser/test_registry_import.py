"""A regional administrator brings in the city's registry from a spreadsheet."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cbi.imports.models import ImportJob
from cbi.imports.services import Outcome, outcome_label
from cbi.registry.models import Person
from tests.browser.support import expect_error_summary, field, sign_in, submit, t
from tests.imports.conftest import BAD_RNOKPP, KOVALENKO, MELNYK, csv_bytes, regional_admin, row  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


def test_upload_a_registry_and_read_the_summary(page, axe, regional_admin, tmp_path):
    sign_in(page, regional_admin)
    page.get_by_role("link", name=t("Registry import")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Registry import"))
    expect(page.get_by_role("link", name=t("Template for Excel (XLSX)"))).to_be_visible()
    axe.check(page, "import")

    submit(page, t("Import"))
    expect_error_summary(page, t("Choose the file to import."))
    axe.check(page, "import-empty")

    path = tmp_path / "reestr-kyiv.csv"
    path.write_bytes(csv_bytes([row(**KOVALENKO), row(**MELNYK), row(**BAD_RNOKPP)]))
    field(page, t("File with the registry")).set_input_files(str(path))
    submit(page, t("Import"))

    job = ImportJob.objects.get()
    expect(page).to_have_url(re.compile(rf"/staff/import/{job.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("reestr-kyiv.csv")
    summary = page.get_by_role("table")
    for outcome, count in ((Outcome.IMPORTED, "2"), (Outcome.REJECTED, "1")):
        line = summary.get_by_role("row").filter(has=page.get_by_role("rowheader", name=t(outcome_label_msgid(outcome)),
                                                                            exact=True))
        expect(line.get_by_role("cell")).to_have_text(count)
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Download the report (CSV)")).click()
    assert download.value.suggested_filename == "reestr-kyiv.csv.report.csv"
    axe.check(page, "import-summary")
    assert Person.objects.count() == 2


def outcome_label_msgid(outcome: str) -> str:
    """The msgid of an outcome's label (t() translates it as the page does)."""
    from django.utils import translation

    with translation.override("en"):
        return outcome_label(outcome)
