"""Sections that are not built yet say so plainly."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from kpa_local.tui.screens.section import SectionScreen

COMING: dict[str, tuple[str, str]] = {
    "export": (
        "Export réseau",
        "L'envoi trimestriel des chiffres anonymisés au réseau KPA-Cité se préparera ici.",
    ),
}


class ComingSoonScreen(SectionScreen):
    """A section whose work is still to come."""

    def __init__(self, mode: str) -> None:
        self.MODE = mode
        super().__init__()
        self.sub_title = COMING[mode][0]

    def compose_body(self) -> ComposeResult:
        title, what = COMING[self.MODE]
        yield Static(title, classes="section-title")
        yield Static(
            f"{what}\n\nCette partie n'est pas encore prête dans cette version de kpa_local. "
            "En attendant, continuez comme d'habitude (tableur, papier).",
            classes="coming-soon",
        )
