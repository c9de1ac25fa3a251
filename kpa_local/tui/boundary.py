"""The last net under every screen: an error nothing else caught is written to data/kpa.log, told in
French, and the app goes on where it was; it stops only when it cannot go on, and says why.

Textual stops the message loop of a screen or widget whose handler raised (it calls
`App._handle_exception` and leaves the loop), so the screen would no longer answer even if the
app stayed open. `guard_dispatch` makes each node of a guarded app hand the error to the app and
keep listening instead; `App._handle_exception` (overridden in the app) receives the rest:
timers, workers, a screen that could not be built.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from textual._context import NoActiveAppError, active_message_pump
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen

from kpa_local.exit_statuses import EXIT_UNEXPECTED
from kpa_local.logfile import LOGGER

UNEXPECTED = (
    "Une erreur inattendue s'est produite. Ce qui était enregistré n'est pas perdu, et ce que vous tapiez "
    "est resté à l'écran. Réessayez ; si cela recommence, notez ce que vous faisiez et prévenez la coordination."
)
NOT_OPENED = "Cet écran n'a pas pu s'ouvrir à cause d'une erreur inattendue. Vous êtes revenu·e à l'écran d'avant."
MUST_STOP = (
    "kpa_local doit s'arrêter à cause d'une erreur inattendue ({why}). Ce qui était enregistré n'est pas perdu. "
    "Relancez l'application ; si cela recommence, prévenez la coordination : le détail est dans {log}."
)
REPEATED = "plusieurs erreurs de suite"
FIRST_SCREEN = "le premier écran n'a pas pu s'ouvrir"

TOO_MANY = 5  # errors within WINDOW_SECONDS: the app is failing over and over, better stop
WINDOW_SECONDS = 30.0

_log = logging.getLogger(LOGGER)


Dispatch = Callable[[MessagePump, Message], Coroutine[Any, Any, None]]


def _dispatch_guarded(original: Dispatch) -> Dispatch:
    async def dispatch(self: MessagePump, message: Message) -> None:
        try:
            await original(self, message)
        except Exception as error:
            try:
                app = self.app
            except NoActiveAppError:
                raise error from None
            handler = getattr(app, "unexpected_error", None)
            if handler is None:
                raise
            handler(error)

    dispatch.kpa_guarded = True  # type: ignore[attr-defined]
    return dispatch


def guard_dispatch() -> None:
    """Make every screen and widget hand an uncaught error to its app and keep answering (done once)."""
    if not getattr(MessagePump._dispatch_message, "kpa_guarded", False):
        MessagePump._dispatch_message = _dispatch_guarded(MessagePump._dispatch_message)  # type: ignore[method-assign, assignment]


class Boundary:
    """What the app does with an error nobody caught: log it, say it, keep the person where they were."""

    def __init__(self, app: App[None], log_name: str, first_screens: frozenset[str]) -> None:
        self.app = app
        self.log_name = log_name
        self.first_screens = first_screens  # ids of screens without which nothing can be done
        self.recent: deque[float] = deque(maxlen=TOO_MANY)
        self.caught = 0

    def catch(self, error: Exception) -> None:
        """Write the traceback to the log, then tell the person, close what could not open, or stop."""
        _log.error("Erreur inattendue dans l'application", exc_info=error)
        self.caught += 1
        now = time.monotonic()
        self.recent.append(now)
        failing = self._screen_being_opened()
        if len(self.recent) == TOO_MANY and now - self.recent[0] < WINDOW_SECONDS:
            self.stop(REPEATED)
        elif failing is not None and self._is_first(failing):
            self.stop(FIRST_SCREEN)
        elif failing is not None:
            self._close(failing)
        else:
            from kpa_local.services.server_trouble import trouble

            server = trouble(error)  # a server out of reach: what to check, not an unexpected error
            title = "Serveur injoignable" if server else "Erreur inattendue"
            self.app.notify(server or UNEXPECTED, title=title, severity="error", timeout=15)

    def stop(self, why: str) -> None:
        """Quit with a French sentence and the status of an unexpected error, as the command line does."""
        self.app.exit(return_code=EXIT_UNEXPECTED, message=MUST_STOP.format(why=why, log=self.log_name))

    def _screen_being_opened(self) -> Screen[object] | None:
        """The screen whose building (compose, mount) raised, if that is what failed."""
        try:
            pump = active_message_pump.get()
        except LookupError:
            return None
        if isinstance(pump, Screen) and not pump.is_mounted:
            return pump
        return None

    def _is_first(self, screen: Screen[object]) -> bool:
        stack = self.app.screen_stack
        return screen.id in self.first_screens or (bool(stack) and screen is stack[0] and len(stack) == 1 and (
            self.app.current_mode == getattr(self.app, "DEFAULT_MODE", "")))  # fmt: skip

    def _close(self, screen: Screen[object]) -> None:
        """A screen that could not be built: back to the one under it (or to the first section)."""
        stack = self.app.screen_stack
        if screen in stack and stack.index(screen) > 0:
            if screen is stack[-1]:
                self.app.pop_screen()
        else:
            mode = self.app.current_mode
            default = getattr(self.app, "DEFAULT_MODE", "_default")
            if mode != default:
                self.app.switch_mode(default)
                builder = self.app._modes[mode]
                self.app.remove_mode(mode)
                self.app.add_mode(mode, builder)  # built again, from scratch, when next opened
        self.app.notify(NOT_OPENED, title="Erreur inattendue", severity="error", timeout=15)
