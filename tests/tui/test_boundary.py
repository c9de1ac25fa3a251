"""No error ends the app: it is written to data/kpa.log, told in French, and what was typed stays."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from kpa_local.tui.boundary import MUST_STOP, NOT_OPENED, UNEXPECTED
from kpa_local.tui.screens.dashboard import DashboardScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle

REPOSITORY = Path(__file__).resolve().parents[2]


class Broken(RuntimeError):
    """What the screens of these tests raise."""


class FormThatFails(Screen[None]):
    """A form whose button raises, and a key that still answers afterwards."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+e", "echo", "Écho"), Binding("f12", "fail", "Casser")]

    def compose(self) -> ComposeResult:
        yield Input(id="typed")
        yield Button("Enregistrer", id="save")
        yield Static("", id="echo")

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        raise Broken("le bouton a cassé")

    def action_fail(self) -> None:
        raise Broken("la touche a cassé")

    def action_echo(self) -> None:
        self.query_one("#echo", Static).update(self.query_one("#typed", Input).value)


class ScreenThatCannotOpen(Screen[None]):
    def compose(self) -> ComposeResult:
        raise Broken("l'écran ne se construit pas")


def _notices(app: object) -> list[str]:
    return [str(notification.message) for notification in app._notifications]  # type: ignore[attr-defined]


async def test_an_error_in_a_handler_is_logged_told_and_keeps_what_was_typed(workspace: Workspace) -> None:
    app = make_app(workspace)
    with pytest.raises(Broken):  # under Pilot the error is raised again when the test ends
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(pilot)
            form = FormThatFails()
            await app.push_screen(form)
            app.screen.query_one("#typed", Input).focus()
            await pilot.press(*"Zoé Canari")
            await pilot.click("#save")
            await settle(pilot)
            assert app.is_running and app.return_code is None
            assert app.screen is form
            assert form.query_one("#typed", Input).value == "Zoé Canari"
            assert UNEXPECTED in _notices(app)
            log = workspace.log_file.read_text(encoding="utf-8")
            assert "Traceback" in log and "Broken: le bouton a cassé" in log
            await pilot.press("ctrl+e")  # the screen still answers
            await settle(pilot)
            assert str(form.query_one("#echo", Static).render()) == "Zoé Canari"
    assert app.return_code in (None, 0)


async def test_a_screen_that_cannot_open_leaves_the_person_where_they_were(workspace: Workspace) -> None:
    app = make_app(workspace)
    with pytest.raises(Broken):
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(pilot)
            below = app.screen
            app.push_screen(ScreenThatCannotOpen())
            await settle(pilot)
            assert app.is_running
            assert app.screen is below and isinstance(below, DashboardScreen)
            assert NOT_OPENED in _notices(app)


async def test_errors_over_and_over_stop_the_app_with_a_reason_and_a_failing_status(workspace: Workspace) -> None:
    app = make_app(workspace)
    with pytest.raises(Broken):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            form = FormThatFails()
            await app.push_screen(form)
            await pilot.press("f12")  # once: the app goes on
            await settle(pilot)
            assert app.is_running and app.screen is form
            for _ in range(4):
                await pilot.press("f12")
            await settle(pilot)
    assert app.return_code == 3  # README « Codes de sortie » : an unexpected error
    assert workspace.log_file.read_text(encoding="utf-8").count("Broken: la touche a cassé") == 5


FIRST_SCREEN_FAILS = """
import sys
from kpa_local.cli import main
from kpa_local.tui.screens.dashboard import DashboardScreen

def compose_body(self):
    raise RuntimeError("le tableau de bord ne se construit pas")

DashboardScreen.compose_body = compose_body
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("command", [["--workspace"], ["demo"]], ids=["kpa", "kpa demo"])
def test_kpa_says_why_it_stops_and_exits_with_three_when_the_first_screen_fails(
    workspace: Workspace, command: list[str]
) -> None:
    environment = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN_FAILS, *command, str(workspace.root)],
        capture_output=True, text=True, timeout=60, cwd=REPOSITORY, env=environment,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr  # as the command line says an unexpected error
    said = " ".join((done.stdout + done.stderr).split())
    assert MUST_STOP.split(" (")[0] in said
    assert "le tableau de bord ne se construit pas" in workspace.log_file.read_text(encoding="utf-8")
