"""Login through id.gov.ua (the state's integrated electronic identification
system): OAuth2 authorization-code flow.

1. ``authorization_url(request)`` — a random ``state`` is stored in the
   session; the person goes to ``{base}/?response_type=code&client_id=…&
   auth_type=dig_sign,diia_id,bank_id&state=…&redirect_uri=…``.
2. id.gov.ua sends the person back to ``IDGOVUA_REDIRECT_URI`` with ``code``
   and ``state``; ``check_state`` compares it with the stored one (single use,
   10 minutes).
3. ``exchange_code`` → ``{base}/get-access-token`` (``grant_type=
   authorization_code``, client id and secret, code) → ``access_token``,
   ``user_id``.
4. ``user_info`` → ``{base}/get-user-info`` (``access_token``, ``user_id``,
   ``fields``) → ``drfocode`` (РНОКПП), ``lastname``, ``givenname``,
   ``middlename``.

Settings: ``IDGOVUA_BASE_URL`` (default ``https://test.id.gov.ua``),
``IDGOVUA_CLIENT_ID``, ``IDGOVUA_CLIENT_SECRET``, ``IDGOVUA_REDIRECT_URI``
(default: this site's ``/signatures/idgovua/callback/``), ``IDGOVUA_MOCK``
(default False), ``IDGOVUA_TIMEOUT`` (seconds, default 10),
``IDGOVUA_AUTH_TYPES``.

With ``IDGOVUA_MOCK = True`` the person is sent to the local mock identity
provider (``/signatures/mock-idgovua/authorize/``) and the token and user-info
calls go to the mock's endpoints in-process (the same view code that serves
``/signatures/mock-idgovua/token/`` and ``…/user-info/``), so no network is
used. The real client uses the standard library's HTTP with timeouts.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from .error_codes import SignaturesErrorCode
from .refusals import SignatureRefused

logger = logging.getLogger("cbi.signatures")

STATE_SESSION_KEY = "signatures.idgovua_state"
STATE_MAX_AGE = 600
USER_FIELDS = "issuer,issuercn,serial,subjectcn,lastname,middlename,givenname,drfocode,auth_type"


@dataclass(frozen=True)
class Config:
    base_url: str
    client_id: str
    client_secret: str
    redirect_uri: str
    mock: bool
    timeout: float
    auth_types: str


def config(request) -> Config:
    mock = bool(getattr(settings, "IDGOVUA_MOCK", False))
    redirect_uri = getattr(settings, "IDGOVUA_REDIRECT_URI", "") or request.build_absolute_uri(
        reverse("signatures:idgovua_callback"))
    base_url = getattr(settings, "IDGOVUA_BASE_URL", "") or "https://test.id.gov.ua"
    if mock:
        base_url = request.build_absolute_uri(reverse("signatures:mock_idgovua_authorize")).rstrip("/")
        base_url = base_url.rsplit("/", 1)[0]  # …/mock-idgovua
    return Config(
        base_url=base_url.rstrip("/"),
        client_id=getattr(settings, "IDGOVUA_CLIENT_ID", "") or ("cbi-mock-client" if mock else ""),
        client_secret=getattr(settings, "IDGOVUA_CLIENT_SECRET", "") or ("cbi-mock-secret" if mock else ""),
        redirect_uri=redirect_uri,
        mock=mock,
        timeout=float(getattr(settings, "IDGOVUA_TIMEOUT", 10)),
        auth_types=getattr(settings, "IDGOVUA_AUTH_TYPES", "dig_sign,diia_id,bank_id"),
    )


def authorization_url(request) -> str:
    cfg = config(request)
    state = secrets.token_urlsafe(32)
    request.session[STATE_SESSION_KEY] = {"value": state, "at": time.time()}
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": cfg.client_id, "auth_type": cfg.auth_types,
        "state": state, "redirect_uri": cfg.redirect_uri,
    })
    authorize = f"{cfg.base_url}/authorize/" if cfg.mock else f"{cfg.base_url}/"
    return f"{authorize}?{query}"


def check_state(request, received: str | None) -> None:
    """The ``state`` id.gov.ua returned must be the one this session issued,
    fresh and unused; it is consumed either way."""
    stored = request.session.pop(STATE_SESSION_KEY, None)
    if not received or not isinstance(stored, dict) or not stored.get("value"):
        raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_STATE_MISMATCH.value)
    if not constant_time_compare(str(received), str(stored["value"])):
        raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_STATE_MISMATCH.value)
    if time.time() - float(stored.get("at", 0)) > STATE_MAX_AGE:
        raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_STATE_MISMATCH.value)


# --- Transport -----------------------------------------------------------------------------

def _post(cfg: Config, path: str, params: dict) -> dict:
    """POST a form to id.gov.ua (or the in-process mock) and read its JSON."""
    if cfg.mock:
        return _post_mock(path, params)
    url = f"{cfg.base_url}/{path}"
    body = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=cfg.timeout) as response:  # noqa: S310 — https from settings
            return json.loads(response.read(1_000_000).decode("utf-8"))
    except urllib.error.HTTPError as error:
        try:
            return json.loads(error.read(100_000).decode("utf-8"))
        except ValueError:
            raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_UNAVAILABLE.value) from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        logger.warning("signatures: id.gov.ua %s failed", path)
        raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_UNAVAILABLE.value) from None


def _post_mock(path: str, params: dict) -> dict:
    from . import mock_idgovua

    view = {"get-access-token": mock_idgovua.token, "get-user-info": mock_idgovua.user_info}[path]
    response = view(RequestFactory().post(f"/signatures/mock-idgovua/{path}/", data=params))
    return json.loads(response.content.decode("utf-8"))


# --- Flow ----------------------------------------------------------------------------------

def exchange_code(request, code: str) -> dict:
    cfg = config(request)
    if not code:
        raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_DENIED.value)
    data = _post(cfg, "get-access-token", {
        "grant_type": "authorization_code", "client_id": cfg.client_id, "client_secret": cfg.client_secret,
        "code": code,
    })
    if not isinstance(data, dict) or "error" in data or not data.get("access_token") or not data.get("user_id"):
        logger.info("signatures: id.gov.ua refused the code (%s)", (data or {}).get("error", "no token"))
        raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_CODE_INVALID.value)
    return data


def user_info(request, tokens: dict) -> dict:
    cfg = config(request)
    data = _post(cfg, "get-user-info", {
        "access_token": tokens["access_token"], "user_id": tokens["user_id"], "fields": USER_FIELDS,
    })
    if not isinstance(data, dict) or "error" in data:
        raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_UNAVAILABLE.value)
    return data


def identity_from_user_info(info: dict) -> dict:
    rnokpp = str(info.get("drfocode") or "").strip()
    if not re.fullmatch(r"\d{10}", rnokpp):
        raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_NO_RNOKPP.value)
    parts = [" ".join(str(info.get(k) or "").split()) for k in ("lastname", "givenname", "middlename")]
    full_name = " ".join(p for p in parts if p) or " ".join(str(info.get("subjectcn") or "").split())
    return {"rnokpp": rnokpp, "full_name": full_name}
