"""Periods of a sharing-out: a calendar month (2026-10) or a quarter (2026Q4)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kpa_local.domain.dates import Quarter, add_months, check_year
from kpa_local.domain.errors import KpaError

MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


@dataclass(frozen=True, order=True)
class Period:
    """A month or a quarter: its first and last day, and how it is written."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        return cls(first, add_months(first, 1) - timedelta(days=1))

    @classmethod
    def quarter(cls, quarter: Quarter) -> Period:
        return cls(quarter.start, quarter.end)

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2026-10` (a month) or `2026Q4` / `2026T4` (a quarter)."""
        cleaned = text.strip()
        month = re.fullmatch(r"(\d{4})-(\d{1,2})", cleaned, re.ASCII)
        if month and 1 <= int(month.group(2)) <= 12:
            check_year(int(month.group(1)), text)
            return cls.month(int(month.group(1)), int(month.group(2)))
        quarter = re.fullmatch(r"(\d{4})\s*[QqTt]([1-4])", cleaned, re.ASCII)
        if quarter:
            check_year(int(quarter.group(1)), text)
            return cls.quarter(Quarter(int(quarter.group(1)), int(quarter.group(2))))
        raise KpaError(
            f"« {text.strip()} » n'est pas une période : écrivez un mois comme 2026-10 ou un trimestre comme 2026Q4."
        )

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == add_months(self.start, 1) - timedelta(days=1)

    @property
    def code(self) -> str:
        """How the period is typed: 2026-10 or 2026Q4."""
        if self.is_month:
            return f"{self.start.year}-{self.start.month:02d}"
        return Quarter.of(self.start).label

    @property
    def label(self) -> str:
        """How the period is said: « octobre 2026 » or « 4e trimestre 2026 »."""
        if self.is_month:
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        number = Quarter.of(self.start).number
        return f"{number}{'er' if number == 1 else 'e'} trimestre {self.start.year}"

    @property
    def of_label(self) -> str:
        """« d'octobre 2026 », « de mars 2026 », « du 4e trimestre 2026 »: the label after « de »."""
        return of_label(self.label)

    def months(self) -> tuple[Period, ...]:
        """The calendar months of the period, in order."""
        months = []
        first = self.start
        while first <= self.end:
            months.append(Period.month(first.year, first.month))
            first = add_months(first, 1)
        return tuple(months)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end


def month_label(day: date) -> str:
    """« octobre 2026 » for any day of October 2026."""
    return Period.month(day.year, day.month).label


def of_label(label: str) -> str:
    """« de » before a period's label, with French elision: « d'avril 2026 », « du 1er trimestre 2026 »."""
    if "trimestre" in label:
        return f"du {label}"
    return f"d'{label}" if label[:1] in "aeiouyéèh" else f"de {label}"
