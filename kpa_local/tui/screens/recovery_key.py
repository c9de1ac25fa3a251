"""The recovery key, shown once when the KPA's database is first encrypted, with its sheet to print."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static

from kpa_local.domain.protection import key_protects, server_duty
from kpa_local.private_files import remove_private, write_private
from kpa_local.services.server_accounts import server_url
from kpa_local.tui.widgets.key_line import KeyLine
from kpa_local.workspace import Workspace


class RecoveryKeyScreen(ModalScreen[None]):
    """The key in large letters, what it is for, a sheet to print; closes once the key is kept."""

    BINDINGS: ClassVar[list[BindingType]] = []  # no Escape: the key is shown only this once

    def __init__(self, recovery_key: str, kpa_name: str, workspace: Workspace) -> None:
        super().__init__(id="recovery-key")
        self.recovery_key = recovery_key
        self.kpa_name = kpa_name
        self.workspace = workspace
        self.sheet: Path | None = None
        self.on_server = server_url(workspace) is not None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):
            yield Static("Clé de secours de la KPA", classes="dialog-title")
            yield Static(
                f"{key_protects(self.on_server)}. Si tous les mots de passe étaient perdus, seule cette clé "
                "permettrait de les retrouver. Elle n'est montrée qu'une fois : imprimez la feuille ou recopiez-la, "
                f"puis rangez-la sous clé, loin de l'ordinateur. {server_duty(self.on_server)}".rstrip()
            )
            yield Static(self.recovery_key.replace("-", "  "), id="recovery-value")
            yield Static("", id="recovery-message")
            yield Checkbox("J'ai imprimé ou recopié la clé, et je la range en lieu sûr.", id="kept")
            with Horizontal(classes="buttons"):
                yield Button("Imprimer la feuille", id="print")
                yield Button("Continuer", variant="primary", id="done", disabled=True)
            yield KeyLine()

    @on(Checkbox.Changed, "#kept")
    def kept(self, event: Checkbox.Changed) -> None:
        self.query_one("#done", Button).disabled = not event.value

    @on(Button.Pressed, "#print")
    def print_sheet(self) -> None:
        from kpa_local.documents.recovery_pdf import render_recovery_sheet
        from kpa_local.tui.open_file import open_with_system

        if self.sheet is None:
            # The viewer needs a file: it is written in the workspace's private folder only, and removed
            # when this screen closes, when the app ends, or at the next start after a crash.
            sheet = render_recovery_sheet(self.kpa_name, date.today(), self.recovery_key, on_server=self.on_server)
            self.sheet = write_private(self.workspace, "cle-de-secours-", ".pdf", sheet)
        message = self.query_one("#recovery-message", Static)
        if open_with_system(self.sheet):
            # Never a download, even in a browser tab: it would stay in the Downloads folder, in clear.
            where = " dans le lecteur de PDF de l'ordinateur, pas dans le navigateur" if self.app.is_web else ""
            message.update(f"La feuille s'ouvre{where} : imprimez-la, puis fermez-la.")
        else:
            message.update(f"Ouvrez et imprimez ce fichier : {self.sheet} (il sera effacé en continuant).")

    @on(Button.Pressed, "#done")
    def done(self) -> None:
        self._remove_sheet()
        self.dismiss()

    def on_unmount(self) -> None:
        self._remove_sheet()

    def _remove_sheet(self) -> None:
        remove_private(self.sheet)
        self.sheet = None
