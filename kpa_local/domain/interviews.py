"""The network's evaluation kit: its cards, the grid of effects, the publics, and an interview's checks.

An interview's notes are cut into passages (the paragraphs typed under a card). A passage can
be moved to the card it really speaks of and coded with effects of the grid; the interview's
effects are those of its passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from kpa_local.domain.errors import KpaError, Problem, Refused


def _table(*pairs: tuple[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(pairs))


JOKER = "joker"

# The kit's deck in its order, with the wording printed on each card (codes of spec §5).
CARDS = _table(
    ("appris", "J'ai appris…"),
    ("change", "J'ai changé…"),
    ("partage", "J'ai partagé…"),
    ("rencontre", "J'ai rencontré… J'ai créé un lien…"),
    ("ameliore", "J'ai amélioré…"),
    ("utile", "J'ai été utile…"),
    ("ressenti", "J'ai ressenti…"),
    ("cree", "J'ai créé…"),
    ("teste", "J'ai testé…"),
    ("senti", "Je me suis senti(e)…"),
    ("aime", "J'ai aimé…"),
    ("pas_aime", "Je n'ai pas aimé…"),
    ("difficile", "J'ai trouvé difficile…"),
    (JOKER, "Joker"),
)

# The network's grid of effects (spec §5), with what each one covers in the evaluation report.
EFFECTS = _table(
    ("liens_sociaux", "Liens sociaux"),
    ("vivre_ensemble", "Vivre et travailler ensemble"),
    ("confiance", "Confiance en soi"),
    ("se_projeter", "Se projeter dans l'avenir"),
    ("bien_etre", "Bien-être"),
    ("situation_personnelle", "Situation personnelle"),
    ("competences_metier", "Compétences métier"),
    ("competences_entrepreneuriales", "Compétences entrepreneuriales"),
)
EFFECT_HINTS = _table(
    ("liens_sociaux", "sortir de l'isolement, rencontrer, se faire des amis, un réseau dans le quartier"),
    ("vivre_ensemble", "règles communes, communiquer, travailler en équipe, s'entraider, le collectif"),
    ("confiance", "oser, se sentir capable, valorisé·e, écouté·e, utile"),
    ("se_projeter", "des projets, une idée d'avenir, l'envie de se lancer"),
    ("bien_etre", "se sentir bien, le plaisir, la sérénité"),
    ("situation_personnelle", "un rythme, l'autonomie, la famille, la fierté des proches"),
    ("competences_metier", "cuisine, couture, service, vente, jardinage… un métier appris ou pratiqué"),
    ("competences_entrepreneuriales", "commandes, budget, clients, factures, plannings, l'entreprise"),
)

FEMALE_40_PLUS = "femme_40_plus"
YOUNG_UNDER_30 = "jeune_moins_30"
OTHER_PUBLIC = "autre"
PUBLICS = _table(
    (FEMALE_40_PLUS, "Femmes de 40 ans et plus"),
    (YOUNG_UNDER_30, "Personnes de moins de 30 ans"),
    (OTHER_PUBLIC, "Autres personnes"),
)

PUBLICS_SHORT = _table((FEMALE_40_PLUS, "Femme 40 ans +"), (YOUNG_UNDER_30, "Moins de 30 ans"), (OTHER_PUBLIC, "Autre"))

LED_BY = _table(
    ("contributeur", "Un·e contributeur·rice"),
    ("cooperant", "Un·e coopérant·e"),
    ("binome", "Un·e contributeur·rice et un·e coopérant·e"),
)
MODES = _table(("filme", "Filmé"), ("enregistre", "Enregistré"), ("notes", "Notes seulement"))

MAX_CARDS = 20
MAX_CARD_LABEL = 100
MAX_PASSAGE = 4000
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class InterviewError(KpaError):
    """A wording, a duration or an answer of an interview that cannot be read."""


@dataclass(frozen=True)
class Card:
    """A card of the deck: its network code (`joker` for every joker) and the words printed on it."""

    code: str
    label: str

    @property
    def is_joker(self) -> bool:
        return self.code == JOKER


def deck(wordings: Mapping[str, str], jokers: Sequence[str] = ()) -> tuple[Card, ...]:
    """The KPA's deck: the kit's cards (reworded where the KPA chose to), then its own jokers."""
    cards = [Card(code, wordings.get(code) or label) for code, label in CARDS.items() if code != JOKER]
    cards.extend(Card(JOKER, label) for label in jokers)
    cards.append(Card(JOKER, wordings.get(JOKER) or CARDS[JOKER]))
    return tuple(cards)


def public_of(gender: str, age: int | None) -> str:
    """The public of the evaluation an interviewee belongs to (spec §5)."""
    if age is not None and age < 30:
        return YOUNG_UNDER_30
    if gender == "femme" and age is not None and age >= 40:
        return FEMALE_40_PLUS
    return OTHER_PUBLIC


_DURATION = re.compile(r"^\s*(\d{1,3})\s*(an|ans|année|années|a|mois|m)?\s*$", re.IGNORECASE)


def parse_months(text: str) -> int | None:
    """A time in the KPA typed as `8 mois`, `2 ans` or `18` (months); None when left empty."""
    if not text.strip():
        return None
    found = _DURATION.match(text.replace("\u00a0", " "))
    if found is None:
        raise InterviewError(
            f"« {text.strip()} » ne se lit pas comme une durée : écrivez par exemple « 8 mois » ou « 2 ans »."
        )
    count, unit = int(found.group(1)), (found.group(2) or "mois").lower()
    return count * 12 if unit.startswith("a") else count


def months_text(months: int | None) -> str:
    """`2 ans et 3 mois`, `8 mois`, or `non renseigné`."""
    if months is None:
        return "non renseigné"
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} an" + ("s" if years > 1 else ""))
    if rest or not years:
        parts.append(f"{rest} mois")
    return " et ".join(parts)


def paragraphs(text: str) -> list[str]:
    """The passages of notes typed under a card: the paragraphs between blank lines."""
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n")) if part.strip()]


@dataclass(frozen=True)
class Passage:
    """A paragraph of notes: the card it was typed under, the card it speaks of, and its effects."""

    typed_under: int  # position of the chosen card (1 = first)
    card: Card
    text: str
    effects: tuple[str, ...] = ()


def reconcile(old: Sequence[Passage], position: int, card: Card, text: str) -> list[Passage]:
    """The passages typed under a card after its notes were edited.

    A paragraph left as it was keeps the card it was moved to and its effects; a new or
    changed paragraph starts under the card it was typed under, without effects.
    """
    kept = {passage.text: passage for passage in old if passage.typed_under == position}
    return [kept.get(part) or Passage(position, card, part) for part in paragraphs(text)]


EFFECT_SEPARATOR = ";"


def effects_in(coded: Iterable[Iterable[str]]) -> tuple[str, ...]:
    """The effects of several passages (each a list of codes), each once, in the grid's order."""
    found = {effect for effects in coded for effect in effects}
    return tuple(code for code in EFFECTS if code in found)


def read_effects(text: str) -> tuple[str, ...]:
    """The effect codes of a passage as stored (`liens_sociaux;confiance`)."""
    return tuple(code for code in text.split(EFFECT_SEPARATOR) if code)


def notes_under(passages: Iterable[Passage], position: int) -> str:
    """The notes typed under a chosen card, as they are edited (paragraphs between blank lines)."""
    return "\n\n".join(passage.text for passage in passages if passage.typed_under == position)


def grid_effects(effects: Iterable[str]) -> tuple[str, ...]:
    """The effects ticked for a passage, in the grid's order; a code outside the grid is refused."""
    ticked = set(effects)
    unknown = sorted(ticked - set(EFFECTS))
    if unknown:
        raise Refused([Problem("effects", f"L'effet « {unknown[0]} » n'est pas dans la grille du réseau.")])
    return tuple(code for code in EFFECTS if code in ticked)


@dataclass(frozen=True)
class PersonFacts:
    """What the report says of the person interviewed, without naming them when anonymous."""

    age: int | None
    gender: str
    months_in_kpa: int | None


def check_interview(
    held_on: date | None, today: date, minutes: int | None, facts: PersonFacts, cards: Sequence[Card]
) -> list[Problem]:
    """Problems that forbid saving an interview (a draft may be saved unfinished)."""
    problems = []
    if held_on is None:
        problems.append(Problem("held_on", "Indiquez le jour de l'entretien."))
    elif held_on > today:
        problems.append(Problem("held_on", "L'entretien n'a pas encore eu lieu : notez-le le jour même ou après."))
    if minutes is not None and not 0 < minutes <= 600:
        problems.append(Problem("minutes", "La durée s'écrit en minutes, entre 1 et 600 (par exemple 60)."))
    if facts.age is not None and not 16 <= facts.age <= 110:
        problems.append(Problem("age", "L'âge doit être entre 16 et 110 ans (les KPA accueillent dès 16 ans)."))
    if facts.months_in_kpa is not None and not 0 <= facts.months_in_kpa <= 600:
        problems.append(Problem("months_in_kpa", "Le temps passé dans la KPA doit être entre 0 et 50 ans."))
    if len(cards) > MAX_CARDS:
        problems.append(Problem("cards", f"Un entretien ne peut pas avoir plus de {MAX_CARDS} cartes."))
    if any(len(card.label) > MAX_CARD_LABEL for card in cards):
        problems.append(Problem("cards", f"Les mots d'une carte tiennent en {MAX_CARD_LABEL} caractères au plus."))
    return problems
