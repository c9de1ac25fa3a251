"""Building what a document shows from the database and the settings."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpa_local.config import Settings
from kpa_local.db.models import Client, Document, DocumentLine, FrozenContent
from kpa_local.domain.billing import (
    CREDIT_NOTE,
    PUBLIC_KIND,
    QUOTE,
    DocumentContent,
    Party,
    Reference,
    Terms,
    content_from_json,
    document_totals,
)
from kpa_local.domain.lines import Line
from kpa_local.domain.money import Money
from kpa_local.domain.public_buyers import buyer_reference_of
from kpa_local.domain.text import fold
from kpa_local.domain.vat import rate_key


def line_from_row(row: DocumentLine) -> Line:
    """A domain line from its stored row."""
    return Line(
        designation=row.designation,
        quantity=Decimal(row.quantity),
        unit=row.unit,
        unit_price=Money(row.unit_price_cents),
        vat_rate=Decimal(row.vat_rate),
        discount_percent=Decimal(row.discount_percent),
        catalogue_item_id=row.catalogue_item_id,
        is_deduction=row.is_deduction,
    )


def row_from_line(line: Line, position: int) -> DocumentLine:
    """A stored row for a domain line."""
    return DocumentLine(
        position=position,
        designation=line.designation,
        quantity=format(line.quantity, "f"),
        unit=line.unit,
        unit_price_cents=line.unit_price.cents,
        discount_percent=format(line.discount_percent, "f"),
        vat_rate=rate_key(line.vat_rate),
        net_cents=line.net_amount.cents,
        catalogue_item_id=line.catalogue_item_id,
        is_deduction=line.is_deduction,
    )


def set_lines(document: Document, lines: tuple[Line, ...] | list[Line], *, franchise: bool) -> None:
    """Replace a draft's lines and its stored totals (without VAT under the franchise en base)."""
    document.lines.clear()
    for position, line in enumerate(lines, start=1):
        document.lines.append(row_from_line(line, position))
    totals = document_totals(tuple(lines), franchise=franchise)
    document.total_net_cents = totals.lines_net.cents
    document.total_vat_cents = totals.vat.cents
    document.total_cents = totals.with_vat.cents


def refresh_search_text(session: Session, document: Document) -> None:
    """What list searches look in: number, client and subject, folded (lower case, no accents)."""
    client = session.get(Client, document.client_id)
    parts = (document.number or "", client.name if client else "", document.title or "")
    document.search_text = fold(" ".join(part for part in parts if part))[:600]


def seller_party(settings: Settings) -> Party:
    """The structure de portage, the legal seller."""
    portage = settings.portage
    return Party(
        name=portage.name or settings.kpa.name,
        address=portage.address,
        postal_code=portage.postal_code,
        city=portage.city,
        legal_form=portage.legal_form,
        siren=portage.siren,
        siret=portage.siret,
        rcs=portage.rcs,
        vat_number=portage.vat_number,
    )


def trading_party(settings: Settings) -> Party:
    """The KPA, the trading activity named on documents."""
    kpa = settings.kpa
    return Party(
        name=kpa.name,
        address=kpa.address,
        postal_code=kpa.postal_code,
        city=kpa.city,
        email=kpa.email,
        phone=kpa.phone,
        contact=kpa.contact,
    )


def client_party(client: Client) -> Party:
    """The client as printed."""
    return Party(
        name=client.name,
        address=client.address,
        postal_code=client.postal_code,
        city=client.city,
        country=client.country,
        siren=client.siren,
        siret=client.siret,
        vat_number=client.vat_number,
        email=client.email,
        phone=client.phone,
        contact=client.contact,
    )


def terms_of(settings: Settings) -> Terms:
    """The terms printed at the foot of documents, from the settings."""
    billing = settings.billing
    return Terms(
        operation_kind=billing.operation_kind,
        payment_days=billing.payment_days,
        payment_methods=billing.payment_methods,
        iban=billing.iban,
        bic=billing.bic,
        late_penalty=billing.late_penalty,
        escompte=billing.escompte,
        vat_on_debits=billing.vat_on_debits,
        franchise=billing.franchise,
        exemption_mention=billing.exemption_mention,
    )


def references_of(session: Session, document: Document) -> tuple[Reference, ...]:
    """What a document names: the invoice a credit note corrects, the deposits a final invoice deducts."""
    if document.kind == CREDIT_NOTE and document.corrects_id is not None:
        invoice = session.get(Document, document.corrects_id)
        if invoice is not None and invoice.number and invoice.issue_date:
            return (Reference(invoice.number, invoice.issue_date),)
    if document.kind == "facture" and document.quote_id is not None:
        deposits = session.scalars(
            select(Document)
            .where(Document.quote_id == document.quote_id, Document.kind == "acompte", Document.number.is_not(None))
            .order_by(Document.issue_date, Document.id)
        )
        return tuple(Reference(deposit.number or "", deposit.issue_date or date.min) for deposit in deposits)
    return ()


def service_dates(session: Session, document: Document) -> tuple[date | None, date | None]:
    """The service a document is for; a credit note's is the credited invoice's, as that invoice prints it."""
    if document.service_start or document.kind != CREDIT_NOTE or document.corrects_id is None:
        return document.service_start, document.service_end
    invoice = session.get(Document, document.corrects_id)
    if invoice is None:
        return None, None
    frozen = session.get(FrozenContent, invoice.id)
    if frozen is None:
        return invoice.service_start, invoice.service_end
    printed = content_from_json(frozen.content_json)
    return printed.service_start, printed.service_end


def build_content(session: Session, document: Document, settings: Settings, today: date) -> DocumentContent:
    """What a document shows: frozen content once issued, live from the database before."""
    frozen = session.get(FrozenContent, document.id) if document.number and document.kind != QUOTE else None
    if frozen is not None:
        return content_from_json(frozen.content_json)
    quote_number = ""
    if document.quote_id is not None:
        quote = session.get(Document, document.quote_id)
        quote_number = quote.number or "" if quote else ""
    issue_date = document.issue_date or today
    valid_until = None
    if document.kind == QUOTE and document.validity_days is not None:
        valid_until = issue_date + timedelta(days=document.validity_days)
    service_start, service_end = service_dates(session, document)
    return DocumentContent(
        kind=document.kind,
        number=document.number or "",
        issue_date=issue_date,
        seller=seller_party(settings),
        trading=trading_party(settings),
        client=client_party(document.client),
        client_kind=document.client.kind,
        lines=tuple(line_from_row(row) for row in document.lines),
        terms=terms_of(settings),
        title=document.title,
        service_start=service_start,
        service_end=service_end,
        work_place=document.work_place,
        due_date=document.due_date,
        valid_until=valid_until,
        deposit_percent=Decimal(document.deposit_percent) if document.deposit_percent else None,
        references=references_of(session, document),
        quote_number=quote_number,
        notes=document.notes,
        buyer_reference=buyer_reference_of(document.buyer_reference, public_service_code(document.client)),
        order_number=document.order_number,
    )


def public_service_code(client: Client) -> str:
    """The Chorus Pro service code of a public buyer ("" for any other client)."""
    return client.service_code if client.kind == PUBLIC_KIND else ""
