"""The kpa_local terminal app: sections as modes, the workspace opened behind the first screen."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from kpa_local.domain.accounts import Actor
from kpa_local.domain.errors import KpaError
from kpa_local.logfile import log_to
from kpa_local.private_files import sweep_private
from kpa_local.tui.boundary import Boundary, guard_dispatch
from kpa_local.tui.commands import FrenchCommandPalette, SectionCommands, system_commands
from kpa_local.tui.drafts import keep_drafts
from kpa_local.tui.french_keys import speak_french
from kpa_local.tui.screens.dashboard import DashboardScreen
from kpa_local.tui.screens.notice import NoticeScreen
from kpa_local.tui.widgets.key_line import BROWSER_KEYS, shown_key
from kpa_local.tui.widgets.section_menu import SECTIONS
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.services.context import Context
    from kpa_local.services.workspaces import DamagedDatabase


NO_SCREENSHOT = (
    "Les captures d'écran sont désactivées : elles écriraient des données personnelles en clair sur l'ordinateur."
)
LOCK_MODE = "lock"  # the section of the lock: a blank screen under the sign-in screen


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


def _sharing() -> Screen[None]:
    from kpa_local.tui.screens.sharing import SharingScreen

    return SharingScreen()


def _export() -> Screen[None]:
    from kpa_local.tui.screens.network_export import NetworkExportScreen

    return NetworkExportScreen()


def _interviews() -> Screen[None]:
    from kpa_local.tui.screens.interviews import InterviewsScreen

    return InterviewsScreen()


def _settings() -> Screen[None]:
    from kpa_local.tui.screens.settings import SettingsScreen

    return SettingsScreen()


def _damage_screen(damage: DamagedDatabase, actor: Actor) -> Screen[bool] | Screen[None]:
    """What to say when the database is found damaged: coordination is offered the newest verified backup."""
    from kpa_local.services.access import Permission, allows
    from kpa_local.tui.screens.restore import RestoreScreen

    if not allows(actor.role, Permission.RESTORE):
        return NoticeScreen(
            "Base de données abîmée",
            f"La base de données est abîmée ({damage.problem}). Vous pouvez consulter, mais rien ne peut être "
            "changé : demandez à une personne de la coordination de restaurer la dernière sauvegarde.",
        )
    return RestoreScreen(
        damage.newest_backup,
        title="Base de données abîmée",
        intro=f"La base de données est abîmée ({damage.problem}). Elle est ouverte en lecture seule : vous pouvez "
        "consulter, mais rien ne peut être changé avant d'avoir restauré une sauvegarde.",
        keep="Continuer en lecture seule",
    )


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
        "sharing": _sharing,
        "export": _export,
        "interviews": _interviews,
        "settings": _settings,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(f"f{index + 1}", f"section('{mode}')", title, show=False, id=f"section.{mode}")
            for index, (mode, title) in enumerate(SECTIONS)
        ),
        Binding("ctrl+q", "quit", "Quitter", id="app.quit", priority=True),
        Binding("f10", "lock", "Verrouiller", id="app.lock", priority=True),
        *(Binding(second, f"browser_key('{kept}')", show=False) for kept, second in BROWSER_KEYS.items()),
    ]
    IDLE_CHECK_SECONDS = 5.0

    def __init__(
        self,
        workspace: Workspace,
        *,
        kpa_name: str = "",
        clock: Callable[[], date] = date.today,
        actor: Actor | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.kpa_name = kpa_name
        self.clock = clock
        self._open_lock = threading.Lock()
        self._opened: Context | None = None
        self._open_error: str | None = None
        self._warmed_up = False
        # Who is signed in: screens' workers wait for it before the workspace is opened.
        self.actor = actor
        self._signed_in = threading.Event()
        if actor is not None:
            self._signed_in.set()
        self._last_input = time.monotonic()
        self.idle_seconds = 15 * 60.0
        self._mode_before_lock = self.DEFAULT_MODE
        self.add_mode(LOCK_MODE, Screen)
        guard_dispatch()
        speak_french()
        self._boundary = Boundary(self, str(workspace.log_file), first_screens=frozenset({"sign-in"}))
        self._show_who()

    def get_key_display(self, binding: Binding) -> str:
        """Keys in the footer as on the keyboard and in every key line of the app: « Ctrl+S », « Échap »."""
        return binding.key_display or shown_key(binding.key, in_browser=self.is_web)

    def action_browser_key(self, kept: str) -> None:
        """A second key (Alt+N…) does what the key a browser keeps for itself (Ctrl+N…) does here."""
        self.simulate_key(kept)

    def _show_who(self) -> None:
        # The KPA and who is signed in: what someone at a shared computer must see first, even at 80 columns.
        parts = [self.kpa_name or "kpa_local", self.actor.name if self.actor else ""]
        self.title = " · ".join(part for part in parts if part)

    def unexpected_error(self, error: Exception) -> None:
        """An error no screen caught: written to data/kpa.log, told in French; the app goes on if it can."""
        if self._exception is None:
            self._exception = error  # under Pilot, the test still fails on it when it ends
        try:
            self._boundary.catch(error)
        except Exception:  # the net itself failed: Textual's own way (a traceback, then quit)
            super()._handle_exception(error)

    def _handle_exception(self, error: Exception) -> None:
        self.unexpected_error(error)

    def on_mount(self) -> None:
        self.set_class(self.is_web, "-in-browser")  # the section menu makes room for « Alt+5 »
        log_to(self.workspace)
        sweep_private(self.workspace)  # a recovery-key sheet left by a crash
        if self.actor is None:
            from kpa_local.tui.screens.sign_in import SignInScreen

            self.push_screen(SignInScreen(self.workspace, self.kpa_name), self._signed_in_as)
        self.set_interval(self.IDLE_CHECK_SECONDS, self._lock_when_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _lock_when_idle(self) -> None:
        # Not running: the app is closing, and its screens may be gone before this timer stops.
        if not self.is_running or self.actor is None or self._signing_in():
            return
        if time.monotonic() - self._last_input >= self.idle_seconds:
            self._lock()

    def _lock(self) -> None:
        """Cover the screen, close the database and forget its key until the password is typed again.

        The sign-in screen goes in a section of its own, over a blank screen: whoever signs in next
        never sees, even for a moment, what the previous person had open.
        """
        from kpa_local.services.encryption import lock
        from kpa_local.tui.screens.sign_in import SignInScreen

        if self._sign_in_closing():
            self.set_timer(0.05, self._lock_if_still_wanted)
            return
        keep_drafts(self)
        self._signed_in.clear()
        if self._opened is not None:
            self._opened.database.dispose()
        lock(self.workspace)
        if self.current_mode != LOCK_MODE:
            self._mode_before_lock = self.current_mode
        self.switch_mode(LOCK_MODE)
        self.push_screen(SignInScreen(self.workspace, self.kpa_name, locked=self.actor), self._signed_in_as)

    def _sign_in_closing(self) -> bool:
        """Whether a sign-in screen is still there: answered, it may still be being taken down, and a
        second one cannot go up until it is gone."""
        # The app's own children (its screens, in every mode), where Textual refuses a second id.
        return self._nodes._get_by_id("sign-in") is not None

    def _lock_if_still_wanted(self) -> None:
        if self.is_running and self.actor is not None and not self._signing_in():
            self._lock()

    def _signing_in(self) -> bool:
        """Whether the sign-in (or lock) screen is up, even under a notice a late worker put above it
        (its module is loaded only when needed)."""
        return self.current_mode == LOCK_MODE or any(screen.id == "sign-in" for screen in self.screen_stack)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the sign-in or lock screen is up, no key leads anywhere else."""
        return not (action in {"section", "command_palette"} and self._signing_in())

    async def action_lock(self) -> None:
        """Cover everything and ask for the password again; on the lock, let someone else sign in."""
        if self._signing_in():
            if self.screen.id == "sign-in":
                await self.screen.action_switch()  # type: ignore[attr-defined]
            return
        if self.actor is not None:
            self._lock()

    def _signed_in_as(self, actor: Actor | None) -> None:
        if actor is None:
            return
        previous = self.actor
        if previous is not None and previous.account_id != actor.account_id:
            self._discard_sections()
        self.actor = actor
        self._show_who()
        self._last_input = time.monotonic()
        if self._opened is not None:
            self._opened.actor = actor
            self._record_sign_in()
        self._signed_in.set()
        if self.current_mode == LOCK_MODE:
            # The same person finds their screens as they were; someone else starts afresh.
            self.switch_mode(self._mode_before_lock)

    def _discard_sections(self) -> None:
        """Someone else signs in: every screen, list and form of the previous person is dropped.

        Done from the lock's own section: each section is built again, empty, when next opened.
        """
        keep_drafts(self)
        if self.current_mode != LOCK_MODE:
            self.switch_mode(LOCK_MODE)  # a section cannot be dropped while it is the one shown
        for mode, screen in type(self).MODES.items():
            if mode in self._screen_stacks:
                self.remove_mode(mode)
                self.add_mode(mode, screen)
        self._mode_before_lock = self.DEFAULT_MODE
        self.clear_notifications()

    @work(thread=True, exclusive=True, group="sign-in-events", exit_on_error=False)
    def _record_sign_in(self) -> None:
        from kpa_local.services.accounts import write_pending_events

        if self._opened is not None:
            write_pending_events(self._opened)

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
        """The opened workspace, opened by the first worker that needs it (never on the UI thread),
        once someone has signed in (screens read again when the sign-in screen closes)."""
        if not self._signed_in.is_set():
            raise KpaError("Connectez-vous d'abord.")
        with self._open_lock:
            if self._opened is None and self._open_error is None:
                self._open()
        if self._opened is None:
            raise KpaError(self._open_error or "La KPA n'a pas pu être ouverte.")
        return self._opened

    def _open(self) -> None:
        from kpa_local.services.workspaces import DamagedDatabase, open_workspace

        actor = self.actor or Actor("?", "")
        try:
            try:
                self._opened = open_workspace(self.workspace, clock=self.clock, actor=actor)
            except DamagedDatabase as damage:
                self._opened = open_workspace(self.workspace, clock=self.clock, actor=actor, read_only=True)
                self.call_from_thread(self.push_screen, _damage_screen(damage, actor), self._after_restore)
            if self._opened.rollback:  # a database older than its invoices: said before anyone works on it
                older = NoticeScreen("Base remplacée par une copie plus ancienne", self._opened.rollback)
                self.call_from_thread(self.push_screen, older)
            self.idle_seconds = 60.0 * self._opened.settings.security.idle_lock_minutes
            for notice in self._opened.notices:  # told once, the work goes on
                self.call_from_thread(self.push_screen, NoticeScreen("Sauvegarde du jour", notice))
        except KpaError as error:
            self._open_error = error.message
            self.call_from_thread(self.push_screen, NoticeScreen("Impossible d'ouvrir la KPA", error.message))

    def _after_restore(self, restored: bool | None) -> None:
        if restored:
            self.screen.post_message(events.ScreenResume())

    def action_command_palette(self) -> None:
        """The command palette, in French."""
        if self.use_command_palette and not isinstance(self.screen, FrenchCommandPalette):
            self.push_screen(FrenchCommandPalette())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return system_commands(self, screen)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """No screenshot: the file would hold names and amounts, in the clear, outside the workspace."""
        self.notify(NO_SCREENSHOT, severity="warning")

    def save_screenshot(self, filename: str | None = None, path: str | None = None,
                        time_format: str | None = None) -> str:  # fmt: skip
        """Refused, whoever asks (the TEXTUAL_SCREENSHOT variable included)."""
        raise KpaError(NO_SCREENSHOT)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:  # fmt: skip
        """Refused too: nothing of the screen is ever written to a file."""
        self.notify(NO_SCREENSHOT, severity="warning")
        return None

    def action_section(self, mode: str) -> None:
        """Open a section (never from under the sign-in or lock screen)."""
        if not self._signing_in():
            self.switch_mode(mode)

    def on_unmount(self) -> None:
        if self._opened is not None:
            self._opened.close()
