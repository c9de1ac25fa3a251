"""Opening the app draws its first screen before the database layer, PDFs or number checks are loaded,
and the screens import their services only in the workers that call them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kpa_local.workspace import Workspace

PROBE = Path(__file__).with_name("first_screen_probe.py")
REPOSITORY = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "stdnum", "python_calamine")

EVERY_SCREEN = """
import importlib
import pkgutil
import sys

import kpa_local.tui.app
import kpa_local.tui.screens
import kpa_local.tui.widgets

HEAVY = {heavy!r}
for package in (kpa_local.tui.screens, kpa_local.tui.widgets):
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{{package.__name__}}.{{module.name}}")
        loaded = [name for name in HEAVY if name in sys.modules]
        if loaded:
            print(module.name, *loaded, flush=True)
            raise SystemExit(0)
print("-", flush=True)
"""


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


def test_no_screen_or_widget_imports_the_heavy_modules_when_it_is_opened() -> None:
    done = subprocess.run(
        [sys.executable, "-c", EVERY_SCREEN.format(heavy=HEAVY)],
        capture_output=True, text=True, check=False, timeout=300, cwd=REPOSITORY,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "-"
