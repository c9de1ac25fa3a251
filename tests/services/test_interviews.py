"""Interviews: saved as the kit's report, passages moved and coded, consent and anonymity kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kpa_local.domain.accounts import Actor
from kpa_local.domain.errors import Refused
from kpa_local.domain.interviews import PersonFacts
from kpa_local.services.access import AccessDenied
from kpa_local.services.context import Context
from kpa_local.services.interviews import (
    code_passage,
    delete_interview,
    interview_report,
    list_interviews,
    save_interview,
)
from kpa_local.services.members import create_member
from tests.conftest import make_draft
from tests.services.interview_support import APPRIS, RENCONTRE, UTILE, full_draft


def test_the_report_keeps_the_kit_structure(context: Context) -> None:
    interview_id = save_interview(context, full_draft())
    report = interview_report(context, interview_id)
    assert report.who == "Samia" and not report.linked and report.public == "femme_40_plus"
    assert report.draft.cards == (APPRIS, RENCONTRE, UTILE)
    # The notes typed under a card are cut into passages at blank lines.
    assert [(p.typed_under, p.card, p.text) for p in report.passages] == [
        (1, APPRIS, "J'ai appris à cuisiner pour cent personnes."),
        (1, APPRIS, "J'ai rencontré des femmes du quartier."),
        (2, RENCONTRE, "Mes voisines sont devenues des amies."),
        (3, UTILE, "J'ai aidé les nouvelles à trouver leur place."),
    ]
    assert report.draft.notes == full_draft().notes


def test_a_passage_moved_and_coded_survives_an_edit_of_other_notes(context: Context) -> None:
    interview_id = save_interview(context, full_draft())
    met = interview_report(context, interview_id).passages[1]
    code_passage(context, interview_id, met.id, RENCONTRE, ["liens_sociaux", "confiance"])
    report = interview_report(context, interview_id)
    grouped = dict(report.notes_by_card())
    assert [p.text for p in grouped[RENCONTRE]] == [
        "J'ai rencontré des femmes du quartier.",
        "Mes voisines sont devenues des amies.",
    ]
    # Effects are kept in the grid's order, whatever order they were ticked in.
    assert grouped[RENCONTRE][0].effects == ("liens_sociaux", "confiance")
    # The notes of the first card are edited: the moved paragraph is unchanged, it keeps its card and effects.
    notes = ("J'ai appris à cuisiner pour cent personnes, et à compter.\n\nJ'ai rencontré des femmes du quartier.",
             *report.draft.notes[1:])  # fmt: skip
    save_interview(context, replace(report.draft, notes=notes))
    again = interview_report(context, interview_id)
    assert [(p.card, p.effects) for p in again.passages][:2] == [
        (APPRIS, ()),
        (RENCONTRE, ("liens_sociaux", "confiance")),
    ]


def test_an_unknown_effect_is_refused(context: Context) -> None:
    interview_id = save_interview(context, full_draft())
    passage = interview_report(context, interview_id).passages[0]
    with pytest.raises(Refused, match="grille"):
        code_passage(context, interview_id, passage.id, APPRIS, ["bonheur"])
    assert interview_report(context, interview_id).passages[0].effects == ()


def test_a_linked_member_gives_age_gender_and_time_in_the_kpa(context: Context) -> None:
    person = create_member(context, make_draft(birth_date=date(1995, 12, 1), entry_date=date(2025, 3, 1)))
    interview_id = save_interview(
        context, full_draft(person_id=person.id, person_name="", facts=PersonFacts(None, "inconnu", None))
    )
    report = interview_report(context, interview_id)
    assert report.linked and report.who == "Hélène DUPONT"
    assert report.draft.facts == PersonFacts(30, "femme", 19)
    assert report.public == "autre"  # a woman of 30 is neither under 30 nor 40 and more


def test_an_anonymous_interview_keeps_no_name_nor_link(context: Context) -> None:
    person = create_member(context, make_draft(birth_date=date(1970, 1, 5)))
    interview_id = save_interview(context, full_draft(person_id=person.id, anonymous=True))
    report = interview_report(context, interview_id)
    assert report.who == "Personne anonyme" and not report.linked
    assert report.draft.person_id is None and report.draft.person_name == ""
    assert report.draft.facts.age == 56 and report.public == "femme_40_plus"
    listed = list_interviews(context)[0]
    assert listed.who == "Personne anonyme" and "Dupont" not in repr(listed) and "Samia" not in repr(listed)


def test_bad_fields_are_refused_and_nothing_is_saved(context: Context) -> None:
    with pytest.raises(Refused) as refused:
        save_interview(context, full_draft(held_on=date(2026, 12, 1), minutes=0, led_by="x",
                                           facts=PersonFacts(12, "femme", None)))  # fmt: skip
    fields = {problem.field for problem in refused.value.problems}
    assert fields == {"held_on", "minutes", "led_by", "age"}
    with pytest.raises(Refused, match="anonyme"):
        save_interview(context, full_draft(person_name=""))
    assert list_interviews(context) == ()


def test_a_draft_may_be_saved_unfinished_then_finished(context: Context) -> None:
    interview_id = save_interview(context, full_draft(person_name="", finished=False, cards=(), notes=()))
    draft = interview_report(context, interview_id).draft
    assert not draft.finished
    save_interview(context, replace(draft, person_name="Samia", finished=True, cards=(APPRIS,), notes=("Tout.",)))
    assert [(s.finished, s.cards, s.passages) for s in list_interviews(context)] == [(True, ("J'ai appris…",), 1)]


def test_a_cooperant_reads_only_the_interviews_they_led(context: Context) -> None:
    save_interview(context, full_draft())
    context.actor = Actor("Awa", "cooperant", account_id=7)
    assert list_interviews(context) == ()
    own = save_interview(context, full_draft(person_name="Bintou"))
    assert [s.id for s in list_interviews(context)] == [own]
    with pytest.raises(AccessDenied):
        interview_report(context, own - 1)


def test_a_withdrawn_interview_is_deleted_with_its_notes(context: Context) -> None:
    interview_id = save_interview(context, full_draft())
    delete_interview(context, interview_id)
    assert list_interviews(context) == ()
    count = context.database.read("SELECT count(*) FROM interview_passage")
    assert count == [(0,)]


def test_a_person_s_interviews_are_in_their_access_answer_and_forgotten_when_anonymised(context: Context) -> None:
    from kpa_local.services.personal_data import anonymise_person, personal_record

    person = create_member(context, make_draft(first_name="Zoé", last_name="Carpentier", exit_date=date(2026, 11, 2),
                                               exit_situation="emploi_cdi"))  # fmt: skip
    interview_id = save_interview(context, full_draft(person_id=person.id, person_name=""))
    held = personal_record(context, person.id)["entretiens"]
    assert [(item["Entretien n°"], item["Cartes choisies"]) for item in held] == [
        (str(interview_id), "1. J'ai appris… · 2. J'ai rencontré… J'ai créé un lien… · 3. J'ai été utile…")
    ]
    assert "Mes voisines sont devenues des amies." in held[0]["Notes"]
    anonymise_person(context, person.id)
    report = interview_report(context, interview_id)
    assert report.who == "Personne anonyme" and not report.linked and report.draft.anonymous
    assert personal_record(context, person.id)["entretiens"] == []
