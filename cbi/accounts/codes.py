"""Authorization codes (EC-CODE-1, EC-REG-3).

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L,
2/Z, 5/S, 6/G, 8/B), printed in three groups: ``KD7R-WX4M-PT9C``. That is
12 × log2(22) ≈ 53.5 bits of entropy (the issue asks for at least 40).
People may type it in lower case, without hyphens or in the Cyrillic layout
(К, М, Р, Т, Х … look the same): it is normalised before checking.

Only an HMAC-SHA256 of the normalised code is stored, keyed by a secret
derived from SECRET_KEY, so a copy of the database does not reveal codes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .error_codes import AccountsErrorCode
from .models import AuthorizationCode

ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
LENGTH = 12
GROUP = 4
CYRILLIC_LOOKALIKES = str.maketrans({
    "А": "A", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "Р": "P", "Т": "T", "Х": "X", "У": "Y",
    "а": "A", "с": "C", "е": "E", "н": "H", "к": "K", "м": "M", "р": "P", "т": "T", "х": "X", "у": "Y",
})

# Throttling of wrong guesses (per client address).
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60


def generate(length: int = LENGTH, group: int = GROUP) -> str:
    """A random code of ``length`` characters without look-alikes, in groups of ``group``
    (authorization codes, and primary registration's shorter return codes)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(raw[i:i + group] for i in range(0, length, group))


def normalize(typed: str) -> str:
    text = (typed or "").translate(CYRILLIC_LOOKALIKES).upper()
    return "".join(ch for ch in text if ch.isalnum())


def code_hash(typed: str) -> str:
    key = hashlib.sha256(f"cbi-authorization-code:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, normalize(typed).encode(), hashlib.sha256).hexdigest()


def ttl() -> timedelta:
    return timedelta(days=getattr(settings, "CBI_AUTH_CODE_TTL_DAYS", 30))


@transaction.atomic
def issue(*, actor, person, representative=None) -> tuple[AuthorizationCode, str]:
    """A new code for the person (or for their representative); older unused
    codes for the same holder are revoked. Returns the record and the plain
    code, which is shown once on the receipt and never stored."""
    now = timezone.now()
    AuthorizationCode.objects.select_for_update().filter(
        person=person, representative=representative, used_at__isnull=True, revoked_at__isnull=True,
    ).update(revoked_at=now)
    plain = generate()
    record = AuthorizationCode(person=person, representative=representative, code_hash=code_hash(plain),
                               issued_by=actor, expires_at=now + ttl())
    record._history_user = actor
    record.save()
    return record, plain


class CodeRefused(Exception):
    """``code`` is an ``AccountsErrorCode`` value; ``message`` says what to do."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code
        self.message = message


MESSAGES = {
    AccountsErrorCode.CODE_THROTTLED: _("Too many wrong codes were entered from this device. Wait 15 minutes and try again, or register with a qualified e-signature (КЕП)."),
    # One answer for a wrong code and for a right code with another person's date of birth:
    # a different answer would confirm to a guesser that the code exists.
    AccountsErrorCode.CODE_WRONG: _("The code or the date of birth does not match. Check the code against your receipt (12 characters, for example KD7R-WX4M-PT9C) and the date of birth of the person named on it. If you lost the receipt, ask your social protection office for a new code."),
    AccountsErrorCode.CODE_EXPIRED: _("This code has expired. Ask your social protection office for a new code: the old one no longer works."),
    AccountsErrorCode.CODE_USED: _("This code has already been used to register. Sign in with your login and password, or reset your password if you forgot it."),
    AccountsErrorCode.CODE_REVOKED: _("A newer code was issued for you, so this one no longer works. Use the code from your newest receipt."),
    AccountsErrorCode.CODE_NOT_FOR_REPRESENTATIVE: _(
        "This code is for the person to register their own cabinet, not for a representative. Ask your "
        "social protection office for a representative's code."),
}


def refusal(code: AccountsErrorCode) -> CodeRefused:
    return CodeRefused(str(MESSAGES[code]), code=code.value)


def _failure_key(client: str) -> str:
    return f"cbi:code-failures:{hashlib.sha256(client.encode()).hexdigest()}"


def check(*, typed: str, date_of_birth, client: str, lock: bool = False) -> AuthorizationCode:
    """The code's record if it can register now; otherwise CodeRefused with a
    reason and a message that says what to do. Wrong guesses are counted per
    client and refused for 15 minutes after five; a right code with another person's date of
    birth is answered and counted exactly as a wrong code."""
    key = _failure_key(client)
    if cache.get(key, 0) >= MAX_FAILURES:
        raise refusal(AccountsErrorCode.CODE_THROTTLED)
    query = AuthorizationCode.objects.select_related("person", "representative")
    if lock:
        query = query.select_for_update(of=("self",))
    record = query.filter(code_hash=code_hash(typed)).first()
    if record is None or len(normalize(typed)) != LENGTH:
        _count_failure(key)
        raise refusal(AccountsErrorCode.CODE_WRONG)
    if record.person.date_of_birth != date_of_birth:
        _count_failure(key)
        raise refusal(AccountsErrorCode.CODE_WRONG)
    if record.used_at:
        raise refusal(AccountsErrorCode.CODE_USED)
    if record.revoked_at:
        raise refusal(AccountsErrorCode.CODE_REVOKED)
    if record.expires_at <= timezone.now():
        raise refusal(AccountsErrorCode.CODE_EXPIRED)
    return record


def _count_failure(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, FAILURE_WINDOW_SECONDS)


def active_codes(person, representative=None):
    """The person's codes not used, not revoked and not expired (``person`` may be an ``OuterRef``)."""
    return AuthorizationCode.objects.filter(
        person=person, representative=representative, used_at__isnull=True, revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def active_code(person, representative=None) -> AuthorizationCode | None:
    return active_codes(person, representative).first()
