"""The PDF renderer (fpdf2): the mark in the header and footer of every page.

Swedish text needs a Unicode TrueType font. fpdf2 ships none, so the renderer uses DejaVu
Sans from the system (Debian/Ubuntu `fonts-dejavu-core`, also on the python machine
image) or the file named by `FBLMAIL_PDF_FONT`. Without one it falls back to the PDF core
font Helvetica in Windows-1252, which covers å ä ö é and the mark's dash but not all user
text: any character the font lacks is printed visibly as `[U+XXXX]`, never dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from fblmail.domain.safe_text import visible
from fblmail.printing.document import MARK, PrintDocument

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_ENV = "FBLMAIL_PDF_FONT"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
)
CORE_ENCODING = "cp1252"
FAMILY = "FblSans"


def find_unicode_font(candidates: Iterable[str] = FONT_CANDIDATES) -> Path | None:
    """The TrueType font to use: `FBLMAIL_PDF_FONT` if set, else the first DejaVu found."""
    configured = os.environ.get(FONT_ENV)
    if configured:
        path = Path(configured).expanduser()
        return path if path.is_file() else None
    for name in candidates:
        path = Path(name)
        if path.is_file():
            return path
    return None


def _replacement(char: str) -> str:
    return f"[U+{ord(char):04X}]"


class _Encoder:
    """Makes text printable in the chosen font; what it cannot show becomes `[U+XXXX]`."""

    def __init__(self, cmap: dict[int, object] | None) -> None:
        self.cmap = cmap

    def ok(self, char: str) -> bool:
        if char in "\n":
            return True
        if self.cmap is not None:
            return ord(char) in self.cmap
        try:
            char.encode(CORE_ENCODING)
        except UnicodeEncodeError:
            return False
        return True

    def __call__(self, text: str) -> str:
        shown = visible(text).replace("\t", "    ")
        if all(self.ok(c) for c in shown):
            return shown
        return "".join(c if self.ok(c) else _replacement(c) for c in shown)


def _make_pdf(font: Path | None, total: int) -> tuple[FPDF, _Encoder]:
    from fpdf import FPDF

    class MarkedPdf(FPDF):
        """Every page carries the mark at its top and bottom (R16)."""

        def header(self) -> None:
            self.set_font(FAMILY if font else "Helvetica", "", 9)
            self.cell(0, 5, MARK, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(3)

        def footer(self) -> None:
            self.set_y(-13)
            self.set_font(FAMILY if font else "Helvetica", "", 9)
            self.cell(0, 5, f"{MARK} · sida {self.page_no()} av {total}", align="C")

    pdf = MarkedPdf(format="A4")
    # No page-count alias: fpdf2 would replace it inside message text too, and its width
    # guess puts the footer off centre. `render_pdf` renders twice instead.
    pdf.alias_nb_pages(None)  # type: ignore[arg-type]
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title("Arbetsunderlag")
    pdf.set_creator("fblmail")
    if font is not None:
        pdf.add_font(FAMILY, "", str(font))
        pdf.set_font(FAMILY, "", 10)
        cmap = dict(pdf.current_font.cmap)  # type: ignore[union-attr]
        return pdf, _Encoder(cmap)
    pdf.core_fonts_encoding = CORE_ENCODING
    pdf.set_font("Helvetica", "", 10)
    return pdf, _Encoder(None)


def render_pdf(doc: PrintDocument, *, font: Path | None = None) -> tuple[bytes, int]:
    """The printout as PDF bytes and its number of pages ("sida 2 av 3" in each footer).

    Rendered twice: first to count the pages, then with the count (the footer's text does
    not change the layout, so the count holds).
    """
    _, pages = _render(doc, font, 0)
    return _render(doc, font, pages)


def _render(doc: PrintDocument, font: Path | None, total: int) -> tuple[bytes, int]:
    pdf, enc = _make_pdf(font, total)
    family = FAMILY if font else "Helvetica"
    pdf.add_page()
    pdf.set_font(family, "", 13)
    pdf.multi_cell(0, 7, enc(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    for line in doc.intro():
        pdf.multi_cell(0, 5, enc(line), new_x="LMARGIN", new_y="NEXT")
    for message in doc.messages:
        pdf.ln(4)
        pdf.set_font(family, "", 11)
        pdf.multi_cell(0, 6, enc(message.heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9)
        for label, value in message.fields:
            pdf.multi_cell(0, 5, enc(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
        y = pdf.get_y() + 1
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(3)
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 5, enc(message.body) or " ", new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    return data, pdf.pages_count
