"""Dates as French people type them, calendar arithmetic and quarters."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from kpa_local.domain.errors import KpaError

_FRENCH = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$", re.ASCII)
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$", re.ASCII)

FIRST_YEAR = 1900
LAST_YEAR = 2100


def check_year(year: int, text: str) -> None:
    """Refuse a year outside FIRST_YEAR..LAST_YEAR: nobody's life or contract goes there, a typing slip does."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateError(
            f"L'année {year} de « {text.strip()} » n'est pas possible : les dates vont de {FIRST_YEAR} à "
            f"{LAST_YEAR} ; vérifiez l'année."
        )


class DateError(KpaError):
    """A text that is not a date."""


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """Read `26/11/2026`, `26-11-26`, `26.11.2026` or `2026-11-26`; empty text is no date."""
    if not text or not text.strip():
        return None
    match = _FRENCH.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year = _expand_year(year, today or date.today())
    else:
        iso = _ISO.match(text)
        if not iso:
            raise DateError(
                f"« {text.strip()} » n'est pas une date : écrivez-la sous la forme JJ/MM/AAAA, par exemple 26/11/2026."
            )
        year, month, day = (int(g) for g in iso.groups())
    check_year(year, text)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(
            f"La date « {text.strip()} » n'existe pas dans le calendrier : vérifiez le jour et le mois."
        ) from None


def _expand_year(two_digits: int, today: date) -> int:
    """A two-digit year is in the past century unless that is more than 10 years ahead."""
    century = today.year - today.year % 100
    year = century + two_digits
    return year - 100 if year > today.year + 10 else year


def add_months(day: date, months: int) -> date:
    """The same day `months` later, kept inside shorter months (31/01 + 1 month = 28 or 29/02)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (negative when `end` is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and add_months(start, months) > end:
        months -= 1
    return months


def age_on(birth: date, on: date) -> int:
    """Age in whole years on a given day."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, such as 2026Q3."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = re.fullmatch(r"\s*(\d{4})\s*[Qq]([1-4])\s*", text, re.ASCII)
        if not match:
            raise KpaError(
                f"« {text} » n'est pas un trimestre : écrivez l'année puis Q et le numéro, par exemple 2026Q3."
            )
        check_year(int(match.group(1)), text)
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return add_months(self.start, 3) - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.number}"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end
