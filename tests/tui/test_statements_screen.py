"""Relevés du trimestre on a small screen: once written, the buttons are still there to open the folder."""

from __future__ import annotations

from textual.widgets import Button, Static

from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle_until
from tests.tui.test_fits_small_terminal import SCREENS, SMALL, out_of_reach


async def test_after_writing_the_statements_the_folder_can_be_opened_at_80x24(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SMALL) as pilot:
        await SCREENS["statements"](pilot)
        await pilot.press("ctrl+s")
        message = app.screen.query_one("#statements-message", Static)
        await settle_until(pilot, lambda: "écrits" in str(message.render()))
        opening = app.screen.query_one("#open-folder", Button)
        assert not opening.disabled and app.focused is opening
        assert app.screen.region.contains_region(opening.region)  # in sight, not below the dialog's edge
        assert out_of_reach(app.screen) == []
