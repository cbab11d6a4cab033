"""Files are served only here, after the access check, and every opening is logged (EC-DOC-2)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from cbi.audit.access import access_document


def content_disposition(name: str) -> str:
    """An attachment; the UTF-8 name for browsers, an ASCII one for the rest."""
    stem, dot, extension = name.rpartition(".")
    ascii_stem = stem.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "").strip()
    fallback = f"{ascii_stem if any(c.isalnum() for c in ascii_stem) else 'document'}{dot}{extension}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


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
