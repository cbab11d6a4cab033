"""The one way a view hands a letter to the browser: the PDF bytes, its file name and
``Cache-Control: private, no-store`` (a letter is personal data; docs/letters.md)."""

from __future__ import annotations

from django.http import HttpResponse

from cbi.web.http import content_disposition


def letter_response(pdf: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    """A PDF letter as a download (or shown in the browser with ``inline=True``), never kept
    by a browser or a proxy."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["Cache-Control"] = "private, no-store"
    return response
