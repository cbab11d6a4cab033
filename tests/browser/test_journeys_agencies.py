"""Journey (issue #17 §2): Олена Петренко gives a municipal transport operator her consent, the
operator asks ЦБІ over HTTP and gets an answer; she withdraws the consent (after the confirmation
page) and the operator's next question is refused; on "Who viewed my data" she sees the
operator's read under its name and purpose. By keyboard, axe on every page."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from cbi.agencies import rules, services
from tests.agencies.conftest import search_body
from tests.applications.fixtures import CABINET_PASSWORD
from tests.browser import journeys as J
from tests.browser.journeys import clear_throttle  # noqa: F401 (fixture)
from tests.browser.support import t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clear_throttle")]

AGENCY = "КП «Київпастранс»"
PURPOSE = "пільговий проїзд у міському транспорті"


def ask(page, token: str) -> int:
    body = search_body({"type": "RNOKPP", "value": "3113201244"}, purpose="discount", sender="kyiv-transport")
    response = page.request.post("/api/agencies/registry/sync/search", data=json.dumps(body, ensure_ascii=False),
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                                          "X-Road-Client": "UA/GOV/03328913/KPT"})
    return response.status


def test_a_person_gives_and_withdraws_a_consent_and_sees_the_agency_read(page, axe, person, person_user):
    client = services.register_client(
        code="kyiv-transport", name=AGENCY, legal_basis="Договір про обмін даними з ЦБІ", purposes=[
            {"code": "discount", "name": PURPOSE, "fields": [rules.ESTABLISHED], "needs_consent": True,
             "legal_basis": "Згода особи: Закон України «Про захист персональних даних», ст. 11 ч. 1 п. 1"}])
    token = services.issue_credential(client=client).token
    assert ask(page, token) == 404  # no consent yet

    J.cabinet_sign_in(page, person_user.username, CABINET_PASSWORD)
    keyboard = J.keyboard_only(page)
    keyboard.activate(page.get_by_role("link", name=t("Who may ask about me")))
    expect(J.h1(page)).to_have_text(t("Who may ask about me"))
    expect(page.get_by_role("heading", name=AGENCY)).to_be_visible()
    expect(page.get_by_text(t("Not given: this body gets no answer about you."))).to_be_visible()
    axe.check(page, "who may ask about me")

    keyboard.activate(page.get_by_role("button", name=t("Give consent to %(agency)s", agency=AGENCY)))
    expect(page.get_by_role("link", name=t("Withdraw consent for %(agency)s", agency=AGENCY))).to_be_visible()
    axe.check(page, "consent given")
    assert ask(page, token) == 200

    keyboard.activate(page.get_by_role("link", name=t("Withdraw consent for %(agency)s", agency=AGENCY)))
    expect(J.h1(page)).to_have_text(t("Withdraw consent"))
    axe.check(page, "withdrawal confirmation")
    keyboard.activate(page.get_by_role("button", name=t("Yes, withdraw the consent")))
    expect(page.get_by_text(t("Not given: this body gets no answer about you."))).to_be_visible()
    expect(page.get_by_role("cell", name=t("in force"))).to_have_count(0)
    axe.check(page, "consent withdrawn, history kept")
    assert ask(page, token) == 404

    keyboard.activate(page.get_by_role("link", name=t("Who viewed my data")))
    row = page.get_by_role("row").filter(has_text=AGENCY)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(PURPOSE[:1].upper() + PURPOSE[1:])
    axe.check(page, "who viewed my data with the agency's read")
