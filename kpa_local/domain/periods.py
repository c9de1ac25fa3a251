"""Periods of a sharing-out: a calendar month (octobre 2026, 2026-10) or a quarter (T4 2026, 2026Q4)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kpa_local.domain.dates import Quarter, add_months, check_year
from kpa_local.domain.errors import KpaError
from kpa_local.domain.text import de, fold

MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

PERIOD_FORMS = (
    "écrivez un mois comme « octobre 2026 » ou « 10/2026 », ou un trimestre comme « T4 2026 » ou « 4e trimestre 2026 »."
)
PERIOD_PLACEHOLDER = "octobre 2026 ou T4 2026"
QUARTER_PLACEHOLDER = "T4 2026"

_FOLDED_MONTHS = tuple(fold(name) for name in MONTH_NAMES)
_ORDINAL_WORDS = {"premier": 1, "deuxieme": 2, "second": 2, "troisieme": 3, "quatrieme": 4}
_YEAR = r"(?P<year>\d{4})"
_SEP = r"\s*[-/. ]?\s*"
_MONTH_PATTERNS = (
    re.compile(_YEAR + r"\s*-\s*(?P<month>\d{1,2})"),  # 2026-10, the code
    re.compile(r"(?P<month>\d{1,2})" + _SEP + _YEAR),  # 10/2026, 10 2026
)
_QUARTER_PATTERNS = (
    re.compile(_YEAR + r"\s*[qt]\s*(?P<quarter>[1-4])"),  # 2026Q4, the code
    re.compile(r"[qt]\s*(?P<quarter>[1-4])" + _SEP + _YEAR),  # T4 2026
    re.compile(r"(?P<quarter>[1-4])\s*t" + _SEP + _YEAR),  # 4T 2026
    re.compile(r"(?P<quarter>[1-4])\s*(?:er|re|e|eme|ieme|em)?\s*trimestre\s*(?:de\s+)?" + _YEAR),  # 4e trimestre
    re.compile(r"trimestre\s*(?P<quarter>[1-4])" + _SEP + _YEAR),  # trimestre 4 2026
)
_MONTH_WORD = re.compile(r"(?P<word>[a-z]+)\.?\s*(?:de\s+)?" + _YEAR)  # octobre 2026, oct. 2026
_ORDINAL_QUARTER = re.compile(r"(?P<word>[a-z]+)\s+trimestre\s*(?:de\s+)?" + _YEAR)  # premier trimestre 2026


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
        """A month or a quarter as people write it: `octobre 2026`, `10/2026`, `T4 2026`, `2026-10`, `2026Q4`."""
        period = _read(text)
        if period is None:
            raise KpaError(f"« {text.strip()} » n'est pas une période : {PERIOD_FORMS}")
        return period

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
    return f"du {label}" if "trimestre" in label else de(label)


def _read(text: str) -> Period | None:
    """The period a text names, or None; digits of another script (« ٣ », « １ ») name none, a year beyond the
    calendar's bounds is refused."""
    if any(char.isdigit() and not char.isascii() for char in text):
        return None
    return _parse_words(fold(text), text)


def _parse_words(folded: str, text: str) -> Period | None:
    """The period a folded text names, or None; `text` is what was typed, quoted when its year is refused."""
    for pattern in _MONTH_PATTERNS:
        if match := pattern.fullmatch(folded):
            year, month = _year(match, text), int(match["month"])
            return Period.month(year, month) if 1 <= month <= 12 else None
    for pattern in _QUARTER_PATTERNS:
        if match := pattern.fullmatch(folded):
            return Period.quarter(Quarter(_year(match, text), int(match["quarter"])))
    if (match := _ORDINAL_QUARTER.fullmatch(folded)) and match["word"] in _ORDINAL_WORDS:
        return Period.quarter(Quarter(_year(match, text), _ORDINAL_WORDS[match["word"]]))
    if match := _MONTH_WORD.fullmatch(folded):
        return _month_named(match["word"], _year(match, text))
    return None


def _year(match: re.Match[str], text: str) -> int:
    year = int(match["year"])
    check_year(year, text)
    return year


def _month_named(word: str, year: int) -> Period | None:
    """`octobre`, `oct`, `fevr`: a month's name or its first letters (at least three, naming one month)."""
    if word in _FOLDED_MONTHS:
        return Period.month(year, _FOLDED_MONTHS.index(word) + 1)
    months = [number for number, name in enumerate(_FOLDED_MONTHS, start=1) if name.startswith(word)]
    return Period.month(year, months[0]) if len(word) >= 3 and len(months) == 1 else None


def quarter_label(quarter: Quarter) -> str:
    """How a quarter is said: « 4e trimestre 2026 »."""
    return Period.quarter(quarter).label


def parse_quarter(text: str) -> Quarter:
    """A quarter as people write it (`T4 2026`, `4e trimestre 2026`, `2026Q4`); a month is refused."""
    period = _read(text)
    if period is None or period.is_month:
        raise KpaError(
            f"« {text.strip()} » n'est pas un trimestre : écrivez par exemple « T4 2026 » ou « 4e trimestre 2026 »."
        )
    return Quarter.of(period.start)
