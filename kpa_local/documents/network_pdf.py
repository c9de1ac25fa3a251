"""The network report as a PDF the coordination can publish: a bar chart and the counts for each figure."""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from kpa_local.documents.network_report import TITLE, euros_text, intro_text, revenue_years
from kpa_local.documents.pdf_kit import (
    ACCENT,
    FONT,
    INK,
    RULE,
    build_pdf,
    clean,
    draw_footer_line,
    kit_table,
    plain,
    register_fonts,
    style,
)
from kpa_local.domain.network import NetworkFigures, Section

HEADING = style("network-title", 18, bold=True, leading=23, color=ACCENT)
SUBTITLE = style("network-section", 12, bold=True, leading=16)
TEXT = style("network-text", 9.5, leading=13)
SMALL = style("network-small", 8.5, leading=11)
LABEL_WIDTH = 62 * mm
BAR_WIDTH = 80 * mm


def _chart(section: Section) -> Drawing:
    row = 6 * mm
    drawing = Drawing(LABEL_WIDTH + BAR_WIDTH + 30 * mm, row * len(section.counts) + 2)
    for index, count in enumerate(reversed(section.counts)):
        y = index * row + 1
        drawing.add(String(0, y + 1.5 * mm, count.label[:40], fontName=FONT, fontSize=8.5, fillColor=INK))
        width = BAR_WIDTH * count.percent / 100
        bar = Rect(LABEL_WIDTH, y + 0.6 * mm, max(width, 0.5), row - 1.6 * mm)
        bar.fillColor, bar.strokeColor = ACCENT, None
        drawing.add(bar)
        drawing.add(String(LABEL_WIDTH + width + 2 * mm, y + 1.5 * mm, f"{count.count} ({count.percent} %)",
                           fontName=FONT, fontSize=8.5, fillColor=INK))  # fmt: skip
    return drawing


def _revenue_chart(figures: NetworkFigures) -> Drawing:
    """One bar per KPA and year, as long as its revenue."""
    bars = [(f"{kpa} {year}", amount) for kpa, by_year in sorted(figures.revenue.items())
            for year, amount in sorted(by_year.items())]  # fmt: skip
    top = max((amount for _, amount in bars), default=Decimal(0))
    row = 6 * mm
    drawing = Drawing(LABEL_WIDTH + BAR_WIDTH + 35 * mm, row * len(bars) + 2)
    for index, (label, amount) in enumerate(reversed(bars)):
        y = index * row + 1
        drawing.add(String(0, y + 1.5 * mm, label[:40], fontName=FONT, fontSize=8.5, fillColor=INK))
        width = BAR_WIDTH * float(amount / top) if top > 0 else 0.0
        bar = Rect(LABEL_WIDTH, y + 0.6 * mm, max(width, 0.5), row - 1.6 * mm)
        bar.fillColor, bar.strokeColor = ACCENT, None
        drawing.add(bar)
        drawing.add(String(LABEL_WIDTH + width + 2 * mm, y + 1.5 * mm, plain(euros_text(amount)), fontName=FONT,
                           fontSize=8.5, fillColor=INK))  # fmt: skip
    return drawing


def render_network_pdf(figures: NetworkFigures) -> bytes:
    """The whole report, one figure after the other."""
    register_fonts()
    story: list[Flowable] = [Paragraph(TITLE, HEADING), Spacer(1, 3 * mm), Paragraph(clean(intro_text(figures)), TEXT)]
    for section in figures.sections:
        base = section.counts[0].base if section.counts else 0
        story += [
            CondPageBreak(40 * mm),
            KeepTogether([
                Spacer(1, 5 * mm),
                Paragraph(clean(section.title), SUBTITLE),
                Paragraph(clean(f"Parmi {section.among} ({base})."), SMALL),
                Spacer(1, 2 * mm),
                _chart(section),
            ]),
        ]  # fmt: skip
    years = revenue_years(figures)
    rows = [["KPA", *(str(y) for y in years)]]
    rows += [
        [kpa, *(plain(euros_text(by_year.get(y, Decimal(0)))) for y in years)]
        for kpa, by_year in sorted(figures.revenue.items())
    ]
    table = kit_table(rows, hAlign="LEFT")
    table.setStyle(TableStyle([("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE)]))
    story += [CondPageBreak(40 * mm), Spacer(1, 5 * mm),
              Paragraph("Chiffre d'affaires facturé hors TVA, par KPA et par année", SUBTITLE), Spacer(1, 2 * mm),
              _revenue_chart(figures), Spacer(1, 4 * mm), table]  # fmt: skip

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        draw_footer_line(
            canvas, f"Réseau KPA-Cité · {figures.first.label} – {figures.last.label}", f"page {page}/{pages}"
        )

    return build_pdf(story, title=TITLE, author="Coordination du réseau KPA-Cité", footer=footer)
