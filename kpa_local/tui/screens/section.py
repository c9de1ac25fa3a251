"""The frame every section shares: title bar, section menu on the left, keys at the bottom."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header

from kpa_local.tui.widgets.key_line import KeyLine
from kpa_local.tui.widgets.section_menu import SectionMenu


class SectionScreen(Screen[None]):
    """A section of the app; subclasses fill `compose_body`."""

    MODE = "dashboard"
    SUB_TITLE = ""
    # Below 100 columns the section menu is narrower (app.tcss: Screen.-narrow).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012  (declared by Textual)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Horizontal(id="frame"):
            # The body comes first so that the keyboard starts in the section's content;
            # the menu is docked on the left and reached with Tab, the arrows or F1-F9.
            with Vertical(id="body"):
                yield KeyLine(classes="fast-paths")  # the section's own keys, where the eye starts
                yield from self.compose_body()
            yield SectionMenu(self.MODE)
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()
