"""The deck of the evaluation kit as a PDF to print: six large cards per A4 page, with cut marks.

Each card bears its words in big type, centred, with a thin frame; cut marks outside the
corners show where to cut, so that the frame does not need to be followed exactly. A blank
joker has a line to write on.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kpa_local.documents.pdf_kit import ACCENT, FONT, FONT_BOLD, INK, MUTED, RULE, plain, register_fonts
from kpa_local.domain.interviews import Card

COLUMNS, ROWS = 2, 3
CARD_WIDTH, CARD_HEIGHT = 88 * mm, 84 * mm
GAP = 8 * mm  # between cards, room for the cut marks
MARK = 4 * mm
TYPE_SIZE = 26
SMALLEST_SIZE = 16


def _phrases(words: str) -> list[str]:
    """The words cut after each « … »: « J'ai rencontré… J'ai créé un lien… » is two phrases."""
    return words.replace("… ", "…\n").splitlines()


def _lines(words: str, size: float, width: float) -> list[str]:
    """The words cut into lines that fit the card at that size; each « … » phrase starts a line."""
    lines: list[str] = []
    for phrase in _phrases(words):
        start = len(lines)
        for word in phrase.split():
            if len(lines) > start and stringWidth(f"{lines[-1]} {word}", FONT_BOLD, size) <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
    return lines


def _fitted(words: str, width: float, height: float) -> tuple[float, list[str]]:
    """The biggest type (down to a readable minimum) at which the words fit the card.

    A phrase kept on one line reads better than a bigger one cut in two: that is tried first.
    """
    phrases = len(_phrases(words))
    for whole_phrases in (True, False):
        size = float(TYPE_SIZE)
        while size >= SMALLEST_SIZE:
            lines = _lines(words, size, width)
            fits = all(stringWidth(line, FONT_BOLD, size) <= width for line in lines)
            if fits and len(lines) * size * 1.25 <= height and (len(lines) == phrases or not whole_phrases):
                return size, lines
            size -= 1
    return SMALLEST_SIZE, _lines(words, SMALLEST_SIZE, width)


def _cut_marks(canvas: Canvas, x: float, y: float) -> None:
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.4)
    for corner_x, outward_x in ((x, -1), (x + CARD_WIDTH, 1)):
        for corner_y, outward_y in ((y, -1), (y + CARD_HEIGHT, 1)):
            canvas.line(corner_x + outward_x * 1 * mm, corner_y, corner_x + outward_x * (1 * mm + MARK), corner_y)
            canvas.line(corner_x, corner_y + outward_y * 1 * mm, corner_x, corner_y + outward_y * (1 * mm + MARK))


def _card(canvas: Canvas, card: Card, x: float, y: float, footer: str, blank: bool) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.8)
    canvas.roundRect(x, y, CARD_WIDTH, CARD_HEIGHT, 4 * mm)
    _cut_marks(canvas, x, y)
    inner = CARD_WIDTH - 14 * mm
    size, lines = _fitted(plain(card.label), inner, CARD_HEIGHT - 30 * mm)
    block = len(lines) * size * 1.25
    top = y + CARD_HEIGHT / 2 + block / 2 + (6 * mm if blank else 0)
    canvas.setFillColor(ACCENT if card.is_joker else INK)
    canvas.setFont(FONT_BOLD, size)
    for index, line in enumerate(lines):
        canvas.drawCentredString(x + CARD_WIDTH / 2, top - (index + 1) * size * 1.25 + size * 0.25, line)
    if blank:
        canvas.setStrokeColor(MUTED)
        canvas.setDash(1, 2)
        canvas.line(x + 12 * mm, y + 26 * mm, x + CARD_WIDTH - 12 * mm, y + 26 * mm)
        canvas.setDash()
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(x + CARD_WIDTH / 2, y + 6 * mm, plain(footer))


def render_cards(deck: Sequence[Card], *, blank_jokers: int, kpa_name: str) -> bytes:
    """The deck as pages of six cards: each card once, the blank joker as many times as asked."""
    register_fonts()
    blank = next((card for card in reversed(deck) if card.is_joker), Card("joker", "Joker"))
    printed = [(card, False) for card in deck if card is not blank] + [(blank, True)] * blank_jokers
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle("Les cartes du kit d'entretien")
    canvas.setAuthor(plain(kpa_name))
    canvas.setCreator("kpa_local")
    page_width, page_height = A4
    left = (page_width - COLUMNS * CARD_WIDTH - (COLUMNS - 1) * GAP) / 2
    bottom = (page_height - ROWS * CARD_HEIGHT - (ROWS - 1) * GAP) / 2
    footer = f"Kit d'entretien · {kpa_name}" if kpa_name else "Kit d'entretien"
    per_page = COLUMNS * ROWS
    for start in range(0, len(printed), per_page):
        for index, (card, is_blank) in enumerate(printed[start : start + per_page]):
            column, row = index % COLUMNS, index // COLUMNS
            x = left + column * (CARD_WIDTH + GAP)
            y = bottom + (ROWS - 1 - row) * (CARD_HEIGHT + GAP)
            _card(canvas, card, x, y, footer, is_blank)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
