"""The real app on a temporary workspace, with the clock frozen."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input

from kpa_local.domain.accounts import Actor
from kpa_local.services.demo import build_demo
from kpa_local.tui.app import KpaApp
from kpa_local.tui.calls import unanswered
from kpa_local.tui.widgets.fitted_table import FittedTable
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today, share_key


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small seeded demo KPA, built once per test run."""
    root = tmp_path_factory.mktemp("demo-template") / "demo"
    build_demo(Workspace(root), people=40, years=2, seed=7, clock=frozen_today).close()
    return root


@pytest.fixture
def demo_workspace(demo_template: Path, tmp_path: Path) -> Workspace:
    """A fresh copy of the seeded demo KPA, the same on every run."""
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    workspace = Workspace(root)
    share_key(Workspace(demo_template), workspace)
    return workspace


COORDINATION = Actor("Camille Martin", "coordination", account_id=1)


def make_app(workspace: Workspace, actor: Actor | None = COORDINATION) -> KpaApp:
    """The app, already signed in as coordination unless told otherwise (None: the sign-in screen first)."""
    return KpaApp(workspace, kpa_name="Coop Test", clock=frozen_today, actor=actor)


async def settle(pilot: Pilot[None], rounds: int = 20) -> None:
    """Let every worker finish and every answer reach its screen (an answer may ask for the next one),
    with steady cursors (screenshots stay the same)."""
    await pilot.pause()
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if unanswered() == 0:
            break
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    # A table measures its columns when idle, and a fitted one draws them again when its width changes: under
    # load the picture could catch it between its rows and their widths.
    for _ in range(rounds * 12):  # up to about 5 s on a loaded computer; most often none
        screen = pilot.app.screen
        tables = screen.query(DataTable)
        measuring = any(table._require_update_dimensions or table._updated_cells for table in tables)
        # A table fitted to a container not yet laid out again would be fitted to its old width.
        laying_out = screen._layout_required or any(widget._layout_required for widget in screen.walk_children(Widget))
        if not (measuring or laying_out) and all(table.fit == table.wanted() for table in screen.query(FittedTable)):
            break
        await pilot.pause(0.02)
    await pilot.pause()  # the columns just fitted are drawn


async def settle_until(pilot: Pilot[None], ready: Callable[[], bool], rounds: int = 20) -> None:
    """Settle again until `ready()` (a chain of callbacks and workers may take several rounds), then once
    more: what made it ready (rows added, a card mounted) is measured and laid out on the next rounds."""
    for _ in range(rounds):
        await settle(pilot)
        if ready():
            await settle(pilot)
            return
        await pilot.pause(0.05)


def fix_pseudonym_secret(workspace: Workspace) -> None:
    """Each KPA's pseudonym secret is random; a fixed one keeps the pids of a picture the same from run to run."""
    from contextlib import closing

    from kpa_local.db import cipher

    with closing(cipher.connect(workspace.database_file)) as connection, connection:
        connection.execute("UPDATE secret SET value = ? WHERE name = 'pseudonymes-reseau'", (b"k" * 32,))


def document_id(workspace: Workspace, number: str) -> int:
    """The id of the document numbered `number` (« FA-2026-0003 »), read before the app opens."""
    from kpa_local.services.billing_queries import list_documents
    from kpa_local.services.billing_views import DocumentQuery
    from kpa_local.services.workspaces import open_workspace

    context = open_workspace(workspace, clock=frozen_today)
    try:
        return list_documents(context, DocumentQuery(search=number)).rows[0].id
    finally:
        context.close()
