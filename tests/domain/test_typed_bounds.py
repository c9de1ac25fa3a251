"""Dates, periods and amounts typed by a person: ASCII digits only, years within FIRST_YEAR..LAST_YEAR."""

from __future__ import annotations

import pytest

from kpa_local.domain.dates import LAST_YEAR, DateError, Quarter, parse_date
from kpa_local.domain.errors import KpaError
from kpa_local.domain.money import MAX_AMOUNT_TEXT, AmountError, parse_amount
from kpa_local.domain.periods import Period


@pytest.mark.parametrize("text", ["31/12/9999", "9999-12-31", "01/01/2101", "01/01/1899"])
def test_a_date_beyond_the_years_of_the_app_is_refused_naming_the_limit(text: str) -> None:
    with pytest.raises(DateError, match=f"« {text} ».*de 1900 à {LAST_YEAR}"):
        parse_date(text)


def test_the_limits_themselves_are_dates() -> None:
    assert parse_date("31/12/2100") is not None and parse_date("01/01/1900") is not None


def test_a_date_in_other_digits_is_not_a_date() -> None:
    with pytest.raises(DateError, match="n'est pas une date"):
        parse_date("٢٦/١١/٢٠٢٦")


@pytest.mark.parametrize("text", ["9999Q4", "2101Q1"])
def test_a_quarter_too_far_is_refused(text: str) -> None:
    with pytest.raises(KpaError, match=f"« {text} ».*{LAST_YEAR}"):
        Quarter.parse(text)


@pytest.mark.parametrize("text", ["9999-12", "9999Q4", "0001-01"])
def test_a_period_too_far_is_refused(text: str) -> None:
    with pytest.raises(KpaError, match=f"« {text} ».*{LAST_YEAR}"):
        Period.parse(text)


@pytest.mark.parametrize("text", ["٣", "１２,５０", "12,٥0"])
def test_an_amount_in_other_digits_is_refused_saying_which_digits(text: str) -> None:
    with pytest.raises(AmountError, match=f"« {text} ».*chiffres du clavier"):
        parse_amount(text)


def test_an_amount_in_keyboard_digits_is_read() -> None:
    assert parse_amount("12,50").cents == 1250


@pytest.mark.parametrize("text", ["99999999999999999999999", "-99999999999999999999999", "10 000 000,01", "9" * 5000])
def test_an_amount_beyond_ten_million_euros_is_refused_naming_the_limit(text: str) -> None:
    with pytest.raises(AmountError, match=f"« {text} » dépasse -?{MAX_AMOUNT_TEXT}"):
        parse_amount(text)


def test_the_largest_amount_is_read() -> None:
    assert parse_amount("10 000 000,00").cents == 1_000_000_000
    assert parse_amount("-10 000 000").cents == -1_000_000_000
