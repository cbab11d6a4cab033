"""The duplicates journey: a district officer finds a suspected pair, compares the two records
side by side, merges them after the confirmation and sees the merged mark; an administrator of
the Ministry reverses the merge (issue #14 §3, docs/duplicates.md). Keyboard only where a person
would use it; axe on every page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cbi.duplicates import services
from cbi.duplicates.models import DuplicatePair, Merge
from cbi.registry.demo import make_rnokpp
from cbi.registry.models import IdentityDocument
from tests.browser.support import expect_error_summary, field, person_url, sign_in, t
from tests.conftest import SHEVCHENKIVSKYI, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pair(organizations, person):
    """Олена Петренко (the `person` fixture, with her passport) and "Алена Петренко", the same
    woman typed with a Russian spelling in another office's spreadsheet, with her ID card."""
    alena = make_person(organizations[SHEVCHENKIVSKYI], given_name="Алена",
                        rnokpp=make_rnokpp(date(1985, 3, 27), 78, False))
    IdentityDocument.objects.create(person=alena, kind="id_card", number="004512378", issued_on=date(2019, 6, 3),
                                    issued_by="8031")
    services.scan()
    return person, alena


def test_an_officer_merges_a_pair_and_an_administrator_reverses_it(
        page, new_page, axe, pair, district_officer, administrator):
    olena, alena = pair
    sign_in(page, district_officer)
    page.get_by_role("link", name=t("Suspected duplicates")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Suspected duplicates"))
    table = page.get_by_role("table")
    expect(table).to_contain_text("Петренко Алена Іванівна")
    expect(table).to_contain_text("Петренко Олена Іванівна")
    axe.check(page, "duplicates-list")

    # Keyboard: the "Compare" link is reached and followed with Enter.
    compare = page.get_by_role("link", name=re.compile(t("Compare")))
    compare.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Compare two records"))
    given_name = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("[Іі]м")))
    expect(given_name.first).to_contain_text(t("differs"))
    axe.check(page, "duplicates-pair")

    # Continue without choosing: the error summary names the question.
    page.get_by_role("button", name=t("Continue to merge")).click()
    expect_error_summary(page, t("Choose the record to keep."))
    axe.check(page, "duplicates-pair-error")

    # Keep Олена's record: choose with the keyboard (Space on the focused radio).
    kept = page.get_by_role("radio", name=re.compile("Петренко Олена Іванівна"))
    kept.focus()
    page.keyboard.press("Space")
    expect(kept).to_be_checked()
    page.get_by_role("button", name=t("Continue to merge")).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Confirm the merge"))
    expect(page.get_by_role("main")).to_contain_text("Петренко Алена Іванівна")
    axe.check(page, "duplicates-confirm")
    assert not Merge.objects.exists()  # nothing happens before the confirmation
    page.get_by_role("button", name=t("Merge the records")).press("Enter")
    page.wait_for_load_state()

    merge = Merge.objects.get()
    assert (merge.survivor_id, merge.merged_id) == (olena.pk, alena.pk)
    assert IdentityDocument.objects.filter(person=olena, number="004512378").exists()

    # The merged record says with whom it was merged and leads to the kept one.
    page.goto(person_url(alena))
    mark = page.get_by_role("note")
    expect(mark).to_contain_text(t("Record merged with %(name)s", name="Петренко Олена Іванівна"))
    axe.check(page, "person-merged")
    mark.get_by_role("link", name=re.compile("Петренко Олена Іванівна")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Петренко Олена Іванівна")
    expect(page.get_by_role("main")).to_contain_text("Петренко Алена Іванівна")

    # The administrator of the Ministry reverses the merge with a reason.
    admin = new_page()
    sign_in(admin, administrator)
    admin.get_by_role("link", name=t("Merges of duplicates")).first.click()
    axe.check(admin, "merges")
    admin.get_by_role("link", name=re.compile("Петренко")).first.click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text(t("Merge of duplicates"))
    admin.get_by_role("button", name=t("Reverse the merge")).click()
    expect_error_summary(admin, t("Say why the merge is reversed."))
    axe.check(admin, "merge-reverse-error")
    field(admin, t("Why is the merge reversed?")).fill("Помилкове об’єднання: за паспортами це різні особи")
    admin.get_by_role("button", name=t("Reverse the merge")).press("Enter")
    admin.wait_for_load_state()
    expect(admin.get_by_role("main")).to_contain_text(t("reversed"))
    axe.check(admin, "merge-reversed")

    merge.refresh_from_db()
    assert merge.reversed_at is not None
    assert IdentityDocument.objects.get(number="004512378").person_id == alena.pk
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.OPEN

    # The officer's page no longer carries the mark.
    page.goto(person_url(alena))
    expect(page.get_by_role("note")).to_have_count(0)
