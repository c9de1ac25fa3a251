"""Accounting entries for the CAE's books: one sales entry per issued document, one receipt entry per payment.

Revenue is booked per VAT rate, not per activity. Every amount of a sales entry is read from the
document's own totals per rate, the very figures printed on it and written in its Factur-X data,
which are frozen when it is issued: the entries equal the documents to the cent, and are the same
when written again years later. An activity is known only for a line taken from the catalogue (a
free line or a deposit line has none), and is not part of what is frozen, so revenue per activity
would change with the catalogue and leave some lines without an account.

A deposit invoice (facture d'acompte) is asked before the service is done: what it charges without
VAT goes to the account of deposits received (4191), not to revenue, and the final invoice, which
takes each deposit off, moves it from there to revenue. A credit note reverses the entry of what it
corrects: revenue, or deposits for a credit note on a deposit invoice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kpa_local.domain.billing import CREDIT_NOTE, DEPOSIT, KIND_TITLES, PAYMENT_METHODS, DocumentContent
from kpa_local.domain.money import Money
from kpa_local.domain.vat import rate_key

CASH = "especes"  # the payment method that goes to the cash journal; every other one goes to the bank


@dataclass(frozen=True)
class ChartOfAccounts:
    """The journals and accounts the entries use (the [accounting] section of kpa.toml)."""

    sales_journal: str
    bank_journal: str
    cash_journal: str
    client_account: str
    client_prefix: str
    deposit_account: str
    bank_account: str
    cash_account: str
    revenue: Mapping[str, str]  # VAT rate as stored (`20`, `5.5`) → revenue account
    vat: Mapping[str, str]  # VAT rate → account of VAT collected (no account for 0 %)

    def client_code(self, client_id: int) -> str:
        """A client's own (auxiliary) account: the prefix and the client's number in the app, `41100003`."""
        return f"{self.client_prefix}{client_id:05d}"

    def journal_label(self, journal: str) -> str:
        """The name of a journal of the plan."""
        return {self.sales_journal: "Ventes", self.bank_journal: "Banque", self.cash_journal: "Caisse"}[journal]

    def journal_rank(self, journal: str) -> int:
        """The order of journals on one day: sales first, then the money received for them."""
        return (self.sales_journal, self.bank_journal, self.cash_journal).index(journal)


@dataclass(frozen=True)
class EntryLine:
    """One line of an entry: an account and an amount, positive on the debit side, negative on the credit side."""

    account: str
    account_label: str
    amount: Money
    auxiliary: str = ""
    auxiliary_label: str = ""
    settles: int | None = None  # the invoice whose client balance the line moves, for lettering

    @property
    def debit(self) -> Money:
        """What the line puts on the debit side."""
        return self.amount if self.amount.cents > 0 else Money(0)

    @property
    def credit(self) -> Money:
        """What the line puts on the credit side."""
        return -self.amount if self.amount.cents < 0 else Money(0)


@dataclass(frozen=True)
class Entry:
    """One balanced entry of a journal: a document issued or a payment received."""

    journal: str
    journal_label: str
    day: date
    piece: str  # the number of the document the entry is written from
    piece_day: date
    label: str
    recorded: date  # the day the document was issued or the payment recorded in the app
    lines: tuple[EntryLine, ...]

    @property
    def balance(self) -> Money:
        """Debits less credits: nothing, in an entry as written here."""
        return Money(sum(line.amount.cents for line in self.lines))


@dataclass(frozen=True)
class Sale:
    """An issued invoice, deposit invoice or credit note, as the sales journal needs it."""

    content: DocumentContent
    client_id: int
    client_name: str
    recorded: date
    settles: int  # the invoice whose balance it moves: its own id, or the invoice a credit note corrects
    corrects_deposit: bool = False  # a credit note on a deposit invoice


@dataclass(frozen=True)
class Receipt:
    """A payment received for an invoice."""

    invoice_id: int
    invoice_number: str
    client_id: int
    client_name: str
    paid_on: date
    amount: Money
    method: str
    reference: str
    recorded: date


@dataclass(frozen=True)
class Letter:
    """The lettering of a client line: its code, and the day the invoice was settled."""

    code: str
    day: date


def _rate_words(rate: Decimal) -> str:
    return format(rate.normalize(), "f").replace(".", ",") + " %"


def _revenue_label(rate: Decimal) -> str:
    return f"Prestations et ventes TVA {_rate_words(rate)}" if rate else "Prestations et ventes sans TVA"


def _sold_per_rate(content: DocumentContent) -> dict[str, int]:
    """What the document sells without VAT per rate, before the deposits it takes off."""
    sold: dict[str, int] = {}
    for line in content.lines:
        if not line.is_deduction:
            key = "0" if content.terms.franchise else rate_key(line.vat_rate)
            sold[key] = sold.get(key, 0) + line.net_amount.cents
    return sold


def sale_entry(plan: ChartOfAccounts, sale: Sale) -> Entry | None:
    """The sales entry of a document: the client debited its total, revenue, deposits and VAT credited.

    A credit note is written the other way round. Lines of no amount are left out; a document of no
    amount at all makes no entry (None).
    """
    content = sale.content
    totals = content.totals
    sign = -1 if content.kind == CREDIT_NOTE else 1
    on_deposits = content.kind == DEPOSIT or sale.corrects_deposit
    sold = _sold_per_rate(content)
    client = EntryLine(
        plan.client_account,
        "Clients",
        Money(sign * totals.with_vat.cents),
        plan.client_code(sale.client_id),
        sale.client_name,
        sale.settles,
    )
    lines = [client]
    for group in totals.groups:
        key = rate_key(group.rate)
        sold_cents = sold.get(key, 0)
        if on_deposits:
            lines.append(EntryLine(plan.deposit_account, "Clients - acomptes reçus", Money(-sign * sold_cents)))
        else:
            lines.append(EntryLine(plan.revenue[key], _revenue_label(group.rate), Money(-sign * sold_cents)))
        # What remains of the group's base is the deposits taken off (negative): debited to deposits.
        deducted = group.base.cents - sold_cents
        lines.append(EntryLine(plan.deposit_account, "Clients - acomptes reçus", Money(-sign * deducted)))
        if group.vat:
            vat_account = plan.vat[key]
            lines.append(
                EntryLine(vat_account, f"TVA collectée {_rate_words(group.rate)}", Money(-sign * group.vat.cents))
            )
    kept = tuple(line for line in lines if line.amount)
    if not kept:
        return None
    return Entry(
        journal=plan.sales_journal,
        journal_label=plan.journal_label(plan.sales_journal),
        day=content.issue_date,
        piece=content.number,
        piece_day=content.issue_date,
        label=f"{KIND_TITLES[content.kind]} {content.number} {sale.client_name}",
        recorded=sale.recorded,
        lines=kept,
    )


def receipt_entry(plan: ChartOfAccounts, receipt: Receipt) -> Entry:
    """The entry of a payment: the bank (or the cash box, for cash) debited, the client credited."""
    cash = receipt.method == CASH
    journal = plan.cash_journal if cash else plan.bank_journal
    how = PAYMENT_METHODS.get(receipt.method, receipt.method).lower()
    said = f"{how}, {receipt.reference}" if receipt.reference else how
    money = EntryLine(plan.cash_account if cash else plan.bank_account, "Caisse" if cash else "Banque", receipt.amount)
    client = EntryLine(
        plan.client_account,
        "Clients",
        -receipt.amount,
        plan.client_code(receipt.client_id),
        receipt.client_name,
        receipt.invoice_id,
    )
    return Entry(
        journal=journal,
        journal_label=plan.journal_label(journal),
        day=receipt.paid_on,
        piece=receipt.invoice_number,
        piece_day=receipt.paid_on,
        label=f"Paiement {receipt.invoice_number} {receipt.client_name} ({said})",
        recorded=receipt.recorded,
        lines=(money, client),
    )


def in_order(plan: ChartOfAccounts, entries: Sequence[Entry]) -> tuple[Entry, ...]:
    """The entries by date, sales before receipts on the same day, each journal in the order given."""
    return tuple(sorted(entries, key=lambda entry: (entry.day, plan.journal_rank(entry.journal))))


def letter_code(index: int) -> str:
    """The lettering codes in turn: A … Z, then AA, AB …"""
    code = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        code = chr(ord("A") + rest) + code
    return code


def lettering(entries: Sequence[Entry]) -> dict[tuple[int, int], Letter]:
    """The client lines of each invoice settled within the entries, lettered together.

    An invoice is settled when its own line, the lines of the credit notes that correct it and those
    of its payments add up to nothing; their position (entry, line) gets one code, dated by the last
    of them. An invoice still owed, or whose invoice or payment lies outside the entries, is left unlettered.
    """
    groups: dict[int, list[tuple[int, int]]] = {}
    for entry_index, entry in enumerate(entries):
        for line_index, line in enumerate(entry.lines):
            if line.settles is not None:
                groups.setdefault(line.settles, []).append((entry_index, line_index))
    letters: dict[tuple[int, int], Letter] = {}
    settled = 0
    for places in groups.values():
        amounts = [entries[entry].lines[line].amount.cents for entry, line in places]
        if len(places) < 2 or sum(amounts) != 0:
            continue
        letter = Letter(letter_code(settled), max(entries[entry].day for entry, _ in places))
        letters.update(dict.fromkeys(places, letter))
        settled += 1
    return letters
