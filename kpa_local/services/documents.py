"""Quotes and invoice drafts: create, change, duplicate, accept, turn into invoices and credit notes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kpa_local.db.models import Client, Document
from kpa_local.domain.billing import (
    CREDIT_NOTE,
    DEPOSIT,
    INVOICE,
    INVOICE_KINDS,
    KIND_TITLES,
    QUOTE,
    StoredStatus,
)
from kpa_local.domain.deposits import deposit_lines
from kpa_local.domain.errors import NotFound, Problem, Refused
from kpa_local.domain.lines import Line, check_lines, compute_totals
from kpa_local.domain.money import Money
from kpa_local.domain.public_buyers import reference_length_problems
from kpa_local.services.access import Permission, require
from kpa_local.services.content import line_from_row, refresh_search_text, set_lines
from kpa_local.services.context import Context
from kpa_local.services.numbers import next_number
from kpa_local.services.rows import get_or_refuse

QUOTE_TRANSITIONS: dict[str, tuple[StoredStatus, ...]] = {
    StoredStatus.DRAFT: (StoredStatus.SENT, StoredStatus.ACCEPTED, StoredStatus.REFUSED),
    StoredStatus.SENT: (StoredStatus.ACCEPTED, StoredStatus.REFUSED),
    StoredStatus.ACCEPTED: (),
    StoredStatus.REFUSED: (),
}


@dataclass(frozen=True)
class DocumentDraft:
    """What a person fills in for a quote or an invoice draft."""

    kind: str
    client_id: int
    lines: tuple[Line, ...]
    title: str = ""
    work_place: str = ""
    service_start: date | None = None
    service_end: date | None = None
    validity_days: int | None = None
    deposit_percent: Decimal | None = None
    notes: str = ""
    buyer_reference: str = ""
    order_number: str = ""


def _reference(text: str) -> str:
    """A reference as stored: on one line, spaces inside it kept single."""
    return " ".join(text.split())


def _check_draft(session: Session, draft: DocumentDraft) -> Client:
    problems: list[Problem] = []
    client = session.get(Client, draft.client_id)
    if client is None:
        problems.append(Problem("client_id", "Choisissez le client du document."))
    elif client.archived:
        problems.append(
            Problem("client_id", f"{client.name} est archivé : réactivez ce client ou choisissez-en un autre.")
        )
    if draft.service_start and draft.service_end and draft.service_end < draft.service_start:
        problems.append(Problem("service_end", "La fin de la prestation est avant son début : corrigez les dates."))
    if draft.deposit_percent is not None and not Decimal(0) < draft.deposit_percent <= 100:
        problems.append(Problem("deposit_percent", "L'acompte est un pourcentage entre 1 et 100, ou rien."))
    if draft.validity_days is not None and not 1 <= draft.validity_days <= 365:
        problems.append(Problem("validity_days", "La validité du devis va de 1 à 365 jours."))
    problems.extend(reference_length_problems(_reference(draft.buyer_reference), _reference(draft.order_number)))
    try:
        check_lines(draft.lines)
    except Refused as refusal:
        problems.extend(refusal.problems)
    if problems or client is None:
        raise Refused(problems)
    return client


def _fill(document: Document, draft: DocumentDraft, *, franchise: bool) -> None:
    document.client_id = draft.client_id
    document.title = " ".join(draft.title.split())
    document.work_place = " ".join(draft.work_place.split())
    document.service_start = draft.service_start
    document.service_end = draft.service_end
    document.notes = draft.notes.strip()
    document.buyer_reference = _reference(draft.buyer_reference)
    document.order_number = _reference(draft.order_number)
    if document.kind == QUOTE:
        document.validity_days = draft.validity_days
        document.deposit_percent = format(draft.deposit_percent, "f") if draft.deposit_percent else None
    set_lines(document, draft.lines, franchise=franchise)


def create_document(context: Context, draft: DocumentDraft) -> int:
    """Record a new quote (numbered at once in its series) or a new invoice draft (no number yet)."""
    require(context, Permission.EDIT_BILLING)
    if draft.kind not in (QUOTE, INVOICE):
        raise Refused([Problem("kind", "Un avoir ou une facture d'acompte se crée depuis une facture ou un devis.")])
    today = context.today()
    with context.database.unit_of_work(immediate=True) as session:
        _check_draft(session, draft)
        document = Document(kind=draft.kind, status=StoredStatus.DRAFT, created_at=datetime.now())
        if draft.kind == QUOTE:
            billing = context.settings.billing
            number = next_number(session, billing.quote_prefix, billing.number_format, today)
            document.number, document.series, document.year, document.seq = number
            document.issue_date = today
            if draft.validity_days is None:
                draft = replace(draft, validity_days=billing.quote_validity_days)
        _fill(document, draft, franchise=context.settings.billing.franchise)
        refresh_search_text(session, document)
        session.add(document)
        session.flush()
        return document.id


def _editable(session: Session, document_id: int) -> Document:
    document = get_or_refuse(session, Document, document_id, "Ce document n'existe plus.")
    if document.status != StoredStatus.DRAFT:
        what = KIND_TITLES[document.kind].lower()
        raise Refused(
            [
                Problem(
                    None,
                    f"Ce {what} n'est plus un brouillon : il ne peut plus changer. Dupliquez-le ou faites un avoir.",
                )
            ]
        )
    return document


def update_document(context: Context, document_id: int, draft: DocumentDraft) -> None:
    """Change a draft (a quote still in draft, an invoice not yet issued)."""
    require(context, Permission.EDIT_BILLING)
    with context.database.unit_of_work() as session:
        document = _editable(session, document_id)
        _check_draft(session, replace(draft, kind=document.kind))
        if document.kind == CREDIT_NOTE:
            check_credit_amount(session, document, compute_totals(draft.lines).with_vat)
        _fill(document, replace(draft, kind=document.kind), franchise=context.settings.billing.franchise)
        refresh_search_text(session, document)


def delete_draft(context: Context, document_id: int) -> None:
    """Delete an invoice draft; quotes keep their number and are refused instead."""
    require(context, Permission.EDIT_BILLING)
    with context.database.unit_of_work() as session:
        document = _editable(session, document_id)
        if document.kind == QUOTE:
            raise Refused([Problem(None, "Un devis garde son numéro : marquez-le « refusé » au lieu de le supprimer.")])
        session.delete(document)


def quote_or_refuse(session: Session, quote_id: int) -> Document:
    """The quote with this id; `NotFound` when there is none, or when the document is not a quote."""
    quote = session.get(Document, quote_id)
    if quote is None or quote.kind != QUOTE:
        raise NotFound("Ce devis n'existe plus.")
    return quote


def set_quote_status(context: Context, quote_id: int, status: str) -> None:
    """Mark a quote sent, accepted or refused."""
    require(context, Permission.EDIT_BILLING)
    with context.database.unit_of_work() as session:
        quote = quote_or_refuse(session, quote_id)
        if status not in QUOTE_TRANSITIONS.get(quote.status, ()):
            raise Refused([Problem("status", f"Un devis « {quote.status} » ne peut pas passer à « {status} ».")])
        quote.status = status


def duplicate_document(context: Context, document_id: int) -> int:
    """A new draft with the same client and lines (a quote gets a new number)."""
    require(context, Permission.EDIT_BILLING)
    with context.database.unit_of_work() as session:
        source = get_or_refuse(session, Document, document_id, "Ce document n'existe plus.")
        kind = QUOTE if source.kind == QUOTE else INVOICE
        lines = tuple(line_from_row(row) for row in source.lines if not row.is_deduction)
        if source.kind == DEPOSIT:
            raise Refused([Problem(None, "Une facture d'acompte se crée depuis son devis, pas en double.")])
        draft = DocumentDraft(
            kind=kind,
            client_id=source.client_id,
            lines=lines,
            title=source.title,
            work_place=source.work_place,
            validity_days=source.validity_days,
            deposit_percent=Decimal(source.deposit_percent) if source.deposit_percent else None,
            notes=source.notes,
            # The buyer's reference stays; an order number belongs to one order, so the copy has none yet.
            buyer_reference=source.buyer_reference,
        )
    return create_document(context, draft)


def invoice_from_quote(context: Context, quote_id: int) -> tuple[int, int | None]:
    """The invoice draft of an accepted quote, and its deposit invoice draft if a deposit was asked."""
    require(context, Permission.EDIT_BILLING)
    with context.database.unit_of_work(immediate=True) as session:
        quote = quote_or_refuse(session, quote_id)
        if quote.status != StoredStatus.ACCEPTED:
            raise Refused(
                [Problem(None, "Seul un devis accepté devient une facture : marquez-le d'abord « accepté ».")]
            )
        existing = session.scalar(select(Document.id).where(Document.quote_id == quote_id, Document.kind == INVOICE))
        if existing is not None:
            deposit_id = session.scalar(
                select(Document.id).where(Document.quote_id == quote_id, Document.kind == DEPOSIT)
            )
            return existing, deposit_id
        lines = tuple(line_from_row(row) for row in quote.lines)
        franchise = context.settings.billing.franchise
        invoice = _derived(quote, INVOICE, lines, franchise=franchise)
        refresh_search_text(session, invoice)
        session.add(invoice)
        deposit = None
        if quote.deposit_percent:
            asked = deposit_lines(quote.number or "", lines, Decimal(quote.deposit_percent))
            deposit = _derived(quote, DEPOSIT, asked, franchise=franchise)
            refresh_search_text(session, deposit)
            session.add(deposit)
        session.flush()
        return invoice.id, deposit.id if deposit else None


def _derived(quote: Document, kind: str, lines: tuple[Line, ...], *, franchise: bool) -> Document:
    document = Document(
        kind=kind,
        status=StoredStatus.DRAFT,
        client_id=quote.client_id,
        title=quote.title,
        work_place=quote.work_place,
        service_start=quote.service_start,
        service_end=quote.service_end,
        notes="",
        quote_id=quote.id,
        buyer_reference=quote.buyer_reference,
        order_number=quote.order_number,
        created_at=datetime.now(),
    )
    set_lines(document, lines, franchise=franchise)
    return document


def credit_note_for(context: Context, invoice_id: int, lines: tuple[Line, ...] | None = None) -> int:
    """A credit note draft for an issued invoice: the whole invoice, or the lines given."""
    require(context, Permission.EDIT_BILLING)
    with context.database.unit_of_work() as session:
        invoice = session.get(Document, invoice_id)
        if invoice is None or invoice.kind not in (INVOICE, DEPOSIT) or invoice.number is None:
            raise Refused([Problem(None, "Un avoir se fait sur une facture émise.")])
        remaining = Money(invoice.total_cents) - _credited(session, invoice.id)
        if remaining.cents <= 0:
            raise Refused([Problem(None, f"La facture {invoice.number} est déjà entièrement annulée par des avoirs.")])
        if lines is None:
            lines = tuple(line_from_row(row) for row in invoice.lines)
            if _credited(session, invoice.id):
                lines = (_remaining_line(invoice.number, remaining, tuple(lines)),)
        note = Document(
            kind=CREDIT_NOTE,
            status=StoredStatus.DRAFT,
            client_id=invoice.client_id,
            title=f"Avoir sur la facture n° {invoice.number}",
            corrects_id=invoice.id,
            notes="",
            # A public buyer matches the credit note to the invoice's service and engagement.
            buyer_reference=invoice.buyer_reference,
            order_number=invoice.order_number,
            created_at=datetime.now(),
        )
        credited = tuple(replace(line, is_deduction=False) for line in lines)
        set_lines(note, credited, franchise=context.settings.billing.franchise)
        check_credit_amount(session, note, Money(note.total_cents))
        refresh_search_text(session, note)
        session.add(note)
        session.flush()
        return note.id


def _remaining_line(number: str, remaining: Money, lines: tuple[Line, ...]) -> Line:
    rate = compute_totals(lines).groups[0].rate
    net = Money.from_decimal(remaining.to_decimal() / (1 + rate / 100))
    return Line(f"Solde de la facture n° {number}", Decimal(1), "forfait", net, rate)


def _credited(session: Session, invoice_id: int, excluding: int | None = None) -> Money:
    query = select(func.coalesce(func.sum(Document.total_cents), 0)).where(
        Document.corrects_id == invoice_id, Document.kind == CREDIT_NOTE
    )
    if excluding is not None:
        query = query.where(Document.id != excluding)
    return Money(session.scalar(query) or 0)


def check_credit_amount(session: Session, note: Document, amount: Money) -> None:
    """Refuse a credit note larger than what remains to cancel on its invoice."""
    if note.corrects_id is None:
        return
    invoice = get_or_refuse(session, Document, note.corrects_id, "La facture de cet avoir n'existe plus.")
    room = Money(invoice.total_cents) - _credited(session, invoice.id, excluding=note.id)
    if amount > room:
        raise Refused(
            [
                Problem(
                    "lines",
                    f"L'avoir dépasse ce qui reste à annuler sur la facture {invoice.number} : réduisez ses lignes.",
                )
            ]
        )


def issued_kinds() -> tuple[str, ...]:
    """Kinds that get an official number at issue."""
    return INVOICE_KINDS
