"""The relevé trimestriel as a PDF: large type, one table, words a coopérant·e understands."""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from kpa_local.documents.pdf_kit import (
    ACCENT,
    RULE,
    SHADE,
    boxed,
    build_pdf,
    clean,
    draw_footer_line,
    kit_table,
    register_fonts,
    style,
)
from kpa_local.domain.periods import MONTH_NAMES, of_label
from kpa_local.domain.statements import Statement
from kpa_local.domain.work import hours_text
from kpa_local.fmt import date_fr, money_fr, siret_fr

TITLE = style("statement-title", 18, bold=True, leading=23)
NAME = style("statement-name", 15, bold=True, color=ACCENT, leading=20)
TEXT = style("statement-text", 11.5, leading=16)
CELL = style("statement-cell", 12, leading=16)
CELL_BOLD = style("statement-cell-bold", 12, bold=True, leading=16)
HEAD = style("statement-head", 10.5, bold=True, leading=14)
CELL_RIGHT = style("statement-cell-right", 12, leading=16, alignment=TA_RIGHT)
CELL_BOLD_RIGHT = style("statement-cell-bold-right", 12, bold=True, leading=16, alignment=TA_RIGHT)
HEAD_RIGHT = style("statement-head-right", 10.5, bold=True, leading=14, alignment=TA_RIGHT)
NOTE = style("statement-note", 10, leading=14)


def _months_table(statement: Statement) -> Flowable:
    rows: list[list[Flowable]] = [
        [
            Paragraph("Mois", HEAD),
            Paragraph("Heures travaillées", HEAD_RIGHT),
            Paragraph("Somme décidée pour vous", HEAD_RIGHT),
        ]
    ]
    for month in statement.months:
        name = f"{MONTH_NAMES[month.month.month - 1].capitalize()} {month.month.year}"
        rows.append([Paragraph(clean(name), CELL), Paragraph(hours_text(month.minutes), CELL_RIGHT),
                     Paragraph(clean(money_fr(month.amount.cents)), CELL_RIGHT)])  # fmt: skip
    rows.append([Paragraph("Total du trimestre", CELL_BOLD), Paragraph(hours_text(statement.minutes), CELL_BOLD_RIGHT),
                 Paragraph(clean(money_fr(statement.amount.cents)), CELL_BOLD_RIGHT)])  # fmt: skip
    table = kit_table(rows, colWidths=[62 * mm, 50 * mm, 66 * mm])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -2), 0.5, RULE),
                ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def _detail(statement: Statement) -> list[Flowable]:
    shares = [share for month in statement.months for share in month.shares]
    if not shares:
        return [Paragraph("Aucune somme n'a été décidée pour vous pendant ce trimestre.", TEXT)]
    story: list[Flowable] = [Paragraph("D'où viennent ces sommes", HEAD), Spacer(1, 1.5 * mm)]
    for share in shares:
        story.append(
            Paragraph(clean(f"• {money_fr(share.amount.cents)} : votre part de la répartition "
                            f"{of_label(share.period_label)}, décidée par la KPA le {date_fr(share.decided_on)}."),
                      TEXT)
        )  # fmt: skip
    return story


def _payer(statement: Statement) -> list[Flowable]:
    """The CAE that pays: the employer the CAF asks about."""
    if not statement.cae_name:
        return []
    lines = [f"{statement.cae_name}, coopérative d'activité et d'emploi (CAE)"]
    if statement.cae_siret:
        lines.append(f"SIRET {siret_fr(statement.cae_siret)}")
    if statement.cae_address:
        lines.append(statement.cae_address)
    text = Paragraph("<br/>".join(clean(line) for line in lines), TEXT)
    return [Spacer(1, 5 * mm), boxed([text], "Qui vous verse ces sommes", None, HEAD)]


def render_statement(statement: Statement) -> bytes:
    """The statement of one person for one quarter."""
    register_fonts()  # before the first paragraph, also in a worker process of a batch
    cae = f"la coopérative « {statement.cae_name} »" if statement.cae_name else "la coopérative (CAE)"
    story: list[Flowable] = [
        Paragraph(clean(f"Relevé du {statement.quarter_label}"), TITLE),
        Spacer(1, 2 * mm),
        Paragraph(clean(statement.person_name), NAME),
        Spacer(1, 4 * mm),
        Paragraph(
            clean(
                f"Ce relevé dit, mois par mois, combien d'heures vous avez travaillé avec {statement.kpa_name} "
                "et quelle somme la KPA a décidé de vous verser. Il vous aide à remplir votre déclaration "
                "trimestrielle de ressources (RSA, prime d'activité)."
            ),
            TEXT,
        ),
        *_payer(statement),
        Spacer(1, 6 * mm),
        _months_table(statement),
        Spacer(1, 7 * mm),
        *_detail(statement),
        Spacer(1, 7 * mm),
        Paragraph(
            clean(
                f"Bon à savoir : une somme compte ici au mois où la KPA l'a décidée. C'est {cae} qui la verse, "
                "parfois quelques jours plus tard : déclarez chaque somme au mois où vous l'avez reçue sur votre "
                "compte. En cas de doute, montrez ce relevé à la personne qui vous accompagne."
            ),
            NOTE,
        ),
    ]

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        draw_footer_line(canvas, f"{statement.kpa_name} · relevé établi le {date_fr(statement.issued_on)}",
                         f"page {page}/{pages}")  # fmt: skip

    return build_pdf(
        story,
        title=f"Relevé du {statement.quarter_label} — {statement.person_name}",
        author=statement.kpa_name,
        footer=footer,
    )
