"""The date of the service on invoices and credit notes: done before the invoice, the credited one's on a note."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from facturx import get_xml_from_pdf
from lxml import etree
from pypdf import PdfReader

from kpa_local.domain.errors import Refused
from kpa_local.services.billing_queries import get_document
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document, credit_note_for, invoice_from_quote, set_quote_status
from kpa_local.services.issuing import document_pdf, issue_document, issue_preview
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, business_client, draft, open_billing
from tests.documents.en16931_rules import strings

DAY = date(2026, 11, 26)


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY)


@pytest.fixture
def billing(workspace: Workspace, clock: Clock) -> Iterator[Context]:
    context = open_billing(workspace, clock)
    yield context
    context.close()


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\u00a0", " ")


def _delivery_day(pdf: bytes) -> str:
    _name, xml = get_xml_from_pdf(pdf, check_xsd=False)
    found = strings(
        etree.fromstring(xml), "//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString/text()"
    )
    return found[0]


@pytest.mark.parametrize(
    ("service_start", "printed", "xml_day"),
    [(date(2026, 11, 16), "16/11/2026", "20261116"), (None, "26/11/2026", "20261126")],
)
def test_a_credit_note_carries_the_service_date_of_the_credited_invoice(
    billing: Context, clock: Clock, service_start: date | None, printed: str, xml_day: str
) -> None:
    client = business_client(billing)
    invoice = issue_document(billing, create_document(billing, draft(client, service_start=service_start)))
    clock.day = DAY + timedelta(days=9)
    note = issue_document(billing, credit_note_for(billing, invoice.id))
    assert get_document(billing, note.id).content.service_start == (service_start or DAY)
    pdf, _ = document_pdf(billing, note.id)
    text = _text(pdf)
    assert f"Prestation réalisée le {printed}" in text
    assert "Prestation réalisée le 05/12/2026" not in text
    assert _delivery_day(pdf) == xml_day


def test_an_invoice_for_a_service_still_to_come_is_refused_with_what_to_do(billing: Context) -> None:
    client = business_client(billing)
    later = create_document(billing, draft(client, service_start=DAY + timedelta(days=3)))
    for attempt in (issue_preview, issue_document):
        with pytest.raises(Refused) as refused:
            attempt(billing, later)
        assert refused.value.for_field("service_start") == (
            "La prestation est datée du 29/11/2026, après aujourd'hui (26/11/2026) : une facture s'émet une fois la "
            "prestation faite. Corrigez la date de la prestation, ou attendez ce jour-là pour émettre la facture "
            "(pour demander de l'argent avant, faites une facture d'acompte depuis le devis)."
        )
    assert get_document(billing, later).number is None
    period = create_document(
        billing, draft(client, service_start=DAY - timedelta(days=2), service_end=DAY + timedelta(1))
    )
    with pytest.raises(Refused) as refused:
        issue_document(billing, period)
    assert "datée du 27/11/2026" in (refused.value.for_field("service_end") or "")
    today = issue_document(billing, create_document(billing, draft(client, service_start=DAY)))
    assert "Prestation réalisée le 26/11/2026" in _text(document_pdf(billing, today.id)[0])


def test_a_deposit_invoice_comes_before_the_service_and_says_it_is_planned(billing: Context) -> None:
    client = business_client(billing)
    quote = create_document(billing, draft(client, "devis", service_start=DAY + timedelta(days=20),
                                           deposit_percent=Decimal(30)))  # fmt: skip
    set_quote_status(billing, quote, "envoye")
    set_quote_status(billing, quote, "accepte")
    final_id, deposit_id = invoice_from_quote(billing, quote)
    assert deposit_id is not None
    deposit = issue_document(billing, deposit_id)
    text = _text(document_pdf(billing, deposit.id)[0])
    assert "Prestation prévue le 16/12/2026" in text and "réalisée" not in text
    with pytest.raises(Refused, match="après aujourd'hui"):
        issue_document(billing, final_id)
