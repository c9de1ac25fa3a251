"""Signing in on the shared computer, the idle lock and changing user, driven with Pilot."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from kpa_local.db import cipher
from kpa_local.domain.errors import KpaError
from kpa_local.services.accounts import has_accounts, sign_in
from kpa_local.services.encryption import is_encrypted, unlock_with_recovery
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.app import KpaApp
from kpa_local.tui.screens.dashboard import DashboardScreen
from kpa_local.tui.screens.member_form import MemberFormScreen
from kpa_local.tui.screens.members import MembersScreen
from kpa_local.tui.screens.recovery_key import RecoveryKeyScreen
from kpa_local.tui.screens.sign_in import SignInScreen
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today
from tests.tui.conftest import make_app, settle, settle_until


async def _fill(pilot: Pilot[None], **values: str) -> None:
    for name, text in values.items():
        field = pilot.app.screen.query_one(f"#{name}", Input)
        field.focus()
        await pilot.press(*text)


async def _submit(pilot: Pilot[None]) -> None:
    await pilot.click("#go")
    await settle(pilot)


def _screen_text(app: KpaApp) -> str:
    """Every character on the rendered screen (the text of the SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")


async def test_nothing_shows_before_sign_in_and_a_wrong_password_is_refused(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace, actor=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert "Céline" not in _screen_text(app) and "LEROY" not in _screen_text(app)
        assert "camille / demo-coordination" in _screen_text(app)  # the demo shows its accounts
        await _fill(pilot, login="camille", password="pas le bon")
        await _submit(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert "Identifiant ou mot de passe incorrect" in str(app.screen.query_one("#sign-in-message", Static).render())
        assert app.screen.query_one("#password", Input).value == ""
        await _fill(pilot, password="demo-coordination")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor is not None and app.actor.name == "Camille Martin"
        assert "Camille Martin" in app.title


async def test_keys_typed_fast_after_tab_go_to_the_next_field(demo_workspace: Workspace) -> None:
    """« camille⇥demo-coordination⏎ » arriving all at once, as from a fast typist on a busy computer: the
    letters after Tab reach the password, not the identifier still busy with the letters before it."""
    app = make_app(demo_workspace, actor=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        typed = [*"camille", "tab", *"demo-coordination", "enter"]
        for key in typed:  # queued in one go: none is read before all are in the queue
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle_until(pilot, lambda: not isinstance(app.screen, SignInScreen))
        assert isinstance(app.screen, DashboardScreen), app.screen.query_one("#sign-in-message", Static).render()
        assert app.actor is not None and app.actor.name == "Camille Martin"


async def test_a_new_kpa_starts_with_its_first_coordination_account(workspace: Workspace) -> None:
    app = make_app(workspace, actor=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await _fill(pilot, name="Awa Diallo", login="awa", password="un mot de passe", confirmation="un autre")
        await _submit(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.screen.query_one("#field-confirmation").has_class("-invalid")
        assert app.screen.query_one("#name", Input).value == "Awa Diallo"  # what was typed stays
        await _fill(pilot, password="un mot de passe", confirmation="un mot de passe")
        await _submit(pilot)
        assert isinstance(app.screen, RecoveryKeyScreen)  # shown once, before anything else
        shown = str(app.screen.query_one("#recovery-value", Static).render())
        assert re.fullmatch(r"[A-Z2-7]{4}(  [A-Z2-7]{4}){7}", shown)
        await pilot.click("#done")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryKeyScreen)  # not before the key is said to be kept
        await pilot.click("#kept")
        await pilot.click("#done")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor is not None and app.actor.role == "coordination"
    assert has_accounts(workspace)
    cipher.forget(workspace.database_file)
    sign_in(workspace, "awa", "un mot de passe")  # the password unwraps the key again
    open_workspace(workspace, clock=frozen_today).close()
    assert is_encrypted(workspace) and cipher.is_encrypted(workspace.database_file)
    unlock_with_recovery(workspace, shown.replace("  ", "-").lower())  # the key shown opens the KPA


async def _wait_for(pilot: Pilot[None], ready: Callable[[], bool]) -> None:
    """Wait, up to about 30 s on a loaded computer, for what a password's check in a thread brings: Argon2 is
    slow on purpose, and signing in again derives the key and opens the KPA anew."""
    for _ in range(600):
        if ready():
            return
        await pilot.pause(0.05)


async def test_the_idle_lock_hides_everything_and_keeps_the_form(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        names = [str(app.screen.query_one("#members", DataTable).get_row_at(row)[0]) for row in range(3)]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, MemberFormScreen)
        await _fill(pilot, last_name="Canari", first_name="Zoé")
        app.idle_seconds = 0
        app._lock_when_idle()
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        shown = _screen_text(app)
        for value in (*names, "Canari", "Zoé"):
            assert value not in shown, value
        assert cipher.key_for(demo_workspace.database_file) is None  # the key is forgotten while locked
        with pytest.raises(KpaError, match="Connectez-vous"):
            app.context()
        await _fill(pilot, password="demo-contributeur")  # not Camille's
        await _submit(pilot)
        # The password is checked in a thread, slow on purpose (Argon2): wait for its answer.
        await _wait_for(pilot, lambda: "Vérification" not in str(app.screen.query_one("#sign-in-message").render()))
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        refusal = str(app.screen.query_one("#sign-in-message", Static).render())
        assert refusal.startswith("Mot de passe incorrect") and "Identifiant" not in refusal  # there is no such field
        await _fill(pilot, password="demo-coordination")
        await _submit(pilot)
        await _wait_for(pilot, lambda: not isinstance(app.screen, SignInScreen))
        await settle(pilot)
        assert isinstance(app.screen, MemberFormScreen), app.screen.query_one("#sign-in-message", Static).render()
        assert app.screen.query_one("#last_name", Input).value == "Canari"
        assert cipher.key_for(demo_workspace.database_file) is not None  # derived again from the password
        assert app.context().database.read("SELECT count(*) FROM person")[0][0] > 0


async def test_changing_user_closes_what_the_previous_one_had_open(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await _fill(pilot, last_name="Canari")
        await pilot.press("f10", "f10")  # lock, then change user
        await settle(pilot)
        await _fill(pilot, login="karim", password="demo-contributeur")
        await _submit(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)  # someone else starts afresh
        assert not [screen for stack in app._screen_stacks.values() for screen in stack
                    if isinstance(screen, (MembersScreen, MemberFormScreen))]  # fmt: skip
        assert app.actor is not None and app.actor.name == "Karim Haddad"
        assert "Karim Haddad" in app.title


async def test_the_idle_check_does_nothing_once_the_app_is_closing(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.idle_seconds = 0.0
    # The interval may tick once more after the screens are closed and before the timers stop.
    assert not app.screen_stack
    app._lock_when_idle()
    assert app._signed_in.is_set()  # no lock was attempted on an app without screens


async def test_a_notice_over_the_lock_does_not_lock_a_second_time(demo_workspace: Workspace) -> None:
    from kpa_local.tui.screens.notice import NoticeScreen

    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        app.push_screen(NoticeScreen("Enregistré", "Une réponse arrivée après le verrouillage."))
        await settle(pilot)
        app.idle_seconds = 0.0
        app._lock_when_idle()  # the next idle check, with the notice on top of the lock
        await settle(pilot)
        assert [type(screen).__name__ for screen in app.screen_stack].count("SignInScreen") == 1


async def test_a_lock_right_after_signing_in_waits_for_the_sign_in_screen_to_go(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        answered = app._signed_in_as
        locks_at_once: list[bool] = []

        def then_lock_at_once(actor: object) -> None:
            answered(actor)  # type: ignore[arg-type]
            if not locks_at_once:  # the idle check ticks before the answered sign-in screen is taken down
                locks_at_once.append(app._sign_in_closing())
                app._lock()

        app._signed_in_as = then_lock_at_once  # type: ignore[method-assign]
        await pilot.press("f10")
        await settle(pilot)
        await _fill(pilot, password="demo-coordination")
        await _submit(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert locks_at_once == [True]  # the race did happen
        assert isinstance(app.screen, SignInScreen)  # locked again, once
        assert [type(screen).__name__ for screen in app.screen_stack].count("SignInScreen") == 1
