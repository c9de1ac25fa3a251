"""French VAT rates, their EN 16931 categories and how they are written."""

from __future__ import annotations

from decimal import Decimal

from kpa_local.domain.errors import KpaError

# The rates of French VAT in metropolitan France, from the general rate to the super-reduced one.
VAT_RATES: tuple[Decimal, ...] = (Decimal("20"), Decimal("10"), Decimal("5.5"), Decimal("2.1"), Decimal("0"))

STANDARD = "S"  # EN 16931 category: standard or reduced rate
EXEMPT = "E"  # EN 16931 category: exempt from VAT (the legal basis is printed)


class VatRateError(KpaError):
    """A VAT rate that French law does not know."""


def vat_label(rate: Decimal) -> str:
    """`20 %`, `5,5 %`: a rate written the French way."""
    text = format(rate.normalize(), "f").replace(".", ",")
    return f"{text}\u00a0%"


def parse_vat_rate(text: str) -> Decimal:
    """One of the French rates, typed as `20`, `5,5`, `5.5 %` or `2,1`."""
    cleaned = text.replace("%", "").replace("\u00a0", "").strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        value = Decimal(-1)
    for rate in VAT_RATES:
        if value == rate:
            return rate
    choices = ", ".join(vat_label(rate) for rate in VAT_RATES)
    raise VatRateError(f"« {text.strip()} » n'est pas un taux de TVA français : choisissez {choices}.")


def vat_category(rate: Decimal) -> str:
    """The EN 16931 VAT category of a rate: exempt at 0 %, standard otherwise."""
    return EXEMPT if rate == 0 else STANDARD


def rate_key(rate: Decimal) -> str:
    """The rate as stored: `20`, `5.5`, `0`."""
    return format(rate.normalize(), "f")
