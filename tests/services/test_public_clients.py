"""Public clients (collectivités) on Chorus Pro: their SIRET and service code, a document's buyer references,
the Factur-X data that carries them, and the refusal to issue without the references a client requires."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from facturx import xml_check_xsd
from lxml import etree

from kpa_local.db import cipher
from kpa_local.documents.facturx_read import content_from_pdf
from kpa_local.domain.errors import Refused
from kpa_local.services.billing_queries import get_document, list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.clients import get_client, list_clients, save_client
from kpa_local.services.context import Context
from kpa_local.services.demo_billing import TOWN_ORDER
from kpa_local.services.documents import (
    create_document,
    credit_note_for,
    duplicate_document,
    invoice_from_quote,
    set_quote_status,
    update_document,
)
from kpa_local.services.issuing import document_pdf, issue_document, issue_preview, pdf_path
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, draft, open_billing
from tests.documents.en16931_rules import broken_rules, strings
from tests.documents.test_invoice_pdf import xml_of
from tests.raw_database import raw

DAY = date(2026, 11, 26)
TOWN_SIRET = "21590512600011"
TOWN = {
    "kind": "collectivite",
    "name": "Ville de Roubaix — service Jeunesse",
    "address": "17 Grand'Place",
    "postal_code": "59100",
    "city": "Roubaix",
    "siret": TOWN_SIRET,
    "service_code": "JEUNESSE",
}


@pytest.fixture
def billing(workspace: Workspace) -> Iterator[Context]:
    context = open_billing(workspace, Clock(DAY))
    yield context
    context.close()


def town(context: Context, **changes: str) -> int:
    """The town's youth service as a public client (nothing required unless told)."""
    return save_client(context, {**TOWN, **changes}).id


def _xml(context: Context, document_id: int) -> etree._Element:
    return etree.fromstring(xml_of(document_pdf(context, document_id)[0]))


def test_a_collectivite_needs_its_siret_and_keeps_its_service_code_and_ticks(billing: Context) -> None:
    with pytest.raises(Refused) as refused:
        save_client(billing, {**TOWN, "siret": ""})
    assert "SIRET" in (refused.value.for_field("siret") or "")
    assert [client.name for client in list_clients(billing)] == []
    client = get_client(billing, town(billing, requires_order_number="oui"))
    assert (client.siret, client.siren, client.service_code) == (TOWN_SIRET, TOWN_SIRET[:9], "JEUNESSE")
    assert (client.requires_service_code, client.requires_order_number) == (False, True)
    assert client.values()["requires_order_number"] == "oui"


def test_only_a_collectivite_has_a_service_code_or_required_references(billing: Context) -> None:
    form = {**TOWN, "kind": "association", "requires_order_number": "oui"}
    client = get_client(billing, save_client(billing, form).id)
    assert (client.service_code, client.requires_order_number) == ("", False)


def test_a_public_invoice_carries_bt10_bt13_and_the_buyer_siret_in_valid_en16931_data(billing: Context) -> None:
    invoice = create_document(billing, draft(town(billing), order_number="EJ-2026-004172"))
    issued = issue_document(billing, invoice)
    xml = xml_of(Path(issued.pdf_path).read_bytes())
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert broken_rules(xml) == []
    root = etree.fromstring(xml)
    agreement = "//ram:ApplicableHeaderTradeAgreement"
    assert strings(root, f"{agreement}/ram:BuyerReference/text()") == ["JEUNESSE"]  # the client's service code
    assert strings(root, f"{agreement}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()") == [
        "EJ-2026-004172"
    ]
    buyer = f"{agreement}/ram:BuyerTradeParty"
    assert strings(root, f"{buyer}/ram:GlobalID[@schemeID='0009']/text()") == [TOWN_SIRET]
    assert strings(root, f"{buyer}/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']/text()") == [TOWN_SIRET]
    detail = get_document(billing, invoice)
    assert (detail.buyer_reference, detail.order_number) == ("JEUNESSE", "EJ-2026-004172")  # as printed


def test_a_business_client_keeps_its_siren_and_no_reference_is_written_when_none_is_typed(billing: Context) -> None:
    from tests.billing_support import business_client

    root = _xml(billing, issue_document(billing, create_document(billing, draft(business_client(billing)))).id)
    assert strings(root, "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID/text()") == ["552100554"]
    assert strings(root, "//ram:BuyerTradeParty/ram:GlobalID/text()") == []
    assert strings(root, "//ram:BuyerReference/text()") == []
    assert strings(root, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()") == []


def test_the_reference_typed_on_the_document_wins_over_the_service_code(billing: Context) -> None:
    invoice = create_document(billing, draft(town(billing), buyer_reference="  SPORTS ", order_number="BC 12"))
    root = _xml(billing, issue_document(billing, invoice).id)
    assert strings(root, "//ram:BuyerReference/text()") == ["SPORTS"]
    assert strings(root, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()") == ["BC 12"]


def test_both_references_are_printed_on_the_page(billing: Context) -> None:
    from tests.documents.test_invoice_pdf import text_of

    invoice = create_document(billing, draft(town(billing), order_number="EJ-2026-004172"))
    text = text_of(Path(issue_document(billing, invoice).pdf_path).read_bytes())
    assert "Code service (référence acheteur) : JEUNESSE" in text
    assert "N° d'engagement (bon de commande) : n° EJ-2026-004172" in text
    assert f"SIRET {TOWN_SIRET}" in text


def _nothing_issued(context: Context, document_id: int) -> None:
    detail = get_document(context, document_id)
    assert detail.number is None and detail.stored_status == "brouillon"
    assert context.database.read("SELECT count(*) FROM number_series") == [(0,)]
    assert context.database.read("SELECT count(*) FROM frozen_content") == [(0,)]
    assert not pdf_path(context, "FA-2026-0001", 2026).exists()


def test_issuing_without_the_required_engagement_number_is_refused_and_changes_nothing(billing: Context) -> None:
    invoice = create_document(billing, draft(town(billing, requires_order_number="oui")))
    audit_before = billing.database.read("SELECT count(*) FROM audit_entry")
    for attempt in (issue_preview, issue_document):
        with pytest.raises(Refused) as refused:
            attempt(billing, invoice)
        message = refused.value.for_field("order_number") or ""
        assert "numéro d'engagement" in message and "« N° de commande ou d'engagement »" in message
        assert [problem.field for problem in refused.value.problems] == ["order_number"]
    _nothing_issued(billing, invoice)
    assert billing.database.read("SELECT count(*) FROM audit_entry") == audit_before
    update_document(billing, invoice, draft(town(billing, name="Autre service"), order_number="EJ-1"))
    assert issue_document(billing, invoice).number == "FA-2026-0001"


def test_a_required_service_code_comes_from_the_client_or_the_document(billing: Context) -> None:
    client = town(billing, service_code="", requires_service_code="oui")
    invoice = create_document(billing, draft(client))
    with pytest.raises(Refused) as refused:
        issue_document(billing, invoice)
    message = refused.value.for_field("buyer_reference") or ""
    assert "code service" in message and "« Référence acheteur »" in message and "fiche du client" in message
    _nothing_issued(billing, invoice)
    save_client(billing, {**TOWN, "requires_service_code": "oui"}, client)
    assert issue_document(billing, invoice).number == "FA-2026-0001"


def test_a_public_client_recorded_without_siret_is_refused_at_issue(billing: Context) -> None:
    client = town(billing)
    _set_siret_blank(billing, client)  # recorded before a collectivité needed its SIRET
    invoice = create_document(billing, draft(client))
    with pytest.raises(Refused, match="Chorus Pro la reconnaît à son SIRET"):
        issue_document(billing, invoice)
    _nothing_issued(billing, invoice)


def _set_siret_blank(context: Context, client_id: int) -> None:
    with raw(context.workspace) as connection:
        connection.execute("UPDATE client SET siret = '' WHERE id = ?", (client_id,))


def test_references_too_long_for_chorus_pro_are_refused(billing: Context) -> None:
    with pytest.raises(Refused) as refused:
        create_document(billing, draft(town(billing), buyer_reference="X" * 101, order_number="9" * 51))
    assert {problem.field for problem in refused.value.problems} == {"buyer_reference", "order_number"}


def test_the_references_follow_the_quote_and_the_credit_note_and_stay_frozen(billing: Context) -> None:
    client = town(billing, requires_order_number="oui")
    quote = create_document(billing, draft(client, "devis", buyer_reference="ECOLES", order_number="EJ-7"))
    set_quote_status(billing, quote, "accepte")
    invoice, _deposit = invoice_from_quote(billing, quote)
    assert (get_document(billing, invoice).buyer_reference, get_document(billing, invoice).order_number) == (
        "ECOLES",
        "EJ-7",
    )
    issued = issue_document(billing, invoice)
    copy = get_document(billing, duplicate_document(billing, invoice))
    assert (copy.buyer_reference, copy.order_number) == ("ECOLES", "")
    note = credit_note_for(billing, invoice)
    assert get_document(billing, note).order_number == "EJ-7"
    issue_document(billing, note)
    # The client record changes afterwards: the issued invoice is the same document, byte for byte.
    save_client(billing, {**TOWN, "service_code": "AUTRE", "name": "Ville de Roubaix"}, client)
    pdf, _name = document_pdf(billing, invoice)
    assert pdf == Path(issued.pdf_path).read_bytes()
    frozen = billing.database.read("SELECT content_json FROM frozen_content WHERE document_id = :id", {"id": invoice})
    stored = json.loads(frozen[0][0])
    assert (stored["buyer_reference"], stored["order_number"]) == ("ECOLES", "EJ-7")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE document SET order_number = 'EJ-FAUX' WHERE number = 'FA-2026-0001'",
        "UPDATE document SET buyer_reference = 'AUTRE' WHERE number = 'FA-2026-0001'",
    ],
)
def test_raw_sql_cannot_change_the_references_of_an_issued_invoice(billing: Context, statement: str) -> None:
    issue_document(billing, create_document(billing, draft(town(billing), order_number="EJ-1")))
    with cipher.connect(billing.workspace.database_file) as connection, pytest.raises(cipher.database_errors()):
        connection.execute(statement)


def test_a_public_invoice_read_back_from_its_pdf_gives_its_references_and_siret(billing: Context) -> None:
    issued = issue_document(billing, create_document(billing, draft(town(billing), order_number="EJ-1")))
    content = content_from_pdf(Path(issued.pdf_path).read_bytes(), issued.number)
    assert (content.buyer_reference, content.order_number) == ("JEUNESSE", "EJ-1")
    assert (content.client_kind, content.client.siret, content.client.siren) == (
        "collectivite",
        TOWN_SIRET,
        TOWN_SIRET[:9],
    )


def test_the_demo_town_is_public_and_its_invoice_passes_en16931_with_bt10_and_bt13(demo: Context) -> None:
    (ville,) = [client for client in list_clients(demo) if client.kind == "collectivite"]
    assert ville.name == "Ville de Roubaix — service Jeunesse"
    assert (ville.siret, ville.service_code, ville.requires_order_number) == (TOWN_SIRET, "JEUNESSE", True)
    invoices = [row for row in list_documents(demo, DocumentQuery(client_id=ville.id)).rows if row.kind == "facture"]
    assert invoices
    for row in invoices:
        assert row.number is not None and row.issue_date is not None
        xml = xml_of(pdf_path(demo, row.number, row.issue_date.year).read_bytes())
        assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
        assert broken_rules(xml) == []
        root = etree.fromstring(xml)
        assert strings(root, "//ram:BuyerReference/text()") == ["JEUNESSE"]
        assert strings(root, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()") == [TOWN_ORDER]
        assert strings(root, "//ram:BuyerTradeParty/ram:GlobalID[@schemeID='0009']/text()") == [TOWN_SIRET]


@pytest.mark.sqlite_file("runs the migrations down and up on the file")
def test_down_and_up_the_migrations_the_issued_documents_stay_guarded(billing: Context) -> None:
    from alembic import command

    from kpa_local.db.migrate import alembic_config

    issue_document(billing, create_document(billing, draft(town(billing), order_number="EJ-1")))
    config = alembic_config()
    with billing.database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
        command.upgrade(config, "head")
    with cipher.connect(billing.workspace.database_file) as connection, pytest.raises(cipher.database_errors()):
        connection.execute("UPDATE document SET order_number = 'EJ-2' WHERE number = 'FA-2026-0001'")
    assert billing.database.read("SELECT count(*) FROM document WHERE number = 'FA-2026-0001'") == [(1,)]
