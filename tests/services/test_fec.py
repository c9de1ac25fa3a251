"""The accounting entries in FEC layout: every rule of the DGFiP's test tool, and the same totals as the invoices."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from kpa_local.config import save_sections
from kpa_local.domain.errors import Refused
from kpa_local.files import FileRefused
from kpa_local.services.billing_queries import get_document, list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.context import Context
from kpa_local.services.demo import DEMO_PORTAGE
from kpa_local.services.documents import create_document, credit_note_for
from kpa_local.services.fec import export_fec
from kpa_local.services.issuing import issue_document
from kpa_local.services.journals import export_journals
from kpa_local.services.payments import record_payment
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, accepted_quote, business_client, draft, line, open_billing
from tests.conftest import TODAY
from tests.exchange.fec_rules import cents, layout_problems, rows_of

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
SIREN = DEMO_PORTAGE["siren"]


def _written(context: Context, start: date, end: date) -> list[dict[str, str]]:
    """The rows of the FEC of a period, once its layout is checked against every rule."""
    written = export_fec(context, start, end)
    assert layout_problems(written.path.name, written.path.read_bytes(), start, end, SIREN) == []
    rows = rows_of(written.path.read_text(encoding="utf-8"))
    assert (written.entry_count, written.line_count) == (len({row["EcritureNum"] for row in rows}), len(rows))
    assert written.total.cents == sum(cents(row["Debit"]) for row in rows) == sum(cents(row["Credit"]) for row in rows)
    return rows


def _net_credit(rows: list[dict[str, str]], account: str, journal: str | None = None) -> int:
    """Credits less debits of the accounts that begin with `account` (in one journal, or all)."""
    return sum(
        cents(row["Credit"]) - cents(row["Debit"])
        for row in rows
        if row["CompteNum"].startswith(account) and journal in (None, row["JournalCode"])
    )


def _signed(cell: str) -> int:
    return -cents(cell[1:]) if cell.startswith("-") else cents(cell)


def _sales_journal(context: Context, start: date, end: date) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the app's own sales journal (CSV) for the period."""
    files = export_journals(context, start, end)
    table = list(csv.reader(files.sales_path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    return table[0], table[1:]


def test_the_demo_year_passes_every_rule_of_the_layout(demo: Context) -> None:
    rows = _written(demo, *YEAR)
    assert {row["JournalCode"] for row in rows} == {"VT", "BQ", "CA"}
    issued = list_documents(demo, DocumentQuery(date_from=YEAR[0], date_to=YEAR[1], limit=1000)).rows
    numbers = {row.number for row in issued if row.number}
    assert {row["PieceRef"] for row in rows if row["JournalCode"] == "VT"} == numbers
    assert any(number.startswith("AV-") for number in numbers)
    assert {row["CompAuxNum"][:3] for row in rows if row["CompteNum"] == "411000"} == {"411"}
    assert all(row["CompAuxNum"] == "" for row in rows if row["CompteNum"] != "411000")


def test_revenue_and_vat_add_up_to_the_invoices_of_the_period(demo: Context) -> None:
    rows = _written(demo, *YEAR)
    header, sales = _sales_journal(demo, *YEAR)
    column = {name: index for index, name in enumerate(header)}

    def total(name: str, kind: str | None = None) -> int:
        return sum(_signed(row[column[name]]) for row in sales if kind in (None, row[column["Type"]]))

    assert _net_credit(rows, "7") + _net_credit(rows, "419") == total("Total HT")
    assert _net_credit(rows, "4457") == total("Total TVA")
    assert -_net_credit(rows, "411", "VT") == total("Total TTC")
    vat_accounts = demo.settings.accounting.plan().vat
    for name in header:
        if name.startswith("TVA "):  # « TVA 20 % »: the VAT of one rate, on its own account
            rate = name.removeprefix("TVA ").removesuffix("\u00a0%").replace(",", ".")
            assert _net_credit(rows, vat_accounts[rate]) == total(name), name
    # Deposits stay on 419 until a final invoice takes them off; what remains there is the deposits not yet deducted.
    issued = list_documents(demo, DocumentQuery(date_from=YEAR[0], date_to=YEAR[1], limit=1000)).rows
    deducted = sum(get_document(demo, row.id).content.totals.deductions_net.cents for row in issued)
    assert deducted > 0
    assert _net_credit(rows, "419") == total("Total HT", "Facture d'acompte") - deducted
    assert _net_credit(rows, "706") == total("Total HT") - total("Total HT", "Facture d'acompte") + deducted
    assert _net_credit(rows, "706") > 0


def test_the_money_received_is_the_payments_journal(demo: Context) -> None:
    rows = _written(demo, *YEAR)
    files = export_journals(demo, *YEAR)
    payments = list(csv.reader(files.payments_path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))[1:]
    received = sum(_signed(row[-1]) for row in payments)
    assert -_net_credit(rows, "512", "BQ") - _net_credit(rows, "530", "CA") == received
    assert _net_credit(rows, "411", "BQ") + _net_credit(rows, "411", "CA") == received
    cash = sum(_signed(row[-1]) for row in payments if row[3] == "Espèces")
    assert cash > 0 and -_net_credit(rows, "530", "CA") == cash


def test_each_settled_invoice_is_lettered_with_its_payments_and_credit_notes(demo: Context) -> None:
    rows = _written(demo, *YEAR)
    letters: dict[str, set[str]] = {}
    for row in rows:
        if row["CompteNum"] == "411000":
            letters.setdefault(row["PieceRef"], set()).add(row["EcritureLet"])
    documents = list_documents(demo, DocumentQuery(date_from=YEAR[0], date_to=YEAR[1], limit=1000)).rows
    settled = 0
    for document in documents:
        detail = get_document(demo, document.id)
        if document.kind == "avoir":  # lettered with the invoice it corrects
            assert letters[document.number or ""] == letters[detail.content.references[0].number]
        elif detail.balance.cents == 0:  # paid, or cancelled by a credit note: one letter on all its lines
            assert len(letters[document.number or ""]) == 1 and "" not in letters[document.number or ""]
            settled += 1
        else:
            assert letters[document.number or ""] == {""}, document.number
    assert settled >= 3
    assert len({row["EcritureLet"] for row in rows} - {""}) == settled


def test_a_shorter_period_keeps_only_its_own_entries_and_letters_only_what_it_settles(demo: Context) -> None:
    final = next(row for row in list_documents(demo, DocumentQuery(limit=1000)).rows
                 if row.kind == "facture" and get_document(demo, row.id).content.totals.deductions_net)  # fmt: skip
    assert final.issue_date is not None
    start, end = final.issue_date, final.issue_date + timedelta(days=12)
    rows = _written(demo, start, end)
    issued = list_documents(demo, DocumentQuery(date_from=start, date_to=end, limit=1000)).rows
    assert {row["PieceRef"] for row in rows if row["JournalCode"] == "VT"} == {row.number for row in issued}
    final_rows = [row for row in rows if row["PieceRef"] == final.number and row["CompteNum"] == "411000"]
    assert len(final_rows) == 2  # the invoice and its first payment: the second falls after the period
    assert {row["EcritureLet"] for row in final_rows} == {""}
    with pytest.raises(Refused, match="Il n'y a aucune écriture du 01/01/2025 au 31/12/2025"):
        export_fec(demo, date(2025, 1, 1), date(2025, 12, 31))
    assert not list(demo.workspace.exports_dir.glob("*FEC2025*"))


def test_a_credit_note_on_a_deposit_invoice_takes_the_deposit_back(billing: Context) -> None:
    _quote, _invoice, deposit = accepted_quote(billing)
    issued = issue_document(billing, deposit)
    record_payment(billing, issued.id, TODAY, get_document(billing, issued.id).content.totals.with_vat, "especes")
    note = issue_document(billing, credit_note_for(billing, issued.id, (line("Repas", "1", 1000, "10"),)))
    rows = _written(billing, TODAY, TODAY)
    credited = [row for row in rows if row["PieceRef"] == note.number]
    assert {row["CompteNum"]: (row["Debit"], row["Credit"]) for row in credited} == {
        "411000": ("0,00", "11,00"),
        "419100": ("10,00", "0,00"),
        "445712": ("1,00", "0,00"),
    }
    deposit_rows = [row for row in rows if row["PieceRef"] == issued.number and row["JournalCode"] == "VT"]
    assert not any(row["CompteNum"].startswith("7") for row in deposit_rows)
    assert {row["JournalCode"] for row in rows} == {"VT", "CA"}


def test_under_the_franchise_everything_goes_to_the_account_without_vat(workspace: Workspace) -> None:
    context = open_billing(workspace, Clock(TODAY), franchise=True)
    try:
        issue_document(context, create_document(context, draft(business_client(context))))
        rows = _written(context, TODAY, TODAY)
    finally:
        context.close()
    assert {row["CompteNum"] for row in rows} == {"411000", "706500"}
    assert _net_credit(rows, "706500") == 12_500 + 9_800


def test_the_journals_and_accounts_are_those_of_the_settings(workspace: Workspace) -> None:
    changes = {"revenue_10": "706010", "client_prefix": "C", "sales_journal": "VE", "client_account": "411100"}
    save_sections(workspace.config_file, {"accounting": changes})
    context = open_billing(workspace, Clock(TODAY))
    try:
        issue_document(context, create_document(context, draft(business_client(context))))
        rows = _written(context, TODAY, TODAY)
    finally:
        context.close()
    assert {row["JournalCode"] for row in rows} == {"VE"}
    assert {"706010", "706100", "411100"} <= {row["CompteNum"] for row in rows}
    assert {row["CompAuxNum"] for row in rows} - {""} == {"C00001"}


def test_bad_input_is_refused_and_nothing_is_written(billing: Context, tmp_path: Path) -> None:
    issue_document(billing, create_document(billing, draft(business_client(billing))))
    exports = billing.workspace.exports_dir
    with pytest.raises(Refused, match="La fin de la période est avant son début : inversez les dates"):
        export_fec(billing, TODAY, TODAY - timedelta(days=1))
    not_a_folder = tmp_path / "fichier.txt"
    not_a_folder.write_text("", encoding="utf-8")
    with pytest.raises(FileRefused, match=f"Rien ne peut être écrit dans {not_a_folder}"):
        export_fec(billing, TODAY, TODAY, not_a_folder)
    assert not list(exports.glob("*FEC*")) and not_a_folder.read_text(encoding="utf-8") == ""


def test_without_the_seller_siren_the_file_cannot_be_named(context: Context) -> None:
    with pytest.raises(Refused, match="SIREN de la structure de portage"):
        export_fec(context, *YEAR)
    assert not list(context.workspace.exports_dir.glob("*FEC*"))
