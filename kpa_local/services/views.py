"""What services hand back: frozen plain dataclasses, cheap to import (no database code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class PartnerView:
    """A partner that orients people."""

    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class RoleView:
    """One role held over a span of days."""

    id: int
    role: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class ContractView:
    """One contract with its computed dates."""

    id: int
    kind: str
    start_date: date
    cape_terms: int
    planned_end: date | None
    ended_early: date | None

    @property
    def last_day(self) -> date | None:
        return self.ended_early or self.planned_end


@dataclass(frozen=True)
class StepView:
    """A step of the path and when it began."""

    id: int
    step: str
    start_date: date


@dataclass(frozen=True)
class ConsentView:
    """A consent and its dates."""

    id: int
    kind: str
    given_on: date
    withdrawn_on: date | None


@dataclass(frozen=True)
class MemberRow:
    """One line of the members list."""

    id: int
    last_name: str
    first_name: str
    current_role: str | None
    entry_date: date
    exit_date: date | None
    contract_kind: str | None
    contract_end: date | None

    @property
    def full_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


@dataclass(frozen=True)
class MembersPage:
    """A window of the members list: the rows shown and how many match in all."""

    rows: tuple[MemberRow, ...]
    total: int
    offset: int


@dataclass(frozen=True)
class MemberQuery:
    """What the members list asks for: search text, filters, order and window."""

    search: str = ""
    role: str | None = None
    status: str = "present"  # present, left, all
    ending_soon: bool = False
    sort: str = "name"  # name, entry, exit, contract_end
    offset: int = 0
    limit: int = 100


@dataclass(frozen=True)
class MemberDetail:
    """Everything known of a person, with the profile as the network counts it."""

    id: int
    form: dict[str, str]
    last_name: str
    first_name: str
    entry_date: date
    exit_date: date | None
    age_band: str
    departement: str
    ft_duration_band: str
    mission_locale: bool
    partner_name: str | None
    roles: tuple[RoleView, ...] = ()
    contracts: tuple[ContractView, ...] = ()
    steps: tuple[StepView, ...] = ()
    consents: tuple[ConsentView, ...] = ()
    anonymised: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"


@dataclass(frozen=True)
class EndingContract:
    """A contract that ends soon, for the alert list."""

    person_id: int
    person_name: str
    kind: str
    last_day: date
    days_left: int


@dataclass(frozen=True)
class DashboardFigures:
    """Live figures of the Tableau de bord."""

    kpa_name: str
    today: date
    quarter_label: str
    people_by_role: dict[str, int]
    people_present: int
    entries_this_quarter: int
    exits_this_quarter: int
    ending_contracts: tuple[EndingContract, ...] = field(default_factory=tuple)
    alert_days: int = 60
    names_shown: bool = True  # False for an account that may not see other people's records


@dataclass(frozen=True)
class MoneyFigures:
    """The dashboard's money: revenue invoiced month by month this year, and the collective savings."""

    today: date
    revenue_by_month: tuple[tuple[date, int], ...]  # (first day of the month, cents excluding VAT, credit notes off)
    savings_balance_cents: int
    savings_by_month: tuple[tuple[date, int], ...]  # balance at the end of each of the last 12 months


@dataclass(frozen=True)
class ImportRowReport:
    """What became of one spreadsheet row."""

    line: int
    name: str
    outcome: str  # nouveau, déjà présent, erreur, ignorée
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    """The row-by-row report of an import, and what was saved."""

    rows: tuple[ImportRowReport, ...]
    recognised_columns: dict[str, str]
    ignored_columns: tuple[str, ...]
    created: int
    already_present: int
    duplicates: int
    errors: int
    saved: bool
    message: str
    sheet: str = ""  # the workbook's sheet that was read; empty for a CSV file
    other_sheets: tuple[str, ...] = ()

    @property
    def sheet_text(self) -> str:
        """Which sheet of the workbook was read, and the others it has; empty for a CSV file."""
        if not self.sheet:
            return ""
        others = ", ".join(f"« {name} »" for name in self.other_sheets)
        return f"Feuille lue : « {self.sheet} »" + (f" (le classeur a aussi {others})." if others else ".")


@dataclass(frozen=True)
class ActivityView:
    """An activity of the KPA as lists show it."""

    id: int
    name: str
    category: str
    description: str
    referent_name: str | None
    active: bool
