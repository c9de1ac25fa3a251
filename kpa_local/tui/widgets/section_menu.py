"""The list of sections on the left of every screen."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

SECTIONS: tuple[tuple[str, str], ...] = (
    ("dashboard", "Tableau de bord"),
    ("members", "Membres"),
    ("activities", "Activités"),
    ("clients", "Clients"),
    ("billing", "Devis et factures"),
    ("sharing", "Répartition et épargne"),
    ("export", "Export réseau"),
    ("settings", "Paramètres"),
)


class SectionMenu(OptionList):
    """The sections of the app; choosing one opens it."""

    DEFAULT_CSS = """
    SectionMenu { width: 28; height: 1fr; border: none; padding: 1 0; }
    """

    def __init__(self, current: str) -> None:
        options = [Option(f"F{index + 1}  {title}", id=mode) for index, (mode, title) in enumerate(SECTIONS)]
        super().__init__(*options, id="section-menu")
        self.current = current

    def on_mount(self) -> None:
        self.highlighted = next(i for i, (mode, _) in enumerate(SECTIONS) if mode == self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id != self.current:
            self.app.switch_mode(event.option.id)
