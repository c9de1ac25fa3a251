"""Lists and details of quotes, invoices and credit notes, paged in SQL for large workspaces."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from kpa_local.db.engine import Database
from kpa_local.db.models import Document, Payment
from kpa_local.domain.billing import (
    CREDIT_NOTE,
    INVOICE_STATUSES,
    QUOTE,
    QUOTE_STATUSES,
    ShownStatus,
    StoredStatus,
)
from kpa_local.domain.billing_status import days_late, document_status
from kpa_local.domain.errors import KpaError
from kpa_local.domain.money import Money
from kpa_local.domain.text import fold
from kpa_local.services.access import Permission, require
from kpa_local.services.balances import balance_of
from kpa_local.services.billing_views import (
    DocumentDetail,
    DocumentQuery,
    DocumentRow,
    DocumentsPage,
    LinkView,
    PaymentView,
)
from kpa_local.services.content import build_content, public_service_code
from kpa_local.services.context import Context
from kpa_local.services.platform_statuses import statuses_of
from kpa_local.services.rows import get_or_refuse

# The day a quote's validity ends, in each engine's words.
_EXPIRY = {
    "sqlite": "date(d.issue_date, '+' || d.validity_days || ' days')",
    "postgresql": "(d.issue_date + d.validity_days)",
}

# The status of each document, computed in SQL from its dates and its balance row (kept by
# triggers), with the same rules as domain.billing_status (a test keeps the two in agreement).
_STATE_OF = f"""
CASE
  WHEN d.kind = '{QUOTE}' THEN
    CASE WHEN d.status IN ('{StoredStatus.DRAFT}', '{StoredStatus.SENT}') AND d.issue_date IS NOT NULL
              AND d.validity_days IS NOT NULL
              AND {{expiry}} < :today THEN '{ShownStatus.EXPIRED}'
         ELSE d.status END
  WHEN d.number IS NULL THEN '{ShownStatus.DRAFT}'
  WHEN d.kind = '{CREDIT_NOTE}' THEN '{ShownStatus.ISSUED}'
  WHEN d.total_cents > 0 AND b.credited_cents >= d.total_cents THEN '{ShownStatus.CANCELLED}'
  WHEN d.total_cents - b.credited_cents - b.paid_cents <= 0 THEN '{ShownStatus.PAID}'
  WHEN d.due_date IS NOT NULL AND d.due_date < :today THEN '{ShownStatus.LATE}'
  WHEN b.paid_cents > 0 THEN '{ShownStatus.PARTLY_PAID}'
  ELSE '{ShownStatus.ISSUED}'
END
"""

_COLUMNS_OF = """
SELECT d.id, d.kind, d.number, d.issue_date, d.due_date, d.total_cents, d.title, c.name,
       b.paid_cents, b.credited_cents, {state} AS state
FROM document d JOIN client c ON c.id = d.client_id JOIN document_balance b ON b.document_id = d.id
"""


def _state(database: Database) -> str:
    return _STATE_OF.format(expiry=_EXPIRY[database.dialect])


def _columns(database: Database) -> str:
    return _COLUMNS_OF.format(state=_state(database))


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
    for index, word in enumerate(fold(query.search).split()[:5]):
        where.append(f"d.search_text LIKE :w{index}")
        parameters[f"w{index}"] = f"%{word.replace('%', '').replace('_', '')}%"
    return where, parameters


def _state_filter(query: DocumentQuery, database: Database) -> tuple[str, dict[str, str]]:
    status = ShownStatus.LATE if query.overdue_only else query.status
    if status and status not in QUOTE_STATUSES and status not in INVOICE_STATUSES:
        family = "devis" if query.family == "devis" else "factures"
        statuses = QUOTE_STATUSES if family == "devis" else INVOICE_STATUSES
        raise KpaError(f"« {status} » n'est pas un état de {family} : choisissez parmi {', '.join(statuses)}.")
    return (f" AND {_state(database)} = :state", {"state": status}) if status else ("", {})


def list_documents(context: Context, query: DocumentQuery) -> DocumentsPage:
    """One page of quotes or of invoices and credit notes, newest first, with the count of all matches.

    Invoice drafts (no number, no date yet) come first, then documents by date; each part is read
    through an index and stops at the page's end, so a list of 50,000 invoices opens at once.
    """
    require(context, Permission.READ_BILLING)
    today = context.today()
    where, parameters = _filters(query)
    database = context.database
    state, state_parameters = _state_filter(query, database)
    parameters.update(state_parameters, today=today.isoformat())
    condition = " AND ".join(where) + state
    # Counting needs the balance only to filter on a status: otherwise the document table alone answers.
    count_from = "document d JOIN document_balance b ON b.document_id = d.id" if state else "document d"
    total = int(database.read(f"SELECT count(*) FROM {count_from} WHERE {condition}", parameters)[0][0])
    drafts_where = f"{condition} AND d.number IS NULL"
    draft_count = int(database.read(f"SELECT count(*) FROM {count_from} WHERE {drafts_where}", parameters)[0][0])
    rows: list[tuple[Any, ...]] = []
    if query.offset < draft_count:
        rows += database.read(
            f"{_columns(database)} WHERE {drafts_where} ORDER BY d.id DESC LIMIT :limit OFFSET :offset",
            {**parameters, "limit": query.limit, "offset": query.offset},
        )
    room = query.limit - len(rows)
    if room > 0:
        rows += database.read(
            f"{_columns(database)} WHERE {condition} AND d.number IS NOT NULL "
            "ORDER BY d.issue_date DESC, d.id DESC LIMIT :limit OFFSET :offset",
            {**parameters, "limit": room, "offset": max(0, query.offset - draft_count)},
        )
    return DocumentsPage(tuple(_row(row, today) for row in rows), total, query)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _row(row: tuple[Any, ...], today: date) -> DocumentRow:
    doc_id, kind, number, issue_date, due_date, total_cents, title, client_name, paid, credited, state = row
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
        status=ShownStatus(state),
        due_date=due,
        days_late=days_late(due, today) if state == ShownStatus.LATE else 0,
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
        document = get_or_refuse(session, Document, document_id, "Ce document n'existe plus.")
        content = build_content(session, document, context.settings, today)
        payments = session.scalars(select(Payment).where(Payment.invoice_id == document_id).order_by(Payment.paid_on))
        payment_views = tuple(
            PaymentView(p.id, p.paid_on, Money(p.amount_cents), p.method, p.reference) for p in payments
        )
        paid = Money(sum(p.amount.cents for p in payment_views))
        issued = document.number is not None and document.kind not in (QUOTE, CREDIT_NOTE)
        issued_any = document.number is not None and document.kind != QUOTE
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
            stored_status=StoredStatus(document.status),
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
            buyer_reference=document.buyer_reference,
            order_number=document.order_number,
            client_service_code=public_service_code(document.client),
            platform_statuses=statuses_of(session, document.id) if issued_any else (),
        )
