"""Dates, numbers and amounts written the French way (Babel's fr_FR locale)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "fr_FR"


def date_fr(day: date | None) -> str:
    """`26/11/2026`, or an empty text for no date."""
    return format_date(day, "dd/MM/yyyy", locale=LOCALE) if day else ""


def long_date_fr(day: date) -> str:
    """`jeudi 26 novembre 2026`."""
    return str(format_date(day, "EEEE d MMMM y", locale=LOCALE))


def count_fr(number: int) -> str:
    """`1 234` with the French thousands separator."""
    return str(format_decimal(number, locale=LOCALE))
