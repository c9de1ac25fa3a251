"""A reminder letter (relance) for invoices past their due date: polite, clear, with what is owed."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from kpa_local.documents.pdf_kit import (
    ACCENT,
    BODY,
    RULE,
    SHADE,
    SMALL,
    build_pdf,
    clean,
    draw_footer_line,
    kit_table,
    legal_line,
    plain,
    register_fonts,
    style,
)
from kpa_local.domain.billing import BUSINESS_KINDS, PAYMENT_METHODS, RECOVERY_INDEMNITY, Party, Reminder
from kpa_local.fmt import date_fr, iban_fr, long_date_fr, money_fr

TITLE = style("reminder-title", 15, bold=True, color=ACCENT)
LETTER = style("letter", 10, leading=14)


def _addresses(reminder: Reminder) -> list[Flowable]:
    trading = reminder.trading
    sender = [trading.name, *trading.address_lines]
    sender += [f"Tél. {trading.phone}" if trading.phone else "", trading.email, f"pour {reminder.seller.name}"]
    recipient = [reminder.client.name, *reminder.client.address_lines]
    table = kit_table(
        [[Paragraph(clean("\n".join(line for line in sender if line)).replace("\n", "<br/>"), BODY),
          Paragraph(clean("\n".join(recipient)).replace("\n", "<br/>"), LETTER)]],
        colWidths=[95 * mm, None],
    )  # fmt: skip
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 8 * mm)]


def _invoices_table(reminder: Reminder) -> Flowable:
    rows: list[list[str]] = [["Facture", "Date", "Échéance", "Retard", "Montant TTC", "Reste à payer"]]
    for invoice in reminder.invoices:
        rows.append(
            [
                invoice.number,
                date_fr(invoice.issue_date),
                date_fr(invoice.due_date),
                f"{invoice.days_late} jours",
                plain(money_fr(invoice.total.cents)),
                plain(money_fr(invoice.balance.cents)),
            ]
        )
    rows.append(["", "", "", "", "Total dû", plain(money_fr(reminder.balance.cents))])
    table = kit_table(rows, colWidths=[36 * mm, 24 * mm, 24 * mm, 22 * mm, 30 * mm, None], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "KpaSans-Bold", 8.5),
                ("FONT", (4, -1), (-1, -1), "KpaSans-Bold", 9.5),
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE),
                ("BACKGROUND", (0, -1), (-1, -1), SHADE),
            ]
        )
    )
    return table


def _either(ways: list[str]) -> str:
    return ways[0] if len(ways) == 1 else f"{', '.join(ways[:-1])} ou {ways[-1]}"


def contact_sentence(kpa: Party) -> str:
    """How to reach the KPA about the letter, with only the details it has (never an empty « Téléphone : »)."""
    ways = []
    if kpa.phone:
        ways.append(f"appelez {kpa.contact} au {kpa.phone}" if kpa.contact else f"appelez-nous au {kpa.phone}")
    if kpa.email:
        ways.append(f"écrivez-nous à {kpa.email}")
    if kpa.address_lines:
        ways.append(f"passez au local ({', '.join(kpa.address_lines)})")
    if not ways:
        ways.append("répondez à ce courrier")
    ask_for = f" et demandez {kpa.contact}" if kpa.contact and not kpa.phone else ""
    return f"Pour toute question, {_either(ways)}{ask_for}."


def render_reminder(reminder: Reminder) -> bytes:
    """The PDF of a reminder letter."""
    register_fonts()
    terms = reminder.terms
    several = len(reminder.invoices) > 1
    what = "les factures suivantes restent" if several else "la facture suivante reste"
    story: list[Flowable] = [
        *_addresses(reminder),
        Paragraph(clean(f"{reminder.trading.city or reminder.seller.city}, le {long_date_fr(reminder.day)}"), BODY),
        Spacer(1, 6 * mm),
        Paragraph("Relance : facture impayée" if not several else "Relance : factures impayées", TITLE),
        Spacer(1, 4 * mm),
        Paragraph("Madame, Monsieur,", LETTER),
        Spacer(1, 2 * mm),
        Paragraph(
            clean(f"Sauf erreur de notre part, {what} à payer à ce jour, alors que la date d'échéance est passée :"),
            LETTER,
        ),
        Spacer(1, 4 * mm),
        _invoices_table(reminder),
        Spacer(1, 5 * mm),
    ]
    methods = ", ".join(PAYMENT_METHODS.get(code, code).lower() for code in terms.payment_methods)
    ask = f"Merci de régler {plain(money_fr(reminder.balance.cents))} dès réception de cette lettre ({methods})"
    if terms.iban and "virement" in terms.payment_methods:
        ask += f", par exemple par virement sur l'IBAN {iban_fr(terms.iban)}"
    story.append(Paragraph(clean(ask + ". Si le paiement est déjà parti, ne tenez pas compte de ce courrier."), LETTER))
    story.append(Spacer(1, 3 * mm))
    if terms.late_penalty:
        story.append(Paragraph(clean(terms.late_penalty), SMALL))
    if reminder.client_kind in BUSINESS_KINDS:
        story.append(Paragraph(clean(RECOVERY_INDEMNITY), SMALL))
    story += [
        Spacer(1, 5 * mm),
        Paragraph(clean(contact_sentence(reminder.trading)), LETTER),
        Spacer(1, 3 * mm),
        Paragraph("Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.", LETTER),
        Spacer(1, 8 * mm),
        *([Paragraph(clean(reminder.trading.contact), LETTER)] if reminder.trading.contact else []),
        Paragraph(clean(reminder.trading.name), style("signature", 10, bold=True)),
    ]
    legal = legal_line(reminder.seller)

    def footer(canvas: Canvas, page: int, page_count: int) -> None:
        draw_footer_line(canvas, legal, f"Relance du {date_fr(reminder.day)} — page {page}/{page_count}")

    return build_pdf(story, title=f"Relance — {reminder.client.name}", author=reminder.seller.name, footer=footer)
