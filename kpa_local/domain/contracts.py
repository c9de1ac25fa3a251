"""Contracts: CAPE terms and their cap, overlaps, end dates and alerts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kpa_local.domain.codes import CONTRACT_KINDS
from kpa_local.domain.dates import add_months
from kpa_local.domain.errors import Problem

CAPE_TERM_MONTHS = 12
DEFAULT_CAPE_CAP_MONTHS = 36


@dataclass(frozen=True)
class ContractTerms:
    """What defines a contract: its kind, first day, and either CAPE terms or an end date."""

    kind: str
    start: date
    cape_terms: int = 1
    end: date | None = None
    ended_early: date | None = None

    def planned_end(self) -> date | None:
        """Last day planned: for a CAPE, 12 months per term; otherwise the end date given."""
        if self.kind == "cape":
            return add_months(self.start, CAPE_TERM_MONTHS * self.cape_terms) - timedelta(days=1)
        return self.end

    def last_day(self) -> date | None:
        """The day the contract really ends: early end if any, else the planned end."""
        return self.ended_early or self.planned_end()

    def months(self) -> int:
        """Months the contract counts against the CAPE cap."""
        return CAPE_TERM_MONTHS * self.cape_terms if self.kind == "cape" else 0

    def overlaps(self, other: ContractTerms) -> bool:
        """Whether the two contracts share at least one day."""
        mine, theirs = self.last_day() or date.max, other.last_day() or date.max
        return self.start <= theirs and other.start <= mine


def check_contract(
    terms: ContractTerms,
    others: Iterable[ContractTerms],
    *,
    cape_cap_months: int = DEFAULT_CAPE_CAP_MONTHS,
) -> list[Problem]:
    """Problems that forbid saving a contract beside the person's other contracts."""
    problems: list[Problem] = []
    if terms.kind not in CONTRACT_KINDS:
        known = ", ".join(CONTRACT_KINDS)
        problems.append(Problem("kind", f"Le type de contrat « {terms.kind} » n'existe pas : choisissez {known}."))
        return problems
    if terms.kind == "cape" and terms.cape_terms < 1:
        problems.append(Problem("cape_terms", "Un CAPE compte au moins une période de 12 mois."))
    end = terms.planned_end()
    if end is not None and end < terms.start:
        problems.append(Problem("end", "La date de fin est avant la date de début : corrigez l'une des deux."))
    if terms.ended_early is not None and terms.ended_early < terms.start:
        problems.append(Problem("ended_early", "La fin anticipée est avant le début du contrat : corrigez-la."))
    same_kind = [o for o in others if o.kind == terms.kind]
    if any(terms.overlaps(o) for o in same_kind):
        problems.append(
            Problem(
                "start",
                f"Cette personne a déjà un contrat {CONTRACT_KINDS[terms.kind]} sur ces dates : "
                "terminez l'autre contrat ou changez les dates.",
            )
        )
    if terms.kind == "cape":
        total = terms.months() + sum(o.months() for o in same_kind)
        if total > cape_cap_months:
            left = max(cape_cap_months - sum(o.months() for o in same_kind), 0)
            problems.append(
                Problem(
                    "cape_terms",
                    f"Le CAPE dépasserait {cape_cap_months} mois au total ({total} mois) : "
                    f"il reste {left} mois possibles pour cette personne.",
                )
            )
    return problems


def ends_within(terms: ContractTerms, today: date, days: int) -> bool:
    """Whether a contract still running ends between today and `days` days from now."""
    last = terms.last_day()
    return last is not None and today <= last <= today + timedelta(days=days)
