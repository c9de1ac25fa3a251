"""Durations as people type them, and periods of a sharing-out."""

from __future__ import annotations

from datetime import date

import pytest

from kpa_local.domain.errors import KpaError
from kpa_local.domain.periods import Period
from kpa_local.domain.work import DurationError, hours_decimal, hours_text, parse_duration


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("3", 180),
        ("2,5", 150),
        ("2.5 h", 150),
        ("2h30", 150),
        ("2 h 30", 150),
        ("1:45", 105),
        ("0h15", 15),
        ("24", 1440),
    ],
)
def test_durations_as_people_type_them(typed: str, minutes: int) -> None:
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize("typed", ["", "0", "25", "2h75", "trois", "-1", "24h01"])
def test_impossible_durations_are_refused_with_a_sentence(typed: str) -> None:
    with pytest.raises(DurationError) as error:
        parse_duration(typed)
    assert error.value.message.endswith(".")


def test_hours_written_for_people_and_for_the_bundle() -> None:
    assert (hours_text(150), hours_text(180), hours_text(45)) == ("2 h 30", "3 h", "0 h 45")
    assert str(hours_decimal(100)) == "1.67"


def test_periods() -> None:
    october = Period.parse("2026-10")
    assert (october.start, october.end, october.code, october.label) == (
        date(2026, 10, 1), date(2026, 10, 31), "2026-10", "octobre 2026")  # fmt: skip
    quarter = Period.parse("2026T4")
    assert (quarter.start, quarter.end, quarter.code, quarter.label) == (
        date(2026, 10, 1), date(2026, 12, 31), "2026Q4", "4e trimestre 2026")  # fmt: skip
    assert [m.code for m in quarter.months()] == ["2026-10", "2026-11", "2026-12"]
    assert quarter.overlaps(october) and not Period.parse("2026Q3").overlaps(october)
    assert Period.parse("2026q1").label == "1er trimestre 2026"
    with pytest.raises(KpaError):
        Period.parse("octobre")
