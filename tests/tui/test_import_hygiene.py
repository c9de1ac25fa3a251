"""Opening the app loads neither the database layer, nor the PDF library, nor the number checks: the first
screen is drawn without them, and the screens import their services only in the workers that call them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlalchemy", "reportlab", "stdnum")

FIRST_PAINT = """
import sys
from pathlib import Path

from kpa_local.domain.accounts import Actor
from kpa_local.domain.errors import KpaError
from kpa_local.tui.app import KpaApp
from kpa_local.workspace import Workspace

HEAVY = {heavy!r}


class FirstPaint(KpaApp):
    def context(self):
        # No workspace is opened in this test: what is loaded is what the screens themselves import.
        raise KpaError("Pas de base dans ce test.")

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.report)

    def report(self) -> None:
        print(" ".join(name for name in HEAVY if name in sys.modules) or "-", flush=True)
        self.exit()


FirstPaint(Workspace(Path(sys.argv[1])), actor=Actor("Camille Martin", "coordination", account_id=1)).run(
    headless=True, size=(120, 36)
)
"""

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


def _run(script: str, *args: str) -> str:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def test_the_first_screen_is_drawn_without_the_heavy_libraries(tmp_path: Path) -> None:
    assert _run(FIRST_PAINT, str(tmp_path)) == "-"


def test_no_screen_or_widget_imports_the_heavy_libraries_when_it_is_opened() -> None:
    assert _run(EVERY_SCREEN) == "-"
