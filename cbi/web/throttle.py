"""Counting attempts in a window, in the shared cache (settings.CACHES), so a limit holds
across every worker process and machine.

    limit = RateLimit("password-reset-address", limit=3, window_seconds=3600)
    if not limit.hit(email):
        ...  # over the limit: answer as usual, do nothing

Keys are hashed: neither an e-mail address nor a client address is stored in the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    window_seconds: int

    def _key(self, subject: str) -> str:
        return f"cbi:rate:{self.name}:{hashlib.sha256(subject.strip().casefold().encode()).hexdigest()}"

    def count(self, subject: str) -> int:
        return cache.get(self._key(subject), 0)

    def exceeded(self, subject: str) -> bool:
        return self.count(subject) >= self.limit

    def hit(self, subject: str) -> bool:
        """Count one attempt; False when the limit was already reached (the attempt is not
        to be carried out)."""
        key = self._key(subject)
        if cache.add(key, 1, self.window_seconds):
            return True
        try:
            value = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.window_seconds)
            return True
        return value <= self.limit


def client_address(request) -> str:
    """The address the request came from, as the application server sees it."""
    return request.META.get("REMOTE_ADDR", "unknown")
