"""Periods typed as people say them, and refused with the forms that work."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpa_local.domain.dates import FIRST_YEAR, LAST_YEAR, Quarter
from kpa_local.domain.errors import KpaError
from kpa_local.domain.periods import Period, parse_quarter

OCTOBER = Period.month(2026, 10)
FOURTH = Period.quarter(Quarter(2026, 4))


@pytest.mark.parametrize(
    "typed",
    ["octobre 2026", "Octobre 2026", "OCTOBRE 2026", "oct. 2026", "oct 2026", "10/2026", "10 2026", "2026-10"],
)
def test_a_month_is_read_in_words_and_numbers(typed: str) -> None:
    assert Period.parse(typed) == OCTOBER


@pytest.mark.parametrize(
    "typed",
    ["T4 2026", "t4 2026", "4T 2026", "4e trimestre 2026", "4ème trimestre 2026", "4eme trimestre 2026",
     "trimestre 4 2026", "quatrième trimestre 2026", "2026Q4", "2026T4"],
)  # fmt: skip
def test_a_quarter_is_read_in_words_and_codes(typed: str) -> None:
    assert Period.parse(typed) == FOURTH


@pytest.mark.parametrize(("typed", "month"), [("fevrier 2026", 2), ("févr. 2026", 2), ("aout 2026", 8),
                                              ("Août 2026", 8), ("déc. 2026", 12), ("juil. 2026", 7)])  # fmt: skip
def test_accents_are_optional_in_month_names(typed: str, month: int) -> None:
    assert Period.parse(typed) == Period.month(2026, month)


@pytest.mark.parametrize("typed", ["jui 2026", "ma 2026", "13/2026", "2026Q5", "T5 2026", "octobre", "hier"])
def test_a_refusal_shows_the_forms_that_work(typed: str) -> None:
    with pytest.raises(KpaError) as refused:
        Period.parse(typed)
    assert f"« {typed} » n'est pas une période" in str(refused.value)
    assert "« octobre 2026 »" in str(refused.value)
    assert "« T4 2026 »" in str(refused.value)


def test_a_quarter_input_refuses_a_month() -> None:
    assert parse_quarter("4e trimestre 2026") == Quarter(2026, 4)
    with pytest.raises(KpaError, match="n'est pas un trimestre"):
        parse_quarter("octobre 2026")


months = st.builds(Period.month, st.integers(FIRST_YEAR, LAST_YEAR), st.integers(1, 12))
quarters = st.builds(lambda year, number: Period.quarter(Quarter(year, number)),
                     st.integers(FIRST_YEAR, LAST_YEAR), st.integers(1, 4))  # fmt: skip


@given(months | quarters)
def test_a_period_is_read_back_from_its_words_and_its_code(period: Period) -> None:
    assert Period.parse(period.label) == Period.parse(period.code) == period
    assert Period.parse(period.label.upper()) == period
