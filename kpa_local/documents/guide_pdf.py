"""« Premiers pas », the printable guide for a coopérant·e: docs/premiers-pas.md made into a PDF.

The guide is written in a small part of Markdown: `# ` its title, `## ` a task (each on a page of its own),
`1. ` the steps, `**…**` a key or a button, and a block fenced by ```` ```écran NAME ```` the real screen, as its
snapshot shows it. Large type: the people it is for often read with difficulty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from kpa_local.documents.pdf_kit import build_pdf, clean, draw_footer_line, register_fonts, style
from kpa_local.documents.screen_picture import ScreenPicture

GUIDE_NAME = "premiers-pas.md"
TITLE = style("guide-title", 26, bold=True, leading=32)
TASK = style("guide-task", 20, bold=True, leading=26, spaceAfter=4 * mm)
STEP = style("guide-step", 14, leading=20, leftIndent=9 * mm, firstLineIndent=-9 * mm, spaceAfter=2.5 * mm)
TEXT = style("guide-text", 14, leading=20, spaceAfter=3 * mm)
PICTURE_WIDTH = 165 * mm
_FENCE = re.compile(r"```écran\s+(?P<name>.+?)\s*$")
_STEP = re.compile(r"(?P<number>\d+)\.\s+(?P<text>.*)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`(.+?)`")
_SIZE = re.compile(r"(?P<columns>\d+)x(?P<rows>\d+)\]$")


@dataclass
class Page:
    """A task of the guide: its title, its lines of text and steps, its screens."""

    title: str
    blocks: list[tuple[str, Any]] = field(default_factory=list)  # (« text » | « step » | « screen », content)


@dataclass
class Guide:
    title: str
    pages: list[Page]


def guide_source() -> Path:
    """Where the guide's text is: beside the installed package, or in the docs of the source tree."""
    package = Path(__file__).resolve().parent.parent
    for place in (package / "guide" / GUIDE_NAME, package.parent / "docs" / GUIDE_NAME):
        if place.is_file():
            return place
    raise FileNotFoundError(GUIDE_NAME)


def parse_guide(text: str) -> Guide:
    """The guide's title and pages, from its Markdown."""
    title = ""
    pages: list[Page] = [Page("")]
    picture: list[str] | None = None
    columns = 0
    for line in text.splitlines():
        if picture is not None:
            if line.startswith("```"):
                pages[-1].blocks.append(("screen", [row.ljust(columns) for row in picture]))
                picture = None
            else:
                picture.append(line)
        elif fence := _FENCE.match(line):
            size = _SIZE.search(fence["name"])
            picture = []
            columns = int(size["columns"]) if size else 0
        elif line.startswith("# "):
            title = line[2:].strip()
        elif line.startswith("## "):
            pages.append(Page(line[3:].strip()))
        elif match := _STEP.match(line):
            pages[-1].blocks.append(("step", (match["number"], match["text"])))
        elif line.strip():
            pages[-1].blocks.append(("text", line.strip()))
    return Guide(title, [page for page in pages if page.title or page.blocks])


def screens_of(guide: Guide) -> list[list[str]]:
    """Every screen the guide shows, in order."""
    return [rows for page in guide.pages for kind, rows in page.blocks if kind == "screen"]


def _inline(text: str) -> str:
    return _CODE.sub(r"<b>\1</b>", _BOLD.sub(r"<b>\1</b>", clean(text)))


def _story(guide: Guide) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(clean(guide.title), TITLE), Spacer(1, 6 * mm)]
    for index, page in enumerate(guide.pages):
        if page.title:
            if index > 0:  # the opening words on a page of their own, then one task per page
                story.append(PageBreak())
            story.append(Paragraph(clean(page.title), TASK))
        for kind, content in page.blocks:
            if kind == "screen":
                assert isinstance(content, list)
                story.append(
                    KeepTogether([Spacer(1, 2 * mm), ScreenPicture(content, PICTURE_WIDTH), Spacer(1, 4 * mm)])
                )
            elif kind == "step":
                number, text = content
                story.append(Paragraph(f"<b>{number}.</b>&nbsp;&nbsp;{_inline(text)}", STEP))
            else:
                story.append(Paragraph(_inline(str(content)), TEXT))
    return story


def render_guide(text: str) -> bytes:
    """The guide as A4 PDF bytes, one task per page."""
    register_fonts()
    guide = parse_guide(text)

    def footer(canvas: Canvas, number: int, count: int) -> None:
        draw_footer_line(canvas, guide.title, f"page {number} sur {count}")

    return build_pdf(_story(guide), title=guide.title, author="kpa_local", footer=footer, subject="Guide")
