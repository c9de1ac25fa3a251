"""The kpa_local terminal app: sections as modes, the workspace opened behind the first screen."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from kpa_local.domain.errors import KpaError
from kpa_local.tui.commands import SectionCommands
from kpa_local.tui.screens.dashboard import DashboardScreen
from kpa_local.tui.screens.notice import NoticeScreen
from kpa_local.tui.widgets.section_menu import SECTIONS
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.services.context import Context


def _members() -> Screen[None]:
    from kpa_local.tui.screens.members import MembersScreen

    return MembersScreen()


def _activities() -> Screen[None]:
    from kpa_local.tui.screens.activities import ActivitiesScreen

    return ActivitiesScreen()


def _clients() -> Screen[None]:
    from kpa_local.tui.screens.clients import ClientsScreen

    return ClientsScreen()


def _billing() -> Screen[None]:
    from kpa_local.tui.screens.billing import BillingScreen

    return BillingScreen()


def _settings() -> Screen[None]:
    from kpa_local.tui.screens.settings import SettingsScreen

    return SettingsScreen()


def _coming(mode: str) -> Callable[[], Screen[None]]:
    def make() -> Screen[None]:
        from kpa_local.tui.screens.placeholder import ComingSoonScreen

        return ComingSoonScreen(mode)

    return make


class KpaApp(App[None]):
    """One KPA's app on the office computer."""

    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"
    TITLE = "kpa_local"
    COMMANDS = App.COMMANDS | {SectionCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    ENABLE_COMMAND_PALETTE = True
    DEFAULT_MODE = "dashboard"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        "dashboard": DashboardScreen,
        # Only the first screen is imported at start; the others when first opened.
        "members": _members,
        "activities": _activities,
        "clients": _clients,
        "billing": _billing,
        "sharing": _coming("sharing"),
        "export": _coming("export"),
        "settings": _settings,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(f"f{index + 1}", f"section('{mode}')", title, show=False, id=f"section.{mode}")
            for index, (mode, title) in enumerate(SECTIONS)
        ),
        Binding("ctrl+q", "quit", "Quitter", id="app.quit", priority=True),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        kpa_name: str = "",
        clock: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.kpa_name = kpa_name
        self.title = f"kpa_local · {kpa_name}" if kpa_name else "kpa_local"
        self.clock = clock
        self._open_lock = threading.Lock()
        self._opened: Context | None = None
        self._open_error: str | None = None
        self._warmed_up = False

    @on(DashboardScreen.Loaded)
    def _warm_up_once(self) -> None:
        """Once the first figures are on screen, load the rest of the database layer quietly."""
        if not self._warmed_up:
            self._warmed_up = True
            self._warm_up()

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        import kpa_local.services.members  # noqa: F401  (the ORM and the models)

        if self._opened is not None:
            _ = self._opened.database.engine

    def context(self) -> Context:
        """The opened workspace, opened by the first worker that needs it (never on the UI thread)."""
        with self._open_lock:
            if self._opened is None and self._open_error is None:
                self._open()
        if self._opened is None:
            raise KpaError(self._open_error or "La KPA n'a pas pu être ouverte.")
        return self._opened

    def _open(self) -> None:
        from kpa_local.services.workspaces import open_workspace

        try:
            self._opened = open_workspace(self.workspace, clock=self.clock)
        except KpaError as error:
            self._open_error = error.message
            self.call_from_thread(self.push_screen, NoticeScreen("Impossible d'ouvrir la KPA", error.message))

    def action_section(self, mode: str) -> None:
        """Open a section."""
        self.switch_mode(mode)

    def on_unmount(self) -> None:
        if self._opened is not None:
            self._opened.close()
