"""The screens of a database older than its invoices: the restore's warning, the notice at opening, the recovery."""

from __future__ import annotations

import shutil

from textual.widgets import Button, Static

from kpa_local.services.backup_kinds import Backup
from kpa_local.services.backups import backup_now
from kpa_local.services.clients import list_clients
from kpa_local.services.documents import create_document
from kpa_local.services.issuing import issue_document
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.screens.confirm import ConfirmScreen
from kpa_local.tui.screens.notice import NoticeScreen
from kpa_local.tui.screens.restore import RestoreScreen
from kpa_local.tui.screens.safety import SafetyScreen
from kpa_local.workspace import Workspace
from tests.billing_support import draft
from tests.conftest import frozen_today
from tests.tui.conftest import make_app, settle, settle_until


def _backup_then_two_invoices(workspace: Workspace) -> tuple[Backup, list[str]]:
    context = open_workspace(workspace, clock=frozen_today)
    try:
        backup = backup_now(context)
        client = list_clients(context)[0].id
        return backup, [issue_document(context, create_document(context, draft(client))).number for _ in range(2)]
    finally:
        context.close()


def _text(screen: object, selector: str) -> str:
    assert isinstance(screen, SafetyScreen | RestoreScreen)
    return str(screen.query_one(selector, Static).render())


async def test_the_restore_screen_names_the_invoices_it_would_take_out_and_safety_re_enters_them(
    demo_workspace: Workspace,
) -> None:
    backup, (first, last) = _backup_then_two_invoices(demo_workspace)
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(SafetyScreen())
        await settle(pilot)
        app.push_screen(RestoreScreen(backup, title="Restaurer une sauvegarde"))
        await settle_until(pilot, lambda: "seraient perdues" in _text(app.screen, "#restore-message"))
        assert f"les factures {first} à {last} émises depuis seraient perdues de la base" in _text(
            app.screen, "#restore-message"
        )
        await pilot.click("#restore")
        await settle(pilot)
        await pilot.click("#keep")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        assert not app.screen.query_one("#recover", Button).display
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert f"les factures {first} à {last} manquent" in _text(app.screen, "#safety-message")
        assert app.screen.query_one("#recover", Button).display
        await pilot.click("#recover")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await settle_until(pilot, lambda: "ressaisie depuis son PDF" in _text(app.screen, "#safety-message"))
        assert f"La numérotation reprend après {last}." in _text(app.screen, "#safety-message")
        assert not app.screen.query_one("#recover", Button).display


async def test_the_app_says_at_opening_that_the_database_is_older_than_its_invoices(
    demo_workspace: Workspace,
) -> None:
    backup, (first, last) = _backup_then_two_invoices(demo_workspace)
    live = demo_workspace.database_file
    for end in ("-wal", "-shm"):
        live.with_name(live.name + end).unlink(missing_ok=True)
    shutil.copyfile(backup.path, live)
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, NoticeScreen))
        assert isinstance(app.screen, NoticeScreen)
        assert f"les factures {first} à {last} manquent" in app.screen.text
