"""Small HTTP helpers shared by the apps."""

from __future__ import annotations

from urllib.parse import quote

from django.utils.http import url_has_allowed_host_and_scheme


def content_disposition(name: str, *, inline: bool = False) -> str:
    """An attachment (or an inline file); the UTF-8 name for browsers, an ASCII one for the rest."""
    stem, dot, extension = name.rpartition(".")
    ascii_stem = stem.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "").strip()
    fallback = f"{ascii_stem if any(c.isalnum() for c in ascii_stem) else 'document'}{dot}{extension}"
    return f"{'inline' if inline else 'attachment'}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def safe_target(request, candidate: str | None, default: str) -> str:
    """``candidate`` when it points at this site (never another host, never
    plain http from an https page); ``default`` otherwise."""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default
