"""Periodic re-check: the task, the service and the management command."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cbi.carqueue.rules.dates import add_years
from cbi.integrations import services
from cbi.integrations.models import VehicleRegisterCheck
from cbi.integrations.tasks import recheck_persons
from tests.conftest import SHEVCHENKIVSKYI, make_person

Status = VehicleRegisterCheck.Status

#: Set by tests: what the VEHICLE_RECHECK_PERSONS callable below returns.
ENROLLED: list = []


def enrolled_persons():
    """Stands in for the car-queue's "persons in the queue" selector."""
    return list(ENROLLED)


@pytest.fixture
def people(organizations):
    office = organizations[SHEVCHENKIVSKYI]
    return [
        make_person(office, surname="Бойко", given_name="Тарас", patronymic="Миколайович",
                    date_of_birth=date(1975, 9, 3), sex="male", rnokpp="2763910246"),
        make_person(office, surname="Мельничук", given_name="Ганна", patronymic="Степанівна",
                    date_of_birth=date(1970, 12, 5), sex="female", rnokpp="2590610860"),
    ]


def test_the_task_requests_a_new_check_for_each_person(people):
    result = recheck_persons.enqueue([str(p.pk) for p in people])
    assert result.return_value == 2
    for person in people:
        check = person.vehicle_checks.get()
        assert check.trigger == "periodic" and check.requested_by is None and check.status == Status.DONE
        assert check.period_to == timezone.localdate()
        assert check.period_from == add_years(timezone.localdate(), -7)
        assert check.history.earliest("history_date").history_user is None


def test_a_person_with_a_waiting_check_is_not_asked_twice(people, settings):
    settings.VEHICLE_REGISTER_FAKE_DOWN = True
    services.recheck([people[0].pk])
    services.recheck([people[0].pk])
    assert people[0].vehicle_checks.count() == 1


def test_the_period_starts_7_years_before_enrollment_when_given(people):
    [check] = services.recheck([(people[0].pk, date(2015, 2, 10))])
    assert check.period_from == date(2008, 2, 10)


def test_an_unknown_person_is_skipped(people):
    assert len(services.recheck(["00000000-0000-4000-8000-000000000000", people[1].pk])) == 1


def test_command_with_person_ids(people):
    out = StringIO()
    call_command("recheck_vehicle_register", "--person-ids", str(people[0].pk), stdout=out)
    assert "Requested 1 vehicle register check(s)" in out.getvalue()
    assert people[0].vehicle_checks.count() == 1 and people[1].vehicle_checks.count() == 0


def test_command_all_enrolled_uses_the_setting(people, settings):
    settings.VEHICLE_RECHECK_PERSONS = "tests.integrations.test_recheck.enrolled_persons"
    ENROLLED[:] = [people[1].pk]
    try:
        call_command("recheck_vehicle_register", "--all-enrolled", stdout=StringIO())
    finally:
        ENROLLED.clear()
    assert people[1].vehicle_checks.count() == 1 and people[0].vehicle_checks.count() == 0


def test_command_all_enrolled_without_the_setting_does_nothing(people):
    out = StringIO()
    call_command("recheck_vehicle_register", "--all-enrolled", stdout=out)
    assert "nobody enrolled" in out.getvalue()
    assert not VehicleRegisterCheck.objects.exists()


def test_command_retry_waiting(people, settings):
    settings.VEHICLE_REGISTER_FAKE_DOWN = True
    settings.VEHICLE_CHECK_RETRY_DELAY = 0
    [check] = services.recheck([people[0].pk])
    assert check.status == Status.REGISTER_UNAVAILABLE
    settings.VEHICLE_REGISTER_FAKE_DOWN = False
    out = StringIO()
    call_command("recheck_vehicle_register", "--retry-waiting", stdout=out)
    assert "Enqueued 1 waiting check(s)" in out.getvalue()
    check.refresh_from_db()
    assert check.status == Status.DONE and check.attempts == 2


def test_command_needs_an_option():
    with pytest.raises(CommandError):
        call_command("recheck_vehicle_register")
