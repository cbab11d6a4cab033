"""AG-NOTE-1: a disability status "until <date>" that runs out is a change the subscribed agency
is told of — by the daily sweep (``manage.py agency_lapse_notices``), once, and only to an agency
that subscribed while the status was in force.

The story: Олена Петренко's group II was established on 15.05.2023 until 31.03.2026. The Pension
Fund subscribes on 02.03.2026. On 01.04.2026 the term has run out and nothing was edited; the
sweep that night queues one notice, the worker delivers it, and a second run queues nothing."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command

from cbi.agencies import rules, selectors, services
from cbi.agencies.models import StatusNotice
from cbi.registry.models import DisabilityStatus
from tests.agencies.conftest import post, subscribe_body
from tests.agencies.test_subscribe_notify import Receiver
from tests.clock import KYIV

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/api/agencies/registry/subscribe"
RNOKPP = {"type": "RNOKPP", "value": "3113201244"}
LAST_DAY = date(2026, 3, 31)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=KYIV)


@pytest.fixture
def fixed_term(person):
    """Group II until 31.03.2026 (set directly: the story starts with the status as it is)."""
    DisabilityStatus.objects.filter(person=person).update(valid_until=LAST_DAY)
    return DisabilityStatus.objects.get(person=person)


@pytest.fixture
def subscribed(client, fixed_term, pfu, pfu_token, time_machine):
    time_machine.move_to(at(date(2026, 3, 2)), tick=False)
    assert post(client, SUBSCRIBE, subscribe_body(RNOKPP, purpose="pension"), pfu_token).status_code == 200
    return pfu


def test_nothing_is_queued_while_the_term_runs(subscribed, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(at(LAST_DAY, 23), tick=False)
    assert services.queue_lapse_notices() == 0
    assert not StatusNotice.objects.exists()


def test_the_day_after_the_last_day_the_agency_is_told_once(subscribed, time_machine,
                                                             django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        subscribed.callback_url = receiver.url
        subscribed.save()
        time_machine.move_to(at(LAST_DAY + timedelta(days=1), 0), tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.queue_lapse_notices() == 1
        assert len(receiver.received) == 1
        body = json.loads(receiver.received[0][1])
        record = body["message"]["notify_event"][0]["data"]["reg_records"]
        assert record["disability_established"] is False      # the Pension Fund learns the status is gone
        assert StatusNotice.objects.get().status == "delivered"
        # The sweep runs again that night, the next day, and a week late: nothing new.
        with django_capture_on_commit_callbacks(execute=True):
            assert services.queue_lapse_notices() == 0
            time_machine.move_to(at(LAST_DAY + timedelta(days=2)), tick=False)
            assert services.queue_lapse_notices() == 0
            assert services.queue_lapse_notices(on=LAST_DAY + timedelta(days=8)) == 0
        assert len(receiver.received) == 1 and StatusNotice.objects.count() == 1


def test_the_command_and_the_task(subscribed, time_machine, capsys):
    time_machine.move_to(at(date(2026, 4, 2)), tick=False)
    call_command("agency_lapse_notices", "--today", "2026-04-01")
    assert "1 queued" in capsys.readouterr().out
    from cbi.agencies.tasks import queue_lapse_notices

    assert queue_lapse_notices.enqueue("2026-04-01").return_value == 0
    assert queue_lapse_notices.enqueue().return_value == 0
    assert StatusNotice.objects.count() == 1


def test_an_agency_that_subscribed_after_the_term_ran_out_is_not_told(client, fixed_term, pfu, pfu_token,
                                                                      time_machine):
    time_machine.move_to(at(date(2026, 4, 5)), tick=False)
    assert post(client, SUBSCRIBE, subscribe_body(RNOKPP, purpose="pension"), pfu_token).status_code == 200
    assert services.queue_lapse_notices() == 0


def test_no_lapse_when_a_new_status_took_over(subscribed, time_machine):
    """A re-examination on 25.03.2026 established group III indefinitely: on 01.04.2026 the
    person still has a status in force (its edit notified the agency when it was made)."""
    DisabilityStatus.objects.create(person=subscribed.subscriptions.get().person, group="III",
                                    cause="general_disease", established_on=date(2026, 3, 25))
    time_machine.move_to(at(date(2026, 4, 1)), tick=False)
    assert services.queue_lapse_notices() == 0


def test_a_term_extended_and_run_out_again_is_a_new_change(subscribed, fixed_term, time_machine):
    time_machine.move_to(at(date(2026, 4, 1)), tick=False)
    assert services.queue_lapse_notices() == 1
    DisabilityStatus.objects.filter(pk=fixed_term.pk).update(valid_until=date(2027, 3, 31))
    time_machine.move_to(at(date(2027, 4, 1)), tick=False)
    assert services.queue_lapse_notices() == 1
    assert sorted(StatusNotice.objects.values_list("key", flat=True)) == [
        f"{subscribed.subscriptions.get().code}:lapsed-{fixed_term.pk}-2026-03-31",
        f"{subscribed.subscriptions.get().code}:lapsed-{fixed_term.pk}-2027-03-31"]


def test_a_removed_status_is_not_a_lapse(subscribed, fixed_term, time_machine):
    DisabilityStatus.objects.filter(pk=fixed_term.pk).update(ended_on=date(2026, 3, 20))
    time_machine.move_to(at(date(2026, 4, 1)), tick=False)
    assert services.queue_lapse_notices() == 0


def test_an_ended_subscription_is_not_told(subscribed, time_machine):
    services.unsubscribe(subscription=subscribed.subscriptions.get())
    time_machine.move_to(at(date(2026, 4, 1)), tick=False)
    assert services.queue_lapse_notices() == 0


@pytest.mark.parametrize("established_on, valid_until, ended_on", [
    (date(2023, 5, 15), None, None), (date(2023, 5, 15), LAST_DAY, None),
    (date(2023, 5, 15), LAST_DAY, date(2026, 1, 10)), (date(2026, 4, 1), None, None),
])
@pytest.mark.parametrize("on", [date(2026, 1, 10), LAST_DAY, LAST_DAY + timedelta(days=1)])
def test_the_database_filters_are_the_pure_rules(person, established_on, valid_until, ended_on, on):
    DisabilityStatus.objects.filter(person=person).update(established_on=established_on, valid_until=valid_until,
                                                          ended_on=ended_on)
    rows = DisabilityStatus.objects.filter(person=person)
    assert rows.filter(selectors.in_force(on)).exists() == rules.status_in_force(
        established_on=established_on, valid_until=valid_until, ended_on=ended_on, on=on)
    assert rows.filter(selectors.lapse_on(on)).exists() == rules.lapsed(valid_until=valid_until, ended_on=ended_on,
                                                                        on=on)
