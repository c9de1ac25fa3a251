"""The lines of a quote or an invoice: a table, a row to type a line (or pick it from the catalogue),
and totals that follow every change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from kpa_local.domain.errors import Refused
from kpa_local.domain.line_form import line_values, read_line
from kpa_local.domain.lines import UNITS, Line, Totals, compute_totals, unit_label
from kpa_local.domain.vat import VAT_RATES, vat_label
from kpa_local.fmt import decimal_fr, money_fr
from kpa_local.tui.text import figure, shorten
from kpa_local.tui.widgets.search_select import SearchSelect

ENTRY_FIELDS = ("designation", "quantity", "unit", "unit_price", "vat_rate", "discount")
LABELS = (
    ("designation", "Désignation"),
    ("quantity", "Qté"),
    ("unit", "Unité"),
    ("unit_price", "Prix HT (€)"),
    ("vat_rate", "TVA"),
    ("discount", "Remise (%)"),
)


# The table's columns; every one but the designation as wide as its widest cell, so that no amount is cut.
COLUMN_TITLES = {
    "designation": "Désignation",
    "quantity": "Qté",
    "unit": "Unité",
    "price": "Prix unit. HT",
    "discount": "Remise",
    "vat": "TVA",
    "net": "Total HT",
}
DESIGNATION_ROOM = 12  # the designation is cut (with « … ») to no fewer characters than this


def _widest(key: str, rows: list[dict[str, str]]) -> int:
    """The room a column needs: its title or its widest cell."""
    return max([len(COLUMN_TITLES[key]), *(len(row[key]) for row in rows)])


def _cell(key: str, text: str, room: int) -> str:
    """A cell in its room: the designation cut if it must be, the unit to the left, figures to the right."""
    if key == "designation":
        return shorten(text, room)
    return text if key == "unit" else figure(text, room)


@dataclass(frozen=True)
class CatalogueChoice:
    """A catalogue service offered in the picker."""

    item_id: int
    label: str
    values: dict[str, str]


def totals_text(totals: Totals) -> str:
    """The totals as the editor shows them."""
    parts = [f"Total HT {money_fr(totals.lines_net.cents)}"]
    parts += [f"TVA {vat_label(group.rate)} {money_fr(group.vat.cents)}" for group in totals.groups if group.rate]
    parts.append(f"[b]Total TTC {money_fr(totals.with_vat.cents)}[/b]")
    return "   ·   ".join(parts)


class LinesEditor(Vertical):
    """Edit a document's lines; a bad line is refused beside the row, with what was typed kept."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "remove_line", "Retirer la ligne", id="lines.remove"),
    ]

    @dataclass
    class Changed(Message):
        """The lines changed (added, edited or removed)."""

        editor: LinesEditor

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = []
        self.editable = True
        self.catalogue: dict[str, CatalogueChoice] = {}
        self.editing_catalogue_id: int | None = None
        self.table_width = 0

    def compose(self) -> ComposeResult:
        yield DataTable(id="lines", cursor_type="row", zebra_stripes=True)
        with Vertical(id="line-entry"):
            yield SearchSelect([], prompt="Choisir dans le catalogue…", id="catalogue-pick")
            # Two rows of labelled cells: the whole line, « Ajouter » included, fits in 80 columns.
            with Horizontal(classes="line-row", id="line-row"):
                yield from self._cell("designation", Input(placeholder="Désignation", id="line-designation"))
                yield from self._cell("quantity", Input(placeholder="Qté", id="line-quantity", value="1"))
                yield from self._cell("unit", Select([(label, code) for code, (label, _) in UNITS.items()],
                                                     value="forfait", allow_blank=False, id="line-unit"))  # fmt: skip
            with Horizontal(classes="line-row", id="line-row-2"):
                yield from self._cell("unit_price", Input(placeholder="Prix HT", id="line-unit_price"))
                rates = [(vat_label(rate), format(rate, "f")) for rate in VAT_RATES]
                yield from self._cell("vat_rate", Select(rates, value="20", allow_blank=False, id="line-vat_rate"))
                yield from self._cell("discount", Input(placeholder="Remise %", id="line-discount"))
                with Vertical(classes="line-cell", id="cell-add"):
                    yield Label(" ")
                    yield Button("Ajouter", id="add-line", variant="primary")
            yield Static("", id="line-message", classes="error")
        yield Static("", id="totals")

    @staticmethod
    def _cell(name: str, control: Input | Select[str]) -> ComposeResult:
        """One labelled cell of the entry rows."""
        with Vertical(classes="line-cell", id=f"cell-{name}"):
            yield Label(dict(LABELS)[name], id=f"label-{name}")
            yield control

    def set_catalogue(self, choices: list[CatalogueChoice]) -> None:
        """The services offered in the picker."""
        self.catalogue = {str(choice.item_id): choice for choice in choices}
        self.query_one("#catalogue-pick", Select).set_options([(c.label, str(c.item_id)) for c in choices])

    def set_lines(self, lines: list[Line] | tuple[Line, ...], *, editable: bool) -> None:
        """Show lines; a fixed document shows no entry row."""
        self.lines = list(lines)
        self.editable = editable
        self.query_one("#line-entry").display = editable
        self._refresh_table()

    def _refresh_table(self) -> None:
        table = self.query_one("#lines", DataTable)
        rows = [self._cells(line) for line in self.lines]
        width = self._table_width()
        keys = self._columns_that_fit(rows, width)
        rooms = {key: _widest(key, rows) for key in keys}
        if width:  # the designation takes the room the other columns leave (all of it before the table is laid out)
            left = width - sum(room + 2 for key, room in rooms.items() if key != "designation") - 2
            rooms["designation"] = max(DESIGNATION_ROOM, left)
        table.clear(columns=True)
        for key in keys:
            table.add_column(COLUMN_TITLES[key], key=key)
        for index, row in enumerate(rows):
            table.add_row(*(_cell(key, row[key], rooms[key]) for key in keys), key=str(index))
        self.table_width = width
        self.query_one("#totals", Static).update(totals_text(compute_totals(self.lines)))

    @staticmethod
    def _cells(line: Line) -> dict[str, str]:
        """A line's cells, each as wide as its text."""
        return {
            "designation": line.designation,
            "quantity": decimal_fr(line.quantity),
            "unit": unit_label(line.unit),
            "price": money_fr(line.unit_price.cents),
            "discount": f"{decimal_fr(line.discount_percent)} %" if line.discount_percent else "",
            "vat": vat_label(line.vat_rate),
            "net": money_fr(line.net_amount.cents),
        }

    @staticmethod
    def _columns_that_fit(rows: list[dict[str, str]], width: int) -> list[str]:
        """Every column, but for an empty « Remise » column where the designations would be cut for its room."""
        keys = list(COLUMN_TITLES)
        beside = sum(_widest(key, rows) + 2 for key in keys if key != "designation") + 2
        if width and _widest("designation", rows) > width - beside and not any(row["discount"] for row in rows):
            keys.remove("discount")
        return keys

    def _table_width(self) -> int:
        """The room inside the table (0 before it is laid out)."""
        table = self.query_one("#lines", DataTable)
        return table.scrollable_content_region.width or table.size.width or self.size.width

    def _refit(self) -> None:
        """Draw the table again if its room changed (a scrollbar came or went)."""
        if self._table_width() != self.table_width:
            self._refresh_table()

    def on_resize(self) -> None:
        self._refresh_table()
        self.call_after_refresh(self._refit)

    def form_value(self) -> object:
        """What the editor holds, to tell a change and to keep a draft: the lines and the row being typed."""
        return tuple(self.lines), tuple(sorted(self._entry_values().items())), self.editing_catalogue_id

    def restore_form_value(self, value: object) -> None:
        """Put back what `form_value` returned (the catalogue picker is left as it is)."""
        if not (isinstance(value, tuple) and len(value) == 3):
            return
        lines, entry, catalogue_id = value
        self.set_lines([line for line in lines if isinstance(line, Line)], editable=self.editable)
        self._set_entry(dict(entry))
        self.editing_catalogue_id = catalogue_id if isinstance(catalogue_id, int) else None
        self.post_message(self.Changed(self))

    def _entry_values(self) -> dict[str, str]:
        values = {}
        for name in ENTRY_FIELDS:
            widget = self.query_one(f"#line-{name}")
            value = widget.value if isinstance(widget, Input | Select) else ""
            values[name] = value if isinstance(value, str) else ""
        return values

    def _set_entry(self, values: dict[str, str]) -> None:
        for name in ENTRY_FIELDS:
            widget = self.query_one(f"#line-{name}")
            if isinstance(widget, Input):
                widget.value = values.get(name, "")
            elif isinstance(widget, Select) and values.get(name):
                widget.value = values[name]

    @on(Select.Changed, "#catalogue-pick")
    def picked(self, event: Select.Changed) -> None:
        choice = self.catalogue.get(str(event.value))
        if choice is None:
            return
        self._set_entry({**choice.values, "quantity": "1", "discount": ""})
        self.editing_catalogue_id = choice.item_id
        self.query_one("#line-quantity", Input).focus()

    @on(Button.Pressed, "#add-line")
    @on(Input.Submitted, ".line-row Input")
    def add_line(self) -> None:
        """Read the typed line; refuse it beside the row, keeping what was typed."""
        values = self._entry_values()

        message = self.query_one("#line-message", Static)
        try:
            line = read_line(values, len(self.lines) + 1, self.editing_catalogue_id)
        except Refused as refusal:
            reasons = [problem.message.split(" : ", 1)[-1] for problem in refusal.problems]
            message.update("La ligne n'est pas ajoutée :\n" + "\n".join(f"• {reason}" for reason in reasons))
            for name in ENTRY_FIELDS:
                wrong = any(problem.field and problem.field.endswith(f".{name}") for problem in refusal.problems)
                self.query_one(f"#line-{name}").set_class(wrong, "-invalid")
            return
        message.update("")
        for name in ENTRY_FIELDS:
            self.query_one(f"#line-{name}").set_class(False, "-invalid")
        self.lines.append(line)
        self.editing_catalogue_id = None
        self._set_entry({"quantity": "1", "designation": "", "unit_price": "", "discount": ""})
        self.query_one("#catalogue-pick", Select).clear()
        self._refresh_table()
        self.query_one("#catalogue-pick", Select).focus()  # the next line, like the first, from the catalogue
        self.call_after_refresh(self._show_last_line)
        self.post_message(self.Changed(self))

    def _show_last_line(self) -> None:
        """The line just added stays in sight, with the catalogue picker under it for the next one."""
        table = self.query_one("#lines", DataTable)
        table.scroll_end(animate=False, immediate=True)
        pick = self.query_one("#catalogue-pick")
        inside = table.scrollable_content_region
        last_row_y = inside.y + min(table.header_height + len(self.lines) - 1, inside.height - 1)
        wanted = Region(pick.region.x, last_row_y, pick.region.width, pick.region.bottom - last_row_y)
        container = next((node for node in self.ancestors if isinstance(node, ScrollableContainer)), None)
        if container is not None:
            content = container.scrollable_content_region
            in_container = wanted.translate(
                (-content.x + int(container.scroll_x), -content.y + int(container.scroll_y))
            )
            container.scroll_to_region(in_container, animate=False, immediate=True, x_axis=False)

    def refuse(self, text: str) -> None:
        """Say under the entry rows why the lines cannot do (an empty text clears it); the keyboard on the
        catalogue picker, the whole entry in sight."""
        self.query_one("#line-message", Static).update(text)
        if text:
            self.query_one("#catalogue-pick", Select).focus()
            entry = self.query_one("#line-entry")
            entry.call_after_refresh(entry.scroll_visible, animate=False)

    @on(DataTable.RowSelected, "#lines")
    def edit_line(self, event: DataTable.RowSelected) -> None:
        """Take a line back into the entry row to change it."""
        if not self.editable or event.row_key.value is None:
            return
        line = self.lines.pop(int(event.row_key.value))
        values = line_values(line)
        values["vat_rate"] = format(line.vat_rate, "f")
        values["unit"] = line.unit
        self._set_entry(values)
        self.editing_catalogue_id = line.catalogue_item_id
        self._refresh_table()
        self.query_one("#line-designation", Input).focus()
        self.post_message(self.Changed(self))

    def action_remove_line(self) -> None:
        table = self.query_one("#lines", DataTable)
        if not self.editable or not self.lines or not table.has_focus:
            return
        del self.lines[min(table.cursor_row, len(self.lines) - 1)]
        self._refresh_table()
        self.post_message(self.Changed(self))
