"""The [interviews] section of config/kpa.toml: the wording of the kit's cards and the KPA's own jokers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from kpa_local.domain.interviews import CARDS, Card, deck

MAX_WORDING = 60
MAX_JOKERS = 6


@dataclass(frozen=True)
class InterviewSettings:
    """Each card's wording (the kit's by default), the KPA's own jokers, how many blank jokers to print."""

    appris: str = CARDS["appris"]
    change: str = CARDS["change"]
    partage: str = CARDS["partage"]
    rencontre: str = CARDS["rencontre"]
    ameliore: str = CARDS["ameliore"]
    utile: str = CARDS["utile"]
    ressenti: str = CARDS["ressenti"]
    cree: str = CARDS["cree"]
    teste: str = CARDS["teste"]
    senti: str = CARDS["senti"]
    aime: str = CARDS["aime"]
    pas_aime: str = CARDS["pas_aime"]
    difficile: str = CARDS["difficile"]
    joker: str = CARDS["joker"]
    jokers: str = ""
    blank_jokers: int = 3

    def own_jokers(self) -> tuple[str, ...]:
        """The KPA's own jokers, in the order written (separated by « ; »)."""
        return tuple(item.strip() for item in self.jokers.split(";") if item.strip())

    def deck(self) -> tuple[Card, ...]:
        """The KPA's deck: the kit's cards as worded here, its own jokers, then the blank joker."""
        wordings = {field.name: getattr(self, field.name) for field in fields(self) if field.name in CARDS}
        return deck(wordings, self.own_jokers())


def _check_wording(value: Any) -> str | None:
    if len(value) > MAX_WORDING:
        return f"est trop longue pour une carte : {MAX_WORDING} caractères au plus"
    return None


def _check_jokers(value: Any) -> str | None:
    items = [item.strip() for item in value.split(";") if item.strip()]
    if len(items) > MAX_JOKERS:
        return f"ne peut pas lister plus de {MAX_JOKERS} jokers (séparés par « ; »)"
    if any(len(item) > MAX_WORDING for item in items):
        return f"a un joker trop long pour une carte : {MAX_WORDING} caractères au plus"
    return None


def _check_blank(value: Any) -> str | None:
    return None if 0 <= value <= 12 else "doit être un nombre entre 0 et 12"


INTERVIEW_CHECKS: Mapping[str, Callable[[Any], str | None]] = {
    **dict.fromkeys(CARDS, _check_wording),
    "jokers": _check_jokers,
    "blank_jokers": _check_blank,
}
