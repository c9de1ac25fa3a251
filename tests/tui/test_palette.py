"""The command palette speaks French and no key or command writes the screen to a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Select

from kpa_local.domain.errors import KpaError
from kpa_local.tui.app import NO_SCREENSHOT
from kpa_local.tui.commands import NO_MATCH, FrenchCommandPalette
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle
from tests.tui.test_sign_in import _screen_text

ENGLISH = ("Theme", "Keys", "Quit", "Screenshot", "Maximize", "Minimize", "Search for", "Dismiss", "No matches",
           "Exit the command palette", "Change the current theme")  # fmt: skip


def _english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{word}\b", text)]


async def test_the_palette_lists_its_entries_in_french_without_a_screenshot(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, FrenchCommandPalette)
        shown = _screen_text(app)
        assert "Chercher une commande" in shown and "Quitter" in shown and "Verrouiller" in shown
        assert _english_in(shown) == []
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles and not [title for title in titles if "capture" in title.lower() or "Screenshot" in title]
        await pilot.press(*"screenshot")
        await settle(pilot)
        await pilot.pause(0.6)  # past the palette's wait before it says nothing matches
        shown = _screen_text(app)
        assert NO_MATCH in shown and _english_in(shown.replace("screenshot", "")) == []
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FrenchCommandPalette)


async def test_no_key_or_command_writes_a_screenshot(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(home / "Downloads"))
    monkeypatch.chdir(tmp_path)
    before = set(tmp_path.rglob("*"))
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await app.run_action("screenshot")
        assert app.deliver_screenshot() is None
        with pytest.raises(KpaError):
            app.save_screenshot(path=str(tmp_path))
        await settle(pilot)
        assert NO_SCREENSHOT in [str(notice.message) for notice in app._notifications]
        bound = [binding.action for node in (app, app.screen) for bindings in node._bindings.key_to_bindings.values()
                 for binding in bindings]  # fmt: skip
        assert "quit" in bound and not [action for action in bound if "screenshot" in action]
    assert [path for path in set(tmp_path.rglob("*")) - before if path.suffix == ".svg"] == []


async def test_the_key_shown_under_an_open_list_is_in_french(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        status = app.screen.query_one("#status", Select)
        status.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert status.expanded
        shown = _screen_text(app)
        assert "Fermer la liste" in shown and "Dismiss" not in shown
