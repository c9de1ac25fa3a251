"""The command palette reaches every section and every main action."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from kpa_local.tui.widgets.section_menu import SECTIONS


class SectionCommands(Provider):
    """Open a section, create a person, import members."""

    def _commands(self) -> list[tuple[str, str, str]]:
        commands = [(f"Aller à : {title}", f"section('{mode}')", "Ouvrir cette partie") for mode, title in SECTIONS]
        commands.append(("Nouvelle personne", "new_member", "Ajouter un membre à la KPA"))
        commands.append(("Importer des membres", "import_members", "Depuis un tableau CSV"))
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
