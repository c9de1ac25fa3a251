"""Deposit invoices plus the final invoice make the accepted quote, to the cent, for any lines and rates."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kpa_local.domain.deposits import deduction_lines, deposit_lines
from kpa_local.domain.lines import Line, compute_totals
from kpa_local.domain.money import Money
from kpa_local.domain.vat import VAT_RATES


def _line(net_cents: int, rate: str) -> Line:
    return Line("Repas", Decimal(1), "forfait", Money(net_cents), Decimal(rate))


def test_the_quote_of_the_report_533_15_is_made_exactly() -> None:
    quote = (_line(10_001, "10"), _line(35_262, "20"))
    deposit = deposit_lines("D-2026-0001", quote, Decimal(30))
    final = quote + deduction_lines("Acompte facturé", deposit)
    totals = [compute_totals(lines).with_vat.cents for lines in (quote, deposit, final)]
    assert totals == [53_315, 15_995, 53_315 - 15_995]  # it was 37 321: one cent too many


lines = st.lists(
    st.builds(
        Line,
        designation=st.just("Prestation"),
        quantity=st.decimals(Decimal("0.01"), Decimal(500), places=2),
        unit=st.just("heure"),
        unit_price=st.builds(Money, st.integers(0, 200_000)),
        vat_rate=st.sampled_from(VAT_RATES),
        discount_percent=st.sampled_from([Decimal(0), Decimal(5), Decimal("12.5")]),
    ),
    min_size=1,
    max_size=6,
)
percents = st.lists(st.decimals(Decimal(1), Decimal(60), places=1), min_size=1, max_size=3).filter(
    lambda chosen: sum(chosen) <= 100
)


@settings(max_examples=300, deadline=None)
@given(lines, percents)
def test_deposits_and_final_invoice_add_up_to_the_quote(quote: list[Line], chosen: list[Decimal]) -> None:
    deposits = [deposit_lines("D-2026-0001", quote, percent) for percent in chosen]
    final = list(quote)
    for number, deposit in enumerate(deposits):
        final += deduction_lines(f"Acompte facturé n° {number}", deposit)
    quote_totals = compute_totals(quote)
    parts = [compute_totals(deposit) for deposit in deposits] + [compute_totals(final)]
    assert sum(part.with_vat.cents for part in parts) == quote_totals.with_vat.cents
    for group in quote_totals.groups:  # rate by rate, base and VAT alike
        same_rate = [g for part in parts for g in part.groups if g.rate == group.rate]
        assert sum(g.base.cents for g in same_rate) == group.base.cents
        assert sum(g.vat.cents for g in same_rate) == group.vat.cents
    final_groups = compute_totals(final).groups
    for group in final_groups:  # within the tolerance of BR-CO-17 in Factur-X, a cent per deposit at most
        assert abs(group.vat.cents - round(group.base.cents * group.rate / 100)) <= len(chosen)
