"""An interview's report, in the kit's structure: read it, code its passages, edit it, print it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from kpa_local.domain.codes import GENDERS
from kpa_local.domain.interviews import EFFECTS, LED_BY, MODES, PUBLICS, months_text
from kpa_local.fmt import date_fr
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.widgets.card_picker import ordinal
from kpa_local.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from pathlib import Path

    from kpa_local.domain.interview_report import InterviewReport
    from kpa_local.domain.interviews import Card
    from kpa_local.services import interview_documents, interviews
    from kpa_local.services.context import Context
else:
    interview_documents = deferred("kpa_local.services.interview_documents")
    interviews = deferred("kpa_local.services.interviews")


def read_report(context: Context, interview_id: int) -> tuple[InterviewReport, tuple[Card, ...]]:
    """The interview's report, and the deck of cards its passages can move to."""
    return interviews.interview_report(context, interview_id), interviews.interview_deck(context)


def _yes(value: bool) -> str:
    return "oui" if value else "non"


def report_text(report: InterviewReport) -> Text:
    """The report's facts, consent, how it was lived, the answers and the cards' order, as text."""
    draft = report.draft
    facts = draft.facts
    age = f"{facts.age} ans" if facts.age is not None else "âge non renseigné"
    text = Text()
    text.append(f"{report.who}\n", style="bold")
    text.append(f"{age} · {GENDERS.get(facts.gender, facts.gender)} · dans la KPA depuis "
                f"{months_text(facts.months_in_kpa)} · {PUBLICS[report.public]}"
                f"{' · fiche reliée' if report.linked else ''}\n")  # fmt: skip
    led = LED_BY.get(draft.led_by, draft.led_by) + (f" ({draft.interviewers})" if draft.interviewers else "")
    when = date_fr(draft.held_on) if draft.held_on else "?"
    duration = f", {draft.minutes} min" if draft.minutes else ""
    text.append(f"Le {when}{duration} · {draft.place or 'lieu non renseigné'} · {led} · "
                f"{MODES.get(draft.mode, draft.mode)}\n")  # fmt: skip
    text.append(f"Accord : enregistrer {_yes(draft.consent_recording)} · partager avec l'équipe du projet "
                f"{_yes(draft.consent_share)} · anonyme {_yes(draft.anonymous)}\n",
                style="bold" if not draft.consent_share else "")  # fmt: skip
    for label, answer in (("Vécu (ce qu'elle a dit)", draft.lived_said), ("Observé", draft.lived_observed),
                          ("Depuis combien de temps", draft.time_answer), ("Pourquoi venu·e", draft.why_answer),
                          ("Ce qu'elle trouve ici et pas ailleurs", draft.elsewhere_answer),
                          ("L'exercice", draft.exercise_answer), ("Après", draft.after_answer)):  # fmt: skip
        if answer:
            text.append(f"{label} : ", style="dim")
            text.append(f"{answer}\n")
    order = " → ".join(f"{ordinal(index)} {card.label}" for index, card in enumerate(draft.cards, start=1))
    text.append("Cartes : ", style="dim")
    text.append(order or "aucune carte choisie")
    effects = ", ".join(EFFECTS[code] for code in report.effects())
    text.append("\nEffets relevés : ", style="dim")
    text.append(effects or "aucun pour l'instant (Entrée sur un passage pour le coder)")
    return text


class InterviewReportScreen(Screen[None]):
    """The report of one interview; Enter on a passage to move it and code its effects."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "edit", "Modifier l'entretien", id="report.edit"),
        Binding("ctrl+o", "pdf", "Compte rendu en PDF", id="report.pdf"),
        Binding("delete", "delete", "Supprimer", id="report.delete"),
        Binding("escape", "back", "Retour", id="report.back"),
    ]

    def __init__(self, interview_id: int) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.report: InterviewReport | None = None
        self.deck: tuple[Card, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="report-body"):
            yield Static(f"Compte rendu de l'entretien n° {self.interview_id}", classes="section-title")
            with VerticalScroll(id="report-facts"):
                yield Static("", id="report-text")
            yield Static("Les notes, carte par carte — Entrée sur un passage pour le ranger sous la carte dont il "
                         "parle et relever ses effets.", classes="hint")  # fmt: skip
            passages: DataTable[str | Text] = DataTable(id="passages", cursor_type="row", zebra_stripes=True)
            passages.add_columns("Carte", "Passage", "Effets")
            yield passages
            with Horizontal(id="report-state-row"):
                yield Static("", id="report-state")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#passages", DataTable).focus()
        self.load()

    def load(self) -> None:
        call(self, read_report, self.interview_id, then=self.show, group="report")

    def show(self, read: tuple[InterviewReport, tuple[Card, ...]]) -> None:
        report, self.deck = read
        self.report = report
        self.query_one("#report-text", Static).update(report_text(report))
        table = self.query_one("#passages", DataTable)
        row = table.cursor_row
        table.clear()
        for card, passages in report.notes_by_card():
            for passage in passages:
                effects = ", ".join(EFFECTS[code] for code in passage.effects) or Text("à coder", style="dim")
                table.add_row(card.label, passage.text, effects, key=str(passage.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        state = "terminé" if report.draft.finished else "en cours (Ctrl+E pour le reprendre)"
        self.query_one("#report-state", Static).update(f"Entretien {state}.")

    @on(DataTable.RowSelected, "#passages")
    def code(self, event: DataTable.RowSelected) -> None:
        from kpa_local.tui.screens.passage_form import PassageScreen

        report = self.report
        if report is None or event.row_key.value is None:
            return
        passage = next(p for p in report.passages if str(p.id) == event.row_key.value)
        cards = tuple(dict.fromkeys((*report.draft.cards, *self.deck)))
        self.app.push_screen(PassageScreen(self.interview_id, passage, cards), self._coded)

    def _coded(self, saved: bool | None) -> None:
        if saved:
            self.load()

    def action_edit(self) -> None:
        from kpa_local.tui.screens.interview_guide import InterviewGuideScreen

        if self.report is not None:
            guide = InterviewGuideScreen(self.report.draft, person_label=self.report.who)
            self.app.push_screen(guide, self._edited)

    def _edited(self, _: int | None) -> None:
        self.load()

    def action_pdf(self) -> None:
        self.query_one("#report-state", Static).update("Écriture du compte rendu…")
        self.write_pdf()

    def write_pdf(self) -> None:
        call(self, interview_documents.write_report, self.interview_id, then=self.written, group="pdf", write=True)

    def written(self, path: Path) -> None:
        from kpa_local.tui.open_file import show_file, shown_sentence

        shown = show_file(self.app, path)
        self.query_one("#report-state", Static).update(f"Compte rendu écrit. {shown_sentence(shown, path)}")

    def action_delete(self) -> None:
        from kpa_local.tui.screens.confirm import ConfirmScreen

        question = (f"Supprimer l'entretien n° {self.interview_id} et toutes ses notes ? La personne peut changer "
                    "d'avis à tout moment ; cela ne se défait pas.")  # fmt: skip
        self.app.push_screen(ConfirmScreen(question, yes="Supprimer", no="Garder"), self._delete_answered)

    def _delete_answered(self, yes: bool | None) -> None:
        if yes:
            call(
                self,
                interviews.delete_interview,
                self.interview_id,
                then=self.deleted,
                group="interview",
                write=True,
            )

    def deleted(self, _done: object) -> None:
        self.app.notify("Entretien supprimé.")
        self.dismiss()

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#report-state", Static).update(f"[$error]{message.text}[/]")

    def action_back(self) -> None:
        self.dismiss()
