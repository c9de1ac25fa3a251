"""Hours and expenses of a month, as tables under a month to type (« novembre 2026 ») and, for hours, filters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from kpa_local.domain.errors import KpaError
from kpa_local.domain.periods import Period, month_label
from kpa_local.domain.text import count_text, french_key
from kpa_local.domain.work import hours_text
from kpa_local.fmt import date_fr, money_fr
from kpa_local.tui.calls import call
from kpa_local.tui.list_columns import ListColumn
from kpa_local.tui.messages import Failed
from kpa_local.tui.session import app_today
from kpa_local.tui.text import shorten
from kpa_local.tui.widgets.fitted_table import FittedTable

if TYPE_CHECKING:
    from kpa_local.services.context import Context
    from kpa_local.services.work_views import ExpenseRow, HoursRow

EVERYONE = "__tous__"


class MonthPanel(Vertical):
    """A month typed at the top, a table of that month below, and a line that sums it up."""

    DEFAULT_CSS = """
    MonthPanel { height: 1fr; }
    MonthPanel > .month-bar { height: auto; margin: 1 0 0 0; }
    MonthPanel > .month-bar > Label { padding: 1 1 0 0; }
    MonthPanel > .month-bar > Input { width: 20; }
    MonthPanel > .month-bar > Select { width: 1fr; max-width: 40; margin-left: 2; }
    MonthPanel > FittedTable { height: 1fr; }
    MonthPanel > .month-total { height: auto; padding: 1 0 0 0; }
    """

    COLUMNS: tuple[ListColumn, ...] = ()  # from the one kept longest to the one dropped first
    COLUMN_ORDER: tuple[str, ...] = ()  # their order on screen

    def compose(self) -> ComposeResult:
        with Horizontal(classes="month-bar"):
            yield Label("Mois")
            yield Input(placeholder="novembre 2026", max_length=30, classes="month")
            yield from self.compose_filters()
        yield FittedTable(self.COLUMNS, self.COLUMN_ORDER, self.cells)
        yield Static("", classes="month-total")

    def cells(self, row: Any, rooms: Mapping[str, int]) -> Mapping[str, str | Text]:
        """One row's cells, shortened to their columns."""
        raise NotImplementedError

    def compose_filters(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        today = app_today(self)
        self.query_one(".month", Input).value = month_label(today)

    @on(Input.Changed, ".month")
    def month_typed(self, event: Input.Changed) -> None:
        try:
            period = Period.parse(event.value)
        except KpaError:
            self.query_one(".month-total", Static).update("Tapez un mois comme « novembre 2026 » ou « 11/2026 ».")
            return
        if period.is_month:
            self.reload(period)

    def reload(self, period: Period | None = None) -> None:
        """Read the month again (the one shown, unless another is given)."""
        if period is None:
            try:
                period = Period.parse(self.query_one(".month", Input).value)
            except KpaError:
                return
        call(self, self.read, period, then=lambda rows: self.loaded(period, rows), group="month")

    def read(self, context: Context, period: Period) -> tuple[Any, ...]:
        """The rows of the month (in the worker)."""
        raise NotImplementedError

    def loaded(self, period: Period, rows: tuple[Any, ...]) -> None:
        self.rows = rows
        self.period = period
        self.show()

    def show(self) -> None:
        raise NotImplementedError

    @on(Failed)
    def failed(self, message: Failed) -> None:
        message.stop()
        self.query_one(".month-total", Static).update(message.text)


class HoursPanel(MonthPanel):
    """Hours of the month, for everyone, one person or one job."""

    COLUMNS = (
        ListColumn("day", "Jour", 10),
        ListColumn("person", "Personne", 14, grows_to=26),
        ListColumn("duration", "Durée", 7),
        ListColumn("activity", "Activité", 12, grows_to=24),
        ListColumn("job", "Devis ou facture", 16),
    )
    COLUMN_ORDER = ("day", "person", "activity", "job", "duration")

    def cells(self, row: HoursRow, rooms: Mapping[str, int]) -> Mapping[str, str | Text]:
        return {
            "day": date_fr(row.day),
            "person": shorten(row.person_name, rooms.get("person", 0)),
            "activity": shorten(row.activity_name, rooms.get("activity", 0)),
            "job": row.document_number or "—",
            "duration": Text(hours_text(row.minutes), justify="right"),
        }

    def compose_filters(self) -> ComposeResult:
        yield Select([], prompt="Toutes les personnes", id="hours-person")
        yield Select([], prompt="Tous les travaux", id="hours-job")

    def read(self, context: Context, period: Period) -> tuple[HoursRow, ...]:
        from kpa_local.services.work import list_hours

        return list_hours(context, period)

    def show(self) -> None:
        rows: tuple[HoursRow, ...] = self.rows
        people = sorted({(row.person_name, str(row.person_id)) for row in rows}, key=lambda p: french_key(p[0]))
        jobs = sorted({(row.document_number, row.document_number) for row in rows if row.document_number})
        self._refill("#hours-person", people)
        self._refill("#hours-job", jobs)
        self.filter()

    def _refill(self, selector: str, options: list[tuple[str, str]]) -> None:
        select: Select[str] = self.query_one(selector, Select)
        current = select.value
        with self.prevent(Select.Changed):
            select.set_options(options)
            if any(value == current for _, value in options):
                select.value = current

    @on(Select.Changed)
    def filter(self) -> None:
        person = self.query_one("#hours-person", Select).value
        job = self.query_one("#hours-job", Select).value
        rows = [
            row for row in getattr(self, "rows", ())
            if (not isinstance(person, str) or str(row.person_id) == person)
            and (not isinstance(job, str) or row.document_number == job)
        ]  # fmt: skip
        self.query_one(FittedTable).show(rows)
        minutes = sum(row.minutes for row in rows)
        people = len({row.person_id for row in rows})
        self.query_one(".month-total", Static).update(
            f"{hours_text(minutes)} en {self.period.label} pour {count_text(people, 'personne')}. "
            "Ctrl+T : les heures d'un travail ; Ctrl+L : celles d'une semaine."
        )


class ExpensesPanel(MonthPanel):
    """Expenses of the month."""

    COLUMNS = (
        ListColumn("day", "Date", 10),
        ListColumn("label", "Achat", 14, grows_to=30),
        ListColumn("net", "Hors TVA", 11),
        ListColumn("vat", "TVA", 10),
        ListColumn("supplier", "Fournisseur", 12, grows_to=20),
        ListColumn("tied_to", "Pour", 12),
        ListColumn("receipt", "Ticket", 8, grows_to=12),
    )
    COLUMN_ORDER = ("day", "label", "supplier", "net", "vat", "tied_to", "receipt")

    def cells(self, row: ExpenseRow, rooms: Mapping[str, int]) -> Mapping[str, str | Text]:
        return {
            "day": date_fr(row.day),
            "label": shorten(row.label, rooms.get("label", 0)),
            "supplier": shorten(row.supplier or "—", rooms.get("supplier", 0)),
            "net": Text(money_fr(row.net.cents), justify="right"),
            "vat": Text(money_fr(row.vat.cents), justify="right"),
            "tied_to": row.tied_to or "—",
            "receipt": shorten(row.receipt_ref or "—", rooms.get("receipt", 0)),
        }

    def read(self, context: Context, period: Period) -> tuple[ExpenseRow, ...]:
        from kpa_local.services.work import list_expenses

        return list_expenses(context, period)

    def show(self) -> None:
        rows: tuple[ExpenseRow, ...] = self.rows
        self.query_one(FittedTable).show(rows)
        net = sum(row.net.cents for row in rows)
        self.query_one(".month-total", Static).update(
            f"{count_text(len(rows), 'dépense')} en {self.period.label} : {money_fr(net)} hors TVA. "
            "Ctrl+B : noter une dépense."
        )
