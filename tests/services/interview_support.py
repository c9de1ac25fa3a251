"""Interviews for the tests: a complete one, typed as the guided screen sends it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from kpa_local.domain.interview_report import InterviewDraft
from kpa_local.domain.interviews import Card, PersonFacts
from kpa_local.services.context import Context
from kpa_local.services.interviews import code_passage, interview_report, save_interview

APPRIS = Card("appris", "J'ai appris…")
RENCONTRE = Card("rencontre", "J'ai rencontré… J'ai créé un lien…")
UTILE = Card("utile", "J'ai été utile…")
JOKER = Card("joker", "Joker")


def full_draft(**changes: Any) -> InterviewDraft:
    """A finished interview of a woman of 45, three cards, shared with the project team."""
    values: dict[str, Any] = {
        "held_on": date(2026, 10, 14),
        "led_by": "binome",
        "mode": "enregistre",
        "minutes": 65,
        "place": "Le local de la KPA, autour d'un café",
        "interviewers": "Camille et Bruno",
        "person_name": "Samia",
        "facts": PersonFacts(45, "femme", 18),
        "consent_recording": True,
        "consent_share": True,
        "time_answer": "Un an et demi.",
        "why_answer": "Pour sortir de chez moi et travailler.",
        "elsewhere_answer": "Une famille.",
        "exercise_answer": "C'était bien, un peu intimidant au début.",
        "lived_said": "Elle a dit qu'elle était fière.",
        "lived_observed": "Détendue après la première carte.",
        "cards": (APPRIS, RENCONTRE, UTILE),
        "notes": (
            "J'ai appris à cuisiner pour cent personnes.\n\nJ'ai rencontré des femmes du quartier.",
            "Mes voisines sont devenues des amies.",
            "J'ai aidé les nouvelles à trouver leur place.",
        ),
        "finished": True,
    }
    values.update(changes)
    return InterviewDraft(**values)


def coded_interview(context: Context, effects: dict[int, tuple[str, ...]], **changes: Any) -> int:
    """Save `full_draft(**changes)` and code its passages (by order) with effects."""
    interview_id = save_interview(context, full_draft(**changes))
    report = interview_report(context, interview_id)
    for index, passage in enumerate(report.passages):
        if index in effects:
            code_passage(context, interview_id, passage.id, passage.card, effects[index])
    return interview_id


def edited(draft: InterviewDraft, **changes: Any) -> InterviewDraft:
    """The same draft with some fields changed."""
    return replace(draft, **changes)
