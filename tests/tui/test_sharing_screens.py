"""Pilot tests of hours, the sharing-out and the savings, driven with the keyboard as a person would."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TabbedContent

from kpa_local.domain.periods import Period
from kpa_local.services.billing_queries import list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.context import Context
from kpa_local.services.savings import savings_ledger
from kpa_local.services.sharing import list_sharings, preview_sharing
from kpa_local.services.work import list_hours
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.app import KpaApp
from kpa_local.tui.screens.activities import ActivitiesScreen
from kpa_local.tui.screens.hours_entry import DurationRow, HoursEntryScreen
from kpa_local.tui.screens.quick_form import QuickFormScreen
from kpa_local.tui.screens.sharing import SharingScreen
from kpa_local.tui.screens.simulation import SimulationScreen
from kpa_local.workspace import Workspace
from tests.billing_support import Clock
from tests.conftest import frozen_today
from tests.tui.conftest import COORDINATION, make_app, settle, settle_until


def _open(workspace: Workspace) -> Context:
    return open_workspace(workspace, clock=frozen_today)


async def _sharing_screen(pilot: Pilot[None]) -> SharingScreen:
    """The sharing section, opened with its key (F6) once the app has settled."""
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SharingScreen)
    return screen


def _shown(widget: Static) -> str:
    """The text a Static shows, rich tables included."""
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=110)
    console.print(widget.content)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


async def test_hours_of_a_job_for_two_people_at_once(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ActivitiesScreen)
        await pilot.press("ctrl+t")
        await settle_until(pilot, lambda: isinstance(app.screen, HoursEntryScreen))
        form = app.screen
        activity = form.query_one("#activity", Select)
        activity.value = next(value for _, value in activity._options if isinstance(value, str))
        job = form.query_one("#job", Select)
        job.value = next(value for _, value in job._options if isinstance(value, str))
        rows = list(form.query(DurationRow))
        rows[0].query_one(Input).focus()
        await pilot.press(*"2h30")
        rows[1].query_one(Input).focus()
        await pilot.press(*"25")  # more than a day: refused, nothing saved, what was typed kept
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "24 heures" in str(rows[1].query_one(".row-error", Static).render())
        rows[1].query_one(Input).value = "3"
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: isinstance(app.screen, ActivitiesScreen))
        await settle(pilot)
        table = app.screen.query_one("#hours-panel DataTable", DataTable)
        keys = [column.key.value for column in table.ordered_columns]
        shown = [dict(zip(keys, map(str, table.get_row_at(index)), strict=True)) for index in range(table.row_count)]
        assert any(row["day"] == "26/11/2026" and row["duration"] == "2 h 30" for row in shown)
    context = _open(demo_workspace)
    try:
        today = [row for row in list_hours(context, Period.parse("2026-11")) if row.day == date(2026, 11, 26)]
        assert sorted(row.minutes for row in today)[-2:] == [150, 180] and all(row.document_number for row in today)
    finally:
        context.close()


def _open_month(workspace: Workspace) -> Period:
    """November of the demo, once its overdue invoice is paid: something to share, not validated yet."""
    from kpa_local.services.billing_queries import overdue_invoices
    from kpa_local.services.payments import record_payment

    context = _open(workspace)
    try:
        for invoice in overdue_invoices(context):
            record_payment(context, invoice.id, date(2026, 11, 20), invoice.balance, "virement")
        november = Period.parse("2026-11")
        preview = preview_sharing(context, november)
        assert not preview.validated and preview.plan.shares_anything, preview.plan.notice
        return november
    finally:
        context.close()


async def test_a_preview_read_then_validated_and_the_savings_updated(demo_workspace: Workspace) -> None:
    period = _open_month(demo_workspace)
    context = _open(demo_workspace)
    balance_before = savings_ledger(context).balance.cents
    expected = preview_sharing(context, period).plan
    context.close()
    clock = Clock(frozen_today())
    app = KpaApp(demo_workspace, kpa_name="Coop Test", clock=clock, actor=COORDINATION)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _sharing_screen(pilot)
        screen.query_one("#period", Input).value = period.code
        await settle(pilot)
        state = str(screen.query_one("#sharing-state", Static).render())
        assert "n'est pas finie : elle pourra être validée à partir du 1er décembre 2026" in state
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # no form to fill for a period that cannot be validated yet
        clock.day = date(2026, 12, 1)  # the month has ended: it can be validated now
        screen.compute()
        await settle(pilot)
        state = str(screen.query_one("#sharing-state", Static).render())
        assert "aperçu" in state and "rien n'est enregistré" in state
        assert "À partager" in str(screen.query_one("#to-share", Static).render())
        shares = screen.query_one("#shares", DataTable)
        assert shares.row_count == len(expected.shares)
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: isinstance(app.screen, QuickFormScreen))
        decision = app.screen.query_one("#decision_ref", Input)
        decision.focus()
        await pilot.press(*"Réunion du 26/11")
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: isinstance(app.screen, SharingScreen))
        await settle(pilot)
        assert "répartition validée" in str(screen.query_one("#sharing-state", Static).render())
        screen.query_one(TabbedContent).active = "tab-savings"
        await settle(pilot)
        balance = str(screen.query_one("#balance", Static).render())
        from kpa_local.fmt import money_fr

        assert money_fr(balance_before + expected.savings.cents) in balance
    context = _open(demo_workspace)
    try:
        assert any(s.period == period and s.decision_ref == "Réunion du 26/11" for s in list_sharings(context))
    finally:
        context.close()


async def test_a_quote_simulated_person_by_person(demo_workspace: Workspace) -> None:
    from kpa_local.tui.screens.document import DocumentScreen

    context = _open(demo_workspace)
    quote = list_documents(context, DocumentQuery(family="devis")).rows[0]
    context.close()
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(DocumentScreen(quote.id, kind="devis"))
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_until(
            pilot, lambda: isinstance(app.screen, SimulationScreen) and bool(app.screen.query(DurationRow))
        )
        rows = list(app.screen.query(DurationRow))
        rows[0].query_one(Input).focus()
        await pilot.press(*"6")
        rows[1].query_one(Input).focus()
        await pilot.press(*"3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = _shown(app.screen.query_one("#simulation-result", Static))
        assert rows[0].label in text and rows[1].label in text and "6 h" in text and "À partager" not in text


async def test_an_adjustment_larger_than_the_share_is_asked_again(demo_workspace: Workspace) -> None:
    from textual.widgets import Button

    from kpa_local.tui.screens.confirm import ConfirmScreen

    period = _open_month(demo_workspace)
    app = KpaApp(demo_workspace, kpa_name="Coop Test", clock=lambda: date(2026, 12, 1), actor=COORDINATION)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _sharing_screen(pilot)
        screen.query_one("#period", Input).value = period.code
        screen.query_one("#adjustment", Input).value = "99999"
        screen.query_one("#reason", Input).value = "Oubli de septembre"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert (
            "La régularisation de 99" in question.question and "plus grande que ce que la période" in question.question
        )
        question.query_one("#no", Button).press()
        await settle_until(pilot, lambda: isinstance(app.screen, SharingScreen))
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        app.screen.query_one("#yes", Button).press()
        await settle_until(pilot, lambda: isinstance(app.screen, QuickFormScreen))
        app.screen.query_one("#decision_ref", Input).value = "Réunion du 01/12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QuickFormScreen)  # refused: more than the revenue, said in the form
        assert "on ne peut pas partager plus que ce qui a été reçu" in _shown_text(app.screen)
    context = _open(demo_workspace)
    try:
        assert all(s.period != period for s in list_sharings(context))
    finally:
        context.close()


def _shown_text(screen: object) -> str:
    """Every Static of a screen, as shown."""
    return " ".join(str(widget.render()) for widget in screen.query(Static))  # type: ignore[attr-defined]


async def test_the_columns_of_a_preview_fit_its_own_people_not_an_earlier_one(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _sharing_screen(pilot)
        shares = screen.query_one("#shares", DataTable)
        screen.query_one("#period", Input).value = "2026-09"
        await settle_until(pilot, lambda: shares.row_count > 0)
        names = [str(row[0]) for row in (shares.get_row_at(index) for index in range(shares.row_count))]
        widest = max(len(name) for name in names)
        assert widest > len("Personne")  # the demo's September has names longer than the column's title
        screen.query_one("#period", Input).value = "2020-01"  # long before anyone worked: nobody to share with
        await settle_until(pilot, lambda: screen.preview is not None and screen.preview.period.code == "2020-01")
        assert shares.row_count == 0
        person = next(iter(shares.columns.values()))
        assert person.get_render_width(shares) < widest


async def test_periods_are_shown_in_words_at_opening_and_from_the_history(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _sharing_screen(pilot)
        assert screen.query_one("#period", Input).value == "octobre 2026"  # the month before 26/11/2026
        screen.query_one(TabbedContent).active = "tab-history"
        await settle_until(pilot, lambda: screen.query_one("#history", DataTable).row_count > 0)
        history = screen.query_one("#history", DataTable)
        history.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "tab-sharing"
        assert re.fullmatch(r"[a-zéû]+ 20\d\d", screen.query_one("#period", Input).value)


@pytest.mark.parametrize(("role", "said"), [("coordination", "Ctrl+S pour valider"), ("cooperant", "la coordination")])
async def test_the_preview_says_who_validates(demo_workspace: Workspace, role: str, said: str) -> None:
    from kpa_local.domain.accounts import Actor

    app = make_app(demo_workspace, Actor("Quelqu'un", role, account_id=1, person_id=1))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _sharing_screen(pilot)
        state = screen.query_one("#sharing-state", Static)
        screen.query_one("#period", Input).value = "juin 2026"  # not shared out in the demo
        await settle_until(pilot, lambda: "Juin 2026 : aperçu" in str(state.render()))
        assert said in str(state.render())


async def test_a_validated_period_writes_its_request_to_the_cae(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Button

    from kpa_local.tui.widgets.key_line import KeyLine

    opened: list[Path] = []

    def open_with_system(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr("kpa_local.tui.open_file.open_with_system", open_with_system)
    context = _open(demo_workspace)
    try:
        validated = next(s for s in list_sharings(context) if s.people)
    finally:
        context.close()
    exports = demo_workspace.exports_dir
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _sharing_screen(pilot)
        button = screen.query_one("#payroll-request", Button)
        keys = screen.query_one(KeyLine)
        screen.query_one("#period", Input).value = "novembre 2026"  # not validated: nothing to ask the CAE yet
        await settle_until(pilot, lambda: screen.preview is not None and screen.preview.period.code == "2026-11")
        assert not button.display and "Ctrl+O" not in dict(keys.keys)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert not list(exports.glob("demande-versement-*")) and not opened
        screen.query_one("#period", Input).value = validated.period.label
        await settle_until(pilot, lambda: screen.preview is not None and screen.preview.period == validated.period)
        await settle(pilot)
        assert button.display and dict(keys.keys).get("Ctrl+O") == "Demande de versement"
        await pilot.press("ctrl+o")
        await settle_until(pilot, lambda: bool(opened))
        pdf = exports / f"demande-versement-{validated.period.code}.pdf"
        assert opened == [pdf] and pdf.read_bytes().startswith(b"%PDF")
        table = (exports / f"demande-versement-{validated.period.code}.csv").read_text(encoding="utf-8-sig")
        amounts = [row["montant"] for row in csv.DictReader(table.splitlines(), delimiter=";")]
        assert len(amounts) == validated.people
        assert sum(int(amount.replace(",", "")) for amount in amounts) == validated.shared.cents
        told = " ".join(str(toast.message) for toast in app._notifications)
        assert f"Demande de versement {validated.period.of_label}" in told and "Le PDF s'ouvre" in told
        opened.clear()
        button.press()  # the button does the same as the key
        await settle_until(pilot, lambda: bool(opened))
        assert opened == [pdf]


async def test_the_request_button_can_be_reached_at_80x24(demo_workspace: Workspace) -> None:
    from textual.widgets import Button

    from tests.tui.test_fits_small_terminal import out_of_reach

    app = make_app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _sharing_screen(pilot)
        screen.query_one("#period", Input).value = "septembre 2026"
        await settle_until(pilot, lambda: screen.preview is not None and screen.preview.validated)
        await settle(pilot)
        assert screen.query_one("#payroll-request", Button).display
        assert not out_of_reach(app.screen), "\n".join(out_of_reach(app.screen))
