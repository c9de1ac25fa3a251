"""The one channel from screens to services: only the latest answer of a read is shown, answers for a
closed screen are dropped, and writes are neither cancelled by reads nor run twice at once."""

from __future__ import annotations

import asyncio
import threading
from datetime import date
from typing import Any

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from kpa_local.domain.errors import KpaError, Problem, Refused
from kpa_local.tui.calls import BUSY, call, unanswered
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.members import MembersScreen
from kpa_local.tui.session import UNEXPECTED
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle

CONTEXT = object()  # what the services below receive: they need no workspace


class Gate:
    """A service that answers `value` once the test opens the gate, and says when it has answered."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.answered = threading.Event()
        self.calls = 0

    def __call__(self, context: object, value: str) -> str:
        assert context is CONTEXT
        self.calls += 1
        try:
            # A bound only so that a failing test cannot hang the run; the test opens the gate itself.
            self.opened.wait(30)
            return value
        finally:
            self.answered.set()

    async def open_and_wait(self) -> None:
        self.opened.set()
        assert await asyncio.to_thread(self.answered.wait, 30)


def at_once(context: object, value: str) -> str:
    assert context is CONTEXT
    return value


class Probe(Widget):
    """Records what the channel hands over."""

    def __init__(self) -> None:
        super().__init__(id="probe")
        self.delivered: list[str] = []
        self.failures: list[Failed] = []

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.failures.append(message)


class ProbeScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Probe()


class ChannelApp(App[None]):
    """The smallest app the channel needs: a context for the services and a probe to deliver to."""

    def context(self) -> object:
        return CONTEXT

    def clock(self) -> date:
        return date(2026, 11, 26)

    def compose(self) -> ComposeResult:
        yield Probe()


async def _answered(pilot: Pilot[None], rounds: int = 50) -> None:
    """Wait until every call has been answered on the UI thread (bounded by a count, not by time)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if unanswered() == 0:
            return
    raise AssertionError(f"{unanswered()} call(s) still unanswered")


async def test_only_the_latest_read_of_a_group_is_delivered() -> None:
    app = ChannelApp()
    slow = Gate()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        call(probe, slow, "old", then=probe.delivered.append, group="list")
        call(probe, at_once, "new", then=probe.delivered.append, group="list")
        await pilot.pause()
        await slow.open_and_wait()
        await _answered(pilot)
        assert probe.delivered == ["new"]
        assert slow.calls == 1  # the slow one did run: its answer was dropped, not lost in a cancelled worker


async def test_reads_of_other_groups_do_not_supersede_each_other() -> None:
    app = ChannelApp()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        call(probe, at_once, "clients", then=probe.delivered.append, group="clients")
        call(probe, at_once, "documents", then=probe.delivered.append, group="documents")
        await _answered(pilot)
        assert sorted(probe.delivered) == ["clients", "documents"]


async def test_a_read_asked_while_a_write_runs_does_not_cancel_the_write() -> None:
    app = ChannelApp()
    slow = Gate()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        assert call(probe, slow, "saved", then=probe.delivered.append, group="document", write=True)
        call(probe, at_once, "reloaded", then=probe.delivered.append, group="document")
        await pilot.pause()
        await slow.open_and_wait()
        await _answered(pilot)
        assert probe.delivered == ["reloaded", "saved"]
        assert slow.calls == 1


async def test_a_second_write_of_a_group_is_refused_while_the_first_runs() -> None:
    app = ChannelApp()
    slow = Gate()
    again = Gate()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        assert call(probe, slow, "first", then=probe.delivered.append, group="save", write=True)
        assert not call(probe, again, "second", then=probe.delivered.append, group="save", write=True)
        await pilot.pause()
        assert [notification.message for notification in app._notifications] == [BUSY]
        await slow.open_and_wait()
        await _answered(pilot)
        assert probe.delivered == ["first"]
        assert again.calls == 0
        # Once the first has answered, the next write of the group runs.
        assert call(probe, at_once, "third", then=probe.delivered.append, group="save", write=True)
        await _answered(pilot)
        assert probe.delivered == ["first", "third"]


async def test_an_answer_for_a_closed_screen_is_dropped_without_error() -> None:
    app = ChannelApp()
    slow = Gate()
    async with app.run_test() as pilot:
        await app.push_screen(ProbeScreen())
        probe = app.screen.query_one(Probe)
        call(probe, slow, "late", then=probe.delivered.append, group="list")
        call(app.screen, slow, "late too", then=probe.delivered.append, group="list", write=True)
        app.pop_screen()
        await pilot.pause()
        await slow.open_and_wait()
        await _answered(pilot)
        assert probe.delivered == []
        assert probe.failures == []
    assert app.return_code in (0, None)


async def test_an_answer_for_a_removed_widget_is_dropped_without_error() -> None:
    app = ChannelApp()
    slow = Gate()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        call(probe, slow, "late", then=probe.delivered.append, group="list")
        await probe.remove()
        await slow.open_and_wait()
        await _answered(pilot)
        assert probe.delivered == []
        assert not app.query(Probe)


async def test_a_coroutine_callback_is_awaited_and_a_screen_may_dismiss_itself_from_one() -> None:
    app = ChannelApp()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)

        async def draw(value: str) -> None:
            await asyncio.sleep(0)
            probe.delivered.append(value)

        call(probe, at_once, "drawn", then=draw, group="draw")
        answers: list[bool | None] = []
        dialog: Screen[bool] = Screen()
        app.push_screen(dialog, answers.append)
        await pilot.pause()
        # dismiss() returns an awaitable that must not be awaited from the screen's own handler.
        call(dialog, at_once, "saved", then=lambda _saved: dialog.dismiss(True), group="save", write=True)
        await _answered(pilot)
        assert probe.delivered == ["drawn"]
        assert answers == [True]


def _refuse(context: object) -> str:
    raise Refused([Problem("name", "Écrivez le nom.")])


def _kpa_error(context: object) -> str:
    raise KpaError("La période est déjà validée.")


def _crash(context: object) -> str:
    raise ZeroDivisionError("a bug")


@pytest.mark.parametrize(
    ("service", "text", "problems"),
    [
        (_refuse, "Écrivez le nom.", {"name": "Écrivez le nom."}),
        (_kpa_error, "La période est déjà validée.", {}),
        (_crash, UNEXPECTED, {}),
    ],
)
async def test_a_refusal_or_an_error_reaches_the_failure_handler_as_a_sentence(
    service: Any, text: str, problems: dict[str | None, str], app_log: list[str]
) -> None:
    app = ChannelApp()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        told: list[Failed] = []
        call(probe, service, then=probe.delivered.append, group="save", write=True)
        call(probe, service, then=probe.delivered.append, group="other", failed=told.append)
        await _answered(pilot)
        assert probe.delivered == []
        assert [(failure.text, failure.problems) for failure in probe.failures] == [(text, problems)]
        assert [(failure.text, failure.problems) for failure in told] == [(text, problems)]
    crashed = service is _crash
    assert any("Erreur inattendue" in line for line in app_log) is crashed


async def test_clearing_a_slow_search_shows_the_whole_members_list(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kpa_local.services.members as members

    original = members.list_members
    gate = Gate()
    everyone_listed = threading.Event()

    def list_members(context: Any, query: Any) -> Any:
        if query.search == "zzz":
            gate(CONTEXT, "")
            return original(context, query)
        listed = original(context, query)
        everyone_listed.set()
        return listed

    monkeypatch.setattr(members, "list_members", list_members)
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MembersScreen)
        table = screen.query_one("#members", DataTable)
        everyone = table.row_count
        assert everyone > 0
        search = screen.query_one("#search", Input)
        search.value = "zzz"  # nobody matches, and this search is slow
        await pilot.pause()
        everyone_listed.clear()
        search.value = ""
        # The newer search answers first (waiting for every worker would wait for the gate's bound).
        assert await asyncio.to_thread(everyone_listed.wait, 30)
        for _ in range(5):
            await pilot.pause()
        await gate.open_and_wait()
        await settle(pilot)
        for _ in range(20):  # the late answer, if it were shown, arrives within a few rounds
            await pilot.pause()
        assert table.row_count == everyone
        assert str(screen.query_one("#count", Static).render()) != MembersScreen.EMPTY
