"""The collective savings ledger: append-only, never below zero, the balance the sum of its entries."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpa_local.domain.errors import Refused
from kpa_local.domain.money import Money
from kpa_local.domain.savings import lowest_balance_with
from kpa_local.services.context import Context
from kpa_local.services.savings import record_savings, savings_ledger


def test_grants_purchases_and_the_balance_over_time(context: Context) -> None:
    record_savings(context, "subvention", date(2026, 6, 10), "Fondation du quartier", Money(150_000), "CA du 02/06")
    record_savings(context, "achat", date(2026, 9, 3), "Four professionnel", Money(90_000), "Réunion du 01/09")
    ledger = savings_ledger(context)
    assert ledger.balance.cents == 60_000
    assert [(line.amount.cents, line.balance.cents) for line in ledger.lines] == [(150_000, 150_000), (-90_000, 60_000)]
    monthly = dict(ledger.monthly)
    assert monthly[date(2026, 5, 1)].cents == 0 and monthly[date(2026, 6, 1)].cents == 150_000
    assert monthly[date(2026, 11, 1)].cents == 60_000 and len(monthly) == 12


def test_a_purchase_beyond_the_balance_is_refused_with_the_balance(context: Context) -> None:
    record_savings(context, "subvention", date(2026, 6, 10), "Don", Money(50_000), "CA du 02/06")
    with pytest.raises(Refused) as error:
        record_savings(context, "achat", date(2026, 9, 3), "Camion", Money(50_001), "Réunion")
    assert "500,00" in error.value.message and "sous zéro" in error.value.message
    # Nor can a purchase dated before the money came in.
    with pytest.raises(Refused):
        record_savings(context, "achat", date(2026, 5, 3), "Tables", Money(10_000), "Réunion")
    assert savings_ledger(context).balance.cents == 50_000


def test_bad_entries_are_refused_field_by_field(context: Context) -> None:
    with pytest.raises(Refused) as error:
        record_savings(context, "contribution", date(2026, 12, 1), " ", Money(0), "")
    assert {p.field for p in error.value.problems} == {"kind", "day", "label", "decision_ref", "amount"}
    assert savings_ledger(context).lines == ()


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(-50_000, 50_000).filter(bool)), max_size=30),
)
def test_the_rule_keeps_every_running_balance_at_or_above_zero(operations: list[tuple[int, int]]) -> None:
    entries: list[tuple[date, int]] = []
    for offset, cents in operations:
        day = date.fromordinal(date(2026, 1, 1).toordinal() + offset)
        before, lowest = lowest_balance_with(entries, day, cents)
        assert before == sum(c for d, c in entries if d <= day)
        if cents > 0 or lowest >= 0:
            entries.append((day, cents))
    running = 0
    for _day, cents in sorted(entries, key=lambda entry: entry[0]):
        running += cents
        assert running >= 0
    assert running == sum(cents for _day, cents in entries)
