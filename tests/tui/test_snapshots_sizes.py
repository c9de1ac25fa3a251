"""The key screens at the two sizes a KPA's computer has: 80×24 (a small window) and 120×36.

The screens are those whose controls are checked for reach at 80×24 (test_fits_small_terminal.SCREENS);
the sign-in screen is added here, before anyone has signed in.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._header import HeaderClock

from kpa_local.workspace import Workspace
from tests.tui.conftest import fix_pseudonym_secret, make_app, settle, settle_until
from tests.tui.test_fits_small_terminal import SCREENS

SAVED = re.compile(r"enregistré à \d\d:\d\d\.")
SIZES = {"80x24": (80, 24), "120x36": (120, 36)}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare: Any, demo_workspace: Workspace, name: str, size: str) -> None:
    fix_pseudonym_secret(demo_workspace)

    async def opened_without_the_clock(pilot: Pilot[None]) -> None:
        await SCREENS[name](pilot)
        # What changes from run to run: the time of day in the header and in the interview's last save.
        for clock in pilot.app.screen.query(HeaderClock):
            clock.display = False
        for state in pilot.app.screen.query("#guide-state").results(Static):
            state.update(SAVED.sub("enregistré.", str(state.render())))
        await settle(pilot)

    assert snap_compare(make_app(demo_workspace), terminal_size=SIZES[size], run_before=opened_without_the_clock)


async def _accounts_shown(pilot: Pilot[None]) -> None:
    await settle_until(pilot, lambda: "coopérant" in str(pilot.app.screen.query_one("#sign-in-hint", Static).render()))


@pytest.mark.parametrize("size", list(SIZES))
def test_sign_in(snap_compare: Any, demo_workspace: Workspace, size: str) -> None:
    assert snap_compare(make_app(demo_workspace, actor=None), terminal_size=SIZES[size], run_before=_accounts_shown)
