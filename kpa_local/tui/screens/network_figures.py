"""The coordination's screen: open a folder of bundles, see the network's key figures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich import box
from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Static

from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from kpa_local.services import network_report
    from kpa_local.services.network_report import FolderFigures
else:
    network_report = deferred("kpa_local.services.network_report")


class NetworkFiguresScreen(Screen[None]):
    """Every figure of the network report, from the bundles of a folder (checked first)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Retour", id="network.back")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with VerticalScroll(id="network-body"):
            yield Static("Les chiffres du réseau", classes="section-title")
            yield Static("Le dossier où sont rangés les fichiers kpa-… .zip envoyés par les KPA (par exemple "
                         "kpa-roubaix-manau-2026Q3.zip), puis Entrée. Chaque envoi est vérifié ; ceux qui ne sont "
                         "pas valables sont laissés de côté et nommés.", classes="hint")  # fmt: skip
            with Horizontal(id="network-bar"):
                yield Label("Dossier")
                yield Input(id="folder")
            yield Static("", id="network-state")
            yield Static("", id="network-figures")
        yield KeyFooter()

    def on_mount(self) -> None:
        folder = self.query_one("#folder", Input)
        workspace = getattr(self.app, "workspace", None)
        folder.value = str(workspace.exports_dir) if workspace is not None else ""
        folder.focus()
        self.compute(Path(folder.value))

    @on(Input.Submitted, "#folder")
    def folder_chosen(self, event: Input.Submitted) -> None:
        self.compute(Path(event.value.strip()))

    def compute(self, folder: Path) -> None:
        call(self, network_report.figures_from_folder, folder, then=self.show, group="figures")

    def show(self, found: FolderFigures) -> None:
        from kpa_local.documents.network_report import intro_text

        invalid = "".join(f"\n[$error]{result.path.name} laissé de côté : {result.problems[0].sentence()}[/]"
                          for result in found.invalid)  # fmt: skip
        figures = found.figures
        if figures is None:
            self.query_one("#network-state", Static).update("Aucun envoi valable dans ce dossier." + invalid)
            self.query_one("#network-figures", Static).update("")
            return
        self.query_one("#network-state", Static).update(intro_text(figures) + invalid)
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_header=False, pad_edge=False)
        table.add_column("", ratio=3)
        table.add_column("", justify="right")
        table.add_column("", justify="right")
        table.add_column("", ratio=2, style="green")
        for section in figures.sections:
            table.add_row(f"[b]{section.title}[/]", "", "", "")
            for count in section.counts:
                table.add_row(f"  {count.label}", str(count.count), f"{count.percent} %", "█" * (count.percent // 4))
        self.query_one("#network-figures", Static).update(table)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#network-state", Static).update(f"[$error]{message.text}[/]")

    def action_back(self) -> None:
        self.dismiss()
