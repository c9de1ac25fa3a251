"""The accounting entries of a period for the CAE's accountant, in the layout of the FEC (LPF, art. A47 A-1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import aliased

from kpa_local.db.models import Client, Document, Payment
from kpa_local.domain.accounting import (
    ChartOfAccounts,
    Entry,
    Receipt,
    Sale,
    in_order,
    receipt_entry,
    sale_entry,
)
from kpa_local.domain.billing import CREDIT_NOTE, DEPOSIT, INVOICE_KINDS
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.money import Money
from kpa_local.exchange.fec import fec_name, fec_text
from kpa_local.files import write_private, writing_into
from kpa_local.fmt import date_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.content import build_content
from kpa_local.services.context import Context
from kpa_local.services.journals import check_period


@dataclass(frozen=True)
class FecFile:
    """The file written: where, how many entries and lines, and the total of its debits (that of its credits)."""

    path: Path
    entry_count: int
    line_count: int
    total: Money


def _day(moment: datetime | None, otherwise: date) -> date:
    return moment.date() if moment is not None else otherwise


def _sales(context: Context, plan: ChartOfAccounts, date_from: date, date_to: date) -> list[Entry]:
    """The sales entry of each invoice, deposit invoice and credit note issued in the period, in issue order."""
    corrected = aliased(Document)
    entries: list[Entry] = []
    with context.database.unit_of_work() as session:
        rows = session.execute(
            select(Document, Client.name, corrected.kind)
            .join(Client, Client.id == Document.client_id)
            .outerjoin(corrected, corrected.id == Document.corrects_id)
            .where(Document.number.is_not(None), Document.kind.in_(INVOICE_KINDS))
            .where(Document.issue_date >= date_from, Document.issue_date <= date_to)
            .order_by(Document.issue_date, Document.issued_at, Document.id)
        ).all()
        for document, client_name, corrected_kind in rows:
            content = build_content(session, document, context.settings, context.today())
            settles = document.corrects_id if document.kind == CREDIT_NOTE and document.corrects_id else document.id
            sale = Sale(
                content=content,
                client_id=document.client_id,
                client_name=client_name,
                recorded=_day(document.issued_at, content.issue_date),
                settles=settles,
                corrects_deposit=corrected_kind == DEPOSIT,
            )
            entry = sale_entry(plan, sale)
            if entry is not None:
                entries.append(entry)
    return entries


def _receipts(context: Context, plan: ChartOfAccounts, date_from: date, date_to: date) -> list[Entry]:
    """The entry of each payment received in the period, in the order received."""
    with context.database.unit_of_work() as session:
        rows = session.execute(
            select(Payment, Document.number, Document.client_id, Client.name)
            .join(Document, Document.id == Payment.invoice_id)
            .join(Client, Client.id == Document.client_id)
            .where(Payment.paid_on >= date_from, Payment.paid_on <= date_to)
            .order_by(Payment.paid_on, Payment.id)
        ).all()
        receipts = [
            Receipt(
                invoice_id=payment.invoice_id,
                invoice_number=number or "",
                client_id=client_id,
                client_name=client_name,
                paid_on=payment.paid_on,
                amount=Money(payment.amount_cents),
                method=payment.method,
                reference=payment.reference,
                recorded=_day(payment.created_at, payment.paid_on),
            )
            for payment, number, client_id, client_name in rows
        ]
    return [receipt_entry(plan, receipt) for receipt in receipts]


def period_entries(context: Context, date_from: date, date_to: date) -> tuple[Entry, ...]:
    """The entries of a period, by date: sales of the documents issued in it, then the payments received."""
    require(context, Permission.EXPORT_JOURNALS)
    check_period(date_from, date_to)
    plan = context.settings.accounting.plan()
    sales = _sales(context, plan, date_from, date_to)
    return in_order(plan, [*sales, *_receipts(context, plan, date_from, date_to)])


def export_fec(context: Context, date_from: date, date_to: date, folder: Path | None = None) -> FecFile:
    """Write the entries of a period as `<SIREN>FEC<AAAAMMJJ>.txt` (the period's last day) in exports/ or `folder`."""
    require(context, Permission.EXPORT_JOURNALS)
    check_period(date_from, date_to)
    siren = context.settings.portage.siren
    if not siren:
        raise Refused(
            [
                Problem(
                    "siren",
                    "Le fichier des écritures porte le SIREN de la structure de portage, qui n'est pas indiqué : "
                    "ajoutez-le dans les paramètres (section « portage »), puis recommencez.",
                )
            ]
        )
    entries = period_entries(context, date_from, date_to)
    if not entries:  # a FEC holds at least one entry: the DGFiP's test tool refuses an empty file
        raise Refused(
            [
                Problem(
                    None,
                    f"Il n'y a aucune écriture du {date_fr(date_from)} au {date_fr(date_to)} (aucune facture émise, "
                    "aucun paiement reçu) : aucun fichier n'a été écrit. Vérifiez les dates de la période.",
                )
            ]
        )
    folder = folder or context.workspace.exports_dir
    path = folder / fec_name(siren, date_to)
    with writing_into(folder):
        write_private(path, fec_text(entries).encode("utf-8"))
    record_action(context, "export.fec", path.name, ("ecritures",))
    lines = [line for entry in entries for line in entry.lines]
    return FecFile(path, len(entries), len(lines), Money(sum(line.debit.cents for line in lines)))
