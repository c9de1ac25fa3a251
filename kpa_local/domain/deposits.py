"""Deposit invoices of a quote and their deduction from the final invoice, so that together they make the quote.

A deposit asks a percentage of the quote's total without VAT for each VAT rate (one line per
rate); the final invoice repeats the quote's lines and takes off each issued deposit, one
deduction line per deposit and rate, carrying the VAT that deposit charged (see lines.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kpa_local.domain.lines import Line, compute_totals, round_percent_of
from kpa_local.domain.money import total


def _rate_text(rate: Decimal) -> str:
    return format(rate.normalize(), "f").replace(".", ",")


def deposit_lines(quote_number: str, lines: Sequence[Line], percent: Decimal) -> tuple[Line, ...]:
    """One deposit line per VAT rate of the quote: the percentage of that rate's net total."""
    groups = compute_totals(tuple(lines)).groups
    several = len(groups) > 1
    return tuple(
        Line(
            designation=f"Acompte de {_rate_text(percent)} % sur le devis n° {quote_number}"
            + (f" (part à {_rate_text(group.rate)} % de TVA)" if several else ""),
            quantity=Decimal(1),
            unit="forfait",
            unit_price=round_percent_of(group.base, percent),
            vat_rate=group.rate,
        )
        for group in groups
    )


def deduction_lines(designation: str, deposit: Sequence[Line]) -> tuple[Line, ...]:
    """What a final invoice takes off for one issued deposit invoice: one line per VAT rate of the deposit."""
    rates = sorted({line.vat_rate for line in deposit}, reverse=True)
    return tuple(
        Line(
            designation=designation,
            quantity=Decimal(-1),
            unit="forfait",
            unit_price=total([line.net_amount for line in deposit if line.vat_rate == rate]),
            vat_rate=rate,
            is_deduction=True,
        )
        for rate in rates
    )
