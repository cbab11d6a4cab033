"""The letters module: any template becomes a tagged PDF/UA-1 with the shipped fonts only."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cbi.letters.pdf import FONTS, _fonts_only_fetcher, render_pdf
from tests.pdfua import pdf_ua_text, structure_roles


def test_a_plain_letter_is_pdf_ua_with_dejavu_embedded():
    pdf = render_pdf("letters/plain.html", {"title": "Довідка", "lines": ["Перший рядок.", "Другий рядок."]})
    assert pdf_ua_text(pdf, title="Довідка").startswith("Довідка Перший рядок. Другий рядок.")
    assert {"H1", "P"} <= structure_roles(pdf)
    fonts = {str(font.get_object()["/BaseFont"]).split("+")[-1]
             for page in PdfReader(io.BytesIO(pdf)).pages for font in page["/Resources"]["/Font"].values()}
    assert fonts <= {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Mono"}


@pytest.mark.parametrize("url", ["https://example.com/logo.png", "file:///etc/passwd"])
def test_a_letter_loads_nothing_but_the_shipped_fonts(url):
    with pytest.raises(ValueError):
        _fonts_only_fetcher().fetch(url)
    assert _fonts_only_fetcher().fetch((FONTS / "DejaVuSans.ttf").as_uri())
