"""At 80×24 every button, box, choice and list of the key screens is on the screen, or can be scrolled to.

Generic: the screen's widgets are walked (`screen.query("*")`); a screen is added by one entry in SCREENS.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Select, Static, TabbedContent

from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle, settle_until

SMALL = (80, 24)
CHECKED = (Button, Input, Select, DataTable)

Opening = Callable[[Pilot[None]], Awaitable[None]]


def _shown(widget: Widget) -> bool:
    """Whether the widget and every one of its parents is displayed (not in a hidden tab or step)."""
    node: Widget | None = widget
    while node is not None and not isinstance(node, Screen):
        if not node.display or not node.visible:
            return False
        parent = node.parent
        node = parent if isinstance(parent, Widget) else None
    return True


def _scrolls(widget: Widget) -> tuple[bool, bool]:
    return widget.allow_horizontal_scroll, widget.allow_vertical_scroll


def _reachable(widget: Widget, screen: Screen[object]) -> str | None:
    """None if the widget is on the screen or in a container that can scroll to it; else what is wrong."""
    region = screen.find_widget(widget).region
    if region.width <= 0 or region.height <= 0:
        return f"no room at all ({region})"
    node = widget.parent
    while isinstance(node, Widget) and not isinstance(node, Screen):
        horizontal, vertical = _scrolls(node)
        content = node.scrollable_content_region
        if horizontal or vertical:
            # Where the widget sits in the container's scrollable area, whatever the scroll is now.
            inside = region.translate((-content.x + int(node.scroll_x), -content.y + int(node.scroll_y)))
            area = Region(
                0,
                0,
                node.virtual_size.width if horizontal else content.width,
                node.virtual_size.height if vertical else content.height,
            )
            if not area.contains_region(inside):
                return f"outside the scrollable area of {node!r} ({inside} not in {area})"
            return _reachable(node, screen)
        if not content.contains_region(region) and not node.region.contains_region(region):
            return f"cut by {node!r} ({region} not in {node.region})"
        node = node.parent
    if not screen.region.contains_region(region):
        return f"off the screen ({region} not in {screen.region})"
    return None


def out_of_reach(screen: Screen[object]) -> list[str]:
    """Each visible control that cannot be seen, even by scrolling."""
    problems = []
    for widget in screen.query("*"):
        if isinstance(widget, CHECKED) and _shown(widget):
            problem = _reachable(widget, screen)
            if problem is not None:
                problems.append(f"{widget!r}: {problem}")
    return problems


async def _keys(pilot: Pilot[None], *keys: str) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _dashboard(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def _members(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f2")


async def _person_file(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f2")
    pilot.app.screen.query_one("#members", DataTable).focus()
    await _keys(pilot, "enter")
    await settle_until(pilot, lambda: type(pilot.app.screen).__name__ == "MemberDetailScreen")


async def _member_form(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f2", "ctrl+n")


async def _leave_question(pilot: Pilot[None]) -> None:
    await _member_form(pilot)
    await pilot.press(*"Benali")
    await _keys(pilot, "escape")


async def _hours_of_a_job(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f3", "ctrl+t")
    await settle_until(pilot, lambda: type(pilot.app.screen).__name__ == "HoursEntryScreen")


async def _hours_of_a_week(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f3", "ctrl+l")
    await settle_until(pilot, lambda: type(pilot.app.screen).__name__ == "HoursEntryScreen")


async def _new_activity(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f3", "ctrl+n")


async def _sharing(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f6")
    pilot.app.screen.query_one("#period", Input).value = "2026-09"
    await settle(pilot)


async def _savings(pilot: Pilot[None]) -> None:
    await _sharing(pilot)
    pilot.app.screen.query_one(TabbedContent).active = "tab-savings"
    await settle(pilot)


async def _export(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f7")
    await settle(pilot)


async def _interview_guide(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f8", "ctrl+n")


async def _interview_cards(pilot: Pilot[None]) -> None:
    await _interview_guide(pilot)
    pilot.app.screen.query_one("#person_name", Input).value = "Samia"
    await _keys(pilot, "ctrl+n", "ctrl+n", "ctrl+n")


async def _settings(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f9")


SCREENS: dict[str, Opening] = {
    "dashboard": _dashboard,
    "members": _members,
    "person file": _person_file,
    "member form": _member_form,
    "leave question": _leave_question,
    "hours of a job": _hours_of_a_job,
    "hours of a week": _hours_of_a_week,
    "new activity": _new_activity,
    "sharing preview": _sharing,
    "savings ledger": _savings,
    "export preview": _export,
    "interview guide": _interview_guide,
    "interview cards": _interview_cards,
    "settings": _settings,
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_control_is_reachable_at_80x24(demo_workspace: Workspace, name: str) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SMALL) as pilot:
        await SCREENS[name](pilot)
        assert not out_of_reach(app.screen), "\n".join(out_of_reach(app.screen))
        assert any(isinstance(w, CHECKED) and _shown(w) for w in app.screen.query("*"))  # the screen was opened


async def test_sign_in_at_80x24(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace, actor=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle_until(pilot, lambda: "coopérant" in str(app.screen.query_one("#sign-in-hint", Static).render()))
        assert not out_of_reach(app.screen), "\n".join(out_of_reach(app.screen))
        # The demo's accounts, the coopérant·e's last, are all on the screen.
        hint = app.screen.query_one("#sign-in-hint", Static)
        assert app.screen.query_one("#sign-in-box").region.contains_region(hint.region)
        assert app.screen.region.contains_region(hint.region)


async def test_a_button_beyond_the_edge_is_found() -> None:
    """The check itself: a dialog wider than the terminal puts its button out of reach."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical

    class Wide(App[None]):
        CSS = "Vertical { width: 100; height: 10; } Horizontal { align-horizontal: right; }"

        def compose(self) -> ComposeResult:
            with Vertical(), Horizontal():
                yield Button("Enregistrer", id="save")

    app = Wide()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert any("#save" in problem or "save" in problem for problem in out_of_reach(app.screen))
