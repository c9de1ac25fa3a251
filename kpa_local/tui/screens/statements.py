"""Relevés du trimestre: the quarterly statements written as PDFs, with a progress bar; can be left."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, ProgressBar, Static

from kpa_local.domain.dates import Quarter
from kpa_local.domain.errors import KpaError
from kpa_local.domain.periods import QUARTER_PLACEHOLDER, parse_quarter, quarter_label
from kpa_local.domain.text import count_text
from kpa_local.tui.calls import call
from kpa_local.tui.messages import Failed
from kpa_local.tui.session import app_today
from kpa_local.tui.widgets.field import text_field
from kpa_local.tui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from kpa_local.services.context import Context


class StatementsScreen(ModalScreen[None]):
    """Choose a quarter, write the statements (everyone's, or one's own), open the folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "Écrire les relevés", id="statements.write", priority=True),
        Binding("escape", "close", "Fermer", id="statements.close"),
    ]

    @dataclass
    class Progressed(Message):
        done: int
        total: int

    def compose(self) -> ComposeResult:
        previous = Quarter.of(app_today(self)).previous()
        with VerticalScroll(classes="dialog"):
            yield Static("Relevés du trimestre", classes="dialog-title")
            yield Static(
                "Pour chaque personne : ses heures et les sommes décidées pour elle, mois par mois. "
                "C'est ce qu'il faut pour la déclaration trimestrielle (RSA, prime d'activité).",
                classes="hint",
            )
            yield text_field("quarter", "Trimestre", value=quarter_label(previous), placeholder=QUARTER_PLACEHOLDER)
            yield ProgressBar(id="statements-progress", show_eta=False)
            yield Static("", id="statements-message")
            with Horizontal(classes="buttons"):
                yield Button("Fermer", id="close")
                yield Button("Ouvrir le dossier", id="open-folder", disabled=True)
                yield Button("Écrire les relevés", variant="primary", id="write")
            yield KeyLine()

    def on_mount(self) -> None:
        self.query_one("#statements-progress", ProgressBar).display = False

    def action_write(self) -> None:
        try:
            quarter = parse_quarter(self.query_one("#quarter", Input).value)
        except KpaError as error:
            self.query_one("#statements-message", Static).update(f"[$error]{error.message}[/]")
            return
        bar = self.query_one("#statements-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#statements-message", Static).update("Écriture des relevés… (vous pouvez fermer)")
        call(self, self._write, quarter, then=self.written, group="statements", write=True)

    def _write(self, context: Context, quarter: Quarter) -> tuple[Path, ...]:
        """In the worker: every statement of the quarter, or only one's own, with progress shown."""
        from kpa_local.services.access import Permission, may
        from kpa_local.services.statements import write_statements

        mine = None if may(context, Permission.ALL_STATEMENTS) else [context.actor.person_id or 0]
        return write_statements(context, quarter, mine, self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.post_message(self.Progressed(done, total))

    @on(Progressed)
    def progressed(self, message: Progressed) -> None:
        self.query_one("#statements-progress", ProgressBar).update(total=message.total, progress=message.done)

    def written(self, paths: tuple[Path, ...]) -> None:
        self.folder = paths[0].parent
        self.query_one("#statements-message", Static).update(
            f"[$success]{count_text(len(paths), 'relevé écrit', 'relevés écrits')}[/] dans {self.folder}."
        )
        self.query_one("#statements-progress", ProgressBar).display = False  # done: its room goes to the buttons
        opening = self.query_one("#open-folder", Button)
        opening.disabled = False
        opening.focus()
        opening.scroll_visible(animate=False)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#statements-progress", ProgressBar).display = False
        self.query_one("#statements-message", Static).update(f"[$error]{message.text}[/]")

    @on(Button.Pressed, "#write")
    def write_pressed(self) -> None:
        self.action_write()

    @on(Button.Pressed, "#open-folder")
    def open_folder(self) -> None:
        from kpa_local.tui.open_file import open_with_system

        if not open_with_system(self.folder):
            self.notify(f"Ouvrez le dossier {self.folder} avec l'explorateur de fichiers.")
        elif self.app.is_web:  # the explorer opens beside the browser, which may hide it
            self.notify(f"Le dossier {self.folder} s'ouvre dans l'explorateur de fichiers de l'ordinateur.")

    @on(Button.Pressed, "#close")
    def close_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
