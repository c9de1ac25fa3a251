"""k-anonymity by local suppression: a worked case, and properties for random populations."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from kpa_local.domain.kanonymity import SUPPRESSED, is_k_anonymous, suppress

QUASI = ("gender", "age_band", "departement", "qpv")
SENSITIVE = ("rqth", "international_protection")


def person(gender: str, age: str, dep: str, qpv: str, rqth: str = "non", protection: str = "non") -> dict[str, str]:
    return {"gender": gender, "age_band": age, "departement": dep, "qpv": qpv, "rqth": rqth,
            "international_protection": protection}  # fmt: skip


def test_rare_people_gather_by_losing_the_same_value() -> None:
    common = [person("femme", "25-39", "59", "oui")] * 3
    rare = [person("homme", "25-39", dep, "oui") for dep in ("59", "62", "2A")]
    result = suppress(common + rare, QUASI, 3, SENSITIVE)
    assert result.rows[:3] == tuple(common)
    assert [row["departement"] for row in result.rows[3:]] == [SUPPRESSED] * 3
    assert result.suppressed_cells == 3 and result.fully_suppressed_rows == 0
    assert is_k_anonymous(result.rows, QUASI, 3)


def test_a_person_alone_of_their_kind_is_fully_suppressed() -> None:
    """`*` is a value of its own: a lone row can only join the exempt all-`*` group."""
    rows = [person("femme", "25-39", "59", "oui")] * 3 + [person("femme", "25-39", "62", "oui")]
    result = suppress(rows, QUASI, 3, SENSITIVE)
    assert result.suppressed_cells == 4 and result.fully_suppressed_rows == 1
    assert result.rows[:3] == tuple(rows[:3])


def test_sensitive_yes_shared_by_a_whole_group_is_hidden() -> None:
    rows = [person("homme", "40-54", "59", "non", rqth="oui")] * 3 + [person("femme", "16-24", "59", "oui")] * 3
    result = suppress(rows, QUASI, 3, SENSITIVE)
    assert [row["rqth"] for row in result.rows] == [SUPPRESSED] * 3 + ["non"] * 3
    assert result.suppressed_cells == 3


values = st.fixed_dictionaries({
    "gender": st.sampled_from(["femme", "homme", "autre", "inconnu"]),
    "age_band": st.sampled_from(["16-24", "25-39", "40-54", "55+", "inconnu"]),
    "departement": st.sampled_from(["59", "62", "2A", "974", "inconnu"]),
    "qpv": st.sampled_from(["oui", "non", "inconnu"]),
    "rqth": st.sampled_from(["oui", "non", "inconnu"]),
    "international_protection": st.sampled_from(["oui", "non"]),
})  # fmt: skip


@settings(max_examples=150)
@given(st.lists(values, max_size=80), st.integers(2, 5))
def test_any_population_comes_out_k_anonymous_with_only_stars_added(rows: list[dict[str, str]], k: int) -> None:
    result = suppress(rows, QUASI, k, SENSITIVE)
    assert is_k_anonymous(result.rows, QUASI, k)
    changed = 0
    for before, after in zip(rows, result.rows, strict=True):
        for column, value in after.items():
            if value != before[column]:
                assert value == SUPPRESSED
                changed += 1
    assert changed == result.suppressed_cells
    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for row in result.rows:
        groups.setdefault(tuple(row[c] for c in QUASI), []).append(row)
    for members in groups.values():
        for column in SENSITIVE:
            assert not all(row[column] == "oui" for row in members)
    assert result.fully_suppressed_rows == sum(1 for row in result.rows if all(row[c] == SUPPRESSED for c in QUASI))


@given(st.lists(values, min_size=1, max_size=15), st.integers(2, 5))
def test_no_cell_is_suppressed_when_the_population_is_already_k_anonymous(
    distinct: list[dict[str, str]], k: int
) -> None:
    rows = [row | {"rqth": "non"} for row in distinct for _ in range(k)]
    assert is_k_anonymous(rows, QUASI, k)
    result = suppress(rows, QUASI, k, ("rqth",))
    assert result.suppressed_cells == 0 and list(result.rows) == rows
    assert Counter(tuple(r.values()) for r in result.rows) == Counter(tuple(r.values()) for r in rows)


MONTHS = ("entry_month", "exit_month")
with_months = values.flatmap(
    lambda row: st.fixed_dictionaries(
        {
            "entry_month": st.sampled_from(["2026-01", "2026-02", "2026-03"]),
            "exit_month": st.sampled_from(["", "2026-09"]),
        }
    ).map(lambda months: row | months)
)


@settings(max_examples=150)
@given(st.lists(with_months, max_size=80), st.integers(2, 5))
def test_no_sensitive_value_is_left_where_the_months_single_out_fewer_than_k(
    rows: list[dict[str, str]], k: int
) -> None:
    result = suppress(rows, QUASI, k, SENSITIVE, MONTHS)
    assert is_k_anonymous(result.rows, QUASI, k)
    sizes = Counter(tuple(row[c] for c in (*QUASI, *MONTHS)) for row in result.rows)
    for row in result.rows:
        if sizes[tuple(row[c] for c in (*QUASI, *MONTHS))] < k:
            assert all(row[column] == SUPPRESSED for column in SENSITIVE), row
    changed = sum(after[c] != before[c] for before, after in zip(rows, result.rows, strict=True) for c in after)
    assert changed == result.suppressed_cells
    without = suppress(rows, QUASI, k, SENSITIVE)
    assert result.hidden_by_months == result.suppressed_cells - without.suppressed_cells
    assert all(row[c] == SUPPRESSED or row[c] == other[c] for row, other in zip(result.rows, without.rows, strict=True)
               for c in row)  # fmt: skip
