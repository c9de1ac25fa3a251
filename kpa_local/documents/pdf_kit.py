"""What every PDF of kpa_local shares: embedded fonts, styles, page numbers `n/N`, French text."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from kpa_local.domain.billing import Party

FONT = "KpaSans"
FONT_BOLD = "KpaSans-Bold"
FONT_ITALIC = "KpaSans-Italic"
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#0b6e4f")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#eef2f0")
MARGIN = 16 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN

_registered = threading.Lock()
_done: list[bool] = []


def register_fonts() -> None:
    """Register the Bitstream Vera fonts shipped with reportlab: embedded, with € and every French accent."""
    with _registered:
        if _done:
            return
        import reportlab

        folder = Path(reportlab.__file__).resolve().parent / "fonts"
        pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "VeraBd.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(folder / "VeraIt.ttf")))
        pdfmetrics.registerFont(TTFont("KpaSans-BoldItalic", str(folder / "VeraBI.ttf")))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic="KpaSans-BoldItalic"
        )
        _done.append(True)


def plain(text: str) -> str:
    """Text the embedded font can draw.

    The narrow no-break space Babel puts between thousands is not in the font: it becomes
    an ordinary no-break space, which keeps `1 234,56 €` on one line all the same.
    """
    return text.replace("\u202f", "\u00a0").replace("\u2009", "\u00a0")


def clean(text: str) -> str:
    """Text safe for the embedded font and for reportlab's paragraph markup."""
    return plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def style(name: str, size: float = 9, *, bold: bool = False, color: Any = INK, **extra: Any) -> ParagraphStyle:
    """A paragraph style in the house font."""
    extra.setdefault("leading", size * 1.3)
    return ParagraphStyle(name, fontName=FONT_BOLD if bold else FONT, fontSize=size, textColor=color, **extra)


BODY = style("body")
SMALL = style("small", 7.5, color=MUTED)
LABEL = style("label", 7.5, bold=True, color=MUTED)
RIGHT = style("right", alignment=TA_RIGHT)
RIGHT_BOLD = style("right-bold", bold=True, alignment=TA_RIGHT)


SRGB = "sRGB IEC61966-2.1"


@cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile shipped with kpa_local (made once with LittleCMS, with a fixed date,
    so that every rendering of a document embeds the very same bytes)."""
    return (Path(__file__).resolve().parent / "srgb.icc").read_bytes()


def add_output_intent(canvas: Canvas) -> None:
    """Declare the colours sRGB (the output intent PDF/A asks for) in the document's catalog."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

    document = canvas._doc  # type: ignore[attr-defined]
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString(SRGB),
            "Info": PDFString(SRGB),
            "DestOutputProfile": document.Reference(profile),
        }
    )
    catalog = document.Catalog
    # The catalog writes only the keys it lists; OutputIntents is added to this document's list.
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
    catalog.OutputIntents = PDFArray([intent])


class NumberedCanvas(Canvas):
    """A canvas that knows the page count at the end, to print `page n/N` on every page."""

    footer: Callable[[Canvas, int, int], None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        add_output_intent(self)
        page_count = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if self.footer is not None:
                self.footer(self, number, page_count)
            super().showPage()
        super().save()


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    footer: Callable[[Canvas, int, int], None],
    subject: str = "",
) -> bytes:
    """A4 PDF bytes of a story, with a footer drawn on every page; the same input gives the same bytes."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 10 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="kpa_local",
        lang="fr-FR",
        invariant=1,
        initialFontName=FONT,
        initialFontSize=9,
    )
    canvas_class = type("FooterCanvas", (NumberedCanvas,), {"footer": staticmethod(footer)})
    document.build(story, canvasmaker=canvas_class)  # type: ignore[arg-type]
    return buffer.getvalue()


def draw_footer_line(canvas: Canvas, left: str, right: str) -> None:
    """A thin rule and two small texts at the foot of the page."""
    width, _ = A4
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, MARGIN + 6 * mm, width - MARGIN, MARGIN + 6 * mm)
    canvas.setFont(FONT, 7)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, MARGIN + 2 * mm, plain(left))
    canvas.drawRightString(width - MARGIN, MARGIN + 2 * mm, plain(right))
    canvas.restoreState()


def legal_line(seller: Party) -> str:
    """The seller's name and SIRET, printed at the foot of every page."""
    return " · ".join(part for part in (seller.name, f"SIRET {seller.siret}" if seller.siret else "") if part)


def kit_table(data: Any, **options: Any) -> Table:
    """A reportlab table whose text cells use the embedded font (never the built-in Helvetica)."""
    table = Table(data, **options)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9)]))
    return table


def facts_table(facts: list[tuple[str, str]]) -> Table:
    """Short facts of a document (number, date…), a muted label beside each value in bold."""
    # Plain strings: short facts never wrap, and a table draws them much faster than paragraphs.
    rows = [[plain(label), plain(value)] for label, value in facts]
    table = kit_table(rows, colWidths=[30 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), FONT_BOLD, 7.5),
                ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                ("FONT", (1, 0), (1, -1), FONT_BOLD, 9.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def boxed(
    flowables: Sequence[Flowable],
    label: str,
    width: float | None = CONTENT_WIDTH,
    label_style: ParagraphStyle = LABEL,
    background: Any = None,
) -> Table:
    """Flowables in a thin frame, under a small label (« Paiement », « Client »); no width: as wide as they."""
    box = kit_table([[[Paragraph(clean(label), label_style), *flowables]]], colWidths=[width])
    shade = [("BACKGROUND", (0, 0), (-1, -1), background)] if background is not None else []
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                *shade,
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return box
