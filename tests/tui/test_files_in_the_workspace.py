"""The app writes its files in the workspace, never in the home folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from kpa_local.tui.screens.import_members import EXAMPLE_NAME, ImportMembersScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle


async def test_the_import_example_is_written_in_the_workspace(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    app = make_app(workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await app.push_screen(ImportMembersScreen())
        await pilot.click("#example")
        await settle(pilot)
        written = Path(app.screen.query_one("#path", Input).value)
    assert written == workspace.exports_dir / EXAMPLE_NAME and written.is_file()
    assert list(home.iterdir()) == []
