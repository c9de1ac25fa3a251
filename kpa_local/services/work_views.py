"""What the hours, expenses, sharing-out and savings services return (frozen, no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpa_local.domain.money import Money
from kpa_local.domain.periods import Period
from kpa_local.domain.sharing import NOTHING, SharingPlan, SharingRule
from kpa_local.domain.sharing_counting import Amount, LateAmounts


@dataclass(frozen=True)
class HoursDraft:
    """Hours typed for one person, one day, one activity, perhaps for a job (a quote or an invoice)."""

    person_id: int | None
    activity_id: int | None
    day: date | None
    minutes: int
    document_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class HoursRow:
    """Hours recorded, as lists show them."""

    id: int
    day: date
    person_id: int
    person_name: str
    activity_name: str
    minutes: int
    document_number: str
    note: str


@dataclass(frozen=True)
class ExpenseDraft:
    """An expense as typed: tied to a job (quote or invoice) or to an activity."""

    day: date | None
    label: str
    net: Money
    vat: Money = NOTHING
    supplier: str = ""
    receipt_ref: str = ""
    activity_id: int | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class ExpenseRow:
    """An expense, as lists show it."""

    id: int
    day: date
    label: str
    net: Money
    vat: Money
    supplier: str
    receipt_ref: str
    tied_to: str  # the job's number or the activity's name


@dataclass(frozen=True)
class SharingPreview:
    """A period's sharing-out: computed now (a preview), or as it was validated."""

    period: Period
    plan: SharingPlan
    rule: SharingRule  # the rule applied (as it was at validation for a validated period)
    adjustment_reason: str = ""
    validated: bool = False
    decided_on: date | None = None
    decision_ref: str = ""
    validated_by: str = ""
    sharing_id: int | None = None
    overlapping: tuple[str, ...] = ()  # validated periods sharing days with a preview: it cannot be validated
    late: tuple[LateAmounts, ...] = ()  # revenue counted here although dated in an earlier, validated period
    too_early: str = ""  # why the period cannot be validated yet (it has not ended), in a sentence
    counted: tuple[Amount, ...] = ()  # the payments or documents whose revenue the period counts


@dataclass(frozen=True)
class SharingSummary:
    """A validated sharing-out, as the list of past periods shows it."""

    id: int
    period: Period
    shared: Money
    savings: Money
    people: int
    decided_on: date
    decision_ref: str


@dataclass(frozen=True)
class SavingsLine:
    """An entry of the savings ledger with the balance after it."""

    id: int
    day: date
    kind: str
    label: str
    amount: Money
    decision_ref: str
    balance: Money


@dataclass(frozen=True)
class SavingsLedger:
    """Every entry in date order, the balance now, and the balance at the end of recent months."""

    lines: tuple[SavingsLine, ...]
    balance: Money
    monthly: tuple[tuple[date, Money], ...]  # (first day of the month, balance at its end)
