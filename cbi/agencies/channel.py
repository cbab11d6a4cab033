"""The channel an agency's request came by: the exchange (Трембіта / X-Road) headers and the
client certificate passed on by the TLS-terminating proxy (docs/agencies-api.md).

- ``X-Road-Client`` — the client subsystem, ``INSTANCE/CLASS/MEMBER[/SUBSYSTEM]`` with each part
  percent-encoded, and ``X-Road-Id`` — the message id: X-Road Message Protocol for REST
  (PR-REST 1.0.x, section 4.3). ``Uxp-Client`` / ``Uxp-Transaction-Id`` are the names Трембіта's
  UXP security server uses (seen in public Трембіта client and service code; no UXP specification
  was found to compare with — not verified).
- A client with a registered ``xroad_client`` is answered only when the header names the same
  subsystem (AG-CHAN-1); one with a registered ``tls_client_fingerprint`` only when the trusted
  proxy vouches for the same certificate (AG-CHAN-2).
"""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import unquote

from django.conf import settings

CLIENT_HEADERS = ("X-Road-Client", "Uxp-Client")
MESSAGE_ID_HEADERS = ("X-Road-Id", "Uxp-Transaction-Id")


def _first(request, names) -> str:
    for name in names:
        value = request.headers.get(name)
        if value:
            return value.strip()
    return ""


def exchange_client(request) -> str:
    return _first(request, CLIENT_HEADERS)


def exchange_message_id(request) -> str:
    return _first(request, MESSAGE_ID_HEADERS)


def subsystem_id(value: str) -> tuple[str, ...]:
    """``INSTANCE/CLASS/MEMBER[/SUBSYSTEM]`` as its decoded parts (PR-REST 4.2: each part is
    percent-encoded separately, "/" delimits them)."""
    return tuple(unquote(part).strip() for part in (value or "").strip().split("/"))


def exchange_client_matches(request, registered: str) -> bool:
    """AG-CHAN-1: a client registered with a Трембіта/X-Road subsystem comes only through it;
    a missing header is a mismatch. Nothing is checked for a client without one."""
    if not registered:
        return True
    sent = exchange_client(request)
    return bool(sent) and subsystem_id(sent) == subsystem_id(registered)


def normalize_fingerprint(value: str) -> str:
    """Hex digits only, lower case: "AB:CD:…", "ab cd …" and "abcd…" are the same fingerprint."""
    return "".join(ch for ch in (value or "").lower() if ch in "0123456789abcdef")


def _from_trusted_proxy(request) -> bool:
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.AGENCY_TRUSTED_PROXIES)


def presented_fingerprint(request) -> str:
    """The fingerprint the TLS-terminating proxy passed, or "" when the request did not come from
    a trusted proxy (anyone else can write the header)."""
    if not _from_trusted_proxy(request):
        return ""
    return normalize_fingerprint(request.headers.get(settings.AGENCY_CLIENT_CERT_HEADER, ""))


def certificate_matches(request, registered: str) -> bool:
    """AG-CHAN-2: a client registered with a certificate fingerprint is answered only when a
    trusted proxy presents the same one. Nothing is checked for a client without one."""
    registered = normalize_fingerprint(registered)
    if not registered:
        return True
    presented = presented_fingerprint(request)
    return bool(presented) and hmac.compare_digest(presented, registered)
