"""Clients: the people and organisations the KPA sells to, searched as you type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Input, Static

from kpa_local.domain.text import count_text
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.list_columns import ListColumn
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.text import shorten
from kpa_local.tui.widgets.fitted_table import FittedTable
from kpa_local.tui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from kpa_local.services import clients
    from kpa_local.services.clients import ClientView
else:
    clients = deferred("kpa_local.services.clients")


# From the column kept longest to the one dropped first on a small screen.
CLIENT_COLUMNS = (
    ListColumn("name", "Nom", 18, grows_to=36),
    ListColumn("kind", "Type", 12),
    ListColumn("city", "Ville", 10, grows_to=16),
    ListColumn("documents", "Documents", 9),
    ListColumn("contact", "Contact", 12, grows_to=20),
)
CLIENT_ORDER = ("name", "kind", "city", "contact", "documents")


def client_cells(client: ClientView, rooms: Mapping[str, int]) -> dict[str, str | Text]:
    """One client, its texts shortened to their columns."""
    name = f"{client.name} (archivé)" if client.archived else client.name
    return {
        "name": shorten(name, rooms.get("name", 0)),
        "kind": client.kind_label,
        "city": shorten(client.city, rooms.get("city", 0)),
        "contact": shorten(client.contact, rooms.get("contact", 0)),
        "documents": Text(str(client.document_count), justify="right"),
    }


class ClientsScreen(SectionScreen):
    """The KPA's clients."""

    MODE = "clients"
    SUB_TITLE = "Clients"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_client", "Nouveau client", id="clients.new"),
        Binding("ctrl+f", "focus_search", "Chercher", id="clients.search"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("Clients", classes="section-title")
        with Horizontal(id="search-row"):
            yield SearchBox("Chercher un client…", "clients", tooltip="Un nom, une ville ou un contact")
            yield Checkbox("Archivés aussi", id="archived")
        yield FittedTable(CLIENT_COLUMNS, CLIENT_ORDER, client_cells, id="clients")
        yield Static("Chargement…", id="count")

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @on(Input.Changed, "#search")
    @on(Checkbox.Changed)
    def reload(self) -> None:
        search, archived = self.query_one("#search", Input).value, self.query_one("#archived", Checkbox).value
        call(
            self,
            lambda context: clients.list_clients(context, search, include_archived=archived),
            then=self.show,
            group="list",
        )

    def show(self, found: tuple[ClientView, ...]) -> None:
        self.query_one("#clients", FittedTable).show(found)
        count = len(found)
        text = (
            f"{count_text(count, 'client')} · Entrée pour modifier"
            if count
            else "Aucun client : Ctrl+N pour en ajouter un."
        )
        self.query_one("#count", Static).update(text)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#count", Static).update(message.text)

    @on(DataTable.RowSelected, "#clients")
    def edit(self, event: DataTable.RowSelected) -> None:
        from kpa_local.tui.screens.client_form import ClientFormScreen

        if event.row_key.value:
            self.app.push_screen(ClientFormScreen(int(event.row_key.value)), lambda _saved: self.reload())

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_new_client(self) -> None:
        from kpa_local.tui.screens.client_form import ClientFormScreen

        self.app.push_screen(ClientFormScreen(None), lambda _saved: self.reload())
