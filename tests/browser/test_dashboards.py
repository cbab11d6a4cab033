"""Issue #15 §1–2: the staff dashboards as each role uses them — a district officer on a phone
with text enlarged and only a keyboard, a regional department comparing its offices, the
ministry comparing regions and opening one; each sees only its scope (figures planted in other
districts and regions must not show). A chart's table and text summary are read, a table is
downloaded as CSV and as XLSX and parsed; axe on every state. And the public waiting-times page
with a region where fewer than five people got the product.

The figures (tests/statistics/test_dashboards.py::registry, refreshed on 30.11.2026):
Shevchenkivskyi — 6 persons of group II aged 40, 2 of group III aged 70; Pecherskyi (the same
region) — 7 of group I aged 66; a district of Lviv region — 9 children."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from cbi.accounts.models import Role
from cbi.statistics import services as statistics
from tests.browser.journeys import assert_no_horizontal_scroll, at_320, keyboard_only, text_200_by_the_site
from tests.browser.support import field, label_pattern, sign_in, t
from tests.conftest import SHEVCHENKIVSKYI, make_person, make_staff
from tests.statistics.test_dashboards import LVIV_REGION, TODAY, registry, removed  # noqa: F401 (fixture)
from tests.statistics.test_public_figures import deliver, rnokpp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARD = "/staff/dashboard/"


def _section(page, slug: str):
    return page.locator(f"section[aria-labelledby='{slug}']")


def _cells(section, row_label: str) -> list[str]:
    """The cells of the row headed ``row_label`` (soft hyphens of the page ignored)."""
    # Located by markup: the stacked table of a narrow screen is laid out as blocks.
    header = section.page.locator("th").filter(has_text=re.compile(rf"^\s*{label_pattern(row_label)}\s*$"))
    row = section.locator("tbody tr").filter(has=header)
    expect(row).to_have_count(1)
    return [text.replace("\u00ad", "").strip() for text in row.locator("td").all_inner_texts()]


def _download(page, keyboard, link_name: str) -> str:
    """Reach a download link with Tab, press Enter; the path of the downloaded file."""
    link = page.get_by_role("link", name=link_name)
    keyboard.tab_to(link, limit=200)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    return download.value.path()


def test_a_district_officer_reads_only_her_office_on_a_phone_by_keyboard(page, axe, live_server, registry,
                                                                         district_officer):
    sign_in(page, district_officer)
    at_320(page)
    text_200_by_the_site(page, live_server.url)
    keyboard = keyboard_only(page)
    page.goto(DASHBOARD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Шевченківськ")
    # The page says how fresh its figures are.
    expect(page.locator("main")).to_contain_text("30.11.2026")
    axe.check(page, "district dashboard")
    assert_no_horizontal_scroll(page, "district dashboard")

    persons = _section(page, "persons")
    # The chart is an image named by the table's title and described by the text summary.
    chart = persons.get_by_role("img", name=t("Persons in ЦБІ by disability group and age"))
    expect(chart).to_be_visible()
    summary = t("%(count)s persons with a disability status in force.", count=8)
    expect(persons.locator("p").filter(has_text=summary)).to_be_visible()
    assert chart.locator("desc").text_content() == summary
    # The table beside it: her office's six persons of group II, aged 35–59.
    assert _cells(persons, "II група") == ["0", "0", "6", "0", "6"]
    # Two persons of group III are hidden (fewer than 5), and so is nothing else that would give them away.
    assert _cells(persons, "III група")[-1] == "менше 5"
    # Pecherskyi's seven persons of group I and Lviv's nine children are not hers.
    assert _cells(persons, "I група")[-1] == "0"
    assert _cells(persons, "Дитина з інвалідністю")[-1] == "0"
    expect(page.locator("main")).not_to_contain_text("Печерськ")
    expect(page.locator("main")).not_to_contain_text("Львів")
    # A district office has no region to choose and no side-by-side table.
    expect(page.get_by_label(t("Region"), exact=True)).to_have_count(0)
    expect(_section(page, "side-by-side")).to_have_count(0)

    # The last quarter, chosen and shown with the keyboard only (a GET form, no script needed).
    period = field(page, t("Period"))
    keyboard.tab_to(period)
    period.select_option(label=t("the last quarter"))
    keyboard.activate(page.get_by_role("button", name=t("Show the figures")))
    expect(page).to_have_url(re.compile(r"period=3"))
    expect(field(page, t("Period"))).to_have_value("3")
    axe.check(page, "district dashboard, last quarter")
    assert_no_horizontal_scroll(page, "district dashboard, last quarter")

    title = t("Persons in ЦБІ by disability group and age")
    lines = list(csv.reader(io.StringIO(open(_download(
        page, keyboard, t("Download “%(title)s” as CSV", title=title)), encoding="utf-8-sig").read())))
    by_label = {line[0]: line[1:] for line in lines}
    assert by_label["II група"] == ["0", "0", "6", "0", "6"]
    assert by_label["III група"][-1] == "менше 5"
    assert by_label["I група"][-1] == "0"
    with open(_download(page, keyboard, t("Download “%(title)s” as XLSX (Excel)", title=title)), "rb") as xlsx_file:
        book = load_workbook(io.BytesIO(xlsx_file.read()))
    rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert rows[0][0] == title
    xlsx = {row[0]: row[1:] for row in rows[2:]}
    assert xlsx["II група"] == [0, 0, 6, 0, 6]
    assert xlsx["III група"][-1] == "менше 5"


def test_a_regional_department_compares_its_offices(page, axe, registry, regional_officer):
    sign_in(page, regional_officer)
    page.goto(DASHBOARD)
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(t("All of Ukraine"))
    offices = _section(page, "side-by-side")
    expect(offices.get_by_role("heading")).to_have_text(t("Offices side by side"))
    names = [name.replace("\u00ad", "").strip() for name in offices.locator("tbody th").all_inner_texts()]
    shevchenkivskyi = next(n for n in names if "Шевченківськ" in n)
    pecherskyi = next(n for n in names if "Печерськ" in n)
    assert not any("Львів" in n for n in names)
    # Persons in ЦБІ: 8 in Shevchenkivskyi, 7 in Pecherskyi, 15 in the region.
    assert _cells(offices, shevchenkivskyi)[0] == "8"
    assert _cells(offices, pecherskyi)[0] == "7"
    assert _cells(offices, "Усього")[0] == "15"
    persons = _section(page, "persons")
    assert _cells(persons, "I група")[-1] == "7"
    assert _cells(persons, "Дитина з інвалідністю")[-1] == "0"  # Lviv's children are another region's
    expect(page.get_by_label(t("Region"), exact=True)).to_have_count(0)
    axe.check(page, "regional dashboard")


def test_the_ministry_sees_regions_side_by_side_and_opens_one(page, axe, live_server, registry, organizations):
    ministry = make_staff(organizations, "analyst.ministry", Role.AUDITOR, "ministry", first="Наталія",
                          last="Кравченко")
    sign_in(page, ministry)
    keyboard = keyboard_only(page)
    page.goto(DASHBOARD)
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("All of Ukraine"))
    regions = _section(page, "side-by-side")
    expect(regions.get_by_role("heading")).to_have_text(t("Regions side by side"))
    assert _cells(regions, "Львівська обл.")[0] == "9"
    assert _cells(regions, "м. Київ")[0] == "15"
    assert _cells(regions, "Усього")[0] == "24"
    axe.check(page, "ministry dashboard")

    region = field(page, t("Region"))
    keyboard.tab_to(region)
    region.select_option(label="Львівська обл.")
    keyboard.activate(page.get_by_role("button", name=t("Show the figures")))
    expect(page).to_have_url(re.compile(rf"region={LVIV_REGION}"))
    persons = _section(page, "persons")
    assert _cells(persons, "Дитина з інвалідністю") == ["9", "0", "0", "0", "9"]
    assert _cells(persons, "II група")[-1] == "0"  # Kyiv's persons are not Lviv's
    expect(_section(page, "side-by-side").get_by_role("heading")).to_have_text(t("Offices side by side"))
    axe.check(page, "ministry dashboard, one region")

    lines = list(csv.reader(io.StringIO(open(_download(
        page, keyboard, t("Download “%(title)s” as CSV", title=t("Offices side by side"))),
        encoding="utf-8-sig").read())))
    assert lines[-1][:2] == ["Усього", "9"]
    assert not any("Київ" in line[0] for line in lines)


def test_a_regional_officer_follows_a_removals_figure_to_the_decisions_behind_it(page, axe, organizations,
                                                                                 regional_officer):
    """Five people of Kyiv removed on CQ-RM-1 in October: the officer presses the figure with the
    keyboard and reads the five confirmed removals — not the dismissed proposal, not Lviv's."""
    removed(organizations[SHEVCHENKIVSKYI], organizations["rd-80"], 5)
    removed(organizations[SHEVCHENKIVSKYI], organizations["rd-80"], 1, confirmed=False, surname="Олійник")
    lviv_office = next(o for o in organizations.values() if o.parent_id == organizations[LVIV_REGION].pk)
    removed(lviv_office, organizations[LVIV_REGION], 1, surname="Гнатюк")
    statistics.refresh_public_statistics(today=TODAY)
    sign_in(page, regional_officer)
    keyboard = keyboard_only(page)
    page.goto(DASHBOARD)
    removals = _section(page, "queue-removals")
    figure = removals.locator("tbody tr").filter(has_text="CQ-RM-1").get_by_role("link", name="5")
    keyboard.tab_to(figure, limit=300)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"decided=removal.*rule=CQ-RM-1|rule=CQ-RM-1.*decided=removal"))
    decided = page.locator("section[aria-labelledby='decided-title']")
    expect(decided.get_by_role("heading", level=2)).to_contain_text("CQ-RM-1")
    rows = decided.locator("tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text("Ткаченко")
    expect(rows.first).to_contain_text("05.10.2026")
    expect(decided).not_to_contain_text("Олійник")
    expect(decided).not_to_contain_text("Гнатюк")
    axe.check(page, "queue decisions behind a dashboard figure")

    # The same list for a period with none says so in words, not with an empty table.
    page.goto("/staff/car-queue/removals/?decided=removal&rule=CQ-RM-1&since=2026-11-01")
    expect(page.locator("section[aria-labelledby='decided-title']")).to_contain_text(
        t("No such decisions in this period."))
    axe.check(page, "queue decisions, none in the period")


@pytest.fixture
def wheelchairs_in_kyiv_and_two_in_lviv(organizations, district_officer, wheelchair):
    """Six wheelchairs handed over in Shevchenkivskyi (30–120 days), two in a district of Lviv
    region (47 and 83 days)."""
    office = organizations[SHEVCHENKIVSKYI]
    for i, (days, surname) in enumerate(zip([30, 61, 94, 94, 100, 120],
                                            ["Петренко", "Коваль", "Шевчук", "Бондар", "Ткачук", "Мельник"])):
        person = make_person(office, surname=surname, rnokpp=rnokpp(f"29163057{i}"),
                             date_of_birth=date(1970 + i, 5, 14))
        delivered = date(2026, 6, 1) + timedelta(days=7 * i)
        deliver(person=person, officer=district_officer, product=wheelchair,
                submitted=delivered - timedelta(days=days), delivered=delivered, username=f"kyiv{i}")
    lviv_office = next(o for o in organizations.values() if o.parent_id == organizations[LVIV_REGION].pk)
    lviv_officer = make_staff(organizations, "officer.lviv", Role.DISTRICT_OFFICER, lviv_office.code,
                              first="Тарас", last="Гнатюк")
    for i, (days, surname) in enumerate(zip([47, 83], ["Гнатюк", "Федорів"])):
        person = make_person(lviv_office, surname=surname, rnokpp=rnokpp(f"29163058{i}"),
                             date_of_birth=date(1958, 2, 3))
        delivered = date(2026, 7, 6) + timedelta(days=5 * i)
        deliver(person=person, officer=lviv_officer, product=wheelchair,
                submitted=delivered - timedelta(days=days), delivered=delivered, username=f"lviv{i}")
    statistics.refresh_public_statistics(today=date(2026, 11, 30))


def test_anyone_sees_no_figure_for_a_region_where_fewer_than_five_got_it(page, axe,
                                                                          wheelchairs_in_kyiv_and_two_in_lviv):
    """Lviv region: two wheelchairs. The sentence and the region's row say "fewer than 5"; their
    47 and 83 days appear nowhere."""
    page.goto("/statistics/")
    field(page, t("Assistive product")).select_option(label="Крісла колісні з ручним приводом")
    field(page, t("Region")).select_option(label="Львівська обл.")
    page.get_by_role("button", name=t("Show the waiting time")).click()
    expect(page.locator(".answer")).to_contain_text("Менше ніж 5 людей отримали цей засіб тут за останні 12 місяців")
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name=re.compile("Львівська обл."))).to_contain_text("менше 5")
    # The figures' refresh time ("…2028 06:47") is a clock reading, not a wait: left out.
    main = re.sub(r"\d{1,2}\.\d{1,2}\.\d{4}(\s+\d{1,2}:\d{2})?", "", page.locator("main").inner_text())
    assert "47" not in main and "83" not in main
    axe.check(page, "statistics, a suppressed region")
