"""A monkey on every screen: for each role, every section and what its keys open, then random keys.

The keys are drawn from a seed: `KPA_MONKEY_SEED` if set, a fixed one otherwise. The test fails on
any exception (caught or not), any failed worker and any error logged; its message names the seed
and the last keys pressed, so that `KPA_MONKEY_SEED=<seed> pytest tests/tui/test_monkey.py` replays it.
The timers are shortened (interview autosave, idle lock) and the monkey pauses past them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
import traceback
import weakref
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from kpa_local.services.accounts import accounts_of
from kpa_local.tui.app import KpaApp
from kpa_local.tui.screens.interview_guide import InterviewGuideScreen
from kpa_local.tui.widgets.section_menu import SectionMenu
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app

DEFAULT_SEED = 20261126
SEED = int(os.environ.get("KPA_MONKEY_SEED") or DEFAULT_SEED)
RANDOM_KEYS = 150  # per role, after the tour
# How deep the tour goes: a section, the screen its key opens, the modal that one opens. The other
# roles reach fewer screens, the same kinds mostly: one level less keeps the monkey within its time.
EXPLORE_DEPTH = {"coordination": 3, "contributeur": 2, "cooperant": 2}
AUTOSAVE_SECONDS = 0.05
IDLE_CHECK_SECONDS = 0.1
IDLE_SECONDS = 0.3  # the idle lock, shortened during the monkey's long pauses
STEP_TIMEOUT = 30.0  # a key whose work takes longer than this is taken as blocked
NEVER = frozenset({"ctrl+q", "ctrl+c", "ctrl+p"})  # quit, and the palette (its system entries quit)
NAVIGATION = ("tab", "shift+tab", "up", "down", "left", "right", "home", "end", "pageup", "pagedown")
EDITING = ("enter", "enter", "escape", "escape", "space", "backspace", "delete")
CONTROLS = tuple(f"ctrl+{letter}" for letter in "sndfortblgkeaywjvux")
SECTION_KEYS = tuple(f"f{number}" for number in range(1, 10))
TYPED = "abcdefghijklmnopqrstuvwxyzAEIOU0123456789 ,./-'@€éèàç"


@dataclass(frozen=True)
class Role:
    name: str
    login: str
    password: str


def _role(workspace: Workspace, role: str) -> Role:
    password = {"coordination": "demo-coordination", "contributeur": "demo-contributeur"}.get(role, "demo-cooperant")
    row = next(row for row in accounts_of(workspace).all() if row.role == role and row.active)
    return Role(role, row.login, password)


class MonkeyFailed(AssertionError):
    """What went wrong, with the seed and the keys that led there."""


class ErrorRecords(logging.Handler):
    """Every record at ERROR or above, kept to fail the test."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.records.append(text)


class Monkey:
    """Drives one app for one role and keeps count."""

    def __init__(
        self, app: KpaApp, pilot: Pilot[None], role: Role, seed: int, problems: Callable[[], list[str]]
    ) -> None:
        assert pilot.app is app
        self.pilot = pilot
        self.app = app
        self.role = role
        self.seed = seed
        self.rng = random.Random(f"{seed}-{role.name}")
        self.problems = problems
        self.last_keys: deque[str] = deque(maxlen=25)
        self.keys_pressed = 0
        self.seen: weakref.WeakSet[Screen[object]] = weakref.WeakSet()
        self.screens_opened = 0
        self.kinds: Counter[str] = Counter()
        self.explored: set[str] = set()
        self.unlocks = 0

    # ---- pressing and watching ----

    def failure(self, what: str) -> MonkeyFailed:
        keys = " ".join(self.last_keys)
        return MonkeyFailed(
            f"Monkey, role {self.role.name}, seed {self.seed}: {what}\n"
            f"after {self.keys_pressed} keys; the last ones (screen: key): {keys}\n"
            f"Replay: KPA_MONKEY_SEED={self.seed} .venv/bin/pytest -p no:xdist tests/tui/test_monkey.py "
            f"-k {self.role.name}"
        )

    def check(self) -> None:
        """Fail at once on an exception in the app, a failed worker or an error logged."""
        exception = self.app._exception
        if exception is not None:
            raise self.failure("the app raised " + "".join(traceback.format_exception(exception))) from exception
        problems = self.problems()
        if problems:
            raise self.failure("\n".join(problems))
        if not self.app.is_running:
            raise self.failure("the app stopped")

    def watch(self) -> None:
        screen = self.app.screen
        if screen not in self.seen:
            self.seen.add(screen)
            self.screens_opened += 1
            self.kinds[type(screen).__name__] += 1

    async def settle(self) -> None:
        """Let the screen catch up and every worker finish (a worker that never ends fails the test)."""
        try:
            await asyncio.wait_for(self._settle(), STEP_TIMEOUT)
        except TimeoutError as error:
            raise self.failure(f"still busy {STEP_TIMEOUT:.0f} s after the last key") from error
        self.check()
        self.watch()

    async def _settle(self) -> None:
        await self.pilot.pause()
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()

    async def press(self, key: str, *, settle: bool = True) -> None:
        if self.signing_in():
            await self.sign_in()
        self.last_keys.append(f"{type(self.app.screen).__name__}: {key}")
        self.keys_pressed += 1
        try:
            await asyncio.wait_for(self.pilot.press(key), STEP_TIMEOUT)
        except TimeoutError as error:
            raise self.failure(f"the key {key} did not return within {STEP_TIMEOUT:.0f} s") from error
        self.check()
        if settle:
            await self.settle()
        else:
            self.watch()

    async def wait(self, seconds: float, why: str) -> None:
        self.last_keys.append(f"(pause {seconds:g} s: {why})")
        await self.pilot.pause(seconds)
        await self.settle()

    async def idle(self) -> None:
        """Leave the keyboard past the idle lock (shortened for the pause), then sign in again."""
        self.app.idle_seconds = IDLE_SECONDS
        await self.wait(IDLE_SECONDS + 3 * IDLE_CHECK_SECONDS, "past the idle lock")
        if not self.signing_in():
            raise self.failure("the screen did not lock after the idle time")
        # Back to a long idle time before signing in: on a loaded computer, a sign-in slower than the
        # shortened idle time would lock the screen again at once, and again.
        self.app.idle_seconds = 3600.0
        await self.sign_in()

    # ---- signing in and the idle lock ----

    def signing_in(self) -> bool:
        return self.app.screen.id == "sign-in"

    async def sign_in(self) -> None:
        """At the sign-in or lock screen: type this role's login and password."""
        self.last_keys.append("(signing in)")
        for attempt in range(60):
            await self.settle()
            if not self.signing_in():
                return
            fields = {field.id: field for field in self.app.screen.query(Input)}
            if "password" in fields and "confirmation" not in fields and attempt % 10 == 0:
                if "login" in fields:
                    fields["login"].value = self.role.login
                fields["password"].value = self.role.password
                fields["password"].focus()
                await self.pilot.press("enter")
                self.unlocks += 1
            await self.pilot.pause(0.05)
        screen = self.app.screen
        message = screen.query_one("#sign-in-message", Static).render()
        focus = [(field.id, field.has_focus) for field in screen.query(Input)]
        raise self.failure(f"could not sign in with this role's password: {message!s} ({screen!r}, {focus})")

    # ---- the tour: every section, every screen its keys open ----

    def own_keys(self, screen: Screen[object], *, widgets: bool = True) -> list[str]:
        """The keys bound by the screen (and its focused widgets) that work now, not the app's."""
        keys = [
            key
            for key, active in screen.active_bindings.items()
            if active.enabled and key not in NEVER and key != "escape"
            if active.node is screen or (widgets and active.node is not self.app)
        ]
        # A key that saves or closes is tried last, so that the others are tried on the open screen.
        return sorted(keys, key=lambda key: key in ("ctrl+s", "enter"))

    async def back_to(self, screen: Screen[object], mode: str) -> bool:
        """Close what is above `screen` with Esc (by hand if Esc does not close it); False if it is gone."""
        for tries in range(8):
            if self.signing_in():
                await self.sign_in()
            if self.app.current_mode != mode:
                self.last_keys.append(f"(back to the section {mode} by hand)")
                await self.app.switch_mode(mode)
                await self.settle()
            if screen not in self.app.screen_stack:
                return False
            if self.app.screen is screen:
                return True
            if tries < 4:
                await self.press("escape")
            else:
                self.last_keys.append("(closed by hand)")
                await self.app.pop_screen()
                await self.settle()
        return self.app.screen is screen

    async def explore(self, depth: int) -> None:
        """Press each key of the screen shown; open what they lead to, once per kind of screen."""
        screen, mode = self.app.screen, self.app.current_mode
        self.explored.add(type(screen).__name__)
        if isinstance(screen, InterviewGuideScreen):
            await self.wait(AUTOSAVE_SECONDS * 4, "past the autosave")
        # Enter opens the row chosen in a section's list; deeper, it would only submit forms half-typed.
        for key in [*self.own_keys(screen, widgets=False), *(["enter"] if depth == 1 else [])]:
            if not await self.back_to(screen, mode):
                return
            if key != "enter" and key not in self.own_keys(screen, widgets=False):
                continue  # no longer available (a step moved on, say)
            if key == "enter" and isinstance(self.app.focused, SectionMenu):
                await self.press("tab")  # Enter on the list of the section, not on the menu
            await self.press(key)
            shown = self.app.screen
            opened = shown is not screen and shown in self.app.screen_stack and not self.signing_in()
            kind = type(shown).__name__
            deeper = depth < EXPLORE_DEPTH[self.role.name] and kind not in self.explored
            if opened and deeper and self.app.current_mode == mode:
                await self.explore(depth + 1)
        await self.back_to(screen, mode)

    async def tour(self) -> None:
        for key in SECTION_KEYS:
            await self.press(key)
            await self.explore(1)

    # ---- the random part ----

    def random_key(self) -> list[str]:
        draw = self.rng.random()
        if draw < 0.25:
            own = self.own_keys(self.app.screen) if not self.signing_in() else []
            return [self.rng.choice(own or list(NAVIGATION))]
        if draw < 0.35:
            return [self.rng.choice(SECTION_KEYS)]
        if draw < 0.55:
            return [self.rng.choice(NAVIGATION)]
        if draw < 0.72:
            return [self.rng.choice(EDITING)]
        if draw < 0.80:
            return [self.rng.choice(CONTROLS)]
        if draw < 0.805:
            return ["f10"]  # the lock key: the monkey signs in again
        return [self.rng.choice(TYPED) for _ in range(self.rng.randint(1, 6))]

    async def roam(self, count: int) -> None:
        long_pauses = sorted(self.rng.sample(range(count), 2))
        for step in range(count):
            for key in self.random_key():
                await self.press(key, settle=self.rng.random() < 0.5)
            if step in long_pauses:
                await self.idle()
            elif self.rng.random() < 0.04:
                await self.wait(AUTOSAVE_SECONDS * 3, "past the autosave")
        await self.settle()

    def totals(self) -> str:
        kinds = ", ".join(f"{name} ×{count}" for name, count in sorted(self.kinds.items()))
        return (
            f"{self.keys_pressed} keys pressed, {self.screens_opened} screens opened "
            f"({len(self.kinds)} kinds: {kinds}), {self.unlocks} sign-ins"
        )


ROLES = ("coordination", "contributeur", "cooperant")


@pytest.mark.parametrize("role_name", ROLES)
async def test_a_monkey_on_every_screen(
    role_name: str,
    demo_workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    record_property: Callable[[str, object], None],
) -> None:
    role = _role(demo_workspace, role_name)
    opened: list[Path] = []

    def open_with_system(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr("kpa_local.tui.open_file.open_with_system", open_with_system)
    monkeypatch.setattr(InterviewGuideScreen, "AUTOSAVE_SECONDS", AUTOSAVE_SECONDS)
    monkeypatch.setattr(KpaApp, "IDLE_CHECK_SECONDS", IDLE_CHECK_SECONDS)
    failed_workers: list[str] = []
    original_run = Worker._run

    async def run_and_record(worker: Worker[object], app: KpaApp) -> None:
        await original_run(worker, app)
        if worker.state == WorkerState.ERROR and worker.error is not None:
            failed_workers.append(
                f"the worker {worker.name!r} failed:\n" + "".join(traceback.format_exception(worker.error))
            )

    monkeypatch.setattr(Worker, "_run", run_and_record)
    errors = ErrorRecords()
    loggers = [logging.getLogger("kpa_local"), logging.getLogger("textual")]
    for logger in loggers:
        logger.addHandler(errors)
    started = time.monotonic()
    app = make_app(demo_workspace, actor=None)
    monkey: Monkey | None = None
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            monkey = Monkey(app, pilot, role, SEED, lambda: [*failed_workers, *errors.records])
            await monkey.sign_in()
            await monkey.tour()
            await monkey.roam(RANDOM_KEYS)
    except MonkeyFailed:
        raise
    except Exception as error:
        what = "".join(traceback.format_exception(error))
        raise (monkey.failure(what) if monkey else MonkeyFailed(what)) from error
    finally:
        for logger in loggers:
            logger.removeHandler(errors)
    assert monkey is not None
    if app.return_code not in (None, 0):
        raise monkey.failure(f"the app ended with the code {app.return_code}")
    if failed_workers or errors.records:
        raise monkey.failure("\n".join([*failed_workers, *errors.records]))
    log = demo_workspace.data_dir / "kpa.log"
    if log.is_file() and "ERROR" in log.read_text(encoding="utf-8"):
        raise monkey.failure("errors in data/kpa.log:\n" + log.read_text(encoding="utf-8"))
    seconds = time.monotonic() - started
    record_property("monkey", f"{role.name}: seed {SEED}, {monkey.totals()}, {seconds:.1f} s")
    assert monkey.keys_pressed >= RANDOM_KEYS and len(monkey.kinds) > 3
