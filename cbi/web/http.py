"""Small HTTP helpers shared by the apps."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_target(request, candidate: str | None, default: str) -> str:
    """``candidate`` when it points at this site (never another host, never
    plain http from an https page); ``default`` otherwise."""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default
