"""Dates as people type them (issue #11): day, month and year in three boxes, in the
primary registration, in Ukrainian. A person types a two-digit year; the error names the
year, the error summary takes them to the year box, they correct it and go on. A screen
reader hears the group by its legend and each box by its own label."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cbi.primary.models import PrimaryRegistration
from tests.browser.support import (
    active_element, date_box, date_field, expect_error_summary, expect_field_error, field, t,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/primary-registration/"


def continue_(page):
    page.get_by_role("button", name=t("Continue"), exact=True).click()
    page.wait_for_load_state()


def test_a_two_digit_year_is_named_and_the_summary_takes_the_person_to_the_year(page, axe, organizations):
    page.goto(f"{BASE}who/")
    page.get_by_role("radio", name=t("For myself"), exact=True).check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("The person's details"))
    person_step = page.url

    # What a screen reader hears: the group by its legend, with the hint; each box by its label.
    birth = date_field(page, t("Date of birth"))
    expect(birth).to_have_accessible_name(t("Date of birth"))
    expect(birth).to_have_accessible_description(t("For example, 27 3 2007."))
    day, month, year = (date_box(birth, part) for part in ("day", "month", "year"))
    for box, name in ((day, "День"), (month, "Місяць"), (year, "Рік")):
        expect(box).to_have_accessible_name(name)
        expect(box).to_have_attribute("inputmode", "numeric")
        expect(box).to_have_attribute("type", "text")
    expect(day).to_have_attribute("autocomplete", "bday-day")
    expect(year).to_have_attribute("autocomplete", "bday-year")
    assert page.locator("input[type=date]").count() == 0
    axe.check(page, "date-input")

    field(page, t("Surname")).fill("Коваль")
    field(page, t("Given name")).fill("Марія")
    day.fill("7")
    month.fill("3")
    year.fill("15")
    page.get_by_role("radio", name=t("female"), exact=True).check()
    field(page, t("Taxpayer number (РНОКПП)")).fill("3456789014")
    field(page, t("Mobile phone")).fill("067 123 45 67")
    field(page, t("E-mail")).fill("maria.koval@example.com")
    continue_(page)

    message = t("Enter the year in four digits, for example 2007.")
    assert message == "Вкажіть рік чотирма цифрами, наприклад 2007."
    summary = expect_error_summary(page, message)
    axe.check(page, "date-input-year-error")
    # Only the year is marked wrong, and it is described by the message.
    expect_field_error(year, message)
    for box in (day, month):
        expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(year).to_have_accessible_description(re.compile(re.escape(message)))
    # What was typed is still there.
    expect(day).to_have_value("7")
    expect(month).to_have_value("3")
    expect(year).to_have_value("15")

    # From the summary (it has focus), Tab reaches the link; Enter moves the focus to the year.
    link = summary.get_by_role("link", name=message)
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(year).to_be_focused()
    assert active_element(page)["name"] == "date_of_birth_year"

    # The person corrects the year (and types the month as a word, as some do) and goes on.
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("2007")
    month.fill("березня")
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Registered address"))
    assert PrimaryRegistration.objects.get().date_of_birth == date(2007, 3, 7)

    # Back on the step, the three boxes show the stored date.
    page.goto(person_step)
    birth = date_field(page, t("Date of birth"))
    expect(date_box(birth, "day")).to_have_value("7")
    expect(date_box(birth, "month")).to_have_value("3")
    expect(date_box(birth, "year")).to_have_value("2007")


def test_an_impossible_day_is_named_and_only_the_day_is_marked(page, axe, organizations):
    page.goto(f"{BASE}who/")
    page.get_by_role("radio", name=t("For myself"), exact=True).check()
    continue_(page)
    birth = date_field(page, t("Date of birth"))
    for part, text in (("day", "29"), ("month", "2"), ("year", "2023")):
        date_box(birth, part).fill(text)
    continue_(page)
    message = "Такої дати не існує: у лютому 2023 року 28 днів."
    summary = expect_error_summary(page, message)
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#id_date_of_birth_day")
    birth = date_field(page, t("Date of birth"))
    expect_field_error(date_box(birth, "day"), message)
    expect(date_box(birth, "month")).not_to_have_attribute("aria-invalid", "true")
    expect(date_box(birth, "year")).not_to_have_attribute("aria-invalid", "true")
    axe.check(page, "date-input-day-error")
