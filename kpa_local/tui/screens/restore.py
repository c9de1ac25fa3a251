"""Restoring a backup from the screen: one question, then the restore, then what happened.

Opened from the backups list (Sauvegardes et vérification) and, when the database is found
damaged at start, with the newest verified backup already chosen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static

from kpa_local.fmt import date_fr
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from kpa_local.services import restore, restore_losses
    from kpa_local.services.backup_kinds import Backup
    from kpa_local.services.restore import RestoreReport
else:
    restore = deferred("kpa_local.services.restore")
    restore_losses = deferred("kpa_local.services.restore_losses")


class RestoreScreen(ModalScreen[bool]):
    """Asks before restoring `backup`, restores it, says how it went; answers whether it was restored."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Fermer", id="restore.close")]

    def __init__(self, backup: Backup | None, *, title: str, intro: str = "", keep: str = "Non") -> None:
        super().__init__()
        self.backup = backup
        self.title_text = title
        self.intro = intro
        self.keep = keep
        self.restored = False
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="restore-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.intro:
                yield Static(self.intro, classes="hint")
            yield Static(self._question(), id="restore-message")
            yield ProgressBar(total=None, show_eta=False, id="restore-progress")
            with Horizontal(classes="buttons"):
                yield Button(self.keep, id="keep")
                if self.backup is not None:
                    yield Button("Restaurer", variant="warning", id="restore")
            yield KeyLine()

    def _question(self) -> str:
        if self.backup is None:
            return (
                "Aucune sauvegarde vérifiée n'a été trouvée dans cette KPA. Si vous en avez une (sur une clé USB), "
                "restaurez-la avec « kpa restore FICHIER » ; sinon, prévenez la coordination du réseau."
            )
        taken = self.backup.taken_at
        return (
            f"Restaurer la sauvegarde du {date_fr(taken.date())} à {taken:%H:%M} ({self.backup.reason_label}) ? "
            "Les données reviendront à ce qu'elles étaient à ce moment-là. La base actuelle est d'abord gardée "
            "comme sauvegarde : rien n'est perdu pour de bon."
        )

    def on_mount(self) -> None:
        self.query_one("#restore-progress", ProgressBar).display = False
        if self.backup is not None:
            self.losses(self.backup.path)

    def losses(self, backup: Path) -> None:
        call(self, restore_losses.restore_losses, backup, then=self.show_losses, group="losses")

    def show_losses(self, text: str | None) -> None:
        if text and not self.busy and not self.restored:
            self.query_one("#restore-message", Static).update(f"{self._question()}\n\n{text}")

    @on(Button.Pressed, "#keep")
    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.restored)

    @on(Button.Pressed, "#restore")
    def start(self) -> None:
        if self.busy or self.backup is None:
            return
        self.busy = True
        self.query_one("#restore", Button).display = False
        self.query_one("#keep", Button).disabled = True
        self.query_one("#restore-progress", ProgressBar).display = True
        self.query_one("#restore-message", Static).update("Restauration en cours : n'éteignez pas l'ordinateur.")
        call(self, restore.restore_backup, self.backup.path, then=self.done, group="restore", write=True)

    def _finish(self, text: str) -> None:
        self.busy = False
        self.query_one("#restore-progress", ProgressBar).display = False
        self.query_one("#restore-message", Static).update(text)
        keep = self.query_one("#keep", Button)
        keep.disabled = False
        keep.label = "Fermer"
        keep.focus()

    def done(self, report: RestoreReport) -> None:
        self.restored = True
        migrated = " Elle a été mise à jour pour cette version de kpa_local." if report.migrated else ""
        self._finish(
            f"La sauvegarde est restaurée.{migrated} La base d'avant est gardée dans les sauvegardes "
            f"({report.safety_copy.path.name})."
        )

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self._finish(message.text)
