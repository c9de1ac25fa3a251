"""The catalogue: the priced services of each activity, to add, change or withdraw."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kpa_local.domain.lines import UNITS, unit_label
from kpa_local.domain.text import count_text
from kpa_local.domain.vat import VAT_RATES, vat_label
from kpa_local.fmt import money_fr
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.list_columns import ListColumn
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.quick_form import QuickFormScreen
from kpa_local.tui.text import shorten
from kpa_local.tui.widgets.field import choice_field, text_field
from kpa_local.tui.widgets.fitted_table import FittedTable
from kpa_local.tui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from kpa_local.services import catalogue
    from kpa_local.services.catalogue import CatalogueItemView
    from kpa_local.services.context import Context
else:
    catalogue = deferred("kpa_local.services.catalogue")


def read_catalogue(context: Context) -> tuple[tuple[CatalogueItemView, ...], dict[str, str]]:
    """The catalogue and the active activities a service can belong to."""
    from kpa_local.services.activities import list_activities

    activities = {str(a.id): a.name for a in list_activities(context) if a.active}
    return catalogue.list_catalogue(context), activities


# From the column kept longest to the one dropped first on a small screen.
ITEM_COLUMNS = (
    ListColumn("designation", "Prestation", 18, grows_to=48),
    ListColumn("price", "Prix HT", 11),
    ListColumn("unit", "Unité", 8),
    ListColumn("activity", "Activité", 12, grows_to=26),
    ListColumn("vat", "TVA", 6),
)
ITEM_ORDER = ("activity", "designation", "unit", "price", "vat")


def item_cells(item: CatalogueItemView, rooms: Mapping[str, int]) -> dict[str, str | Text]:
    """One service of the catalogue, its names shortened to their columns."""
    return {
        "activity": shorten(item.activity_name, rooms.get("activity", 0)),
        "designation": shorten(item.designation, rooms.get("designation", 0)),
        "unit": unit_label(item.unit),
        "price": Text(money_fr(item.unit_price.cents), justify="right"),
        "vat": vat_label(item.vat_rate),
    }


class CatalogueScreen(ModalScreen[None]):
    """The services a KPA sells, with their prices."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_item", "Nouvelle prestation", id="catalogue.new"),
        Binding("ctrl+w", "withdraw", "Retirer du catalogue", id="catalogue.withdraw"),
        Binding("escape", "close", "Fermer", id="catalogue.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, CatalogueItemView] = {}
        self.activities: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):
            yield Static("Catalogue des prestations", classes="dialog-title")
            yield Static("Entrée sur une prestation pour la modifier.", classes="hint")
            yield FittedTable(ITEM_COLUMNS, ITEM_ORDER, item_cells, id="catalogue")
            yield Static("", id="catalogue-message")
            yield KeyLine()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        call(self, read_catalogue, then=self.show, group="catalogue")

    def show(self, read: tuple[tuple[CatalogueItemView, ...], dict[str, str]]) -> None:
        items, self.activities = read
        self.items = {str(item.id): item for item in items}
        self.query_one("#catalogue", FittedTable).show(items)
        self.query_one("#catalogue-message", Static).update(f"{count_text(len(items), 'prestation')}.")

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#catalogue-message", Static).update(message.text)

    def _form(self, item: CatalogueItemView | None) -> QuickFormScreen:
        from kpa_local.services.catalogue import save_catalogue_item

        item_id = item.id if item else None

        def submit(context: Context, values: Mapping[str, str]) -> object:
            activity = values.get("activity_id", "")
            return save_catalogue_item(context, values, int(activity) if activity.isdigit() else None, item_id)

        fields = [
            choice_field("activity_id", "Activité", self.activities, value=str(item.activity_id) if item else "",
                         blank="Aucune en particulier"),
            text_field("designation", "Désignation", value=item.designation if item else ""),
            choice_field("unit", "Unité", {code: label for code, (label, _) in UNITS.items()},
                         value=item.unit if item else "forfait"),
            text_field("unit_price", "Prix unitaire HT (€)",
                       value=format(item.unit_price.to_decimal(), "f").replace(".", ",") if item else ""),
            choice_field("vat_rate", "TVA", {format(rate, "f"): vat_label(rate) for rate in VAT_RATES},
                         value=format(item.vat_rate, "f") if item else "20"),
        ]  # fmt: skip
        return QuickFormScreen("Prestation du catalogue", fields, submit, key=f"prestation:{item_id or 'new'}")

    def _reload_after(self, _saved: bool | None) -> None:
        self.reload()

    def action_new_item(self) -> None:
        self.app.push_screen(self._form(None), self._reload_after)

    @on(DataTable.RowSelected, "#catalogue")
    def edit(self, event: DataTable.RowSelected) -> None:
        item = self.items.get(str(event.row_key.value))
        if item is not None:
            self.app.push_screen(self._form(item), self._reload_after)

    def action_withdraw(self) -> None:
        table = self.query_one("#catalogue", DataTable)
        if not self.items:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            item_id = int(key)
            call(
                self,
                lambda context: catalogue.set_catalogue_item_active(context, item_id, False),
                then=lambda _done: self.reload(),
                group="catalogue",
                write=True,
            )

    def action_close(self) -> None:
        self.dismiss(None)
