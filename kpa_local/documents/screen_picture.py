"""A picture of a terminal screen in a PDF: its text, cell by cell, with the lines and blocks Textual draws.

The screen comes as rows of text (one character per cell, as the terminal shows it); box-drawing and block
characters are drawn as lines and rectangles, since the PDF's font has no glyph for them.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kpa_local.documents.pdf_kit import FONT

BACKGROUND = HexColor("#1e1e2e")
INK = HexColor("#e8e8e8")
FRAME = HexColor("#8a8aa8")
BLOCK = HexColor("#4a4a66")

# Where each drawn character puts its strokes, in the cell's own units (0..1, y going up).
_LINES: dict[str, tuple[tuple[float, float, float, float], ...]] = {
    "▔": ((0, 0.9, 1, 0.9),),
    "▁": ((0, 0.1, 1, 0.1),),
    "▊": ((0.6, 0, 0.6, 1),),
    "▎": ((0.25, 0, 0.25, 1),),
    "▏": ((0.1, 0, 0.1, 1),),
    "▕": ((0.9, 0, 0.9, 1),),
    "─": ((0, 0.5, 1, 0.5),),
    "━": ((0, 0.5, 1, 0.5),),
    "╸": ((0, 0.5, 0.5, 0.5),),
    "╺": ((0.5, 0.5, 1, 0.5),),
    "│": ((0.5, 0, 0.5, 1),),
    "╭": ((0.5, 0, 0.5, 0.5), (0.5, 0.5, 1, 0.5)),
    "╮": ((0.5, 0, 0.5, 0.5), (0, 0.5, 0.5, 0.5)),
    "╰": ((0.5, 1, 0.5, 0.5), (0.5, 0.5, 1, 0.5)),
    "╯": ((0.5, 1, 0.5, 0.5), (0, 0.5, 0.5, 0.5)),
}
# Block characters: the part of the cell filled, from the bottom (y0, y1).
_BLOCKS = {"█": (0, 1), "▀": (0.5, 1), "▄": (0, 0.5), "▂": (0, 0.25), "▆": (0, 0.75), "▇": (0, 0.875)}


class ScreenPicture(Flowable):
    """Rows of a terminal screen drawn `width` points wide, keeping the cells' proportions (1 × 2)."""

    def __init__(self, rows: list[str], width: float) -> None:
        super().__init__()
        self.rows = rows
        self.columns = max((len(row) for row in rows), default=1)
        self.cell = width / self.columns
        self.width = width
        self.height = self.cell * 2 * len(rows)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(BACKGROUND)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setLineWidth(max(0.4, self.cell * 0.08))
        for number, row in enumerate(self.rows):
            bottom = self.height - (number + 1) * self.cell * 2
            for column, char in enumerate(row):
                self._draw_cell(canvas, char, column * self.cell, bottom)
        canvas.restoreState()

    def _draw_cell(self, canvas: Canvas, char: str, left: float, bottom: float) -> None:
        width, height = self.cell, self.cell * 2
        if char in _LINES:
            canvas.setStrokeColor(FRAME)
            for x0, y0, x1, y1 in _LINES[char]:
                canvas.line(left + x0 * width, bottom + y0 * height, left + x1 * width, bottom + y1 * height)
        elif char in _BLOCKS:
            low, high = _BLOCKS[char]
            _fill(canvas, BLOCK, left, bottom + low * height, width, (high - low) * height)
        elif char == "▼":
            canvas.setFillColor(INK)
            path = canvas.beginPath()
            path.moveTo(left + width * 0.15, bottom + height * 0.6)
            path.lineTo(left + width * 0.85, bottom + height * 0.6)
            path.lineTo(left + width * 0.5, bottom + height * 0.3)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
        elif not char.isspace():
            canvas.setFillColor(INK)
            canvas.setFont(FONT, width * 1.45)
            canvas.drawCentredString(left + width / 2, bottom + height * 0.3, char)


def _fill(canvas: Canvas, color: Color, left: float, bottom: float, width: float, height: float) -> None:
    canvas.setFillColor(color)
    canvas.rect(left, bottom, width + 0.05, height, stroke=0, fill=1)
