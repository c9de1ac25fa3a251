"""The list of sections on the left of every screen: click one, or move with the arrows and Enter.

A plain rendered widget rather than an OptionList: it is on every screen, and the first
screen must draw quickly.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widget import Widget

from kpa_local.tui.widgets.key_line import shown_key

SECTIONS: tuple[tuple[str, str], ...] = (
    ("dashboard", "Tableau de bord"),
    ("members", "Membres"),
    ("activities", "Activités"),
    ("clients", "Clients"),
    ("billing", "Devis et factures"),
    ("sharing", "Répartition et épargne"),
    ("export", "Export réseau"),
    ("interviews", "Entretiens"),
    ("settings", "Paramètres"),
)

# The titles shown when the menu is narrow (a small terminal): the same words, shortened.
SHORT_TITLES = {"billing": "Devis, factures", "sharing": "Répartition"}
WIDE_MENU = 27
TOP_PADDING = 1


def _fitted(line: str, width: int) -> str:
    """The line padded to the width, or cut with « … » when it is longer."""
    return line.ljust(width) if len(line) <= width else line[: width - 1] + "…"


class SectionMenu(Widget, can_focus=True):
    """The sections of the app; the current one stands out, choosing another opens it."""

    DEFAULT_CSS = """
    SectionMenu { dock: left; width: 28; height: 1fr; padding: 1 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Précédent", show=False, id="menu.up"),
        Binding("down", "move(1)", "Suivant", show=False, id="menu.down"),
        Binding("enter", "choose", "Ouvrir", show=False, id="menu.open"),
    ]

    highlighted: reactive[int] = reactive(0)

    def __init__(self, current: str) -> None:
        super().__init__(id="section-menu")
        self.current = current
        self.set_reactive(SectionMenu.highlighted, self._index(current))

    @staticmethod
    def _index(mode: str) -> int:
        return next(i for i, (code, _) in enumerate(SECTIONS) if code == mode)

    def render(self) -> Text:
        text = Text()
        narrow = 0 < self.size.width < WIDE_MENU
        # In a browser tab F5 reloads the page: its row shows the second key (Alt+5), the others line up.
        keys = [shown_key(f"f{index + 1}", in_browser=self.app.is_web) for index in range(len(SECTIONS))]
        column = max(len(key) for key in keys)
        for index, (mode, title) in enumerate(SECTIONS):
            if narrow:
                line = _fitted(f" {keys[index]} {SHORT_TITLES.get(mode, title)}", self.size.width)  # no room to align
            else:
                line = _fitted(f" {keys[index].ljust(column)}  {title}", max(WIDE_MENU, self.size.width - 1))
            if mode == self.current:
                style = "bold reverse"
            elif index == self.highlighted and self.has_focus:
                style = "underline"
            else:
                style = ""
            text.append(line + "\n", style=style)
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        self.highlighted = (self.highlighted + step) % len(SECTIONS)

    def action_choose(self) -> None:
        self._open(self.highlighted)

    def on_click(self, event: events.Click) -> None:
        row = event.y - TOP_PADDING
        if 0 <= row < len(SECTIONS):
            self._open(row)

    def _open(self, index: int) -> None:
        mode = SECTIONS[index][0]
        if mode != self.current:
            self.app.switch_mode(mode)
