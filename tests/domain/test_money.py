"""Amounts and quantities typed the French way, and EN 16931 totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpa_local.domain.errors import Refused
from kpa_local.domain.lines import Line, check_lines, compute_totals
from kpa_local.domain.money import AmountError, Money, parse_amount, parse_quantity
from kpa_local.domain.numbering import check_number_format, format_number
from kpa_local.domain.vat import VAT_RATES, VatRateError, parse_vat_rate, vat_label


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1 234,56", 123456),
        ("1\u00a0234,56", 123456),
        ("1\u202f234,56 €", 123456),
        ("12,5", 1250),
        ("1234.56", 123456),
        ("0,05", 5),
        ("-3", -300),
        ("1 000 000", 100000000),
    ],
)
def test_amounts_typed_the_french_way(text: str, cents: int) -> None:
    assert parse_amount(text) == Money(cents)


@pytest.mark.parametrize("text", ["12,345 €", "1.234,56", "12,3,4", "douze", "1 23,00", "", "12 ,5", "1e3"])
def test_doubtful_amounts_are_refused_never_guessed(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


def test_quantities_keep_their_decimals() -> None:
    assert parse_quantity("12,5") == Decimal("12.5")
    assert parse_quantity("1 000") == Decimal(1000)
    with pytest.raises(AmountError):
        parse_quantity("1,2345")


@pytest.mark.parametrize(("text", "rate"), [("20", "20"), ("5,5", "5.5"), ("5.5 %", "5.5"), ("2,1", "2.1"), ("0", "0")])
def test_french_vat_rates(text: str, rate: str) -> None:
    assert parse_vat_rate(text) == Decimal(rate)


def test_an_unknown_vat_rate_is_refused_with_the_list() -> None:
    with pytest.raises(VatRateError, match="5,5"):
        parse_vat_rate("7")
    assert vat_label(Decimal("5.5")) == "5,5\u00a0%"


def test_rounding_is_per_line_then_per_rate() -> None:
    lines = [
        Line("A", Decimal("3"), "piece", Money(333), Decimal(20)),
        Line("B", Decimal("1.5"), "heure", Money(1001), Decimal(20)),
        Line("C", Decimal("1"), "repas", Money(1005), Decimal("5.5")),
    ]
    totals = compute_totals(lines)
    assert [line.net_amount for line in lines] == [Money(999), Money(1502), Money(1005)]
    assert [(group.rate, group.base, group.vat) for group in totals.groups] == [
        (Decimal(20), Money(2501), Money(500)),
        (Decimal("5.5"), Money(1005), Money(55)),
    ]
    assert totals.with_vat == Money(2501 + 500 + 1005 + 55)


def test_a_discount_is_taken_off_the_rounded_line() -> None:
    line = Line("Service", Decimal("3"), "heure", Money(3333), Decimal(20), Decimal(10))
    assert (line.gross_amount, line.discount_amount, line.net_amount) == (Money(9999), Money(1000), Money(8999))


lines_strategy = st.lists(
    st.builds(
        Line,
        designation=st.just("x"),
        quantity=st.decimals(min_value=Decimal("0.001"), max_value=Decimal(1000), places=3),
        unit=st.just("heure"),
        unit_price=st.builds(Money, st.integers(min_value=0, max_value=1_000_000)),
        vat_rate=st.sampled_from(VAT_RATES),
        discount_percent=st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2),
    ),
    min_size=1,
    max_size=30,
)


@given(lines_strategy)
def test_totals_always_add_up_to_the_cent(lines: list[Line]) -> None:
    totals = compute_totals(lines)
    assert totals.lines_net.cents == sum(line.net_amount.cents for line in lines)
    assert sum(group.base.cents for group in totals.groups) == totals.lines_net.cents
    assert totals.with_vat.cents == totals.lines_net.cents + sum(group.vat.cents for group in totals.groups)
    for group in totals.groups:
        exact = Decimal(group.base.cents) * group.rate / 100
        assert abs(Decimal(group.vat.cents) - exact) <= Decimal("0.5")
    assert all(line.net_amount.cents >= 0 for line in lines)


def test_an_empty_document_is_refused() -> None:
    with pytest.raises(Refused, match="aucune ligne"):
        check_lines([])


def test_numbers_follow_the_format_and_its_limits() -> None:
    assert format_number("{prefix}-{year}-{seq:04d}", "FA", 2026, 7) == "FA-2026-0007"
    assert format_number("{prefix}/{seq:06d}", "AV", 2026, 12) == "AV/000012"
    assert check_number_format("{prefix}-{year}", "FA") is not None
    assert check_number_format("{prefix} {seq}", "FA") is not None
    assert check_number_format("{prefix}-{year}-{seq:030d}", "FA") is not None
    assert check_number_format("{prefix}-{year}-{seq:05d}", "FA") is None
