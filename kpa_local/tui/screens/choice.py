"""A question with a few answers, one button each."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kpa_local.tui.widgets.key_line import KeyLine


class ChoiceScreen(ModalScreen[str | None]):
    """Answers the code of the chosen button, or None (Échap, or the first button: « Annuler » unless told)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Annuler", id="choice.cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]], *, cancel: str = "Annuler") -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Button(self.cancel, id="choice-cancel")
                for code, text in self.choices:
                    yield Button(text, id=f"choice-{code}", variant="primary")
            yield KeyLine()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        code = (event.button.id or "").removeprefix("choice-")
        self.dismiss(None if code == "cancel" else code)

    def action_cancel(self) -> None:
        self.dismiss(None)
