"""An application is judged by the norm in force on its submission date, the decision records
that norm version, and a later change of norms never rewrites a past decision (issue #16 §2;
EC-APP-2, EC-APP-5). Reminders come a configurable number of days before a term of use ends."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from cbi.applications import norms, services, workflow
from cbi.applications.models import IssuedProduct
from cbi.catalogue.models import Norm
from cbi.notifications.models import Notification
from tests.clock import KYIV

from .fixtures import REASONS, advance, new_application

pytestmark = pytest.mark.django_db

ACT = "Постанова Кабінету Міністрів України від 05.04.2012 № 321"


def add_norm(product, *, months: int, on: date, maximum: str | None = None) -> Norm:
    norm = Norm(product=product, legal_name="Крісло колісне з ручним приводом кімнатне", term_of_use_months=months,
                max_compensation=Decimal(maximum) if maximum else None,
                entitled="Особи з інвалідністю з порушеннями функцій нижніх кінцівок.", source_act=ACT,
                source_annex="додаток", effective_from=on)
    norm.full_clean()
    norm.save()
    return norm


def at(time_machine, year: int, month: int, day: int) -> None:
    time_machine.move_to(datetime(year, month, day, 10, 0, tzinfo=KYIV), tick=False)


def test_a_decision_keeps_its_norm_when_the_norm_changes_later(person, person_user, district_officer, wheelchair,
                                                               time_machine):
    old_norm = add_norm(wheelchair, months=48, on=date(2012, 4, 5))
    at(time_machine, 2026, 10, 12)
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.APPROVED, officer=district_officer, person_user=person_user)
    assert application.norm == old_norm

    at(time_machine, 2026, 12, 20)
    new_norm = add_norm(wheelchair, months=60, on=date(2027, 1, 1))
    at(time_machine, 2027, 2, 1)
    application.refresh_from_db()
    assert application.norm == old_norm
    assert norms.norm_for(application) == old_norm

    # A new application is judged by the new version.
    later = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    later = advance(later, workflow.APPROVED, officer=district_officer, person_user=person_user)
    assert later.norm == new_norm

    # The person sees the norm the older decision applied: four years, its source and date.
    client = Client()
    client.force_login(person_user, backend="django.contrib.auth.backends.ModelBackend")
    page = re.sub(r"\s+", " ", client.get(f"/cabinet/applications/{application.pk}/").content.decode())
    assert "12.10.2026" in page and "48" in page and f"{ACT}, додаток" in page
    assert "60" not in page.split("Крісло колісне з ручним приводом кімнатне —", 1)[1][:80]


def test_a_replacement_is_judged_by_the_norm_of_its_submission_date(person, person_user, district_officer,
                                                                   branch_officer, wheelchair, time_machine):
    """Submitted when the four-year term had ended; decided after a five-year norm took effect:
    the term is still judged ended, and the decision records the four-year norm."""
    four_years = add_norm(wheelchair, months=48, on=date(2012, 4, 5))
    issued = services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                            issued_on=date(2023, 1, 10))
    assert issued.replacement_possible_on == date(2027, 1, 10)
    add_norm(wheelchair, months=60, on=date(2027, 2, 1))

    at(time_machine, 2027, 1, 20)
    application = services.start_draft(actor=person_user, person=person, kind=workflow.REPLACEMENT,
                                       issued_product=issued, replacement_reason="service_life_ended",
                                       request_text="Крісло зносилося.")
    assert services.missing_answers(application) == []
    application = services.submit(actor=person_user, application=application)

    at(time_machine, 2027, 3, 1)
    check = norms.replacement_check_for_application(application)
    assert not check.early and check.possible_on == date(2027, 1, 10)
    assert check.citation == f"{ACT}, додаток"
    # Today, by the new norm, the same product could not be replaced before 10.01.2028.
    assert services.replacement_check_for(issued).possible_on == date(2028, 1, 10)
    for status in (workflow.REGISTERED, workflow.UNDER_REVIEW, workflow.FORWARDED):
        application = services.move(actor=district_officer, application=application, to=status)
    application = services.decide(actor=branch_officer, application=application, approve=True,
                                  reasons=REASONS[workflow.APPROVED])
    assert application.norm == four_years


def test_compensation_above_the_norms_maximum_is_refused(person, person_user, district_officer, wheelchair):
    add_norm(wheelchair, months=48, on=date(2012, 4, 5), maximum="8000")
    application = new_application(workflow.COMPENSATION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.UNDER_REVIEW, officer=district_officer, person_user=person_user)
    with pytest.raises(ValidationError) as raised:
        services.decide(actor=district_officer, application=application, approve=True,
                        reasons=REASONS[workflow.APPROVED], approved_amount=Decimal("8500.00"))
    assert raised.value.error_dict["approved_amount"][0].code == "approved_amount_above_maximum"
    assert "8000" in raised.value.error_dict["approved_amount"][0].messages[0]
    application = services.decide(actor=district_officer, application=application, approve=True,
                                  reasons=REASONS[workflow.APPROVED], approved_amount=Decimal("8000.00"))
    assert application.approved_amount == Decimal("8000.00")


def test_the_product_handed_over_gets_the_term_of_the_decisions_norm(person, person_user, district_officer,
                                                                      wheelchair, supplier, time_machine):
    add_norm(wheelchair, months=18, on=date(2012, 4, 5))
    at(time_machine, 2026, 10, 12)
    application = new_application(workflow.PROVISION, person=person, person_user=person_user, product=wheelchair)
    application = advance(application, workflow.PROVIDED, officer=district_officer, person_user=person_user)
    issued = IssuedProduct.objects.get(application=application)
    assert issued.replacement_possible_on == date(2028, 4, 12)
    assert issued.service_life_years == Decimal("1.5")


@pytest.mark.parametrize(("days_before", "reminded"), [(30, True), (10, False)])
def test_the_reminder_comes_the_configured_days_before_the_term_ends(person, person_user, district_officer,
                                                                     wheelchair, settings,
                                                                     time_machine, days_before, reminded,
                                                                     django_capture_on_commit_callbacks):
    settings.REPLACEMENT_REMINDER_DAYS_BEFORE = days_before
    services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                   issued_on=date(2022, 12, 20))
    at(time_machine, 2026, 11, 25)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_replacement_reminders()
    notes = Notification.objects.filter(person=person, subject__contains="Крісло колісне")
    assert sent == notes.count() == (1 if reminded else 0)
    assert len(mail.outbox) == (1 if reminded else 0)
    if reminded:
        assert "20.12.2026" in notes.get().body
        assert [m.to for m in mail.outbox] == [["olena.petrenko@example.com"]]
        assert "20.12.2026" in mail.outbox[0].body
        # Once only.
        assert services.send_replacement_reminders() == 0
