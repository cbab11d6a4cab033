from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import preferences
from .http import safe_target


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def _safe_next(request: HttpRequest) -> str:
    return safe_target(request, request.POST.get("next") or request.META.get("HTTP_REFERER"), "/")


@require_POST
def set_display(request: HttpRequest) -> HttpResponse:
    current = preferences.read_preferences(request)
    response = HttpResponseRedirect(_safe_next(request))
    action = request.POST.get("action")
    cookie = {"max_age": preferences.COOKIE_AGE, "samesite": "Lax", "secure": request.is_secure()}
    if action in ("larger", "smaller"):
        size = preferences.next_size(current["text_size"], 1 if action == "larger" else -1)
        response.set_cookie(preferences.TEXT_COOKIE, str(size), **cookie)
    elif action == "contrast":
        response.set_cookie(preferences.CONTRAST_COOKIE, "0" if current["high_contrast"] else "1", **cookie)
    elif action == "reset":
        response.delete_cookie(preferences.TEXT_COOKIE)
        response.delete_cookie(preferences.CONTRAST_COOKIE)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was open too long (or cookies were cleared): say what to do,
    in the service's own layout, instead of Django's bare English page."""
    return render(request, "403_csrf.html", status=403)
