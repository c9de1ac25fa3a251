"""The search field above a list: type to filter, then Down or Enter to move into the list."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import Input


class SearchBox(Input):
    """A search field that hands the keyboard to the list it filters (a widget id, `list_id`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_list", "Aller à la liste", show=False, id="search.to_list"),
    ]

    def __init__(self, placeholder: str, list_id: str, tooltip: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id="search", tooltip=tooltip)
        self.list_id = list_id

    def action_to_list(self) -> None:
        self.screen.query_one(f"#{self.list_id}").focus()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_to_list()
