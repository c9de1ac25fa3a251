"""A quote with a deposit invoiced and issued: the two invoices make the quote, and issuing says what it will do."""

from __future__ import annotations

import pytest

from kpa_local.domain.errors import Refused
from kpa_local.fmt import money_fr
from kpa_local.services.billing_queries import get_document
from kpa_local.services.context import Context
from kpa_local.services.issuing import issue_document, issue_preview, issue_question
from tests.billing_support import accepted_quote, line


def test_the_deposit_and_the_final_invoice_add_up_to_the_quote(billing: Context) -> None:
    _quote, invoice, deposit = accepted_quote(billing)
    issue_document(billing, deposit)
    issue_document(billing, invoice)
    deposit_total = get_document(billing, deposit).content.totals.with_vat.cents
    final_total = get_document(billing, invoice).content.totals.with_vat.cents
    assert (deposit_total, final_total) == (15_995, 37_320)  # 533,15 € of the quote; the final was 373,21 €


def test_issuing_first_says_the_number_the_amount_and_that_it_is_final(billing: Context) -> None:
    _quote, invoice, deposit = accepted_quote(billing)
    issue_document(billing, deposit)  # FA-2026-0001
    preview = issue_preview(billing, invoice)
    assert (preview.number, preview.amount.cents, preview.deposits.cents) == ("FA-2026-0002", 37_320, 15_995)
    assert issue_question(preview) == (
        f"Émettre la facture FA-2026-0002 pour Boulangerie Léa & Fils : {money_fr(37_320)} à payer (acomptes déjà "
        f"facturés déduits : {money_fr(15_995)}). Une facture émise ne peut plus être modifiée : une erreur se "
        "corrige par un avoir."
    )
    assert get_document(billing, invoice).number is None  # asking took no number
    assert issue_document(billing, invoice, expected_number=preview.number).number == "FA-2026-0002"


def test_a_number_taken_meanwhile_issues_nothing(billing: Context) -> None:
    _quote, invoice, deposit = accepted_quote(billing)
    confirmed = issue_preview(billing, invoice).number
    issue_document(billing, deposit)  # another person issues first and takes that number
    with pytest.raises(Refused, match=f"Le numéro {confirmed} vient d'être donné à un autre document"):
        issue_document(billing, invoice, expected_number=confirmed)
    assert get_document(billing, invoice).number is None
    assert issue_preview(billing, invoice).number == "FA-2026-0002"


def test_the_deposit_a_quote_asks_is_the_deposit_invoice_to_the_cent(billing: Context) -> None:
    quote, _invoice, deposit = accepted_quote(billing, line("Pièce", "1", 104, "20"))
    asked = get_document(billing, quote).content.deposit_asked
    assert asked == get_document(billing, deposit).content.totals.with_vat
    assert asked is not None and asked.cents == 37  # 30 % of 1,25 € TTC was printed as 0,38 €
