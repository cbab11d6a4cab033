"""Bounded JSON for every endpoint that takes a JSON body.

``json.loads`` recurses once per nesting level: ``[[[[…]]]]`` ten thousand deep ends in a
``RecursionError`` (a 500), and a body of any size is read into memory. Every JSON body is
read through :func:`load_bounded`, which refuses a body over ``CBI_API_MAX_BODY_BYTES`` or
nested deeper than ``CBI_API_MAX_JSON_DEPTH`` before parsing, so the caller can answer 400.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings


class JsonRefused(ValueError):
    """The body is not acceptable JSON; ``code`` says why (``json_too_large``,
    ``json_too_deep`` or ``json_invalid``)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def max_body_bytes() -> int:
    return settings.CBI_API_MAX_BODY_BYTES


def max_depth() -> int:
    return settings.CBI_API_MAX_JSON_DEPTH


def nesting_depth(text: str, *, stop_after: int) -> int:
    """The deepest nesting of arrays and objects in ``text`` (strings skipped), counted
    without recursion; stops counting once ``stop_after`` is exceeded."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_after:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def load_bounded(body: bytes | str) -> Any:
    """Parse a JSON body within the size and depth limits, or raise :class:`JsonRefused`."""
    size = len(body.encode() if isinstance(body, str) else body)
    if size > max_body_bytes():
        raise JsonRefused("json_too_large",
                          f"The body has {size} bytes; at most {max_body_bytes()} bytes are accepted.")
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
    except UnicodeDecodeError as error:
        raise JsonRefused("json_invalid", f"Not valid JSON: the body is not UTF-8 ({error.reason}).") from None
    limit = max_depth()
    if nesting_depth(text, stop_after=limit) > limit:
        raise JsonRefused("json_too_deep", f"Arrays and objects are nested more than {limit} levels deep.")
    try:
        return json.loads(text)
    except ValueError as error:
        raise JsonRefused("json_invalid", f"Not valid JSON: {error}") from None
