"""What the key screens look like, on a seeded demo with the clock frozen on 26/11/2026."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TextArea

from kpa_local.services.work_views import SharingPreview
from kpa_local.tui.screens.sharing import SharingScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import fix_pseudonym_secret, make_app, settle, settle_until

SIZE = (120, 36)


def test_dashboard(snap_compare: Any, demo_workspace: Workspace) -> None:
    from tests.tui.test_fits_small_terminal import SCREENS

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=SCREENS["dashboard"])


def test_members_list(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def open_members(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f2")
        # The rows come from a worker answering the list's first filters: the picture waits for them.
        await settle_until(pilot, lambda: pilot.app.screen.query_one("#members", DataTable).row_count > 0)
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=open_members)


def test_member_form_with_a_refusal(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def refused_form(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"Benali")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=refused_form)


async def _open_billing(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)


def test_invoices_list(snap_compare: Any, demo_workspace: Workspace) -> None:
    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=_open_billing)


def test_quotes_list(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def quotes(pilot: Pilot[None]) -> None:
        await _open_billing(pilot)
        pilot.app.screen.query_one("#family", Select).value = "devis"
        # The quotes come from a worker, then the columns are fitted to them: the picture waits for both.
        table = pilot.app.screen.query_one("#documents", DataTable)
        await settle_until(pilot, lambda: table.row_count > 0 and str(table.get_row_at(0)[0]).startswith("D-"))
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=quotes)


def test_issued_invoice_in_the_editor(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def open_final_invoice(pilot: Pilot[None]) -> None:
        await _open_billing(pilot)
        table = pilot.app.screen.query_one("#documents", DataTable)
        table.focus()
        table.move_cursor(row=7)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=open_final_invoice)


def test_draft_invoice_with_a_refused_line(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def refused_line(pilot: Pilot[None]) -> None:
        await _open_billing(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        pilot.app.screen.query_one("#line-designation", Input).focus()
        await pilot.press(*"Service en salle", "tab", "backspace", "0", "tab", "tab", *"28,001", "enter")
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=refused_line)


def test_clients_list(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def clients(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=clients)


async def _open_sharing(pilot: Pilot[None], period: str, tab: str = "tab-sharing") -> None:
    from textual.widgets import TabbedContent

    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SharingScreen)
    screen.query_one("#period", Input).value = period
    screen.query_one(TabbedContent).active = tab
    await settle(pilot)
    # The month shown at opening is previewed first: the picture is taken once the period typed is drawn
    # (an older preview is dropped by the channel, never drawn over it), and its tables have laid out.
    from kpa_local.domain.periods import Period

    preview: SharingPreview | None = getattr(screen, "preview", None)  # none until the first preview is drawn
    assert preview is not None and preview.period == Period.parse(period)
    assert screen.query_one("#shares", DataTable).row_count > 0
    assert screen.query_one("#ledger", DataTable).row_count > 0
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_sharing_preview(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def september(pilot: Pilot[None]) -> None:
        await _open_sharing(pilot, "septembre 2026")

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=september)


def test_savings_ledger(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def savings(pilot: Pilot[None]) -> None:
        await _open_sharing(pilot, "septembre 2026", "tab-savings")

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=savings)


def test_network_export_preview(snap_compare: Any, demo_workspace: Workspace) -> None:
    fix_pseudonym_secret(demo_workspace)

    async def export(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=export)


def test_interview_guide_cards(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def cards_step(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        pilot.app.screen.query_one("#person_name", Input).value = "Samia"
        for _ in range(3):
            await pilot.press("ctrl+n")
            await settle(pilot)
        notes = pilot.app.screen.query_one("#card-notes", TextArea)
        await pilot.press("enter")
        notes.insert("J'ai appris à cuisiner pour soixante personnes.\n\nEt à compter les quantités.")
        await pilot.press("ctrl+t", "down", "down", "down", "enter")
        notes.insert("Mes voisines sont devenues des amies.")
        await settle(pilot)
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
        # The clock of the header and the time of the last save change from run to run.
        pilot.app.screen.query_one("#guide-state", Static).update("Entretien n° 7 enregistré.")
        for clock in pilot.app.screen.query("HeaderClock"):
            clock.display = False
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=cards_step)


def test_interview_analysis(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def analysis(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        pilot.app.screen.query_one(TabbedContent).active = "tab-analysis"
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=(120, 50), run_before=analysis)
