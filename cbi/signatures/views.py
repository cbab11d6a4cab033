"""Identity confirmation pages: КЕП key check and id.gov.ua login.

Both end the same way: the verified identity is put in the session under
``signatures.verified_identity`` (see ``services``) and the person is sent to
the ``next`` address given at the start (a path on this site only).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import cades, idgovua, keyfiles, nonces, services
from .error_codes import SignaturesErrorCode
from .forms import KepSignatureForm
from .refusals import SignatureRefused
from .verifiers import verify_cms_signature

NONCE_SESSION_KEY = nonces.NONCE_SESSION_KEY

def _default_next() -> str:
    return reverse("signatures:verified")


# What the in-browser signing says before anything is sent: the refusals it shares with the
# server's table (one message each), and three of its own.
_BROWSER_REFUSALS = (SignaturesErrorCode.WRONG_PASSWORD, SignaturesErrorCode.NOT_A_KEY_FILE,
                     SignaturesErrorCode.CERTIFICATE_MISSING, SignaturesErrorCode.KEY_CERTIFICATE_MISMATCH,
                     SignaturesErrorCode.UNSUPPORTED_ALGORITHM)


def _browser_messages() -> dict[str, str]:
    messages = {code.value: SignatureRefused(code=code.value).message for code in _BROWSER_REFUSALS}
    messages.update({
        "choose_key": _("Choose your key file."),
        "enter_password": _("Enter the password of your key."),
        "unsupported_key_encryption": _(
            "This key file is protected in a way the browser cannot open. Sign the check file in your "
            "signing application and choose the .p7s file it makes."),
    })
    return messages


def _page(request, form) -> HttpResponse:
    try:
        code_route_url = reverse("cabinet:register_code")
    except NoReverseMatch:
        code_route_url = ""
    return render(request, "signatures/kep.html", {
        "form": form, "code_route_url": code_route_url,
        "nonce_lifetime_minutes": int(nonces.lifetime().total_seconds() // 60),
        # The in-browser signing signs the same bytes as the check file, with the server's time.
        "kep_nonce": nonces.current(request), "server_now": int(timezone.now().timestamp()),
        "browser_messages": _browser_messages(),
    })


@never_cache
def kep(request: HttpRequest) -> HttpResponse:
    """The КЕП step: the person signs the page's one-time text on their own device and
    sends only the signature (the private key never reaches the server)."""
    if request.method != "POST":
        services.remember_next(request)
        return _page(request, KepSignatureForm())
    form = KepSignatureForm(request.POST, request.FILES)
    nonce_hex = nonces.take(request)  # single use, whatever happens next
    if form.is_valid():
        signed = form.cleaned_data["signed"]
        if not nonce_hex:
            form.add_error(None, ValidationError(
                _("This page has expired. Download the new check file, sign it and choose the new signature."),
                code=SignaturesErrorCode.PAGE_EXPIRED.value))
        elif keyfiles.detect(signed) != "unknown" and not _is_signed_data(signed):
            # Someone chose their key file: refuse it without opening it, and keep nothing.
            form.add_error("signature_file", ValidationError(
                SignatureRefused(code=SignaturesErrorCode.KEY_FILE_NOT_SIGNATURE.value).message,
                code=SignaturesErrorCode.KEY_FILE_NOT_SIGNATURE.value))
        else:
            try:
                identity = verify_cms_signature(signed, nonces.nonce_file_bytes(nonce_hex),
                                                form.cleaned_data["provider"])
            except SignatureRefused as refusal:
                field = "provider" if refusal.field == "provider" else (
                    "signature_file" if refusal.field else None)
                form.add_error(field, ValidationError(refusal.message, code=refusal.code))
            else:
                services.store_verified_identity(
                    request, rnokpp=identity.rnokpp, full_name=identity.full_name, method="kep",
                    provider_id=identity.provider_id, certificate_serial=identity.certificate_serial,
                    issuer=identity.issuer,
                )
                return HttpResponseRedirect(services.pop_next(request, _default_next()))
    nonces.renew(request)
    form.data = form.data.copy()
    form.data.pop("signature", None)
    return _page(request, form)


def _is_signed_data(data: bytes) -> bool:
    try:
        cades.parse(data)
    except cades.UnsupportedDigest:
        return True  # a SignedData with a digest of the DSTU family: verification decides
    except cades.MalformedSignature:
        return False
    return True


@never_cache
def kep_check_file(request: HttpRequest) -> HttpResponse:
    """The page's one-time text as a small file to sign in the person's own application."""
    response = HttpResponse(nonces.nonce_file_bytes(nonces.current(request)), content_type="text/plain; charset=us-ascii")
    response["Content-Disposition"] = f'attachment; filename="{nonces.FILE_NAME}"'
    return response


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
