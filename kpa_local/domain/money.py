"""Exact money in integer cents, and amounts and quantities read the way French people type them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from kpa_local.domain.errors import KpaError

CENT = Decimal("0.01")
# Spaces a French number may be grouped with: ordinary, no-break, narrow no-break, thin.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[ ]\d{3})+(?:[.,]\d+)?$")


# No amount a KPA types comes near ten million euros: more is a slip of the keyboard, and it would
# not fit the database's integers once added up either.
MAX_AMOUNT_CENTS = 1_000_000_000
MAX_AMOUNT_TEXT = "10 000 000,00 €"


class AmountError(KpaError):
    """A typed amount or quantity that is not read without guessing."""


@dataclass(frozen=True, order=True)
class Money:
    """An amount in euros held as a whole number of cents."""

    cents: int

    @classmethod
    def zero(cls) -> Money:
        """No money."""
        return cls(0)

    @classmethod
    def from_decimal(cls, value: Decimal) -> Money:
        """The amount rounded to the cent, half away from zero (EN 16931's rounding)."""
        return cls(int(round_to_cent(value) * 100))

    def to_decimal(self) -> Decimal:
        """The amount as a decimal number of euros, with two decimals."""
        return (Decimal(self.cents) / 100).quantize(CENT)

    def __add__(self, other: Money) -> Money:
        return Money(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        return Money(self.cents - other.cents)

    def __neg__(self) -> Money:
        return Money(-self.cents)

    def __bool__(self) -> bool:
        return self.cents != 0

    def __str__(self) -> str:
        return f"{self.to_decimal()}"


def round_to_cent(value: Decimal) -> Decimal:
    """Round to two decimals, half away from zero: the one rounding rule of every amount."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def total(amounts: list[Money] | tuple[Money, ...]) -> Money:
    """The sum of amounts."""
    return Money(sum(amount.cents for amount in amounts))


def _clean_number(text: str, what: str) -> Decimal:
    cleaned = text.strip().replace("€", "").strip()
    for space in _GROUP_SPACES:
        cleaned = cleaned.replace(space, " ")
    if not cleaned:
        raise AmountError(f"Indiquez {what}.")
    if any(character.isdigit() and not character.isascii() for character in cleaned):
        raise AmountError(
            f"« {text.strip()} » est écrit avec d'autres chiffres que 0 à 9 : retapez-le avec les chiffres "
            "du clavier, par exemple 12,50."
        )
    if " " in cleaned:
        if not _GROUPED.match(cleaned):
            raise AmountError(
                f"« {text.strip()} » n'est pas lisible : les espaces ne servent qu'à séparer les milliers (1 234,56)."
            )
        cleaned = cleaned.replace(" ", "")
    if cleaned.count(",") + cleaned.count(".") > 1 or not _NUMBER.match(cleaned):
        raise AmountError(
            f"« {text.strip()} » n'est pas un nombre : écrivez-le avec des chiffres et une virgule, comme 1 234,56."
        )
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above already refused it
        raise AmountError(f"« {text.strip()} » n'est pas un nombre.") from None


def parse_amount(text: str, what: str = "un montant") -> Money:
    """An amount typed as `1 234,56`, `12,5` or `1234.56`; more than two decimals is refused."""
    value = _clean_number(text, what)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise AmountError(f"« {text.strip()} » a plus de deux chiffres après la virgule : arrondissez-le au centime.")
    if abs(value) * 100 > MAX_AMOUNT_CENTS:
        limit = MAX_AMOUNT_TEXT if value > 0 else f"-{MAX_AMOUNT_TEXT}"
        raise AmountError(
            f"« {text.strip()} » dépasse {limit}, le plus grand montant possible : vérifiez le nombre de chiffres."
        )
    return Money(int(value * 100))


def parse_quantity(text: str, what: str = "une quantité", decimals: int = 3) -> Decimal:
    """A quantity typed as `12,5` or `1 000`; at most `decimals` decimals."""
    value = _clean_number(text, what)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -decimals:
        raise AmountError(f"« {text.strip()} » a trop de chiffres après la virgule (au plus {decimals}).")
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def net_part(paid_cents: int, net_cents: int, total_cents: int) -> int:
    """The part without VAT of a payment, in proportion to its invoice, to the cent (half up)."""
    if not total_cents:
        return paid_cents
    exact = Fraction(paid_cents * net_cents, total_cents)
    return int((exact * 2 + 1) // 2) if exact >= 0 else -int((-exact * 2 + 1) // 2)
