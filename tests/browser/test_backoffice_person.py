"""A person's record: the record page, registering, changing personal data,
the change history and the access log."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cbi.registry.models import Assessment, FamilyMember, Person, Representative
from tests.browser.support import (
    choose, exactly, label_pattern, expect_error_summary, expect_field_error, expect_notification, field, fill_date, fill_in, person_url,
    sign_in, submit,
    t, tc,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FULL_NAME = "Петренко Олена Іванівна"
CHANGE_PART = re.compile(r"^Змінити\s*: ")  # “Change” + the hidden name of the item
SECTIONS = ("Disability status", "Assessments", "Identity documents", "Addresses", "Legal representatives",
            "Family members")


def section(page, heading_msgid: str):
    return page.get_by_role("region", name=t(heading_msgid))


def test_person_record_and_changing_an_address(officer_page, axe, person):
    Assessment.objects.create(person=person, kind="msek", assessed_on=date(2023, 5, 10),
                              conclusion_number="МСЕК-2023/1187", body_name="Київська міська МСЕК № 3",
                              indications_for_car=True)
    Representative.objects.create(person=person, kind="custodian", surname="Петренко", given_name="Іван",
                                  patronymic="Миколайович", authority_document="court_decision",
                                  authority_document_number="761/12345/23", authority_document_date=date(2023, 9, 4))
    FamilyMember.objects.create(person=person, relation="spouse", surname="Петренко", given_name="Іван",
                                patronymic="Миколайович", date_of_birth=date(1983, 11, 2),
                                registered_at_same_address=True)
    page = officer_page
    page.goto(person_url(person))
    expect(page.get_by_role("heading", level=1)).to_have_text(FULL_NAME)
    expect(page.get_by_role("main")).to_contain_text(t("group II"))
    personal = section(page, "Personal data")
    for value in ("27.03.1985", "3113201244", "+380671234567", person.office.name):
        expect(personal).to_contain_text(value)
    for heading in SECTIONS:
        expect(section(page, heading)).to_be_visible()
    expect(section(page, "Identity documents")).to_contain_text("МК")
    expect(section(page, "Identity documents")).to_contain_text("123456")
    expect(section(page, "Addresses")).to_contain_text("вул. Богдана Хмельницького")
    expect(section(page, "Assessments")).to_contain_text("МСЕК-2023/1187")
    expect(section(page, "Family members")).to_contain_text("Петренко Іван Миколайович")
    # Every “Change” link says what it changes.
    expect(page.get_by_role("link", name=f"Змінити {t('personal data')}")).to_be_visible()
    expect(page.get_by_role("link", name=CHANGE_PART)).to_have_count(6)
    axe.check(page, "person-detail")

    section(page, "Addresses").get_by_role("link", name=CHANGE_PART).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Change an address"))
    territory = field(page, tc("settlement or community"))
    expect(territory).to_have_value(re.compile(r"\(UA80000000001078669\)$"))
    apartment = field(page, tc("apartment"))
    expect(apartment).to_have_value("5")
    axe.check(page, "part-edit-address")
    apartment.fill("7")
    submit(page)
    expect(page).to_have_url(re.compile(re.escape(person_url(person)) + "#addresses$"))
    expect_notification(page, t("The changes are saved."))
    expect(section(page, "Addresses")).to_contain_text("кв. 7")


def test_register_a_person(officer_page, axe, district_officer):
    page = officer_page
    page.get_by_role("navigation", name=t("Back office")).get_by_role("link", name="Зареєструвати особу").click()
    expect(page).to_have_url(re.compile(r"/staff/persons/new/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Зареєструвати особу")
    office = field(page, tc("social protection office"))
    expect(office.locator("option:checked")).to_have_text(district_officer.staff_profile.organization.name)
    axe.check(page, "person-create")

    submit(page)
    summary = expect_error_summary(page, fill_in(tc("surname")), fill_in(tc("given name")),
                                   fill_in("Дата народження"), choose(tc("sex")), t(
        "Enter the taxpayer number (РНОКПП), or tick the box if the person refused it "
        "and has a mark in the passport."))
    expect_field_error(field(page, tc("surname")), fill_in(tc("surname")))
    expect_field_error(field(page, tc("taxpayer number (РНОКПП)")), t(
        "Enter the taxpayer number (РНОКПП), or tick the box if the person refused it "
        "and has a mark in the passport."))
    axe.check(page, "person-create-errors")

    # The summary's links move focus to the field, by keyboard and by mouse.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(field(page, tc("surname"))).to_be_focused()
    summary.get_by_role("link").nth(3).click()  # surname, given name, date of birth, sex
    expect(page.get_by_role("radio", name=t("female"), exact=True)).to_be_focused()

    field(page, tc("surname")).fill("Коваль")
    field(page, tc("given name")).fill("Микола")
    field(page, tc("patronymic")).fill("Петрович")
    fill_date(page, "Дата народження", "14.08.1962")
    page.get_by_role("radio", name=t("male"), exact=True).check()
    field(page, tc("taxpayer number (РНОКПП)")).fill("2287104573")
    field(page, tc("mobile phone")).fill("067 555 12 34")
    submit(page)

    created = Person.objects.get(rnokpp="2287104573")
    expect(page).to_have_url(re.compile(re.escape(person_url(created)) + "$"))
    expect_notification(page, t("The person is registered. Add their documents, address and disability status."))
    expect(page.get_by_role("heading", level=1)).to_have_text("Коваль Микола Петрович")
    personal = section(page, "Personal data")
    expect(personal).to_contain_text("14.08.1962")
    expect(personal).to_contain_text("+380675551234")
    expect(page.get_by_role("main")).to_contain_text(t("No current disability status"))


def test_change_personal_data_and_see_it_in_the_history(officer_page, axe, person):
    page = officer_page
    page.goto(person_url(person))
    page.get_by_role("link", name=f"Змінити {t('personal data')}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Change personal data"))
    phone = field(page, tc("mobile phone"))
    expect(phone).to_have_value("+380671234567")
    axe.check(page, "person-edit")

    phone.fill("12345")
    submit(page)
    message = t("Enter a Ukrainian phone number, for example +380 67 123 45 67.")
    expect_error_summary(page, message)
    expect_field_error(field(page, tc("mobile phone")), message)
    expect(field(page, tc("surname"))).to_have_value("Петренко")
    axe.check(page, "person-edit-errors")

    field(page, tc("mobile phone")).fill("+380 50 765 43 21")
    submit(page)
    expect(page).to_have_url(re.compile(re.escape(person_url(person)) + "$"))
    expect_notification(page, t("The changes are saved."))
    expect(section(page, "Personal data")).to_contain_text("+380507654321")

    page.get_by_role("link", name="Історія змін").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Історія змін")
    newest = page.get_by_role("main").get_by_role("listitem").first
    expect(newest.get_by_role("heading")).to_have_text(f"{tc('person')}: {t('changed')}")
    expect(newest).to_contain_text("Олена Коваленко")
    row = newest.get_by_role("row", name=re.compile(re.escape(tc("mobile phone"))))
    expect(row.get_by_role("cell")).to_have_text(["+380671234567", "+380507654321"])
    axe.check(page, "person-history")


def test_access_log_lists_who_opened_the_record(officer_page, new_page, axe, auditor, person):
    officer_page.goto(person_url(person))
    expect(officer_page.get_by_role("heading", level=1)).to_have_text(FULL_NAME)

    page = new_page()
    sign_in(page, auditor)
    nav = page.get_by_role("navigation", name=t("Back office"))
    expect(nav.get_by_role("link", name="Зареєструвати особу")).to_have_count(0)
    nav.get_by_role("link", name="Журнал доступу").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Журнал доступу")
    table = page.get_by_role("table", name="Журнал доступу")
    rows = table.get_by_role("row")
    expect(rows).to_have_count(2)
    expect(rows.nth(1).get_by_role("cell")).to_have_text(
        [re.compile(r"^\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d$"),
         re.compile(rf"^{label_pattern('Олена Коваленко')} \(№ [0-9A-F]{{4}}-[0-9A-F]{{4}}\)$"),
         exactly(person.office.name), exactly(FULL_NAME),
         exactly(tc("the person's record")), exactly(tc("keeping the registry of persons with disabilities"))])
    axe.check(page, "access-log")

    # The auditor reads the record without any way to change it, and is logged too.
    page.goto(person_url(person))
    expect(page.get_by_role("heading", level=1)).to_have_text(FULL_NAME)
    expect(page.get_by_role("link", name=re.compile(r"^Змінити"))).to_have_count(0)
    page.get_by_role("navigation", name=t("Back office")).get_by_role("link", name="Журнал доступу").click()
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("Наталія Кравченко")
