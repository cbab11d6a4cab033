"""Notifications by the channels each account holder chose (docs/notifications.md): the cabinet
always, e-mail unless turned off, SMS to a number proven with a code; the SMS outbox is retried
by the worker, never lost and never sent twice."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cbi.notifications import services, sms
from cbi.notifications.error_codes import NotificationsErrorCode
from cbi.notifications.models import ChannelPreference, OutboundSms
from tests.applications.fixtures import cabinet_user_for
from tests.clock import STORY_NOW
from tests.conftest import make_person

pytestmark = pytest.mark.time_machine(STORY_NOW)

PHONE = "067 123 45 67"


@pytest.fixture(autouse=True)
def _sms_in_memory(settings):
    settings.SMS_BACKEND = "locmem"
    settings.SMS_RETRY_DELAYS = [60, 300]
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def mother(person):
    """Олена Петренко, and her son Андрій (10) whom she represents."""
    son = make_person(person.office, surname="Петренко", given_name="Андрій", patronymic="Олегович",
                      date_of_birth=date(2016, 9, 1), sex="male", rnokpp="4210301230")
    user = cabinet_user_for(person, "olena.petrenko", represents=[son])
    return user, son


def _code_sent() -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)


def _verified(account, phone=PHONE):
    services.start_phone_verification(account=account, phone=phone)
    return services.confirm_phone(account=account, code=_code_sent())


def test_a_confirmed_number_gets_a_short_message_with_the_link(mother, django_capture_on_commit_callbacks):
    user, son = mother
    _verified(user.cabinet_account)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(person=son, subject="Рішення щодо заяви ЗР-2026-000041",
                                       body="Заяву задоволено.", link="/cabinet/")
    assert [m.to for m in sms.outbox] == ["+380671234567"]
    text = sms.outbox[0].text
    assert "ЗР-2026-000041" in text
    assert text.endswith(reverse("cabinet:notification", args=[notification.pk]))
    assert text.split()[-1].startswith("http")
    assert OutboundSms.objects.get().status == OutboundSms.Status.SENT
    assert len(mail.outbox) == 1  # e-mail stays on


def test_turning_e_mail_off_stops_e_mails_but_not_the_cabinet(mother, django_capture_on_commit_callbacks):
    user, son = mother
    services.set_channels(account=user.cabinet_account, by_email=False, by_sms=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(person=son, subject="Нагадування", body="Подайте документи.")
    assert mail.outbox == [] and sms.outbox == []
    assert son.notifications.count() == 1


def test_sms_cannot_be_turned_on_without_a_confirmed_number(mother):
    user, _son = mother
    with pytest.raises(ValidationError) as refused:
        services.set_channels(account=user.cabinet_account, by_email=True, by_sms=True)
    assert refused.value.code == NotificationsErrorCode.PHONE_NOT_VERIFIED.value


def test_a_wrong_code_is_refused_and_five_wrong_codes_end_it(mother, settings):
    user, _son = mother
    account = user.cabinet_account
    services.start_phone_verification(account=account, phone=PHONE)
    right = _code_sent()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(settings.PHONE_CODE_MAX_ATTEMPTS):
        with pytest.raises(ValidationError) as refused:
            services.confirm_phone(account=account, code=wrong)
        assert refused.value.code == NotificationsErrorCode.PHONE_CODE_WRONG.value
    with pytest.raises(ValidationError) as refused:
        services.confirm_phone(account=account, code=right)
    assert refused.value.code == NotificationsErrorCode.PHONE_CODE_EXPIRED.value
    assert ChannelPreference.objects.get(account=account).phone_verified_at is None


def test_an_old_code_no_longer_works(mother, time_machine):
    user, _son = mother
    account = user.cabinet_account
    services.start_phone_verification(account=account, phone=PHONE)
    time_machine.shift(timedelta(minutes=16))
    with pytest.raises(ValidationError) as refused:
        services.confirm_phone(account=account, code=_code_sent())
    assert refused.value.code == NotificationsErrorCode.PHONE_CODE_EXPIRED.value


def test_the_code_is_kept_hashed(mother):
    user, _son = mother
    services.start_phone_verification(account=user.cabinet_account, phone=PHONE)
    preference = ChannelPreference.objects.get(account=user.cabinet_account)
    assert _code_sent() not in preference.pending_code_hash


class _Flaky:
    """A provider that is down for the first ``failures`` messages, and counts what it got."""

    failures = 0
    received: list[tuple[str, str]] = []

    def send(self, *, to, text, idempotency_key=""):
        if _Flaky.failures:
            _Flaky.failures -= 1
            raise sms.SmsError("the SMS provider answered HTTP 503", code="http_503")
        _Flaky.received.append((to, idempotency_key))
        return f"id-{len(_Flaky.received)}"


def test_a_failed_message_is_retried_by_the_worker_and_sent_once(mother, settings, time_machine,
                                                                  django_capture_on_commit_callbacks):
    user, son = mother
    _verified(user.cabinet_account)
    settings.SMS_BACKEND = "tests.notifications.test_channels._Flaky"
    _Flaky.failures, _Flaky.received = 1, []
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(person=son, subject="Рішення", body="Заяву задоволено.")
    message = OutboundSms.objects.get()
    assert message.status == OutboundSms.Status.RETRYING and message.last_error_code == "http_503"
    call_command("retry_sms")  # not due yet
    assert _Flaky.received == []
    time_machine.shift(timedelta(seconds=61))
    call_command("retry_sms")
    call_command("retry_sms")
    services.deliver_sms(message_id=message.pk)  # the task run again after a worker died
    message.refresh_from_db()
    assert message.status == OutboundSms.Status.SENT and message.attempts == 2
    assert _Flaky.received == [("+380671234567", message.key)]


def test_after_the_last_retry_the_message_is_marked_not_delivered(mother, settings, time_machine,
                                                                  django_capture_on_commit_callbacks):
    user, son = mother
    _verified(user.cabinet_account)
    settings.SMS_BACKEND = "tests.notifications.test_channels._Flaky"
    _Flaky.failures, _Flaky.received = 10, []
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(person=son, subject="Рішення", body="Заяву задоволено.")
    for _ in range(4):
        time_machine.shift(timedelta(hours=1))
        call_command("retry_sms")
    message = OutboundSms.objects.get()
    assert message.status == OutboundSms.Status.FAILED and message.attempts == 3
    assert son.notifications.count() == 1  # the cabinet still has it


def test_the_same_notification_is_never_queued_twice(mother):
    user, son = mother
    account = user.cabinet_account
    first = services.queue_sms(account=account, phone="+380671234567", text="a", key="notification-1-1")
    again = services.queue_sms(account=account, phone="+380671234567", text="a", key="notification-1-1")
    assert first.pk == again.pk and OutboundSms.objects.count() == 1


def test_the_page_confirms_a_number_and_turns_sms_on(mother):
    user, _son = mother
    client = Client()
    client.force_login(user)
    url = reverse("cabinet:notification_channels")
    page = client.post(url, {"action": "phone", "phone-phone": "067 12"})
    assert 'id="error-summary"' in page.content.decode() and 'value="067 12"' in page.content.decode()
    assert sms.outbox == []
    client.post(url, {"action": "phone", "phone-phone": PHONE})
    page = client.post(url, {"action": "code", "code-code": _code_sent()}, follow=True)
    assert page.status_code == 200
    preference = ChannelPreference.objects.get(account=user.cabinet_account)
    assert preference.sms_ready and preference.phone == "+380671234567"
    client.post(url, {"action": "channels", "channels-by_email": "on"})
    preference.refresh_from_db()
    assert preference.by_email and not preference.by_sms
    assert preference.history.count() >= 3
