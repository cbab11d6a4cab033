"""The authorization code reaches every person (EC-CODE-1, issue #11 item 2.7): besides the
paper receipt, a large-print receipt, an e-mail or an SMS, as the person asks. The code stays
secret (never logged, never stored in plain), and a failed send is told to the officer."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext, override

from cbi.accounts import codes
from cbi.cabinet import code_delivery
from cbi.accounts.models import AuthorizationCode, CodeDelivery
from cbi.notifications import sms
from cbi.notifications.error_codes import NotificationsErrorCode
from cbi.cabinet.error_codes import CabinetErrorCode
from cbi.registry.models import Representative
from cbi.registry.selectors import person_history
from tests.conftest import signed_in
from tests.errors import form_error_codes

pytestmark = pytest.mark.django_db

REGISTER_URL = "http://testserver/cabinet/register/code/"


def uk(msgid: str, **params) -> str:
    with override("uk"):
        text = str(gettext(msgid))
    return text % params if params else text


@pytest.fixture(autouse=True)
def _clean():
    cache.clear()
    sms.outbox.clear()
    yield
    sms.outbox.clear()


class DownProvider:
    """An SMS backend whose provider does not answer."""

    def send(self, *, to, text):
        raise sms.SmsError("the SMS provider did not answer in 10 s",
                           code=NotificationsErrorCode.SMS_TIMEOUT.value)


class BrokenProvider:
    """A backend that fails in a way nobody planned for, quoting the text in its error."""

    def send(self, *, to, text):
        raise RuntimeError(f"cannot send {text!r}")


def issue(client, person, **data):
    response = client.post(f"/cabinet/staff/persons/{person.pk}/code/", {"holder": "", **data})
    assert response.status_code == 200
    page = response.content.decode()
    match = re.search(r'data-testid="authorization-code">([A-Z0-9-]+)<', page)
    return response, page, match.group(1) if match else None


def test_officer_sends_the_code_by_sms_and_by_email(person, district_officer, caplog):
    client = signed_in(district_officer)
    with caplog.at_level(logging.DEBUG):
        _, page, code = issue(client, person, channels=["sms", "email"], email="olena@example.com",
                              phone="", confirmed="on")
    # The SMS went to the number on record, the e-mail to the typed address, both with the code.
    [message] = sms.outbox
    assert message.to == "+380671234567" and code in message.text
    [letter] = mail.outbox
    assert letter.to == ["olena@example.com"] and code in letter.body
    record = codes.check(typed=code, date_of_birth=person.date_of_birth, client="203.0.113.9")
    until = f"{timezone.localtime(record.expires_at):%d.%m.%Y}"
    for text in (message.text, letter.body):
        assert REGISTER_URL in text and until in text
    assert message.text == code_delivery.sms_text(record=record, plain=code, cabinet_url=REGISTER_URL)
    # The link is last in the SMS and on a line of its own in the e-mail: no punctuation sticks to it.
    assert message.text.endswith(REGISTER_URL)
    assert f"\n    {REGISTER_URL}\n" in letter.body
    assert uk("Do not tell the code to anyone. Officers of social protection never ask for it.") in letter.body
    assert letter.subject == uk("Your code for the electronic cabinet of ЦБІ")
    # The officer sees where it went (masked), and the person's history keeps it — without the code.
    assert "+38067*****67" in page and "o***a@example.com" in page
    deliveries = {d.channel: d for d in CodeDelivery.objects.filter(code=record)}
    assert {c: d.outcome for c, d in deliveries.items()} == {"receipt": "printed", "sms": "sent", "email": "sent"}
    assert deliveries["sms"].destination == "+38067*****67" and deliveries["sms"].by == district_officer
    history = [e for e in person_history(person) if e["part"] == CodeDelivery._meta.verbose_name]
    assert len(history) == 3 and all(e["user"] == district_officer for e in history)
    assert any("+38067*****67" in e["object"] for e in history)
    # Never logged (the console and locmem backends, the mail, the views), never stored in plain.
    assert code not in caplog.text and codes.normalize(code) not in caplog.text
    assert "+380671234567" not in caplog.text
    plain = codes.normalize(code)
    for model in (AuthorizationCode, AuthorizationCode.history.model, CodeDelivery, CodeDelivery.history.model):
        for row in model.objects.values():
            assert not any(plain in codes.normalize(str(value)) for value in row.values())


def test_the_console_backend_does_not_log_the_code_either(person, district_officer, settings, caplog):
    settings.SMS_BACKEND = "console"
    client = signed_in(district_officer)
    with caplog.at_level(logging.DEBUG):
        _, page, code = issue(client, person, channels=["sms"], phone="067 765 43 21", confirmed="on")
    assert "+38067*****21" in caplog.text
    assert code not in caplog.text and "+380677654321" not in caplog.text
    assert CodeDelivery.objects.get(channel="sms").outcome == "sent"


def test_large_print_receipt_is_a_sheet_of_its_own_in_large_type(person, district_officer):
    client = signed_in(district_officer)
    _, page, code = issue(client, person, channels=["large_print"])
    sheet = re.search(r'<section class="large-print".*?</section>', page, re.S).group(0)
    assert 'lang="uk"' in sheet
    for group in code.split("-"):
        assert " ".join(group) in sheet  # one character at a time, to read aloud
    assert REGISTER_URL in sheet and "Петренко Олена Іванівна" in sheet
    assert "cabinet/large-print.css" in page
    css = (Path(__file__).resolve().parents[2] / "cbi/cabinet/static/cabinet/large-print.css").read_text()
    printed = css.split("@media print", 1)[1]
    sizes = [int(size) for size in re.findall(r"font-size: (\d+)pt", printed)]
    assert sizes and min(sizes) >= 24
    assert "break-inside: avoid" in printed and "#000" in printed and "#fff" in printed
    assert CodeDelivery.objects.get(channel="large_print").outcome == "printed"
    assert not sms.outbox and not mail.outbox


def test_a_failed_sms_is_told_to_the_officer_and_the_code_stays_valid(person, district_officer, settings, caplog):
    settings.SMS_BACKEND = "tests.cabinet.test_code_delivery.DownProvider"
    client = signed_in(district_officer)
    with caplog.at_level(logging.DEBUG):
        response, page, code = issue(client, person, channels=["sms"], confirmed="on")
    assert re.search(r"<title>\s*" + re.escape(uk("Error")), page)
    assert 'role="alert"' in page
    assert uk("The SMS service did not answer in time.") in page
    assert uk("The code is valid. Print the receipt or the large-print receipt below and give it to the person, "
              "or issue a new code and choose another way: the new code cancels this one.") in page
    assert 'data-testid="large-print-receipt"' in page  # a way to give it right now
    delivery = CodeDelivery.objects.get(channel="sms")
    assert (delivery.outcome, delivery.failure) == ("failed", "timeout")
    assert any(uk("The SMS service did not answer in time.") in e["object"] for e in person_history(person))
    assert codes.check(typed=code, date_of_birth=person.date_of_birth, client="203.0.113.9")
    assert code not in caplog.text
    # The receipt can still be downloaded once from this page.
    assert client.get(f"/cabinet/staff/persons/{person.pk}/code/receipt.pdf").status_code == 200


def test_a_failed_email_is_told_to_the_officer(person, district_officer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port
    client = signed_in(district_officer)
    _, page, code = issue(client, person, channels=["email"], email="olena@example.com", confirmed="on")
    assert uk("The mail server did not accept the e-mail.") in page
    assert CodeDelivery.objects.get(channel="email").outcome == "failed"


def test_a_code_for_a_representative_goes_to_their_phone(person, district_officer):
    from datetime import date

    rep = Representative.objects.create(
        person=person, kind="guardian", surname="Петренко", given_name="Іван", patronymic="Петрович",
        phone="+380501112233", authority_document="court_decision", authority_document_number="2-123/2024",
        authority_document_date=date(2024, 2, 1))
    client = signed_in(district_officer)
    client.post(f"/cabinet/staff/persons/{person.pk}/code/", {"holder": str(rep.pk), "channels": ["sms"],
                                                                "confirmed": "on"})
    assert [m.to for m in sms.outbox] == ["+380501112233"]
    assert AuthorizationCode.objects.get().representative == rep


@pytest.mark.parametrize("data, field, code", [
    ({"channels": ["email"], "confirmed": "on"}, "email", CabinetErrorCode.EMAIL_NOT_ON_RECORD),
    ({"channels": ["sms"]}, "confirmed", CabinetErrorCode.CONTACT_NOT_CONFIRMED),
    ({"channels": ["sms"], "phone": "12-34", "confirmed": "on"}, "phone", CabinetErrorCode.PHONE_INVALID),
    ({"phone": "067 123 45 67"}, "phone", CabinetErrorCode.PHONE_WITHOUT_CHANNEL),
    ({"email": "olena@example.com"}, "email", CabinetErrorCode.EMAIL_WITHOUT_CHANNEL),
])
def test_unclear_choices_are_refused_and_no_code_is_issued(person, district_officer, data, field, code):
    client = signed_in(district_officer)
    response = client.post(f"/cabinet/staff/persons/{person.pk}/code/", {"holder": "", **data})
    assert form_error_codes(response.context["form"]) == {field: [code.value]}
    assert not AuthorizationCode.objects.exists() and not sms.outbox and not mail.outbox


def test_the_form_shows_the_contacts_on_record(person, district_officer):
    page = signed_in(district_officer).get(f"/cabinet/staff/persons/{person.pk}/code/").content.decode()
    assert "+380671234567" in page
    assert uk("How else does the person want to get the code?") in page


def test_a_broken_sms_backend_is_a_plain_failure_not_a_crash(person, district_officer, settings, caplog):
    settings.SMS_BACKEND = "tests.cabinet.test_code_delivery.BrokenProvider"
    client = signed_in(district_officer)
    with caplog.at_level(logging.DEBUG):
        _, page, code = issue(client, person, channels=["sms"], confirmed="on")
    assert uk("The SMS service is not working right now.") in page
    assert CodeDelivery.objects.get(channel="sms").outcome == "failed"
    assert "RuntimeError" in caplog.text and code not in caplog.text
