"""EC-DOC-2 in the browser: the files on a person's record download as
attachments for the officer of the office, are logged, and are a 404 for
another office."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cbi.documents import services
from cbi.audit.models import AccessEvent
from cbi.documents.models import Document
from tests.browser.support import person_url, sign_in, t
from tests.documents.files import jpeg, pdf, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


@pytest.fixture
def scans(person, district_officer):
    first = services.store_document(file=upload("паспорт.jpg", jpeg(4096)), kind=Document.Kind.PASSPORT,
                                    person=person, actor=district_officer)
    second = services.store_document(file=upload("паспорт (чіткіше).pdf", pdf(8192)), kind=Document.Kind.PASSPORT,
                                     person=person, actor=district_officer, replaces=first)
    return first, second


def test_officer_downloads_a_scan_from_the_record(page, axe, district_officer, person, scans):
    first, second = scans
    sign_in(page, district_officer)
    page.goto(person_url(person))
    section = page.get_by_role("region", name=t("Scans and photos of documents"))
    expect(section).to_contain_text("паспорт (чіткіше).pdf")
    expect(section).to_contain_text(t("Earlier versions"))
    expect(section).to_contain_text("паспорт.jpg")
    axe.check(page, "person-documents")
    with page.expect_download() as download_info:
        section.get_by_role("link").first.click()
    download = download_info.value
    assert download.suggested_filename == "паспорт (чіткіше).pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read(5) == b"%PDF-"
    entry = AccessEvent.objects.get(event_type=AccessEvent.EventType.DOCUMENT_FILE)
    assert entry.object_id == str(second.pk) and entry.user == district_officer and entry.person == person


def test_another_office_gets_not_found(page, other_district_officer, scans):
    sign_in(page, other_district_officer)
    response = page.goto(f"/documents/{scans[1].pk}/")
    assert response.status == 404
    assert not AccessEvent.objects.exists()
