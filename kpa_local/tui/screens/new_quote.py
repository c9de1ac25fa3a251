"""Nouveau devis, step by step: for whom, what and where, the services, the conditions, then a check.

One question per step, in plain words, so that a coopérant·e writing a first quote is never lost.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from kpa_local.domain.dates import DateError, parse_date
from kpa_local.domain.errors import KpaError
from kpa_local.domain.lines import compute_totals
from kpa_local.domain.money import parse_quantity
from kpa_local.domain.text import count_text
from kpa_local.fmt import date_fr, decimal_fr, money_fr
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.document import Choices, read_choices
from kpa_local.tui.session import app_today
from kpa_local.tui.widgets.field import (
    Field,
    choice_field,
    date_field,
    form_values,
    point_at,
    show_problems,
    text_field,
)
from kpa_local.tui.widgets.lines_editor import LinesEditor, totals_text

if TYPE_CHECKING:
    from kpa_local.services import documents
    from kpa_local.services.documents import DocumentDraft
else:
    documents = deferred("kpa_local.services.documents")

LINES = "lines"  # the step's lines, refused beside the row where a line is typed

STEPS = (
    ("client", "Pour qui est ce devis ?"),
    ("what", "Quoi, où et quand ?"),
    ("lines", "Quelles prestations ?"),
    ("terms", "Quelles conditions ?"),
    ("check", "Tout est juste ?"),
)
STEP_CODES = [code for code, _ in STEPS]


def _validity(text: str) -> int | None:
    """The days a quote is valid for, typed as `30`; nothing typed is the KPA's usual validity."""
    days = text.strip()
    if not days:
        return None
    if not (days.isascii() and days.isdigit()):
        raise KpaError(f"« {days} » n'est pas un nombre de jours : écrivez-le en chiffres, par exemple 30.")
    return int(days)


def _deposit(text: str) -> Decimal | None:
    """The deposit asked at signature, in percent, typed as `30` or `12,5 %`; nothing typed is no deposit."""
    deposit = text.strip().rstrip("%").strip()
    return parse_quantity(deposit, "l'acompte", 2) if deposit else None


class NewQuoteScreen(GuardedForm, ModalScreen[int | None]):
    """A guided quote; answers the new quote's id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave_form", "Abandonner", id="new_quote.cancel"),
        Binding("ctrl+n", "next", "Étape suivante", id="new_quote.next", priority=True),
        Binding("ctrl+b", "previous", "Étape précédente", id="new_quote.previous", priority=True),
    ]
    # Where Enter goes from each field: the next field, or the next step from a step's last field.
    ENTER_GOES_TO: ClassVar[dict[str, str]] = {
        "title": "#work_place",
        "work_place": "#service_start",
        "service_start": "next",
        "validity_days": "#deposit_percent",
        "deposit_percent": "next",
    }

    def __init__(self) -> None:
        super().__init__()
        self.step = 0
        self.clients: dict[str, str] = {}
        self.pending_client: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="wizard"):
            yield Static("", id="step-title", classes="dialog-title")
            with VerticalScroll(id="wizard-steps"):
                yield from self._compose_steps()
            yield Static("", id="wizard-message", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Abandonner", id="cancel")
                yield Button("Retour", id="previous")
                yield Button("Suivant", id="next", variant="primary")
            yield Static("", id="wizard-keys", classes="keys-hint")

    def _compose_steps(self) -> ComposeResult:
        with Vertical(id="step-client", classes="step"):
            yield Static("Choisissez le client dans la liste. S'il n'y est pas, créez-le.", classes="hint")
            yield choice_field("client_id", "Client", {}, blank="Choisir le client…")
            yield Button("Nouveau client", id="new-client")
        with Vertical(id="step-what", classes="step"):
            yield Static("Écrivez en quelques mots ce que la KPA va faire.", classes="hint")
            yield text_field("title", "Objet", placeholder="par exemple : Buffet pour la fête de quartier")
            yield text_field("work_place", "Lieu", placeholder="par exemple : Salle des fêtes, Roubaix")
            yield date_field("service_start", "Date prévue")
        with Vertical(id="step-lines", classes="step"):
            yield Static("Choisissez une prestation du catalogue (ou écrivez-la), la quantité, puis Ajouter.",
                         classes="hint")  # fmt: skip
            yield LinesEditor(id="wizard-lines")
        with Vertical(id="step-terms", classes="step"):
            yield Static("Le devis est valable 30 jours, sauf si vous changez ce nombre.", classes="hint")
            yield text_field("validity_days", "Validité (jours)", value="30")
            yield text_field("deposit_percent", "Acompte demandé à la signature (%)", placeholder="aucun")
        with Vertical(id="step-check", classes="step"):
            yield Static("", id="summary")

    def on_mount(self) -> None:
        self.query_one("#wizard-lines", LinesEditor).set_lines([], editable=True)
        self.load_choices()
        self.show_step()

    def load_choices(self) -> None:
        call(self, lambda context: read_choices(context, with_unit=False), then=self.choices_loaded, group="choices")

    def choices_loaded(self, choices: Choices) -> None:
        self.clients = choices.clients
        select = self.query_one("#field-client_id", Field).control
        current = select.value
        select.set_options([(name, code) for code, name in choices.clients.items()])  # type: ignore[union-attr]
        chosen = self.pending_client or current
        if isinstance(chosen, str) and chosen in choices.clients:
            select.value = chosen
        self.pending_client = None
        self.query_one("#wizard-lines", LinesEditor).set_catalogue(choices.catalogue)
        self.form_shown(again=False)  # a client created on the way is not a reason to forget the rest

    def show_step(self) -> None:
        code, question = STEPS[self.step]
        self.query_one("#step-title", Static).update(
            f"Nouveau devis · étape {self.step + 1} sur {len(STEPS)} — {question}"
        )
        for step_code, _ in STEPS:
            self.query_one(f"#step-{step_code}").display = step_code == code
        self.query_one("#previous", Button).disabled = self.step == 0
        self.query_one("#next", Button).label = "Créer le devis" if code == "check" else "Suivant"
        self.query_one("#wizard-message", Static).update("")
        show_problems(self, {})
        self.query_one("#wizard-lines", LinesEditor).refuse("")
        self.query_one("#wizard-keys", Static).update(self._keys_text())
        self.query_one("#wizard-steps", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()
        if code == "check":
            self.query_one("#summary", Static).update(self._summary())
            self.query_one("#next", Button).focus()
        focus = {"client": "#client_id", "what": "#title", "lines": "#catalogue-pick", "terms": "#validity_days"}
        if code in focus:
            self.query_one(focus[code]).focus()

    def _keys_text(self) -> str:
        """The keys that work at this step, named like the buttons they press."""
        last = STEPS[self.step][0] == "check"
        keys = ["[b]Ctrl+N[/b] Créer le devis" if last else "[b]Ctrl+N[/b] Suivant"]
        if self.step > 0:
            keys.append("[b]Ctrl+B[/b] Retour")
        keys.append("[b]Échap[/b] Abandonner")
        return " · ".join(keys)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "previous":
            return self.step > 0
        return True

    def _problem(self) -> tuple[str, str] | None:
        """What stops the person from going on from this step, in plain words, and the field to fix."""
        code = STEPS[self.step][0]
        values = form_values(self)
        if code == "client" and not values.get("client_id", "").isdigit():
            return "client_id", "Choisissez le client, ou créez-le avec « Nouveau client »."
        if code == "what":
            if not values.get("title", "").strip():
                return "title", "Écrivez l'objet du devis en quelques mots."
            try:
                parse_date(values.get("service_start", ""), today=app_today(self))
            except DateError as error:
                return "service_start", f"Date prévue : {error.message}"
        if code == "lines" and not self.query_one("#wizard-lines", LinesEditor).lines:
            return LINES, "Ajoutez au moins une prestation : choisissez-la, puis Entrée."
        if code == "terms":
            for name, read in (("validity_days", _validity), ("deposit_percent", _deposit)):
                try:
                    read(values.get(name, ""))
                except KpaError as error:
                    return name, error.message
        return None

    def _refuse(self, problem: tuple[str, str]) -> None:
        """Show why the step cannot be left, beside the field to fix, and put the keyboard there."""
        where, text = problem
        self.query_one("#wizard-message", Static).update("")
        editor = self.query_one("#wizard-lines", LinesEditor)
        if where == LINES:
            show_problems(self, {})
            editor.refuse(text)
            return
        editor.refuse("")
        field = show_problems(self, {where: text})
        if field is not None:
            point_at(field, field.control)

    @staticmethod
    def _terms(values: dict[str, str]) -> tuple[int | None, Decimal | None]:
        return _validity(values.get("validity_days", "")), _deposit(values.get("deposit_percent", ""))

    def _draft(self) -> DocumentDraft:
        from kpa_local.services.documents import DocumentDraft

        values = form_values(self)
        days, deposit = self._terms(values)
        return DocumentDraft(
            kind="devis",
            client_id=int(values["client_id"]),
            lines=tuple(self.query_one("#wizard-lines", LinesEditor).lines),
            title=values.get("title", ""),
            work_place=values.get("work_place", ""),
            service_start=parse_date(values.get("service_start", ""), today=app_today(self)),
            validity_days=days,
            deposit_percent=deposit,
        )

    def _summary(self) -> str:
        draft = self._draft()
        totals = compute_totals(draft.lines)
        lines = [
            f"Client : {self.clients.get(str(draft.client_id), '')}",
            f"Objet : {draft.title}",
            f"Lieu : {draft.work_place or '—'}  ·  date prévue : {date_fr(draft.service_start) or 'à fixer'}",
            f"{count_text(len(draft.lines), 'prestation')} :",
            *(
                f"  • {line.designation} × {decimal_fr(line.quantity)} = {money_fr(line.net_amount.cents)} HT"
                for line in draft.lines
            ),
            totals_text(totals),
            f"Valable {draft.validity_days or 30} jours"
            + (
                f"  ·  acompte de {decimal_fr(draft.deposit_percent)} % à la signature" if draft.deposit_percent else ""
            ),
            "",
            "Le devis reçoit son numéro dès sa création ; il reste modifiable tant qu'il n'est pas envoyé.",
        ]
        return "\n".join(lines)

    def action_next(self) -> None:
        problem = self._problem()
        if problem:
            self._refuse(problem)
            return
        if STEPS[self.step][0] == "check":
            self.create(self._draft())
            return
        self.step += 1
        self.show_step()

    def create(self, draft: DocumentDraft) -> None:
        call(self, documents.create_document, draft, then=self.dismiss, group="quote", write=True)

    def save_form(self) -> None:
        """« Enregistrer » on leaving: the quote is created if every step is right, else the step to fix is shown."""
        for step in range(len(STEPS) - 1):
            self.step = step
            problem = self._problem()
            if problem:
                self.show_step()
                self._refuse(problem)
                return
        self.create(self._draft())

    def action_previous(self) -> None:
        if self.step > 0:
            self.step -= 1
            self.show_step()

    def _step_of(self, name: str | None) -> int | None:
        """The step where the field `name` is asked, if it is one of the quote's fields."""
        for step, code in enumerate(STEP_CODES):
            if name and self.query_one(f"#step-{code}").query(f"#field-{name}"):
                return step
        return None

    @on(Failed)
    def failed(self, message: Failed) -> None:
        """A refusal of the quote: beside its field, at that field's step; one that belongs to no field stays
        until read."""
        for name, text in message.problems.items():
            step = self._step_of(name)
            if name and step is not None:
                self.step = step
                self.show_step()
                self._refuse((name, text))
                return
        self.query_one("#wizard-message", Static).update(message.text)
        self.notify(message.text, severity="error", timeout=30)

    @on(Input.Submitted)
    def enter_moves_on(self, event: Input.Submitted) -> None:
        """Enter in a field goes to the next one, and from a step's last field to the next step."""
        goes_to = self.ENTER_GOES_TO.get(event.input.id or "")
        if goes_to is None:
            return
        event.stop()
        if goes_to == "next":
            self.action_next()
        else:
            self.query_one(goes_to).focus()

    @on(Select.Changed, "#client_id")
    def client_chosen(self, event: Select.Changed) -> None:
        """Once the client is chosen, Enter goes on (the « Suivant » button has the keyboard)."""
        if isinstance(event.value, str) and STEPS[self.step][0] == "client" and event.select.has_focus:
            self.query_one("#next", Button).focus()

    @on(Button.Pressed, "#next")
    def next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#previous")
    def previous_pressed(self) -> None:
        self.action_previous()

    @on(Button.Pressed, "#new-client")
    def new_client(self) -> None:
        from kpa_local.tui.screens.client_form import ClientFormScreen

        def created(client_id: int | None) -> None:
            if client_id is not None:
                self.pending_client = str(client_id)
                self.load_choices()

        self.app.push_screen(ClientFormScreen(None), created)

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_leave_form()

    def form_key(self) -> str:
        return "devis-guide:new"

    def close_form(self) -> None:
        self.dismiss(None)
