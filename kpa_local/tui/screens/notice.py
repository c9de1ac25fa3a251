"""A message the user must read before going on (a workspace that cannot open, say)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kpa_local.tui.widgets.key_line import KeyLine


class NoticeScreen(ModalScreen[None]):
    """A title, an explanation, and one button to close."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Fermer", id="notice.close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.text)
            yield Button("Fermer", variant="primary", id="close")
            yield KeyLine()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss()
