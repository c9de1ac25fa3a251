"""The cards' step of a guided interview: the deck on the left, the notes of the card chosen on the right.

The person picks the cards one after the other; Enter on a card adds it at the next place
(or goes back to its notes if it was already chosen). The notes of each card are kept here
until the screen saves them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from kpa_local.domain import interview_guide as guide
from kpa_local.domain.interviews import MAX_CARD_LABEL, Card

ORDINALS = ("1re", "2e", "3e")
MAX_JOKER_WORDS = 60
NOTES_HINT = (
    "Une ligne vide entre deux idées : chaque paragraphe pourra ensuite être rangé sous la carte dont il parle "
    "et relié aux effets."
)


def ordinal(position: int) -> str:
    """`1re`, `2e`, … as a card's place."""
    return ORDINALS[position - 1] if position <= len(ORDINALS) else f"{position}e"


@dataclass
class Chosen:
    """A card the person chose, and the notes typed under it."""

    card: Card
    notes: str


class CardPicker(Horizontal):
    """The deck, the cards chosen in their order, and the notes of the current card."""

    def __init__(self, chosen: list[Chosen]) -> None:
        super().__init__(id="step-cards")
        self.chosen = chosen
        self.current = len(chosen) - 1
        self.deck: tuple[Card, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="deck-column"):
            yield Label("Le jeu : Entrée sur la carte choisie", classes="question")
            yield OptionList(id="deck")
            yield Static(guide.STUCK_HINT, classes="hint")
        with Vertical(id="card-column"):
            yield Static("", id="card-title", classes="card-title")
            yield Static("", id="card-prompts", classes="read-aloud")
            yield TextArea("", id="card-notes", classes="answer")
            yield Static(NOTES_HINT, classes="hint")

    def set_deck(self, deck: tuple[Card, ...]) -> None:
        """The KPA's deck, once read from its settings."""
        self.deck = deck
        self._show_deck()

    def show(self) -> None:
        """Show the current card and put the keyboard where the interviewer needs it."""
        self._show_card()
        (self.query_one("#card-notes", TextArea) if self.chosen else self.query_one("#deck", OptionList)).focus()

    def keep_notes(self) -> None:
        """Keep what is typed in the notes area with the current card."""
        if 0 <= self.current < len(self.chosen):
            self.chosen[self.current].notes = self.query_one("#card-notes", TextArea).text

    def _listed(self) -> list[Card]:
        """The deck, then the chosen cards that are not in it (jokers the person named)."""
        return [*self.deck, *(chosen.card for chosen in self.chosen if chosen.card not in self.deck)]

    def _show_deck(self) -> None:
        deck = self.query_one("#deck", OptionList)
        highlighted = deck.highlighted
        deck.clear_options()
        listed = self._listed()
        for index, card in enumerate(listed):
            place = next(
                (position for position, chosen in enumerate(self.chosen, start=1) if chosen.card == card), None
            )
            mark = f"✓ {ordinal(place)} · " if place else "   "
            deck.add_option(Option(mark + card.label, id=str(index)))
        if listed:
            deck.highlighted = min(highlighted or 0, len(listed) - 1)

    def _show_card(self) -> None:
        area = self.query_one("#card-notes", TextArea)
        if not 0 <= self.current < len(self.chosen):
            self.query_one("#card-title", Static).update("Aucune carte choisie pour l'instant.")
            self.query_one("#card-prompts", Static).update("\n".join(guide.CARDS_INTRO))
            area.load_text("")
            area.disabled = True
            return
        chosen = self.chosen[self.current]
        self.query_one("#card-title", Static).update(f"{ordinal(self.current + 1)} carte : {chosen.card.label}")
        self.query_one("#card-prompts", Static).update("\n".join(guide.CARD_PROMPTS))
        area.disabled = False
        area.load_text(chosen.notes)

    @on(OptionList.OptionSelected, "#deck")
    def card_picked(self, event: OptionList.OptionSelected) -> None:
        card = self._listed()[int(event.option.id or 0)]
        self.keep_notes()
        if self.deck and card == self.deck[-1] and card.is_joker:
            self._name_the_joker(card)
            return
        self._choose(card)

    def _name_the_joker(self, blank: Card) -> None:
        """The blank joker: the person says what it is about, and it becomes a card of its own."""
        from kpa_local.tui.screens.ask import AskScreen

        def named(words: str | None) -> None:
            if words is not None:
                label = f"{blank.label} : {words}" if words else blank.label
                self._choose(Card(blank.code, label[:MAX_CARD_LABEL]))

        question = AskScreen("De quoi la personne veut-elle parler avec ce joker ?",
                             hint="Quelques mots, par exemple « J'ai osé… » (Entrée sans rien : le joker reste blanc).",
                             placeholder="J'ai osé…", max_length=MAX_JOKER_WORDS)  # fmt: skip
        self.app.push_screen(question, named)

    def _choose(self, card: Card) -> None:
        place = next((index for index, chosen in enumerate(self.chosen) if chosen.card == card), None)
        if place is None:
            self.chosen.append(Chosen(card, ""))
            place = len(self.chosen) - 1
        self.current = place
        self._show_deck()
        self._show_card()
        self.query_one("#card-notes", TextArea).focus()

    def other_card(self) -> None:
        """Back to the deck, for the next card."""
        self.keep_notes()
        self.query_one("#card-prompts", Static).update(guide.NEXT_CARD)
        self.query_one("#deck", OptionList).focus()

    def remove_card(self) -> None:
        """Take the current card away (after a question when it has notes)."""
        if not 0 <= self.current < len(self.chosen):
            return
        from kpa_local.tui.screens.confirm import ConfirmScreen

        self.keep_notes()
        chosen = self.chosen[self.current]

        def answered(yes: bool | None) -> None:
            if yes:
                del self.chosen[self.current]
                self.current = len(self.chosen) - 1
                self._show_deck()
                self._show_card()

        if not chosen.notes.strip():
            answered(True)
            return
        self.app.push_screen(ConfirmScreen(f"Retirer la carte « {chosen.card.label} » et ses notes ?",
                                           yes="Retirer", no="Garder"), answered)  # fmt: skip
