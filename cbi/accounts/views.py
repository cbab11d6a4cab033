"""Staff sign-in in two steps: password, then a TOTP code (or, the first time,
setting up the authenticator app). The session is authenticated only after
the second step."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from cbi.web.http import safe_target

from . import services
from .decorators import staff_required
from .error_codes import AccountsErrorCode
from .forms import LoginForm, OneTimeCodeForm
from .roles import Capability, has_capability, staff_profile

PENDING_KEY = "staff_pending_user"
NEXT_KEY = "staff_next"


def _landing(user) -> str:
    if has_capability(user, Capability.VIEW_PERSON):
        return reverse("registry:search")
    if has_capability(user, Capability.MANAGE_STAFF):
        return reverse("accounts:team")
    return reverse("accounts:staff_home")


def _next_url(request, user) -> str:
    return safe_target(request, request.session.pop(NEXT_KEY, ""), _landing(user))


@never_cache
@sensitive_post_parameters("password")
def staff_login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "GET" and request.GET.get("next"):
        request.session[NEXT_KEY] = request.GET["next"]
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is not None and user.is_active and staff_profile(user) is not None:
            request.session.cycle_key()
            request.session[PENDING_KEY] = user.pk
            if services.staff_totp_device(user) is None:
                return redirect("accounts:staff_totp_setup")
            return redirect("accounts:staff_login_code")
        form.add_error(None, ValidationError(_("The login or the password is wrong. Check them and try again. "
                                               "After 5 failed attempts sign-in is paused for 15 minutes."),
                                             code=AccountsErrorCode.STAFF_LOGIN_FAILED.value))
    return render(request, "accounts/staff_login.html", {"form": form})


def _pending_user(request):
    pk = request.session.get(PENDING_KEY)
    if pk is None:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def _finish_login(request, user, device) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    next_url = _next_url(request, user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    return redirect(next_url)


@never_cache
def staff_login_code(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:staff_login")
    device = services.staff_totp_device(user)
    if device is None:
        return redirect("accounts:staff_totp_setup")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            return _finish_login(request, user, device)
        if not allowed:
            form.add_error("code", ValidationError(
                _("Too many wrong codes. Wait a minute, then enter the new code from the app."),
                code=AccountsErrorCode.OTP_THROTTLED.value))
        else:
            form.add_error("code", ValidationError(
                _("The code is wrong or has expired. Enter the code the app shows now."), code=AccountsErrorCode.OTP_WRONG.value))
    return render(request, "accounts/staff_login_code.html", {"form": form})


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@never_cache
def staff_totp_setup(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:staff_login")
    if services.staff_totp_device(user) is not None:
        return redirect("accounts:staff_login_code")
    device = services.start_totp_setup(user=user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            services.confirm_totp_setup(device=device)
            return _finish_login(request, user, device)
        form.add_error("code", ValidationError(_(
            "The code is wrong. Check that the app shows the account «ЦБІ» and enter its current code."),
            code=AccountsErrorCode.OTP_SETUP_WRONG.value))
    secret = base64.b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render(request, "accounts/staff_totp_setup.html", {
        "form": form, "secret": grouped, "qr": _qr_data_uri(device.config_url),
    })


@require_POST
def staff_logout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:staff_login")


@staff_required()
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/staff_home.html")


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    cabinet = request.path.startswith("/cabinet/")
    return render(request, "accounts/locked_out.html", {"cabinet": cabinet}, status=429)
