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


async def test_coordination_creates_an_account_and_resets_a_password(demo_workspace: Workspace) -> None:
    from textual.widgets import Input

    from kpa_local.services.accounts import sign_in
    from kpa_local.tui.screens.accounts import AccountsScreen
    from kpa_local.tui.screens.quick_form import QuickFormScreen

    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert app.screen.query_one("#accounts", DataTable).row_count == 3
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, QuickFormScreen)
        for name, text in (("name", "Awa Diallo"), ("login", "awa"), ("password", "mot de passe"),
                           ("confirmation", "mot de passe")):  # fmt: skip
            app.screen.query_one(f"#{name}", Input).value = text
        app.screen.query_one("#role").value = "contributeur"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        table = app.screen.query_one("#accounts", DataTable)
        assert [str(table.get_row_at(row)[0]) for row in range(table.row_count)].count("awa") == 1
        table.move_cursor(row=[str(table.get_row_at(row)[0]) for row in range(table.row_count)].index("karim"))
        await pilot.press("ctrl+r")
        await settle(pilot)
        for name in ("password", "confirmation"):
            app.screen.query_one(f"#{name}", Input).value = "tout nouveau"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "karim" in str(app.screen.query_one("#accounts-message", Static).render())
    assert sign_in(demo_workspace, "awa", "mot de passe").role == "contributeur"
    assert sign_in(demo_workspace, "karim", "tout nouveau").name == "Karim Haddad"
