"""Sharing out a period's revenue: the deductions in their order, then each person's share to the cent.

The rule (config/kpa.toml, [sharing]) is applied in this order:

1. the revenue of the period, excluding VAT (payments received, or invoices issued);
2. minus the expenses of the period;
3. minus the CAE's contribution, a percentage of the revenue or of the revenue minus expenses;
4. minus the work-accident insurance, a percentage of what remains or a fixed amount per
   person and per month worked;
5. minus the contribution to the collective savings, a percentage of what remains;
6. plus or minus an adjustment correcting an earlier, validated period;
7. what remains is shared among the people who may receive a share: in proportion to their
   hours, in equal shares among those who worked, or in proportion to their weights.

Each percentage is rounded to the cent, half away from zero. The shares add up exactly to
the amount shared: each person first gets their exact share rounded down to the cent; the
cents left over (fewer than the number of people) go one each to the largest remainders; at
equal remainders, to those who have received the fewest such cents in earlier sharings, then
in an order that changes with the period — so that over time nobody is always favoured.

Which payments or invoices make the revenue of a period, so that each is counted exactly once,
is decided in kpa_local/domain/sharing_counting.py. An adjustment may never make the
sharing-outs, all together, share more than their revenue (`largest_adjustment`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from kpa_local.domain.money import Money
from kpa_local.domain.sharing_codes import (
    BASIS_PAYMENTS,
    BY_HOURS,
    BY_WEIGHTS,
    CAE_ON_REVENUE,
    EQUAL_SHARES,
    INSURANCE_FIXED,
    INSURANCE_PERCENT,
)

NOTHING = Money(0)


@dataclass(frozen=True)
class SharingRule:
    """A KPA's rule for sharing out its revenue."""

    basis: str = BASIS_PAYMENTS
    cae_percent: Decimal = Decimal("10")
    cae_base: str = CAE_ON_REVENUE
    insurance_mode: str = INSURANCE_PERCENT
    insurance_percent: Decimal = Decimal("1")
    insurance_per_person_month: Money = NOTHING
    savings_percent: Decimal = Decimal("10")
    method: str = BY_HOURS
    weights: Mapping[int, Decimal] = field(default_factory=dict)
    eligible_contracts: tuple[str, ...] = ("cape", "cesa")

    def weight_of(self, person_id: int) -> Decimal:
        """A person's weight for the weights method (1 when the rule does not name them)."""
        return self.weights.get(person_id, Decimal(1))


@dataclass(frozen=True)
class Worker:
    """A person who worked in the period, or who may receive a share."""

    person_id: int
    name: str
    minutes: int  # minutes worked in the period that count for a share
    months_worked: int = 1  # months of the period with such minutes (for a fixed insurance)
    eligible: bool = True
    reason: str = ""  # why the person receives no share, when not eligible
    past_odd_cents: int = 0  # leftover cents received in earlier sharings
    other_minutes: int = 0  # minutes worked without a contract that gives a share


@dataclass(frozen=True)
class SharingInputs:
    """What a period brings to its sharing-out."""

    revenue: Money
    expenses: Money
    workers: tuple[Worker, ...]
    adjustment: Money = NOTHING
    adjustment_reason: str = ""


STEP_REVENUE = "recettes"
STEP_EXPENSES = "depenses"
STEP_CAE = "cae"
STEP_INSURANCE = "assurance"
STEP_SAVINGS = "epargne"
STEP_ADJUSTMENT = "regularisation"

NOTICE_EMPTY = "vide"  # no revenue and no hours
NOTICE_NO_REVENUE = "sans_recette"  # hours, but no revenue
NOTICE_DEFICIT = "deficit"  # the deductions take everything
NOTICE_NOBODY = "personne"  # nobody who may receive a share worked


@dataclass(frozen=True)
class Step:
    """One line of the calculation: which deduction, its amount (negative when taken off) and what remains.

    `base` is the amount a percentage was taken from, `count` the person-months of a fixed insurance.
    """

    kind: str
    amount: Money
    remaining: Money
    base: Money = NOTHING
    count: int = 0


@dataclass(frozen=True)
class Share:
    """One person's share."""

    person_id: int
    name: str
    minutes: int
    weight: Decimal
    amount: Money
    odd_cent: bool  # received one of the leftover cents


@dataclass(frozen=True)
class SharingPlan:
    """The whole calculation of a period."""

    steps: tuple[Step, ...]
    revenue: Money
    expenses: Money
    cae: Money
    insurance: Money
    savings: Money
    adjustment: Money
    shared: Money
    shares: tuple[Share, ...]
    left_out: tuple[Worker, ...]  # people who worked but receive no share, with the reason
    notice: str = ""  # why nothing is shared (NOTICE_…), when nothing is

    @property
    def shares_anything(self) -> bool:
        return self.shared.cents > 0 and bool(self.shares)


def percent_of(amount: Money, percent: Decimal) -> Money:
    """A percentage of an amount, rounded to the cent half away from zero; nothing of a negative amount."""
    if amount.cents <= 0:
        return Money(0)
    return Money.from_decimal(amount.to_decimal() * percent / 100)


def compute_sharing(rule: SharingRule, inputs: SharingInputs, *, seed: str = "") -> SharingPlan:
    """Apply the rule to the period's figures; `seed` (the period's code) orders the ties."""
    steps: list[Step] = []
    remaining = inputs.revenue
    steps.append(Step(STEP_REVENUE, inputs.revenue, remaining))
    remaining -= inputs.expenses
    steps.append(Step(STEP_EXPENSES, -inputs.expenses, remaining))
    cae_base = inputs.revenue if rule.cae_base == CAE_ON_REVENUE else remaining
    cae = percent_of(cae_base, rule.cae_percent)
    remaining -= cae
    steps.append(Step(STEP_CAE, -cae, remaining, base=cae_base))
    sharers = [w for w in inputs.workers if w.eligible and _basis(rule, w) > 0]
    person_months = sum(w.months_worked for w in sharers)
    if rule.insurance_mode == INSURANCE_FIXED:
        insurance = Money(min(rule.insurance_per_person_month.cents * person_months, max(remaining.cents, 0)))
    else:
        insurance = percent_of(remaining, rule.insurance_percent)
    insurance_base = remaining
    remaining -= insurance
    steps.append(Step(STEP_INSURANCE, -insurance, remaining, base=insurance_base, count=person_months))
    savings_base = remaining
    savings = percent_of(remaining, rule.savings_percent)
    remaining -= savings
    steps.append(Step(STEP_SAVINGS, -savings, remaining, base=savings_base))
    if inputs.adjustment:
        remaining += inputs.adjustment
        steps.append(Step(STEP_ADJUSTMENT, inputs.adjustment, remaining))
    left_out = tuple(w for w in inputs.workers if not w.eligible or w.other_minutes)
    notice = _notice(inputs, remaining, sharers)
    shared = remaining if not notice else Money(0)
    shares = _distribute(rule, shared, sharers, seed) if not notice else ()
    return SharingPlan(
        steps=tuple(steps),
        revenue=inputs.revenue,
        expenses=inputs.expenses,
        cae=cae,
        insurance=insurance,
        savings=savings,
        adjustment=inputs.adjustment,
        shared=shared,
        shares=shares,
        left_out=left_out,
        notice=notice,
    )


def shared_without_adjustment(plan: SharingPlan) -> Money:
    """What the period would share without its adjustment (negative when the deductions take more)."""
    return plan.steps[-1].remaining - plan.adjustment if plan.steps else NOTHING


def largest_adjustment(plan: SharingPlan, revenue_validated: Money, shared_validated: Money) -> Money:
    """The largest adjustment after which the validated sharing-outs and this one share no more than their revenue."""
    return revenue_validated + plan.revenue - shared_validated - shared_without_adjustment(plan)


def _notice(inputs: SharingInputs, remaining: Money, sharers: Sequence[Worker]) -> str:
    if inputs.revenue.cents < 0:  # credit notes of invoices counted earlier
        return NOTICE_DEFICIT
    if inputs.revenue.cents == 0:
        return NOTICE_NO_REVENUE if any(w.minutes or w.other_minutes for w in inputs.workers) else NOTICE_EMPTY
    if remaining.cents <= 0:
        return NOTICE_DEFICIT
    if not sharers:
        return NOTICE_NOBODY
    return ""


def _basis(rule: SharingRule, worker: Worker) -> Fraction:
    if rule.method == BY_HOURS:
        return Fraction(worker.minutes)
    if worker.minutes <= 0:
        return Fraction(0)
    if rule.method == EQUAL_SHARES:
        return Fraction(1)
    return Fraction(rule.weight_of(worker.person_id))


def _tie_order(seed: str, person_id: int) -> str:
    return hashlib.sha256(f"{seed}:{person_id}".encode()).hexdigest()


def _distribute(rule: SharingRule, amount: Money, sharers: Sequence[Worker], seed: str) -> tuple[Share, ...]:
    """Shares that add up exactly to `amount`: largest remainders, then the fewest odd cents so far."""
    bases = {w.person_id: _basis(rule, w) for w in sharers}
    total_basis = sum(bases.values(), Fraction(0))
    exact = {pid: amount.cents * basis / total_basis for pid, basis in bases.items()}
    floors = {pid: value.numerator // value.denominator for pid, value in exact.items()}
    leftover = amount.cents - sum(floors.values())
    ranked = sorted(
        sharers,
        key=lambda w: (-(exact[w.person_id] - floors[w.person_id]), w.past_odd_cents, _tie_order(seed, w.person_id)),
    )
    favoured = {w.person_id for w in ranked[:leftover]}
    return tuple(
        Share(
            person_id=w.person_id,
            name=w.name,
            minutes=w.minutes,
            weight=rule.weight_of(w.person_id) if rule.method == BY_WEIGHTS else Decimal(1),
            amount=Money(floors[w.person_id] + (w.person_id in favoured)),
            odd_cent=w.person_id in favoured,
        )
        for w in sorted(sharers, key=lambda w: w.name.lower())
    )
