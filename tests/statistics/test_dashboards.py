"""Staff dashboards (issue #15 §1): each office, region and the ministry sees the figures of its
own scope, from the nightly summary rows; small counts are hidden; tables download as CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from cbi.applications import workflow
from cbi.applications.models import STATUS_LABELS
from cbi.registry.models import DisabilityStatus
from cbi.statistics import dashboard
from cbi.statistics import services as statistics
from cbi.statistics.models import DashboardFigure
from tests.conftest import PECHERSKYI, SHEVCHENKIVSKYI, make_person, signed_in
from tests.carqueue.test_applications import applicant, register  # noqa: F401 (fixture)
from tests.clock import KYIV
from tests.statistics.test_public_figures import kyiv_wheelchairs, rnokpp  # noqa: F401 (fixture)

TODAY = date(2026, 11, 30)
LVIV_REGION = "rd-46"


def _people(office, count: int, *, group: str, born: date, surname: str, start: int):
    for i in range(count):
        person = make_person(office, surname=surname, given_name="Олена", rnokpp=rnokpp(f"3{start + i:08d}"),
                             date_of_birth=born)
        DisabilityStatus.objects.create(person=person, group=group, cause="general_disease",
                                        established_on=date(2024, 5, 15))


@pytest.fixture
def registry(organizations):
    """Shevchenkivskyi: 6 persons of group II aged 40 and 2 of group III aged 70; Pecherskyi: 7
    of group I aged 66; a district of Lviv region: 9 children."""
    _people(organizations[SHEVCHENKIVSKYI], 6, group="II", born=date(1986, 3, 27), surname="Петренко", start=1000)
    _people(organizations[SHEVCHENKIVSKYI], 2, group="III", born=date(1956, 1, 2), surname="Коваль", start=2000)
    _people(organizations[PECHERSKYI], 7, group="I", born=date(1960, 7, 1), surname="Шевчук", start=3000)
    lviv_office = next(o for o in organizations.values() if o.parent_id == organizations[LVIV_REGION].pk)
    _people(lviv_office, 9, group="child", born=date(2015, 9, 1), surname="Бондар", start=4000)
    statistics.refresh_public_statistics(today=TODAY)
    return lviv_office


def _csv(client, slug: str, query: str = "") -> list[list[str]]:
    response = client.get(reverse("dashboard:download", kwargs={"slug": slug, "fmt": "csv"}) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _row(lines: list[list[str]], label_start: str) -> list[str]:
    return next(line for line in lines if line[0].lower().startswith(label_start.lower()))


def test_age_bands_follow_the_ages():
    assert [dashboard.age_band(age) for age in (0, 17, 18, 34, 35, 59, 60, 95)] == [
        "0-17", "0-17", "18-34", "18-34", "35-59", "35-59", "60+", "60+"]


def test_the_refresh_stores_office_region_and_country_totals(registry, organizations):
    def persons(level, org):
        return sum(DashboardFigure.objects.filter(level=level, organization=org, measure=dashboard.PERSONS)
                   .values_list("value", flat=True))

    assert persons("office", organizations[SHEVCHENKIVSKYI]) == 8
    assert persons("office", organizations[PECHERSKYI]) == 7
    assert persons("region", organizations["rd-80"]) == 15
    assert persons("region", organizations[LVIV_REGION]) == 9
    assert persons("country", None) == 24


def test_a_district_officer_sees_only_their_office(registry, district_officer):
    client = signed_in(district_officer)
    page = client.get(reverse("dashboard:dashboard"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Шевченківськ" in text
    assert "Печерськ" not in text
    lines = _csv(client, "persons")
    assert _row(lines, "II група")[-1] == "6"
    # Pecherskyi's seven persons of group I are not in Shevchenkivskyi's figures.
    assert _row(lines, "I група")[-1] == "0"
    # No side-by-side table for an office.
    assert client.get(reverse("dashboard:download", kwargs={"slug": "side-by-side", "fmt": "csv"})).status_code == 404


def test_a_district_officer_cannot_ask_for_another_region(registry, district_officer):
    client = signed_in(district_officer)
    lines = _csv(client, "persons", f"?region={LVIV_REGION}")
    assert _row(lines, "Дитина")[-1] == "0"
    assert _row(lines, "II група")[-1] == "6"


def test_two_persons_of_a_group_are_not_shown(registry, district_officer):
    client = signed_in(district_officer)
    lines = _csv(client, "persons")
    group_three = _row(lines, "III група")
    assert group_three[-1] == "менше 5"
    assert "2" not in group_three
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "менше 5" in page


def test_a_regional_department_sees_its_offices_side_by_side(registry, regional_officer, organizations):
    client = signed_in(regional_officer)
    lines = _csv(client, "persons")
    assert _row(lines, "I група")[-1] == "7"
    assert _row(lines, "II група")[-1] == "6"
    offices = _csv(client, "side-by-side")
    names = [line[0] for line in offices]
    assert any("Печерськ" in name for name in names)
    assert not any("Львів" in name for name in names)
    assert _row(offices, "Усього")[1] == "15"


def test_the_ministry_compares_regions_and_can_open_one(registry, auditor, organizations):
    client = signed_in(auditor)
    regions = _csv(client, "side-by-side")
    assert _row(regions, "Львівська")[1] == "9"
    assert _row(regions, "м. Київ")[1] == "15"
    lviv = _csv(client, "persons", f"?region={LVIV_REGION}")
    assert _row(lviv, "Дитина")[-1] == "9"
    assert _row(lviv, "II група")[-1] == "0"


def test_the_xlsx_download_has_the_same_cells(registry, district_officer):
    client = signed_in(district_officer)
    response = client.get(reverse("dashboard:download", kwargs={"slug": "persons", "fmt": "xlsx"}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dashboard-persons.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    by_label = {str(row[0]).lower(): row for row in rows[2:]}
    group_two = next(row for label, row in by_label.items() if label.startswith("ii група"))
    assert group_two[-1] == 6
    group_three = next(row for label, row in by_label.items() if label.startswith("iii група"))
    assert group_three[-1] == "менше 5"


def test_the_page_says_when_the_figures_were_refreshed(registry, district_officer):
    page = signed_in(district_officer).get(reverse("dashboard:dashboard")).content.decode()
    assert "30.11.2026" in page
    assert 'role="img"' in page


def test_before_the_first_refresh_the_page_says_so(organizations, district_officer):
    page = signed_in(district_officer).get(reverse("dashboard:dashboard"))
    assert page.status_code == 200
    assert "Цифри ще не пораховано" in page.content.decode()


def test_a_cabinet_user_or_anonymous_gets_no_dashboard(client):
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 302
    assert "/staff/" in response["Location"]



# --- Decisions in time / late against the deadlines the project tracks -----------------------------

def _uk(text: str, **values) -> str:
    """A label as the page shows it (Ukrainian), whether or not its translation is compiled yet."""
    with translation.override("uk"):
        return str(gettext(text) % values if values else gettext(text))


def _step(status: str) -> str:
    with translation.override("uk"):
        label = str(STATUS_LABELS[status])
    return _uk("Assistive-product application, step “%(status)s” (%(days)s days)",
               status=label, days=workflow.DUE_DAYS[status])


def test_application_steps_are_counted_in_time_late_and_overdue(kyiv_wheelchairs, district_officer):
    """Six wheelchairs of Shevchenkivskyi: each request waited 30–120 days to be registered (3 days
    allowed: late), every later step was taken on the day of the handover (in time), and nobody
    closed the applications within 10 days of it (overdue on 30.11.2026)."""
    statistics.refresh_public_statistics(today=TODAY)
    client = signed_in(district_officer)
    lines = _csv(client, "deadlines")
    assert lines[0] == ["", "виконано вчасно", "виконано із запізненням", _uk("not done, overdue"),
                        _uk("not done, not yet due"), "Усього"]
    assert _row(lines, _step(workflow.SUBMITTED))[1:] == ["0", "6", "0", "0", "6"]
    assert _row(lines, _step(workflow.REGISTERED))[1:] == ["6", "0", "0", "0", "6"]
    assert _row(lines, _step(workflow.PROVIDED))[1:] == ["0", "0", "6", "0", "6"]
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert _uk("Decisions in time and late against the deadlines") in page
    # The overdue cell opens the work list of the overdue applications at that step.
    assert "?status=provided&amp;overdue=on" in page


def test_a_car_application_deadline_is_counted_when_it_passes(applicant, district_officer, organizations):
    """Referrals not issued by the CQ-FLOW-1 deadline are overdue on the day of the refresh; the
    one case is stored but not shown (fewer than 5)."""
    with time_machine.travel(datetime(2026, 10, 1, 10, tzinfo=KYIV), tick=False):
        register(district_officer, applicant, received_on=date(2026, 10, 1))
    statistics.refresh_public_statistics(today=TODAY)
    figures = DashboardFigure.objects.filter(measure=dashboard.DEADLINES, level=DashboardFigure.Level.OFFICE,
                                             organization=organizations[SHEVCHENKIVSKYI])
    assert [(f.key, f.subkey, f.value) for f in figures] == [("car_queue:referrals", "overdue", 1)]
    lines = _csv(signed_in(district_officer), "deadlines")
    assert len(lines) == 2
    assert lines[1][0].endswith("(CQ-FLOW-1)")
    assert lines[1][3] == "менше 5" and "1" not in lines[1][1:]


def test_survey_and_enrollment_figures_link_to_their_lists(registry, district_officer):
    """The officer checks a survey figure in the survey results and an enrollment figure in the
    queue list of that part of the queue."""
    page = signed_in(district_officer).get(reverse("dashboard:dashboard")).content.decode()
    assert f'href="{reverse("applications_staff:surveys")}"' in page
    # Queue length (the cell) and enrollments (the row and its cell) of the general queue.
    assert page.count(f'href="{reverse("carqueue:queue_list")}?category=general"') == 3


def removed(office, region, n, *, confirmed=True, surname="Ткаченко"):
    """``n`` persons of ``office`` removed from ``region``'s queue on CQ-RM-1 on 05.10.2026 (a
    dismissed proposal when ``confirmed`` is False)."""
    from cbi.carqueue.models import QueueDecision, QueueEntry

    status = QueueDecision.Status.CONFIRMED if confirmed else QueueDecision.Status.DISMISSED
    for i in range(n):
        person = make_person(office, surname=surname, given_name="Микола", rnokpp=rnokpp(f"2{i + len(surname):08d}"),
                             date_of_birth=date(1970, 4, 2 + i))
        entry = QueueEntry.objects.create(person=person, region=region, category="general",
                                          enrollment_date=date(2020, 1, 10), journal_number=100 + len(surname) * 10 + i,
                                          status=QueueEntry.Status.REMOVED)
        QueueDecision.objects.create(entry=entry, kind=QueueDecision.Kind.REMOVAL, status=status,
                                     rule_id="CQ-RM-1", citation="Порядок № 999, п. 8",
                                     reason_uk="Інвалідність не підтверджено.", effective_on=date(2026, 10, 5))


def test_removals_by_ground_and_cars_provided_open_the_decisions_behind_them(organizations, regional_officer):
    """The regional officer sees 5 people removed on CQ-RM-1 this year, follows the figure and reads
    the five confirmed removals (and not the one dismissed, nor another region's)."""
    lviv_office = next(o for o in organizations.values() if o.parent_id == organizations[LVIV_REGION].pk)

    removed(organizations[SHEVCHENKIVSKYI], organizations["rd-80"], 5)
    removed(organizations[SHEVCHENKIVSKYI], organizations["rd-80"], 1, confirmed=False,
            surname="Олійник")
    removed(lviv_office, organizations[LVIV_REGION], 1, surname="Гнатюк")
    statistics.refresh_public_statistics(today=TODAY)
    client = signed_in(regional_officer)

    page = client.get(reverse("dashboard:dashboard")).content.decode()
    link = f'{reverse("carqueue:removal_list")}?decided=removal&amp;since='
    assert page.count(link) >= 2  # "removed from the queue" and the CQ-RM-1 row of removals by ground
    assert "rule=CQ-RM-1" in page
    assert f'{reverse("carqueue:removal_list")}?decided=car_provided&amp;since=' in page

    listed = client.get(reverse("carqueue:removal_list"),
                        {"decided": "removal", "rule": "CQ-RM-1", "since": "2026-01-01"}).content.decode()
    assert listed.count("Ткаченко") == 5
    assert "Олійник" not in listed and "Гнатюк" not in listed
    assert "Порядок № 999, п. 8" in listed
    bad = client.get(reverse("carqueue:removal_list"), {"decided": "removal", "since": "31.12"})
    assert bad.status_code == 200 and "Ткаченко" not in bad.content.decode()
