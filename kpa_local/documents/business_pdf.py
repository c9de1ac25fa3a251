"""Quotes, invoices, deposit invoices and credit notes as PDF pages a KPA can hand to a client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kpa_local.documents.pdf_kit import (
    ACCENT,
    BODY,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    LABEL,
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
    legal_line,
    plain,
    register_fonts,
    style,
)
from kpa_local.domain.billing import (
    CREDIT_NOTE,
    KIND_TITLES,
    PAYMENT_METHODS,
    QUOTE,
    DocumentContent,
    Party,
    is_planned,
    legal_mentions,
)
from kpa_local.domain.lines import Line, unit_label
from kpa_local.domain.vat import vat_label
from kpa_local.fmt import date_fr, decimal_fr, iban_fr, money_fr

TITLE = style("doc-title", 20, bold=True, color=ACCENT)
TRADE = style("trade", 14, bold=True)
TRADING_NAME = style("trading-name", 10.5, bold=True)
CELL = style("cell", 8.5)
CELL_HEAD = style("cell-head", 8, bold=True, color=MUTED)
CELL_HEAD_RIGHT = style("cell-head-right", 8, bold=True, color=MUTED, alignment=2)


def _p(text: str, paragraph_style: object = BODY) -> Paragraph:
    return Paragraph(clean(text).replace("\n", "<br/>"), paragraph_style)  # type: ignore[arg-type]


def _seller_lines(seller: Party) -> list[str]:
    lines = [seller.legal_form, *seller.address_lines]
    ids = [f"SIRET {seller.siret}" if seller.siret else f"SIREN {seller.siren}" if seller.siren else ""]
    if seller.rcs:
        ids.append(seller.rcs)
    lines.append(" · ".join(part for part in ids if part))
    if seller.vat_number:
        lines.append(f"TVA intracommunautaire {seller.vat_number}")
    return [line for line in lines if line]


def _header(content: DocumentContent, logo: Path | None) -> list[Flowable]:
    """The legal seller (the CAE) heads the page; the KPA follows as the trading activity."""
    trading = content.trading
    left: list[Flowable] = []
    if logo is not None and logo.is_file():
        left.append(Image(str(logo), width=28 * mm, height=18 * mm, kind="proportional", hAlign="LEFT"))
        left.append(Spacer(1, 2 * mm))
    left.append(_p(content.seller.name, TRADE))
    left.append(_p("\n".join(_seller_lines(content.seller)), SMALL))
    left.append(Spacer(1, 2 * mm))
    left.append(_p("Activité", LABEL))
    left.append(_p(trading.name, TRADING_NAME))
    contact = " · ".join(part for part in (trading.phone, trading.email) if part)
    town = " ".join(part for part in (trading.address, trading.postal_code, trading.city) if part)
    if town or contact:
        left.append(_p("\n".join(part for part in (town, contact) if part), SMALL))

    right: list[Flowable] = [_p(KIND_TITLES[content.kind].upper(), TITLE)]
    facts = [("Numéro", content.number or "brouillon — sans valeur"), ("Date", date_fr(content.issue_date))]
    if content.kind == QUOTE and content.valid_until:
        facts.append(("Valable jusqu'au", date_fr(content.valid_until)))
    if content.due_date and content.kind != QUOTE and content.kind != CREDIT_NOTE:
        facts.append(("Échéance", date_fr(content.due_date)))
    right.append(facts_table(facts))
    right.append(Spacer(1, 4 * mm))
    right.append(_client_box(content))
    table = kit_table([[left, right]], colWidths=[CONTENT_WIDTH * 0.52, CONTENT_WIDTH * 0.48])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 6 * mm)]


def _client_box(content: DocumentContent) -> Table:
    client = content.client
    lines = [client.name]
    if client.contact:
        lines.append(f"À l'attention de {client.contact}")
    lines.extend(client.address_lines)
    if content.is_public_client and client.siret:
        lines.append(f"SIRET {client.siret}")
    elif content.is_business_client and client.siren:
        lines.append(f"SIREN {client.siren}")
    if client.vat_number:
        lines.append(f"TVA intracommunautaire {client.vat_number}")
    address = _p("\n".join(lines), style("client", 10, leading=13))
    return boxed([address], "Client", CONTENT_WIDTH * 0.46, background=SHADE)


def _context_block(content: DocumentContent) -> list[Flowable]:
    facts: list[str] = []
    if content.title:
        facts.append(f"<b>Objet :</b> {clean(content.title)}")
    if content.service_start and content.service_end and content.service_start != content.service_end:
        facts.append(
            f"<b>Période de la prestation :</b> du {date_fr(content.service_start)} au {date_fr(content.service_end)}"
        )
    elif content.service_start:
        word = "prévue le" if is_planned(content) else "réalisée le"
        facts.append(f"<b>Prestation {word}</b> {date_fr(content.service_start)}")
    if content.work_place:
        facts.append(f"<b>Lieu :</b> {clean(content.work_place)}")
    if content.quote_number:
        facts.append(f"<b>Devis :</b> n° {clean(content.quote_number)}")
    facts.extend(_buyer_references(content))
    for reference in content.references if content.kind == CREDIT_NOTE else ():
        facts.append(f"<b>Avoir sur la facture</b> n° {clean(reference.number)} du {date_fr(reference.issue_date)}")
    return [Paragraph(fact, BODY) for fact in facts] + ([Spacer(1, 4 * mm)] if facts else [])


def _buyer_references(content: DocumentContent) -> list[str]:
    """The buyer's reference and order number; a public buyer's are its Chorus Pro service and engagement."""
    public = content.is_public_client
    facts = []
    if content.buyer_reference:
        label = "Code service (référence acheteur)" if public else "Votre référence"
        facts.append(f"<b>{label} :</b> {clean(content.buyer_reference)}")
    if content.order_number:
        label = "N° d'engagement (bon de commande)" if public else "Votre bon de commande"
        facts.append(f"<b>{label} :</b> n° {clean(content.order_number)}")
    return facts


def _line_cells(line: Line, franchise: bool) -> list[Flowable | str]:
    # Figures are plain strings: they never wrap, and a table draws them much faster than paragraphs.
    discount = f"{decimal_fr(line.discount_percent)} %" if line.discount_percent else ""
    return [
        _p(line.designation, CELL),
        plain(decimal_fr(line.quantity)),
        plain(unit_label(line.unit)),
        plain(money_fr(line.unit_price.cents)),
        plain(discount),
        "—" if franchise else plain(vat_label(line.vat_rate)),
        plain(money_fr(line.net_amount.cents)),
    ]


def _lines_table(content: DocumentContent) -> Table:
    heads = ["Désignation", "Qté", "Unité", "Prix unit. HT", "Remise", "TVA", "Total HT"]
    header: list[Flowable | str] = [
        _p(head, CELL_HEAD if index in (0, 2) else CELL_HEAD_RIGHT) for index, head in enumerate(heads)
    ]
    rows: list[list[Flowable | str]] = [header]
    rows.extend(_line_cells(line, content.terms.franchise) for line in content.lines)
    numbers = [15 * mm, 17 * mm, 26 * mm, 16 * mm, 16 * mm, 26 * mm]
    widths = [CONTENT_WIDTH - sum(numbers), *numbers]
    table = kit_table(rows, colWidths=widths, repeatRows=1)
    commands: list[Any] = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (1, 1), (-1, -1), FONT, 8.5),
        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    commands.extend(
        ("BACKGROUND", (0, row), (-1, row), SHADE)
        for row, line in enumerate(content.lines, start=1)
        if line.is_deduction
    )
    table.setStyle(TableStyle(commands))
    return table


def _totals_table(content: DocumentContent) -> Table:
    totals = content.totals
    rows: list[tuple[str, str, bool]] = []
    if totals.deductions_net:
        rows.append(("Total des prestations HT", money_fr(totals.services_net.cents), False))
        rows.append(("Acomptes déjà facturés HT", money_fr(-totals.deductions_net.cents), False))
    rows.append(("Total HT", money_fr(totals.lines_net.cents), True))
    if content.terms.franchise:
        rows.append(("TVA", "non applicable", False))
    else:
        for group in totals.groups:
            rows.append((f"Base HT à {vat_label(group.rate)}", money_fr(group.base.cents), False))
            rows.append((f"TVA à {vat_label(group.rate)}", money_fr(group.vat.cents), False))
        rows.append(("Total TVA", money_fr(totals.vat.cents), False))
    rows.append(("Total TTC", money_fr(totals.with_vat.cents), True))
    if content.kind == CREDIT_NOTE:
        rows.append(("Montant de l'avoir TTC", money_fr(totals.with_vat.cents), True))
    elif content.kind != QUOTE:
        rows.append(("Net à payer", money_fr(totals.with_vat.cents), True))
    elif content.deposit_asked:
        percent = decimal_fr(content.deposit_percent or 0)  # type: ignore[arg-type]
        rows.append((f"Acompte demandé ({percent} %)", money_fr(content.deposit_asked.cents), True))
    data = [[plain(label), plain(value)] for label, value, _ in rows]
    table = kit_table(data, colWidths=[62 * mm, 32 * mm], hAlign="RIGHT")
    last = len(data) - 1
    strong_rows = [("FONT", (0, index), (-1, index), FONT_BOLD, 9) for index, row in enumerate(rows) if row[2]]
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                *strong_rows,
                ("LINEABOVE", (0, last), (-1, last), 0.8, ACCENT),
                ("BACKGROUND", (0, last), (-1, last), SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _deposits_block(content: DocumentContent) -> list[Flowable]:
    if content.kind == CREDIT_NOTE or not content.references:
        return []
    names = ", ".join(f"n° {ref.number} du {date_fr(ref.issue_date)}" for ref in content.references)
    return [Spacer(1, 2 * mm), _p(f"Acomptes déduits : factures d'acompte {names}.", SMALL)]


def _payment_block(content: DocumentContent) -> list[Flowable]:
    if content.kind in (QUOTE, CREDIT_NOTE):
        return []
    terms = content.terms
    methods = ", ".join(PAYMENT_METHODS.get(code, code).lower() for code in terms.payment_methods)
    lines = []
    if content.due_date:
        lines.append(f"<b>À payer au plus tard le {date_fr(content.due_date)}</b>")
    if methods:
        lines.append(f"Moyens de paiement acceptés : {clean(methods)}.")
    if terms.iban and "virement" in terms.payment_methods:
        bic = f" · BIC {clean(terms.bic)}" if terms.bic else ""
        lines.append(f"Virement : IBAN {clean(iban_fr(terms.iban))}{bic}")
    if content.number:
        lines.append(f"Merci de rappeler le numéro {clean(content.number)} avec votre paiement.")
    return [Spacer(1, 5 * mm), boxed([Paragraph(line, BODY) for line in lines], "Paiement")]


def _agreement_block(content: DocumentContent) -> list[Flowable]:
    if content.kind != QUOTE:
        return []
    intro = (
        "Pour accepter ce devis, renvoyez-le daté et signé, précédé de la mention manuscrite « Bon pour accord »"
        + (f", avant le {date_fr(content.valid_until)}." if content.valid_until else ".")
    )
    cells: list[list[Any]] = [
        [_p("Date :", BODY), _p("Nom et qualité du signataire :", BODY)],
        [_p("Signature, précédée de « Bon pour accord » :", BODY), ""],
    ]
    grid = kit_table(cells, colWidths=[CONTENT_WIDTH / 2 - 8, CONTENT_WIDTH / 2 - 8], rowHeights=[12 * mm, 26 * mm])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 6 * mm), KeepTogether(boxed([_p(intro, SMALL), Spacer(1, 3 * mm), grid], "Bon pour accord"))]


def _mentions_block(content: DocumentContent) -> list[Flowable]:
    mentions = legal_mentions(content)
    if content.notes:
        mentions.insert(0, content.notes)
    return [Spacer(1, 5 * mm)] + [_p(text, SMALL) for text in mentions]


def story_of(content: DocumentContent, logo: Path | None = None) -> list[Flowable]:
    """The flowables of a quote, an invoice or a credit note."""
    register_fonts()
    return [
        *_header(content, logo),
        *_context_block(content),
        _lines_table(content),
        Spacer(1, 4 * mm),
        KeepTogether([_totals_table(content), *_deposits_block(content)]),
        *_payment_block(content),
        *_agreement_block(content),
        *_mentions_block(content),
    ]


def render_business_pdf(content: DocumentContent, logo: Path | None = None) -> bytes:
    """The PDF of a document (without Factur-X data); the same content gives the same bytes."""
    seller = content.seller
    reference = content.number or "brouillon"
    legal = legal_line(seller)

    def footer(canvas: Canvas, page: int, page_count: int) -> None:
        draw_footer_line(canvas, legal, f"{KIND_TITLES[content.kind]} {reference} — page {page}/{page_count}")

    return build_pdf(
        story_of(content, logo),
        title=f"{KIND_TITLES[content.kind]} {reference}",
        author=seller.name,
        subject=f"{KIND_TITLES[content.kind]} {reference} — {content.client.name}",
        footer=footer,
    )
