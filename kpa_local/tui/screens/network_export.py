"""Export réseau: exactly what will leave the computer, file by file and row by row, then the export."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Label, Static, TabbedContent, TabPane

from kpa_local.domain.dates import Quarter
from kpa_local.domain.errors import KpaError
from kpa_local.domain.periods import QUARTER_PLACEHOLDER, parse_quarter, quarter_label
from kpa_local.domain.text import count_text
from kpa_local.exchange.bundle_labels import column_label, columns_in_words, manifest_lines, months_sentence
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.session import app_today

if TYPE_CHECKING:
    from pathlib import Path

    from kpa_local.exchange.bundle_write import Bundle
    from kpa_local.services import network_export
else:
    network_export = deferred("kpa_local.services.network_export")

FILE_TITLES = {"members.csv": "Personnes", "activity.csv": "Activité", "interviews.csv": "Entretiens",
               "manifest.json": "Manifeste"}  # fmt: skip


INTERVIEWS_SENTENCE = (
    " Entretiens : seulement ceux que la personne a accepté de partager, avec leurs cartes et leurs effets, "
    "sans nom ni notes."
)

# The tables show each value exactly as it leaves (by design), so the reader is told how to read them.
AS_THE_NETWORK_READS = (
    "Les valeurs sont écrites comme le réseau les lit : en codes, avec un point décimal (328.20). "
    "En tête de colonne : son nom en mots, puis son code."
)


def _column_heading(code: str) -> Text:
    """The column's French words above its code, so that the code the network reads stays in sight."""
    label = column_label(code)
    heading = Text(label[:1].upper() + label[1:], style="bold")
    heading.append(f"\n{code}", style="dim")
    return heading


def _manifest_view(bundle: Bundle) -> VerticalScroll:
    """The manifest field by field in words, then its exact text as it will leave."""
    table: DataTable[str] = DataTable(zebra_stripes=True, cursor_type="row", id="manifest-fields")
    table.add_columns("Ce que c'est", "Code", "Valeur")
    table.add_rows(manifest_lines(bundle.manifest))
    exact = Static(bundle.files["manifest.json"].decode("utf-8"), classes="manifest")
    return VerticalScroll(table, Static("Texte exact du fichier :", classes="hint"), exact)


class NetworkExportScreen(SectionScreen):
    """The quarter's bundle previewed in full; Ctrl+S writes it once the person has read it."""

    MODE = "export"
    SUB_TITLE = "Export réseau"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "Écrire l'envoi", id="export.write"),
        Binding("ctrl+r", "network", "Chiffres du réseau", id="export.network"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("Export réseau", classes="section-title")
        yield Static(
            "Chaque trimestre, la KPA envoie au réseau des chiffres anonymisés. Voici exactement ce qui "
            "quittera l'ordinateur : lisez-le, puis Ctrl+S pour écrire le fichier à envoyer.",
            classes="hint",
        )
        with Horizontal(id="export-bar"):
            yield Label("Trimestre")
            yield Input(id="quarter", max_length=30, placeholder=QUARTER_PLACEHOLDER)
        yield Static("", id="export-summary")
        codes = Static(AS_THE_NETWORK_READS, id="export-codes", classes="hint")
        codes.display = False  # until there are tables to read
        yield codes
        yield TabbedContent(id="export-files")

    def on_mount(self) -> None:
        self.query_one("#quarter", Input).value = quarter_label(Quarter.of(app_today(self)).previous())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Writing the bundle and the network's figures are for the roles allowed to export."""
        from kpa_local.services.access import Permission, allows

        actor = getattr(self.app, "actor", None)
        return action not in ("write", "network") or (
            actor is not None and allows(actor.role, Permission.EXPORT_NETWORK)
        )

    @on(Input.Changed, "#quarter")
    def quarter_typed(self, event: Input.Changed) -> None:
        try:
            quarter = parse_quarter(event.value)
        except KpaError:
            self.query_one("#export-summary", Static).update(
                "Tapez un trimestre comme « T3 2026 » ou « 3e trimestre 2026 »."
            )
            return
        self.bundle: Bundle | None = None
        self.query_one("#export-summary", Static).update(f"Préparation de l'envoi du {quarter_label(quarter)}…")
        call(self, network_export.prepare_bundle, quarter, then=self.show, group="bundle")

    async def show(self, bundle: Bundle) -> None:
        self.bundle = bundle
        privacy = bundle.manifest["privacy"]
        assert isinstance(privacy, dict)
        counts = ", ".join(f"{FILE_TITLES[name].lower()} ({name}) : {count_text(len(rows) - 1, 'ligne')}"
                           for name, rows in sorted(bundle.rows.items()))  # fmt: skip
        quasi = columns_in_words(privacy["quasi_identifiers"])
        sentences = [
            f"Anonymat : chaque combinaison de {quasi} concerne au moins {privacy['k']} personnes ; pour y arriver, "
            f"{count_text(bundle.suppressed_cells, 'case remplacée', 'cases remplacées')} par « * » "
            f"({count_text(bundle.fully_suppressed_rows, 'ligne')} entièrement).",
            months_sentence(bundle.hidden_by_months, privacy["sensitive"], privacy["k"]),
            "Ni nom, ni adresse, ni téléphone, ni e-mail, ni date de naissance : les personnes n'ont qu'un pseudonyme.",
        ]
        self.query_one("#export-summary", Static).update(
            f"[b]{bundle.name}[/] — {counts}.\n"
            + " ".join(sentence for sentence in sentences if sentence)
            + (INTERVIEWS_SENTENCE if "interviews.csv" in bundle.rows else "")
        )
        self.query_one("#export-codes", Static).display = True
        tabs = self.query_one("#export-files", TabbedContent)
        await tabs.clear_panes()
        for name in ("members.csv", "activity.csv", "interviews.csv"):
            if name not in bundle.rows:
                continue
            header, *rows = bundle.rows[name]
            table: DataTable[str] = DataTable(zebra_stripes=True, cursor_type="row", header_height=2)
            for code in header:
                table.add_column(_column_heading(code))
            table.add_rows(rows)
            await tabs.add_pane(TabPane(FILE_TITLES[name], table))
        await tabs.add_pane(TabPane(FILE_TITLES["manifest.json"], _manifest_view(bundle)))

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#export-summary", Static).update(f"[$error]{message.text}[/]")

    def action_write(self) -> None:
        from kpa_local.tui.screens.confirm import ConfirmScreen

        bundle = getattr(self, "bundle", None)
        if bundle is None:
            self.notify("L'envoi n'est pas encore prêt : attendez qu'il s'affiche.", severity="warning")
            return
        question = (f"Écrire {bundle.name} dans le dossier exports/ ? C'est ce fichier, tel que vous l'avez lu, "
                    "qui sera envoyé au réseau.")  # fmt: skip
        self.app.push_screen(ConfirmScreen(question, yes="Écrire l'envoi", no="Pas encore"), self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if yes and self.bundle is not None:
            call(self, network_export.write_bundle, self.bundle, then=self.written, group="bundle", write=True)

    def written(self, path: Path) -> None:
        self.notify(f"Envoi écrit : {path}", timeout=10)
        self.query_one("#export-summary", Static).update(
            f"[$success]Écrit : {path}[/] — c'est ce fichier qu'il faut envoyer au réseau."
        )

    def action_network(self) -> None:
        from kpa_local.tui.screens.network_figures import NetworkFiguresScreen

        self.app.push_screen(NetworkFiguresScreen())
