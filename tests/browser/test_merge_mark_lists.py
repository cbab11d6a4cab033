"""An officer sees in the lists that a record was merged into another (issue #14 §3,
docs/duplicates.md "The mark in lists"): Алена Петренко's record was merged into Олена
Петренко's, yet a paper application for a wheelchair and a queue entry were still entered on the
old record. Her district officer opens the applications work list and the car queue, each
checked with axe; the mark is on Алена's row only and is a text, not a colour."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_in, t
from tests.duplicates import lists_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_sees_the_merged_mark_in_the_applications_and_the_queue(
        page, axe, organizations, district_officer, wheelchair):
    lists_world.build(organizations, district_officer, wheelchair)
    mark = t("Record merged with %(name)s", name="Петренко Олена Іванівна")
    sign_in(page, district_officer)

    page.get_by_role("link", name=t("Assistive product applications")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Applications for assistive products"))
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="Петренко Алена Іванівна")).to_contain_text(mark)
    expect(rows.filter(has_text="Бондар Тарас Андрійович")).not_to_contain_text(mark)
    axe.check(page, "applications work list with a merged record")

    page.goto("/staff/car-queue/queue/?category=general")
    rows = page.get_by_role("row")
    alena = rows.filter(has_text="Петренко Алена Іванівна")
    expect(alena).to_contain_text(mark)
    expect(rows.filter(has_text="Бондар Тарас Андрійович")).not_to_contain_text(mark)
    axe.check(page, "car queue with a merged record")

    # The name still leads to the merged record, which says where the data are kept.
    alena.get_by_role("link", name="Петренко Алена Іванівна").click()
    expect(page.get_by_role("note")).to_contain_text(mark)
    axe.check(page, "the merged record opened from the queue")
