"""Text size and high-contrast mode, kept in cookies so they work without
JavaScript and persist across pages (and across logins)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import check_for_language

TEXT_SIZES = (100, 125, 150, 200)
TEXT_COOKIE = "cbi_text"
CONTRAST_COOKIE = "cbi_contrast"
COOKIE_AGE = 60 * 60 * 24 * 365


def describe(size: int, high_contrast: bool) -> dict:
    return {
        "text_size": size,
        "can_enlarge": size < TEXT_SIZES[-1],
        "can_reduce": size > TEXT_SIZES[0],
        "high_contrast": high_contrast,
    }


def read_preferences(request) -> dict:
    try:
        size = int(request.COOKIES.get(TEXT_COOKIE, "100"))
    except ValueError:
        size = 100
    if size not in TEXT_SIZES:
        size = 100
    return describe(size, request.COOKIES.get(CONTRAST_COOKIE) == "1")


def next_size(size: int, step: int) -> int:
    index = TEXT_SIZES.index(size) + step
    return TEXT_SIZES[max(0, min(index, len(TEXT_SIZES) - 1))]


# --- the header's switches, applied to a response (views and cbi.web.keep) ---------------------


def apply_display(request: HttpRequest, response: HttpResponse, action: str | None) -> dict:
    """Set the cookie for ``action`` on ``response``; the preferences it leads to."""
    current = read_preferences(request)
    size, contrast = current["text_size"], current["high_contrast"]
    cookie = {"max_age": COOKIE_AGE, "samesite": "Lax", "secure": request.is_secure()}
    if action in ("larger", "smaller"):
        size = next_size(size, 1 if action == "larger" else -1)
        response.set_cookie(TEXT_COOKIE, str(size), **cookie)
    elif action == "contrast":
        contrast = not contrast
        response.set_cookie(CONTRAST_COOKIE, "1" if contrast else "0", **cookie)
    elif action == "reset":
        size, contrast = TEXT_SIZES[0], False
        response.delete_cookie(TEXT_COOKIE)
        response.delete_cookie(CONTRAST_COOKIE)
    return describe(size, contrast)


def apply_switch(request: HttpRequest, response: HttpResponse, switch: str | None, *, language: str = "") -> None:
    """Set on ``response`` the cookie of a header switch: A−/A+, contrast, or the language."""
    if switch == "language":
        if language in dict(settings.LANGUAGES) and check_for_language(language):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    else:
        apply_display(request, response, switch)
