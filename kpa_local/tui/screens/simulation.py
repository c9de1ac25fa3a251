"""Simulate a quote's sharing-out: what each person would receive if it were invoiced and paid."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich import box
from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kpa_local.domain.errors import Problem
from kpa_local.domain.work import DurationError, hours_text, parse_duration
from kpa_local.fmt import money_fr
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.hours_entry import DurationRow
from kpa_local.tui.session import app_today
from kpa_local.tui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from kpa_local.domain.sharing import SharingPlan
    from kpa_local.services import simulation
else:
    simulation = deferred("kpa_local.services.simulation")


class SimulationScreen(ModalScreen[None]):
    """The hours planned per person, then the sharing-out the quote would give."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "simulate", "Calculer", id="simulation.run", priority=True),
        Binding("escape", "close", "Fermer", id="simulation.close"),
    ]

    def __init__(self, quote_id: int, quote_label: str) -> None:
        super().__init__()
        self.quote_id = quote_id
        self.quote_label = quote_label

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide-dialog", id="simulation-dialog"):
            yield Static(f"Simulation de la répartition — {self.quote_label}", classes="dialog-title")
            yield Static(
                "Si ce devis était accepté, facturé et payé : tapez les heures prévues pour chaque personne "
                "(3, 2,5 ou 2h30), puis Ctrl+S. Rien n'est enregistré.",
                classes="hint",
            )
            yield VerticalScroll(id="simulation-people")
            yield Static("", id="simulation-message", classes="error")
            yield Static("", id="simulation-result")
            with Horizontal(classes="buttons"):
                yield Button("Fermer", id="close")
                yield Button("Calculer", variant="primary", id="simulate")
            yield KeyLine()

    def on_mount(self) -> None:
        self.load_people()

    def load_people(self) -> None:
        call(self, simulation.people_with_a_share, app_today(self), then=self.show_people, group="people")

    def show_people(self, people: tuple[tuple[int, str], ...]) -> None:
        box_ = self.query_one("#simulation-people", VerticalScroll)
        box_.mount_all(DurationRow(str(person_id), name) for person_id, name in people)
        if not people:
            box_.mount(Static("Personne n'a aujourd'hui de contrat qui donne droit à une part.", classes="hint"))
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        rows = list(self.query(DurationRow))
        if rows:
            rows[0].query_one("Input").focus()

    def action_simulate(self) -> None:
        planned: dict[int, int] = {}
        problems: list[Problem] = []
        for row in self.query(DurationRow):
            row.show_error("")
            if row.typed.strip():
                try:
                    planned[int(row.key)] = parse_duration(row.typed)
                except DurationError as error:
                    row.show_error(error.message)
                    problems.append(Problem(row.key, error.message))
        message = self.query_one("#simulation-message", Static)
        if problems:
            message.update("Corrigez les durées en rouge.")
            return
        if not planned:
            message.update("Tapez les heures prévues d'au moins une personne.")
            return
        message.update("")
        call(self, simulation.simulate_quote, self.quote_id, planned, then=self.show_result, group="simulation")

    def show_result(self, plan: SharingPlan) -> None:
        from kpa_local.services.sharing_text import STEP_LABELS, notice_sentence

        table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, title_justify="left")
        table.add_column("", no_wrap=True)
        table.add_column("Heures", justify="right")
        table.add_column("Montant", justify="right", no_wrap=True)
        for step in plan.steps:
            table.add_row(STEP_LABELS[step.kind], "", money_fr(step.amount.cents))
        table.add_section()
        for share in plan.shares:
            table.add_row(f"[b]{share.name}[/]", hours_text(share.minutes), f"[b]{money_fr(share.amount.cents)}[/]")
        notice = notice_sentence(plan)
        result = self.query_one("#simulation-result", Static)
        result.update(notice if notice else table)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        for row in self.query(DurationRow):
            row.show_error(message.problems.get(f"personne{row.key}", ""))
        self.query_one("#simulation-message", Static).update(message.text)

    @on(Button.Pressed, "#simulate")
    def simulate_pressed(self) -> None:
        self.action_simulate()

    @on(Button.Pressed, "#close")
    def close_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
