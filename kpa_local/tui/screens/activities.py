"""Activités: the KPA's economic activities. Hours and expenses come in a later version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static

from kpa_local.domain.codes import ACTIVITY_CATEGORIES, label
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.quick_form import QuickFormScreen
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.session import deliver
from kpa_local.tui.widgets.field import choice_field, text_field

if TYPE_CHECKING:
    from kpa_local.services.context import Context
    from kpa_local.services.views import ActivityView


class ActivitiesScreen(SectionScreen):
    """The list of activities, and a new one."""

    MODE = "activities"
    SUB_TITLE = "Activités"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_activity", "Nouvelle activité", id="activities.new"),
    ]

    @dataclass
    class Loaded(Message):
        activities: tuple[ActivityView, ...]

    def compose_body(self) -> ComposeResult:
        yield Static("Activités", classes="section-title")
        yield Static(
            "Les activités économiques de la KPA. Les heures de chacun·e et les dépenses "
            "se noteront ici dans une prochaine version.",
            classes="hint",
        )
        table: DataTable[str] = DataTable(id="activities", cursor_type="row", zebra_stripes=True)
        table.add_columns("Activité", "Catégorie", "Référent·e", "État")
        yield table
        yield Static("", id="activities-count")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="activities", exit_on_error=False)
    def load(self) -> None:
        from kpa_local.services.activities import list_activities

        deliver(self, lambda context: self.Loaded(list_activities(context)))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        table = self.query_one("#activities", DataTable)
        table.clear()
        for activity in message.activities:
            table.add_row(
                activity.name,
                label(ACTIVITY_CATEGORIES, activity.category),
                activity.referent_name or "—",
                "en cours" if activity.active else "arrêtée",
                key=str(activity.id),
            )
        running = sum(1 for activity in message.activities if activity.active)
        self.query_one("#activities-count", Static).update(
            f"{running} activité(s) en cours sur {len(message.activities)}. Ctrl+N pour en ajouter une."
        )

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#activities-count", Static).update(message.text)

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
