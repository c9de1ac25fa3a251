"""Activités: the KPA's economic activities, the hours worked and the expenses, each in its tab."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static, TabbedContent, TabPane

from kpa_local.domain.codes import ACTIVITY_CATEGORIES, label
from kpa_local.domain.text import count_text
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.list_columns import ListColumn
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.hours_entry import JOB, WEEK, HoursChoices, HoursEntryScreen, load_choices
from kpa_local.tui.screens.quick_form import QuickFormScreen, read_amounts, read_dates
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.session import app_today
from kpa_local.tui.text import shorten
from kpa_local.tui.widgets.field import choice_field, date_field, text_field
from kpa_local.tui.widgets.fitted_table import FittedTable
from kpa_local.tui.widgets.month_panels import ExpensesPanel, HoursPanel

if TYPE_CHECKING:
    from datetime import date

    from kpa_local.services import activities
    from kpa_local.services.context import Context
    from kpa_local.services.views import ActivityView
else:
    activities = deferred("kpa_local.services.activities")


# From the column kept longest to the one dropped first on a small screen.
ACTIVITY_COLUMNS = (
    ListColumn("name", "Activité", 16, grows_to=32),
    ListColumn("state", "État", 8),
    ListColumn("referent", "Référent·e", 14, grows_to=24),
    ListColumn("category", "Catégorie", 19),
)
ACTIVITY_ORDER = ("name", "category", "referent", "state")


def activity_cells(activity: ActivityView, rooms: Mapping[str, int]) -> dict[str, str]:
    """One activity, its names shortened to their columns."""
    return {
        "name": shorten(activity.name, rooms.get("name", 0)),
        "category": label(ACTIVITY_CATEGORIES, activity.category),
        "referent": shorten(activity.referent_name or "—", rooms.get("referent", 0)),
        "state": "en cours" if activity.active else "arrêtée",
    }


class ActivitiesScreen(SectionScreen):
    """The list of activities, the hours of a month and its expenses."""

    MODE = "activities"
    SUB_TITLE = "Activités"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_activity", "Nouvelle activité", id="activities.new"),
        Binding("ctrl+t", "hours('travail')", "Heures d'un travail", id="activities.hours_job"),
        Binding("ctrl+l", "hours('semaine')", "Heures d'une semaine", id="activities.hours_week"),
        Binding("ctrl+b", "new_expense", "Nouvelle dépense", id="activities.expense"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("Activités", classes="section-title")
        yield Static("Flèches ← → sur les onglets pour passer de l'un à l'autre.", classes="hint")
        with TabbedContent(id="activity-tabs"):
            with TabPane("Activités", id="tab-activities"):
                yield Static("Les activités économiques de la KPA.", classes="hint")
                yield FittedTable(ACTIVITY_COLUMNS, ACTIVITY_ORDER, activity_cells, id="activities")
                yield Static("", id="activities-count")
            with TabPane("Heures", id="tab-hours"):
                yield HoursPanel(id="hours-panel")
            with TabPane("Dépenses", id="tab-expenses"):
                yield ExpensesPanel(id="expenses-panel")

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        call(self, activities.list_activities, then=self.show, group="activities")

    def show(self, found: tuple[ActivityView, ...]) -> None:
        self.query_one("#activities", FittedTable).show(found)
        running = sum(1 for activity in found if activity.active)
        self.query_one("#activities-count", Static).update(
            f"{count_text(running, 'activité')} en cours sur {len(found)}. Ctrl+N pour en ajouter une."
        )

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=10)

    def action_new_activity(self) -> None:
        def submit(context: Context, values: Mapping[str, str]) -> object:
            from kpa_local.services.activities import add_activity

            return add_activity(context, values["name"], values["category"], description=values["description"])

        form = QuickFormScreen(
            "Nouvelle activité",
            [
                text_field("name", "Nom de l'activité", placeholder="Les Saveurs de Manau"),
                choice_field("category", "Catégorie (celle du réseau)", ACTIVITY_CATEGORIES, value="autre"),
                text_field("description", "Ce que fait l'activité, en une phrase"),
            ],
            submit,
        )
        self.app.push_screen(form, self._reload)

    def _reload(self, _saved: bool | None) -> None:
        self.load()

    def action_hours(self, mode: str) -> None:
        self.fetch_choices(mode)

    def action_new_expense(self) -> None:
        self.fetch_choices("depense")

    def fetch_choices(self, purpose: str) -> None:
        call(
            self, load_choices, app_today(self), then=lambda choices: self.open_form(purpose, choices), group="choices"
        )

    def open_form(self, purpose: str, choices: HoursChoices) -> None:
        tabs = self.query_one(TabbedContent)
        if purpose in (JOB, WEEK):
            tabs.active = "tab-hours"
            self.app.push_screen(HoursEntryScreen(purpose, choices, app_today(self)), self._hours_saved)
            return
        tabs.active = "tab-expenses"
        self.app.push_screen(expense_form(choices, app_today(self)), self._expense_saved)

    def _hours_saved(self, saved: bool | None) -> None:
        if saved:
            self.query_one(HoursPanel).reload()

    def _expense_saved(self, saved: bool | None) -> None:
        if saved:
            self.query_one(ExpensesPanel).reload()


def expense_form(choices: HoursChoices, today: date) -> QuickFormScreen:
    """The form of a new expense, tied to a job or an activity."""
    from kpa_local.fmt import date_fr

    def submit(context: Context, values: Mapping[str, str]) -> object:
        from kpa_local.services.work import record_expense
        from kpa_local.services.work_views import ExpenseDraft

        day = read_dates(values, {"day": "Date"}, today=context.today())["day"]
        amounts = read_amounts(values, {"net": "le montant hors TVA", "vat": "la TVA"}, zero_when_blank=("vat",))
        activity = int(values["activity"]) if values["activity"] else None
        job = int(values["job"]) if values["job"] else None
        draft = ExpenseDraft(day, values["label"], amounts["net"], amounts["vat"], values["supplier"],
                             values["receipt"], activity, job)  # fmt: skip
        return record_expense(context, draft)

    return QuickFormScreen(
        "Nouvelle dépense",
        [
            date_field("day", "Date du ticket ou de la facture", value=date_fr(today)),
            text_field("label", "Ce qui a été acheté", placeholder="Farine, œufs et beurre"),
            text_field("net", "Montant hors TVA (€)", placeholder="42,50"),
            text_field("vat", "TVA (€), 0 s'il n'y en a pas", placeholder="0"),
            text_field("supplier", "Fournisseur", placeholder="Grossiste Métro"),
            text_field("receipt", "Référence du ticket", placeholder="T-118"),
            choice_field(
                "job", "Pour quel devis ou quelle facture", {str(i): n for i, n in choices.jobs}, blank="Aucun"
            ),
            choice_field(
                "activity", "Ou pour quelle activité", {str(i): n for i, n in choices.activities}, blank="Aucune"
            ),
        ],
        submit,
        hint="Une dépense se rattache à un travail (devis ou facture) ou à une activité.",
    )
