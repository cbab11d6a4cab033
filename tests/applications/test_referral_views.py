"""Issue #16 §1 through the pages: the branch of the Fund decides and issues the referral, the
enterprise works in its portal (accept, delivery with the act), the person chooses the enterprise
and sees each step; another enterprise, another region and another person get the same 404."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cbi.applications import referral_flow, workflow
from cbi.applications.models import ProductApplication, Referral
from cbi.audit.models import AccessEvent
from cbi.documents.models import HeldUpload
from tests.applications.fixtures import cabinet_user_for, pdf_file
from tests.conftest import make_person, signed_in

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    now = datetime(2026, 11, 16, 10, 0, tzinfo=KYIV)
    monkeypatch.setattr(timezone, "now", lambda: now)
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: now.date())


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_branch_decides_and_issues_the_referral_to_the_persons_choice(forwarded, branch_officer, enterprise,
                                                                         other_enterprise, person_user):
    # The person chooses the enterprise in the cabinet while the branch decides.
    cabinet = Client()
    cabinet.force_login(person_user)
    page = _page(cabinet.get(reverse("applications_cabinet:detail", args=[forwarded.pk])))
    assert reverse("applications_cabinet:enterprise", args=[forwarded.pk]) in page
    response = cabinet.post(reverse("applications_cabinet:enterprise", args=[forwarded.pk]),
                            {"enterprise": other_enterprise.pk})
    assert response.status_code == 302
    client = signed_in(branch_officer)
    detail = _page(client.get(reverse("applications_staff:detail", args=[forwarded.pk])))
    approve = reverse("applications_staff:branch_act", args=[forwarded.pk, "approve"])
    assert approve in detail
    response = client.post(approve, {"reason": ""})
    assert "error-summary" in _page(response)
    response = client.post(approve, {"reason": "Потребу підтверджено індивідуальною програмою реабілітації."})
    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == workflow.APPROVED and forwarded.decided_by == branch_officer
    new = reverse("applications_staff:referral_new", args=[forwarded.pk])
    page = _page(client.get(new))
    assert f'value="{other_enterprise.pk}" checked' in page.replace("\n", " ") or "checked" in page
    response = client.post(new, {"enterprise": other_enterprise.pk})
    assert response.status_code == 302
    referral = Referral.objects.get(application=forwarded)
    assert referral.enterprise == other_enterprise
    page = _page(client.get(reverse("applications_staff:detail", args=[forwarded.pk])))
    assert referral.number in page and reverse("applications_staff:referral_cancel",
                                               args=[forwarded.pk, referral.pk]) in page
    # The monitor lists it with its due date.
    page = _page(client.get(reverse("applications_staff:referral_monitor")))
    assert referral.number in page and "21.11.2026" in page


def test_the_district_office_forwards_but_cannot_decide_or_issue(forwarded, district_officer):
    client = signed_in(district_officer)
    assert client.get(reverse("applications_staff:branch_act", args=[forwarded.pk, "approve"])).status_code == 403
    assert client.get(reverse("applications_staff:referral_new", args=[forwarded.pk])).status_code == 403
    page = _page(client.get(reverse("applications_staff:detail", args=[forwarded.pk])))
    assert reverse("applications_staff:act", args=[forwarded.pk, "approve"]) not in page


def test_the_branch_of_another_region_gets_404(forwarded, lviv_branch_officer):
    client = signed_in(lviv_branch_officer)
    for url in (reverse("applications_staff:detail", args=[forwarded.pk]),
                reverse("applications_staff:branch_act", args=[forwarded.pk, "approve"]),
                reverse("applications_staff:referral_new", args=[forwarded.pk])):
        assert client.get(url).status_code == 404


def test_the_enterprise_accepts_and_records_the_delivery_keeping_the_act(referral, enterprise_user, person_user):
    client = signed_in(enterprise_user)
    page = _page(client.get(reverse("referrals_enterprise:list")))
    assert referral.number in page
    before = AccessEvent.objects.count()
    page = _page(client.get(reverse("referrals_enterprise:detail", args=[referral.pk])))
    assert "Петренко" in page and AccessEvent.objects.count() == before + 1
    assert client.post(reverse("referrals_enterprise:act", args=[referral.pk, "accept"])).status_code == 302
    deliver = reverse("referrals_enterprise:act", args=[referral.pk, "record_delivery"])
    # The serial number forgotten: the act chosen is kept, shown by name, not asked again.
    response = client.post(deliver, {"delivered_on": "16.11.2026", "serial_number": "",
                                     "act": pdf_file("Акт передачі Петренко.pdf")})
    page = _page(response)
    assert "error-summary" in page and "Акт передачі Петренко.pdf" in page and 'type="file" name="act"' not in page
    response = client.post(deliver, {"delivered_on": "16.11.2026", "serial_number": "KK-2026-00417"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == referral_flow.DELIVERED and referral.delivery_act.original_name == "Акт передачі Петренко.pdf"
    assert not HeldUpload.objects.exists()
    application = ProductApplication.objects.get(pk=referral.application_id)
    assert application.status == workflow.PROVIDED
    # The person sees every step in the cabinet.
    cabinet = Client()
    cabinet.force_login(person_user)
    page = _page(cabinet.get(reverse("applications_cabinet:detail", args=[application.pk])))
    for text in (referral.number, "KK-2026-00417", "16.11.2026", "Акт передачі Петренко.pdf"):
        assert text in page


def test_another_enterprise_gets_the_same_404_as_a_missing_referral(referral, other_enterprise_user):
    client = signed_in(other_enterprise_user)
    assert referral.number not in _page(client.get(reverse("referrals_enterprise:list")))
    for url in (reverse("referrals_enterprise:detail", args=[referral.pk]),
                reverse("referrals_enterprise:act", args=[referral.pk, "accept"]),
                reverse("referrals_enterprise:detail", args=[referral.pk + 1000])):
        assert client.get(url).status_code == 404
    referral.refresh_from_db()
    assert referral.status == referral_flow.ISSUED


def test_an_enterprise_user_reaches_no_persons_record(referral, enterprise_user):
    client = signed_in(enterprise_user)
    assert client.get(reverse("registry:person_detail", args=[referral.application.person_id])).status_code in (403, 404)
    assert client.get(reverse("applications_staff:detail", args=[referral.application_id])).status_code == 403


def test_another_person_cannot_choose_the_enterprise(forwarded, other_enterprise, organizations):
    from datetime import date

    from cbi.registry.demo import make_rnokpp
    from tests.conftest import SHEVCHENKIVSKYI

    stranger = make_person(organizations[SHEVCHENKIVSKYI], surname="Гнатюк", given_name="Тарас", sex="male",
                           date_of_birth=date(1979, 8, 2), rnokpp=make_rnokpp(date(1979, 8, 2), 17, True))
    client = Client()
    client.force_login(cabinet_user_for(stranger, "taras.hnatiuk"))
    url = reverse("applications_cabinet:enterprise", args=[forwarded.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"enterprise": other_enterprise.pk}).status_code == 404


def test_a_paper_application_handed_in_at_a_cnap_is_recorded_so(person, district_officer, wheelchair):
    """Issue #16 §1: any office or ЦНАП may receive it; the office records where, and handles it."""
    client = signed_in(district_officer)
    response = client.post(reverse("applications_staff:paper_new", args=[person.pk]), {
        "kind": workflow.PROVISION, "product": wheelchair.pk, "request_text": "Прошу крісло колісне кімнатне.",
        "filed_via": "cnap", "place_of_receipt": "ЦНАП Дарницької районної в місті Києві державної адміністрації"})
    assert response.status_code == 302
    application = ProductApplication.objects.get()
    assert application.filed_via == "cnap" and application.office == district_officer.staff_profile.organization
    page = _page(client.get(reverse("applications_staff:detail", args=[application.pk])))
    assert "ЦНАП Дарницької районної" in page
