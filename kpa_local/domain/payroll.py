"""The request to the CAE's payroll (demande de versement): who is paid how much, by which decision.

Every amount is the one a validated sharing-out stored; nothing is computed again here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpa_local.domain.billing import Party
from kpa_local.domain.money import Money


@dataclass(frozen=True)
class PayrollLine:
    """One person to pay: who, under which contract, for how many hours, and the amount the KPA decided."""

    person_id: int
    first_name: str
    last_name: str
    contract: str  # « CAPE », « CESA »: the contract under which the hours gave a share
    minutes: int
    amount: Money

    @property
    def name(self) -> str:
        """« Awa DIALLO »: as shares and statements name a person."""
        return f"{self.first_name} {self.last_name.upper()}".strip()


@dataclass(frozen=True)
class PayrollRequest:
    """The demande de versement of one validated sharing-out, addressed to the CAE."""

    sharing_id: int
    reference: str  # « roubaix-manau-2026-09 »: the KPA's code and the period, the same every time
    period_code: str  # 2026-09 or 2026Q3
    period_label: str  # « septembre 2026 »
    period_start: date
    period_end: date
    decided_on: date
    decision: str  # the decision as the KPA recorded it: « Réunion de la KPA du 05/10/2026 »
    cae: Party  # the structure de portage, which pays
    kpa: Party
    kpa_code: str
    lines: tuple[PayrollLine, ...]
    shared: Money  # what the sharing-out shared, as stored
    savings: Money  # its contribution to the KPA's collective savings
    calculation: tuple[tuple[str, Money], ...]  # the stored steps, from the revenue to what is shared
    issued_on: date

    @property
    def total(self) -> Money:
        """The sum of the lines: what the CAE is asked to pay."""
        return Money(sum(line.amount.cents for line in self.lines))


def request_reference(kpa_code: str, period_code: str) -> str:
    """The request's reference: a period is shared out once, and a KPA's code is unique in the network."""
    return f"{kpa_code or 'kpa'}-{period_code}"
