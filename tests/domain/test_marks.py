"""Numbers read back from their series, and the ranges a database lost against its witnesses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kpa_local.domain.marks import Marks, SeriesMark, lost_ranges, marks_from_json, range_text
from kpa_local.domain.numbering import format_number, parse_number

PATTERNS = ("{prefix}-{year}-{seq:04d}", "{prefix}{year}{seq:05d}", "{prefix}-{seq:06d}", "{year}/{prefix}/{seq}")


@given(st.sampled_from(PATTERNS), st.sampled_from(("FA", "AV", "F")), st.integers(2000, 2099), st.integers(1, 99_999))
def test_a_number_is_read_back_as_its_year_and_place(pattern: str, prefix: str, year: int, seq: int) -> None:
    number = format_number(pattern, prefix, year, seq)
    assert parse_number(pattern, prefix, number) == ((year if "{year" in pattern else 0), seq)
    assert parse_number(pattern, "ZZ", number) is None


def test_the_ranges_lost_are_those_a_witness_saw_beyond_the_database() -> None:
    witnessed = {("FA", 2026): SeriesMark(11, "FA-2026-0011"), ("AV", 2026): SeriesMark(2, "AV-2026-0002")}
    number = lambda prefix, year, seq: format_number("{prefix}-{year}-{seq:04d}", prefix, year, seq)  # noqa: E731
    (lost,) = lost_ranges({("FA", 2026): 7, ("AV", 2026): 2}, witnessed, number)
    assert range_text(lost, ("la facture", "les factures")) == "les factures FA-2026-0008 à FA-2026-0011 manquent"
    (one,) = lost_ranges({("FA", 2026): 10}, {("FA", 2026): witnessed[("FA", 2026)]}, number)
    assert range_text(one, ("la facture", "les factures")) == "la facture FA-2026-0011 manque"


def test_marks_survive_their_file_and_a_damaged_one_says_nothing() -> None:
    marks = Marks({("FA", 2026): SeriesMark(11, "FA-2026-0011")})
    assert marks_from_json(marks.to_json()) == marks
    assert marks_from_json({"series": [{"prefix": "FA", "year": "x"}], "journal": "?"}) == Marks({})
    assert marks_from_json("not a mapping") == Marks({})
