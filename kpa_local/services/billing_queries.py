"""Lists and details of quotes, invoices and credit notes, paged in SQL for large workspaces."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from kpa_local.db.models import Document, Payment
from kpa_local.domain.billing import CREDIT_NOTE, QUOTE
from kpa_local.domain.billing_status import days_late, document_status
from kpa_local.domain.errors import NotFound
from kpa_local.domain.money import Money
from kpa_local.services.access import Permission, require
from kpa_local.services.billing_views import (
    DocumentDetail,
    DocumentQuery,
    DocumentRow,
    DocumentsPage,
    LinkView,
    PaymentView,
)
from kpa_local.services.content import build_content
from kpa_local.services.context import Context
from kpa_local.services.payments import balance_of

# The status of each document, computed in SQL from its dates, payments and credit notes,
# with the same rules as domain.billing_status (a test keeps the two in agreement).
_STATE = """
CASE
  WHEN kind = 'devis' THEN
    CASE WHEN status IN ('brouillon', 'envoye') AND issue_date IS NOT NULL AND validity_days IS NOT NULL
              AND date(issue_date, '+' || validity_days || ' days') < :today THEN 'expire'
         ELSE status END
  WHEN number IS NULL THEN 'brouillon'
  WHEN kind = 'avoir' THEN 'emise'
  WHEN total_cents > 0 AND credited >= total_cents THEN 'annulee'
  WHEN total_cents - credited - paid <= 0 THEN 'payee'
  WHEN due_date IS NOT NULL AND due_date < :today THEN 'en_retard'
  WHEN paid > 0 THEN 'partiellement_payee'
  ELSE 'emise'
END
"""

_BASE = """
SELECT d.id, d.kind, d.status, d.number, d.issue_date, d.due_date, d.validity_days, d.total_cents,
       d.title, d.created_at, c.name AS client_name,
       COALESCE((SELECT sum(p.amount_cents) FROM payment p WHERE p.invoice_id = d.id), 0) AS paid,
       COALESCE((SELECT sum(a.total_cents) FROM document a
                 WHERE a.corrects_id = d.id AND a.kind = 'avoir' AND a.number IS NOT NULL), 0) AS credited
FROM document d JOIN client c ON c.id = d.client_id
"""


def _filters(query: DocumentQuery) -> tuple[list[str], dict[str, Any]]:
    where = ["d.kind = 'devis'" if query.family == "devis" else "d.kind <> 'devis'"]
    parameters: dict[str, Any] = {}
    if query.client_id is not None:
        where.append("d.client_id = :client_id")
        parameters["client_id"] = query.client_id
    if query.date_from is not None:
        where.append("d.issue_date >= :date_from")
        parameters["date_from"] = query.date_from.isoformat()
    if query.date_to is not None:
        where.append("d.issue_date <= :date_to")
        parameters["date_to"] = query.date_to.isoformat()
    words = query.search.split()
    for index, word in enumerate(words[:5]):
        where.append(f"(d.number LIKE :w{index} OR c.name LIKE :w{index} OR d.title LIKE :w{index})")
        parameters[f"w{index}"] = f"%{word.replace('%', '').replace('_', '')}%"
    return where, parameters


def list_documents(context: Context, query: DocumentQuery) -> DocumentsPage:
    """One page of quotes or of invoices and credit notes, newest first, with the count of all matches."""
    require(context, Permission.READ_BILLING)
    today = context.today()
    where, parameters = _filters(query)
    parameters.update(today=today.isoformat(), limit=query.limit, offset=query.offset)
    inner = f"SELECT *, {_STATE} AS state FROM ({_BASE} WHERE {' AND '.join(where)})"
    outer = []
    if query.status:
        outer.append("state = :state")
        parameters["state"] = query.status
    if query.overdue_only:
        outer.append("state = 'en_retard'")
    condition = f"WHERE {' AND '.join(outer)}" if outer else ""
    order = "ORDER BY (number IS NULL) DESC, issue_date DESC, id DESC"
    rows = context.database.read(f"SELECT * FROM ({inner}) {condition} {order} LIMIT :limit OFFSET :offset", parameters)
    count = context.database.read(f"SELECT count(*) FROM ({inner}) {condition}", parameters)[0][0]
    return DocumentsPage(tuple(_row(row, today) for row in rows), int(count), query)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _row(row: tuple[Any, ...], today: date) -> DocumentRow:
    (
        doc_id,
        kind,
        _status,
        number,
        issue_date,
        due_date,
        _validity,
        total_cents,
        title,
        _created,
        client_name,
        paid,
        credited,
        state,
    ) = row
    due = _as_date(due_date)
    balance = 0 if kind in (QUOTE, CREDIT_NOTE) or number is None else total_cents - paid - credited
    return DocumentRow(
        id=doc_id,
        kind=kind,
        number=number,
        issue_date=_as_date(issue_date),
        client_name=client_name,
        title=title,
        total=Money(total_cents),
        balance=Money(max(0, balance)),
        status=state,
        due_date=due,
        days_late=days_late(due, today) if state == "en_retard" else 0,
    )


def overdue_invoices(context: Context) -> tuple[DocumentRow, ...]:
    """Every issued invoice past its due date and not fully paid, the latest due first."""
    page = list_documents(context, DocumentQuery(family="factures", overdue_only=True, limit=10_000))
    return tuple(sorted(page.rows, key=lambda row: -row.days_late))


def get_document(context: Context, document_id: int) -> DocumentDetail:
    """A document with its content, payments, balance and linked documents."""
    require(context, Permission.READ_BILLING)
    today = context.today()
    with context.database.unit_of_work() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound("Ce document n'existe plus.")
        content = build_content(session, document, context.settings, today)
        payments = session.scalars(select(Payment).where(Payment.invoice_id == document_id).order_by(Payment.paid_on))
        payment_views = tuple(
            PaymentView(p.id, p.paid_on, Money(p.amount_cents), p.method, p.reference) for p in payments
        )
        paid = Money(sum(p.amount.cents for p in payment_views))
        issued = document.number is not None and document.kind not in (QUOTE, CREDIT_NOTE)
        balance = balance_of(session, document) if issued else Money(0)
        credited = Money(document.total_cents) - paid - balance if issued else Money(0)
        linked = session.scalars(
            select(Document).where(
                (Document.quote_id == document_id)
                | (Document.corrects_id == document_id)
                | (Document.id == document.quote_id)
                | (Document.id == document.corrects_id)
            )
        )
        links = tuple(LinkView(d.id, d.kind, d.number, d.issue_date, Money(d.total_cents)) for d in linked)
        status = document_status(
            document.kind,
            document.status,
            document.number,
            document.issue_date,
            document.validity_days,
            document.total_cents,
            credited.cents,
            paid.cents,
            document.due_date,
            today,
        )
        return DocumentDetail(
            id=document.id,
            kind=document.kind,
            number=document.number,
            stored_status=document.status,
            status=status,
            client_id=document.client_id,
            content=content,
            validity_days=document.validity_days,
            paid=paid,
            credited=credited,
            balance=balance,
            payments=payment_views,
            links=links,
            quote_id=document.quote_id,
            corrects_id=document.corrects_id,
            pdf_sha256=document.pdf_sha256,
        )
