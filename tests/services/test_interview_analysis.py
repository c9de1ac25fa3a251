"""The analysis and the bundle read only finished interviews the person agreed to share; names never leave."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

from kpa_local.domain.dates import Quarter
from kpa_local.domain.interviews import PersonFacts
from kpa_local.exchange.bundle_check import check_bundle
from kpa_local.exchange.bundle_format import pseudonym
from kpa_local.services.context import Context
from kpa_local.services.interview_analysis import interview_analysis
from kpa_local.services.members import create_member
from kpa_local.services.network_export import prepare_bundle, write_bundle
from kpa_local.services.network_rows import secret_of
from kpa_local.services.workspaces import PSEUDONYM_SECRET
from tests.conftest import make_draft
from tests.services.interview_support import APPRIS, RENCONTRE, UTILE, coded_interview


def _three(context: Context) -> dict[str, int]:
    """A shared interview, one not shared, one unfinished — all in the third quarter of 2026."""
    return {
        "shared": coded_interview(context, {0: ("competences_metier",), 2: ("liens_sociaux", "confiance")}),
        "private": coded_interview(
            context, {0: ("bien_etre",)}, person_name="Nadia", consent_share=False, held_on=date(2026, 8, 3)
        ),
        "unfinished": coded_interview(
            context, {0: ("se_projeter",)}, person_name="Rose", finished=False, held_on=date(2026, 9, 1)
        ),
    }


def test_only_finished_shared_interviews_are_counted_and_read(context: Context) -> None:
    _three(context)
    young = coded_interview(context, {1: ("competences_entrepreneuriales",)}, person_name="Léo",
                            facts=PersonFacts(22, "homme", 4), cards=(UTILE, APPRIS),
                            notes=("J'aide au marché.", "J'ai appris les devis."))  # fmt: skip
    analysis = interview_analysis(context)
    assert (analysis.counted, analysis.not_shared, analysis.unfinished) == (2, 1, 1)
    everyone, women, under_30, others = analysis.tallies
    assert (everyone.interviews, women.interviews, under_30.interviews, others.interviews) == (2, 1, 1, 0)
    first = {count.label: count.count for count in everyone.first_cards.counts if count.count}
    assert first == {"J'ai appris…": 1, "J'ai été utile…": 1}
    effects = {count.label: count.count for count in everyone.effects.counts if count.count}
    assert effects == {"Compétences métier": 1, "Liens sociaux": 1, "Confiance en soi": 1,
                       "Compétences entrepreneuriales": 1}  # fmt: skip
    assert [p.text for p in analysis.passages["liens_sociaux"]] == ["Mes voisines sont devenues des amies."]
    assert analysis.passages["bien_etre"] == () and analysis.passages["se_projeter"] == ()
    assert [(p.interview_id, p.public, p.card) for p in analysis.passages["competences_entrepreneuriales"]] == [
        (young, "jeune_moins_30", "J'ai appris…")
    ]
    assert "Samia" not in repr(analysis) and "Léo" not in repr(analysis)  # the analysis never names anyone


def test_the_bundle_holds_consented_interviews_only_with_a_pseudonym(context: Context) -> None:
    ids = _three(context)
    person = create_member(context, make_draft(first_name="Zoé", last_name="Carpentier"))
    anonymous = coded_interview(context, {0: ("confiance",)}, person_id=person.id, anonymous=True,
                                person_name="", cards=(RENCONTRE,), notes=("Des amies.",))  # fmt: skip
    bundle = prepare_bundle(context, Quarter.parse("2026Q4"))
    assert "interviews.csv" in bundle.files  # the demo dates: 14/10/2026 is in the fourth quarter
    rows = list(csv.DictReader(io.StringIO(bundle.files["interviews.csv"].decode("utf-8"))))
    with context.database.unit_of_work() as session:
        secret = secret_of(session, PSEUDONYM_SECRET)
    expected = {pseudonym(secret, f"entretien-{ids['shared']}"), pseudonym(secret, f"entretien-{anonymous}")}
    assert {row["iid"] for row in rows} == expected
    assert pseudonym(secret, ids["shared"]) not in {row["iid"] for row in rows}  # never a person's pid
    shared = next(row for row in rows if row["iid"] == pseudonym(secret, f"entretien-{ids['shared']}"))
    effects = "liens_sociaux;confiance;competences_metier"
    assert shared == {"iid": shared["iid"], "month": "2026-10", "public": "femme_40_plus",
                      "cards": "appris;rencontre;utile", "effects": effects}  # fmt: skip
    path = write_bundle(context, bundle)
    assert check_bundle(path).valid
    raw = zipfile.ZipFile(path).read("interviews.csv").decode("utf-8").lower()
    for name in ("samia", "zoé", "zoe", "carpentier", "nadia", "rose", "voisines"):
        assert name not in raw


def test_an_interview_not_shared_never_reaches_the_bundle(context: Context) -> None:
    coded_interview(context, {0: ("bien_etre",)}, consent_share=False)
    bundle = prepare_bundle(context, Quarter.parse("2026Q4"))
    assert "interviews.csv" not in bundle.files
