"""HTTP client of the vehicle register (standard library only: `http.client` + `ssl`).

`http.client` (the layer under `urllib.request`) is used directly because it gives a
separate connect timeout and read timeout, does not follow redirects, and lets us cap the
size of the answer.

Retries: a connection error, a timeout or a 5xx answer is retried up to `retries` times,
waiting `backoff`, 2×`backoff`, 4×`backoff`… seconds. A 4xx answer is never retried
(`RegisterRejected`), except 429 "too many requests", which becomes `RegisterUnavailable`
at once (the check waits and the task tries again later, honouring Retry-After).
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from cbi.integrations.error_codes import IntegrationsErrorCode, http_status_code

from .contract import (
    CONTRACT_VERSION,
    RegisterAnswer,
    RegisterProtocolError,
    RegisterRejected,
    RegisterUnavailable,
    VehicleQuery,
    parse_answer,
)

logger = logging.getLogger("cbi.integrations.vehicle_register")

#: An answer bigger than this is refused (a person has a handful of vehicles).
MAX_ANSWER_BYTES = 2 * 1024 * 1024
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


@dataclass(frozen=True)
class HttpSettings:
    url: str
    token: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    retries: int = 2
    backoff: float = 0.5
    client_cert: str = ""
    client_key: str = ""
    ca_bundle: str = ""
    requester: str = ""


class HttpVehicleRegisterClient:
    """`VehicleRegisterClient` over HTTPS (plain HTTP only to a loopback address)."""

    source = "register"

    def __init__(self, config: HttpSettings, *, sleep: Callable[[float], None] = time.sleep) -> None:
        parts = urlsplit(config.url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError("VEHICLE_REGISTER_URL must be an https:// address of the register's endpoint")
        if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
            raise ValueError("VEHICLE_REGISTER_URL must use https:// (plain http only for a local test server)")
        if config.retries < 0:
            raise ValueError("VEHICLE_REGISTER_RETRIES cannot be negative")
        self.config = config
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._sleep = sleep
        self._ssl_context = self._make_ssl_context() if parts.scheme == "https" else None

    def _make_ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.config.ca_bundle or None)
        if self.config.client_cert:
            # Mutual TLS: the register identifies this system by its client certificate.
            context.load_cert_chain(self.config.client_cert, self.config.client_key or None)
        return context

    # --- one attempt -----------------------------------------------------------------

    def _connection(self) -> http.client.HTTPConnection:
        timeout = self.config.connect_timeout
        if self._ssl_context is not None:
            return http.client.HTTPSConnection(self._host, self._port, timeout=timeout, context=self._ssl_context)
        return http.client.HTTPConnection(self._host, self._port, timeout=timeout)

    def _headers(self, query: VehicleQuery) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "User-Agent": "CBI-vehicle-register-client/1",
            "X-Contract-Version": CONTRACT_VERSION,
        }
        if query.request_id:
            headers["X-Request-ID"] = query.request_id
        if self.config.token:
            headers["Authorization"] = f"Bearer {self.config.token}"
        if self.config.requester:
            headers["X-Requester"] = self.config.requester
        return headers

    def _attempt(self, query: VehicleQuery, body: bytes) -> tuple[int, dict[str, str], bytes]:
        connection = self._connection()
        try:
            connection.connect()  # bounded by the connect timeout
            if connection.sock is not None:
                connection.sock.settimeout(self.config.read_timeout)
            connection.request("POST", self._path, body=body, headers=self._headers(query))
            response = connection.getresponse()
            payload = response.read(MAX_ANSWER_BYTES + 1)
            headers = {k.lower(): v for k, v in response.getheaders()}
            return response.status, headers, payload
        finally:
            connection.close()

    # --- the lookup ------------------------------------------------------------------

    def lookup(self, query: VehicleQuery) -> RegisterAnswer:
        body = json.dumps(query.to_json(), ensure_ascii=False).encode("utf-8")
        attempts = self.config.retries + 1
        last_error: RegisterUnavailable | None = None
        for attempt in range(1, attempts + 1):
            if attempt > 1:
                self._sleep(self.config.backoff * 2 ** (attempt - 2))
            started = time.monotonic()
            try:
                status, headers, payload = self._attempt(query, body)
            except (TimeoutError, socket.timeout):
                last_error = RegisterUnavailable("The vehicle register did not answer in time.", code=IntegrationsErrorCode.TIMEOUT.value)
            except (ConnectionError, OSError, http.client.HTTPException) as exc:
                # The exception text names only our own host and port, but keep to a class name.
                last_error = RegisterUnavailable(
                    f"Could not connect to the vehicle register ({type(exc).__name__}).", code=IntegrationsErrorCode.CONNECTION_FAILED.value
                )
            else:
                elapsed = time.monotonic() - started
                logger.info(
                    "vehicle register answered status=%s attempt=%s/%s request=%s seconds=%.2f",
                    status, attempt, attempts, query.request_id, elapsed,
                )
                if 200 <= status < 300:
                    return self._answer(payload)
                if status == 429:
                    raise RegisterUnavailable(
                        "The vehicle register asks to slow down (429).", code=IntegrationsErrorCode.RATE_LIMITED.value,
                        http_status=status, retry_after=_retry_after(headers),
                    )
                if 400 <= status < 500:
                    raise RegisterRejected(
                        f"The vehicle register refused the request (HTTP {status}).",
                        code=_error_code(payload) or http_status_code(status), http_status=status,
                    )
                last_error = RegisterUnavailable(
                    f"The vehicle register failed (HTTP {status}).", code=http_status_code(status),
                    http_status=status, retry_after=_retry_after(headers),
                )
            logger.warning(
                "vehicle register attempt failed code=%s attempt=%s/%s request=%s",
                last_error.code, attempt, attempts, query.request_id,
            )
        assert last_error is not None
        raise last_error

    def _answer(self, payload: bytes) -> RegisterAnswer:
        if len(payload) > MAX_ANSWER_BYTES:
            raise RegisterProtocolError("The vehicle register's answer is too large.", code=IntegrationsErrorCode.ANSWER_TOO_LARGE.value)
        try:
            data = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise RegisterProtocolError("The vehicle register's answer is not valid JSON.",
                                        code=IntegrationsErrorCode.MALFORMED_ANSWER.value) from None
        return parse_answer(data, source=self.source)


def _retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    return None


def _error_code(payload: bytes) -> str:
    """The register's stable error code from `{"error": {"code": ...}}` (never its message,
    which may repeat the request's personal data)."""
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ""
    error = data.get("error") if isinstance(data, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    if isinstance(code, str) and code.replace("_", "").isalnum() and len(code) <= 40:
        return code
    return ""
