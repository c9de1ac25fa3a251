"""Counting the cards and effects of interviews, overall and by public, as the evaluation reads them.

A card counts once per interview where it was chosen (« à n'importe quelle place »), and again
among first cards when it was chosen first; jokers count together, as `joker` in the network's
codes. An effect counts once per interview whose passages are coded with it. Percentages are of
the interviews counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kpa_local.domain.interviews import CARDS, EFFECTS, PUBLICS
from kpa_local.domain.network import Count, Section


@dataclass(frozen=True)
class CountedInterview:
    """What the analysis needs of an interview: its public, its cards' codes in order, its effects."""

    public: str
    cards: tuple[str, ...]
    effects: tuple[str, ...]


@dataclass(frozen=True)
class Tally:
    """The counts among a group of interviews (everyone, or one public)."""

    title: str
    interviews: int
    first_cards: Section
    any_cards: Section
    effects: Section


def _section(title: str, labels: dict[str, str], counted: Iterable[str], base: int) -> Section:
    found: dict[str, int] = dict.fromkeys(labels, 0)
    for code in counted:
        found[code] = found.get(code, 0) + 1
    counts = tuple(Count(labels.get(code, code), number, base) for code, number in found.items())
    return Section(title, f"{base} entretien" + ("s" if base > 1 else ""), counts)


def tally(title: str, interviews: Sequence[CountedInterview]) -> Tally:
    """The cards chosen first, the cards chosen at any place, and the effects, among these interviews."""
    base = len(interviews)
    cards = dict(CARDS)
    cards["joker"] = "Joker (toutes les cartes joker)"
    return Tally(
        title,
        base,
        _section("Carte choisie en premier", cards, (i.cards[0] for i in interviews if i.cards), base),
        _section("Carte choisie, à n'importe quelle place", cards, (c for i in interviews for c in set(i.cards)), base),
        _section("Effets relevés", dict(EFFECTS), (e for i in interviews for e in set(i.effects)), base),
    )


def tallies(interviews: Sequence[CountedInterview]) -> tuple[Tally, ...]:
    """Everyone, then each public of the evaluation (women of 40 and more, under 30, others)."""
    groups = [tally("Tous les entretiens", interviews)]
    for code, label in PUBLICS.items():
        groups.append(tally(label, [interview for interview in interviews if interview.public == code]))
    return tuple(groups)
