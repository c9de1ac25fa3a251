"""The frame every section shares: title bar, section menu on the left, keys at the bottom."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header

from kpa_local.tui.widgets.key_footer import KeyFooter
from kpa_local.tui.widgets.key_line import KeyLine
from kpa_local.tui.widgets.section_menu import SectionMenu


class SectionScreen(Screen[None]):
    """A section of the app; subclasses fill `compose_body`."""

    MODE = "dashboard"
    SUB_TITLE = ""
    # Below 100 columns the section menu is narrower (app.tcss: Screen.-narrow).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012  (declared by Textual)
    # A section taller than the screen scrolls with Page↑/Page↓ from a field too (a table uses them itself).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "scroll_body(-1)", "Remonter", show=False),
        Binding("pagedown", "scroll_body(1)", "Descendre", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Horizontal(id="frame"):
            # The body comes first so that the keyboard starts in the section's content;
            # the menu is docked on the left and reached with Tab, the arrows or F1-F9.
            with Vertical(id="body"):
                yield KeyLine(classes="fast-paths")  # the section's own keys, where the eye starts
                yield from self.compose_body()
            yield SectionMenu(self.MODE)
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def action_scroll_body(self, pages: int) -> None:
        body = self.query_one("#body", Vertical)
        if pages > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)
