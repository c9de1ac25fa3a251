"""The recovery-key sheet is written only in the workspace's private folder and never outlives its screen."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kpa_local.private_files import private_dir, write_private
from kpa_local.tui.screens.recovery_key import RecoveryKeyScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle
from tests.tui.test_sign_in import _fill, _submit

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the system's viewer was asked to open (none is really opened)."""
    asked: list[Path] = []

    def open_with_system(path: Path) -> bool:
        asked.append(path)
        return True

    monkeypatch.setattr("kpa_local.tui.open_file.open_with_system", open_with_system)
    return asked


async def _first_account_until_the_sheet(pilot: Pilot[None]) -> RecoveryKeyScreen:
    await settle(pilot)
    await _fill(pilot, name="Awa Diallo", login="awa", password="un mot de passe", confirmation="un mot de passe")
    await _submit(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RecoveryKeyScreen)
    await pilot.click("#print")
    await settle(pilot)
    return screen


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_sheet_is_private_inside_the_workspace_and_removed_on_continue(
    workspace: Workspace, opened: list[Path]
) -> None:
    app = make_app(workspace, actor=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await _first_account_until_the_sheet(pilot)
        [sheet] = opened
        assert sheet.is_file() and sheet.read_bytes().startswith(b"%PDF")
        assert sheet.parent == private_dir(workspace) and sheet.is_relative_to(workspace.root)
        assert not sheet.is_relative_to(Path(tempfile.gettempdir()) / "cle-de-secours")
        if os.name == "posix":  # modes are POSIX; on Windows the profile folder's rights keep files private
            assert _mode(sheet) == 0o600 and _mode(sheet.parent) == 0o700
        await pilot.click("#kept")
        await pilot.click("#done")
        await settle(pilot)
        assert not isinstance(app.screen, RecoveryKeyScreen)
        assert not sheet.exists()


async def test_the_sheet_goes_when_the_app_closes_on_its_screen(workspace: Workspace, opened: list[Path]) -> None:
    app = make_app(workspace, actor=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await _first_account_until_the_sheet(pilot)
        assert opened[0].is_file()
    assert not opened[0].exists()  # « Continuer » was never pressed


async def test_a_sheet_left_by_a_crash_is_removed_at_the_next_start(workspace: Workspace) -> None:
    folder = private_dir(workspace)
    folder.mkdir(parents=True)
    left = folder / "cle-de-secours-abc.pdf"
    left.write_bytes(b"%PDF-1.4 la cle")
    app = make_app(workspace, actor=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not left.exists()


def test_a_sheet_still_there_when_the_program_ends_is_removed(workspace: Workspace) -> None:
    script = (
        "import sys\nfrom pathlib import Path\nfrom kpa_local.private_files import write_private\n"
        "from kpa_local.workspace import Workspace\n"
        "print(write_private(Workspace(Path(sys.argv[1])), 'cle-de-secours-', '.pdf', b'%PDF la cle'))\n"
        "raise SystemExit(3)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(workspace.root)], capture_output=True, text=True, timeout=60,
        cwd=REPOSITORY,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    written = Path(done.stdout.strip())
    assert written.parent == private_dir(workspace)
    assert not written.exists()


def test_a_sheet_is_never_written_twice_to_the_same_name(workspace: Workspace) -> None:
    first = write_private(workspace, "cle-de-secours-", ".pdf", b"un")
    second = write_private(workspace, "cle-de-secours-", ".pdf", b"deux")
    assert first != second and first.read_bytes() == b"un" and second.read_bytes() == b"deux"
