"""Sauvegardes et vérification, and the audit trail, from Paramètres."""

from textual.widgets import DataTable, Static

from kpa_local.domain.accounts import Actor
from kpa_local.tui.screens.safety import AuditScreen, SafetyScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle


async def test_back_up_check_and_read_the_trail(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        before = app.screen.query_one("#backups", DataTable).row_count
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert "Sauvegarde vérifiée" in str(app.screen.query_one("#safety-message", Static).render())
        assert app.screen.query_one("#backups", DataTable).row_count >= max(before, 1)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "Tout est en ordre" in str(app.screen.query_one("#safety-message", Static).render())
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        table = app.screen.query_one("#entries", DataTable)
        assert str(table.get_row_at(0)[3]) == "sauvegarde"
        assert "Journal entier" in str(app.screen.query_one("#audit-state", Static).render())


async def test_a_cooperant_is_told_the_trail_is_not_for_them(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace, actor=Actor("Thomas Dubois", "cooperant", 3, 1))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(AuditScreen())
        await settle(pilot)
        assert "ne permet pas de lire le journal" in str(app.screen.query_one("#audit-state", Static).render())
        assert app.screen.query_one("#entries", DataTable).row_count == 0
