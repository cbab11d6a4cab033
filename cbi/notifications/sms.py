"""Text messages (SMS): the one adapter every part of the service sends them through.

    from cbi.notifications.sms import SmsError, send_sms
    send_sms(to="+380671234567", text="…")   # returns the provider's message id, or raises SmsError

``settings.SMS_BACKEND`` chooses where messages go:

- ``console`` (development): logs one line with the masked number and the length of the
  text; only when ``DEBUG`` is on is the whole message printed to standard output (never to
  the log), so a developer can read a code sent to a test number.
- ``locmem`` (tests): appends to :data:`outbox`, like Django's locmem e-mail backend.
- ``http`` (production): :class:`HttpBackend`, a generic JSON-over-HTTPS provider client
  (``SMS_HTTP_URL``, ``SMS_HTTP_TOKEN``, ``SMS_HTTP_TIMEOUT``, ``SMS_SENDER``).
- or a dotted path to a class with ``send(*, to, text, idempotency_key="") -> str``.

Texts may carry secrets (an authorization code): no backend ever logs a text, and errors
(:class:`SmsError`) carry a reason and the masked number only.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

from .error_codes import NotificationsErrorCode, http_status_code

logger = logging.getLogger("cbi.notifications.sms")

LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}
MAX_ANSWER_BYTES = 64 * 1024


class SmsError(Exception):
    """The message was not accepted. ``code`` is a ``NotificationsErrorCode`` value
    (``not_configured``, ``unreachable``, ``timeout``, ``rejected``, ``bad_number``) or
    ``http_500``; the text of the exception never contains the message being sent."""

    def __init__(self, detail: str, *, code: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


# --- numbers --------------------------------------------------------------------------

def normalize_phone(value: str) -> str:
    """An international number ``+<digits>``; Ukrainian local forms (``067 123 45 67``,
    ``380671234567``) become ``+380671234567``. ValueError when it is not a number."""
    digits = re.sub(r"[\s()\-.]", "", value or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0\d{9}", digits):
        digits = "+38" + digits
    elif re.fullmatch(r"380\d{9}", digits):
        digits = "+" + digits
    if not re.fullmatch(r"\+[1-9]\d{7,14}", digits):
        raise ValueError("not a phone number")
    if digits.startswith("+380") and len(digits) != 13:
        raise ValueError("a Ukrainian number has 9 digits after +380")
    return digits


def mask_phone(number: str) -> str:
    """``+380671234567`` → ``+38067*****67``: enough for the officer and the history to
    recognise the number, not enough to reuse it."""
    number = number or ""
    if len(number) < 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 8) + number[-2:]


# --- backends -------------------------------------------------------------------------

class ConsoleBackend:
    """Development: one masked log line; the text only on standard output, only in DEBUG."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, *, to: str, text: str, idempotency_key: str = "") -> str:
        logger.info("SMS to %s (%d characters) accepted by the console backend", mask_phone(to), len(text))
        if settings.DEBUG:
            stream = self.stream or sys.stdout
            stream.write(f"--- SMS to {mask_phone(to)} ---\n{text}\n---\n")
            stream.flush()
        return "console"


#: Messages "sent" with the locmem backend (tests clear it with ``outbox.clear()``).
outbox: list[Sms] = []


class LocmemBackend:
    def send(self, *, to: str, text: str, idempotency_key: str = "") -> str:
        outbox.append(Sms(to=to, text=text))
        return f"locmem-{len(outbox)}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is an error, not a new address to post to
        return None


class HttpBackend:
    """A generic SMS provider's JSON API.

    ``POST SMS_HTTP_URL`` with ``{"to": "+380…", "text": "…", "sender": SMS_SENDER}`` and
    ``Authorization: Bearer SMS_HTTP_TOKEN``; any 2xx answer is success, and ``"id"`` (or
    ``"message_id"``) of a JSON answer is the provider's message id. One attempt, bounded by
    ``SMS_HTTP_TIMEOUT`` seconds: the officer is waiting, and a retry could send a code twice.
    Plain ``http://`` only to a loopback address (a local test server).
    """

    def __init__(self, *, url: str | None = None, token: str | None = None, timeout: float | None = None,
                 sender: str | None = None):
        self.url = settings.SMS_HTTP_URL if url is None else url
        self.token = settings.SMS_HTTP_TOKEN if token is None else token
        self.timeout = settings.SMS_HTTP_TIMEOUT if timeout is None else timeout
        self.sender = settings.SMS_SENDER if sender is None else sender

    def _check_url(self) -> None:
        parts = urlsplit(self.url or "")
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise SmsError("SMS_HTTP_URL is not set to the provider's https:// address",
                           code=NotificationsErrorCode.SMS_NOT_CONFIGURED.value)
        if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
            raise SmsError("SMS_HTTP_URL must use https:// (plain http only for a local test server)",
                           code=NotificationsErrorCode.SMS_NOT_CONFIGURED.value)

    def send(self, *, to: str, text: str, idempotency_key: str = "") -> str:
        self._check_url()
        body = json.dumps({"to": to, "text": text, "sender": self.sender}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json",
                   "User-Agent": "CBI-sms-client/1"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if idempotency_key:
            # The provider drops a second message with the same key (a retry after a lost answer).
            headers["Idempotency-Key"] = idempotency_key
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                payload = response.read(MAX_ANSWER_BYTES)
        except urllib.error.HTTPError as error:
            error.close()
            if 400 <= error.code < 500 and error.code != 429:
                raise SmsError(f"the SMS provider refused the message (HTTP {error.code})",
                               code=NotificationsErrorCode.SMS_REJECTED.value) from None
            raise SmsError(f"the SMS provider answered HTTP {error.code}", code=http_status_code(error.code)) from None
        except (TimeoutError, socket.timeout):
            raise SmsError(f"the SMS provider did not answer in {self.timeout:g} s",
                           code=NotificationsErrorCode.SMS_TIMEOUT.value) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise SmsError(f"the SMS provider did not answer in {self.timeout:g} s",
                               code=NotificationsErrorCode.SMS_TIMEOUT.value) from None
            raise SmsError("the SMS provider could not be reached", code=NotificationsErrorCode.SMS_UNREACHABLE.value) from None
        except OSError:
            raise SmsError("the SMS provider could not be reached", code=NotificationsErrorCode.SMS_UNREACHABLE.value) from None
        try:
            answer = json.loads(payload or b"{}")
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        return str(answer.get("id") or answer.get("message_id") or "")


BACKENDS = {"console": ConsoleBackend, "locmem": LocmemBackend, "http": HttpBackend}


def get_backend():
    name = getattr(settings, "SMS_BACKEND", "console")
    return (BACKENDS.get(name) or import_string(name))()


def send_sms(*, to: str, text: str, idempotency_key: str = "") -> str:
    """Send ``text`` to the number ``to``; returns the provider's message id. A queued
    notification passes its outbox key as ``idempotency_key`` (a backend given by dotted path
    receives it only when it is set).

    Raises :class:`SmsError` when the number is not a phone number or the message was not
    accepted. Logs the outcome with the masked number, never the text."""
    try:
        number = normalize_phone(to)
    except ValueError:
        raise SmsError("not a phone number", code=NotificationsErrorCode.SMS_BAD_NUMBER.value) from None
    try:
        extra = {"idempotency_key": idempotency_key} if idempotency_key else {}
        message_id = get_backend().send(to=number, text=text, **extra)
    except SmsError as error:
        logger.warning("SMS to %s not sent: %s (%s)", mask_phone(number), error.code, error.detail)
        raise
    logger.info("SMS to %s sent (id %s)", mask_phone(number), message_id or "—")
    return message_id
