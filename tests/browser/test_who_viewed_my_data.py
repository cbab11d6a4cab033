"""Issue #12 §2 in the browser: an officer opens Олена Петренко's record in the back office;
she signs in to her cabinet and sees that read on "Who viewed my data" — the office, no name;
axe-clean, and at 320 px without sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cbi.audit.selectors import officer_reference
from tests.applications.fixtures import CABINET_PASSWORD, cabinet_user_for
from tests.browser.journeys import assert_no_horizontal_scroll, at_320, cabinet_sign_in
from tests.browser.support import sign_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_person_sees_the_officers_read_of_their_record(page, new_page, axe, person, district_officer):
    cabinet_user_for(person, "olena.petrenko")
    office = district_officer.staff_profile.organization.name

    sign_in(page, district_officer)
    page.goto(f"/staff/persons/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Петренко")

    own = new_page()
    cabinet_sign_in(own, "olena.petrenko", CABINET_PASSWORD)
    own.get_by_role("link", name=t("Who viewed my data")).click()
    expect(own.get_by_role("heading", level=1)).to_have_text(t("Who viewed my data"))
    table = own.get_by_role("table")
    expect(table.locator("caption")).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(office)
    expect(rows.first).to_contain_text(officer_reference(district_officer.pk))
    expect(rows.first).not_to_contain_text(district_officer.last_name)
    axe.check(own, "who viewed my data")

    at_320(own)
    own.reload()
    expect(rows.first).to_contain_text(office)
    assert_no_horizontal_scroll(own, "who viewed my data")
    axe.check(own, "who viewed my data at 320 px")
