"""A car-queue refusal and a removal of real persons, made through the car queue's own services,
and an officer of the Ministry who reviews the complaints about them (docs/complaints.md).
Shared by the server tests and the browser journey."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cbi.accounts.models import Role
from cbi.carqueue.decisions import services as queue_decisions
from cbi.carqueue.models import QueueDecision, QueueEntry
from cbi.registry.models import DisabilityStatus
from tests.conftest import SHEVCHENKIVSKYI, make_person, make_staff

REFUSAL_REASONS = ("Лікарсько-консультаційна комісія оглядала мене 03.11.2026 і дійшла висновку, що медичні "
                   "показання для забезпечення автомобілем є. Прошу скасувати відмову.")
REMOVAL_REASONS = ("Інвалідність мені встановлено повторно 20.11.2026 безстроково, довідка додається. "
                   "Прошу скасувати рішення про зняття з обліку.")


@pytest.fixture
def ministry_officer(organizations):
    return make_staff(organizations, "ministry.complaints", Role.MINISTRY_OFFICER, "ministry",
                      first="Оксана", last="Шевчук")


def refused_car_application(district_officer, regional_officer, organizations, *, start=date(2026, 10, 12)):
    """Богдан Ткачук (group III) without medical indications for a car: refused (CQ-ELIG-7)."""
    from tests.carqueue.test_applications import register, with_assessment
    from tests.carqueue.test_workflow import run_to

    person = make_person(organizations[SHEVCHENKIVSKYI], surname="Ткачук", given_name="Богдан",
                         patronymic="Іванович", date_of_birth=date(1971, 5, 5), sex="male", rnokpp="2916000373")
    DisabilityStatus.objects.create(person=person, group="III", cause="general_disease",
                                    established_on=date(2022, 3, 1))
    with_assessment(person, indications=False)
    application = run_to("decided", district_officer, regional_officer,
                         register(district_officer, person, received_on=start), start=start)
    assert application.status == "refused"
    return application


def removed_from_queue(person, regional_officer, organizations, *, journal_number=41) -> QueueDecision:
    """The person enrolled in 2023; her disability ended ten days ago; the sweep proposed the
    removal (CQ-RM-1) and the regional officer confirmed it today."""
    today = timezone.localdate()
    entry = QueueEntry.objects.create(person=person, region=organizations["rd-80"], category="general",
                                      enrollment_date=date(2023, 6, 1), journal_number=journal_number)
    queue_decisions.renumber(entry, cause="enrollment")
    DisabilityStatus.objects.filter(person=person).update(ended_on=today - timedelta(days=10))
    queue_decisions.sweep(on=today)
    return queue_decisions.confirm_removal(
        decision=QueueDecision.objects.get(entry=entry, kind="removal", status="proposed"),
        actor=regional_officer, note="Строк інвалідності закінчився, повторного огляду не було.")
