"""EC-DOC-2: files open only through the access-checked view; every opening is logged."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cbi.documents import selectors, services
from cbi.audit.models import AccessEvent
from cbi.documents.models import Document

FILE_READS = AccessEvent.objects.filter(event_type=AccessEvent.EventType.DOCUMENT_FILE)
from tests.conftest import signed_in
from tests.documents.files import jpeg, pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def passport_scan(person, district_officer):
    return services.store_document(file=upload("Паспорт Петренко.pdf", pdf(2048)), kind=Document.Kind.PASSPORT,
                                   person=person, actor=district_officer)


def test_stored_under_a_random_name_with_its_fingerprint(passport_scan):
    assert passport_scan.original_name == "Паспорт Петренко.pdf"
    assert "Петренко" not in passport_scan.file.name
    assert passport_scan.file.name.startswith("documents/") and passport_scan.file.name.endswith(".pdf")
    assert passport_scan.size == 2048 and len(passport_scan.sha256) == 64
    assert passport_scan.content_type == "application/pdf" and passport_scan.version == 1


def test_officer_of_the_persons_office_downloads_it_as_an_attachment(passport_scan, officer_client,
                                                                     district_officer, person):
    response = officer_client.get(f"/documents/{passport_scan.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%D0%9F%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82%20" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    entry = FILE_READS.get()
    assert (entry.user, entry.object_id, entry.person, entry.channel) == (
        district_officer, str(passport_scan.pk), person, "staff")
    assert entry.organization == district_officer.staff_profile.organization


def test_officer_of_another_office_gets_404_and_nothing_is_logged(passport_scan, other_district_officer):
    response = signed_in(other_district_officer).get(f"/documents/{passport_scan.pk}/")
    assert response.status_code == 404
    assert not FILE_READS.exists()


def test_anonymous_visitors_and_unverified_staff_get_404(client, passport_scan, district_officer):
    assert client.get(f"/documents/{passport_scan.pk}/").status_code == 404
    client.force_login(district_officer, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/documents/{passport_scan.pk}/").status_code == 404  # no second factor
    assert not FILE_READS.exists()


def test_administrator_does_not_open_persons_files(passport_scan, administrator):
    assert signed_in(administrator).get(f"/documents/{passport_scan.pk}/").status_code == 404


def test_regional_officer_opens_files_of_their_region(passport_scan, regional_officer):
    assert signed_in(regional_officer).get(f"/documents/{passport_scan.pk}/").status_code == 200


def test_a_user_the_cabinet_says_acts_for_the_person_opens_it(passport_scan, person):
    from cbi.accounts.models import CabinetAccount

    user = get_user_model().objects.create_user("olena.petrenko", password="x" * 12)
    CabinetAccount.objects.create(user=user, person=person, registered_via="code")
    client = signed_in_plain(user)
    assert client.get(f"/documents/{passport_scan.pk}/").status_code == 200
    assert FILE_READS.get().channel == "cabinet"
    stranger = get_user_model().objects.create_user("stranger", password="x" * 12)
    assert signed_in_plain(stranger).get(f"/documents/{passport_scan.pk}/").status_code == 404


def signed_in_plain(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_new_version_keeps_the_old_one(passport_scan, person, district_officer):
    newer = services.store_document(file=upload("паспорт-2.jpg", jpeg()), kind=Document.Kind.PASSPORT,
                                    person=person, actor=district_officer, replaces=passport_scan)
    assert newer.version == 2
    assert list(selectors.documents_for_person(person)) == [newer]
    assert selectors.older_versions(newer) == [passport_scan]
    assert not passport_scan.is_current and newer.is_current
    with pytest.raises(Exception):
        services.store_document(file=upload("ще.pdf", pdf()), kind=Document.Kind.PASSPORT, person=person,
                                actor=district_officer, replaces=passport_scan)


def test_the_person_record_lists_the_files(passport_scan, officer_client, person):
    page = officer_client.get(f"/staff/persons/{person.pk}/").content.decode()
    assert "Паспорт Петренко.pdf" in page
    assert f"/documents/{passport_scan.pk}/" in page
    # Listing is not opening: only the download is logged.
    assert not FILE_READS.exists()
