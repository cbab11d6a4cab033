"""Car-queue back office in the browser: the rules settings (administrator edits with a
confirmation, officers read) and the officers' what-if page, each state checked with axe.

These pages' strings are new and not yet in the Ukrainian catalogue, so the tests switch the
UI to English (Django's language cookie) after the real sign-in and select by the English
msgids; one test stays in Ukrainian and checks only axe and the heading structure."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cbi.carqueue.models import RulesSettings
from cbi.carqueue.settings.selectors import current_rules_config
from tests.browser.support import active_element, date_part, fill_date, label_pattern, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SETTINGS = "/staff/car-queue/settings/"
WHAT_IF = "/staff/car-queue/what-if/"
REASON = "Лист Мінсоцполітики № 12/3-456 від 03.06.2024"


def in_english(page: Page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def control(page: Page, label: str):
    """A control by its English label, with or without “(optional)”."""
    return page.get_by_label(re.compile(rf"^{label_pattern(label)}( \(.+\))?$"))


def expect_error_state(page: Page, *messages: str) -> None:
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_visible()
    for message in messages:
        expect(summary).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary).to_be_focused()


def headings(page: Page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all("main h1, main h2, main h3",
                                     "els => els.map(e => [e.tagName, e.textContent.trim()])")


def test_pages_in_ukrainian_have_one_h1_and_pass_axe(page, axe, administrator, district_officer):
    sign_in(page, administrator)
    page.goto(SETTINGS)
    levels = [tag for tag, _ in headings(page)]
    assert levels.count("H1") == 1 and levels[0] == "H1" and "H2" in levels
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    axe.check(page, "carqueue settings uk")
    page.goto(SETTINGS + "change/")
    assert [tag for tag, _ in headings(page)].count("H1") == 1
    axe.check(page, "carqueue settings form uk")

    page.get_by_role("button", name="Вийти").click()
    sign_in(page, district_officer)
    page.goto(WHAT_IF)
    levels = [tag for tag, _ in headings(page)]
    assert levels.count("H1") == 1 and levels.count("H2") >= 6
    axe.check(page, "carqueue what-if uk")


def test_administrator_changes_the_quotas_with_an_error_first(page, axe, administrator, live_server):
    sign_in(page, administrator)
    in_english(page, live_server)
    page.goto(SETTINGS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Car-queue rules settings")
    table = page.get_by_role("table", name="Current settings")
    expect(table.get_by_role("row", name=re.compile("Share of each batch of cars for the first-priority queue"))
           ).to_contain_text("50 %")
    expect(table).to_contain_text("CQ-DATE-8")
    expect(page.get_by_text("No changes are recorded yet.")).to_be_visible()
    axe.check(page, "settings view")

    page.get_by_role("link", name="Change the settings").click()
    axe.check(page, "settings form")
    first = control(page, "Share of each batch of cars for the first-priority queue, in per cent")
    expect(first).to_have_value("50")
    first.fill("60")
    control(page, "Reason for the change").fill(REASON)
    page.get_by_role("button", name="Continue").click()
    expect_error_state(page, "The three shares add up to 110 %")
    expect(first).to_have_attribute("aria-invalid", "true")
    axe.check(page, "settings form error")
    assert not RulesSettings.objects.exists()

    first.fill("40")
    control(page, "Share of each batch of cars for the out-of-turn queue, in per cent").fill("40")
    page.get_by_role("group", name="Enrollment date for a work-injury disability").get_by_role(
        "radio", name="the date of the assessment that found indications").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the changes")
    changes = page.get_by_role("table", name="What changes")
    expect(changes.get_by_role("row", name=re.compile("first-priority queue"))).to_contain_text("50 %")
    expect(changes.get_by_role("row", name=re.compile("first-priority queue"))).to_contain_text("40 %")
    expect(changes).to_contain_text("the date of the assessment that found indications")
    expect(page.get_by_text(REASON)).to_be_visible()
    axe.check(page, "settings confirm")
    assert not RulesSettings.objects.exists()

    page.get_by_role("button", name="Save the changes").click()
    expect(page).to_have_url(re.compile(re.escape(SETTINGS) + "$"))
    expect(page.get_by_role("status")).to_contain_text("The rules settings are saved.")
    history = page.get_by_role("region", name="Change history")
    expect(history).to_contain_text(REASON)
    expect(history).to_contain_text("Сергій Ткаченко")
    expect(history.get_by_role("row", name=re.compile("out-of-turn queue"))).to_contain_text("30 %")
    axe.check(page, "settings history")
    assert current_rules_config().work_injury_enrollment_rule == "assessment_date"


def test_officer_reads_the_settings_without_a_change_link(page, axe, district_officer, live_server):
    sign_in(page, district_officer)
    in_english(page, live_server)
    page.goto(SETTINGS)
    expect(page.get_by_role("table", name="Current settings")).to_contain_text("CQ-CAT-3")
    expect(page.get_by_role("link", name="Change the settings")).to_have_count(0)
    expect(page.get_by_text("Only an administrator can change these settings.")).to_be_visible()
    axe.check(page, "settings read-only")


def fill_petrenko(page: Page) -> None:
    fill_date(page, "Date of the evaluation", "15.05.2024")
    fill_date(page, "Date of birth", "02.03.1975")
    page.get_by_role("radio", name="group II", exact=True).check()
    page.get_by_role("group", name="Disability established").get_by_role("radio", name="indefinitely").check()
    fill_date(page, "Disability established on", "10.01.2020")
    control(page, "Assessment body").select_option("expert_team")
    fill_date(page, "Date of the assessment", "02.04.2024")
    page.get_by_label("The assessment found medical indications for a car").check()
    fill_date(page, "Date the application was registered", "12.03.2024")
    page.get_by_role("radio", name="in person").check()


def test_what_if_empty_error_eligible_and_ineligible(page, axe, district_officer, live_server):
    sign_in(page, district_officer)
    in_english(page, live_server)
    page.goto(WHAT_IF)
    expect(page.get_by_role("heading", level=1)).to_have_text("Try the car-queue rules on a case")
    expect(page.get_by_role("region", name="Result")).to_have_count(0)
    axe.check(page, "what-if empty")

    page.get_by_role("button", name="Evaluate").click()
    expect_error_state(page, "Fill in “Date of birth”.", "Choose “Disability group”.")
    expect(date_part(page, "Date of birth", "year")).to_have_attribute("aria-invalid", "true")
    axe.check(page, "what-if error")

    fill_petrenko(page)
    page.get_by_role("button", name="Evaluate").click()
    result = page.get_by_role("region", name="Result")
    expect(result).to_contain_text("The person can be enrolled in the car queue.")
    expect(result).to_contain_text("general queue")
    expect(result).to_contain_text("02.04.2024")
    expect(result).to_contain_text("free of charge")
    rules = result.get_by_role("table", name="Every rule applied")
    expect(rules.get_by_role("row")).to_have_count(30)  # header + 29 rules
    expect(rules.get_by_role("row", name=re.compile("^CQ-DATE-1"))).to_contain_text("applied")
    expect(rules.get_by_role("row", name=re.compile("^CQ-DATE-1"))).to_contain_text("Постанова КМУ № 999, п. 36")
    axe.check(page, "what-if eligible")

    control(page, "Kind of vehicle").select_option("car")
    control(page, "How the vehicle was acquired").select_option("purchased")
    fill_date(page, "Vehicle in operation since", "01.06.2019")
    fill_date(page, "Date the vehicle was registered to the owner", "10.06.2019")
    page.get_by_role("button", name="Evaluate").click()
    result = page.get_by_role("region", name="Result")
    expect(result).to_contain_text("The person cannot be enrolled in the car queue.")
    expect(result.get_by_role("row", name=re.compile("^CQ-ELIG-2"))).to_contain_text("not met")
    axe.check(page, "what-if ineligible")
    assert not RulesSettings.objects.exists()


def tab_to(page: Page, element_id: str, limit: int = 250) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active_element(page)["id"] == element_id:
            return
    pytest.fail(f"#{element_id} is not reachable with the Tab key")


def type_date(page: Page, name: str, value: str) -> None:
    """A date's three boxes, day, month and year: Tab to the day, type; Tab, type; Tab, type."""
    tab_to(page, f"id_{name}_day")
    for i, text in enumerate(value.split(".")):
        if i:
            page.keyboard.press("Tab")
        page.keyboard.type(text)
    for part, text in zip(("day", "month", "year"), value.split(".")):
        expect(page.locator(f"#id_{name}_{part}")).to_have_value(text)


def test_what_if_with_the_keyboard_only(page, axe, district_officer, live_server):
    sign_in(page, district_officer)
    in_english(page, live_server)
    page.goto(WHAT_IF)
    type_date(page, "evaluation_date", "15.05.2024")
    type_date(page, "birth_date", "02.03.1975")
    tab_to(page, "id_disability_group_0")
    page.keyboard.press("ArrowDown")  # group I → group II (arrows move and select)
    tab_to(page, "id_disability_term_0")
    page.keyboard.press("ArrowDown")  # for a fixed term → indefinitely
    type_date(page, "established_on", "10.01.2020")
    tab_to(page, "id_assessment_kind")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # no assessment → МСЕК → expert team
    type_date(page, "assessed_on", "02.04.2024")
    tab_to(page, "id_indications_for_car")
    page.keyboard.press("Space")
    type_date(page, "registered_on", "12.03.2024")
    tab_to(page, "id_received_via_0")
    page.keyboard.press("Space")
    for _ in range(60):
        page.keyboard.press("Tab")
        if active_element(page)["text"] == "Evaluate":
            break
    page.keyboard.press("Enter")
    result = page.get_by_role("region", name="Result")
    expect(result).to_contain_text("The person can be enrolled in the car queue.")
    expect(result).to_contain_text("02.04.2024")
    expect(control(page, "Assessment body")).to_have_value("expert_team")
    axe.check(page, "what-if keyboard result")
