"""The real app on a temporary workspace, with the clock frozen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from kpa_local.services.demo import build_demo
from kpa_local.tui.app import KpaApp
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today


@pytest.fixture
def demo_workspace(tmp_path: Path) -> Workspace:
    """A small seeded demo KPA, the same on every run."""
    space = Workspace(tmp_path / "demo")
    build_demo(space, people=40, years=2, seed=7, clock=frozen_today).close()
    return space


def make_app(workspace: Workspace) -> KpaApp:
    return KpaApp(workspace, kpa_name="Coop Test", clock=frozen_today)


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
