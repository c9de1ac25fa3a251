"""Dates, numbers and amounts written the French way (Babel's fr_FR locale)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

LOCALE = "fr_FR"


def date_fr(day: date | None) -> str:
    """`26/11/2026`, or an empty text for no date."""
    return format_date(day, "dd/MM/yyyy", locale=LOCALE) if day else ""


def moment_fr(moment: datetime) -> str:
    """`07/12/2026 14:58`: a day and the time of day, to the minute."""
    return str(format_datetime(moment, "dd/MM/yyyy HH:mm", locale=LOCALE))


def long_date_fr(day: date) -> str:
    """`jeudi 26 novembre 2026`."""
    return str(format_date(day, "EEEE d MMMM y", locale=LOCALE))


def spoken_date_fr(day: date) -> str:
    """`1er janvier 2027`, `26 novembre 2026`: a date as it is said in a sentence."""
    text = str(format_date(day, "d MMMM y", locale=LOCALE))
    return f"1er{text[1:]}" if day.day == 1 else text


def list_fr(words: list[str]) -> str:
    """`genre, tranche d'âge et QPV`: a list as a French sentence says it."""
    return str(format_list(words, locale=LOCALE)) if words else ""


def count_fr(number: int) -> str:
    """`1 234` with the French thousands separator."""
    return str(format_decimal(number, locale=LOCALE))


def money_fr(cents: int) -> str:
    """`1 234,56 €` for an amount in cents (narrow no-break space between thousands)."""
    return str(format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE))


def iban_fr(iban: str) -> str:
    """`FR76 3000 6000 0112 3456 7890 189`: an IBAN in groups of four, as printed on a RIB."""
    compact = "".join(iban.split()).upper()
    return " ".join(compact[index : index + 4] for index in range(0, len(compact), 4))


def siret_fr(siret: str) -> str:
    """`832 145 676 00017`: a SIRET as the INSEE prints it (the SIREN in threes, then the establishment)."""
    compact = "".join(siret.split())
    if len(compact) != 14:
        return siret
    return f"{compact[:3]} {compact[3:6]} {compact[6:9]} {compact[9:]}"


def decimal_fr(value: Decimal) -> str:
    """`12,5`, `1 000`: a quantity or a rate as French people write it, without useless zeros."""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    grouped = format_decimal(int(whole), locale=LOCALE) if abs(int(whole)) >= 1000 else whole
    if whole.startswith("-") and not str(grouped).startswith("-"):
        grouped = f"-{grouped}"
    return f"{grouped},{fraction}" if fraction else str(grouped)
