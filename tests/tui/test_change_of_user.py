"""A change of user on the shared computer: nothing of the previous person's session is left behind."""

from __future__ import annotations

import weakref

from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from kpa_local.domain.accounts import Actor
from kpa_local.services.accounts import accounts_of
from kpa_local.tui.app import KpaApp
from kpa_local.tui.screens.dashboard import DashboardScreen
from kpa_local.tui.screens.document import DocumentScreen
from kpa_local.tui.screens.member_detail import MemberDetailScreen
from kpa_local.tui.screens.members import MembersScreen
from kpa_local.tui.screens.settings import SettingsScreen
from kpa_local.tui.screens.sharing import SharingScreen
from kpa_local.tui.screens.sign_in import SignInScreen
from kpa_local.tui.widgets.field import Field
from kpa_local.tui.widgets.section_menu import SECTIONS
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle, settle_until
from tests.tui.test_personal_data_screens import _names
from tests.tui.test_sign_in import _fill, _screen_text, _submit

DRAFT_INVOICE_ID = 10  # the demo's draft invoice


def _account(workspace: Workspace, role: str) -> tuple[str, Actor]:
    """The login and the person of the demo's account with that role."""
    row = next(row for row in accounts_of(workspace).all() if row.role == role)
    return row.login, Actor(row.name, row.role, account_id=row.id, person_id=row.person_id)


async def _change_user(pilot: Pilot[None], login: str, password: str) -> None:
    await pilot.press("f10", "f10")  # lock, then « someone else »
    await settle(pilot)
    assert isinstance(pilot.app.screen, SignInScreen)
    await _fill(pilot, login=login, password=password)
    await _submit(pilot)
    await settle_until(pilot, lambda: not isinstance(pilot.app.screen, SignInScreen))


async def _names_in_every_section(pilot: Pilot[None], people: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Open every section in turn: the people whose name is on screen in each."""
    names: dict[str, list[str]] = {}
    for index, (mode, _title) in enumerate(SECTIONS):
        await pilot.press(f"f{index + 1}")
        await settle(pilot)
        assert pilot.app.current_mode == mode
        shown = _screen_text(pilot.app)  # type: ignore[arg-type]
        names[mode] = [f"{first} {last}" for first, last in people if last.upper() in shown or last in shown]
    return names


def _every_screen(app: KpaApp) -> list[Screen[object]]:
    return [screen for stack in app._screen_stacks.values() for screen in stack]


async def test_thomas_sees_nothing_of_what_karim_had_open(demo_workspace: Workspace) -> None:
    _, karim = _account(demo_workspace, "contributeur")
    login, thomas = _account(demo_workspace, "cooperant")
    assert thomas.person_id is not None
    people = _names(demo_workspace, "1 = 1")
    _, own_last = people.pop(thomas.person_id)
    others = [(first, last) for first, last in people.values() if last.upper() != own_last.upper()]
    someone_id, (_, someone_last) = next(
        (person_id, name) for person_id, name in people.items() if name[1].upper() != own_last.upper()
    )
    app = make_app(demo_workspace, actor=thomas)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        own_session = await _names_in_every_section(pilot, others)  # what thomas may see (referents…)

    app = make_app(demo_workspace, actor=karim)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        app.push_screen(MemberDetailScreen(someone_id))
        await settle(pilot)
        assert someone_last.upper() in _screen_text(app)  # karim's screens do show other people
        await pilot.press("f5")
        await settle(pilot)
        app.push_screen(DocumentScreen(DRAFT_INVOICE_ID))
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, SharingScreen)
        app.screen.query_one("#period", Input).value = "2026-11"
        await settle(pilot)
        karims = [weakref.ref(screen) for screen in _every_screen(app)]
        assert len(karims) >= 6  # dashboard, members, a person's file, billing, the draft, sharing
        shown_after: list[Screen[object]] = []
        await pilot.press("f10")
        await settle(pilot)
        app.screen_change_signal.subscribe(app, shown_after.append)

        await _change_user(pilot, login, "demo-cooperant")
        assert app.actor is not None and app.actor.account_id == thomas.account_id
        assert isinstance(app.screen, DashboardScreen)
        left = {id(screen) for ref in karims if (screen := ref()) is not None}
        assert not [screen for screen in shown_after if id(screen) in left]  # never shown again, not even once
        assert await _names_in_every_section(pilot, others) == own_session
        still_there = {id(screen) for screen in _every_screen(app)} | {id(node) for node in app._registry}
        survivors = [screen for ref in karims if (screen := ref()) is not None and id(screen) in still_there]
        assert survivors == []


async def test_coordination_after_karim_gets_a_settings_screen_it_can_save(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace, actor=_account(demo_workspace, "contributeur")[1])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        karims_settings = app.screen
        assert isinstance(karims_settings, SettingsScreen)
        karims_name = karims_settings.query_one("#field-kpa__name", Field)
        assert karims_name.value == demo_workspace.kpa_name() and karims_name.control.disabled  # read, not changed
        assert "seule la coordination" in str(karims_settings.query_one("#settings-message").render())

        await _change_user(pilot, _account(demo_workspace, "coordination")[0], "demo-coordination")
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen) and screen is not karims_settings
        name = screen.query_one("#field-kpa__name", Field)
        assert name.value == demo_workspace.kpa_name() != "" and not name.control.disabled
        name.value = "Coop Manau du Pile"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "enregistrés" in str(screen.query_one("#settings-message").render())
    assert demo_workspace.kpa_name() == "Coop Manau du Pile"


class FormKeepingDrafts(Screen[None]):
    """A form that notes when it is asked to put aside what was typed, and whether it was still in the app."""

    def __init__(self) -> None:
        super().__init__()
        self.asked_while_in_the_app: list[bool] = []

    def compose(self) -> ComposeResult:
        yield Input(id="typed")

    def keep_draft(self) -> None:
        app = self.app
        self.asked_while_in_the_app.append(any(self in stack for stack in app._screen_stacks.values()))


async def test_after_the_idle_lock_someone_else_starts_afresh_and_forms_kept_their_drafts_first(
    demo_workspace: Workspace,
) -> None:
    app = make_app(demo_workspace, actor=_account(demo_workspace, "contributeur")[1])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        form = FormKeepingDrafts()
        await app.push_screen(form)
        app.idle_seconds = 0
        app._lock_when_idle()
        app.idle_seconds = 15 * 60.0  # not again once signed in
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert form.asked_while_in_the_app == [True]  # before the lock covered it
        await pilot.press("f10")  # « someone else »
        await settle(pilot)
        await _fill(pilot, login=_account(demo_workspace, "coordination")[0], password="demo-coordination")
        await _submit(pilot)
        await settle_until(pilot, lambda: not isinstance(app.screen, SignInScreen))
        assert isinstance(app.screen, DashboardScreen)
        assert form.asked_while_in_the_app == [True, True]  # again, before its screen went
        assert not [screen for screen in _every_screen(app) if screen is form or isinstance(screen, MembersScreen)]
