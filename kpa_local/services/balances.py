"""What remains to be paid on an issued invoice: read by the lists, the payments and the reminders alike."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kpa_local.db.models import Document, Payment
from kpa_local.domain.billing import CREDIT_NOTE
from kpa_local.domain.money import Money


def balance_of(session: Session, invoice: Document) -> Money:
    """What remains to be paid on an issued invoice: total, less credit notes, less payments."""
    paid = session.scalar(
        select(func.coalesce(func.sum(Payment.amount_cents), 0)).where(Payment.invoice_id == invoice.id)
    )
    credited = session.scalar(
        select(func.coalesce(func.sum(Document.total_cents), 0)).where(
            Document.corrects_id == invoice.id, Document.kind == CREDIT_NOTE, Document.number.is_not(None)
        )
    )
    return Money(invoice.total_cents - int(paid or 0) - int(credited or 0))
