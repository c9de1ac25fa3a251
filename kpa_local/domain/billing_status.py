"""The status of a quote or an invoice, derived from its dates, payments and credit notes."""

from __future__ import annotations

from datetime import date, timedelta

from kpa_local.domain.billing import CREDIT_NOTE, QUOTE, ShownStatus, StoredStatus


def quote_status(stored: str, issue_date: date | None, validity_days: int | None, today: date) -> ShownStatus:
    """A sent or draft quote past its validity is `expire`; otherwise its stored status."""
    pending = stored in (StoredStatus.DRAFT, StoredStatus.SENT) and issue_date is not None and validity_days is not None
    if pending and issue_date and validity_days is not None and today > issue_date + timedelta(days=validity_days):
        return ShownStatus.EXPIRED
    return ShownStatus(stored)


def invoice_status(
    kind: str, issued: bool, total_cents: int, credited_cents: int, paid_cents: int, due_date: date | None, today: date
) -> ShownStatus:
    """brouillon, émise, partiellement payée, payée, en retard, or annulée when credit notes cover it all."""
    if not issued:
        return ShownStatus.DRAFT
    if kind == CREDIT_NOTE:
        return ShownStatus.ISSUED
    if total_cents > 0 and credited_cents >= total_cents:
        return ShownStatus.CANCELLED
    if total_cents - credited_cents - paid_cents <= 0:
        return ShownStatus.PAID
    if due_date is not None and today > due_date:
        return ShownStatus.LATE
    if paid_cents > 0:
        return ShownStatus.PARTLY_PAID
    return ShownStatus.ISSUED


def document_status(
    kind: str,
    stored: str,
    number: str | None,
    issue_date: date | None,
    validity_days: int | None,
    total_cents: int,
    credited_cents: int,
    paid_cents: int,
    due_date: date | None,
    today: date,
) -> ShownStatus:
    """The status shown for any document."""
    if kind == QUOTE:
        return quote_status(stored, issue_date, validity_days, today)
    return invoice_status(kind, number is not None, total_cents, credited_cents, paid_cents, due_date, today)


def days_late(due_date: date | None, today: date) -> int:
    """Days past the due date (0 when not late)."""
    return max(0, (today - due_date).days) if due_date else 0
