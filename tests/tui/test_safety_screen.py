"""Sauvegardes et vérification, and the audit trail, from Paramètres."""

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from kpa_local.db import cipher
from kpa_local.domain.accounts import Actor
from kpa_local.tui.screens.safety import AuditScreen, SafetyScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle, settle_until


async def test_back_up_check_and_read_the_trail(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
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
        assert str(table.get_row_at(0)[3]) == "Sauvegarde faite"
        assert "Journal entier" in str(app.screen.query_one("#audit-state", Static).render())


def _rows(screen: object) -> list[list[str]]:
    assert isinstance(screen, AuditScreen)
    table = screen.query_one("#entries", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_the_trail_speaks_french_words_and_is_searched_in_words(demo_workspace: Workspace) -> None:
    import re

    from textual.widgets import Input

    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(AuditScreen())
        await settle(pilot)
        search = app.screen.query_one("#filter", Input)
        assert "person." not in search.placeholder and "personne" in search.placeholder
        rows = _rows(app.screen)
        assert rows and all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row[1]) for row in rows)
        words = " ".join(cell for row in rows for cell in row[3:5])
        assert not re.search(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z]+\b|\b[a-z_]+:\d", words), words
        search.value = "personne"
        await settle(pilot)
        rows = _rows(app.screen)
        assert rows and all("personne" in row[3].lower() for row in rows)
        assert any(re.fullmatch(r"Personne n° \d+", row[4]) for row in rows)
        search.value = "girafe"
        await settle(pilot)
        assert _rows(app.screen) == []
        assert "Aucune action ne correspond" in str(app.screen.query_one("#audit-state", Static).render())


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
        await pilot.press("f9")
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


def _corrupt_after_a_backup(workspace: Workspace) -> None:
    """A verified backup, then the database file damaged the way a failing disk would."""
    from contextlib import closing

    from kpa_local.services.backups import backup_now
    from kpa_local.services.workspaces import open_workspace
    from tests.conftest import frozen_today
    from tests.services.test_backups import _corrupt

    context = open_workspace(workspace, clock=frozen_today)
    backup_now(context)
    context.close()
    with closing(cipher.connect(workspace.database_file)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _corrupt(workspace.database_file)


async def test_a_damaged_database_offers_coordination_the_newest_backup(demo_workspace: Workspace) -> None:
    from kpa_local.tui.screens.restore import RestoreScreen

    _corrupt_after_a_backup(demo_workspace)
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RestoreScreen)
        assert "Base de données abîmée" in str(app.screen.query_one(".dialog-title", Static).render())
        assert app.context().database.read_only
        await pilot.click("#restore")
        await settle(pilot)
        assert "est restaurée" in str(app.screen.query_one("#restore-message", Static).render())
        await pilot.click("#keep")
        await settle(pilot)
        assert not isinstance(app.screen, RestoreScreen)
        assert not app.context().database.read_only
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.query_one("#members", DataTable).row_count > 0


async def test_a_contributeur_is_told_to_ask_coordination_when_the_database_is_damaged(
    demo_workspace: Workspace,
) -> None:
    from kpa_local.tui.screens.notice import NoticeScreen

    _corrupt_after_a_backup(demo_workspace)
    app = make_app(demo_workspace, actor=Actor("Karim Haddad", "contributeur", 2))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NoticeScreen)
        assert "demandez à une personne de la coordination" in app.screen.text
        assert not app.screen.query("#restore")


async def _safety_with_a_new_backup(pilot: Pilot[None]) -> None:
    """The Sauvegardes et vérification screen, once a backup has been taken from it."""
    pilot.app.push_screen(SafetyScreen())
    await settle(pilot)
    await pilot.press("ctrl+b")
    await settle(pilot)


def _message(screen: object) -> str:
    assert isinstance(screen, SafetyScreen)
    return str(screen.query_one("#safety-message", Static).render())


def _reasons(screen: object) -> list[str]:
    assert isinstance(screen, SafetyScreen)
    table = screen.query_one("#backups", DataTable)
    return [str(table.get_row_at(row)[1]) for row in range(table.row_count)]


async def test_restore_a_chosen_backup_from_the_list(demo_workspace: Workspace) -> None:
    from kpa_local.tui.screens.restore import RestoreScreen

    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await _safety_with_a_new_backup(pilot)
        table = app.screen.query_one("#backups", DataTable)
        table.focus()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, RestoreScreen)
        assert "Restaurer la sauvegarde du" in str(app.screen.query_one("#restore-message", Static).render())
        await pilot.click("#restore")
        await settle(pilot)
        await pilot.click("#keep")
        await settle_until(pilot, lambda: "avant une restauration" in _reasons(app.screen))
        assert isinstance(app.screen, SafetyScreen)
        assert "avant une restauration" in _reasons(app.screen)  # the base as it was before, kept
        assert "Sauvegarde restaurée" in str(app.screen.query_one("#safety-message", Static).render())


async def test_a_contributeur_is_not_offered_restore(demo_workspace: Workspace) -> None:
    from kpa_local.tui.screens.restore import RestoreScreen

    app = make_app(demo_workspace, actor=Actor("Karim Haddad", "contributeur", 2))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await _safety_with_a_new_backup(pilot)
        app.screen.query_one("#backups", DataTable).focus()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not isinstance(app.screen, RestoreScreen)


async def test_back_up_on_a_usb_key_that_is_not_plugged_in(demo_workspace: Workspace, tmp_path: object) -> None:
    from pathlib import Path

    from textual.widgets import Input

    assert isinstance(tmp_path, Path)
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(SafetyScreen())
        await settle(pilot)
        await pilot.click("#to-folder")
        await settle(pilot)
        assert "Écrivez d'abord le dossier" in str(app.screen.query_one("#safety-message", Static).render())
        app.screen.query_one("#folder", Input).value = str(tmp_path / "CLE")
        await pilot.pause(0.3)
        await pilot.click("#to-folder")
        await settle(pilot)
        assert "n'existe pas" in str(app.screen.query_one("#safety-message", Static).render())
        (tmp_path / "CLE").mkdir()
        await pilot.pause(0.3)  # a button takes a new click once its pressed look has faded
        await pilot.click("#to-folder")
        await settle_until(pilot, lambda: "Sauvegarde vérifiée" in _message(app.screen))
        assert "Sauvegarde vérifiée" in _message(app.screen)
    assert len(list((tmp_path / "CLE").glob("kpa-*.sqlite3"))) == 1
