"""PDF documents with Cyrillic text (receipts, referrals, decision letters).

fpdf2 with the DejaVu fonts shipped in cbi/web/fonts (free licence in
LICENSE-DejaVu.txt), so PDFs render Ukrainian on any machine.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"


class Document(FPDF):
    """An A4 document with the service's fonts and a tagged title."""

    def __init__(self, *, title: str, lang: str = "uk"):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.add_font("DejaVuMono", "", str(FONTS / "DejaVuSansMono.ttf"))
        self.set_title(title)
        self.set_lang(lang)
        self.set_creator("ЦБІ")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()
        self.set_font("DejaVu", "B", 16)
        self.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def paragraph(self, text: str, *, size: int = 11, bold: bool = False) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def field(self, label: str, value: str) -> None:
        self.set_font("DejaVu", "B", 11)
        self.multi_cell(0, 6, label, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 11)
        self.multi_cell(0, 6, value or "—", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def code(self, text: str) -> None:
        self.set_font("DejaVuMono", "", 22)
        self.multi_cell(0, 12, text, border=1, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def render(self) -> bytes:
        return bytes(self.output())
