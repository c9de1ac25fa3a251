from datetime import date

import pytest

from kpa_local.domain.errors import Refused
from kpa_local.domain.members import check_member, normalise_exit, read_member_form
from tests.conftest import TODAY, make_draft


def _fields(error: pytest.ExceptionInfo[Refused]) -> set[str | None]:
    return {p.field for p in error.value.problems}


def test_a_valid_form_is_read_into_typed_values() -> None:
    draft = read_member_form(
        {
            "last_name": " Dupont ",
            "first_name": "Hélène",
            "entry_date": "01/03/2025",
            "birth_date": "12/05/1980",
            "qpv": "oui",
            "ft_registered_during": "oui",
            "partner_id": "3",
        },
        today=TODAY,
    )
    assert draft.last_name == "Dupont"
    assert draft.entry_date == date(2025, 3, 1)
    assert draft.qpv == "oui"
    assert draft.gender == "inconnu"
    assert draft.ft_registered_during is True
    assert draft.partner_id == 3


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(Refused) as error:
        read_member_form({"birth_date": "32/01/1990", "entry_date": ""}, today=TODAY)
    assert _fields(error) == {"birth_date", "entry_date", "last_name", "first_name"}


def test_under_sixteen_at_entry_is_refused() -> None:
    with pytest.raises(Refused) as error:
        check_member(make_draft(birth_date=date(2010, 1, 1)), today=TODAY)
    assert _fields(error) == {"birth_date"}
    assert "moins de 16 ans" in error.value.message


def test_exit_before_entry_is_refused() -> None:
    with pytest.raises(Refused) as error:
        check_member(make_draft(exit_date=date(2024, 1, 1), exit_situation="emploi_cdi"), today=TODAY)
    assert _fields(error) == {"exit_date"}


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(Refused) as error:
        check_member(make_draft(gender="f", education="licence", exit_situation="cdi"), today=TODAY)
    assert _fields(error) == {"gender", "education", "exit_situation", "exit_date"}


def test_france_travail_date_needs_registration_and_comes_before_entry() -> None:
    with pytest.raises(Refused):
        check_member(make_draft(ft_registered_since=date(2024, 1, 1)), today=TODAY)
    with pytest.raises(Refused):
        check_member(make_draft(ft_registered_at_entry="oui", ft_registered_since=date(2025, 6, 1)), today=TODAY)
    check_member(make_draft(ft_registered_at_entry="oui", ft_registered_since=date(2024, 1, 1)), today=TODAY)


def test_contact_details_are_checked() -> None:
    with pytest.raises(Refused) as error:
        check_member(make_draft(email="helene@", phone="abc", postal_code="591"), today=TODAY)
    assert _fields(error) == {"email", "phone", "postal_code"}


def test_an_exit_without_situation_is_recorded_as_unknown() -> None:
    assert normalise_exit(make_draft(exit_date=date(2026, 1, 1))).exit_situation == "inconnu"
    assert normalise_exit(make_draft()).exit_situation == ""
