"""Payments received for invoices; an overpayment is refused."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kpa_local.db.models import Document, Payment
from kpa_local.domain.billing import CREDIT_NOTE, PAYMENT_METHODS, OverdueInvoice, Reminder
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.money import Money
from kpa_local.fmt import date_fr, money_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.balances import balance_of
from kpa_local.services.context import Context
from kpa_local.services.rows import get_or_refuse


def record_payment(
    context: Context, invoice_id: int, paid_on: date, amount: Money, method: str, reference: str = ""
) -> int:
    """Record a payment (whole or partial) of an issued invoice."""
    require(context, Permission.RECORD_PAYMENTS)
    problems: list[Problem] = []
    if method not in PAYMENT_METHODS:
        problems.append(Problem("method", "Choisissez le moyen de paiement : virement, chèque, espèces ou carte."))
    if amount.cents <= 0:
        problems.append(Problem("amount", "Le montant reçu doit être plus grand que 0 €."))
    if paid_on > context.today():
        problems.append(
            Problem("paid_on", "La date du paiement est dans le futur : indiquez le jour où il a été reçu.")
        )
    with context.database.unit_of_work(immediate=True) as session:
        invoice = get_or_refuse(session, Document, invoice_id, "Cette facture n'existe plus.")
        if invoice.number is None or invoice.kind == CREDIT_NOTE or invoice.kind == "devis":
            raise Refused([Problem(None, "Un paiement s'enregistre sur une facture émise.")])
        if invoice.issue_date and paid_on < invoice.issue_date:
            problems.append(
                Problem(
                    "paid_on",
                    f"Le paiement est daté d'avant la facture ({date_fr(invoice.issue_date)}) : vérifiez la date.",
                )
            )
        balance = balance_of(session, invoice)
        if amount.cents > 0 and amount > balance:
            problems.append(
                Problem(
                    "amount",
                    f"Il reste {money_fr(balance.cents)} à payer sur {invoice.number} : "
                    "un montant plus grand n'est pas accepté.",
                )
            )
        if problems:
            raise Refused(problems)
        payment = Payment(
            invoice_id=invoice_id,
            paid_on=paid_on,
            amount_cents=amount.cents,
            method=method,
            reference=" ".join(reference.split())[:100],
            created_at=datetime.now(),
        )
        session.add(payment)
        session.flush()
        return payment.id


def reminder_for(context: Context, invoice_id: int) -> Reminder:
    """The reminder letter for a client: the given invoice and every other one of theirs that is overdue."""
    from kpa_local.services.billing_queries import overdue_invoices
    from kpa_local.services.content import client_party, seller_party, terms_of, trading_party

    require(context, Permission.READ_BILLING)
    with context.database.unit_of_work() as session:
        invoice = get_or_refuse(session, Document, invoice_id, "Cette facture n'existe plus.")
        client = invoice.client
        party, kind, client_id = client_party(client), client.kind, client.id
    rows = [row for row in overdue_invoices(context) if _client_of(context, row.id) == client_id]
    if not any(row.id == invoice_id for row in rows):
        raise Refused([Problem(None, "Cette facture n'est pas en retard de paiement : pas de relance à faire.")])
    invoices = tuple(
        OverdueInvoice(row.number or "", row.issue_date or context.today(), row.due_date or context.today(),
                       row.total, row.balance, row.days_late)
        for row in rows
    )  # fmt: skip
    settings = context.settings
    return Reminder(context.today(), seller_party(settings), trading_party(settings), party, kind, invoices,
                    terms_of(settings))  # fmt: skip


def _client_of(context: Context, document_id: int) -> int:
    return int(context.database.read("SELECT client_id FROM document WHERE id = :id", {"id": document_id})[0][0])


def write_reminder(context: Context, invoice_id: int) -> Path:
    """Write the reminder letter for an overdue invoice in exports/ and return its path."""
    from kpa_local.documents.reminder_pdf import render_reminder
    from kpa_local.files import write_private

    letter = reminder_for(context, invoice_id)
    path = context.workspace.exports_dir / f"relance_{letter.invoices[0].number}_{letter.day:%Y-%m-%d}.pdf"
    write_private(path, render_reminder(letter))
    return path
