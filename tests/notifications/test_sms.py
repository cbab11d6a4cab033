"""The SMS adapter (cbi/notifications/sms.py): numbers, the console and locmem backends, and
the HTTP provider client against a stub server on 127.0.0.1 (success, 500, timeout)."""

from __future__ import annotations

import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cbi.notifications import sms
from cbi.notifications.error_codes import NotificationsErrorCode

SECRET = "KD7R-WX4M-PT9C"
TEXT = f"Код для реєстрації: {SECRET}."


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def test_numbers_are_normalised_and_masked():
    assert sms.normalize_phone("067 123 45 67") == "+380671234567"
    assert sms.normalize_phone("(067) 123-45-67") == "+380671234567"
    assert sms.normalize_phone("380671234567") == "+380671234567"
    assert sms.normalize_phone("+48 601 234 567") == "+48601234567"
    for wrong in ("", "12345", "+38067123456", "телефон", "+3806712345678"):
        with pytest.raises(ValueError):
            sms.normalize_phone(wrong)
    assert sms.mask_phone("+380671234567") == "+38067*****67"


def test_locmem_backend_keeps_the_message(settings):
    settings.SMS_BACKEND = "locmem"
    sms.send_sms(to="067 123 45 67", text=TEXT)
    assert sms.outbox == [sms.Sms(to="+380671234567", text=TEXT)]


def test_a_wrong_number_is_refused_before_any_backend():
    with pytest.raises(sms.SmsError) as refused:
        sms.send_sms(to="12", text=TEXT)
    assert refused.value.code == NotificationsErrorCode.SMS_BAD_NUMBER.value
    assert sms.outbox == []


def test_console_backend_logs_only_a_masked_line(settings, caplog):
    settings.SMS_BACKEND = "console"
    settings.DEBUG = False
    with caplog.at_level(logging.DEBUG):
        sms.send_sms(to="+380671234567", text=TEXT)
    assert "+38067*****67" in caplog.text
    assert SECRET not in caplog.text and "+380671234567" not in caplog.text


def test_console_backend_prints_the_text_to_the_terminal_only_in_debug(settings, caplog):
    settings.DEBUG = True
    stream = io.StringIO()
    with caplog.at_level(logging.DEBUG):
        sms.ConsoleBackend(stream=stream).send(to="+380671234567", text=TEXT)
    assert SECRET in stream.getvalue() and "+380671234567" not in stream.getvalue()
    assert SECRET not in caplog.text
    settings.DEBUG = False
    quiet = io.StringIO()
    sms.ConsoleBackend(stream=quiet).send(to="+380671234567", text=TEXT)
    assert quiet.getvalue() == ""


# --- the HTTP provider client against a stub server ---------------------------------------

class Provider:
    """A stub SMS provider on 127.0.0.1: answers ``status`` or waits until released."""

    def __init__(self):
        self.status = 200
        self.answer = {"id": "msg-42"}
        self.hang = False
        self.received: list[tuple[dict, dict]] = []
        self.release = threading.Event()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                provider.received.append((dict(self.headers), body))
                if provider.hang:
                    provider.release.wait(5)
                    return
                payload = json.dumps(provider.answer).encode()
                self.send_response(provider.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings):
    stub = Provider()
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = stub.url
    settings.SMS_HTTP_TOKEN = "token-from-the-environment"
    settings.SMS_HTTP_TIMEOUT = 0.5
    settings.SMS_SENDER = "CBI"
    yield stub
    stub.close()


def test_http_provider_accepts_the_message(provider, caplog):
    with caplog.at_level(logging.DEBUG):
        assert sms.send_sms(to="067 123 45 67", text=TEXT) == "msg-42"
    headers, body = provider.received[0]
    assert body == {"to": "+380671234567", "text": TEXT, "sender": "CBI"}
    assert headers["Authorization"] == "Bearer token-from-the-environment"
    assert SECRET not in caplog.text and "token-from-the-environment" not in caplog.text


def test_http_provider_error_is_a_clear_failure(provider, caplog):
    provider.status = 500
    provider.answer = {"error": f"internal error while sending {SECRET}"}
    with caplog.at_level(logging.DEBUG), pytest.raises(sms.SmsError) as failed:
        sms.send_sms(to="+380671234567", text=TEXT)
    assert failed.value.code == "http_500"
    assert "HTTP 500" in str(failed.value)
    assert SECRET not in str(failed.value) and SECRET not in caplog.text
    assert "+38067*****67" in caplog.text


def test_http_provider_refusal_is_not_reported_as_an_outage(provider):
    provider.status = 400
    with pytest.raises(sms.SmsError) as failed:
        sms.send_sms(to="+380671234567", text=TEXT)
    assert failed.value.code == NotificationsErrorCode.SMS_REJECTED.value


def test_http_provider_that_does_not_answer_times_out(provider, caplog):
    provider.hang = True
    with caplog.at_level(logging.DEBUG), pytest.raises(sms.SmsError) as failed:
        sms.send_sms(to="+380671234567", text=TEXT)
    assert failed.value.code == NotificationsErrorCode.SMS_TIMEOUT.value
    assert "0.5 s" in str(failed.value)
    assert SECRET not in caplog.text


def test_http_provider_that_is_down_is_unreachable(provider):
    provider.close()
    with pytest.raises(sms.SmsError) as failed:
        sms.send_sms(to="+380671234567", text=TEXT)
    assert failed.value.code == NotificationsErrorCode.SMS_UNREACHABLE.value


def test_http_backend_without_an_address_or_over_plain_http_refuses(settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = ""
    with pytest.raises(sms.SmsError) as failed:
        sms.send_sms(to="+380671234567", text=TEXT)
    assert failed.value.code == NotificationsErrorCode.SMS_NOT_CONFIGURED.value
    settings.SMS_HTTP_URL = "http://sms.example.com/send"
    with pytest.raises(sms.SmsError) as failed:
        sms.send_sms(to="+380671234567", text=TEXT)
    assert failed.value.code == NotificationsErrorCode.SMS_NOT_CONFIGURED.value
