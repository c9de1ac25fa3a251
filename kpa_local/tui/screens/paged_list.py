"""A section showing a long list a page at a time: the next page loads as the cursor nears the end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import events, on
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from kpa_local.domain.text import count_text
from kpa_local.tui.calls import waiting
from kpa_local.tui.list_columns import Fit, ListColumn, fit_columns
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.section import SectionScreen

PAGE_SIZE = 100


class ListTable(DataTable[object]):
    """The list's table: it tells its screen when its own width changes (the menu beside it narrows)."""

    class Resized(Message):
        """The table's width has changed: its columns may be fitted again."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized())


class PagedListScreen(SectionScreen):
    """A list with a search box (#search), a table (TABLE_ID) and a count line (#count).

    Pages are read with `call(..., group="list")`: a newer search supersedes an older one. The
    columns (COLUMNS, from the one kept longest to the one dropped first) are those the list has
    room for: on a small screen the least useful go first, and no cell is ever cut.
    """

    TABLE_ID = ""
    NOUN = "élément"
    SHOWN = "affiché"
    EMPTY = "Rien ne correspond : changez la recherche ou les filtres."
    COLUMNS: tuple[ListColumn, ...] = ()
    COLUMN_ORDER: tuple[str, ...] = ()  # the columns' order on screen
    ALWAYS_SHOWN = 1

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self.loaded = 0
        self.rows: list[Any] = []
        self.fit = Fit((), {})

    def on_mount(self) -> None:
        self.refit()
        self.reload()

    @on(ListTable.Resized)
    def table_resized(self) -> None:
        self.call_after_refresh(self.refit)

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Show the first page again (after a change of search or filters)."""
        self.fetch_page(0, append=False)

    def fetch_page(self, offset: int, append: bool) -> None:
        """Ask (through `call`, group "list") for the page that starts at `offset`."""
        raise NotImplementedError

    def table(self) -> DataTable[object]:
        """The list's table."""
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def start_page(self, append: bool, total: int) -> DataTable[object]:
        """The table, emptied unless the page is added below the rows already shown."""
        table = self.table()
        if not append:
            table.clear()
            self.loaded = 0
        self.total = total
        return table

    def show_rows(self, rows: Sequence[Any], total: int, append: bool) -> None:
        """Show a page that has come: below the rows shown, or instead of them."""
        table = self.start_page(append, total)
        if not append:
            self.rows = []
        self.rows.extend(rows)
        self.add_rows(table, rows)
        self.end_page(len(rows))
        self.refit()  # a longer cell may need the room of a column

    def cells(self, row: Any) -> dict[str, str]:
        """A row's cells, by column key, each fitted to `self.fit.rooms`."""
        raise NotImplementedError

    def wider_columns(self) -> dict[str, int]:
        """Columns that need more than their usual room for the rows shown."""
        return {}

    def add_rows(self, table: DataTable[object], rows: Sequence[Any]) -> None:
        for row in rows:
            cells = self.cells(row)
            table.add_row(*(cells[key] for key in self.fit.keys), key=str(row.id))

    def refit(self) -> None:
        """Show the columns the list has room for, the rows and the cursor kept."""
        if not self.COLUMNS or not self.query(f"#{self.TABLE_ID}"):
            return
        table = self.table()
        width = table.scrollable_content_region.width or self.size.width - 34
        fit = fit_columns(width - 1, self.COLUMNS, self.COLUMN_ORDER, self.ALWAYS_SHOWN, self.wider_columns())
        if fit == self.fit:
            return
        titles = {column.key: column.title for column in self.COLUMNS}
        cursor = table.cursor_row
        table.clear(columns=True)
        for key in fit.keys:
            table.add_column(titles[key], key=key)
        self.fit = fit
        self.add_rows(table, self.rows)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1), animate=False)

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
