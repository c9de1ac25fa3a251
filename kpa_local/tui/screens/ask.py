"""A short question answered in a few words (what a joker card is about, say)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from kpa_local.tui.widgets.key_line import KeyLine


class AskScreen(ModalScreen[str | None]):
    """Answers the words typed (Enter), or None (Échap)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Annuler", id="ask.cancel")]

    def __init__(self, question: str, *, hint: str = "", placeholder: str = "", max_length: int = 60) -> None:
        super().__init__()
        self.question = question
        self.hint = hint
        self.placeholder = placeholder
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            if self.hint:
                yield Static(self.hint, classes="hint")
            yield Input(placeholder=self.placeholder, max_length=self.max_length, id="answer")
            with Horizontal(classes="buttons"):
                yield Button("Annuler", id="ask-cancel")
                yield Button("Valider", variant="primary", id="ask-ok")
            yield KeyLine()

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted, "#answer")
    @on(Button.Pressed, "#ask-ok")
    def answered(self) -> None:
        self.dismiss(self.query_one("#answer", Input).value.strip())

    @on(Button.Pressed, "#ask-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
