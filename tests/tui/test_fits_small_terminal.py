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


def _money_laid_out(pilot: Pilot[None]) -> bool:
    """The savings card placed as the width asks: below the chart under 100 columns, beside it above.

    The card is mounted after the first figures come, and the narrow layout is a class the screen takes
    when it is measured: under load the picture could catch the card where the wide layout puts it.
    """
    screen = pilot.app.screen
    savings, chart = screen.query_one("#savings").virtual_region, screen.query_one("#revenue-chart").virtual_region
    narrow = pilot.app.size.width < 100
    return savings.height > 0 and (savings.y > chart.y) == narrow


async def _dashboard(pilot: Pilot[None]) -> None:
    """The dashboard once its people, its money and its ending contracts have all come."""
    await settle_until(
        pilot,
        lambda: (
            bool(pilot.app.screen.query("#savings"))
            and "€" in str(pilot.app.screen.query_one("#savings", Static).render())
        ),
    )
    await settle_until(pilot, lambda: _money_laid_out(pilot))
    await settle_until(pilot, lambda: _ending_measured(pilot.app.screen.query_one("#ending", DataTable)))
    # The table filled may lay the screen out again: the picture waits until both still hold.
    await settle_until(
        pilot,
        lambda: _money_laid_out(pilot) and _ending_measured(pilot.app.screen.query_one("#ending", DataTable)),
    )


def _ending_measured(table: DataTable[object]) -> bool:
    """The contracts ending soon are there, and their columns measured: DataTable widens its columns to
    new rows when it is next idle, and a loaded computer can take the picture before."""
    return table.row_count > 0 and not table._require_update_dimensions


async def _members(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f2")
    await settle_until(pilot, lambda: pilot.app.screen.query_one("#members", DataTable).row_count > 0)
    await settle(pilot)


async def _person_file(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f2")
    table = pilot.app.screen.query_one("#members", DataTable)
    await settle_until(pilot, lambda: table.row_count > 0)
    table.focus()
    table.move_cursor(row=0)
    await _keys(pilot, "enter")
    await settle_until(pilot, lambda: type(pilot.app.screen).__name__ == "MemberDetailScreen")
    # The record comes from a worker: the picture is taken once its tables are filled and laid out.
    roles = pilot.app.screen.query_one("#roles", DataTable)
    await settle_until(pilot, lambda: roles.row_count > 0 and "(aucun)" not in str(roles.get_row_at(0)[0]))
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


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


async def _client_form(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f4", "ctrl+n")


async def _catalogue(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f5", "ctrl+t")
    await settle_until(pilot, lambda: pilot.app.screen.query_one("#catalogue", DataTable).row_count > 0)


async def _sharing(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f6")
    pilot.app.screen.query_one("#period", Input).value = "septembre 2026"
    await settle_until(
        pilot, lambda: "Septembre 2026" in str(pilot.app.screen.query_one("#sharing-state", Static).render())
    )
    await settle_until(pilot, lambda: "partager" in str(pilot.app.screen.query_one("#to-share", Static).render()))


async def _savings(pilot: Pilot[None]) -> None:
    await _sharing(pilot)
    pilot.app.screen.query_one(TabbedContent).active = "tab-savings"
    await settle(pilot)


async def _export(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f7")
    await settle_until(pilot, lambda: ".zip" in str(pilot.app.screen.query_one("#export-summary", Static).render()))


async def _interview_guide(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f8", "ctrl+n")


async def _interview_cards(pilot: Pilot[None]) -> None:
    await _interview_guide(pilot)
    pilot.app.screen.query_one("#person_name", Input).value = "Samia"
    await _keys(pilot, "ctrl+n", "ctrl+n", "ctrl+n")


async def _statements(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f6", "ctrl+r")
    await settle_until(pilot, lambda: type(pilot.app.screen).__name__ == "StatementsScreen")


async def _settings(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f9")


async def _invoices(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f5")


async def _draft_invoice(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f5", "ctrl+n")
    await settle_until(pilot, lambda: type(pilot.app.screen).__name__ == "DocumentScreen")


async def _quote_step(pilot: Pilot[None], step: int) -> None:
    """The guided quote at its step `step` (0 the client … 4 the last check), filled as a newcomer would."""
    await _keys(pilot, "f5", "ctrl+g")
    wizard = pilot.app.screen
    await settle_until(pilot, lambda: bool(getattr(wizard, "clients", None)))
    if step >= 1:
        wizard.query_one("#client_id", Select).value = next(iter(wizard.clients))  # type: ignore[attr-defined]
        await _keys(pilot, "ctrl+n")
    if step >= 2:
        wizard.query_one("#title", Input).value = "Repas des bénévoles"
        wizard.query_one("#service_start", Input).value = "20/11/2026"
        await _keys(pilot, "ctrl+n")
    if step >= 3:
        wizard.query_one("#line-designation", Input).value = "Repas chaud"
        wizard.query_one("#line-unit_price", Input).value = "12,50"
        wizard.query_one("#line-designation", Input).focus()
        await _keys(pilot, "enter", "ctrl+n")
    if step >= 4:
        await _keys(pilot, "ctrl+n")


def _quote_at(step: int) -> Opening:
    async def opening(pilot: Pilot[None]) -> None:
        await _quote_step(pilot, step)

    return opening


SCREENS: dict[str, Opening] = {
    "dashboard": _dashboard,
    "members": _members,
    "person file": _person_file,
    "member form": _member_form,
    "leave question": _leave_question,
    "hours of a job": _hours_of_a_job,
    "hours of a week": _hours_of_a_week,
    "new activity": _new_activity,
    "client form": _client_form,
    "catalogue": _catalogue,
    "sharing preview": _sharing,
    "savings ledger": _savings,
    "export preview": _export,
    "interview guide": _interview_guide,
    "interview cards": _interview_cards,
    "statements": _statements,
    "settings": _settings,
    "invoices": _invoices,
    "draft invoice": _draft_invoice,
    "guided quote 1 client": _quote_at(0),
    "guided quote 2 what": _quote_at(1),
    "guided quote 3 lines": _quote_at(2),
    "guided quote 4 terms": _quote_at(3),
    "guided quote 5 check": _quote_at(4),
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


DIALOGS = (
    "member form",
    "leave question",
    "hours of a job",
    "hours of a week",
    "new activity",
    "client form",
    "catalogue",
    "statements",
    "guided quote 1 client",
    "guided quote 3 lines",
    "guided quote 5 check",
)


@pytest.mark.parametrize("name", DIALOGS)
async def test_a_dialog_writes_the_keys_that_work_in_it_at_80x24(demo_workspace: Workspace, name: str) -> None:
    """Each key the dialog itself binds (save, next, leave…) is written inside it, where the eye is."""
    from textual.screen import ModalScreen

    from kpa_local.tui.widgets.key_line import key_name

    app = make_app(demo_workspace)
    async with app.run_test(size=SMALL) as pilot:
        await SCREENS[name](pilot)
        screen = app.screen
        assert isinstance(screen, ModalScreen), type(screen).__name__
        written = " ".join(
            str(widget.render())
            for widget in screen.query(Static)
            if _shown(widget) and screen.region.contains_region(screen.find_widget(widget).region)
        )
        wanted = {
            key_name(active.binding.key_display or key)
            for key, active in screen.active_bindings.items()
            if active.node is screen and active.binding.show and active.enabled
        }
        assert wanted, "the dialog binds keys of its own"
        assert {key for key in wanted if key not in written} == set(), written
