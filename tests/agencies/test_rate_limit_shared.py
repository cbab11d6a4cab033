"""An agency's rate limit holds across processes: two application workers (two Python processes
here) count the same client's requests in the shared cache, so a client cannot get twice its
requests a minute by landing on two workers. (The same shape as tests/web/test_shared_cache.py.)"""

from __future__ import annotations

import os
import uuid

import pytest

from tests.web.test_shared_cache import ROOT, _redis_answers

REQUESTS = """
import django, sys
django.setup()
from types import SimpleNamespace
from cbi.agencies.api import within_rate_limit
client = SimpleNamespace(code=sys.argv[1], rate_limit_per_minute=5)
print(",".join("y" if within_rate_limit(client) else "n" for _ in range(int(sys.argv[2]))))
"""


def _worker(code: str, requests: int, cache_url: str) -> str:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"DJANGO_SETTINGS_MODULE": "cbi.settings", "CBI_ENV": "test", "CACHE_URL": cache_url})
    result = subprocess.run([sys.executable, "-c", REQUESTS, code, str(requests)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_requests_counted_by_one_worker_limit_the_other():
    if not _redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis does not answer on 127.0.0.1:6379; CI needs it for this test")
        pytest.skip("no Redis on 127.0.0.1:6379")
    code = f"pfu-{uuid.uuid4().hex}"  # a fresh client: no count left from another run
    url = "redis://127.0.0.1:6379/15"
    # A limit of 5 a minute: worker A answers three, worker B two more and then refuses.
    assert _worker(code, 3, url) == "y,y,y"
    assert _worker(code, 3, url) == "y,y,n"
    # With a cache in each process, B would have answered all three.
    assert _worker(f"pfu-{uuid.uuid4().hex}", 3, "locmem://") == "y,y,y"
    assert _worker(code, 1, "locmem://") == "y"
