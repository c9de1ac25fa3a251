"""Tableau de bord: who is in the KPA, this quarter's entries and exits, contracts ending soon."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Static

from kpa_local.domain.codes import CONTRACT_KINDS, ROLES, label
from kpa_local.domain.text import plural
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.section import SectionScreen

if TYPE_CHECKING:
    from kpa_local.services import dashboard
    from kpa_local.services.views import DashboardFigures, MoneyFigures
else:
    dashboard = deferred("kpa_local.services.dashboard")


class DashboardScreen(SectionScreen):
    """Live figures of the KPA."""

    MODE = "dashboard"
    SUB_TITLE = "Tableau de bord"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "refresh", "Actualiser", id="dashboard.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        """The first figures are on screen (the app then loads the rest of the database layer)."""

        figures: DashboardFigures

    def compose_body(self) -> ComposeResult:
        yield Static("Tableau de bord", classes="section-title", id="dashboard-title")
        with Horizontal(id="figures"):
            people = Static("Chargement des chiffres…", classes="card", id="people")
            people.border_title = "Dans la KPA"
            yield people
            movements = Static("…", classes="card", id="movements")
            movements.border_title = "Ce trimestre"
            yield movements
        # The charts are added once their figures arrive, after the people's: the first screen draws sooner.
        yield Horizontal(id="money")
        yield Static("Contrats qui se terminent bientôt", classes="card-title", id="ending-title")
        # Columns come with the figures: an empty table draws faster on the first screen.
        yield DataTable(id="ending", cursor_type="row", zebra_stripes=True)

    def on_screen_resume(self) -> None:
        # Also when the app starts: the figures need the database layer, loaded once the screen is drawn.
        self.call_after_refresh(self.load)

    def action_refresh(self) -> None:
        self.load()

    def load(self) -> None:
        call(self, dashboard.dashboard_figures, then=self.show, group="figures")

    def show(self, figures: DashboardFigures) -> None:
        from kpa_local.fmt import count_fr, date_fr, long_date_fr

        self.query_one("#dashboard-title", Static).update(
            f"Tableau de bord — {figures.kpa_name}, {long_date_fr(figures.today)}"
        )
        lines = [f"[b $success]{count_fr(figures.people_present)} personnes[/]"]
        by_role = [(figures.people_by_role.get(code, 0), title) for code, title in ROLES.items()]
        lines += [f"{count_fr(count):>5}  {plural(count, title, f'{title}s')}" for count, title in by_role]
        if sum(count for count, _ in by_role) > figures.people_present:
            lines.append("[dim]Certain·es ont deux rôles.[/]")
        self.query_one("#people", Static).update("\n".join(lines))
        movements = self.query_one("#movements", Static)
        movements.border_title = figures.quarter_label.capitalize()
        entries, exits = figures.entries_this_quarter, figures.exits_this_quarter
        movements.update(
            f"{count_fr(entries):>5}  {plural(entries, 'entrée')}\n{count_fr(exits):>5}  {plural(exits, 'sortie')}"
        )
        self.load_money()
        self.query_one("#ending-title", Static).update(
            f"Contrats qui se terminent dans les {figures.alert_days} jours ({len(figures.ending_contracts)})"
            if figures.names_shown
            else "Les contrats qui se terminent bientôt sont suivis par la coordination et les contributeur·rices."
        )
        table = self.query_one("#ending", DataTable)
        if not table.columns:
            table.add_columns("Personne", "Contrat", "Dernier jour", "Dans")
        table.clear()
        for contract in figures.ending_contracts:
            days = "aujourd'hui" if contract.days_left == 0 else f"{contract.days_left} j"
            table.add_row(
                contract.person_name,
                label(CONTRACT_KINDS, contract.kind),
                date_fr(contract.last_day),
                days,
                key=str(contract.person_id),
            )
        self.post_message(self.Loaded(figures))

    def load_money(self) -> None:
        call(self, dashboard.money_figures, then=self.show_money, group="money")

    def show_money(self, figures: MoneyFigures) -> None:
        from kpa_local.fmt import date_fr, money_fr
        from kpa_local.tui.widgets.bar_chart import BarChart, sparkline

        row = self.query_one("#money", Horizontal)
        if not row.children:
            savings = Static("", classes="card", id="savings")
            savings.border_title = "Épargne collective"
            row.mount_all([BarChart(height=4, id="revenue-chart"), savings])
        row.query_one(BarChart).show(figures.revenue_by_month, f"Chiffre d'affaires {figures.today.year}, hors TVA")
        row.query_one("#savings", Static).update(
            f"[b $success]{money_fr(figures.savings_balance_cents)}[/]\nsolde au {date_fr(figures.today)}\n"
            f"[$success]{sparkline(figures.savings_by_month)}[/]\n[dim]les 12 derniers mois[/]"
        )

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#people", Static).update(message.text)

    @on(DataTable.RowSelected, "#ending")
    def open_person(self, event: DataTable.RowSelected) -> None:
        from kpa_local.tui.screens.member_detail import MemberDetailScreen

        if event.row_key.value:
            self.app.push_screen(MemberDetailScreen(int(event.row_key.value)))
