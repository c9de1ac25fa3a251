"""A section showing a long list a page at a time: the next page loads as the cursor nears the end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.widgets import DataTable, Input, Static

from kpa_local.domain.text import count_text
from kpa_local.tui.calls import waiting
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.widgets.fitted_table import FittedTable

PAGE_SIZE = 100


class PagedListScreen(SectionScreen):
    """A list with a search box (#search), a table (TABLE_ID) and a count line (#count).

    Pages are read with `call(..., group="list")`: a newer search supersedes an older one. The table
    is a FittedTable: on a small screen the least useful columns go first, and no cell is ever cut.
    """

    TABLE_ID = ""
    NOUN = "élément"
    SHOWN = "affiché"
    EMPTY = "Rien ne correspond : changez la recherche ou les filtres."

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self.loaded = 0

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Show the first page again (after a change of search or filters)."""
        self.fetch_page(0, append=False)

    def fetch_page(self, offset: int, append: bool) -> None:
        """Ask (through `call`, group "list") for the page that starts at `offset`."""
        raise NotImplementedError

    def table(self) -> FittedTable:
        """The list's table."""
        return self.query_one(f"#{self.TABLE_ID}", FittedTable)

    def show_rows(self, rows: Sequence[Any], total: int, append: bool) -> None:
        """Show a page that has come: below the rows shown, or instead of them."""
        if not append:
            self.loaded = 0
        self.total = total
        self.table().show(rows, append=append)
        self.end_page(len(rows))

    def end_page(self, added: int) -> None:
        """Count the rows now shown and say how many there are in all."""
        self.loaded += added
        if self.total == 0:
            text = self.EMPTY
        else:
            more = "  ·  descendez pour voir la suite" if self.loaded < self.total else ""
            text = f"{count_text(self.total, self.NOUN)}, {count_text(self.loaded, self.SHOWN)}{more}"
        self.query_one("#count", Static).update(text)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#count", Static).update(message.text)

    @on(DataTable.RowHighlighted)
    def maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != self.TABLE_ID:
            return
        # Not while a page is on its way: it would be asked again from the rows it is about to replace.
        if self.loaded < self.total and event.cursor_row >= self.loaded - 5 and not waiting(self, "list"):
            self.fetch_page(self.loaded, append=True)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()
