"""Throttles and lockouts hold across processes (issue #12, finding 3): with the cache in each
process, two workers gave a guesser twice the tries. Two separate Python processes share the
cache named by CACHE_URL, as two application workers do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)

GUESS = """
import django, sys
django.setup()
from cbi.accounts import codes
client = sys.argv[1]
for _ in range(int(sys.argv[2])):
    codes._count_failure(codes._failure_key(client))
if sys.argv[3] == "check":
    # Throttled before the database is asked: the count alone decides.
    try:
        codes.check(typed="AAAA-AAAA-AAAA", date_of_birth=None, client=client)
    except codes.CodeRefused as refused:
        print(refused.code)
else:
    from django.core.cache import cache
    print(cache.get(codes._failure_key(client), 0))
"""


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def _process(client: str, failures: int, cache_url: str, then: str = "count") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"DJANGO_SETTINGS_MODULE": "cbi.settings", "CBI_ENV": "test", "CACHE_URL": cache_url})
    result = subprocess.run([sys.executable, "-c", GUESS, client, str(failures), then], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_wrong_codes_counted_by_one_worker_throttle_the_other():
    if not _redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis does not answer on 127.0.0.1:6379; CI needs it for this test")
        pytest.skip("no Redis on 127.0.0.1:6379")
    client = f"203.0.113.{uuid.uuid4().int % 250}-{uuid.uuid4().hex}"
    url = "redis://127.0.0.1:6379/15"
    # Worker A counts three wrong guesses, worker B two more: B sees all five …
    assert _process(client, 3, url) == "3"
    assert _process(client, 2, url) == "5"
    # … and a third worker refuses the next try outright.
    assert _process(client, 0, url, then="check") == "throttled"
    # With a cache in each process (the old configuration) nobody would have seen A's guesses.
    assert _process(client, 0, "locmem://") == "0"


def test_without_cache_url_every_process_uses_the_database_cache(settings):
    from django.conf import settings as live

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"DJANGO_SETTINGS_MODULE": "cbi.settings", "CBI_ENV": "development", "CACHE_URL": ""})
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", result.stderr
    assert live.CACHES["default"]["BACKEND"].endswith("LocMemCache")
