"""PDF files of letters and roadmaps, made with fpdf2 and the bundled DejaVu Sans.

fpdf2 is pure Python (no system libraries). Its core fonts are Latin-1 only, which cannot
print ``₦`` or Yoruba and Igbo diacritics, so the plugin ships DejaVu Sans (Bitstream Vera
licence, which allows redistribution: ``fonts/LICENSE``) and every PDF embeds it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
BODY_SIZE = 11
LINE_HEIGHT = 6
HEADING_SIZES = {1: 16, 2: 13, 3: 12}
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
# fontTools logs every glyph subset at INFO: noise in every request that makes a PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _document(title: str) -> FPDF:
    # Imported when a PDF is made: fpdf2 and its fontTools cost a worker ~50 MB and a slow
    # start, and most workers never make a PDF.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Japaguide")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    pdf.set_font(FONT, size=BODY_SIZE)
    return pdf


def markdown_pdf(title: str, markdown: str, footer: str = "") -> bytes:
    """A PDF of our small Markdown: ``#`` headings, ``**bold**``, ``-`` bullets, paragraphs."""
    pdf = _document(title)
    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if not line.strip():
            pdf.ln(LINE_HEIGHT / 2)
        elif heading:
            level = len(heading.group(1))
            pdf.set_font(FONT, "B", HEADING_SIZES.get(level, BODY_SIZE))
            pdf.multi_cell(0, LINE_HEIGHT + 1, heading.group(2).replace("**", ""))
            pdf.set_font(FONT, "", BODY_SIZE)
        elif bullet:
            pdf.multi_cell(0, LINE_HEIGHT, "•  " + bullet.group(1), markdown=True, new_x="LMARGIN")
        else:
            pdf.multi_cell(0, LINE_HEIGHT, line, markdown=True, new_x="LMARGIN")
    if footer:
        pdf.ln(LINE_HEIGHT)
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 4, footer)
    return bytes(pdf.output())
