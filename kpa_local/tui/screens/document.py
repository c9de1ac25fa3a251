"""One quote, invoice or credit note: its client and dates, its lines with live totals, and what can
be done with it now (save, issue, record a payment, credit, duplicate, open the PDF…)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from kpa_local.domain.billing import CREDIT_NOTE, DEPOSIT, INVOICE, KIND_TITLES, QUOTE
from kpa_local.domain.dates import DateError, parse_date
from kpa_local.domain.errors import KpaError, Problem, Refused
from kpa_local.domain.money import parse_quantity
from kpa_local.fmt import date_fr, money_fr
from kpa_local.services.billing_views import DocumentDetail
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.session import app_today, deliver
from kpa_local.tui.widgets.field import (
    Field,
    choice_field,
    date_field,
    form_values,
    show_problems,
    show_refusal,
    text_field,
)
from kpa_local.tui.widgets.lines_editor import CatalogueChoice, LinesEditor

if TYPE_CHECKING:
    from kpa_local.services.context import Context
    from kpa_local.services.documents import DocumentDraft


@dataclass(frozen=True)
class Choices:
    """The clients and catalogue services a document can use."""

    clients: dict[str, str]
    catalogue: list[CatalogueChoice]


class DocumentScreen(GuardedForm, Screen[None]):
    """See, write and act on one document."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Enregistrer", id="document.save", priority=True),
        Binding("f9", "issue", "Émettre", id="document.issue"),
        Binding("ctrl+r", "payment", "Paiement reçu", id="document.payment"),
        Binding("ctrl+t", "quote_status", "Statut du devis", id="document.quote_status"),
        Binding("ctrl+g", "invoice_quote", "Facturer le devis", id="document.invoice_quote"),
        Binding("ctrl+b", "credit_note", "Faire un avoir", id="document.credit_note"),
        Binding("ctrl+y", "duplicate", "Dupliquer", id="document.duplicate"),
        Binding("ctrl+l", "reminder", "Lettre de relance", id="document.reminder"),
        Binding("ctrl+o", "open_pdf", "Voir le PDF", id="document.open_pdf"),
        Binding("ctrl+f", "simulate", "Simuler la répartition", id="document.simulate"),
        Binding("escape", "leave_form", "Retour", id="document.back"),
    ]

    @dataclass
    class Loaded(Message):
        detail: DocumentDetail

    @dataclass
    class ChoicesLoaded(Message):
        choices: Choices

    @dataclass
    class Saved(Message):
        document_id: int
        note: str = ""

    @dataclass
    class FileReady(Message):
        path: Path

    def __init__(self, document_id: int | None, *, kind: str = INVOICE) -> None:
        super().__init__()
        self.document_id = document_id
        self.kind = kind
        self.detail: DocumentDetail | None = None
        self.choices_ready = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with VerticalScroll(id="document-body"):
            yield Static(self._heading(), id="document-title", classes="section-title")
            yield Static("", id="document-facts")
            with Horizontal(classes="row"):
                yield choice_field("client_id", "Client", {}, blank="Choisir le client…")
                yield text_field("title", "Objet (ce qui est vendu, en quelques mots)")
            with Horizontal(classes="row"):
                yield text_field("work_place", "Lieu de la prestation")
                yield date_field("service_start", "Date (ou début) de la prestation")
                yield date_field("service_end", "Fin (si plusieurs jours)")
            with Horizontal(classes="row", id="quote-fields"):
                yield text_field("validity_days", "Validité du devis (jours)", value="30")
                yield text_field("deposit_percent", "Acompte demandé (%)", placeholder="aucun")
            yield LinesEditor(id="lines-editor")
            yield Static("", id="document-message", classes="error")
        yield Footer()

    def _heading(self) -> str:
        if self.detail is None:
            return f"Nouveau {KIND_TITLES[self.kind].lower()}" if self.kind == QUOTE else "Nouvelle facture"
        detail = self.detail
        title = KIND_TITLES[detail.kind]
        number = detail.number or "brouillon sans numéro"
        return f"{title} {number} · {detail.status_label}"

    def on_mount(self) -> None:
        self.query_one("#quote-fields").display = self.kind == QUOTE
        self.load_choices()
        if self.document_id is not None:
            self.load()
        else:
            self.query_one("#lines-editor", LinesEditor).set_lines([], editable=True)
            self.query_one("#client_id").focus()

    # Loading -----------------------------------------------------------------------------------

    @work(thread=True, group="document-choices", exit_on_error=False)
    def load_choices(self) -> None:
        from kpa_local.services.catalogue import list_catalogue
        from kpa_local.services.clients import list_clients

        def produce(context: Context) -> DocumentScreen.ChoicesLoaded:
            clients = {str(client.id): f"{client.name} ({client.city})" for client in list_clients(context)}
            catalogue = [
                CatalogueChoice(
                    item.id,
                    f"{item.designation} — {money_fr(item.unit_price.cents)} / {item.unit}",
                    {
                        "designation": item.designation,
                        "unit": item.unit,
                        "unit_price": format(item.unit_price.to_decimal(), "f").replace(".", ","),
                        "vat_rate": format(item.vat_rate, "f"),
                    },
                )
                for item in list_catalogue(context)
            ]
            return self.ChoicesLoaded(Choices(clients, catalogue))

        deliver(self, produce)

    @on(ChoicesLoaded)
    def choices_loaded(self, message: ChoicesLoaded) -> None:
        select = self.query_one("#field-client_id", Field).control
        current = select.value
        select.set_options([(name, code) for code, name in message.choices.clients.items()])  # type: ignore[union-attr]
        if isinstance(current, str) and current in message.choices.clients:
            select.value = current
        elif self.detail is not None:
            self._show_client(self.detail)
        self.query_one("#lines-editor", LinesEditor).set_catalogue(message.choices.catalogue)
        self.choices_ready = True
        if self.document_id is None or self.detail is not None:
            self.form_shown(again=False)  # the client of a loaded document is chosen only now

    @work(thread=True, exclusive=True, group="document", exit_on_error=False)
    def load(self) -> None:
        from kpa_local.services.billing_queries import get_document

        document_id = self.document_id
        if document_id is not None:
            deliver(self, lambda context: self.Loaded(get_document(context, document_id)))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        detail = message.detail
        self.detail = detail
        self.kind = detail.kind
        content = detail.content
        self.query_one("#document-title", Static).update(self._heading())
        self.query_one("#document-facts", Static).update(self._facts(detail))
        values = {
            "title": content.title,
            "work_place": content.work_place,
            "service_start": date_fr(content.service_start),
            "service_end": date_fr(content.service_end),
            "validity_days": str(detail.validity_days or ""),
            "deposit_percent": format(content.deposit_percent, "f").replace(".", ",")
            if content.deposit_percent
            else "",
        }
        for name, value in values.items():
            self.query_one(f"#field-{name}", Field).value = value
        self._show_client(detail)
        self.query_one("#quote-fields").display = detail.kind == QUOTE
        for field in self.query(Field):
            field.control.disabled = not detail.is_editable
        self.query_one("#lines-editor", LinesEditor).set_lines(content.lines, editable=detail.is_editable)
        self.refresh_bindings()
        if self.choices_ready:
            self.form_shown()

    def _show_client(self, detail: DocumentDetail) -> None:
        select = self.query_one("#field-client_id", Field).control
        options = getattr(select, "_options", [])
        if any(value == str(detail.client_id) for _, value in options):
            select.value = str(detail.client_id)

    def _facts(self, detail: DocumentDetail) -> str:
        content = detail.content
        parts = [f"Client : {content.client.name}"]
        if content.issue_date and detail.number:
            parts.append(f"daté du {date_fr(content.issue_date)}")
        if content.valid_until and detail.kind == QUOTE:
            parts.append(f"valable jusqu'au {date_fr(content.valid_until)}")
        if content.due_date and detail.kind in (INVOICE, DEPOSIT):
            parts.append(f"échéance {date_fr(content.due_date)}")
        lines = ["  ·  ".join(parts)]
        if detail.is_issued and detail.kind != CREDIT_NOTE:
            paid = ", ".join(f"{money_fr(p.amount.cents)} le {date_fr(p.paid_on)}" for p in detail.payments)
            lines.append(f"Payé : {paid or 'rien encore'}  ·  [b]Reste à payer : {money_fr(detail.balance.cents)}[/b]")
        links = [f"{KIND_TITLES[link.kind]} {link.number or 'brouillon'}" for link in detail.links]
        if links:
            lines.append("Lié à : " + ", ".join(links))
        if detail.is_editable and detail.kind != QUOTE:
            lines.append("Brouillon : modifiable tant qu'il n'est pas émis. Enregistrez (Ctrl+S), puis émettez (F9).")
        return "\n".join(lines)

    # Which keys work now -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        editable = detail is None or detail.is_editable
        issued_invoice = detail is not None and detail.is_issued and detail.kind in (INVOICE, DEPOSIT)
        rules: dict[str, Callable[[], bool]] = {
            "save": lambda: editable,
            "issue": lambda: detail is not None and detail.kind in (INVOICE, DEPOSIT, CREDIT_NOTE) and editable,
            "payment": lambda: issued_invoice and detail is not None and detail.balance.cents > 0,
            "quote_status": lambda: (
                detail is not None and detail.kind == QUOTE and detail.stored_status in ("brouillon", "envoye")
            ),
            "invoice_quote": lambda: detail is not None and detail.kind == QUOTE and detail.stored_status == "accepte",
            "credit_note": lambda: issued_invoice and detail is not None and detail.status != "annulee",
            "duplicate": lambda: detail is not None and detail.kind != DEPOSIT,
            "reminder": lambda: detail is not None and detail.status == "en_retard",
            "open_pdf": lambda: detail is not None,
            "simulate": lambda: detail is not None and detail.kind == QUOTE,
        }
        rule = rules.get(action)
        return True if rule is None else rule()

    def action_simulate(self) -> None:
        from kpa_local.tui.screens.simulation import SimulationScreen

        if self.detail is not None:
            self.app.push_screen(SimulationScreen(self.detail.id, self._heading()))

    # Saving ------------------------------------------------------------------------------------

    def _draft(self) -> DocumentDraft:
        from kpa_local.services.documents import DocumentDraft

        values = form_values(self)
        today = app_today(self)
        problems: list[Problem] = []
        dates = {}
        for name, label in (("service_start", "Date de la prestation"), ("service_end", "Fin de la prestation")):
            try:
                dates[name] = parse_date(values.get(name, ""), today=today)
            except DateError as error:
                problems.append(Problem(name, f"{label} : {error.message}"))
                dates[name] = None
        numbers: dict[str, Decimal | None] = {}
        for name in ("validity_days", "deposit_percent"):
            text = values.get(name, "").strip()
            try:
                numbers[name] = parse_quantity(text, "un nombre", 2) if text and self.kind == QUOTE else None
            except KpaError as error:
                problems.append(Problem(name, error.message))
                numbers[name] = None
        client = values.get("client_id", "")
        if not client.isdigit():
            problems.append(Problem("client_id", "Choisissez le client du document."))
        if problems:
            raise Refused(problems)
        validity = numbers["validity_days"]
        return DocumentDraft(
            kind=self.kind,
            client_id=int(client),
            lines=tuple(self.query_one("#lines-editor", LinesEditor).lines),
            title=values.get("title", ""),
            work_place=values.get("work_place", ""),
            service_start=dates["service_start"],
            service_end=dates["service_end"],
            validity_days=int(validity) if validity is not None else None,
            deposit_percent=numbers["deposit_percent"],
        )

    def action_save(self) -> None:
        try:
            draft = self._draft()
        except Refused as refusal:
            self.failed(Failed(refusal.message, {p.field: p.message for p in refusal.problems}))
            return
        self.save(draft)

    @work(thread=True, exclusive=True, group="document", exit_on_error=False)
    def save(self, draft: DocumentDraft) -> None:
        from kpa_local.services.documents import create_document, update_document

        document_id = self.document_id

        def produce(context: Context) -> DocumentScreen.Saved:
            if document_id is None:
                return self.Saved(create_document(context, draft), "Enregistré.")
            update_document(context, document_id, draft)
            return self.Saved(document_id, "Enregistré.")

        deliver(self, produce)

    @on(Saved)
    def saved(self, message: Saved) -> None:
        self.document_id = message.document_id
        show_problems(self, {})
        self.query_one("#document-message", Static).update("")
        if message.note:
            self.notify(message.note, timeout=3)
        self.load()

    @on(Failed)
    def failed(self, message: Failed) -> None:
        show_refusal(self, message.problems, message.text, self.query_one("#document-message", Static))

    # Actions on a saved document ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="document", exit_on_error=False)
    def perform(self, act: Callable[[Context], tuple[int, str]]) -> None:
        """Call a service in a worker; then show the document it names (perhaps a new one), with a note."""

        def produce(context: Context) -> DocumentScreen.Saved:
            document_id, note = act(context)
            return self.Saved(document_id, note)

        deliver(self, produce)

    def _unsaved(self) -> bool:
        """An action works on the document as stored: with changes on screen, ask to save them first."""
        if not self.has_changes():
            return False
        unsaved = "Vos changements ne sont pas encore enregistrés : enregistrez-les d'abord (Ctrl+S)."
        self.query_one("#document-message", Static).update(unsaved)
        return True

    def action_issue(self) -> None:
        from kpa_local.tui.screens.confirm import ConfirmScreen

        if self._unsaved():
            return

        what = "l'avoir" if self.kind == CREDIT_NOTE else "la facture"
        question = (
            f"Émettre {what} ? Elle reçoit le numéro suivant de la série et la date d'aujourd'hui. "
            "C'est définitif : elle ne pourra plus être modifiée ni supprimée, seulement corrigée par un avoir."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Émettre", no="Pas encore"), self._issue_confirmed)

    def _issue_confirmed(self, confirmed: bool | None) -> None:
        from kpa_local.services.issuing import issue_document

        document_id = self.document_id
        if confirmed and document_id is not None:
            self.perform(lambda context: (document_id, f"Émise : n° {issue_document(context, document_id).number}."))

    def action_payment(self) -> None:
        from kpa_local.tui.screens.payment_form import payment_form

        if self.detail is not None:
            self.app.push_screen(payment_form(self.detail, app_today(self)), self._reload_after)

    def _reload_after(self, _saved: object) -> None:
        self.load()

    def action_quote_status(self) -> None:
        from kpa_local.services.documents import set_quote_status
        from kpa_local.tui.screens.choice import ChoiceScreen

        if self._unsaved():
            return
        document_id = self.document_id or 0
        choices = [("envoye", "Envoyé"), ("accepte", "Accepté"), ("refuse", "Refusé")]
        if self.detail is not None and self.detail.stored_status == "envoye":
            choices = choices[1:]

        def change(context: Context, status: str) -> tuple[int, str]:
            set_quote_status(context, document_id, status)
            return document_id, "Statut du devis changé."

        def chosen(status: str | None) -> None:
            if status:
                self.perform(lambda context: change(context, status))

        self.app.push_screen(ChoiceScreen("Où en est ce devis ?", choices), chosen)

    def action_invoice_quote(self) -> None:
        from kpa_local.services.documents import invoice_from_quote

        if self._unsaved():
            return
        document_id = self.document_id or 0

        def act(context: Context) -> tuple[int, str]:
            invoice_id, deposit_id = invoice_from_quote(context, document_id)
            extra = " et sa facture d'acompte" if deposit_id else ""
            return invoice_id, f"Facture brouillon créée{extra} : vérifiez-la, puis émettez-la."

        self.perform(act)

    def action_credit_note(self) -> None:
        from kpa_local.services.documents import credit_note_for

        document_id = self.document_id or 0
        self.perform(lambda context: (credit_note_for(context, document_id), "Avoir brouillon créé : "
                                            "retirez les lignes à ne pas annuler, puis émettez-le."))  # fmt: skip

    def action_duplicate(self) -> None:
        from kpa_local.services.documents import duplicate_document

        if self._unsaved():
            return
        document_id = self.document_id or 0
        self.perform(lambda context: (duplicate_document(context, document_id), "Copie créée."))

    def action_open_pdf(self) -> None:
        self.write_pdf(reminder=False)

    def action_reminder(self) -> None:
        self.write_pdf(reminder=True)

    @work(thread=True, exclusive=True, group="document-pdf", exit_on_error=False)
    def write_pdf(self, reminder: bool) -> None:
        document_id = self.document_id or 0

        def produce(context: Context) -> DocumentScreen.FileReady:
            if reminder:
                from kpa_local.services.payments import write_reminder

                return self.FileReady(write_reminder(context, document_id))
            from kpa_local.services.issuing import write_document_pdf

            return self.FileReady(write_document_pdf(context, document_id))

        deliver(self, produce)

    @on(FileReady)
    def file_ready(self, message: FileReady) -> None:
        from kpa_local.tui.open_file import open_with_system

        if open_with_system(message.path):
            self.notify(f"PDF ouvert : {message.path}", timeout=6)
        else:
            self.notify(f"PDF écrit dans {message.path} (aucun lecteur de PDF trouvé).", timeout=10)

    def form_key(self) -> str:
        return f"document:{self.document_id or 'new-' + self.kind}"

    def close_form(self) -> None:
        self.dismiss()
