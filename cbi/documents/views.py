"""Files are served only here, after the access check, and every opening is logged (EC-DOC-2)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from cbi.audit.access import access_document
from cbi.web.http import content_disposition


@require_safe
def open_document(request: HttpRequest, document_id) -> HttpResponse:
    document = access_document(request.user, document_id)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(document.original_name)
    response["Content-Length"] = str(document.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
