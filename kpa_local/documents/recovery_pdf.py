"""The recovery key's sheet: printed once, kept locked away, the way back when every password is lost."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from kpa_local.documents.pdf_kit import BODY, build_pdf, clean, draw_footer_line, register_fonts, style
from kpa_local.domain.protection import key_made_when, key_opens, key_protects, server_duty, sheet_reads
from kpa_local.domain.text import de
from kpa_local.fmt import date_fr

TITLE = style("recovery-title", 18, bold=True)
KEY = style("recovery-key", 20, bold=True, leading=30)
HEADING = style("recovery-heading", 12, bold=True)
TEXT = style("recovery-text", 12, leading=17)


def render_recovery_sheet(kpa_name: str, day: date, recovery_key: str, *, on_server: bool = False) -> bytes:
    """One A4 page: the key in large type, and what to do with it, in plain words."""
    register_fonts()
    groups = recovery_key.split("-")
    lines = ["  ".join(groups[index : index + 4]) for index in range(0, len(groups), 4)]
    story: list[Flowable] = [
        Paragraph(clean(f"Clé de secours {de(kpa_name)}"), TITLE),
        Spacer(1, 4 * mm),
        Paragraph(clean(f"Créée le {date_fr(day)}, {key_made_when(on_server)}."), BODY),
        Spacer(1, 10 * mm),
        *(Paragraph(clean(line), KEY) for line in lines),
        Spacer(1, 10 * mm),
        Paragraph("À quoi elle sert", HEADING),
        Paragraph(
            clean(
                f"{key_protects(on_server)} : sans un mot de passe d'un compte, personne ne peut les lire. "
                f"{server_duty(on_server)} Si tous les mots de passe sont perdus, cette clé permet quand même "
                f"d'{key_opens(on_server)} à un compte de la coordination."
            ),
            TEXT,
        ),
        Spacer(1, 5 * mm),
        Paragraph("Ce qu'il faut faire", HEADING),
        Paragraph(
            clean(
                "Rangez cette feuille sous clé, loin de l'ordinateur (dans le coffre de la structure de portage, par "
                "exemple). Ne la photographiez pas et ne l'enregistrez pas sur l'ordinateur. Qui a cette feuille peut "
                f"lire {sheet_reads(on_server)}."
            ),
            TEXT,
        ),
        Spacer(1, 5 * mm),
        Paragraph("Pour s'en servir", HEADING),
        Paragraph(
            clean(
                "Dans un terminal : kpa accounts recover IDENTIFIANT, puis tapez la clé quand elle est demandée "
                "(majuscules ou minuscules, avec ou sans tirets)."
            ),
            TEXT,
        ),
    ]

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        draw_footer_line(canvas, f"{kpa_name} · clé de secours — confidentiel", f"page {page}/{pages}")

    return build_pdf(story, title=f"Clé de secours — {kpa_name}", author=kpa_name, footer=footer)
