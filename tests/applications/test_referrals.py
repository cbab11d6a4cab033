"""Issue #16 §1: the procedure in force — the office forwards, the Fund's branch decides and issues
an electronic referral, the enterprise accepts (or declines) and records the delivery; scope,
deadlines, notifications and the right ended cancelling an open referral."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from cbi.accounts.models import Role
from cbi.applications import referral_flow, selectors, services, workflow
from cbi.applications.models import IssuedProduct, Referral, ReferralEvent
from cbi.catalogue.models import Supplier
from cbi.notifications.models import Notification
from cbi.organizations.models import Organization
from cbi.organizations.scope import Level, scope_of
from cbi.registry.services import ensure_fund_branches
from tests.applications.fixtures import pdf_file

KYIV = ZoneInfo("Europe/Kyiv")
TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """"Today" is 16 November 2026 whatever the wall clock (CI moves it by 400 days)."""
    now = datetime(2026, 11, 16, 10, 0, tzinfo=KYIV)
    monkeypatch.setattr(timezone, "now", lambda: now)
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: now.date())


def test_the_office_forwards_and_only_the_branch_of_the_region_decides(forwarded, district_officer,
                                                                      branch_officer, lviv_branch_officer):
    assert forwarded.status == workflow.FORWARDED
    assert services.role_for(branch_officer, forwarded) == workflow.FUND_BRANCH
    assert services.role_for(lviv_branch_officer, forwarded) is None
    with pytest.raises(PermissionDenied):
        services.decide(actor=lviv_branch_officer, application=forwarded, approve=True, reasons="Так.")
    with pytest.raises(workflow.TransitionNotAllowed):
        services.decide(actor=district_officer, application=forwarded, approve=True, reasons="Так.")
    with pytest.raises(workflow.ReasonRequired):
        services.decide(actor=branch_officer, application=forwarded, approve=False, reasons=" ")
    refused = services.decide(actor=branch_officer, application=forwarded, approve=False,
                              reasons="Засіб цього виду видано менше року тому.")
    assert refused.status == workflow.REFUSED and refused.decided_by == branch_officer


def test_the_branch_issues_a_referral_and_the_person_is_told(referral, approved, enterprise):
    approved.refresh_from_db()
    assert approved.status == workflow.IN_FULFILMENT and approved.supplier == enterprise
    assert referral.number.startswith("ЕН-2026-") and referral.status == referral_flow.ISSUED
    assert referral.branch.code == "fb-80"
    assert referral.due_on == TODAY + timedelta(days=5)
    note = Notification.objects.filter(person=approved.person).order_by("-id").first()
    assert referral.number in note.subject and "Поділля" in note.body


def test_one_open_referral_at_a_time_and_only_to_a_provider_of_the_product(approved, branch_officer, enterprise,
                                                                          other_enterprise, referral):
    with pytest.raises(ValidationError) as error:
        services.issue_referral(actor=branch_officer, application=approved, enterprise=other_enterprise)
    assert error.value.error_list[0].code == "referral_already_open"
    services.cancel_referral(actor=branch_officer, referral=referral, reason="Особа обрала інше підприємство.")
    stranger = Supplier.objects.create(name="ТОВ «Слухові апарати»", kind=Supplier.Kind.BOTH,
                                       organization=Organization.objects.create(
                                           code="ent-sluh", name="ТОВ «Слухові апарати»",
                                           kind=Organization.Kind.ENTERPRISE))
    with pytest.raises(ValidationError) as error:
        services.issue_referral(actor=branch_officer, application=approved, enterprise=stranger)
    assert "enterprise" in error.value.error_dict
    second = services.issue_referral(actor=branch_officer, application=approved, enterprise=other_enterprise)
    assert second.status == referral_flow.ISSUED


def test_the_district_office_cannot_issue_a_referral(approved, district_officer, enterprise):
    with pytest.raises(PermissionDenied):
        services.issue_referral(actor=district_officer, application=approved, enterprise=enterprise)


def test_the_enterprise_accepts_fits_and_records_the_delivery(referral, enterprise_user, approved):
    services.enterprise_step(actor=enterprise_user, referral=referral, action=referral_flow.ACCEPT)
    referral.refresh_from_db()
    assert referral.status == referral_flow.ACCEPTED and referral.due_on == TODAY + timedelta(days=30)
    services.enterprise_step(actor=enterprise_user, referral=referral, action=referral_flow.RECORD_FITTING)
    with pytest.raises(ValidationError) as error:
        services.enterprise_step(actor=enterprise_user, referral=referral, action=referral_flow.RECORD_DELIVERY,
                                 delivered_on=TODAY + timedelta(days=1), serial_number=" ", act_file=None)
    assert set(error.value.error_dict) == {"delivered_on", "serial_number", "act"}
    referral.refresh_from_db()
    assert referral.status == referral_flow.FITTING
    services.enterprise_step(actor=enterprise_user, referral=referral, action=referral_flow.RECORD_DELIVERY,
                             delivered_on=TODAY, serial_number="KK-2026-00417", act_file=pdf_file("akt.pdf"))
    referral.refresh_from_db()
    approved.refresh_from_db()
    assert referral.status == referral_flow.DELIVERED and referral.delivery_act.kind == "delivery_act"
    assert approved.status == workflow.PROVIDED
    issued = IssuedProduct.objects.get(application=approved)
    assert issued.serial_number == "KK-2026-00417" and issued.issued_on == TODAY
    assert [e.action for e in ReferralEvent.objects.filter(referral=referral)] == [
        "issue", "accept", "record_fitting", "record_delivery"]
    note = Notification.objects.filter(person=approved.person).order_by("-id")
    assert any("KK-2026-00417" in n.body for n in note)


def test_the_enterprise_declines_with_a_reason(referral, enterprise_user):
    with pytest.raises(workflow.ReasonRequired):
        services.enterprise_step(actor=enterprise_user, referral=referral, action=referral_flow.DECLINE, reason="")
    services.enterprise_step(actor=enterprise_user, referral=referral, action=referral_flow.DECLINE,
                             reason="Немає потрібного розміру сидіння.")
    referral.refresh_from_db()
    assert referral.status == referral_flow.DECLINED and referral.reason == "Немає потрібного розміру сидіння."
    assert referral.due_on is None
    with pytest.raises(referral_flow.TransitionNotAllowed):  # declined is final
        services.enterprise_step(actor=enterprise_user, referral=referral, action=referral_flow.ACCEPT)


def test_another_enterprise_sees_and_does_nothing(referral, other_enterprise_user, enterprise_user):
    assert list(selectors.referrals_for_enterprise(other_enterprise_user)) == []
    assert list(selectors.referrals_for_enterprise(enterprise_user)) == [referral]
    with pytest.raises(PermissionDenied):
        services.enterprise_step(actor=other_enterprise_user, referral=referral, action=referral_flow.ACCEPT)
    # An enterprise has no person scope at all.
    assert scope_of(enterprise_user).level == Level.NONE


def test_the_branch_of_another_region_sees_no_referral(referral, lviv_branch_officer, branch_officer):
    assert list(selectors.referrals_for_staff(lviv_branch_officer)) == []
    assert list(selectors.referrals_for_staff(branch_officer)) == [referral]
    with pytest.raises(PermissionDenied):
        services.cancel_referral(actor=lviv_branch_officer, referral=referral, reason="Помилка.")


def test_the_deadline_monitor_lists_overdue_referral_steps(referral, branch_officer, monkeypatch):
    assert list(selectors.referral_monitor(branch_officer, overdue=True)) == []
    later = datetime(2026, 11, 25, 10, 0, tzinfo=KYIV)
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: later.date())
    assert list(selectors.referral_monitor(branch_officer, overdue=True)) == [referral]
    referral.refresh_from_db()
    assert referral.is_overdue


@override_settings(REFERRAL_DUE_DAYS={"issued": 2, "accepted": 14, "fitting": 14})
def test_the_deadlines_are_configurable(approved, branch_officer, enterprise):
    referral = services.issue_referral(actor=branch_officer, application=approved, enterprise=enterprise)
    assert referral.due_on == TODAY + timedelta(days=2)


def test_a_death_recorded_cancels_the_open_referral(referral, district_officer, approved):
    event = services.record_right_event(actor=district_officer, person=approved.person, ground="death",
                                        source_document="Свідоцтво про смерть І-БК № 512345", source_date=TODAY)
    referral.refresh_from_db()
    approved.refresh_from_db()
    assert referral.status == referral_flow.CANCELLED and event.decision_number in referral.reason
    assert approved.status == workflow.CANCELLED
    last = ReferralEvent.objects.filter(referral=referral).last()
    assert last.action == referral_flow.CANCEL_RIGHT_ENDED and last.right_event == event


def test_the_referral_table_offers_the_enterprise_only_its_steps():
    assert referral_flow.next_steps(referral_flow.ISSUED, workflow.ENTERPRISE) == {
        "accept": referral_flow.ACCEPTED, "decline": referral_flow.DECLINED}
    assert referral_flow.next_steps(referral_flow.ACCEPTED, workflow.ENTERPRISE) == {
        "record_fitting": referral_flow.FITTING, "record_delivery": referral_flow.DELIVERED}
    assert referral_flow.next_steps(referral_flow.DELIVERED, workflow.ENTERPRISE) == {}
    assert referral_flow.next_steps(referral_flow.ISSUED, workflow.FUND_BRANCH) == {"cancel": referral_flow.CANCELLED}
