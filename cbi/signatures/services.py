"""The contract with the cabinet: a verified identity in the session.

After a successful КЕП check or id.gov.ua login the session holds, under
``IDENTITY_SESSION_KEY`` (``"signatures.verified_identity"``)::

    {"rnokpp": "3113201244", "full_name": "Петренко Олена Іванівна",
     "method": "kep" | "idgovua", "at": "2026-03-27T10:15:00+00:00",
     # КЕП only: "provider_id", "certificate_serial", "issuer"}

The cabinet reads it (``verified_identity``), checks the РНОКПП against the
registry (``identity_matches_person``) and removes it when used
(``clear_verified_identity``). It is older than ``SIGNATURES_IDENTITY_MAX_AGE``
seconds (default 900) → treated as absent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from cbi.web.http import safe_target

IDENTITY_SESSION_KEY = "signatures.verified_identity"
NEXT_SESSION_KEY = "signatures.next"
METHODS = ("kep", "idgovua")


def store_verified_identity(request, *, rnokpp: str, full_name: str, method: str, **extra) -> dict:
    if method not in METHODS:
        raise ValueError(method)
    identity = {"rnokpp": rnokpp, "full_name": full_name, "method": method, "at": timezone.now().isoformat(),
                **{k: v for k, v in extra.items() if v is not None}}
    request.session.cycle_key()  # a new session id once the person is identified (no fixation)
    request.session[IDENTITY_SESSION_KEY] = identity
    return identity


def verified_identity(request, *, max_age: int | None = None) -> dict | None:
    identity = request.session.get(IDENTITY_SESSION_KEY)
    if not identity:
        return None
    limit = max_age if max_age is not None else int(getattr(settings, "SIGNATURES_IDENTITY_MAX_AGE", 900))
    try:
        at = datetime.fromisoformat(identity["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if timezone.now() - at > timedelta(seconds=limit):
        return None
    return identity


def clear_verified_identity(request) -> None:
    request.session.pop(IDENTITY_SESSION_KEY, None)


def identity_matches_person(identity: dict | None):
    """The person in ЦБІ with exactly this РНОКПП, or None."""
    from cbi.registry.models import Person

    rnokpp = (identity or {}).get("rnokpp")
    if not rnokpp or not str(rnokpp).isdigit() or len(str(rnokpp)) != 10:
        return None
    return Person.objects.filter(rnokpp=str(rnokpp)).first()


def safe_next(request, candidate: str | None) -> str | None:
    """``next`` only if it is a path on this site."""
    target = safe_target(request, candidate, "")
    if target.startswith("/") and not target.startswith("//"):
        return target
    return None


def remember_next(request) -> None:
    target = safe_next(request, request.GET.get("next"))
    if target:
        request.session[NEXT_SESSION_KEY] = target


def pop_next(request, default: str) -> str:
    return safe_next(request, request.session.pop(NEXT_SESSION_KEY, None)) or default
