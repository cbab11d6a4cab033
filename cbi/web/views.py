from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import health, preferences
from .http import safe_target


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Readiness for a load balancer: 200 when the database, cache, file storage and static
    files all answer, 503 naming the part that does not (cbi/web/health.py)."""
    ready, parts = health.readiness()
    return JsonResponse({"status": "ok" if ready else "unavailable", **parts}, status=200 if ready else 503)


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
