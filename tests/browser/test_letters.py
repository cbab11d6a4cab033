"""A person opens a refusal from the cabinet, reads how to appeal on the page, downloads the
letter and it is a tagged PDF/UA-1 document: structure tree, language uk, its title, the law
cited and where and by when to appeal."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cbi.applications import workflow
from tests.applications.fixtures import advance, cabinet_user_for, new_application
from tests.browser.support import t
from tests.browser.test_applications_cabinet import cabinet_sign_in
from tests.pdfua import appeal_sentences, pdf_ua_text, structure_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_person_opens_a_refusal_and_its_letter_is_a_tagged_pdf(page, axe, person, district_officer, wheelchair):
    olena = cabinet_user_for(person, "olena.petrenko")
    application = advance(new_application(workflow.PROVISION, person=person, person_user=olena, product=wheelchair),
                          workflow.REFUSED, officer=district_officer, person_user=olena)
    cabinet_sign_in(page, "olena.petrenko")
    page.get_by_role("link", name=t("My applications for assistive products")).click()
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_role("region", name=t("Decision"), exact=True)).to_contain_text(application.decision_number)
    appeal = page.get_by_role("heading", level=2, name=t("How to appeal"))
    expect(appeal).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Кодекс адміністративного судочинства України, ст. 122, ч. 2")
    expect(main).to_contain_text("Фонду соціального захисту осіб з інвалідністю")
    expect(main).not_to_contain_text("seed")
    axe.check(page, "refused application with how to appeal")

    with page.expect_download() as download:
        page.get_by_role("link", name=t("Download the decision letter (PDF)")).click()
    with open(download.value.path(), "rb") as letter:
        content = letter.read()
    text = pdf_ua_text(content, title=t("Decision on the application for an assistive product"))
    assert {"H1", "H2", "P", "Table", "TH", "TD", "L", "LI"} <= structure_roles(content)
    assert application.decision_number in text and "Петренко Олена Іванівна" in text
    # The Fund's branch refused it (AP-PROC-3): the letter and the page send an appeal to the Fund.
    assert all(sentence in text for sentence in appeal_sentences(decided_by="fund_branch"))
    assert application.decided_by.staff_profile.organization.name in text
    assert "постановою КМУ № 321 від 05.04.2012" in text
