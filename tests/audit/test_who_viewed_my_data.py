"""The cabinet's "Who viewed my data" (issue #12 §2): the person and their legal
representative see every read by staff and automated jobs, never the officer's name."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import pytest
from django.test import Client
from django.urls import reverse

from cbi.audit import access
from cbi.audit.models import AccessEvent
from cbi.audit.selectors import officer_reference
from cbi.cabinet.error_codes import CabinetErrorCode
from tests.applications.fixtures import cabinet_user_for
from tests.conftest import PECHERSKYI, make_person
from tests.errors import form_error_codes

pytestmark = pytest.mark.django_db
PAGE = "/cabinet/who-viewed-my-data/"
CSV = "/cabinet/who-viewed-my-data.csv"


def signed_in_cabinet(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def read_on(moment: datetime, officer, person, **kwargs):
    access.access_person(officer, person.pk, **kwargs)
    AccessEvent.objects.filter(pk=AccessEvent.objects.latest("pk").pk).update(at=moment)


@pytest.fixture
def reads(person, district_officer, auditor):
    read_on(datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc), district_officer, person)  # 09:30 in Kyiv
    read_on(datetime(2026, 4, 15, 12, 5, tzinfo=timezone.utc), auditor, person,
            event_type=AccessEvent.EventType.PERSON_HISTORY)


def test_the_person_sees_who_read_their_data_in_kyiv_time_without_names(person, reads, district_officer):
    page = signed_in_cabinet(cabinet_user_for(person, "olena.petrenko")).get(PAGE).content.decode()
    assert "02.03.2026 09:30" in page and "15.04.2026 15:05" in page
    assert district_officer.staff_profile.organization.name in page
    assert officer_reference(district_officer.pk) in page
    assert district_officer.last_name not in page and district_officer.username not in page
    assert "<caption>" in page and 'scope="col"' in page and 'scope="row"' in page
    assert page.index("15.04.2026") < page.index("02.03.2026")  # newest first


def test_the_home_page_links_to_it(person):
    page = signed_in_cabinet(cabinet_user_for(person, "olena.petrenko")).get("/cabinet/").content.decode()
    assert f'href="{PAGE}"' in page


def test_the_persons_own_reads_are_not_listed(person, passport_scan_for, reads):
    user = cabinet_user_for(person, "olena.petrenko")
    client = signed_in_cabinet(user)
    scan = passport_scan_for(person)
    assert client.get(f"/documents/{scan.pk}/").status_code == 200
    assert AccessEvent.objects.filter(channel="cabinet").count() == 1
    page = client.get(PAGE).content.decode()
    assert page.count("<tr>") == 1 + 2  # the header and the two officers' reads


def test_filter_by_period(person, reads):
    client = signed_in_cabinet(cabinet_user_for(person, "olena.petrenko"))
    page = client.get(PAGE, {"date_from_day": "1", "date_from_month": "4", "date_from_year": "2026",
                             "date_to_day": "30", "date_to_month": "4", "date_to_year": "2026"}).content.decode()
    assert "15.04.2026" in page and "02.03.2026" not in page
    empty = client.get(PAGE, {"date_from_day": "1", "date_from_month": "5", "date_from_year": "2026"}).content.decode()
    assert "У цей період ваші дані ніхто не переглядав." in empty


def test_a_period_that_ends_before_it_starts_is_explained(person, reads):
    client = signed_in_cabinet(cabinet_user_for(person, "olena.petrenko"))
    response = client.get(PAGE, {"date_from_day": "30", "date_from_month": "4", "date_from_year": "2026",
                                 "date_to_day": "1", "date_to_month": "4", "date_to_year": "2026"})
    form = response.context["form"]
    assert form_error_codes(form) == {"date_to": [CabinetErrorCode.PERIOD_ENDS_BEFORE_START.value]}
    assert not response.context["rows"]


def test_csv_download_with_the_same_period(person, reads, district_officer):
    client = signed_in_cabinet(cabinet_user_for(person, "olena.petrenko"))
    response = client.get(CSV, {"date_to_day": "31", "date_to_month": "3", "date_to_year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == "02.03.2026 09:30:00"
    assert rows[1][1] == district_officer.staff_profile.organization.name
    assert officer_reference(district_officer.pk) in rows[1][2]


def test_the_representative_sees_the_represented_persons_reads_and_not_others(person, organizations, reads,
                                                                             district_officer):
    son = make_person(organizations[PECHERSKYI], surname="Петренко", given_name="Максим", patronymic="Олегович",
                      date_of_birth=date(2015, 6, 12), sex="male", rnokpp="3567890121")
    mother = cabinet_user_for(None, "oksana.petrenko", represents=[person])
    page = signed_in_cabinet(mother).get(PAGE).content.decode()
    assert "02.03.2026 09:30" in page
    # Another family's reads are not hers to see, whatever the session says.
    other = cabinet_user_for(son, "maksym.petrenko")
    client = signed_in_cabinet(other)
    session = client.session
    session["cabinet_acting_for"] = str(person.pk)
    session.save()
    page = client.get(PAGE).content.decode()
    assert "02.03.2026" not in page and "Ваші дані ще ніхто не переглядав." in page
    assert "02.03.2026" not in client.get(CSV).content.decode("utf-8-sig")


def test_not_signed_in_goes_to_the_sign_in_page(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("cabinet:login"))
    assert client.get(CSV).status_code == 302


def test_automated_reads_are_listed_as_such(person):
    from cbi.integrations import services as integration_services

    integration_services.request_check(person=person, actor=None, period_from=date(2016, 1, 1),
                                       period_to=date(2026, 1, 1))
    page = signed_in_cabinet(cabinet_user_for(person, "olena.petrenko")).get(PAGE).content.decode()
    row = page[page.index("<tbody>"):page.index("</tbody>")]
    assert "Автоматичне завдання: перевірка в реєстрі транспортних засобів" in row


@pytest.fixture
def passport_scan_for(district_officer):
    from cbi.documents import services as document_services
    from cbi.documents.models import Document
    from tests.documents.files import pdf, upload

    def make(person):
        return document_services.store_document(file=upload("Паспорт Петренко.pdf", pdf(1024)),
                                                kind=Document.Kind.PASSPORT, person=person, actor=district_officer)
    return make


def test_the_office_finds_the_officer_by_the_number_on_its_access_log(person, reads, district_officer, auditor):
    from tests.conftest import signed_in

    page = signed_in(auditor).get("/staff/audit/access-log/").content.decode()
    row = next(r for r in page.split("<tr>") if officer_reference(district_officer.pk) in r)
    assert district_officer.get_full_name() in row
