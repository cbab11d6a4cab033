"""Administrators' pages: the staff list, adding a staff member, a member's
page and the confirmation of an action on the account."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.support import (
    choose, expect_error_summary, expect_field_error, expect_notification, field, fill_in, sign_in, submit, t,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_a_staff_member_and_deactivate_the_account(page, axe, administrator, district_officer):
    office = district_officer.staff_profile.organization.name
    sign_in(page, administrator)
    expect(page).to_have_url(re.compile(r"/staff/team/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Staff"))
    table = page.get_by_role("table", name=t("Staff of the organizations you manage"))
    officer_row = table.get_by_role("row").filter(has=page.get_by_role("link", name="Олена Коваленко"))
    expect(officer_row.get_by_role("cell")).to_have_text(["Олена Коваленко", t("district officer"), office,
                                                          t("active")])
    axe.check(page, "team")

    page.get_by_role("link", name=t("Add a staff member")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Add a staff member"))
    axe.check(page, "team-new")

    submit(page, t("Add"))
    expect_error_summary(page, fill_in(t("Given name")), fill_in(t("Surname")), fill_in(t("Work e-mail")),
                         fill_in("Логін"), choose(t("Role")), choose(t("Organization")),
                         fill_in(t("Initial password")))
    axe.check(page, "team-new-empty")

    field(page, t("Given name")).fill("Оксана")
    field(page, t("Surname")).fill("Литвиненко")
    field(page, t("Work e-mail")).fill("o.lytvynenko@cbi.example")
    field(page, "Логін").fill("о.литвиненко")  # Cyrillic letters
    page.get_by_role("radio", name=t("district officer"), exact=True).check()
    field(page, t("Organization")).select_option(label="Міністерство соціальної політики України")
    field(page, t("Position")).fill("Головний спеціаліст відділу соціального захисту")
    field(page, t("Initial password")).fill("Зимовий-ранок-2026")
    submit(page, t("Add"))
    latin = t("Use only Latin letters, digits and . _ - in the login.")
    wrong_org = t("A person with this role cannot work in this organization: a district officer belongs to a "
                  "social protection office, a regional officer to a regional department.")
    expect_error_summary(page, latin, wrong_org)
    expect_field_error(field(page, "Логін"), latin)
    expect_field_error(field(page, t("Organization")), wrong_org)
    expect(field(page, t("Given name"))).to_have_value("Оксана")
    axe.check(page, "team-new-errors")

    field(page, "Логін").fill("o.lytvynenko")
    field(page, t("Organization")).select_option(label=office)
    field(page, t("Initial password")).fill("Зимовий-ранок-2026")
    submit(page, t("Add"))
    member = get_user_model().objects.get(username="o.lytvynenko")
    expect(page).to_have_url(re.compile(rf"/staff/team/{member.pk}/$"))
    expect_notification(page, t("The staff member is added. They set up the authenticator app at the first sign-in."))
    expect(page.get_by_role("heading", level=1)).to_have_text("Оксана Литвиненко")
    main = page.get_by_role("main")
    for text in ("o.lytvynenko", t("district officer"), office, t("not set up: will be set up at the next sign-in")):
        expect(main).to_contain_text(text)
    axe.check(page, "team-member")

    page.get_by_role("link", name=t("Deactivate the account")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Deactivate the account?"))
    expect(page.get_by_role("main")).to_contain_text(f"Оксана Литвиненко, {office}")
    axe.check(page, "team-member-confirm")
    page.get_by_role("button", name=t("Yes, continue")).click()
    expect_notification(page, t("The account is deactivated."))
    expect(page.get_by_role("main")).to_contain_text(t("deactivated"))
    expect(page.get_by_role("link", name=t("Reactivate the account"))).to_be_visible()
    member.refresh_from_db()
    assert not member.is_active
