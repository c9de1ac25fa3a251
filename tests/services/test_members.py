from datetime import date

import pytest

from kpa_local.domain.contracts import ContractTerms
from kpa_local.domain.errors import NotFound, Refused
from kpa_local.domain.roles import RoleSpan
from kpa_local.services import members
from kpa_local.services.context import Context
from kpa_local.services.dashboard import dashboard_figures, ending_contracts
from kpa_local.services.views import MemberQuery
from tests.conftest import make_draft


def test_create_and_read_back_a_person(context: Context) -> None:
    partner = members.add_partner(context, "Mission locale de Roubaix", "mission_locale")
    created = members.create_member(context, make_draft(partner_id=partner.id), initial_role="cooperant")
    detail = members.get_member(context, created.id)
    assert detail.full_name == "Hélène DUPONT"
    assert detail.age_band == "40-54"
    assert detail.departement == "59"
    assert detail.mission_locale is True
    assert [(r.role, r.start_date, r.end_date) for r in detail.roles] == [("cooperant", date(2025, 3, 1), None)]
    assert detail.form["entry_date"] == "01/03/2025"


def test_a_refused_person_is_not_saved(context: Context) -> None:
    with pytest.raises(Refused):
        members.create_member(context, make_draft(birth_date=date(2015, 1, 1)))
    assert members.list_members(context, MemberQuery(status="all")).total == 0


def test_an_unknown_partner_is_refused(context: Context) -> None:
    with pytest.raises(Refused) as error:
        members.create_member(context, make_draft(partner_id=99))
    assert error.value.problems[0].field == "partner_id"


def test_exit_closes_open_roles(context: Context) -> None:
    person = members.create_member(context, make_draft())
    updated = members.update_member(
        context, person.id, make_draft(exit_date=date(2026, 6, 30), exit_situation="emploi_cdi")
    )
    assert updated.roles[0].end_date == date(2026, 6, 30)
    assert updated.form["exit_situation"] == "emploi_cdi"


def test_search_ignores_case_and_accents_and_filters_combine(context: Context) -> None:
    members.create_member(context, make_draft())
    members.create_member(context, make_draft(last_name="Diallo", first_name="Mamadou", gender="homme"))
    left = members.create_member(
        context,
        make_draft(last_name="Lefèvre", first_name="Julie", exit_date=date(2026, 1, 31)),
        initial_role="benevole",
    )
    assert [r.last_name for r in members.list_members(context, MemberQuery(search="HELENE")).rows] == ["Dupont"]
    assert [r.last_name for r in members.list_members(context, MemberQuery(search="lefevre", status="all")).rows] == [
        "Lefèvre"
    ]
    assert members.list_members(context, MemberQuery(search="lefevre")).total == 0
    assert [r.id for r in members.list_members(context, MemberQuery(status="left")).rows] == [left.id]
    assert members.list_members(context, MemberQuery(role="cooperant")).total == 2
    assert members.list_members(context, MemberQuery(search="100%_")).total == 0


def test_the_list_comes_in_windows_and_sorts_in_the_database(context: Context) -> None:
    for index in range(25):
        members.create_member(context, make_draft(last_name=f"Nom{index:02d}", entry_date=date(2025, 1, 1 + index)))
    first = members.list_members(context, MemberQuery(limit=10))
    second = members.list_members(context, MemberQuery(limit=10, offset=10))
    assert first.total == 25 and len(first.rows) == 10
    assert [r.last_name for r in first.rows + second.rows] == [f"Nom{i:02d}" for i in range(20)]
    newest = members.list_members(context, MemberQuery(sort="entry", limit=1)).rows[0]
    assert newest.last_name == "Nom24"


def test_contracts_roles_steps_and_consents(context: Context) -> None:
    person = members.create_member(context, make_draft())
    detail = members.add_contract(context, person.id, ContractTerms("cape", date(2025, 12, 15)))
    assert detail.contracts[0].planned_end == date(2026, 12, 14)
    with pytest.raises(Refused):
        members.add_contract(context, person.id, ContractTerms("cape", date(2026, 1, 1), cape_terms=3))
    detail = members.add_role(context, person.id, RoleSpan("ambassadeur", date(2025, 6, 1)))
    assert {r.role for r in detail.roles} == {"cooperant", "ambassadeur"}
    with pytest.raises(Refused):
        members.add_role(context, person.id, RoleSpan("cooperant", date(2025, 6, 1)))
    detail = members.set_step(context, person.id, "explorer", date(2025, 5, 1))
    detail = members.set_step(context, person.id, "explorer", date(2025, 6, 1))
    assert [(s.step, s.start_date) for s in detail.steps] == [("explorer", date(2025, 6, 1))]
    with pytest.raises(Refused):
        members.set_step(context, person.id, "tester", date(2020, 1, 1))
    detail = members.set_consent(context, person.id, "image", date(2025, 3, 1))
    assert detail.consents[0].kind == "image"
    with pytest.raises(NotFound):
        members.get_member(context, 999)


def test_contracts_ending_soon_and_dashboard(context: Context) -> None:
    ending = members.create_member(context, make_draft(last_name="Bientot"))
    members.add_contract(context, ending.id, ContractTerms("cape", date(2025, 12, 15)))
    later = members.create_member(context, make_draft(last_name="Plustard"))
    members.add_contract(context, later.id, ContractTerms("cape", date(2026, 6, 1)))
    members.create_member(
        context,
        make_draft(last_name="Sortie", entry_date=date(2026, 10, 1), exit_date=date(2026, 11, 2)),
        initial_role="benevole",
    )
    soon = ending_contracts(context)
    assert [(c.person_name, c.days_left) for c in soon] == [("Hélène BIENTOT", 18)]
    assert members.list_members(context, MemberQuery(ending_soon=True)).total == 1
    figures = dashboard_figures(context)
    assert figures.people_present == 2
    assert figures.people_by_role == {"cooperant": 2}
    assert (figures.entries_this_quarter, figures.exits_this_quarter) == (1, 1)
    assert figures.quarter_label == "4e trimestre 2026"
