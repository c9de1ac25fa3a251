"""Sales and receipt entries: balanced to the cent and equal to the document's totals, for any lines and rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kpa_local.domain.accounting import (
    ChartOfAccounts,
    Entry,
    Receipt,
    Sale,
    in_order,
    letter_code,
    lettering,
    receipt_entry,
    sale_entry,
)
from kpa_local.domain.billing import CREDIT_NOTE, DEPOSIT, INVOICE, DocumentContent, Party, Terms
from kpa_local.domain.deposits import deduction_lines, deposit_lines
from kpa_local.domain.lines import Line
from kpa_local.domain.money import Money
from kpa_local.domain.vat import VAT_RATES, rate_key
from tests.domain.test_deposits import lines

DAY = date(2026, 11, 26)
PLAN = ChartOfAccounts(
    sales_journal="VT", bank_journal="BQ", cash_journal="CA", client_account="411000", client_prefix="411",
    deposit_account="419100", bank_account="512000", cash_account="530000",
    revenue={rate_key(rate): f"7060{index}" for index, rate in enumerate(VAT_RATES)},
    vat={rate_key(rate): f"44571{index}" for index, rate in enumerate(VAT_RATES) if rate},
)  # fmt: skip


def _content(kind: str, sold: tuple[Line, ...], *, franchise: bool = False) -> DocumentContent:
    party = Party("CAE des Ateliers du Nord")
    return DocumentContent(kind, "FA-2026-0001", DAY, party, party, Party("Client"), "entreprise", sold,
                           Terms(franchise=franchise))  # fmt: skip


def _sum(entry: Entry, start: str) -> int:
    return sum(line.amount.cents for line in entry.lines if line.account.startswith(start))


@settings(max_examples=200, deadline=None)
@given(lines, st.sampled_from([INVOICE, DEPOSIT, CREDIT_NOTE]), st.booleans(), st.sampled_from([0, 30, 50]))
def test_every_sales_entry_balances_and_equals_the_documents_totals(
    sold: list[Line], kind: str, franchise: bool, percent: int
) -> None:
    document_lines = tuple(sold)
    if kind == INVOICE and percent:  # a final invoice taking off a deposit of the quote
        deposit = deposit_lines("D-2026-0001", document_lines, Decimal(percent))
        document_lines += deduction_lines("Acompte facturé", deposit)
    content = _content(kind, document_lines, franchise=franchise)
    totals = content.totals
    entry = sale_entry(PLAN, Sale(content, 3, "Client", DAY, settles=1))
    if totals.with_vat.cents == 0 and totals.services_net.cents == 0:
        assert entry is None
        return
    assert entry is not None
    sign = -1 if kind == CREDIT_NOTE else 1
    assert entry.balance == Money(0)
    assert all(line.amount and (line.debit.cents == 0) != (line.credit.cents == 0) for line in entry.lines)
    assert _sum(entry, "411") == sign * totals.with_vat.cents
    assert -(_sum(entry, "7") + _sum(entry, "419")) == sign * totals.lines_net.cents
    assert -_sum(entry, "4457") == sign * totals.vat.cents
    if kind == DEPOSIT:
        assert _sum(entry, "7") == 0
    else:
        assert -_sum(entry, "7") == sign * totals.services_net.cents
    if franchise:
        assert {line.account for line in entry.lines} <= {"411000", PLAN.revenue["0"], "419100"}


def _receipt(invoice_id: int, cents: int, day: date, method: str = "virement") -> Receipt:
    return Receipt(invoice_id, f"FA-2026-000{invoice_id}", 3, "Client", day, Money(cents), method, "", day)


def test_a_payment_in_cash_goes_to_the_cash_journal_and_any_other_to_the_bank() -> None:
    cash = receipt_entry(PLAN, _receipt(1, 2000, DAY, "especes"))
    cheque = receipt_entry(PLAN, _receipt(1, 2000, DAY, "cheque"))
    assert (cash.journal, cash.lines[0].account, cheque.journal, cheque.lines[0].account) == (
        "CA", "530000", "BQ", "512000"
    )  # fmt: skip
    assert cash.balance == cheque.balance == Money(0)
    assert cheque.lines[1].auxiliary == "41100003" and cheque.lines[1].credit == Money(2000)


def test_an_invoice_is_lettered_once_its_payments_settle_it() -> None:
    content = _content(INVOICE, (Line("Repas", Decimal(10), "repas", Money(1000), Decimal(10)),))
    invoice = sale_entry(PLAN, Sale(content, 3, "Client", DAY, settles=1))
    assert invoice is not None
    first, second = _receipt(1, 5000, date(2026, 11, 28)), _receipt(1, 6000, date(2026, 12, 2))
    entries = in_order(PLAN, [receipt_entry(PLAN, second), invoice, receipt_entry(PLAN, first)])
    assert [entry.day for entry in entries] == [DAY, date(2026, 11, 28), date(2026, 12, 2)]
    letters = lettering(entries)
    assert set(letters.values()) == {letters[(0, 0)]} and len(letters) == 3
    assert letters[(0, 0)].day == date(2026, 12, 2)
    assert lettering(entries[:2]) == {}  # half paid: nothing lettered


def test_lettering_codes_follow_each_other() -> None:
    assert [letter_code(index) for index in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]
