"""A person's quarterly statement: hours and sums decided for them, month by month (for the RSA declaration)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpa_local.domain.money import Money


@dataclass(frozen=True)
class DecidedShare:
    """A share decided for the person: which period it shares out, when the KPA decided it, how much."""

    period_label: str
    decided_on: date
    amount: Money


@dataclass(frozen=True)
class StatementMonth:
    """One month of the quarter: hours worked, and the shares decided that month."""

    month: date  # its first day
    minutes: int
    shares: tuple[DecidedShare, ...]

    @property
    def amount(self) -> Money:
        return Money(sum(share.amount.cents for share in self.shares))


@dataclass(frozen=True)
class Statement:
    """The relevé trimestriel of one person."""

    kpa_name: str
    cae_name: str  # the CAE that pays the sums, named for the CAF
    cae_siret: str
    cae_address: str  # on one line: « 8 rue de la Coopération, 59000 Lille »
    person_id: int
    person_name: str
    quarter_label: str  # « 3e trimestre 2026 »
    quarter_code: str  # 2026Q3
    months: tuple[StatementMonth, ...]
    issued_on: date

    @property
    def minutes(self) -> int:
        return sum(month.minutes for month in self.months)

    @property
    def amount(self) -> Money:
        return Money(sum(month.amount.cents for month in self.months))
