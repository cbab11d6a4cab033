"""The access helpers: one answer for missing and forbidden, one read recorded, none when refused."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.http import Http404

from cbi.audit import access
from cbi.audit.models import AccessEvent
from cbi.audit.services import purge_expired, record_read
from cbi.integrations import services as integration_services
from tests.conftest import PECHERSKYI, make_person

pytestmark = pytest.mark.django_db


def refusal(call) -> str:
    with pytest.raises(Http404) as caught:
        call()
    return str(caught.value)


def test_missing_and_forbidden_are_the_same_404_and_nothing_is_recorded(person, organizations, district_officer,
                                                                         administrator):
    stranger = make_person(organizations[PECHERSKYI], surname="Мельник", given_name="Андрій", rnokpp="2287104573")
    answers = {
        refusal(lambda: access.access_person(district_officer, uuid.uuid4())),  # missing
        refusal(lambda: access.access_person(district_officer, stranger.pk)),  # another office
        refusal(lambda: access.access_person(administrator, person.pk)),  # no capability
        refusal(lambda: access.access_person(district_officer, "не-ідентифікатор")),  # garbage
    }
    assert len(answers) == 1
    assert not AccessEvent.objects.exists()


def test_an_allowed_read_is_recorded_once_with_who_where_and_why(person, district_officer):
    found = access.access_person(district_officer, str(person.pk))
    assert found == person
    event = AccessEvent.objects.get()
    assert (event.event_type, event.purpose, event.channel) == ("person_record", "record_keeping", "staff")
    assert (event.user, event.role, event.organization) == (
        district_officer, "district_officer", district_officer.staff_profile.organization)
    assert (event.person, event.object_kind, event.object_id) == (person, "registry.person", str(person.pk))


def test_an_auditors_read_is_an_audit(person, auditor):
    access.access_person(auditor, person.pk, event_type=AccessEvent.EventType.PERSON_HISTORY)
    assert AccessEvent.objects.get().purpose == "audit"


def test_a_failed_requirement_is_the_same_404_and_is_not_recorded(district_officer, submitted_product_application):
    application = submitted_product_application
    with pytest.raises(Http404):
        access.access_product_application(district_officer, application.pk, require=lambda a: a.is_decided)
    assert not AccessEvent.objects.exists()
    access.access_product_application(district_officer, application.pk)
    assert AccessEvent.objects.get().event_type == "product_application"


@pytest.fixture
def submitted_product_application(person, wheelchair):
    from cbi.applications import services as application_services
    from cbi.applications import workflow
    from tests.applications.fixtures import cabinet_user_for, new_application

    user = cabinet_user_for(person, "olena.petrenko")
    draft = new_application(workflow.PROVISION, person=person, person_user=user, product=wheelchair)
    return application_services.submit(actor=user, application=draft)


def test_record_false_fetches_without_recording(person, district_officer):
    assert access.access_person(district_officer, person.pk, record=False) == person
    assert not AccessEvent.objects.exists()


def test_the_log_is_insert_only(person, district_officer):
    access.access_person(district_officer, person.pk)
    event = AccessEvent.objects.get()
    event.purpose = "audit"
    with pytest.raises(ValueError):
        event.save()


def test_the_vehicle_register_check_is_recorded_as_an_automated_read(person, district_officer):
    check = integration_services.request_check(person=person, actor=district_officer, period_from=date(2016, 1, 1),
                                               period_to=date(2026, 1, 1))  # runs inline in tests
    event = AccessEvent.objects.get()
    assert (event.channel, event.user, event.job, event.person) == ("automated", None, "vehicle_register_check",
                                                                    person)
    assert (event.event_type, event.purpose, event.object_id) == ("vehicle_register_check", "car_queue",
                                                                  str(check.pk))
    with pytest.raises(ValueError):
        record_read(event_type=AccessEvent.EventType.PERSON_RECORD, obj=person)  # nobody read it


def test_reads_older_than_the_retention_are_purged(person, district_officer, settings, time_machine):
    from datetime import datetime, timedelta, timezone

    settings.ACCESS_LOG_RETENTION_DAYS = 30
    time_machine.move_to(datetime(2026, 1, 5, 10, tzinfo=timezone.utc), tick=False)
    access.access_person(district_officer, person.pk)
    time_machine.move_to(datetime(2026, 1, 5, 10, tzinfo=timezone.utc) + timedelta(days=29), tick=False)
    access.access_person(district_officer, person.pk)
    time_machine.move_to(datetime(2026, 1, 5, 10, tzinfo=timezone.utc) + timedelta(days=31), tick=False)
    assert purge_expired() == 1
    assert AccessEvent.objects.count() == 1
