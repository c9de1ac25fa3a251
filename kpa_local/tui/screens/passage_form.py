"""A passage of an interview's notes: move it to the card it speaks of, tick the effects it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, SelectionList, Static

from kpa_local.domain.interviews import EFFECT_HINTS, EFFECTS, Card
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from kpa_local.domain.interview_report import PassageView
    from kpa_local.services import interviews
else:
    interviews = deferred("kpa_local.services.interviews")


class PassageScreen(GuardedForm, ModalScreen[bool]):
    """The passage's text, the card it belongs under, and the grid of effects; True once saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Enregistrer", id="passage.save", priority=True),
        Binding("escape", "leave_form", "Annuler", id="passage.cancel"),
    ]

    def __init__(self, interview_id: int, passage: PassageView, cards: tuple[Card, ...]) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.passage = passage
        self.cards = tuple(dict.fromkeys((passage.card, *cards)))

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide-dialog"):
            yield Static("Ranger et coder un passage", classes="dialog-title")
            yield Static(f"« {self.passage.text} »", classes="read-aloud")
            yield Label("La carte dont il parle vraiment", classes="field-label")
            yield Select([(card.label, str(index)) for index, card in enumerate(self.cards)], value="0",
                         allow_blank=False, id="card")  # fmt: skip
            yield Label("Les effets qu'il montre : Espace pour cocher ou décocher", classes="field-label")
            yield SelectionList[str](
                *(
                    (f"{label} — {EFFECT_HINTS[code]}", code, code in self.passage.effects)
                    for code, label in EFFECTS.items()
                ),
                id="effects",
            )
            yield Static("", id="passage-message", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Annuler", id="cancel")
                yield Button("Enregistrer", variant="primary", id="save")
            yield KeyLine()

    def on_mount(self) -> None:
        self.query_one("#card", Select).focus()
        self.form_shown()

    def action_save(self) -> None:
        value = self.query_one("#card", Select).value
        card = self.cards[int(value) if isinstance(value, str) else 0]
        chosen = set(self.query_one("#effects", SelectionList).selected)
        effects = [code for code in EFFECTS if code in chosen]
        call(
            self,
            interviews.code_passage,
            self.interview_id,
            self.passage.id,
            card,
            effects,
            then=lambda _coded: self.dismiss(True),
            group="passage",
            write=True,
        )

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#passage-message", Static).update(message.text)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_leave_form()

    def form_key(self) -> str:
        return f"passage:{self.interview_id}:{self.passage.id}"

    def close_form(self) -> None:
        self.dismiss(False)
