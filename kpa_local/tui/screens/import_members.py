"""Importer des membres: check a spreadsheet row by row, then import it (or only its valid rows)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Checkbox, DataTable, Header, Input, Static

from kpa_local.domain.errors import KpaError
from kpa_local.services.views import ImportReport
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.widgets.key_footer import KeyFooter
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.services import imports
else:
    imports = deferred("kpa_local.services.imports")

EXAMPLE_NAME = "exemple-import-membres.csv"


class _HasWorkspace(Protocol):
    workspace: Workspace


class ImportMembersScreen(Screen[None]):
    """One task: choose a file, check it, import it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Retour", id="import.back"),
        Binding("ctrl+v", "check", "Vérifier", id="import.check", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static("Importer des membres depuis un tableur (.xlsx, .ods ou CSV)", classes="section-title")
        yield Static(
            "Écrivez ici le chemin du classeur (.xlsx d'Excel, .ods de LibreOffice) ou du fichier CSV. "
            "La première ligne remplie doit donner le nom des colonnes (Nom, Prénom, Date d'entrée…).",
            classes="hint",
        )
        yield Input(placeholder="Chemin du fichier, par exemple C:\\Users\\kpa\\Documents\\membres.xlsx", id="path")
        yield Input(placeholder="Feuille du classeur à lire (vide : la première)", id="sheet")
        with Horizontal(classes="buttons left"):
            yield Button("Vérifier le fichier", variant="primary", id="check")
            yield Button("Importer", variant="success", id="import", disabled=True)
            yield Checkbox("Importer seulement les lignes sans erreur", id="only-valid")
            yield Button("Écrire un fichier d'exemple", id="example")
        yield Static("", id="import-message")
        table: DataTable[str] = DataTable(id="report", cursor_type="row", zebra_stripes=True)
        table.add_columns("Ligne", "Personne", "Résultat", "Détail")
        yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Import de membres"
        self.query_one("#path", Input).focus()

    def action_back(self) -> None:
        self.dismiss()

    def action_check(self) -> None:
        self.run_import(dry_run=True)

    @on(Button.Pressed, "#check")
    @on(Input.Submitted, "#path")
    @on(Input.Submitted, "#sheet")
    def check_pressed(self) -> None:
        self.run_import(dry_run=True)

    @on(Button.Pressed, "#import")
    def import_pressed(self) -> None:
        self.run_import(dry_run=False)

    @on(Input.Changed, "#path")
    @on(Input.Changed, "#sheet")
    def path_changed(self) -> None:
        self.query_one("#import", Button).disabled = True

    def run_import(self, *, dry_run: bool) -> None:
        text = self.query_one("#path", Input).value.strip().strip('"')
        if not text:
            self.show(None, "Écrivez d'abord le chemin du fichier à importer.")
            return
        self.query_one("#import-message", Static).update("Lecture du fichier…")
        path, only_valid = Path(text).expanduser(), self.query_one("#only-valid", Checkbox).value
        sheet = self.query_one("#sheet", Input).value.strip() or None
        # A check and an import are one at a time: an import must never start from a check not yet shown.
        call(
            self,
            lambda context: imports.import_members(context, path, only_valid=only_valid, dry_run=dry_run, sheet=sheet),
            then=lambda report: self.show(report, " ".join(filter(None, (report.sheet_text, report.message)))),
            failed=self.refused,
            group="import",
            write=True,
        )

    def refused(self, failure: Failed) -> None:
        self.show(None, failure.text)

    def show(self, report: ImportReport | None, text: str) -> None:
        self.query_one("#import-message", Static).update(text)
        table = self.query_one("#report", DataTable)
        table.clear()
        if report is None:
            return
        for row in report.rows:
            table.add_row(str(row.line), row.name, row.outcome, " ".join(row.messages))
        can_import = not report.saved and any(r.outcome == "nouveau" for r in report.rows)
        self.query_one("#import", Button).disabled = not can_import

    @on(Button.Pressed, "#example")
    def write_example(self) -> None:
        from kpa_local.services.imports import write_import_example

        # In the workspace, like every file the app writes (never the home folder).
        target = cast("_HasWorkspace", self.app).workspace.exports_dir / EXAMPLE_NAME
        try:
            write_import_example(target)
        except KpaError as error:
            self.query_one("#import-message", Static).update(error.message)
            return
        self.query_one("#path", Input).value = str(target)
        self.query_one("#import-message", Static).update(
            f"Exemple écrit dans {target} : ouvrez-le avec le tableur pour voir les colonnes attendues."
        )
