"""A yes-or-no question before something that cannot be undone."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kpa_local.tui.widgets.key_line import KeyLine


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question; answers True only when the user confirms."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "no", "Non", id="confirm.no")]

    def __init__(self, question: str, *, yes: str = "Oui", no: str = "Non") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        # The key is named by what its button says: « Échap Pas encore », not « Échap Non ».
        self._bindings.key_to_bindings["escape"] = [Binding("escape", "no", no, id="confirm.no")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Button(self.no, id="no")
                yield Button(self.yes, variant="warning", id="yes")
            yield KeyLine()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)
