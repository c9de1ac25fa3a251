"""Which sharing-out counts each euro: every payment or invoice once, never twice, none left out.

The revenue of a sharing-out is made of *amounts*: on the cash basis each payment received
(its part without VAT), on the invoice basis each invoice and deposit invoice issued (its
total without VAT) and each credit note (the same, taken off). Each amount has a day: the
day the payment was received, or the document's issue date.

The rule:

1. A validated sharing-out keeps the list of the amounts it counted (in the database, one row
   per amount, unique): an amount it counted is never counted again, by any period.
2. An amount not counted yet has a *home month*: the earliest calendar month that ends on or
   after its day and that no validated sharing-out covers. For an amount dated in a month not
   validated yet, that is its own month; for one dated in a validated period (a payment
   recorded late, an invoice issued with an earlier date, a credit note), it is the first
   month after that period not validated yet.
3. The sharing-out of a period counts exactly the amounts not counted yet whose home month
   lies inside the period. It shows those dated before the period as coming from the
   validated period their day is in.
4. A period can be validated only once it has ended (from the day after its last day), so
   that nothing can still be dated inside it; and never over a validated period.

Validated periods are whole months or quarters, so a month is either wholly covered by a
validated sharing-out or not at all. Once every month up to the last amount's home month is
validated, every amount has been counted exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kpa_local.domain.dates import add_months
from kpa_local.domain.money import Money, net_part
from kpa_local.domain.periods import Period

PAYMENT = "paiement"
DOCUMENT = "document"


@dataclass(frozen=True)
class Amount:
    """A payment or an issued document as the revenue of a sharing-out sees it."""

    source: str  # PAYMENT or DOCUMENT
    source_id: int
    day: date
    net: Money  # excluding VAT; negative for a credit note


@dataclass(frozen=True)
class LateAmounts:
    """Amounts counted by a period although dated in an earlier, validated one."""

    validated: Period
    days: tuple[date, ...]
    total: Money


def payment_net_cents(paid_before_cents: int, paid_cents: int, net_cents: int, total_cents: int) -> int:
    """The part without VAT of a payment: that of everything paid so far on its invoice, less that of the
    payments before it; so an invoice paid in several payments brings exactly its total without VAT."""
    through = net_part(paid_before_cents + paid_cents, net_cents, total_cents)
    return through - net_part(paid_before_cents, net_cents, total_cents)


def first_day_to_validate(period: Period) -> date:
    """The day from which a period can be validated: the day after its last day."""
    return period.end + timedelta(days=1)


def home_month(day: date, validated: Sequence[Period]) -> Period:
    """The earliest calendar month ending on or after `day` that no validated sharing-out covers."""
    month = Period.month(day.year, day.month)
    while any(period.overlaps(month) for period in validated):
        following = add_months(month.start, 1)
        month = Period.month(following.year, following.month)
    return month


def counted_by(period: Period, uncounted: Iterable[Amount], validated: Sequence[Period]) -> tuple[Amount, ...]:
    """The amounts not counted yet that the sharing-out of `period` counts (rule 3 above)."""
    return tuple(amount for amount in uncounted if period.contains(home_month(amount.day, validated).start))


def late_amounts(period: Period, counted: Iterable[Amount], validated: Sequence[Period]) -> tuple[LateAmounts, ...]:
    """The counted amounts dated before the period, grouped by the validated period their day is in."""
    groups: dict[Period, list[Amount]] = {}
    for amount in counted:
        if amount.day < period.start:
            origin = next((v for v in validated if v.contains(amount.day)), Period.month(amount.day.year,
                                                                                         amount.day.month))  # fmt: skip
            groups.setdefault(origin, []).append(amount)
    return tuple(
        LateAmounts(origin, tuple(sorted(a.day for a in amounts)), Money(sum(a.net.cents for a in amounts)))
        for origin, amounts in sorted(groups.items())
    )
