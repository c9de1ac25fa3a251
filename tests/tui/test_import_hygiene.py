"""Opening the app draws its first screen before the database layer, PDFs or number checks are loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kpa_local.workspace import Workspace

PROBE = Path(__file__).with_name("first_screen_probe.py")
REPOSITORY = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "stdnum")


def _modules_at_first_screen(workspace: Workspace) -> set[str]:
    output = subprocess.run(
        [sys.executable, str(PROBE), str(workspace.root)],
        capture_output=True, text=True, check=True, timeout=60, cwd=REPOSITORY,
    ).stdout  # fmt: skip
    return set(output.split())


def test_the_first_screen_is_drawn_without_the_heavy_modules(workspace: Workspace) -> None:
    modules = _modules_at_first_screen(workspace)
    assert "kpa_local.tui.screens.sign_in" in modules  # the probe did reach the first screen
    loaded = sorted(name for name in modules if name.split(".")[0] in HEAVY)
    assert loaded == []
