"""A norm changes and an older application keeps its judgement (issue #16 §2): Олена Петренко's
wheelchair application was submitted and decided under the four-year norm; a five-year norm
then takes effect. Her decision, in the cabinet and on the officer's page, still shows the norm
it applied, with its source; the catalogue shows the new norm. Axe on every page; the product
page reflows at 320 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cbi.applications import services, workflow
from cbi.applications.models import ProductApplication
from cbi.catalogue.models import Norm
from tests.applications.fixtures import REASONS, advance, decide, new_application
from tests.browser.support import sign_in, t
from tests.browser.test_applications_cabinet import cabinet_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACT = "Постанова Кабінету Міністрів України від 05.04.2012 № 321"
NAME = "Крісло колісне з ручним приводом кімнатне"


def add_norm(product, *, months: int, on: date) -> Norm:
    norm = Norm(product=product, legal_name=NAME, term_of_use_months=months, source_act=ACT, source_annex="додаток",
                entitled="Особи з інвалідністю з порушеннями функцій нижніх кінцівок.", effective_from=on)
    norm.full_clean()
    norm.save()
    return norm


def test_a_norm_changes_and_the_older_decision_keeps_its_norm(page, new_page, axe, person, person_user,
                                                              district_officer, wheelchair):
    today = timezone.localdate()
    add_norm(wheelchair, months=48, on=date(2012, 4, 5))
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    # Submitted sixty days ago, under the four-year norm.
    submitted = timezone.now() - timedelta(days=60)
    ProductApplication.objects.filter(pk=application.pk).update(submitted_at=submitted)
    application.refresh_from_db()
    # The office forwards it; the Fund's branch of the region decides (AP-PROC-3).
    application = decide(application, approve=True, officer=district_officer,
                         reasons=REASONS[workflow.APPROVED])
    # Then the norm changes: five years from thirty days ago.
    add_norm(wheelchair, months=60, on=today - timedelta(days=30))
    filed = timezone.localtime(submitted).strftime("%d.%m.%Y")

    cabinet_sign_in(page, "olena.petrenko")
    page.goto(f"/cabinet/applications/{application.pk}/")
    decision = page.get_by_role("region", name=t("Decision"))
    applied = decision.get_by_role("definition").filter(has_text=NAME)
    expect(applied).to_contain_text(filed)
    expect(applied).to_contain_text("48")
    expect(applied).to_contain_text(f"{ACT}, додаток")
    expect(applied).to_contain_text("05.04.2012")
    expect(applied).not_to_contain_text("60")
    axe.check(page, "cabinet decision with the norm it applied")

    # The catalogue shows the norm in force today: five years, from its date.
    page.goto(f"/catalogue/{wheelchair.pk}/")
    details = page.locator("dl.summary-list")
    expect(details).to_contain_text(NAME)
    expect(details).to_contain_text("12 22 03")
    expect(details).to_contain_text("Особи з інвалідністю з порушеннями функцій нижніх кінцівок.")
    expect(details).to_contain_text((today - timedelta(days=30)).strftime("%d.%m.%Y"))
    expect(details).not_to_contain_text("з 05.04.2012")  # the older version's effective date
    axe.check(page, "product page with the norm in force")

    narrow = new_page(viewport={"width": 320, "height": 640})
    narrow.goto(f"/catalogue/{wheelchair.pk}/")
    expect(narrow.locator("dl.summary-list")).to_contain_text(f"{ACT}, додаток")
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    axe.check(narrow, "product page at 320 px")

    # The officer's page of the older application shows the same norm.
    officer = new_page()
    sign_in(officer, district_officer)
    officer.goto(f"/staff/applications/{application.pk}/")
    applied = officer.get_by_role("region", name=t("Decision")).get_by_role("definition").filter(has_text=NAME)
    expect(applied).to_contain_text(filed)
    expect(applied).to_contain_text(f"{ACT}, додаток")
    expect(applied).not_to_contain_text("60")
    axe.check(officer, "officer's decision with the norm it applied")
