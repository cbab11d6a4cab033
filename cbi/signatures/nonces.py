"""The one-time text a person signs to prove the key is theirs (EC-REG-1 "with КЕП").

The nonce lives in the session only: bound to this browser, used once (the
check takes it out of the session whatever the result) and short-lived
(``SIGNATURES_NONCE_LIFETIME``, 15 minutes by default — enough to sign a file
in a desktop or phone signing application). What is signed is the exact bytes
of ``nonce_file_bytes``: the file the page offers for download is the same
bytes, so a signature made in any CAdES application over that file matches.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

NONCE_SESSION_KEY = "signatures.kep_nonce"
FILE_NAME = "cbi-kep-check.txt"


def lifetime() -> timedelta:
    return getattr(settings, "SIGNATURES_NONCE_LIFETIME", timedelta(minutes=15))


def _alive(stored, now: datetime) -> bool:
    if not isinstance(stored, dict) or not stored.get("nonce") or not stored.get("issued"):
        return False
    try:
        issued = datetime.fromisoformat(stored["issued"])
    except (TypeError, ValueError):
        return False
    return timedelta(0) <= now - issued <= lifetime()


def current(request) -> str:
    """The session's nonce (hex), issuing a new one when there is none or it is too old."""
    now = timezone.now()
    stored = request.session.get(NONCE_SESSION_KEY)
    if not _alive(stored, now):
        stored = {"nonce": secrets.token_hex(32), "issued": now.isoformat()}
        request.session[NONCE_SESSION_KEY] = stored
    return stored["nonce"]


def renew(request) -> str:
    request.session.pop(NONCE_SESSION_KEY, None)
    return current(request)


def take(request) -> str | None:
    """Remove the nonce from the session (single use) and return it if it is still valid."""
    stored = request.session.pop(NONCE_SESSION_KEY, None)
    return stored["nonce"] if _alive(stored, timezone.now()) else None


def nonce_file_bytes(nonce_hex: str) -> bytes:
    """The exact bytes that are signed: ASCII, so every signing application signs the same bytes."""
    return nonce_hex.encode("ascii")
