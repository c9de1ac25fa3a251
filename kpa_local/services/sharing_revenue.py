"""The revenue of a sharing-out read from the database: the amounts not counted yet, and those a validated one counted.

The rule of which period counts which amount is in kpa_local/domain/sharing_counting.py.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from kpa_local.db.models import Document, Payment, Sharing, SharingCount
from kpa_local.domain.billing import CREDIT_NOTE, DEPOSIT, INVOICE
from kpa_local.domain.money import Money
from kpa_local.domain.periods import Period
from kpa_local.domain.sharing_codes import BASIS_PAYMENTS
from kpa_local.domain.sharing_counting import DOCUMENT, PAYMENT, Amount, counted_by, payment_net_cents


def validated_periods(session: Session) -> tuple[Period, ...]:
    """Every validated period, in order."""
    rows = session.execute(select(Sharing.period_start, Sharing.period_end).order_by(Sharing.period_start))
    return tuple(Period(start, end) for start, end in rows)


def uncounted_amounts(session: Session, basis: str, until: date) -> tuple[Amount, ...]:
    """The payments (cash basis) or issued documents (invoice basis) dated up to `until` that no validated
    sharing-out has counted."""
    if basis == BASIS_PAYMENTS:
        earlier = aliased(Payment)
        paid_before = (
            select(func.coalesce(func.sum(earlier.amount_cents), 0))
            .where(earlier.invoice_id == Payment.invoice_id, earlier.id < Payment.id)
            .scalar_subquery()
        )
        rows = session.execute(
            select(Payment.id, Payment.paid_on, Payment.amount_cents, paid_before, Document.total_net_cents,
                   Document.total_cents)
            .join(Document, Document.id == Payment.invoice_id)
            .outerjoin(SharingCount, SharingCount.payment_id == Payment.id)
            .where(SharingCount.id.is_(None), Payment.paid_on <= until)
        )  # fmt: skip
        return tuple(
            Amount(PAYMENT, payment_id, day, Money(payment_net_cents(int(before), paid, net, total)))
            for payment_id, day, paid, before, net, total in rows
        )
    documents = session.execute(
        select(Document.id, Document.issue_date, Document.kind, Document.total_net_cents)
        .outerjoin(SharingCount, SharingCount.document_id == Document.id)
        .where(
            SharingCount.id.is_(None),
            Document.kind.in_((INVOICE, DEPOSIT, CREDIT_NOTE)),
            Document.number.is_not(None),
            Document.issue_date <= until,
        )
    )
    return tuple(
        Amount(DOCUMENT, document_id, day, Money(-net if kind == CREDIT_NOTE else net))
        for document_id, day, kind, net in documents
        if day is not None  # an issued document always has its date; the query keeps only those
    )


def amounts_for(session: Session, period: Period, basis: str) -> tuple[Amount, ...]:
    """The amounts the sharing-out of a period not validated yet counts."""
    return counted_by(period, uncounted_amounts(session, basis, period.end), validated_periods(session))


def counted_amounts(session: Session, sharing_id: int) -> tuple[Amount, ...]:
    """What a validated sharing-out counted."""
    rows = session.execute(
        select(SharingCount.payment_id, SharingCount.document_id, SharingCount.day, SharingCount.net_cents)
        .where(SharingCount.sharing_id == sharing_id)
        .order_by(SharingCount.day, SharingCount.id)
    )
    return tuple(
        Amount(PAYMENT if payment_id is not None else DOCUMENT, payment_id or document_id or 0, day, Money(net))
        for payment_id, document_id, day, net in rows
    )


def record_counted(session: Session, sharing_id: int, amounts: tuple[Amount, ...]) -> None:
    """Keep the amounts a sharing-out counts: none of them will be counted again."""
    session.add_all(
        SharingCount(
            sharing_id=sharing_id,
            payment_id=amount.source_id if amount.source == PAYMENT else None,
            document_id=amount.source_id if amount.source == DOCUMENT else None,
            day=amount.day,
            net_cents=amount.net.cents,
        )
        for amount in amounts
    )


def totals_validated(session: Session) -> tuple[Money, Money]:
    """The revenue and the amount shared of every validated sharing-out, added up."""
    revenue, shared = session.execute(
        select(func.coalesce(func.sum(Sharing.revenue_cents), 0), func.coalesce(func.sum(Sharing.shared_cents), 0))
    ).one()
    return Money(int(revenue)), Money(int(shared))
