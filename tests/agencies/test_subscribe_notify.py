"""Issue #17 §1, asynchronous: an agency subscribes for a person; a change of the person's
disability status queues one notice, POSTed by the worker to the agency's callback (a local
receiver on 127.0.0.1 here), signed, retried after a failure, never sent twice."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from cbi.agencies import schemas, services
from cbi.agencies.models import StatusNotice, Subscription
from cbi.audit.models import AccessEvent
from cbi.registry import services as registry_services
from cbi.registry.models import DisabilityStatus
from tests.agencies.conftest import post, subscribe_body
from tests.applications.fixtures import cabinet_user_for

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/api/agencies/registry/subscribe"
RNOKPP = {"type": "RNOKPP", "value": "3113201244"}


class Receiver:
    """A tiny HTTP server: keeps every POST; answers 503 to the first ``fail`` of them."""

    def __init__(self, fail: int = 0):
        self.received: list[tuple[dict, bytes]] = []
        self.fail = fail
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = 503 if len(outer.received) <= outer.fail else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/cbi/notify"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _with_callback(client, url):
    client.callback_url = url
    client.save()
    return client


def change_group(officer, person, group: str, capture):
    status = DisabilityStatus.objects.get(person=person)
    with capture(execute=True):
        registry_services.save_person_part(actor=officer, person=person, instance=status, data={"group": group},
                                           reason="Повторний огляд МСЕК 02.03.2026")


def test_subscribe_answers_in_the_dci_shape(client, person, pfu, pfu_token):
    response = post(client, SUBSCRIBE, subscribe_body(RNOKPP, purpose="pension"), pfu_token)
    assert response.status_code == 200, response.content
    answer = schemas.SubscribeResponse.model_validate(response.json())
    info = answer.message.subscribe_response[0].subscriptions[0]
    assert info.code == str(Subscription.objects.get(person=person).code) and info.purpose == "pension"
    again = post(client, SUBSCRIBE, subscribe_body(RNOKPP, purpose="pension"), pfu_token)
    assert again.json()["message"]["subscribe_response"][0]["subscriptions"][0]["code"] == info.code
    assert Subscription.objects.count() == 1


def test_subscribing_without_consent_is_refused_like_an_unknown_person(client, person, transport, transport_token):
    response = post(client, SUBSCRIBE, subscribe_body(RNOKPP, purpose="discount"), transport_token)
    assert response.status_code == 404 and response.json()["code"] == "no_consent"
    assert not Subscription.objects.exists()


def test_a_status_change_is_notified_once_signed_and_logged(client, person, pfu, pfu_token, district_officer,
                                                           django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        _with_callback(pfu, receiver.url)
        pfu.callback_secret = "спільний-секрет-для-тесту"
        pfu.save()
        post(client, SUBSCRIBE, subscribe_body(RNOKPP, purpose="pension"), pfu_token)
        reads_before = AccessEvent.objects.filter(person=person).count()
        change_group(district_officer, person, "I", django_capture_on_commit_callbacks)
        assert len(receiver.received) == 1
        headers, body = receiver.received[0]
        notify = schemas.Notify.model_validate(json.loads(body))
        record = notify.message.notify_event[0].data.reg_records
        assert (record.disability_established, record.disability_group) == (True, "I")
        assert notify.message.notify_event[0].data.legal_basis.startswith("Закон України")
        expected = hmac.new("спільний-секрет-для-тесту".encode(), body, hashlib.sha256).hexdigest()
        assert headers["x-cbi-signature"] == f"sha256={expected}"
        notice = StatusNotice.objects.get()
        assert notice.status == "delivered"
        assert services.deliver_notice(notice_id=notice.pk) == "delivered"  # run twice: nothing new sent
        assert services.retry_due_notices(now=timezone.now() + timedelta(days=1)) == {}
        assert len(receiver.received) == 1
    event = AccessEvent.objects.filter(person=person).latest("pk")
    assert AccessEvent.objects.filter(person=person).count() == reads_before + 1
    assert (event.channel, event.agency_name) == ("agency", "Пенсійний фонд України")


def test_a_failed_delivery_is_retried_by_the_sweep(client, person, pfu, pfu_token, district_officer,
                                                  django_capture_on_commit_callbacks):
    with Receiver(fail=1) as receiver:
        _with_callback(pfu, receiver.url)
        post(client, SUBSCRIBE, subscribe_body(RNOKPP, purpose="pension"), pfu_token)
        change_group(district_officer, person, "III", django_capture_on_commit_callbacks)
        notice = StatusNotice.objects.get()
        assert (notice.status, notice.last_error, notice.attempts) == ("retrying", "http_503", 1)
        assert services.retry_due_notices() == {}  # not due yet
        assert services.retry_due_notices(now=timezone.now() + timedelta(minutes=2)) == {"delivered": 1}
        assert len(receiver.received) == 2
        assert json.loads(receiver.received[1][1])["message"]["notify_event"][0]["data"]["reg_records"][
            "disability_group"] == "III"


def test_a_consent_withdrawn_before_delivery_stops_the_notice(client, person, transport, transport_token,
                                                             district_officer, django_capture_on_commit_callbacks):
    user = cabinet_user_for(person, "olena.petrenko")
    consent = services.grant_consent(user=user, person=person, purpose=transport.purposes.get())
    with Receiver(fail=1) as receiver:
        _with_callback(transport, receiver.url)
        assert post(client, SUBSCRIBE, subscribe_body(RNOKPP, purpose="discount"), transport_token).status_code == 200
        change_group(district_officer, person, "I", django_capture_on_commit_callbacks)
        services.withdraw_consent(user=user, consent=consent)
        assert services.retry_due_notices(now=timezone.now() + timedelta(minutes=2)) == {"dropped": 1}
        assert len(receiver.received) == 1  # only the failed first attempt
