"""The [interviews] section of config/kpa.toml: the wording of the kit's cards and the KPA's own jokers."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar

from kpa_local.config.keys import setting
from kpa_local.config.kinds import Text, Whole, Words
from kpa_local.domain.interviews import CARDS, Card, deck

MAX_WORDING = 60
MAX_JOKERS = 6


def _card(code: str) -> Any:
    return setting(CARDS[code], Text(longest=MAX_WORDING), f"Carte « {CARDS[code]} »")


@dataclass(frozen=True)
class InterviewSettings:
    """Each card's wording (the kit's by default), the KPA's own jokers, how many blank jokers to print."""

    TITLE: ClassVar[str] = "Les cartes des entretiens"

    appris: str = _card("appris")
    change: str = _card("change")
    partage: str = _card("partage")
    rencontre: str = _card("rencontre")
    ameliore: str = _card("ameliore")
    utile: str = _card("utile")
    ressenti: str = _card("ressenti")
    cree: str = _card("cree")
    teste: str = _card("teste")
    senti: str = _card("senti")
    aime: str = _card("aime")
    pas_aime: str = _card("pas_aime")
    difficile: str = _card("difficile")
    joker: str = _card("joker")
    jokers: tuple[str, ...] = setting(
        (),
        Words(what="jokers", separator=";", at_least_one=False, most=MAX_JOKERS, longest=MAX_WORDING),
        "Les jokers de la KPA",
    )
    blank_jokers: int = setting(3, Whole(0, 12), "Jokers vierges à imprimer")

    def deck(self) -> tuple[Card, ...]:
        """The KPA's deck: the kit's cards as worded here, its own jokers, then the blank joker."""
        wordings = {field.name: getattr(self, field.name) for field in fields(self) if field.name in CARDS}
        return deck(wordings, self.jokers)
