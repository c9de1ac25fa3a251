"""Lists in French order: accents, case and ligatures do not send a name to the end of the list."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kpa_local.db.collation import compare_french
from kpa_local.domain.text import french_key
from kpa_local.services import members
from kpa_local.services.activities import add_activity, list_activities
from kpa_local.services.clients import list_clients, save_client
from kpa_local.services.context import Context
from kpa_local.services.views import MemberQuery
from tests.conftest import make_draft


def test_members_are_listed_as_a_french_reader_expects(context: Context) -> None:
    for last_name in ("Zidane", "Émond", "durand", "Œuvray", "Eloi", "Oudin"):
        members.create_member(context, make_draft(last_name=last_name))
    rows = members.list_members(context, MemberQuery(status="all")).rows
    assert [row.last_name for row in rows] == ["durand", "Eloi", "Émond", "Œuvray", "Oudin", "Zidane"]


def test_clients_are_listed_with_accented_names_in_their_place(billing: Context) -> None:
    for name in ("Ville de Roubaix", "Épicerie solidaire", "association des Parents", "Bailleur Lille"):
        save_client(billing, {"kind": "association", "name": name, "address": "1 rue", "city": "Lille"})
    assert [client.name for client in list_clients(billing)] == [
        "association des Parents", "Bailleur Lille", "Épicerie solidaire", "Ville de Roubaix",
    ]  # fmt: skip


def test_activities_are_listed_with_accented_names_in_their_place(context: Context) -> None:
    for name in ("Vélo'Cité", "Écoute et couture", "atelier bois"):
        add_activity(context, name, "autre")
    assert [activity.name for activity in list_activities(context)] == [
        "atelier bois",
        "Écoute et couture",
        "Vélo'Cité",
    ]


@given(st.text(max_size=8), st.text(max_size=8))
def test_the_collation_agrees_with_the_sort_key(left: str, right: str) -> None:
    expected = (french_key(left) > french_key(right)) - (french_key(left) < french_key(right))
    assert compare_french(left, right) == expected == -compare_french(right, left)


def test_the_names_kept_to_sort_are_forgotten_when_the_database_closes(context: Context) -> None:
    from kpa_local.db import collation

    for last_name in ("Zidane", "Émond"):
        members.create_member(context, make_draft(last_name=last_name))
    members.list_members(context, MemberQuery(status="all"))
    assert collation._key.cache_info().currsize > 0
    context.database.dispose()
    assert collation._key.cache_info().currsize == 0
