"""Sauvegardes et vérification: the backups, a backup now, the integrity check, the audit trail.

Opened from Paramètres (Ctrl+B). The services refuse what the account's role does not allow.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Input, ProgressBar, Static

from kpa_local.domain.audit_words import action_words, record_words
from kpa_local.domain.text import count_text
from kpa_local.fmt import date_fr, moment_fr
from kpa_local.services.access import Permission, allows
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.text import shorten
from kpa_local.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from kpa_local.domain.audit import Entry
    from kpa_local.services import backups, integrity, reentry
    from kpa_local.services.backup_kinds import Backup
    from kpa_local.services.context import Context
    from kpa_local.services.integrity import CheckReport
    from kpa_local.services.reentry import RecoveryReport
else:
    backups = deferred("kpa_local.services.backups")
    integrity = deferred("kpa_local.services.integrity")
    reentry = deferred("kpa_local.services.reentry")

ROLLBACK_FOUND = "La base a été remplacée par une copie plus ancienne"


def read_entries(context: Context, words: str) -> tuple[list[Entry], str]:
    """The newest entries of the audit trail (of the actions said in `words`, or all), and whether it is whole."""
    from kpa_local.services.audit import list_entries, verify_trail

    entries = list_entries(context, words=words, limit=500)
    broken = verify_trail(context)
    return entries, "Journal entier : aucune entrée modifiée ni supprimée." if broken is None else broken.text


class SafetyScreen(Screen[None]):
    """Backups, the check and the way to the audit trail."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "back_up", "Sauvegarder", id="safety.backup"),
        Binding("ctrl+t", "check", "Vérifier", id="safety.check"),
        Binding("ctrl+j", "audit", "Journal", id="safety.audit"),
        Binding("ctrl+r", "restore", "Restaurer", id="safety.restore"),
        Binding("escape", "app.pop_screen", "Retour", id="safety.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.backups: dict[str, Backup] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="safety-body"):
            yield Static("Sauvegardes et vérification", classes="section-title")
            yield Static(
                "Une sauvegarde vérifiée est faite chaque jour à la première ouverture. Pour en emporter une, "
                "branchez une clé USB, écrivez son dossier ci-dessous, puis « Sauvegarder sur la clé ».",
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Sauvegarder maintenant (Ctrl+B)", variant="primary", id="back-up")
                yield Button("Vérifier les données (Ctrl+T)", id="check")
                yield Button("Journal des actions (Ctrl+J)", id="audit")
                yield Button("Reprendre après une copie ancienne", variant="warning", id="recover")
            with Horizontal(id="usb-row"):
                yield Input(placeholder="Dossier de la clé USB, ex. : /media/kpa/CLE", id="folder")
                yield Button("Sauvegarder sur la clé", id="to-folder")
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Static("", id="safety-message")
            table: DataTable[str] = DataTable(id="backups", cursor_type="row", zebra_stripes=True)
            for title in ("Date", "Raison", "Taille", "État", "Fichier"):
                table.add_column(title)
            yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#recover", Button).display = False
        self.list_backups()

    def list_backups(self) -> None:
        call(
            self,
            lambda context: backups.list_backups(context.workspace.backups_dir),
            then=self.show_backups,
            group="backups",
        )

    def show_backups(self, found: list[Backup]) -> None:
        self.backups = {str(backup.path): backup for backup in found}
        table = self.query_one("#backups", DataTable)
        table.clear()
        for backup in found:
            table.add_row(
                f"{date_fr(backup.taken_at.date())} {backup.taken_at:%H:%M}", backup.reason_label,
                f"{backup.size / 1_000_000:.1f} Mo".replace(".", ","),
                "vérifiée" if backup.verified else "non vérifiée", shorten(backup.path.name, 48),
                key=str(backup.path),
            )  # fmt: skip

    def _busy(self, text: str) -> None:
        self.query_one("#progress", ProgressBar).display = True
        self.query_one("#safety-message", Static).update(text)

    def _done(self, text: str) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#safety-message", Static).update(text)

    def action_back_up(self) -> None:
        if self.back_up(None):
            self._busy("Sauvegarde en cours : vous pouvez continuer à travailler.")

    @on(Button.Pressed, "#back-up")
    def back_up_pressed(self) -> None:
        self.action_back_up()

    @on(Button.Pressed, "#to-folder")
    def to_folder_pressed(self) -> None:
        folder = self.query_one("#folder", Input).value.strip()
        if not folder:
            self._done("Écrivez d'abord le dossier de la clé USB (il apparaît quand la clé est branchée).")
            self.query_one("#folder", Input).focus()
            return
        if self.back_up(Path(folder).expanduser()):
            self._busy(f"Sauvegarde sur {folder} en cours : ne retirez pas la clé.")

    def back_up(self, folder: Path | None) -> bool:
        """Back up (one long task of this screen at a time); False if another one is still running."""
        return call(self, backups.backup_now, folder, then=self.backed_up, group="safety", write=True)

    def backed_up(self, backup: Backup) -> None:
        self._done(f"Sauvegarde vérifiée : {backup.path}.")
        self.list_backups()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Restoring is offered to the roles allowed to restore (the service checks it again)."""
        if action != "restore":
            return True
        actor = getattr(self.app, "actor", None)
        return actor is not None and allows(actor.role, Permission.RESTORE)

    def action_restore(self) -> None:
        from kpa_local.tui.screens.restore import RestoreScreen

        table = self.query_one("#backups", DataTable)
        if table.row_count == 0:
            self._done("Il n'y a pas encore de sauvegarde à restaurer.")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key in self.backups:
            self.app.push_screen(
                RestoreScreen(self.backups[key], title="Restaurer une sauvegarde"), self._after_restore
            )

    def _after_restore(self, restored: bool | None) -> None:
        if restored:
            self._done("Sauvegarde restaurée.")
            self.list_backups()

    def action_check(self) -> None:
        if call(self, integrity.check_workspace, then=self.checked, group="safety", write=True):
            self._busy("Vérification en cours…")

    @on(Button.Pressed, "#check")
    def check_pressed(self) -> None:
        self.action_check()

    def checked(self, report: CheckReport) -> None:
        if report.ok:
            self._done("Vérifié : " + " ; ".join(report.checked) + ". Tout est en ordre.")
            return
        lines = [f"{count_text(len(report.findings), 'problème')} :"]
        lines.extend(f"• {finding.problem}\n  À faire : {finding.action}" for finding in report.findings[:8])
        self._done("\n".join(lines))
        actor = getattr(self.app, "actor", None)
        may_recover = actor is not None and allows(actor.role, Permission.RESTORE)
        rolled_back = any(finding.problem.startswith(ROLLBACK_FOUND) for finding in report.findings)
        self.query_one("#recover", Button).display = may_recover and rolled_back

    @on(Button.Pressed, "#recover")
    def recover_pressed(self) -> None:
        from kpa_local.tui.screens.confirm import ConfirmScreen

        question = (
            "Ressaisir depuis leurs PDF les factures que la base a perdues, puis reprendre la numérotation "
            "après le plus haut numéro émis ? Les numéros dont le PDF manque resteront des trous, expliqués "
            "dans le journal."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Reprendre", no="Annuler"), self._recover_if_confirmed)

    def _recover_if_confirmed(self, confirmed: bool | None) -> None:
        if confirmed and call(self, reentry.recover, then=self.recovered, group="safety", write=True):
            self._busy("Ressaisie des factures depuis leurs PDF…")

    def recovered(self, report: RecoveryReport) -> None:
        from kpa_local.services.reentry import recovery_lines

        self.query_one("#recover", Button).display = False
        self._done("\n".join(recovery_lines(report)))

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self._done(message.text)

    def action_audit(self) -> None:
        self.app.push_screen(AuditScreen())

    @on(Button.Pressed, "#audit")
    def audit_pressed(self) -> None:
        self.action_audit()


class AuditScreen(Screen[None]):
    """The audit trail, newest first, filtered by action."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Retour", id="audit.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="safety-body"):
            yield Static("Journal des actions", classes="section-title")
            yield Input(placeholder="Chercher en mots, ex. : facture émise, sauvegarde, personne", id="filter")
            yield Static("", id="audit-state")
            table: DataTable[str] = DataTable(id="entries", cursor_type="row", zebra_stripes=True)
            for title in ("N°", "Quand", "Qui", "Action", "Enregistrement", "Champs"):
                table.add_column(title)
            yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load("")

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.load(event.value.strip())

    def load(self, words: str) -> None:
        call(self, read_entries, words, then=self.show, group="entries")

    def show(self, read: tuple[list[Entry], str]) -> None:
        entries, intact = read
        self.query_one("#audit-state", Static).update(intact)
        table = self.query_one("#entries", DataTable)
        table.clear()
        for entry in entries:
            action, record = shorten(action_words(entry.action), 40), shorten(record_words(entry.record), 24)
            table.add_row(str(entry.id), _when(entry.at), shorten(entry.actor, 18), action, record,
                          shorten(", ".join(entry.fields), 40))  # fmt: skip
        if not entries and self.query_one("#filter", Input).value.strip():
            self.query_one("#audit-state", Static).update(
                f"{intact} Aucune action ne correspond à ce qui est cherché : essayez un autre mot."
            )

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#audit-state", Static).update(message.text)


def _when(at: str) -> str:
    """`2026-12-07 14:58:50` as « 07/12/2026 14:58 » (an entry whose time cannot be read, as it is)."""
    try:
        return moment_fr(datetime.fromisoformat(at))
    except ValueError:
        return at
