"""Evaluation interviews for the demo: a few reports, coded, one anonymous, one not shared, one in progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from kpa_local.db.models import Interview, Person, RoleSpell
from kpa_local.domain.dates import age_on
from kpa_local.domain.interview_report import InterviewDraft
from kpa_local.domain.interviews import (
    CARDS,
    FEMALE_40_PLUS,
    OTHER_PUBLIC,
    YOUNG_UNDER_30,
    Card,
    PersonFacts,
    public_of,
)
from kpa_local.services.context import Context
from kpa_local.services.interviews import code_passage, interview_report, save_interview


@dataclass(frozen=True)
class _Story:
    """One demo interview: its cards, and for each card its paragraphs with their effects."""

    cards: tuple[str, ...]
    notes: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]
    why: str
    elsewhere: str
    anonymous: bool = False
    shared: bool = True
    finished: bool = True
    public: str = OTHER_PUBLIC


MET = Card("rencontre", CARDS["rencontre"])
STORIES = (
    _Story(
        ("appris", "rencontre", "utile"),
        (
            (
                (
                    "J'ai appris à préparer des repas pour soixante personnes, à compter les quantités.",
                    ("competences_metier",),
                ),
                (
                    "Avant je ne sortais pas, maintenant je connais les voisines du bâtiment d'en face.",
                    ("liens_sociaux",),
                ),
            ),
            (("Les autres femmes de l'atelier sont devenues des amies, on s'appelle le soir.", ("liens_sociaux",)),),
            (
                (
                    "Quand une nouvelle arrive, je lui montre comment on fait : je me sens utile.",
                    ("confiance", "vivre_ensemble"),
                ),
            ),
        ),
        "Mes enfants sont grands, je voulais travailler.",
        "Une famille, des gens qui m'écoutent.",
        public=FEMALE_40_PLUS,
    ),
    _Story(
        ("teste", "difficile", "cree"),
        (
            (
                (
                    "J'ai testé la vente au marché, je n'avais jamais parlé à des clients.",
                    ("competences_entrepreneuriales", "confiance"),
                ),
            ),
            (
                (
                    "Les devis, c'était difficile au début, les chiffres me faisaient peur.",
                    ("competences_entrepreneuriales",),
                ),
            ),
            (("On a créé une petite activité de réparation de vélos, j'y pense pour plus tard.", ("se_projeter",)),),
        ),
        "Un ami m'en a parlé, je cherchais quelque chose à faire.",
        "On décide ensemble, personne ne commande.",
        public=YOUNG_UNDER_30,
    ),
    _Story(
        ("senti", "aime"),
        (
            (("Je me suis sentie bien dès le premier jour, je dors mieux depuis.", ("bien_etre",)),),
            (
                ("J'ai aimé avoir un rythme, venir le mardi et le jeudi.", ("situation_personnelle",)),
                ("Mes enfants sont fiers de moi.", ("situation_personnelle", "confiance")),
            ),
        ),
        "Pour ne plus rester seule à la maison.",
        "Du calme et des sourires.",
        anonymous=True,
        public=FEMALE_40_PLUS,
    ),
    _Story(
        ("rencontre", "change"),
        (
            (("J'ai rencontré des gens d'autres KPA à la rencontre du réseau.", ("liens_sociaux",)),),
            (("J'ose parler en réunion maintenant, avant je restais dans mon coin.", ("confiance", "vivre_ensemble")),),
        ),
        "Je voulais apprendre à monter une entreprise.",
        "La confiance qu'on me fait.",
    ),
    _Story(
        ("appris", "ameliore"),
        (
            (("J'ai appris la couture avec une autre coopérante.", ("competences_metier",)),),
            (("J'ai amélioré mon français en parlant avec les clientes.", ("situation_personnelle",)),),
        ),
        "Pour la couture.",
        "On peut essayer sans avoir peur de se tromper.",
        shared=False,
        public=FEMALE_40_PLUS,
    ),
    _Story(
        ("utile",),
        ((("Je prépare les commandes du jeudi.", ()),),),
        "Je ne sais pas encore.",
        "",
        finished=False,
        public=YOUNG_UNDER_30,
    ),
)


def _cooperants(context: Context) -> list[Person]:
    with context.database.unit_of_work() as session:
        people = list(
            session.scalars(
                select(Person)
                .join(RoleSpell, RoleSpell.person_id == Person.id)
                .where(RoleSpell.role == "cooperant", Person.exit_date.is_(None), Person.birth_date.is_not(None))
                .distinct()
                .order_by(Person.id)
            )
        )
        session.expunge_all()
        return people


def fill_interviews(context: Context) -> None:
    """Record the demo's interviews (once), led in the last months before today."""
    with context.database.unit_of_work() as session:
        if session.scalar(select(Interview.id).limit(1)) is not None:
            return
    people = _cooperants(context)
    today = context.today()
    for index, story in enumerate(STORIES):
        held_on = today - timedelta(days=20 + 17 * index)
        person = next((p for p in people if p.birth_date and p.entry_date <= held_on
                       and public_of(p.gender, age_on(p.birth_date, held_on)) == story.public), None)  # fmt: skip
        if person is None:
            continue
        people.remove(person)
        cards = tuple(Card(code, CARDS[code]) for code in story.cards)
        draft = InterviewDraft(
            held_on=held_on,
            led_by=("binome", "contributeur", "cooperant")[index % 3],
            mode=("notes", "enregistre", "filme")[index % 3],
            minutes=45 + 10 * index,
            place="Le local de la KPA" if index % 2 else "Le café associatif du quartier",
            interviewers="Camille Martin" if index % 3 != 2 else "Bruno, coopérant",
            person_id=person.id,
            facts=PersonFacts(None, "inconnu", None),
            consent_recording=story.cards[0] != "senti",
            consent_share=story.shared,
            anonymous=story.anonymous,
            time_answer="Depuis l'an dernier.",
            why_answer=story.why,
            elsewhere_answer=story.elsewhere,
            exercise_answer="C'était bien de raconter." if story.finished else "",
            lived_said="À l'aise, a parlé longtemps de la première carte." if story.finished else "",
            cards=cards,
            notes=tuple("\n\n".join(text for text, _ in paragraphs) for paragraphs in story.notes),
            finished=story.finished,
        )
        interview_id = save_interview(context, draft)
        coded = [effects for paragraphs in story.notes for _, effects in paragraphs]
        for passage, effects in zip(interview_report(context, interview_id).passages, coded, strict=True):
            # Meeting people, said while speaking of what was learnt, is moved to « J'ai rencontré ».
            card = MET if "liens_sociaux" in effects and passage.card.code == "appris" else passage.card
            if effects:
                code_passage(context, interview_id, passage.id, card, effects)
