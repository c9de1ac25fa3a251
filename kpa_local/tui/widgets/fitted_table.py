"""A table that shows the columns it has room for: the least useful dropped first, no cell ever cut.

It keeps its rows (the values, not the cells): when its width changes (a smaller terminal, the menu
beside it narrowing) it draws them again with the columns that now fit, the cursor where it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from kpa_local.tui.list_columns import Fit, ListColumn, fit_columns

Cells = Callable[[Any, Mapping[str, int]], Mapping[str, str | Text]]


class FittedTable(DataTable[object]):
    """Rows of values shown in the columns that fit; `cells(row, rooms)` writes a row's cells for their rooms."""

    # As wide as its container (not as its columns): the room decides the columns, never the other way.
    # The scrollbar's room is always kept, so that the columns do not depend on whether the rows have
    # come yet (a scrollbar appearing after the fit would push the last column out of sight).
    DEFAULT_CSS = """
    FittedTable { width: 1fr; scrollbar-gutter: stable; }
    """

    def __init__(
        self,
        columns: Sequence[ListColumn],
        order: Sequence[str],
        cells: Cells,
        *,
        always: int = 1,
        key: Callable[[Any], str] = lambda row: str(row.id),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.list_columns = tuple(columns)
        self.order = tuple(order)
        self.always = always
        self.cells = cells
        self.key = key
        self.values: list[Any] = []
        self.fit = Fit((), {})

    def on_mount(self) -> None:
        self.refit()

    def on_resize(self, _event: events.Resize) -> None:
        self.refit()

    def show(self, rows: Sequence[Any], *, append: bool = False) -> None:
        """Show `rows`, below those shown or instead of them."""
        if not append:
            self.values = []
            self.clear()
        self.values.extend(rows)
        if not self.refit():
            self._add(rows)

    def wanted(self) -> Fit:
        """The columns that fit the table's width now."""
        width = self.scrollable_content_region.width or self.size.width or self.app.size.width
        return fit_columns(width - 1, self.list_columns, self.order, self.always, self.needs())

    def refit(self) -> bool:
        """Draw the table again if other columns fit now; whether it was drawn again."""
        fit = self.wanted()
        if fit == self.fit:
            return False
        titles = {column.key: column.title for column in self.list_columns}
        cursor = self.cursor_row
        self.clear(columns=True)
        for key in fit.keys:
            self.add_column(titles[key], key=key)
        self.fit = fit
        self._add(self.values)
        if self.values:
            self.move_cursor(row=min(cursor, len(self.values) - 1), animate=False)
        return True

    def needs(self) -> dict[str, int] | None:
        """The cells each column's rows take, its title included (a name: up to its `grows_to`)."""
        if not self.values:
            return None
        rooms = {column.key: column.grows_to or column.room for column in self.list_columns}
        needs = {column.key: cell_len(column.title) for column in self.list_columns}
        for row in self.values:
            for key, cell in self.cells(row, rooms).items():
                needs[key] = max(needs.get(key, 0), cell.cell_len if isinstance(cell, Text) else cell_len(cell))
        return needs

    def _add(self, rows: Sequence[Any]) -> None:
        for row in rows:
            cells = self.cells(row, self.fit.rooms)
            self.add_row(*(cells[key] for key in self.fit.keys), key=self.key(row))
