"""Text size and high-contrast mode, kept in cookies so they work without
JavaScript and persist across pages (and across logins)."""

from __future__ import annotations

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
