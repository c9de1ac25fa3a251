"""Quotes, invoices, deposits, credit notes and payments through the services."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpa_local.db import cipher
from kpa_local.domain.errors import Refused
from kpa_local.domain.lines import Line
from kpa_local.domain.money import Money
from kpa_local.services.billing_queries import get_document, list_documents, overdue_invoices
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.clients import archive_client, delete_client, save_client
from kpa_local.services.context import Context
from kpa_local.services.documents import (
    create_document,
    credit_note_for,
    delete_draft,
    duplicate_document,
    invoice_from_quote,
    set_quote_status,
    update_document,
)
from kpa_local.services.issuing import document_pdf, issue_document, write_document_pdf
from kpa_local.services.payments import record_payment
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, business_client, draft, line, open_billing, person_client
from tests.raw_database import raw

DAY = date(2026, 11, 26)


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY)


@pytest.fixture
def billing(workspace: Workspace, clock: Clock) -> Iterator[Context]:
    context = open_billing(workspace, clock)
    yield context
    context.close()


def test_a_quote_is_numbered_at_creation_in_its_own_series(billing: Context) -> None:
    client = business_client(billing)
    first = create_document(billing, draft(client, "devis"))
    second = create_document(billing, draft(client, "devis"))
    assert [get_document(billing, first).number, get_document(billing, second).number] == ["D-2026-0001", "D-2026-0002"]
    detail = get_document(billing, first)
    assert detail.content.valid_until == DAY + timedelta(days=30)
    assert detail.status == "brouillon"


def test_an_invoice_draft_has_no_number_and_can_be_changed_or_deleted(billing: Context) -> None:
    client = business_client(billing)
    invoice = create_document(billing, draft(client))
    assert get_document(billing, invoice).number is None
    update_document(billing, invoice, draft(client, "facture", line(quantity="2")))
    assert get_document(billing, invoice).content.totals.lines_net == Money(2500)
    delete_draft(billing, invoice)
    assert list_documents(billing, DocumentQuery()).total_count == 0


def test_issuing_numbers_dates_and_writes_the_pdf_with_its_hash(billing: Context, clock: Clock) -> None:
    client = business_client(billing)
    first = issue_document(billing, create_document(billing, draft(client)))
    clock.day = DAY + timedelta(days=3)
    second = issue_document(billing, create_document(billing, draft(client)))
    assert (first.number, second.number) == ("FA-2026-0001", "FA-2026-0002")
    assert second.issue_date == DAY + timedelta(days=3)
    path = Path(first.pdf_path)
    assert path == billing.workspace.invoices_dir / "2026" / "FA-2026-0001.pdf"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == first.sha256
    detail = get_document(billing, first.id)
    assert detail.content.due_date == DAY + timedelta(days=30)
    assert detail.status == "emise"


def test_rendering_an_issued_invoice_again_gives_the_same_bytes_even_after_settings_change(
    workspace: Workspace, clock: Clock
) -> None:
    context = open_billing(workspace, clock)
    issued = issue_document(context, create_document(context, draft(business_client(context))))
    context.close()
    changed = open_billing(workspace, clock, payment_days=45, escompte="Escompte de 1 % à 8 jours.")
    pdf, _ = document_pdf(changed, issued.id)
    assert hashlib.sha256(pdf).hexdigest() == issued.sha256
    Path(issued.pdf_path).unlink()
    assert write_document_pdf(changed, issued.id).read_bytes() == pdf
    changed.close()


def test_the_issue_date_never_goes_back_before_the_last_invoice(billing: Context, clock: Clock) -> None:
    client = business_client(billing)
    issue_document(billing, create_document(billing, draft(client)))
    clock.day = DAY - timedelta(days=1)
    late = create_document(billing, draft(client))
    with pytest.raises(Refused, match="vérifiez la date de l'ordinateur"):
        issue_document(billing, late)
    assert get_document(billing, late).number is None


def test_an_issued_invoice_is_refused_any_change_by_the_service(billing: Context) -> None:
    client = business_client(billing)
    issued = issue_document(billing, create_document(billing, draft(client)))
    with pytest.raises(Refused, match="plus un brouillon"):
        update_document(billing, issued.id, draft(client))
    with pytest.raises(Refused):
        delete_draft(billing, issued.id)
    with pytest.raises(Refused, match="déjà émise"):
        issue_document(billing, issued.id)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE document SET total_cents = 1 WHERE number = 'FA-2026-0001'",
        "DELETE FROM document WHERE number = 'FA-2026-0001'",
        "UPDATE document_line SET unit_price_cents = 1 WHERE document_id = "
        "(SELECT id FROM document WHERE number = 'FA-2026-0001')",
        "DELETE FROM document_line WHERE document_id = (SELECT id FROM document WHERE number = 'FA-2026-0001')",
        "INSERT INTO document_line (document_id, position, designation, quantity, unit, unit_price_cents, "
        "discount_percent, vat_rate, net_cents, is_deduction) "
        "SELECT id, 9, 'x', '1', 'forfait', 100, '0', '20', 100, 0 FROM document WHERE number = 'FA-2026-0001'",
        "UPDATE number_series SET last_seq = 0",
        "DELETE FROM number_series",
    ],
)
def test_raw_sql_cannot_change_an_issued_invoice(billing: Context, statement: str) -> None:
    issue_document(billing, create_document(billing, draft(business_client(billing))))
    with cipher.connect(billing.workspace.database_file) as connection, pytest.raises(cipher.database_errors()):
        connection.execute(statement)


def test_a_quote_goes_from_draft_to_accepted_and_becomes_an_invoice_and_a_deposit(billing: Context) -> None:
    client = business_client(billing)
    quote = create_document(billing, draft(client, "devis", deposit_percent=Decimal(30)))
    with pytest.raises(Refused, match="accepté"):
        invoice_from_quote(billing, quote)
    set_quote_status(billing, quote, "envoye")
    set_quote_status(billing, quote, "accepte")
    with pytest.raises(Refused):
        set_quote_status(billing, quote, "refuse")
    invoice_id, deposit_id = invoice_from_quote(billing, quote)
    assert deposit_id is not None
    assert invoice_from_quote(billing, quote) == (invoice_id, deposit_id)
    deposit = issue_document(billing, deposit_id)
    deposit_detail = get_document(billing, deposit_id)
    quote_totals = get_document(billing, quote).content.totals
    assert deposit_detail.content.totals.lines_net == Money(round(quote_totals.lines_net.cents * 0.3))
    final = issue_document(billing, invoice_id)
    final_content = get_document(billing, final.id).content
    assert [ref.number for ref in final_content.references] == [deposit.number]
    assert final_content.totals.services_net == quote_totals.lines_net
    assert final_content.totals.with_vat == quote_totals.with_vat - deposit_detail.content.totals.with_vat
    assert final_content.quote_number == get_document(billing, quote).number


def test_a_refused_or_expired_quote(billing: Context, clock: Clock) -> None:
    client = business_client(billing)
    quote = create_document(billing, draft(client, "devis", validity_days=10))
    clock.day = DAY + timedelta(days=11)
    assert get_document(billing, quote).status == "expire"
    assert list_documents(billing, DocumentQuery(family="devis", status="expire")).total_count == 1
    set_quote_status(billing, quote, "refuse")
    assert get_document(billing, quote).status == "refuse"


def test_duplicating_a_quote_gives_a_new_numbered_draft(billing: Context) -> None:
    client = business_client(billing)
    quote = create_document(billing, draft(client, "devis"))
    set_quote_status(billing, quote, "refuse")
    copy = duplicate_document(billing, quote)
    copied = get_document(billing, copy)
    assert copied.number == "D-2026-0002"
    assert copied.stored_status == "brouillon"
    assert copied.content.lines == get_document(billing, quote).content.lines


def test_payments_derive_the_status_and_refuse_overpayment(billing: Context, clock: Clock) -> None:
    issued = issue_document(billing, create_document(billing, draft(business_client(billing))))
    total = get_document(billing, issued.id).content.totals.with_vat
    record_payment(billing, issued.id, DAY, Money(5000), "cheque", "Chèque n° 1234567")
    assert get_document(billing, issued.id).status == "partiellement_payee"
    with pytest.raises(Refused, match="reste"):
        record_payment(billing, issued.id, DAY, total, "virement")
    record_payment(billing, issued.id, DAY, total - Money(5000), "virement")
    detail = get_document(billing, issued.id)
    assert detail.status == "payee"
    assert detail.balance == Money(0)
    assert [payment.method for payment in detail.payments] == ["cheque", "virement"]


def test_a_bad_payment_is_refused_with_every_reason(billing: Context) -> None:
    issued = issue_document(billing, create_document(billing, draft(business_client(billing))))
    with pytest.raises(Refused) as refusal:
        record_payment(billing, issued.id, DAY + timedelta(days=1), Money(0), "bitcoin")
    assert {problem.field for problem in refusal.value.problems} == {"method", "amount", "paid_on"}
    assert get_document(billing, issued.id).payments == ()


def test_an_unpaid_invoice_past_its_due_date_is_overdue(billing: Context, clock: Clock) -> None:
    issued = issue_document(billing, create_document(billing, draft(business_client(billing))))
    clock.day = DAY + timedelta(days=42)
    overdue = overdue_invoices(billing)
    assert [(row.number, row.days_late) for row in overdue] == [(issued.number, 12)]
    assert get_document(billing, issued.id).status == "en_retard"


def test_a_whole_credit_note_brings_the_balance_to_zero(billing: Context) -> None:
    issued = issue_document(billing, create_document(billing, draft(business_client(billing))))
    note = issue_document(billing, credit_note_for(billing, issued.id))
    assert note.number == "AV-2026-0001"
    content = get_document(billing, note.id).content
    assert [(ref.number, ref.issue_date) for ref in content.references] == [(issued.number, DAY)]
    detail = get_document(billing, issued.id)
    assert detail.balance == Money(0)
    assert detail.status == "annulee"
    with pytest.raises(Refused, match="déjà entièrement annulée"):
        credit_note_for(billing, issued.id)


def test_a_partial_credit_note_and_one_too_large(billing: Context) -> None:
    client = business_client(billing)
    issued = issue_document(billing, create_document(billing, draft(client)))
    credit_note_for(billing, issued.id, (line(quantity="2"),))
    with pytest.raises(Refused, match="dépasse"):
        credit_note_for(billing, issued.id, (line(quantity="500"),))
    note = list_documents(billing, DocumentQuery(search="Avoir")).rows[0]
    issue_document(billing, note.id)
    detail = get_document(billing, issued.id)
    assert detail.balance == detail.content.totals.with_vat - Money(2750)


def test_a_bad_document_is_refused_and_nothing_is_saved(billing: Context) -> None:
    client = business_client(billing)
    with pytest.raises(Refused) as refusal:
        create_document(billing, draft(client, "facture", line(quantity="-1"), line("", price_cents=-5)))
    messages = " ".join(problem.message for problem in refusal.value.problems)
    assert "Ligne 1" in messages and "Ligne 2" in messages
    with pytest.raises(Refused, match="aucune ligne"):
        create_document(billing, draft(client, "facture", *()).__class__(kind="facture", client_id=client, lines=()))
    assert list_documents(billing, DocumentQuery()).total_count == 0


def test_issuing_needs_the_seller_identity(workspace: Workspace, clock: Clock) -> None:
    from kpa_local.services.workspaces import open_workspace

    context = open_workspace(workspace, clock=clock)
    client = business_client(context)
    invoice = create_document(context, draft(client))
    with pytest.raises(Refused, match="identité complète de la structure de portage"):
        issue_document(context, invoice)
    assert get_document(context, invoice).number is None
    context.close()


def test_clients_are_checked_and_archived_not_deleted(billing: Context) -> None:
    with pytest.raises(Refused, match="SIREN"):
        save_client(billing, {"kind": "entreprise", "name": "Sans Siren", "address": "1 rue", "city": "Lille"})
    with pytest.raises(Refused) as refusal:
        save_client(billing, {"kind": "association", "name": "A", "address": "1 rue", "city": "Lille",
                              "siret": "12345678901234", "vat_number": "FR00000000000"})  # fmt: skip
    assert {problem.field for problem in refusal.value.problems} == {"siret", "vat_number"}
    client = person_client(billing)
    issue_document(billing, create_document(billing, draft(client)))
    with pytest.raises(Refused, match="archivez"):
        delete_client(billing, client)
    archive_client(billing, client)
    with pytest.raises(Refused, match="archivé"):
        create_document(billing, draft(client))


def test_lists_filter_by_status_client_period_and_search(billing: Context, clock: Clock) -> None:
    lea = business_client(billing)
    helene = person_client(billing)
    paid = issue_document(billing, create_document(billing, draft(lea)))
    record_payment(billing, paid.id, DAY, get_document(billing, paid.id).content.totals.with_vat, "virement")
    clock.day = DAY + timedelta(days=2)
    issue_document(billing, create_document(billing, draft(helene)))
    create_document(billing, draft(helene))
    assert list_documents(billing, DocumentQuery()).total_count == 3
    assert [row.number for row in list_documents(billing, DocumentQuery(status="payee")).rows] == [paid.number]
    assert list_documents(billing, DocumentQuery(client_id=helene)).total_count == 2
    assert list_documents(billing, DocumentQuery(search="Boulangerie")).total_count == 1
    assert list_documents(billing, DocumentQuery(search="FA-2026-0002")).rows[0].client_name == "Mme Hélène Dupont"
    assert list_documents(billing, DocumentQuery(date_from=DAY + timedelta(days=1))).total_count == 1
    first_page = list_documents(billing, DocumentQuery(limit=2))
    assert len(first_page.rows) == 2 and first_page.total_count == 3
    assert first_page.rows[0].number is None


def test_journals_for_the_accountant(billing: Context) -> None:
    from kpa_local.services.journals import export_journals

    client = business_client(billing, name='=HYPERLINK("x")')
    issued = issue_document(billing, create_document(billing, draft(client)))
    record_payment(billing, issued.id, DAY, Money(1000), "cheque", "+33 chèque")
    issue_document(billing, credit_note_for(billing, issued.id, (line(quantity="1"),)))
    files = export_journals(billing, DAY - timedelta(days=30), DAY)
    sales = list(csv.reader(files.sales_path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert files.sales_count == 2 and files.payments_count == 1
    assert sales[0][:6] == ["Date", "Numéro", "Type", "Client", "SIREN du client", "Base HT 20\u00a0%"]
    assert sales[1][:4] == ["26/11/2026", "FA-2026-0001", "Facture", '\'=HYPERLINK("x")']
    assert sales[2][-4:] == ["-12,50", "-1,25", "-13,75", "FA-2026-0001"]
    payments = list(csv.reader(files.payments_path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert payments[1][3:] == ["Chèque", "'+33 chèque", "10,00"]
    with pytest.raises(Refused, match="inversez"):
        export_journals(billing, DAY, DAY - timedelta(days=1))


def test_a_reminder_letter_lists_the_overdue_invoices_of_the_client(billing: Context, clock: Clock) -> None:
    from kpa_local.documents.reminder_pdf import render_reminder
    from kpa_local.services.payments import reminder_for
    from tests.documents.test_invoice_pdf import text_of

    client = business_client(billing)
    first = issue_document(billing, create_document(billing, draft(client)))
    with pytest.raises(Refused, match="pas en retard"):
        reminder_for(billing, first.id)
    clock.day = DAY + timedelta(days=5)
    second = issue_document(billing, create_document(billing, draft(client)))
    clock.day = DAY + timedelta(days=40)
    reminder = reminder_for(billing, first.id)
    assert [invoice.number for invoice in reminder.invoices] == [first.number, second.number]
    text = text_of(render_reminder(reminder))
    assert "Relance : factures impayées" in text and "10 jours" in text and "Indemnité forfaitaire" in text
    assert "appelez Camille Martin au 03 20 00 00 00" in " ".join(text.split())


def test_the_list_status_agrees_with_the_document_status(demo_workspace_context: Context) -> None:
    """The SQL that filters lists by status follows the same rules as domain.billing_status."""
    context = demo_workspace_context
    for family in ("factures", "devis"):
        rows = list_documents(context, DocumentQuery(family=family, limit=1000)).rows
        assert rows
        for row in rows:
            assert row.status == get_document(context, row.id).status, row.number
    statuses = {row.status for row in list_documents(context, DocumentQuery(limit=1000)).rows}
    assert {"brouillon", "emise", "payee", "en_retard", "annulee", "partiellement_payee"} <= statuses


@pytest.fixture
def demo_workspace_context(tmp_path: Path) -> Iterator[Context]:
    from kpa_local.services.demo import build_demo

    context = build_demo(Workspace(tmp_path / "demo"), clock=lambda: DAY)
    yield context
    context.close()


lines_strategy = st.lists(
    st.builds(
        Line,
        designation=st.just("Prestation"),
        quantity=st.decimals(min_value=Decimal("0.5"), max_value=Decimal(40), places=1),
        unit=st.just("heure"),
        unit_price=st.builds(Money, st.integers(min_value=1, max_value=50_000)),
        vat_rate=st.sampled_from([Decimal(20), Decimal(10), Decimal("5.5"), Decimal(0)]),
        discount_percent=st.sampled_from([Decimal(0), Decimal(5), Decimal("12.5")]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=lines_strategy)
def test_a_whole_credit_note_always_brings_the_balance_to_zero(billing: Context, lines: list[Line]) -> None:
    client = business_client(billing, name=f"Client {len(lines)}")
    issued = issue_document(billing, create_document(billing, draft(client, "facture", *lines)))
    note = issue_document(billing, credit_note_for(billing, issued.id))
    invoice = get_document(billing, issued.id)
    assert invoice.balance == Money(0)
    assert get_document(billing, note.id).content.totals.with_vat == invoice.content.totals.with_vat


def test_under_the_franchise_en_base_no_vat_is_charged_nor_owed(workspace: Workspace, clock: Clock) -> None:
    context = open_billing(workspace, clock, franchise=True)
    try:
        invoice = create_document(context, draft(person_client(context)))
        net = Money(10 * 1250 + 9800)  # 10 meals at 12,50 € and 3.5 hours at 28 €, rates ignored
        assert get_document(context, invoice).balance == Money(0)
        issue_document(context, invoice)
        detail = get_document(context, invoice)
        assert detail.content.totals.with_vat == net
        assert detail.balance == net
        record_payment(context, invoice, DAY, net, "virement")
        assert get_document(context, invoice).status == "payee"
        with raw(workspace) as connection:
            stored = connection.execute("SELECT total_vat_cents, total_cents FROM document WHERE id = ?", (invoice,))
            assert stored.fetchone() == (0, net.cents)
    finally:
        context.close()
