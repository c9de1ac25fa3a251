"""The demande de versement as a PDF: the KPA asks its CAE to pay each person the share it decided."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kpa_local.documents.pdf_kit import (
    ACCENT,
    BODY,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    MUTED,
    RULE,
    SHADE,
    SMALL,
    boxed,
    build_pdf,
    clean,
    draw_footer_line,
    facts_table,
    kit_table,
    plain,
    register_fonts,
    style,
)
from kpa_local.domain.billing import Party
from kpa_local.domain.payroll import PayrollRequest
from kpa_local.domain.periods import of_label
from kpa_local.domain.work import hours_text
from kpa_local.fmt import date_fr, money_fr, siret_fr

TITLE = style("payroll-title", 16, bold=True, color=ACCENT, leading=20)
KPA_NAME = style("payroll-kpa", 14, bold=True)
CAE_NAME = style("payroll-cae", 10.5, bold=True, leading=14)
TEXT = style("payroll-text", 10, leading=14)
HEAD = style("payroll-head", 8.5, bold=True, color=MUTED)


def _lines(text: str) -> str:
    return "<br/>".join(clean(line) for line in text.splitlines() if line.strip())


def _header(request: PayrollRequest) -> list[Flowable]:
    """The KPA that asks and the CAE that pays, on the left; the title and the facts, on the right."""
    kpa = request.kpa
    contact = " · ".join(part for part in (kpa.phone, kpa.email) if part)
    left: list[Flowable] = [
        Paragraph(clean(kpa.name), KPA_NAME),
        Paragraph(_lines("\n".join([f"KPA du réseau KPA-Cité · code {request.kpa_code}", *kpa.address_lines,
                                    contact])), SMALL),
        Spacer(1, 3 * mm),
        _cae_box(request.cae, CONTENT_WIDTH * 0.42),
    ]  # fmt: skip
    facts = [
        ("Référence", request.reference),
        ("Période", request.period_label),
        ("Jours", f"du {date_fr(request.period_start)} au {date_fr(request.period_end)}"),
        ("Décision du", date_fr(request.decided_on)),
        ("Établie le", date_fr(request.issued_on)),
    ]
    right: list[Flowable] = [Paragraph("DEMANDE DE VERSEMENT", TITLE), Spacer(1, 1 * mm), facts_table(facts)]
    table = kit_table([[left, right]], colWidths=[CONTENT_WIDTH * 0.45, CONTENT_WIDTH * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 5 * mm)]


def _cae_box(cae: Party, width: float) -> Table:
    lines = [cae.legal_form, *cae.address_lines, f"SIRET {siret_fr(cae.siret)}"]
    details = [
        Paragraph(clean(cae.name), CAE_NAME),
        Paragraph(_lines("\n".join(line for line in lines if line)), SMALL),
    ]
    return boxed(details, "À la coopérative (CAE), service de la paie", width, background=SHADE)


def _people_table(request: PayrollRequest) -> Table:
    heads = ["Personne", "Fiche n°", "Contrat", "Heures", "Montant décidé"]
    rows: list[list[Any]] = [[Paragraph(head, HEAD) for head in heads]]
    for line in request.lines:
        rows.append([plain(line.name), str(line.person_id), plain(line.contract or "—"),
                     plain(hours_text(line.minutes)), plain(money_fr(line.amount.cents))])  # fmt: skip
    count = len(request.lines)
    rows.append(["Total à verser", f"{count} personne{'s' if count > 1 else ''}", "",
                 plain(hours_text(sum(line.minutes for line in request.lines))),
                 plain(money_fr(request.total.cents))])  # fmt: skip
    numbers = [22 * mm, 28 * mm, 22 * mm, 32 * mm]
    table = kit_table(rows, colWidths=[CONTENT_WIDTH - sum(numbers), *numbers], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 9.5),
                ("FONT", (1, -1), (1, -1), FONT, 8.5),
                ("ALIGN", (1, -1), (1, -1), "LEFT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
                ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, -1), (-1, -1), 4),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
            ]
        )
    )
    return table


def _savings_and_signature(request: PayrollRequest) -> Flowable:
    """The savings contribution and the KPA's signature, beside the sharing-out's stored steps."""
    savings = Paragraph(
        clean(
            f"Contribution de cette répartition : {money_fr(request.savings.cents)}. Elle n'est versée à personne : "
            "elle va à l'épargne collective de la KPA, pour les achats que la KPA décide ensemble."
        ),
        BODY,
    )
    gap = 4 * mm
    left = CONTENT_WIDTH * 0.45
    signature = kit_table([[Paragraph("Date, nom, rôle et signature :", BODY)]], rowHeights=[16 * mm])
    signature.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    pair = kit_table(
        [
            [
                [boxed([savings], "Épargne collective de la KPA", left - gap), Spacer(1, gap),
                 boxed([signature], "Pour la KPA", left - gap)],
                _calculation(request, CONTENT_WIDTH - left),
            ]
        ],
        colWidths=[left, CONTENT_WIDTH - left],
    )  # fmt: skip
    pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return KeepTogether(pair)


def _calculation(request: PayrollRequest, width: float) -> Flowable:
    """The sharing-out's stored steps, for the CAE to see where the total comes from."""
    rows = [[plain(label), plain(money_fr(amount.cents))] for label, amount in request.calculation]
    rows.append(["Partagé entre les personnes", plain(money_fr(request.shared.cents))])
    table = kit_table(rows, colWidths=[62 * mm, 30 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 8.5),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return boxed([Spacer(1, 1.5 * mm), table], "Comment la KPA a calculé ce total", width)


def _asked(request: PayrollRequest) -> str:
    """What the KPA asks: to pay each person, or nothing when the sharing-out shares nothing (a deficit)."""
    if not request.lines:
        return ("Elle ne partage rien entre les personnes (voir le calcul ci-dessous) : il n'y a rien à verser "
                "pour cette période.")  # fmt: skip
    return (
        "Elle vous demande de verser à chaque personne ci-dessous le montant décidé pour elle, au titre de son contrat."
    )


def render_payroll_request(request: PayrollRequest) -> bytes:
    """The request of one validated sharing-out; the same request gives the same bytes."""
    register_fonts()
    period = of_label(request.period_label)
    decision = f"«\u00a0{request.decision}\u00a0»"  # the quotes never left alone at the end of a line
    story: list[Flowable] = [
        *_header(request),
        Paragraph(
            clean(
                f"Le {date_fr(request.decided_on)}, la KPA {request.kpa.name} a validé la répartition des recettes "
                f"{period} (décision\u00a0: {decision}). {_asked(request)}"
            ),
            TEXT,
        ),
        Spacer(1, 5 * mm),
        _people_table(request),
        Spacer(1, 5 * mm),
        _savings_and_signature(request),
        Spacer(1, 4 * mm),
        Paragraph(
            clean(
                f"Les montants sont ceux de la répartition validée, enregistrés tels quels le jour de la décision. "
                f"Le même tableau, une ligne par personne, est dans le fichier demande-versement-"
                f"{request.period_code}.csv, à importer dans l'outil de paie."
            ),
            SMALL,
        ),
    ]

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        draw_footer_line(canvas, f"{request.kpa.name} · demande de versement {request.reference}",
                         f"page {page}/{pages}")  # fmt: skip

    return build_pdf(
        story,
        title=f"Demande de versement — {request.period_label}",
        author=request.kpa.name,
        subject=f"Demande de versement {request.reference} à {request.cae.name}",
        footer=footer,
    )
