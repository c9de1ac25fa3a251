from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpa_local.domain.codes import AGE_BANDS
from kpa_local.domain.profile import age_band, departement, ft_duration_band


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (date(2009, 3, 1), "16-24"),
        (date(2000, 3, 2), "16-24"),
        (date(2000, 3, 1), "25-39"),
        (date(1985, 3, 2), "25-39"),
        (date(1985, 3, 1), "40-54"),
        (date(1970, 3, 2), "40-54"),
        (date(1970, 3, 1), "55+"),
    ],
)
def test_age_band_is_counted_at_entry(birth: date, band: str) -> None:
    assert age_band(birth, date(2025, 3, 1)) == band


def test_age_band_unknown_without_birth_date() -> None:
    assert age_band(None, date(2025, 3, 1)) == "inconnu"


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 1, 1)))
def test_age_band_is_always_a_network_code(birth: date) -> None:
    assert age_band(birth, date(2026, 1, 1)) in AGE_BANDS


@pytest.mark.parametrize(
    ("postal_code", "code"),
    [
        ("59100", "59"),
        ("62300", "62"),
        ("01000", "01"),
        ("20090", "2A"),
        ("20000", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("97400", "974"),
        ("97600", "976"),
        ("97110", "971"),
        ("98800", "988"),
        ("98000", "inconnu"),
        ("5910", "inconnu"),
        ("ABCDE", "inconnu"),
        ("", "inconnu"),
        ("59 100", "59"),
    ],
)
def test_departement_from_postal_code(postal_code: str, code: str) -> None:
    assert departement(postal_code) == code


@pytest.mark.parametrize(
    ("since", "band"),
    [
        (date(2025, 1, 1), "<6m"),
        (date(2024, 9, 1), "6-12m"),
        (date(2023, 3, 1), "13-24m"),
        (date(2021, 3, 1), "2-5y"),
        (date(2020, 1, 1), ">5y"),
    ],
)
def test_france_travail_duration_at_entry(since: date, band: str) -> None:
    assert ft_duration_band("oui", since, date(2025, 3, 1)) == band


def test_france_travail_duration_empty_when_not_registered() -> None:
    assert ft_duration_band("non", None, date(2025, 3, 1)) == ""
    assert ft_duration_band("oui", None, date(2025, 3, 1)) == "inconnu"
