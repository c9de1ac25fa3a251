"""In the browser's tab of `kpa serve`, the keys the browser keeps (Ctrl+N, Ctrl+T, Ctrl+W, F5, Ctrl+R)
each have a second key that does the same, and the screens show that one."""

from __future__ import annotations

import pytest

from kpa_local.tui.app import KpaApp
from kpa_local.tui.screens.billing import BillingScreen
from kpa_local.tui.widgets.key_line import KeyLine
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle


@pytest.mark.parametrize("in_browser", [True, False])
async def test_the_second_keys_work_and_the_browser_shows_them(
    in_browser: bool, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(KpaApp, "is_web", property(lambda _app: in_browser))
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.get_key_display(app._bindings.key_to_bindings["f10"][0]) == "F10"
        await pilot.press("alt+5")  # F5: the invoices and quotes
        await settle(pilot)
        assert isinstance(app.screen, BillingScreen)
        keys = dict(app.screen.query_one(KeyLine).keys)
        shown = {"Alt+N", "Alt+T"} if in_browser else {"Ctrl+N", "Ctrl+T"}
        assert shown <= set(keys)
        assert keys["Alt+N" if in_browser else "Ctrl+N"] == "Nouvelle facture"
        billing = app.screen
        await pilot.press("alt+n")  # what Ctrl+N does: a new invoice
        await settle(pilot)
        assert app.screen is not billing and type(app.screen).__name__ == "DocumentScreen"


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_section_menu_shows_alt_5_in_the_browser(
    size: tuple[int, int], demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpa_local.tui.widgets.section_menu import SECTIONS, SectionMenu

    monkeypatch.setattr(KpaApp, "is_web", property(lambda _app: True))
    app = make_app(demo_workspace)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        menu = app.screen.query_one(SectionMenu)
        rows = menu.render().plain.splitlines()
        assert len(rows) == len(SECTIONS)
        assert rows[4].startswith(" Alt+5 ")
        assert rows[0] == (" F1 Tableau de bord".ljust(20) if size == (80, 24) else " F1     Tableau de bord".ljust(31))
        assert all(len(row) <= menu.size.width for row in rows)
        assert "F5" not in menu.render().plain
