"""One quote, invoice or credit note: its client and dates, its lines with live totals, and what can
be done with it now (save, issue, record a payment, credit, duplicate, open the PDF…)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from kpa_local.domain.billing import (
    CREDIT_NOTE,
    DEPOSIT,
    INVOICE,
    KIND_TITLES,
    QUOTE,
    QUOTE_STATUSES,
    ShownStatus,
    StoredStatus,
)
from kpa_local.domain.dates import DateError, parse_date
from kpa_local.domain.errors import KpaError, Problem, Refused
from kpa_local.domain.money import parse_quantity
from kpa_local.domain.public_buyers import BUYER_REFERENCE_LABEL, ORDER_NUMBER_LABEL
from kpa_local.fmt import date_fr, money_fr
from kpa_local.services.billing_views import DocumentDetail
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.session import app_today
from kpa_local.tui.widgets.field import (
    Field,
    choice_field,
    date_field,
    form_values,
    show_problems,
    show_refusal,
    text_field,
)
from kpa_local.tui.widgets.key_footer import KeyFooter
from kpa_local.tui.widgets.lines_editor import CatalogueChoice, LinesEditor

if TYPE_CHECKING:
    from pathlib import Path

    from kpa_local.services import billing_queries, documents, issuing, payments
    from kpa_local.services.billing_views import IssuePreview
    from kpa_local.services.context import Context
    from kpa_local.services.documents import DocumentDraft
else:
    billing_queries = deferred("kpa_local.services.billing_queries")
    documents = deferred("kpa_local.services.documents")
    issuing = deferred("kpa_local.services.issuing")
    payments = deferred("kpa_local.services.payments")


def _issue_preview(context: Context, document_id: int) -> tuple[IssuePreview, str]:
    """What issuing would do, and the question that asks to confirm it (both made in the worker)."""
    preview = issuing.issue_preview(context, document_id)
    return preview, issuing.issue_question(preview)


def _issue(context: Context, document_id: int, number: str) -> tuple[int, str]:
    """Issue the draft under the number its confirmation showed (refused if another document took it)."""
    issued = issuing.issue_document(context, document_id, expected_number=number)
    return document_id, f"Émise : n° {issued.number}."


REFERENCE_EXAMPLE = "par exemple DA-118"


@dataclass(frozen=True)
class Choices:
    """The clients and catalogue services a document can use."""

    clients: dict[str, str]
    catalogue: list[CatalogueChoice]


def read_choices(context: Context, *, with_unit: bool = True) -> Choices:
    """The clients and the catalogue (each service with its price, and its unit unless told not to)."""
    from kpa_local.services.catalogue import list_catalogue
    from kpa_local.services.clients import list_clients

    clients = {str(client.id): f"{client.name} ({client.city})" for client in list_clients(context)}
    catalogue = [
        CatalogueChoice(
            item.id,
            f"{item.designation} — {money_fr(item.unit_price.cents)}" + (f" / {item.unit}" if with_unit else ""),
            {
                "designation": item.designation,
                "unit": item.unit,
                "unit_price": format(item.unit_price.to_decimal(), "f").replace(".", ","),
                "vat_rate": format(item.vat_rate, "f"),
            },
        )
        for item in list_catalogue(context)
    ]
    return Choices(clients, catalogue)


def save_draft(context: Context, document_id: int | None, draft: DocumentDraft) -> tuple[int, str]:
    """Create the document, or write the draft over it; the document's id and what to tell."""
    if document_id is None:
        return documents.create_document(context, draft), "Enregistré."
    documents.update_document(context, document_id, draft)
    return document_id, "Enregistré."


def write_pdf(context: Context, document_id: int, reminder: bool) -> Path:
    """The document's PDF, or the reminder letter of an overdue invoice."""
    if reminder:
        return payments.write_reminder(context, document_id)
    return issuing.write_document_pdf(context, document_id)


def platform_history(detail: DocumentDetail) -> str:
    """The section « Suivi sur la plateforme »: what the CAE's platform said of the document, day by day."""
    lines = ["[b]Suivi sur la plateforme[/b]"]
    for status in detail.platform_statuses:
        reason = f" — {escape(status.reason)}" if status.reason else ""
        lines.append(f"{date_fr(status.day)} · {status.label}{reason}")
    if not detail.platform_statuses:
        lines.append("Rien encore : la CAE importe ce que dit sa plateforme (kpa invoices statuses).")
    return "\n".join(lines)


class DocumentScreen(GuardedForm, Screen[None]):
    """See, write and act on one document."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Enregistrer", id="document.save", priority=True),
        Binding("ctrl+u", "issue", "Émettre", id="document.issue", priority=True),
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
            yield Static("", id="platform-statuses")
            with Horizontal(classes="row"):
                yield choice_field("client_id", "Client", {}, blank="Choisir le client…")
                yield text_field("title", "Objet (ce qui est vendu)")
            with Horizontal(classes="row"):
                yield text_field("work_place", "Lieu de la prestation")
                yield date_field("service_start", "Date (ou premier jour)")
                yield date_field("service_end", "Fin (plusieurs jours)")
            with Horizontal(classes="row"):
                yield text_field("buyer_reference", BUYER_REFERENCE_LABEL, placeholder=REFERENCE_EXAMPLE)
                yield text_field("order_number", ORDER_NUMBER_LABEL, placeholder="par exemple EJ-2026-004172")
            with Horizontal(classes="row", id="quote-fields"):
                yield text_field("validity_days", "Validité du devis (jours)", value="30")
                yield text_field("deposit_percent", "Acompte demandé (%)", placeholder="aucun")
            yield LinesEditor(id="lines-editor")
            yield Static("", id="document-message", classes="error")
        yield KeyFooter()

    def _heading(self) -> str:
        if self.detail is None:
            return f"Nouveau {KIND_TITLES[self.kind].lower()}" if self.kind == QUOTE else "Nouvelle facture"
        detail = self.detail
        title = KIND_TITLES[detail.kind]
        number = detail.number or "brouillon sans numéro"
        return f"{title} {number} · {detail.status_label}"

    def on_mount(self) -> None:
        self.query_one("#quote-fields").display = self.kind == QUOTE
        self.query_one("#platform-statuses").display = False  # until an issued document is shown
        self.load_choices()
        if self.document_id is not None:
            self.load()
        else:
            self.query_one("#lines-editor", LinesEditor).set_lines([], editable=True)
            self.query_one("#client_id").focus()

    # Loading -----------------------------------------------------------------------------------

    def load_choices(self) -> None:
        call(self, read_choices, then=self.choices_loaded, group="choices")

    def choices_loaded(self, choices: Choices) -> None:
        select = self.query_one("#field-client_id", Field).control
        current = select.value
        select.set_options([(name, code) for code, name in choices.clients.items()])  # type: ignore[union-attr]
        if isinstance(current, str) and current in choices.clients:
            select.value = current
        elif self.detail is not None:
            self._show_client(self.detail)
        self.query_one("#lines-editor", LinesEditor).set_catalogue(choices.catalogue)
        self.choices_ready = True
        if self.document_id is None or self.detail is not None:
            self.form_shown(again=False)  # the client of a loaded document is chosen only now

    def load(self) -> None:
        if self.document_id is not None:
            call(self, billing_queries.get_document, self.document_id, then=self.show, group="document")

    def show(self, detail: DocumentDetail) -> None:
        self.detail = detail
        self.kind = detail.kind
        content = detail.content
        self.query_one("#document-title", Static).update(self._heading())
        self.query_one("#document-facts", Static).update(self._facts(detail))
        statuses = self.query_one("#platform-statuses", Static)
        statuses.display = detail.is_issued
        statuses.update(platform_history(detail))
        values = {
            "title": content.title,
            "work_place": content.work_place,
            "service_start": date_fr(content.service_start),
            "service_end": date_fr(content.service_end),
            "buyer_reference": detail.buyer_reference,
            "order_number": detail.order_number,
            "validity_days": str(detail.validity_days or ""),
            "deposit_percent": format(content.deposit_percent, "f").replace(".", ",")
            if content.deposit_percent
            else "",
        }
        for name, value in values.items():
            self.query_one(f"#field-{name}", Field).value = value
        self._show_client(detail)
        code = detail.client_service_code
        reference = self.query_one("#buyer_reference", Input)
        reference.placeholder = f"si vide : {code} (code service)" if code else REFERENCE_EXAMPLE
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
            lines.append(
                "Brouillon : modifiable tant qu'il n'est pas émis. Enregistrez (Ctrl+S), puis émettez (Ctrl+U)."
            )
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
                detail is not None
                and detail.kind == QUOTE
                and detail.stored_status in (StoredStatus.DRAFT, StoredStatus.SENT)
            ),
            "invoice_quote": lambda: (
                detail is not None and detail.kind == QUOTE and detail.stored_status == StoredStatus.ACCEPTED
            ),
            "credit_note": lambda: issued_invoice and detail is not None and detail.status != ShownStatus.CANCELLED,
            "duplicate": lambda: detail is not None and detail.kind != DEPOSIT,
            "reminder": lambda: detail is not None and detail.status == ShownStatus.LATE,
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
            buyer_reference=values.get("buyer_reference", ""),
            order_number=values.get("order_number", ""),
        )

    def action_save(self) -> None:
        try:
            draft = self._draft()
        except Refused as refusal:
            self.failed(Failed(refusal.message, {p.field: p.message for p in refusal.problems}))
            return
        call(self, save_draft, self.document_id, draft, then=self.saved, group="document", write=True)

    def saved(self, outcome: tuple[int, str]) -> None:
        """A write has answered: show the document it names (perhaps a new one), with its note."""
        self.document_id, note = outcome
        show_problems(self, {})
        self.query_one("#document-message", Static).update("")
        if note:
            self.notify(note, timeout=3)
        self.load()

    @on(Failed)
    def failed(self, message: Failed) -> None:
        show_refusal(self, message.problems, message.text, self.query_one("#document-message", Static))

    # Actions on a saved document ---------------------------------------------------------------

    def perform(self, act: Callable[[Context], tuple[int, str]]) -> None:
        """Call a service in a worker; then show the document it names (perhaps a new one), with a note."""
        call(self, act, then=self.saved, group="document", write=True)

    def _unsaved(self) -> bool:
        """An action works on the document as stored: with changes on screen, ask to save them first."""
        if not self.has_changes():
            return False
        unsaved = "Vos changements ne sont pas encore enregistrés : enregistrez-les d'abord (Ctrl+S)."
        self.query_one("#document-message", Static).update(unsaved)
        return True

    def action_issue(self) -> None:
        document_id = self.document_id
        if document_id is not None and not self._unsaved():
            call(self, _issue_preview, document_id, then=self.confirm_issue, group="issue-preview")

    def confirm_issue(self, asked: tuple[IssuePreview, str]) -> None:
        from kpa_local.tui.screens.confirm import ConfirmScreen

        preview, question = asked

        def answered(confirmed: bool | None) -> None:
            document_id = self.document_id
            if confirmed and document_id is not None:
                self.perform(lambda context: _issue(context, document_id, preview.number))

        self.app.push_screen(ConfirmScreen(question, yes="Émettre", no="Pas encore"), answered)

    def action_payment(self) -> None:
        from kpa_local.tui.screens.payment_form import payment_form

        if self.detail is not None:
            self.app.push_screen(payment_form(self.detail, app_today(self)), self._reload_after)

    def _reload_after(self, _saved: object) -> None:
        self.load()

    def action_quote_status(self) -> None:
        from kpa_local.tui.screens.choice import ChoiceScreen

        if self._unsaved():
            return
        document_id = self.document_id or 0
        steps = (StoredStatus.SENT, StoredStatus.ACCEPTED, StoredStatus.REFUSED)
        choices: list[tuple[str, str]] = [(status, QUOTE_STATUSES[ShownStatus(status)]) for status in steps]
        if self.detail is not None and self.detail.stored_status == StoredStatus.SENT:
            choices = choices[1:]

        def change(context: Context, status: str) -> tuple[int, str]:
            documents.set_quote_status(context, document_id, status)
            return document_id, "Statut du devis changé."

        def chosen(status: str | None) -> None:
            if status:
                self.perform(lambda context: change(context, status))

        self.app.push_screen(ChoiceScreen("Où en est ce devis ?", choices), chosen)

    def action_invoice_quote(self) -> None:
        if self._unsaved():
            return
        document_id = self.document_id or 0

        def act(context: Context) -> tuple[int, str]:
            invoice_id, deposit_id = documents.invoice_from_quote(context, document_id)
            extra = " et sa facture d'acompte" if deposit_id else ""
            return invoice_id, f"Facture brouillon créée{extra} : vérifiez-la, puis émettez-la."

        self.perform(act)

    def action_credit_note(self) -> None:
        document_id = self.document_id or 0
        self.perform(lambda context: (documents.credit_note_for(context, document_id), "Avoir brouillon créé : "
                                            "retirez les lignes à ne pas annuler, puis émettez-le."))  # fmt: skip

    def action_duplicate(self) -> None:
        if self._unsaved():
            return
        document_id = self.document_id or 0
        self.perform(lambda context: (documents.duplicate_document(context, document_id), "Copie créée."))

    def action_open_pdf(self) -> None:
        call(self, write_pdf, self.document_id or 0, False, then=self.file_ready, group="pdf", write=True)

    def action_reminder(self) -> None:
        call(self, write_pdf, self.document_id or 0, True, then=self.file_ready, group="pdf", write=True)

    def file_ready(self, path: Path) -> None:
        from kpa_local.tui.open_file import show_file, shown_sentence

        self.notify(shown_sentence(show_file(self.app, path), path), timeout=10)

    def form_key(self) -> str:
        return f"document:{self.document_id or 'new-' + self.kind}"

    def close_form(self) -> None:
        self.dismiss()
