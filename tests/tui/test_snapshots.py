"""What the key screens look like, on a seeded demo with the clock frozen on 26/11/2026."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle

SIZE = (120, 36)


def test_dashboard(snap_compare: Any, demo_workspace: Workspace) -> None:
    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=settle)


def test_members_list(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def open_members(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=open_members)


def test_member_form_with_a_refusal(snap_compare: Any, demo_workspace: Workspace) -> None:
    async def refused_form(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"Benali")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZE, run_before=refused_form)
