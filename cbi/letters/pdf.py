"""Template → tagged PDF/UA-1, the one way a letter becomes a PDF.

A letter is a Django template that extends ``letters/base.html``: real headings, paragraphs,
description lists and tables in reading order, ``lang="uk"`` and a ``<title>``. WeasyPrint
lays it out with the DejaVu fonts shipped in ``cbi/web/fonts`` (Cyrillic on any machine) and
writes a PDF/UA-1 file: a structure tree (/StructTreeRoot, /MarkInfo /Marked true), the
document language, the title in the metadata with DisplayDocTitle, and the PDF/UA
identifier in the XMP metadata. See docs/letters.md for why WeasyPrint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

FONTS = Path(__file__).resolve().parent.parent / "web" / "fonts"
PDF_VARIANT = "pdf/ua-1"


def _font_face_css() -> str:
    faces = [("DejaVu Sans", "normal", "DejaVuSans.ttf"), ("DejaVu Sans", "bold", "DejaVuSans-Bold.ttf"),
             ("DejaVu Sans Mono", "normal", "DejaVuSansMono.ttf")]
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{(FONTS / name).as_uri()}"); }}'
        for family, weight, name in faces)


def render_html(template: str, context: dict[str, Any] | None = None, *, language: str = "uk") -> str:
    """The letter as HTML (in ``language``), as it goes into the PDF; tests read it too."""
    with translation.override(language):
        return render_to_string(template, {"font_faces": _font_face_css(), "language": language, **(context or {})})


def render_pdf(template: str, context: dict[str, Any] | None = None, *, language: str = "uk") -> bytes:
    """Render ``template`` with ``context`` and return a tagged PDF/UA-1 document."""
    import weasyprint  # imported here: pages that never print a letter do not load Pango

    html = render_html(template, context, language=language)
    return weasyprint.HTML(string=html, base_url=str(FONTS), url_fetcher=_fonts_only_fetcher()).write_pdf(
        pdf_variant=PDF_VARIANT)


def _fonts_only_fetcher():
    """Letters load nothing but the shipped fonts: no network, no other local file."""
    from weasyprint.urls import URLFetcher

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(FONTS.as_uri() + "/"):
                raise ValueError(f"letters may not load {url!r}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("file",))
