"""Structured logs: one JSON object a line, each with the id of the request it was written for
(docs/operations.md, "Observing"). No Django import here: gunicorn's master process formats its
own lines with it too (deploy/gunicorn.conf.py), before Django is set up.

The request id is set by ``cbi.web.observability.RequestMiddleware``; outside a request it is
``-``. Never put personal data in a message or in ``extra``: the formatter writes what it is given.
"""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (``-`` outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request id, and the fields a
    call passes under ``cbi`` (``logger.info(..., extra={"cbi": {...}})``)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        line.update(getattr(record, "cbi", {}) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
