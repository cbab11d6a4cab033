"""A local mock of id.gov.ua for development and tests (``IDGOVUA_MOCK = True``).

``/signatures/mock-idgovua/authorize/`` — a small accessible page where the
developer enters a test РНОКПП and name and presses "Увійти" (or cancels);
``…/get-access-token/`` and ``…/get-user-info/`` answer like id.gov.ua. Codes
are single use and live 2 minutes; tokens 10 minutes (Django's cache). Every
view is a 404 unless ``IDGOVUA_MOCK`` is on, and a system check refuses the
mock in production.
"""

from __future__ import annotations

import secrets
import urllib.parse

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .forms import MockIdentityForm

CODE_TTL = 120
TOKEN_TTL = 600
_PREFIX = "signatures:mock-idgovua:"


def _enabled() -> None:
    if not getattr(settings, "IDGOVUA_MOCK", False):
        raise Http404


def _client() -> tuple[str, str]:
    return (getattr(settings, "IDGOVUA_CLIENT_ID", "") or "cbi-mock-client",
            getattr(settings, "IDGOVUA_CLIENT_SECRET", "") or "cbi-mock-secret")


def _redirect_allowed(request, redirect_uri: str) -> bool:
    """Only back to this site's callback (the mock must not be an open redirect)."""
    configured = getattr(settings, "IDGOVUA_REDIRECT_URI", "")
    if configured:
        return redirect_uri == configured
    parsed = urllib.parse.urlsplit(redirect_uri)
    return parsed.netloc == request.get_host() and parsed.path == reverse("signatures:idgovua_callback")


def _back(redirect_uri: str, **params) -> HttpResponseRedirect:
    separator = "&" if "?" in redirect_uri else "?"
    return HttpResponseRedirect(f"{redirect_uri}{separator}{urllib.parse.urlencode(params)}")


@never_cache
def authorize(request):
    _enabled()
    source = request.POST if request.method == "POST" else request.GET
    redirect_uri, state = source.get("redirect_uri", ""), source.get("state", "")
    client_id = source.get("client_id", "")
    if not _redirect_allowed(request, redirect_uri) or client_id != _client()[0]:
        return render(request, "signatures/mock_idgovua_error.html", status=400)
    if request.method == "POST" and "cancel" in request.POST:
        return _back(redirect_uri, error="access_denied", state=state)
    form = MockIdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = secrets.token_urlsafe(24)
        cache.set(_PREFIX + "code:" + code, {"identity": form.cleaned_data, "client_id": client_id}, CODE_TTL)
        return _back(redirect_uri, code=code, state=state)
    return render(request, "signatures/mock_idgovua_authorize.html", {
        "form": form, "redirect_uri": redirect_uri, "state": state, "client_id": client_id,
        "title": _("Sign in to the test id.gov.ua"),
    })


def _param(request, name: str) -> str:
    return request.POST.get(name) or request.GET.get(name) or ""


@csrf_exempt
def token(request):
    _enabled()
    client_id, client_secret = _client()
    if _param(request, "grant_type") != "authorization_code":
        return JsonResponse({"error": "unsupported_grant_type"}, status=400)
    if not (constant_time_compare(_param(request, "client_id"), client_id)
            and constant_time_compare(_param(request, "client_secret"), client_secret)):
        return JsonResponse({"error": "invalid_client"}, status=401)
    key = _PREFIX + "code:" + _param(request, "code")
    grant = cache.get(key)
    cache.delete(key)  # single use
    if not grant or grant["client_id"] != client_id:
        return JsonResponse({"error": "invalid_grant", "error_description": "code is invalid or used"}, status=400)
    access_token = secrets.token_urlsafe(32)
    user_id = secrets.token_hex(8)
    cache.set(_PREFIX + "token:" + access_token, {"identity": grant["identity"], "user_id": user_id}, TOKEN_TTL)
    return JsonResponse({"access_token": access_token, "token_type": "bearer", "expires_in": TOKEN_TTL,
                         "refresh_token": secrets.token_urlsafe(32), "user_id": user_id})


@csrf_exempt
def user_info(request):
    _enabled()
    grant = cache.get(_PREFIX + "token:" + _param(request, "access_token"))
    if not grant or grant["user_id"] != _param(request, "user_id"):
        return JsonResponse({"error": "invalid_token"}, status=401)
    person = grant["identity"]
    full_name = " ".join(p for p in (person["surname"], person["given_name"], person.get("patronymic")) if p)
    return JsonResponse({
        "auth_type": "dig_sign", "issuer": "C=UA, O=Тестовий КНЕДП, CN=Тестовий КНЕДП",
        "issuercn": "Тестовий КНЕДП", "serial": secrets.token_hex(10), "subjectcn": full_name,
        "lastname": person["surname"], "givenname": person["given_name"],
        "middlename": person.get("patronymic") or "", "drfocode": person["rnokpp"],
    })

