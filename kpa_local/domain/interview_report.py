"""An interview as typed on the guided screen and as its report reads: plain values, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kpa_local.domain.interviews import Card, PersonFacts, effects_in

ANONYMOUS_NAME = "Personne anonyme"


@dataclass(frozen=True)
class InterviewDraft:
    """An interview as typed on the guided screen; `notes[i]` are the notes typed under `cards[i]`."""

    held_on: date | None
    led_by: str = "contributeur"
    mode: str = "notes"
    minutes: int | None = None
    place: str = ""
    interviewers: str = ""
    person_id: int | None = None
    person_name: str = ""
    facts: PersonFacts = field(default_factory=lambda: PersonFacts(None, "inconnu", None))
    consent_recording: bool = False
    consent_share: bool = False
    anonymous: bool = False
    time_answer: str = ""
    why_answer: str = ""
    elsewhere_answer: str = ""
    exercise_answer: str = ""
    after_answer: str = ""
    wants_notes: bool = False
    wants_to_lead: bool = False
    lived_said: str = ""
    lived_observed: str = ""
    cards: tuple[Card, ...] = ()
    notes: tuple[str, ...] = ()
    finished: bool = False
    id: int | None = None


@dataclass(frozen=True)
class PassageView:
    """A passage of an interview's notes, with the card it speaks of and its effects."""

    id: int
    typed_under: int
    card: Card
    text: str
    effects: tuple[str, ...]


@dataclass(frozen=True)
class InterviewReport:
    """An interview's report in the kit's structure; `who` never names an anonymous person."""

    draft: InterviewDraft
    who: str
    linked: bool
    public: str
    passages: tuple[PassageView, ...]
    kpa_name: str = ""

    @property
    def id(self) -> int:
        return self.draft.id or 0

    def effects(self) -> tuple[str, ...]:
        """The effects the interview speaks of, each once, in the grid's order."""
        return effects_in(passage.effects for passage in self.passages)

    def notes_by_card(self) -> tuple[tuple[Card, tuple[PassageView, ...]], ...]:
        """The passages grouped by the card they speak of: chosen cards in their order, then the others."""
        order = list(dict.fromkeys([*self.draft.cards, *(passage.card for passage in self.passages)]))
        return tuple(
            (card, found)
            for card in order
            if (found := tuple(passage for passage in self.passages if passage.card == card))
        )
