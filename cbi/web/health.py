"""Readiness: can this process serve pages? A load balancer stops sending traffic to an
instance whose check answers 503.

Each part is checked cheaply and answers ``up`` or ``down``: the database (``SELECT 1``), the
cache (a write and a read of a short-lived key: throttles and lockouts live there), file
storage (the configured backend answers whether a path exists) and static files (the page
style sheet resolves: in production without ``collectstatic`` every page would be a 500).
"""

from __future__ import annotations

import logging

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key, value = "healthz:probe", get_random_string(8)
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was written")


def _storage() -> None:
    default_storage.exists("healthz-probe")


def _static() -> None:
    staticfiles_storage.url("web/cbi.css")


CHECKS = {"database": _database, "cache": _cache, "storage": _storage, "static": _static}


def readiness() -> tuple[bool, dict[str, str]]:
    parts = {}
    for name, check in CHECKS.items():
        try:
            check()
            parts[name] = "up"
        except Exception as error:  # any failure of a part means "not ready"
            logger.error("readiness: %s is down (%s)", name, type(error).__name__)
            parts[name] = "down"
    return all(v == "up" for v in parts.values()), parts
