"""Entretiens: the evaluation interviews of the KPA, their analysis, and the cards to print."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Label, Select, Static, TabbedContent, TabPane

from kpa_local.domain.interviews import EFFECTS, PUBLICS, PUBLICS_SHORT
from kpa_local.domain.text import count_text
from kpa_local.fmt import date_fr
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.list_columns import ListColumn
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.text import shorten
from kpa_local.tui.widgets.fitted_table import FittedTable

if TYPE_CHECKING:
    from pathlib import Path

    from kpa_local.domain.interview_analysis import Tally
    from kpa_local.services import interview_documents, interviews
    from kpa_local.services.context import Context
    from kpa_local.services.interview_views import InterviewAnalysis, InterviewSummary
else:
    interview_documents = deferred("kpa_local.services.interview_documents")
    interviews = deferred("kpa_local.services.interviews")

ALL = "tous"
ANALYSIS_RESERVED = (
    "L'analyse rassemble les entretiens de tout le monde : elle est réservée à la coordination et aux "
    "contributeur·rices."
)
BAR_WIDTH = 20


def tally_table(tally: Tally) -> Table:
    """The three counts of a group as bars: first cards, cards at any place, effects."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_header=False, pad_edge=False)
    table.add_column("", ratio=1, min_width=38, no_wrap=True)
    table.add_column("", justify="right", width=4)
    table.add_column("", justify="right", width=6)
    table.add_column("", width=BAR_WIDTH + 1, style="green", no_wrap=True)
    for section in (tally.first_cards, tally.any_cards, tally.effects):
        table.add_row(Text(section.title, style="bold"), "", "", "")
        for count in section.counts:
            if count.count:
                bar = "█" * max(round(count.percent * BAR_WIDTH / 100), 1)
                table.add_row(f"  {count.label}", str(count.count), f"{count.percent} %", bar)
        if not any(count.count for count in section.counts):
            table.add_row(Text("  rien pour l'instant", style="dim"), "", "", "")
    return table


def effects_by_public(tallies: tuple[Tally, ...]) -> Table:
    """Each effect's share among everyone and among each public, side by side, to compare them."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, title="Effets relevés, par public",
                  title_justify="left", title_style="bold")  # fmt: skip
    table.add_column("Effet", ratio=1, min_width=30, no_wrap=True)
    for tally, label in zip(tallies, ("Tous", "F. 40+", "- de 30", "Autres"), strict=True):
        table.add_column(f"{label} ({tally.interviews})", justify="right", width=12, no_wrap=True)
    for index, code in enumerate(EFFECTS):
        cells = []
        for tally in tallies:
            count = tally.effects.counts[index]
            cells.append(f"{count.count} · {count.percent} %" if tally.interviews else "—")
        table.add_row(EFFECTS[code], *cells)
    return table


def read_analysis(context: Context) -> InterviewAnalysis:
    """What the interviews say, counted (refused with ANALYSIS_RESERVED to the roles that may not read them)."""
    from kpa_local.domain.errors import KpaError
    from kpa_local.services.access import Permission, may
    from kpa_local.services.interview_analysis import interview_analysis

    if not may(context, Permission.READ_INTERVIEWS):
        raise KpaError(ANALYSIS_RESERVED)
    return interview_analysis(context)


# From the column kept longest to the one dropped first on a small screen.
INTERVIEW_COLUMNS = (
    ListColumn("date", "Date", 10),
    ListColumn("who", "Personne", 14, grows_to=24),
    ListColumn("state", "État", 8),
    ListColumn("share", "Partage", 7),
    ListColumn("public", "Public", 15),
    ListColumn("coded", "Codé", 5),
    ListColumn("id", "N°", 3),
    ListColumn("cards", "Cartes choisies", 15, grows_to=60),
)
INTERVIEW_ORDER = ("id", "date", "who", "public", "state", "share", "coded", "cards")


def interview_cells(item: InterviewSummary, rooms: Mapping[str, int]) -> dict[str, str | Text]:
    """One interview of the list, its texts shortened to their columns."""
    return {
        "id": str(item.id),
        "date": date_fr(item.held_on),
        "who": shorten(item.who, rooms.get("who", 0)),
        "public": PUBLICS_SHORT[item.public],
        "state": "terminé" if item.finished else Text("en cours", style="yellow"),
        "share": "oui" if item.consent_share else Text("non", style="bold"),
        "coded": f"{item.coded}/{item.passages}",
        "cards": shorten(" → ".join(item.cards), rooms.get("cards", 0)),
    }


class InterviewsScreen(SectionScreen):
    """The list of interviews (Enter opens a report) and the analysis of the shared ones."""

    MODE = "interviews"
    SUB_TITLE = "Entretiens"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new", "Nouvel entretien", id="interviews.new"),
        Binding("ctrl+r", "cards", "Imprimer les cartes", id="interviews.cards"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("Entretiens d'évaluation", classes="section-title")
        yield Static("Ctrl+N pour mener un entretien pas à pas avec le kit ; Entrée pour relire un compte rendu. "
                     "Flèches ← → sur les onglets.", classes="hint")  # fmt: skip
        with TabbedContent(id="interviews-tabs"):
            with TabPane("Entretiens", id="tab-interviews"):
                yield FittedTable(INTERVIEW_COLUMNS, INTERVIEW_ORDER, interview_cells, id="interviews")
                yield Static("", id="interviews-state", classes="hint")
            with TabPane("Analyse", id="tab-analysis"):
                yield Static("", id="analysis-state", classes="hint")
                with Horizontal(classes="form-row", id="analysis-bar"):
                    yield Label("Qui")
                    yield Select([("Tous les entretiens", ALL), *((label, code) for code, label in PUBLICS.items())],
                                 value=ALL, allow_blank=False, id="public")  # fmt: skip
                    yield Label("Lire les passages")
                    yield Select([(label, code) for code, label in EFFECTS.items()], prompt="Choisir un effet…",
                                 id="effect")  # fmt: skip
                with VerticalScroll(id="analysis-scroll"):
                    yield Static("", id="analysis")
                    yield Static("", id="passages-by-effect")

    def on_mount(self) -> None:
        self.query_one("#interviews", DataTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from kpa_local.services.access import Permission, allows

        actor = getattr(self.app, "actor", None)
        if action in ("new", "cards"):
            return actor is None or allows(actor.role, Permission.RECORD_INTERVIEWS)
        return True

    def load(self) -> None:
        call(self, interviews.list_interviews, then=self.show_list, group="list")
        call(self, read_analysis, then=self.show_analysis, group="analysis")

    def show_list(self, found: tuple[InterviewSummary, ...]) -> None:
        table = self.query_one("#interviews", FittedTable)
        row = table.cursor_row
        table.show(found)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        count = len(found)
        self.query_one("#interviews-state", Static).update(
            f"{count_text(count, 'entretien')}. « Codé » : les passages reliés aux effets de la grille."
            if count else "Aucun entretien pour l'instant : Ctrl+N pour en mener un, Ctrl+R pour imprimer les cartes."
        )  # fmt: skip

    def show_analysis(self, analysis: InterviewAnalysis) -> None:
        self.analysis = analysis
        self.query_one("#analysis-state", Static).update(analysis.counted_sentence())
        self._show_group()
        self._show_passages()

    @on(Select.Changed, "#public")
    def _show_group(self) -> None:
        analysis: InterviewAnalysis | None = getattr(self, "analysis", None)
        if analysis is None:
            return
        chosen = self.query_one("#public", Select).value
        titles = {ALL: "Tous les entretiens", **PUBLICS}
        tally = next(t for t in analysis.tallies if t.title == titles.get(str(chosen), "Tous les entretiens"))
        heading = Text(f"{tally.title} : {tally.interviews} entretien{'s' if tally.interviews > 1 else ''}",
                       style="bold")  # fmt: skip
        parts: list[RenderableType] = [heading]
        if tally.interviews:
            parts.append(tally_table(tally))
        if str(chosen) == ALL:
            parts.append(effects_by_public(analysis.tallies))
        self.query_one("#analysis", Static).update(Group(*parts))

    @on(Select.Changed, "#effect")
    def _show_passages(self) -> None:
        analysis: InterviewAnalysis | None = getattr(self, "analysis", None)
        code = self.query_one("#effect", Select).value
        if analysis is None or not isinstance(code, str) or code not in EFFECTS:
            self.query_one("#passages-by-effect", Static).update("")
            return
        passages = analysis.passages.get(code, ())
        text = Text(f"\n{EFFECTS[code]} : {len(passages)} passage{'s' if len(passages) > 1 else ''}\n", style="bold")
        for passage in passages:
            text.append(f"\n« {passage.text} »\n")
            text.append(f"  entretien n° {passage.interview_id} du {date_fr(passage.held_on)}, "
                        f"{PUBLICS[passage.public].lower()}, carte « {passage.card} »\n", style="dim")  # fmt: skip
        self.query_one("#passages-by-effect", Static).update(text)

    @on(DataTable.RowSelected, "#interviews")
    def open_report(self, event: DataTable.RowSelected) -> None:
        from kpa_local.tui.screens.interview_report import InterviewReportScreen

        if event.row_key.value:
            self.app.push_screen(InterviewReportScreen(int(event.row_key.value)))

    def action_new(self) -> None:
        from kpa_local.tui.screens.interview_guide import InterviewGuideScreen

        self.app.push_screen(InterviewGuideScreen(), self._led)

    def _led(self, interview_id: int | None) -> None:
        from kpa_local.tui.screens.interview_report import InterviewReportScreen

        self.load()
        if interview_id is not None:
            self.app.push_screen(InterviewReportScreen(interview_id))

    def action_cards(self) -> None:
        self.query_one("#interviews-state", Static).update("Écriture des cartes…")
        call(self, interview_documents.write_cards, then=self.cards_written, group="cards", write=True)

    def cards_written(self, path: Path) -> None:
        from kpa_local.tui.open_file import show_file, shown_sentence

        shown = show_file(self.app, path)
        self.query_one("#interviews-state", Static).update(
            f"Les cartes : six par page, à découper le long des traits. {shown_sentence(shown, path)}"
        )

    @on(Failed)
    def failed(self, message: Failed) -> None:
        if message.text == ANALYSIS_RESERVED:
            self.query_one("#analysis-bar").display = False
            self.query_one("#analysis-state", Static).update(message.text)
            return
        self.query_one("#interviews-state", Static).update(f"[$error]{message.text}[/]")
