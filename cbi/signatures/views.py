"""Identity confirmation pages: КЕП key check and id.gov.ua login.

Both end the same way: the verified identity is put in the session under
``signatures.verified_identity`` (see ``services``) and the person is sent to
the ``next`` address given at the start (a path on this site only).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from . import idgovua, services
from .forms import KepForm
from .error_codes import SignaturesErrorCode
from .refusals import SignatureRefused
from .uploads import InMemoryOnlyUploadHandler
from .verifiers import verify_key_file

NONCE_SESSION_KEY = "signatures.kep_nonce"


def _default_next() -> str:
    return reverse("signatures:verified")


def _page(request, form) -> HttpResponse:
    try:
        code_route_url = reverse("cabinet:register_code")
    except NoReverseMatch:
        code_route_url = ""
    return render(request, "signatures/kep.html", {"form": form, "code_route_url": code_route_url})


def _new_nonce(request) -> None:
    request.session[NONCE_SESSION_KEY] = secrets.token_hex(32)


@never_cache
@csrf_exempt  # the CSRF check runs in _kep, after the in-memory upload handler is set
@sensitive_post_parameters("password")
def kep(request: HttpRequest) -> HttpResponse:
    # Before anything reads request.POST/FILES: key files stay in memory, whatever their size.
    request.upload_handlers = [InMemoryOnlyUploadHandler(request)]
    return _kep(request)


@csrf_protect
@sensitive_variables("password", "key", "form")
def _kep(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        services.remember_next(request)
        _new_nonce(request)
        return _page(request, KepForm())
    form = KepForm(request.POST, request.FILES)
    nonce_hex = request.session.pop(NONCE_SESSION_KEY, None)  # single use, whatever happens next
    if form.is_valid():
        if not nonce_hex:
            form.add_error(None, ValidationError(
                _("This page has expired. Choose the key file and enter the password again."),
                code=SignaturesErrorCode.PAGE_EXPIRED.value))
        else:
            key = form.cleaned_data["key_file"]
            password = form.cleaned_data["password"]
            try:
                identity = verify_key_file(
                    provider_id=form.cleaned_data["provider"], key_file_bytes=key["data"], password=password,
                    nonce=bytes.fromhex(nonce_hex), file_name=key["name"],
                    certificate_bytes=form.cleaned_data.get("certificate_file"),
                )
            except SignatureRefused as refusal:
                field = refusal.field if refusal.field in form.fields else None
                form.add_error(field, ValidationError(refusal.message, code=refusal.code))
            else:
                services.store_verified_identity(
                    request, rnokpp=identity.rnokpp, full_name=identity.full_name, method="kep",
                    provider_id=identity.provider_id, certificate_serial=identity.certificate_serial,
                    issuer=identity.issuer,
                )
                return HttpResponseRedirect(services.pop_next(request, _default_next()))
            finally:
                key = password = None
                form.cleaned_data.pop("key_file", None)
                form.cleaned_data.pop("password", None)
    _new_nonce(request)
    # Never echo the password or the files back into the page.
    form.data = form.data.copy()
    form.data.pop("password", None)
    return _page(request, form)


@never_cache
def idgovua_start(request: HttpRequest) -> HttpResponse:
    services.remember_next(request)
    return HttpResponseRedirect(idgovua.authorization_url(request))


@never_cache
def idgovua_callback(request: HttpRequest) -> HttpResponse:
    try:
        idgovua.check_state(request, request.GET.get("state"))
        if request.GET.get("error") or not request.GET.get("code"):
            raise SignatureRefused(code=SignaturesErrorCode.IDGOVUA_DENIED.value)
        tokens = idgovua.exchange_code(request, request.GET["code"])
        identity = idgovua.identity_from_user_info(idgovua.user_info(request, tokens))
    except SignatureRefused as refusal:
        return render(request, "signatures/idgovua_error.html", {"message": refusal.message, "code": refusal.code},
                      status=400)
    services.store_verified_identity(request, rnokpp=identity["rnokpp"], full_name=identity["full_name"],
                                     method="idgovua")
    return HttpResponseRedirect(services.pop_next(request, _default_next()))


@never_cache
def verified(request: HttpRequest) -> HttpResponse:
    """Where a confirmation lands when no ``next`` was given (development, demos)."""
    identity = services.verified_identity(request)
    return render(request, "signatures/verified.html", {"identity": identity})
