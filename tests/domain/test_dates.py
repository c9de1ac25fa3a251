from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpa_local.domain.dates import DateError, Quarter, add_months, age_on, months_between, parse_date

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26/11/2026", date(2026, 11, 26)),
        (" 1/2/2025 ", date(2025, 2, 1)),
        ("26-11-2026", date(2026, 11, 26)),
        ("26.11.2026", date(2026, 11, 26)),
        ("2026-11-26", date(2026, 11, 26)),
        ("05/03/98", date(1998, 3, 5)),
        ("05/03/30", date(2030, 3, 5)),
        ("", None),
    ],
)
def test_reads_dates_as_french_people_type_them(text: str, expected: date | None) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "hier", "2026/13/01", "12/2026"])
def test_refuses_what_is_not_a_date_with_a_french_sentence(text: str) -> None:
    with pytest.raises(DateError) as error:
        parse_date(text, today=TODAY)
    assert "JJ/MM/AAAA" in error.value.message or "calendrier" in error.value.message


def test_add_months_stays_inside_short_months() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)), st.integers(0, 600))
def test_months_between_undoes_add_months(start: date, months: int) -> None:
    assert months_between(start, add_months(start, months)) >= months - 1
    assert months_between(start, add_months(start, months)) <= months


def test_age_counts_whole_years() -> None:
    assert age_on(date(2000, 11, 27), TODAY) == 25
    assert age_on(date(2000, 11, 26), TODAY) == 26


def test_quarters() -> None:
    quarter = Quarter.parse("2026q3")
    assert (quarter.start, quarter.end, quarter.label) == (date(2026, 7, 1), date(2026, 9, 30), "2026Q3")
    assert Quarter.of(TODAY).label == "2026Q4"
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
