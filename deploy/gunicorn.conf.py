"""gunicorn's settings for the ЦБІ (scripts/serve-production.sh starts it; docs/operations.md).

Every value comes from the environment, with the defaults argued in docs/operations.md:

- ``BIND`` (127.0.0.1:8000): the address the load balancer forwards to; never the open internet.
- ``WEB_CONCURRENCY``: worker processes. Default 2 × usable CPUs + 1 (gunicorn's own rule):
  a page spends most of its time rendering templates in Python (CPU, one core a process
  because of the GIL) and the rest waiting for PostgreSQL, so a little more than one process a
  core keeps the cores busy while some wait.
- ``GUNICORN_TIMEOUT`` (30 s): a worker stuck longer is killed and replaced (its request gets
  a 502 from the load balancer); uploads are at most 3 MB, letters render in seconds.
- ``GUNICORN_MAX_REQUESTS`` (2000, with jitter): workers are replaced now and then, so a slow
  leak never grows without bound.

The access log is off: a request line carries the query string, and searches by РНОКПП are GET
queries. The application logs one JSON line a request instead, with the route pattern and the
request id, never the query (cbi/web/observability.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers, taskset)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cpus() + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The load balancer sets X-Forwarded-Proto; only trust it from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "cbi"
# gunicorn's own lines (worker started, worker timed out) in the application's format: JSON in
# production (LOG_FORMAT, cbi/settings.py), so one log pipeline reads both.
if os.environ.get("LOG_FORMAT", "json" if os.environ.get("CBI_ENV") == "production" else "plain") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "cbi.web.logs.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
            "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        },
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"], "propagate": False},
            # A logging configuration switches gunicorn's access log on whatever `accesslog`
            # says; its request line has the query string (РНОКПП in searches): dropped here.
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }
# No control socket: its default path is one per user, so two servers on a machine would share it.
control_socket_disable = True

# Metrics of every worker are summed by prometheus_client's multiprocess mode: each worker
# writes its counters to files in this directory, and /metrics reads them all. The directory
# belongs to this server alone and is emptied at start (stale files would count twice).
_metrics_dir = Path(os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    str(Path(os.environ.get("CBI_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
        / f"metrics-{bind.rsplit(':', 1)[-1]}"),
))


def on_starting(server) -> None:
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    _metrics_dir.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
