"""Journals for the CAE's accountant: issued invoices and credit notes, and payments, as CSV files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from kpa_local.db.models import Client, Document, FrozenContent, Payment
from kpa_local.domain.billing import CREDIT_NOTE, KIND_TITLES, PAYMENT_METHODS, DocumentContent, content_from_json
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.vat import VAT_RATES, rate_key, vat_label
from kpa_local.exchange.csv_safe import amount_cell, csv_text
from kpa_local.files import write_private, writing_into
from kpa_local.fmt import date_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.context import Context

AMOUNTS_HEADER = (
    *(f"Base HT {vat_label(rate)}" for rate in VAT_RATES),
    *(f"TVA {vat_label(rate)}" for rate in VAT_RATES if rate),
    "Total HT", "Total TVA", "Total TTC",
)  # fmt: skip
SALES_HEADER = ("Date", "Numéro", "Type", "Client", "SIREN du client", *AMOUNTS_HEADER, "Facture corrigée")
PAYMENTS_HEADER = ("Date", "Facture", "Client", "Moyen", "Référence", "Montant")


@dataclass(frozen=True)
class JournalFiles:
    """The journals written, and how many rows each holds."""

    sales_path: Path
    payments_path: Path
    sales_count: int
    payments_count: int


def amount_cells(content: DocumentContent) -> list[str]:
    """The cells of AMOUNTS_HEADER for a document: its base and VAT at each rate, its totals (a credit note's
    negative)."""
    totals = content.totals
    sign = -1 if content.kind == CREDIT_NOTE else 1
    bases = {rate_key(group.rate): group.base.cents for group in totals.groups}
    vats = {rate_key(group.rate): group.vat.cents for group in totals.groups}
    return [
        *(amount_cell(sign * bases.get(rate_key(rate), 0)) for rate in VAT_RATES),
        *(amount_cell(sign * vats.get(rate_key(rate), 0)) for rate in VAT_RATES if rate),
        amount_cell(sign * totals.lines_net.cents),
        amount_cell(sign * totals.vat.cents),
        amount_cell(sign * totals.with_vat.cents),
    ]


def _sales_rows(context: Context, date_from: date, date_to: date) -> list[list[str]]:
    rows: list[list[str]] = []
    with context.database.unit_of_work() as session:
        documents = session.scalars(
            select(Document)
            .where(Document.number.is_not(None), Document.kind != "devis")
            .where(Document.issue_date >= date_from, Document.issue_date <= date_to)
            .order_by(Document.issue_date, Document.issued_at, Document.id)
        ).all()
        for document in documents:
            frozen = session.get(FrozenContent, document.id)
            content = content_from_json(frozen.content_json if frozen else "{}")
            corrected = content.references[0].number if document.kind == CREDIT_NOTE and content.references else ""
            rows.append(
                [
                    date_fr(document.issue_date),
                    document.number or "",
                    KIND_TITLES[document.kind],
                    content.client.name,
                    content.client.siren,
                    *amount_cells(content),
                    corrected,
                ]
            )
    return rows


def _payment_rows(context: Context, date_from: date, date_to: date) -> list[list[str]]:
    with context.database.unit_of_work() as session:
        payments = session.execute(
            select(Payment, Document.number, Client.name)
            .join(Document, Document.id == Payment.invoice_id)
            .join(Client, Client.id == Document.client_id)
            .where(Payment.paid_on >= date_from, Payment.paid_on <= date_to)
            .order_by(Payment.paid_on, Payment.id)
        ).all()
        return [
            [
                date_fr(payment.paid_on),
                number or "",
                client_name,
                PAYMENT_METHODS.get(payment.method, payment.method),
                payment.reference,
                amount_cell(payment.amount_cents),
            ]
            for payment, number, client_name in payments
        ]


def check_period(date_from: date, date_to: date) -> None:
    """A period of the books is refused when it ends before it starts."""
    if date_to < date_from:
        raise Refused([Problem("date_to", "La fin de la période est avant son début : inversez les dates.")])


def export_journals(context: Context, date_from: date, date_to: date, folder: Path | None = None) -> JournalFiles:
    """Write the sales journal and the payments journal of a period (CSV, `;`, UTF-8 for spreadsheets)."""
    require(context, Permission.EXPORT_JOURNALS)
    check_period(date_from, date_to)
    folder = folder or context.workspace.exports_dir
    stem = f"{date_from.isoformat()}_{date_to.isoformat()}"
    sales = _sales_rows(context, date_from, date_to)
    payments = _payment_rows(context, date_from, date_to)
    sales_path = folder / f"journal-ventes_{stem}.csv"
    payments_path = folder / f"journal-paiements_{stem}.csv"
    with writing_into(folder):
        write_private(sales_path, ("\ufeff" + csv_text(SALES_HEADER, sales)).encode("utf-8"))
        write_private(payments_path, ("\ufeff" + csv_text(PAYMENTS_HEADER, payments)).encode("utf-8"))
    record_action(context, "export.journaux", stem, ("ventes", "paiements"))
    return JournalFiles(sales_path, payments_path, len(sales), len(payments))
