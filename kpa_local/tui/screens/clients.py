"""Clients: the people and organisations the KPA sells to, searched as you type."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Input, Static

from kpa_local.domain.text import count_text
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.text import shorten
from kpa_local.tui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from kpa_local.services import clients
    from kpa_local.services.clients import ClientView
else:
    clients = deferred("kpa_local.services.clients")


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
            yield SearchBox("Chercher un nom, une ville, un contact…", "clients")
            yield Checkbox("Archivés aussi", id="archived")
        table: DataTable[str] = DataTable(id="clients", cursor_type="row", zebra_stripes=True)
        for title, key in (("Nom", "name"), ("Genre", "kind"), ("Ville", "city"), ("Contact", "contact"),
                           ("Docs", "documents")):  # fmt: skip
            table.add_column(title, key=key)
        yield table
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
        table = self.query_one("#clients", DataTable)
        table.clear()
        for client in found:
            name = f"{client.name} (archivé)" if client.archived else client.name
            table.add_row(shorten(name, 32), client.kind_label, shorten(client.city, 16), shorten(client.contact, 20),
                          str(client.document_count), key=str(client.id))  # fmt: skip
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
