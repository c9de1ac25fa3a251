from datetime import date

from kpa_local.domain.contracts import ContractTerms, check_contract, ends_within


def test_cape_end_is_computed_from_its_terms() -> None:
    assert ContractTerms("cape", date(2025, 3, 1)).planned_end() == date(2026, 2, 28)
    assert ContractTerms("cape", date(2025, 3, 1), cape_terms=2).planned_end() == date(2027, 2, 28)


def test_cape_past_its_cap_is_refused() -> None:
    first = ContractTerms("cape", date(2023, 1, 1), cape_terms=2)
    new = ContractTerms("cape", date(2025, 1, 1), cape_terms=2)
    problems = check_contract(new, [first], cape_cap_months=36)
    assert [p.field for p in problems] == ["cape_terms"]
    assert "il reste 12 mois" in problems[0].message
    assert check_contract(ContractTerms("cape", date(2025, 1, 1)), [first], cape_cap_months=36) == []


def test_two_contracts_of_the_same_kind_cannot_overlap() -> None:
    first = ContractTerms("cesa", date(2025, 1, 1), end=date(2025, 12, 31))
    overlapping = ContractTerms("cesa", date(2025, 6, 1), end=date(2026, 5, 31))
    assert [p.field for p in check_contract(overlapping, [first])] == ["start"]
    after = ContractTerms("cesa", date(2026, 1, 1), end=date(2026, 6, 30))
    assert check_contract(after, [first]) == []
    other_kind = ContractTerms("volontariat", date(2025, 6, 1))
    assert check_contract(other_kind, [first]) == []


def test_an_early_end_frees_the_dates() -> None:
    first = ContractTerms("cape", date(2025, 1, 1), ended_early=date(2025, 4, 30))
    assert check_contract(ContractTerms("cape", date(2025, 5, 1)), [first]) == []


def test_unknown_kind_and_end_before_start_are_refused() -> None:
    assert check_contract(ContractTerms("cdi", date(2025, 1, 1)), [])[0].field == "kind"
    backwards = ContractTerms("volontariat", date(2025, 1, 1), end=date(2024, 1, 1))
    assert [p.field for p in check_contract(backwards, [])] == ["end"]


def test_ends_within_a_window() -> None:
    contract = ContractTerms("cape", date(2025, 12, 15))
    assert ends_within(contract, date(2026, 11, 26), 60)
    assert not ends_within(contract, date(2026, 9, 1), 60)
    assert not ends_within(contract, date(2026, 12, 15), 60)
