"""Issue #11, section 3, without JavaScript: on a search or filter page the header's switches
submit the filter with what was typed; on the paper application they keep the typed values and
the scan held for the officer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cbi.applications import workflow
from tests.applications.fixtures import wheelchair  # noqa: F401 (fixture)
from tests.conftest import signed_in
from tests.documents.files import pdf, upload

pytestmark = pytest.mark.django_db


def test_on_a_filter_page_the_switches_submit_the_filter(client):
    page = client.get("/catalogue/").content.decode()
    assert 'name="cbi_switch" value="contrast" form="page-form" formmethod="get"' in page
    assert 'formaction="/catalogue/"' in page and 'name="cbi_language" value="en"' in page


def test_contrast_on_a_filter_page_keeps_what_was_typed_in_the_filter(client, wheelchair):
    response = client.get("/catalogue/", {"q": "крісло колісне", "cbi_switch": "contrast"})
    assert response.status_code == 302
    assert response["Location"] == "/catalogue/?q=%D0%BA%D1%80%D1%96%D1%81%D0%BB%D0%BE+%D0%BA%D0%BE%D0%BB%D1%96%D1%81%D0%BD%D0%B5"
    assert response.cookies["cbi_contrast"].value == "1"
    page = client.get(response["Location"]).content.decode()
    assert 'value="крісло колісне"' in page and "Крісло колісне з ручним приводом кімнатне" in page
    assert 'class="' in page and "high-contrast" in page


def test_the_language_on_a_filter_page_keeps_the_filter(client):
    response = client.get("/catalogue/", {"q": "милиці", "cbi_language": "en"})
    assert response["Location"] == "/catalogue/?q=%D0%BC%D0%B8%D0%BB%D0%B8%D1%86%D1%96"
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en"' in client.get(response["Location"]).content.decode()


def test_an_unknown_language_or_switch_changes_nothing_but_keeps_the_filter(client):
    response = client.get("/catalogue/", {"q": "милиці", "cbi_language": "xx"})
    assert response.status_code == 302 and "django_language" not in response.cookies


def test_a_plus_on_the_paper_application_keeps_typed_values_and_the_held_scan(person, district_officer, wheelchair):
    client = signed_in(district_officer)
    url = reverse("applications_staff:paper_new", args=[person.pk])
    client.post(url, {"kind": workflow.PROVISION, "request_text": "Прошу крісло колісне кімнатне.",
                      "programme": upload("ІПР Петренко.pdf", pdf())})
    page = client.get(url).content.decode()
    # The page takes scans, so the switches post its form to the page itself (cbi/web/keep.py).
    assert f'name="cbi_switch" value="larger" form="page-form" formmethod="post" formnovalidate formaction="{url}"' in page
    response = client.post(url, {"kind": workflow.PROVISION, "request_text": "Прошу крісло колісне кімнатне, легке.",
                                 "cbi_switch": "larger"})
    assert response.status_code == 302 and response.cookies["cbi_text"].value == "125"
    page = client.get(url).content.decode()
    assert "Прошу крісло колісне кімнатне, легке." in page
    assert "ІПР Петренко.pdf" in page and 'type="file" name="programme"' not in page
    assert "error-summary" not in page


def test_remove_keeps_what_was_typed_and_asks_for_the_file_again(person, district_officer, wheelchair,
                                                                 django_capture_on_commit_callbacks):
    client = signed_in(district_officer)
    url = reverse("applications_staff:paper_new", args=[person.pk])
    client.post(url, {"kind": workflow.REPAIR, "request_text": "Зламане колесо.",
                      "photo": upload("колесо.pdf", pdf())})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": workflow.REPAIR, "request_text": "Зламане колесо.", "remove": "photo"})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "Зламане колесо." in page and "Файл «колесо.pdf» видалено." in page
    assert 'name="remove" value="photo"' not in page and 'type="file" name="photo"' in page


def test_a_refused_scan_says_why_and_nothing_is_held(person, district_officer):
    from cbi.documents.models import HeldUpload

    client = signed_in(district_officer)
    url = reverse("applications_staff:paper_new", args=[person.pk])
    response = client.post(url, {"kind": workflow.PROVISION, "programme": upload("програма.exe", b"MZ\x90\x00" * 64)})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert response.context["form"].errors["programme"]
    assert not HeldUpload.objects.exists()


def test_held_scans_expire_and_are_purged(person, district_officer, django_capture_on_commit_callbacks):
    from datetime import timedelta


    from cbi.documents import services
    from cbi.documents.models import HeldUpload

    held = services.hold_upload(file=upload("ІПР.pdf", pdf()), actor=district_officer,
                                purpose="applications.paper", subject=str(person.pk), field="programme")
    name = held.file.name
    assert services.purge_expired_held_uploads(now=held.expires_at - timedelta(minutes=1)) == 0
    assert services.purge_expired_held_uploads(now=held.expires_at + timedelta(minutes=1)) == 1
    assert not HeldUpload.objects.exists()
    assert not held.file.storage.exists(name)
