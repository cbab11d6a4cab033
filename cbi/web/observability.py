"""Request ids, structured logs and Prometheus metrics (docs/operations.md, "Observing").

- Every request gets an id: the load balancer's ``X-Request-ID`` when it is a plain token,
  a new one otherwise. It is sent back in the response's ``X-Request-ID`` and stamped on every
  log line written while the request is served (cbi/web/logs.py), so the load balancer's log
  line of a failed request leads to the application's lines of it.
- ``cbi.web.logs.JsonFormatter`` writes one JSON object a line (``LOG_FORMAT=json``, the production
  default).
- ``/metrics`` answers in the Prometheus text format: requests by route pattern, method and
  status, a latency histogram, unhandled errors, and the background queue (tasks by status).

No personal data in either: routes are URL *patterns* (``staff/persons/<uuid:pk>/``), never
paths or query strings; no user, address or parameter is a label or a log field here.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import re
import time
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from .logs import request_id_var

_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_logger = logging.getLogger("cbi.request")

# --- Metrics ----------------------------------------------------------------------------------
# Created without a registry: /metrics builds one per scrape (below). Under gunicorn,
# PROMETHEUS_MULTIPROC_DIR is set (deploy/gunicorn.conf.py) and every worker's values are summed.
REQUESTS = Counter("cbi_http_requests", "HTTP requests answered, by route pattern, method and status",
                   ["route", "method", "status"], registry=None)
LATENCY = Histogram("cbi_http_request_duration_seconds", "Time to answer a request, by route pattern",
                    ["route"], registry=None,
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0))
ERRORS = Counter("cbi_http_unhandled_errors", "Requests that ended in an unhandled exception (a 500 or 503 page)",
                 ["route"], registry=None)
_METRICS = (REQUESTS, LATENCY, ERRORS)


class TaskQueueCollector:
    """The background queue, read from the database at each scrape."""

    def collect(self):
        from . import taskqueue

        counts = taskqueue.queue_counts()
        depth = GaugeMetricFamily("cbi_tasks_queued", "Background tasks waiting for a worker (queue depth)")
        depth.add_metric([], counts.get("READY", 0))
        yield depth
        running = GaugeMetricFamily("cbi_tasks_running", "Background tasks a worker is running")
        running.add_metric([], counts.get("RUNNING", 0))
        yield running
        failed = GaugeMetricFamily("cbi_tasks_failed", "Failed background task results kept in the database")
        failed.add_metric([], counts.get("FAILED", 0))
        yield failed


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "static" if request.path_info.startswith(settings.STATIC_URL) else "unmatched"
    return match.route or match.view_name or "unmatched"


class RequestMiddleware:
    """Outermost middleware: request id in, request id out, one log line and the metrics."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            route = _route(request)
            response["X-Request-ID"] = request_id
            REQUESTS.labels(route, request.method, str(response.status_code)).inc()
            LATENCY.labels(route).observe(elapsed)
            request_logger.info(
                "%s %s %s %.0f ms", request.method, route, response.status_code, elapsed * 1000,
                extra={"cbi": {"method": request.method, "route": route, "status": response.status_code,
                               "duration_ms": round(elapsed * 1000, 1)}},
            )
            return response
        finally:
            request_id_var.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        ERRORS.labels(_route(request)).inc()
        return None


def _allowed(request: HttpRequest) -> bool:
    """A bearer token equal to CBI_METRICS_TOKEN; without a token set, loopback only, and never
    through a proxy (a load balancer on the same machine connects from loopback too)."""
    token = settings.CBI_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in _METRICS:
            registry.register(metric)
    registry.register(TaskQueueCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
