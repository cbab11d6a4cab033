from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import check_for_language, gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import health, keep, preferences
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
    """The A−/A+/contrast switches. Without scripts: a redirect back. With cbi.js
    (``Accept: application/json``): the new preferences, applied in place, and the
    sentence to announce."""
    action = request.POST.get("action")
    if "application/json" in request.headers.get("Accept", ""):
        cookies = HttpResponse()
        state = preferences.apply_display(request, cookies, action)
        state["label"] = f"{_('Text size')}: {state['text_size']}%"
        if action == "contrast":
            state["message"] = _("High contrast on") if state["high_contrast"] else _("High contrast off")
        else:
            state["message"] = _("Text size is now %(size)s%%") % {"size": state["text_size"]}
        response = JsonResponse(state)
        response.cookies = cookies.cookies
        return response
    response = HttpResponseRedirect(_safe_next(request))
    preferences.apply_display(request, response, action)
    return response


@require_POST
def switch_keeping_values(request: HttpRequest) -> HttpResponse:
    """A header switch pressed as a submit button of the page's own form (no
    JavaScript needed): keep what the person typed (cbi.web.keep), apply the switch,
    go back to the page, which shows the form with those values."""
    target = safe_target(request, request.GET.get("next"), "/")
    keep.store(request, urlsplit(target).path)
    response = HttpResponseRedirect(target)
    preferences.apply_switch(request, response, request.GET.get("switch"), language=request.GET.get("language", ""))
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was open too long (or cookies were cleared): say what to do,
    in the service's own layout, instead of Django's bare English page."""
    return render(request, "403_csrf.html", status=403)
