"""Error pages that must work when the rest of the service does not.

``server_error`` is the project's ``handler500``: Django calls it for every uncaught
exception, in a view or in a middleware. When the cause is the database not answering
(connection refused, dropped, or the server shutting down) the person gets a plain 503 page
with ``Retry-After``, not "an error on our side", and a load balancer backs off. Neither page
touches the database: they are plain templates without the request context.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

#: Seconds a client should wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


def is_database_outage(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if is_database_outage(error):
        logger.error("database unavailable (%s): answered 503", type(error).__name__)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
