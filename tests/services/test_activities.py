import pytest

from kpa_local.domain.errors import Refused
from kpa_local.services.activities import add_activity, list_activities
from kpa_local.services.context import Context
from kpa_local.services.members import create_member
from tests.conftest import make_draft


def test_add_and_list_activities(context: Context) -> None:
    referent = create_member(context, make_draft())
    added = add_activity(context, " Les  Saveurs de Manau ", "traiteur", referent_id=referent.id)
    add_activity(context, "Atelier retouches", "couture")
    assert (added.name, added.referent_name, added.active) == ("Les Saveurs de Manau", "Hélène DUPONT", True)
    assert [a.name for a in list_activities(context)] == ["Atelier retouches", "Les Saveurs de Manau"]


def test_a_bad_activity_is_refused_with_every_problem(context: Context) -> None:
    add_activity(context, "Vélo'Cité", "reparation_velo")
    with pytest.raises(Refused) as error:
        add_activity(context, "vélo'cité", "velo", referent_id=404)
    assert {p.field for p in error.value.problems} == {"name", "category", "referent_id"}
    assert len(list_activities(context)) == 1
