"""Devis et factures: the lists, filtered by status, client, period and lateness, searched as you type,
loaded a page at a time so that a workspace with tens of thousands of invoices opens at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Input, Select, Static
from textual.widgets.data_table import RowDoesNotExist

from kpa_local.domain.billing import INVOICE_STATUSES, QUOTE_STATUSES
from kpa_local.domain.dates import DateError, parse_date
from kpa_local.services.billing_views import DocumentQuery, DocumentRow, DocumentsPage
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.list_columns import ListColumn
from kpa_local.tui.screens.paged_list import PAGE_SIZE, PagedListScreen
from kpa_local.tui.session import app_today
from kpa_local.tui.text import figure, shorten
from kpa_local.tui.widgets.fitted_table import FittedTable
from kpa_local.tui.widgets.search_box import SearchBox

FAMILIES = (("Factures et avoirs", "factures"), ("Devis", "devis"))

# The list's columns, from the one kept longest to the one dropped first when the list is narrow.
# The number, the amount and the status are never dropped nor cut; the client's name takes the
# room left, up to 24 characters.
COLUMNS = (
    ListColumn("number", "Numéro", 12),
    ListColumn("total", "Total TTC", 11),
    ListColumn("status", "Statut", 9),
    ListColumn("client", "Client", 12, grows_to=40),
    ListColumn("balance", "Reste dû", 11),
    ListColumn("date", "Date", 10),
)
COLUMN_ORDER = ("number", "date", "client", "total", "balance", "status")  # their order on screen


if TYPE_CHECKING:
    from kpa_local.services import billing_queries, clients
    from kpa_local.services.clients import ClientView
else:
    billing_queries = deferred("kpa_local.services.billing_queries")
    clients = deferred("kpa_local.services.clients")


def status_text(row: DocumentRow) -> str:
    """The status as the list shows it, with the kind for deposits and credit notes, and days late."""
    if row.kind == "avoir":
        return "Avoir" if row.number else "Avoir (brouillon)"
    text = row.status_label + (f" {row.days_late} j" if row.days_late else "")
    return f"Acompte · {text.lower()}" if row.kind == "acompte" else text


class BillingScreen(PagedListScreen):
    """Quotes, invoices and credit notes."""

    MODE = "billing"
    SUB_TITLE = "Devis et factures"
    TABLE_ID = "documents"
    NOUN = "document"
    EMPTY = "Aucun document ne correspond : changez la recherche ou les filtres."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "new_quote", "Nouveau devis (guidé)", id="billing.new_quote"),
        Binding("ctrl+n", "new_invoice", "Nouvelle facture", id="billing.new_invoice"),
        Binding("ctrl+t", "catalogue", "Catalogue", id="billing.catalogue"),
        Binding("ctrl+f", "focus_search", "Chercher", id="billing.search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.opened_key: str | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Devis et factures", classes="section-title")
        with Horizontal(id="search-row"):
            yield SearchBox("Chercher…", "documents", tooltip="Un numéro, un client ou un objet")
            yield Select([], prompt="Tous les clients", id="client")
            yield Checkbox("En retard seulement", id="overdue")
        with Horizontal(id="filters"):
            yield Select(FAMILIES, value="factures", allow_blank=False, id="family")
            yield Select(self._statuses("factures"), prompt="Tous les statuts", id="status")
            yield Input(placeholder="Depuis le…", id="date-from", classes="date-filter")
            yield Input(placeholder="Jusqu'au…", id="date-to", classes="date-filter")
        yield FittedTable(COLUMNS, COLUMN_ORDER, self.cells, always=3, id="documents")
        yield Static("Chargement…", id="count")

    @staticmethod
    def _statuses(family: str) -> list[tuple[str, str]]:
        statuses = QUOTE_STATUSES if family == "devis" else INVOICE_STATUSES
        return [(label, code) for code, label in statuses.items()]

    def query_for(self, offset: int) -> DocumentQuery:
        status = self.query_one("#status", Select).value
        client = self.query_one("#client", Select).value
        today = app_today(self)
        dates = []
        for name in ("#date-from", "#date-to"):
            try:
                dates.append(parse_date(self.query_one(name, Input).value, today=today))
            except DateError:
                dates.append(None)
        return DocumentQuery(
            family=str(self.query_one("#family", Select).value),
            status=status if isinstance(status, str) else "",
            client_id=int(client) if isinstance(client, str) else None,
            date_from=dates[0],
            date_to=dates[1],
            overdue_only=self.query_one("#overdue", Checkbox).value,
            search=self.query_one("#search", Input).value,
            offset=offset,
            limit=PAGE_SIZE,
        )

    def on_mount(self) -> None:
        # Textual also runs PagedListScreen.on_mount, which fits the columns and loads the first page.
        self.load_clients()

    def fetch_page(self, offset: int, append: bool) -> None:
        query = self.query_for(offset)
        call(self, billing_queries.list_documents, query, then=lambda page: self.show(page, append), group="list")

    def load_clients(self) -> None:
        call(
            self,
            lambda context: clients.list_clients(context, include_archived=True),
            then=self.clients_loaded,
            group="clients",
        )

    def clients_loaded(self, known: tuple[ClientView, ...]) -> None:
        self.query_one("#client", Select).set_options([(shorten(client.name, 30), str(client.id)) for client in known])

    @on(Select.Changed, "#family")
    def family_changed(self, event: Select.Changed) -> None:
        self.query_one("#status", Select).set_options(self._statuses(str(event.value)))
        self.reload()

    @on(Input.Changed, "#search")
    @on(Input.Changed, ".date-filter")
    @on(Select.Changed, "#status")
    @on(Select.Changed, "#client")
    @on(Checkbox.Changed)
    def filters_changed(self) -> None:
        self.reload()

    def show(self, page: DocumentsPage, append: bool) -> None:
        self.show_rows(page.rows, page.total_count, append)
        self._back_on_opened_row(self.table())

    def cells(self, row: DocumentRow, rooms: Mapping[str, int]) -> dict[str, str]:
        from kpa_local.fmt import date_fr, money_fr

        return {
            "number": row.number or "brouillon",
            "date": date_fr(row.issue_date),
            "client": shorten(row.client_name, rooms.get("client", 0)),
            "total": figure(money_fr(row.total.cents), 11),
            "balance": figure(money_fr(row.balance.cents) if row.balance else "", 11),
            "status": status_text(row),
        }

    def _back_on_opened_row(self, table: DataTable[object]) -> None:
        """Back from a document, the cursor is on the row that was opened (if the list still shows it)."""
        if self.opened_key is None:
            return
        try:
            index = table.get_row_index(self.opened_key)
        except RowDoesNotExist:
            return
        self.opened_key = None
        table.move_cursor(row=index, animate=False)

    @on(DataTable.RowSelected, "#documents")
    def open_document(self, event: DataTable.RowSelected) -> None:
        from kpa_local.tui.screens.document import DocumentScreen

        if event.row_key.value:
            self.opened_key = event.row_key.value
            self.app.push_screen(DocumentScreen(int(event.row_key.value)))

    def action_new_invoice(self) -> None:
        from kpa_local.tui.screens.document import DocumentScreen

        self.app.push_screen(DocumentScreen(None, kind="facture"))

    def action_new_quote(self) -> None:
        from kpa_local.tui.screens.document import DocumentScreen
        from kpa_local.tui.screens.new_quote import NewQuoteScreen

        def opened(quote_id: int | None) -> None:
            if quote_id is not None:
                self.app.push_screen(DocumentScreen(quote_id))

        self.app.push_screen(NewQuoteScreen(), opened)

    def action_catalogue(self) -> None:
        from kpa_local.tui.screens.catalogue import CatalogueScreen

        self.app.push_screen(CatalogueScreen())
