"""Vehicle register checks: request, run (inline in tests), store, wait and retry, history."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tasks import task_backends

from cbi.carqueue.rules.facts import Facts, Vehicle
from cbi.carqueue.rules.facts import VehicleRegisterCheck as RegisterFacts
from cbi.integrations import selectors, services
from cbi.integrations.models import RegisteredVehicle, VehicleRegisterCheck
from cbi.integrations.tasks import run_vehicle_check
from cbi.integrations.vehicle_register import fake
from cbi.integrations.vehicle_register.eligibility import disqualifying_vehicles
from cbi.registry.demo import make_rnokpp
from cbi.registry.models import Person, Representative
from tests.conftest import SHEVCHENKIVSKYI, make_person

from .support import Reply, ScriptedRegister
from .test_http_client import ANSWER

Status = VehicleRegisterCheck.Status

NO_VEHICLES = "2590610860"
RECENT_CAR = "2763910246"
OLD_CAR = "2274710130"
REPRESENTATIVE_WITH_CAR = "2020911132"
CHILD_BORN = date(2016, 5, 12)
CHILD_RNOKPP = make_rnokpp(CHILD_BORN, 201, True)


def today() -> date:
    return timezone.localdate()


def period() -> dict:
    return {"period_from": services.lookback_start(today()), "period_to": today()}


@pytest.fixture
def office(organizations):
    return organizations[SHEVCHENKIVSKYI]


@pytest.fixture
def driver(office):
    """Тарас Бойко, group II, who bought a new car three years ago."""
    return make_person(office, surname="Бойко", given_name="Тарас", patronymic="Миколайович",
                       date_of_birth=date(1975, 9, 3), sex="male", rnokpp=RECENT_CAR)


@pytest.fixture
def child(office):
    """Дмитро Коваль, a child with a disability; his mother Оксана has a car under 10 years."""
    boy = make_person(office, surname="Коваль", given_name="Дмитро", patronymic="Андрійович",
                      date_of_birth=CHILD_BORN, sex="male", rnokpp=CHILD_RNOKPP)
    mother = Representative(
        person=boy, kind="parent", surname="Коваль", given_name="Оксана", patronymic="Василівна",
        date_of_birth=date(1955, 5, 1), rnokpp=REPRESENTATIVE_WITH_CAR, authority_document="birth_certificate",
        authority_document_number="І-ТП 482913", authority_document_date=date(2016, 5, 20),
    )
    mother.full_clean()
    mother.save()
    return boy


def ask(person, actor=None, **kwargs) -> VehicleRegisterCheck:
    return services.request_check(person=person, actor=actor, **{**period(), **kwargs})


# --- a check end to end ------------------------------------------------------------------


def test_officer_requests_a_check_and_gets_no_vehicles(office, district_officer):
    person = make_person(office, rnokpp=NO_VEHICLES)
    check = ask(person, district_officer)
    assert check.status == Status.DONE and check.source == "fake"
    assert check.requested_by == district_officer and check.trigger == "officer"
    assert check.attempts == 1 and check.completed_at is not None and check.next_attempt_at is None
    assert check.subjects == [{"whose": "person", "by": "rnokpp"}]
    assert check.register_reference.startswith("FAKE-")
    assert selectors.vehicle_facts(check) == []
    assert selectors.latest_check(person) == check


def test_a_car_under_10_years_is_stored_and_becomes_rules_facts(driver, district_officer):
    check = ask(driver, district_officer)
    [row] = check.vehicles.all()
    assert row.whose == "person" and row.kind == "car" and row.acquired_how == "purchased"
    assert len(row.vin) == 17 and row.registration_plate and row.make and row.model
    assert row.fetched_at == check.completed_at
    [facts] = selectors.vehicle_facts(check)
    vehicle = Vehicle(**facts)
    assert vehicle.ref == row.registration_plate and vehicle.in_operation_since == row.in_operation_since
    assert [d.rule_ids for d in disqualifying_vehicles([facts], today())] == [["CQ-ELIG-2", "CQ-ELIG-3"]]
    RegisterFacts(**selectors.register_facts(check))


def test_the_facts_fit_a_whole_rules_document(child):
    check = ask(child)
    document = Facts.model_validate({
        "evaluation_date": today(),
        "person": {"birth_date": CHILD_BORN, "citizen_of_ukraine": True, "registered_residence_in_ukraine": True},
        "disability": {"group": "child", "cause": "from_childhood", "term": "fixed",
                       "valid_until": date(2034, 5, 12), "established_on": date(2021, 2, 1)},
        "application": {"registered_on": today(), "received_via": "in_person", "kind": "first"},
        "vehicles": selectors.vehicle_facts(check),
        "vehicle_register": selectors.register_facts(check),
        "representative": {"full_name": "Коваль Оксана Василівна", "kind": "parent"},
    })
    assert [v.whose.value for v in document.vehicles] == ["representative"]


def test_each_check_keeps_what_it_fetched(driver, district_officer):
    first = ask(driver, district_officer)
    second = ask(driver, district_officer)
    assert first.pk != second.pk
    assert RegisteredVehicle.objects.filter(register_check=first).count() == 1
    assert RegisteredVehicle.objects.filter(register_check=second).count() == 1
    assert selectors.latest_check(driver) == second
    assert list(selectors.checks_of(driver)) == [second, first]
    row = first.vehicles.get()
    row.registration_plate = "AA0000AA"
    with pytest.raises(ValueError, match="never changed"):
        row.save()


def test_running_a_done_check_again_changes_nothing(driver):
    check = ask(driver)
    again = services.run_check(check.pk)
    assert again.status == Status.DONE and again.attempts == 1
    assert check.vehicles.count() == 1


# --- the legal representative (CQ-ELIG-4/5) ----------------------------------------------


def test_the_childs_representative_is_looked_up_too(child):
    check = ask(child)
    mother = child.representative_set.get()
    assert check.subjects == [
        {"whose": "person", "by": "rnokpp"},
        {"whose": "representative", "representative_id": mother.pk, "by": "rnokpp"},
    ]
    [row] = check.vehicles.all()
    assert row.whose == "representative" and row.representative == mother
    assert selectors.vehicle_facts(check)[0]["whose"] == "representative"


def test_a_guardian_of_an_incapable_adult_is_looked_up_but_not_a_power_of_attorney(office):
    adult = make_person(office, surname="Мороз", given_name="Ігор", patronymic="Степанович",
                        date_of_birth=date(1962, 4, 12), sex="male", rnokpp=NO_VEHICLES)
    common = {"surname": "Мороз", "given_name": "Галина", "patronymic": "Петрівна", "authority_document_date": date(2020, 1, 10)}
    guardian = Representative.objects.create(person=adult, kind="guardian", rnokpp=REPRESENTATIVE_WITH_CAR,
                                             authority_document="court_decision", authority_document_number="757/1234/20",
                                             **common)
    Representative.objects.create(person=adult, kind="other", rnokpp=OLD_CAR, authority_document="power_of_attorney",
                                  authority_document_number="НВО 123456", **common)
    check = ask(adult)
    assert [s.get("representative_id") for s in check.subjects] == [None, guardian.pk]
    assert [v.representative_id for v in check.vehicles.all()] == [guardian.pk]


def test_a_representative_without_rnokpp_is_looked_up_by_name_or_noted_as_not_checked(child):
    mother = child.representative_set.get()
    Representative.objects.filter(pk=mother.pk).update(rnokpp="")
    father = Representative.objects.create(
        person=child, kind="parent", surname="Коваль", given_name="Андрій", patronymic="Іванович",
        authority_document="birth_certificate", authority_document_number="І-ТП 482913",
        authority_document_date=date(2016, 5, 20),
    )
    check = ask(child)
    assert check.subjects[1] == {"whose": "representative", "representative_id": mother.pk, "by": "name"}
    assert check.subjects[2] == {"whose": "representative", "representative_id": father.pk, "by": None,
                                 "skipped": "no_identifier"}
    assert check.skipped_subjects == [check.subjects[2]]


def test_a_person_who_refused_the_rnokpp_is_looked_up_by_name(office):
    person = Person(surname="Гнатюк", given_name="Василь", patronymic="Петрович", date_of_birth=date(1961, 11, 4),
                    sex="male", rnokpp=None, rnokpp_refused=True, office=office)
    person.full_clean()
    person.save()
    check = ask(person)
    assert check.status == Status.DONE and check.subjects == [{"whose": "person", "by": "name"}]


# --- the register is down ----------------------------------------------------------------


def test_register_down_the_check_waits_then_is_retried(driver, settings):
    settings.VEHICLE_REGISTER_FAKE_DOWN = True
    before = timezone.now()
    check = ask(driver)
    assert check.status == Status.REGISTER_UNAVAILABLE and check.attempts == 1
    assert check.error_code == "http_503" and "not available" in check.error_message
    assert timedelta(seconds=590) < check.next_attempt_at - before < timedelta(seconds=610)
    assert check.vehicles.count() == 0 and check.completed_at is None
    assert selectors.latest_completed_check(driver) is None

    # Not due yet: nothing happens.
    assert services.retry_waiting_checks() == 0
    # The register is back and the time has come.
    settings.VEHICLE_REGISTER_FAKE_DOWN = False
    assert services.retry_waiting_checks(now=check.next_attempt_at + timedelta(seconds=1)) == 1
    check.refresh_from_db()
    assert check.status == Status.DONE and check.attempts == 2 and check.error_code == ""
    assert check.vehicles.count() == 1

    statuses = [(h["status"], h["attempts"]) for h in selectors.check_history(check)]
    assert statuses == [
        ("pending", 0), ("pending", 1), ("register_unavailable", 1), ("register_unavailable", 2), ("done", 2),
    ]


@pytest.fixture
def deferring_backend(settings):
    """A backend that keeps enqueued tasks (with run_after) instead of running them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    yield backend
    backend.clear()


def test_register_down_the_task_reenqueues_itself_up_to_the_limit(driver, settings, deferring_backend):
    settings.VEHICLE_CHECK_MAX_ATTEMPTS = 3
    settings.VEHICLE_CHECK_RETRY_DELAY = 60
    check = services.request_check(person=driver, actor=None, period_from=date(2019, 3, 2), period_to=today(),
                                   trigger="periodic", )
    assert check.status == Status.PENDING and len(deferring_backend.results) == 1
    run_afters = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fake.FakeVehicleRegister, "lookup", _always_down)
        while deferring_backend.results:
            queued = deferring_backend.results.pop(0)
            run_afters.append(queued.task.run_after)
            queued.task.call(*queued.args, **queued.kwargs)
    check.refresh_from_db()
    assert check.attempts == 3 and check.status == Status.REGISTER_UNAVAILABLE
    assert check.next_attempt_at is None and "Gave up after 3 attempts" in check.error_message
    # First run immediately, then after 60 s and 120 s (doubling).
    assert run_afters[0] is None
    assert [round((b - a).total_seconds() / 60) for a, b in zip(run_afters[1:], run_afters[2:])] == [1]
    assert len(run_afters) == 3


def _always_down(self, query):
    raise services.RegisterUnavailable("The vehicle register did not answer in time.", code="timeout")


def test_register_rejects_the_query_no_retry(office):
    person = make_person(office, rnokpp=fake.FAKE_REJECTED_RNOKPP)
    check = ask(person)
    assert check.status == Status.REJECTED and check.error_code == "subject_ambiguous"
    assert check.next_attempt_at is None and check.completed_at is not None and check.attempts == 1
    assert services.retry_waiting_checks(now=timezone.now() + timedelta(days=1)) == 0
    with pytest.raises(ValueError):
        selectors.vehicle_facts(check)


def test_an_unexpected_adapter_failure_does_not_lose_the_check(driver, monkeypatch):
    def broken(self, query):
        raise KeyError("boom")

    monkeypatch.setattr(fake.FakeVehicleRegister, "lookup", broken)
    check = ask(driver)
    assert check.status == Status.REGISTER_UNAVAILABLE and check.error_code == "adapter_error"
    assert "KeyError" in check.error_message and check.next_attempt_at is not None


def test_the_real_http_backend_end_to_end(driver, settings):
    with ScriptedRegister([Reply(503), Reply(200, ANSWER)]) as register:
        settings.VEHICLE_REGISTER_BACKEND = "http"
        settings.VEHICLE_REGISTER_URL = register.url
        settings.VEHICLE_REGISTER_TOKEN = "test-token-not-secret"
        settings.VEHICLE_REGISTER_BACKOFF = 0
        check = ask(driver)
    assert check.status == Status.DONE and check.source == "register"
    assert check.register_reference == "ЄДР-2026-0000417"
    assert sorted(check.vehicles.values_list("kind", flat=True)) == ["car", "trailer"]
    assert register.received[0].body["request_id"] == str(check.pk)
    RegisterFacts(**selectors.register_facts(check))
    for facts in selectors.vehicle_facts(check):
        Vehicle(**facts)


# --- who may ask, what they may ask ------------------------------------------------------


def test_only_officers_who_see_the_person_may_request(driver, auditor, other_district_officer):
    with pytest.raises(PermissionDenied):
        ask(driver, auditor)
    with pytest.raises(PermissionDenied):
        ask(driver, other_district_officer)
    assert not VehicleRegisterCheck.objects.exists()


def test_the_period_must_be_in_the_past_and_in_order(driver, district_officer):
    with pytest.raises(ValidationError):
        ask(driver, district_officer, period_to=today() + timedelta(days=1))
    with pytest.raises(ValidationError):
        ask(driver, district_officer, period_from=today(), period_to=today() - timedelta(days=1))


# --- logs --------------------------------------------------------------------------------


def test_no_personal_data_in_log_records(child, driver, office, settings, caplog):
    caplog.set_level(logging.DEBUG)
    ask(child)
    ask(driver)
    settings.VEHICLE_REGISTER_FAKE_DOWN = True
    ask(make_person(office, rnokpp=NO_VEHICLES))
    settings.VEHICLE_REGISTER_FAKE_DOWN = False
    ask(make_person(office, surname="Шевчук", rnokpp=fake.FAKE_REJECTED_RNOKPP))
    with ScriptedRegister([Reply(500), Reply(400, {"error": {"code": "invalid_subject",
                                                             "message": f"bad {RECENT_CAR}"}})]) as register:
        settings.VEHICLE_REGISTER_BACKEND = "http"
        settings.VEHICLE_REGISTER_URL = register.url
        settings.VEHICLE_REGISTER_TOKEN = "test-token-not-secret"
        settings.VEHICLE_REGISTER_BACKOFF = 0
        ask(driver)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "vehicle check" in text  # the checks are logged…
    for secret in (CHILD_RNOKPP, REPRESENTATIVE_WITH_CAR, RECENT_CAR, NO_VEHICLES, fake.FAKE_REJECTED_RNOKPP,
                   "Коваль", "Бойко", "Шевчук", "1975-09-03"):
        assert secret not in text  # …without who they were about
    stored = " ".join(VehicleRegisterCheck.objects.values_list("error_message", flat=True))
    assert RECENT_CAR not in stored
