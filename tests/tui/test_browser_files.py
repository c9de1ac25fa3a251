"""In the browser's tab of `kpa serve`, an invoice's PDF is offered as a download; the recovery sheet
never is (it would stay in the Downloads folder, in clear): it opens in the computer's viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from kpa_local.tui.app import KpaApp
from kpa_local.tui.screens.document import DocumentScreen
from kpa_local.tui.screens.recovery_key import RecoveryKeyScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import document_id, make_app, settle, settle_until
from tests.tui.test_recovery_sheet import _first_account_until_the_sheet


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Path]]:
    """The app runs as in a browser tab; what it delivered to the browser and what it asked the viewer."""
    files: dict[str, list[Path]] = {"download": [], "viewer": []}

    def deliver_binary(_app: KpaApp, path: Path, **_options: object) -> str:
        files["download"].append(Path(path))
        return "delivery"

    def open_with_system(path: Path) -> bool:
        files["viewer"].append(path)
        return True

    monkeypatch.setattr(KpaApp, "is_web", property(lambda _app: True))
    monkeypatch.setattr(KpaApp, "deliver_binary", deliver_binary)
    monkeypatch.setattr("kpa_local.tui.open_file.open_with_system", open_with_system)
    return files


async def test_an_invoice_pdf_is_offered_as_a_download(
    demo_workspace: Workspace, handed: dict[str, list[Path]]
) -> None:
    invoice_id = document_id(demo_workspace, "FA-2026-0003")
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(DocumentScreen(invoice_id))
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle_until(pilot, lambda: bool(handed["download"]))
        [pdf] = handed["download"]
        assert pdf.name.startswith("FA-2026-0003") and pdf.read_bytes().startswith(b"%PDF")
        assert handed["viewer"] == []
        assert any("télécharger" in str(toast.message) for toast in app._notifications)


async def test_the_recovery_sheet_is_never_downloaded(workspace: Workspace, handed: dict[str, list[Path]]) -> None:
    app = make_app(workspace, actor=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _first_account_until_the_sheet(pilot)
        assert isinstance(screen, RecoveryKeyScreen)
        assert handed["download"] == [] and len(handed["viewer"]) == 1
        assert "pas dans le navigateur" in str(screen.query_one("#recovery-message", Static).render())
