"""The command palette reaches every section and every main action, and speaks French."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any, ClassVar

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widgets.option_list import Option

from kpa_local.tui.widgets.section_menu import SECTIONS


class SectionCommands(Provider):
    """Open a section, create a person, import members."""

    def _commands(self) -> list[tuple[str, str, str]]:
        commands = [(f"Aller à : {title}", f"section('{mode}')", "Ouvrir cette partie") for mode, title in SECTIONS]
        commands.append(("Nouvelle personne", "new_member", "Ajouter un membre à la KPA"))
        commands.append(("Importer des membres", "import_members", "Depuis un tableur : .xlsx, .ods ou CSV"))
        return commands

    async def _run(self, action: str) -> None:
        if action.startswith("section"):
            await self.app.run_action(action)
            return
        await self.app.run_action("section('members')")
        await self.app.screen.run_action(action)

    async def discover(self) -> Hits:
        for title, action, help_text in self._commands():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action), help=help_text)


class FrenchCommandPalette(CommandPalette, inherit_bindings=False):
    """Textual's command palette, with its keys and texts in French."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+end, shift+end", "command_list('last')", "Dernière commande", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "Première commande", show=False),
        Binding("down", "cursor_down", "Commande suivante", show=False),
        Binding("escape", "escape", "Fermer la palette"),
        Binding("pagedown", "command_list('page_down')", "Page suivante", show=False),
        Binding("pageup", "command_list('page_up')", "Page précédente", show=False),
        Binding("up", "command_list('cursor_up')", "Commande précédente", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(placeholder="Chercher une commande…", id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, in French: after a short wait, say that no command matches what was typed."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCH, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


NO_MATCH = "Aucune commande ne correspond"


def system_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The palette's own entries, in French; no screenshot (it would write names and amounts in the clear)."""
    yield SystemCommand("Quitter", "Fermer kpa_local (ce qui est enregistré est gardé)", app.action_quit)
    yield SystemCommand("Verrouiller", "Cacher l'écran jusqu'à ce que le mot de passe soit tapé", partial(
        app.run_action, "lock"))  # fmt: skip
    if screen.maximized is not None:
        yield SystemCommand("Réduire", "Rendre au cadre choisi sa taille normale", screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand("Agrandir", "Montrer le cadre choisi sur tout l'écran", screen.action_maximize)
