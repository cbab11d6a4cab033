"""The registry import page of a regional administrator: template, upload, summary, report."""

from __future__ import annotations

import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cbi.accounts.models import Role
from cbi.imports import services
from cbi.imports.error_codes import FILE_UNREADABLE_MESSAGE, ImportsErrorCode
from cbi.imports.models import ImportJob
from cbi.imports.reading import FileFormatError, read_table
from cbi.imports.services import Outcome
from cbi.registry.models import Person
from tests.conftest import make_staff, signed_in
from tests.errors import error_codes

from .conftest import BAD_RNOKPP, HEADERS, KOVALENKO, MELNYK, csv_bytes, label, read_report, row

pytestmark = pytest.mark.django_db


def test_the_template_downloads_with_the_ukrainian_headers(regional_admin):
    from openpyxl import load_workbook

    client = signed_in(regional_admin)
    csv_response = client.get(reverse("imports:template") + "?format=csv")
    assert csv_response["Content-Disposition"].endswith('cbi-import-template.csv"')
    first_line = csv_response.content.decode("utf-8-sig").splitlines()[0]
    assert first_line.split(";") == HEADERS and first_line.startswith("Прізвище;Ім’я;По батькові;Дата народження")

    xlsx = client.get(reverse("imports:template") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_an_upload_shows_the_summary_and_the_report(regional_admin):
    client = signed_in(regional_admin)
    upload = SimpleUploadedFile("reestr-kyiv.csv", csv_bytes([row(**KOVALENKO), row(**MELNYK), row(**BAD_RNOKPP)]))

    response = client.post(reverse("imports:upload"), {"file": upload}, follow=True)

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.created_by == regional_admin
    assert not job.file  # the upload, with whole РНОКПП, is not kept once imported
    assert job.counts[Outcome.IMPORTED] == 2 and job.counts[Outcome.REJECTED] == 1
    page = response.content.decode()
    assert "reestr-kyiv.csv" in page and reverse("imports:report", args=[job.pk]) in page
    report = read_report(b"".join(client.get(reverse("imports:report", args=[job.pk])).streaming_content))
    assert report[4][0] == label(Outcome.REJECTED)
    assert Person.objects.count() == 2


def test_a_big_file_is_imported_in_the_background(regional_admin, monkeypatch, django_capture_on_commit_callbacks):
    from cbi.imports import services

    monkeypatch.setattr(services, "RUN_NOW_BYTES", 10)
    client = signed_in(regional_admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("big.csv", csv_bytes([row(**KOVALENKO)]))})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED and not Person.objects.exists()

    for callback in callbacks:  # the commit happens: the task runs (the immediate backend of the tests)
        callback()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Person.objects.filter(rnokpp="3306800701").exists()


def test_a_file_that_is_not_csv_or_xlsx_is_refused_on_the_form(regional_admin):
    client = signed_in(regional_admin)
    response = client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("reestr.pdf", b"%PDF-1.7")})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_csv_or_xlsx_is_refused_with_its_code(regional_admin):
    with pytest.raises(ValidationError) as refused:
        services.start_import(actor=regional_admin, upload=SimpleUploadedFile("reestr.pdf", b"%PDF-1.7"))
    assert error_codes(refused.value) == {"file": [ImportsErrorCode.FILE_KIND.value]}


def test_a_broken_xlsx_fails_the_job_with_a_message_in_ukrainian(regional_admin):
    client = signed_in(regional_admin)
    broken = SimpleUploadedFile("reestr.xlsx", b"PK\x03\x04 not really a workbook")
    response = client.post(reverse("imports:upload"), {"file": broken}, follow=True)

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and not job.file and not Person.objects.exists()
    with translation.override("uk"):
        assert job.message == str(FILE_UNREADABLE_MESSAGE) and job.message.startswith("Файл не вдалося прочитати")
    assert job.message in html.unescape(response.content.decode())


def test_a_file_without_rows_fails_the_job_as_empty(regional_admin):
    with pytest.raises(FileFormatError) as failed:
        read_table(b"\xef\xbb\xbf\n\n", name="reestr.csv")
    assert failed.value.code == ImportsErrorCode.FILE_EMPTY.value


def test_another_regions_administrator_does_not_see_the_import(regional_admin, organizations):
    client = signed_in(regional_admin)
    client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("reestr.csv", csv_bytes([row(**KOVALENKO)]))})
    job = ImportJob.objects.get()
    lviv_admin = make_staff(organizations, "admin.lviv", Role.ADMINISTRATOR, "rd-46", first="Богдан", last="Гнатишин")
    other = signed_in(lviv_admin)
    assert other.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert other.get(reverse("imports:report", args=[job.pk])).status_code == 404
    assert "reestr.csv" not in other.get(reverse("imports:upload")).content.decode()


def test_officers_have_no_import_page(district_officer):
    assert signed_in(district_officer).get(reverse("imports:upload")).status_code == 403


def test_an_imported_look_alike_waits_in_the_officers_duplicates_list(regional_admin, person, district_officer):
    """Олена Петренко is in the registry; the region's file brings "Алена Петренко" born the same
    day. The summary says the row waits in the suspected duplicates; the district officer finds
    the pair there and compares the two records."""
    alena = dict(surname="Петренко", given_name="Алена", patronymic="Іванівна", date_of_birth="27.03.1985",
                 sex="ж", rnokpp="3113245102", place="Шевченківський район, м. Київ",
                 street="вул. Богдана Хмельницького", building="10")
    client = signed_in(regional_admin)

    response = client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("reestr.csv", csv_bytes(
        [row(**alena)]))}, follow=True)

    page = html.unescape(response.content.decode())
    assert "у списку можливих дублікатів" in page or "list of suspected duplicates" in page, page
    assert f'href="{reverse("duplicates:list")}"' not in page  # an administrator does not check pairs himself

    officer = signed_in(district_officer)
    work_list = html.unescape(officer.get(reverse("duplicates:list")).content.decode())
    assert "Петренко Алена Іванівна" in work_list and "Петренко Олена Іванівна" in work_list, work_list
    from cbi.duplicates.models import DuplicatePair

    pair = DuplicatePair.objects.get()
    compared = html.unescape(officer.get(reverse("duplicates:pair", args=[pair.pk])).content.decode())
    assert "відрізняється" in compared or "differs" in compared
