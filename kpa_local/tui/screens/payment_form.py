"""Recording a payment received for an invoice: the day, the amount, how it was paid."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from kpa_local.domain.billing import PAYMENT_METHODS
from kpa_local.fmt import date_fr, money_fr
from kpa_local.services.billing_views import DocumentDetail
from kpa_local.tui.screens.quick_form import QuickFormScreen, read_dates
from kpa_local.tui.widgets.field import choice_field, date_field, text_field

if TYPE_CHECKING:
    from kpa_local.services.context import Context


def payment_form(detail: DocumentDetail, today: date) -> QuickFormScreen:
    """The dialog that records a payment of this invoice."""
    invoice_id = detail.id
    balance = detail.balance.to_decimal()

    def submit(context: Context, values: Mapping[str, str]) -> object:
        from kpa_local.domain.errors import KpaError, Problem, Refused
        from kpa_local.domain.money import parse_amount
        from kpa_local.services.payments import record_payment

        paid_on = read_dates(values, {"paid_on": "Date du paiement"}, today=context.today())["paid_on"]
        if paid_on is None:
            raise Refused([Problem("paid_on", "Indiquez le jour où le paiement a été reçu (JJ/MM/AAAA).")])
        try:
            amount = parse_amount(values.get("amount", ""), "le montant reçu")
        except KpaError as error:
            raise Refused([Problem("amount", error.message)]) from None
        return record_payment(
            context, invoice_id, paid_on, amount, values.get("method", ""), values.get("reference", "")
        )

    fields = [
        date_field("paid_on", "Date du paiement", value=date_fr(today)),
        text_field("amount", "Montant reçu (€)", value=format(balance, "f").replace(".", ",")),
        choice_field("method", "Moyen de paiement", PAYMENT_METHODS, value="virement"),
        text_field("reference", "Référence (n° de chèque, libellé du virement…)"),
    ]
    hint = f"Facture {detail.number} · reste à payer {money_fr(detail.balance.cents)}"
    return QuickFormScreen("Paiement reçu", fields, submit, hint=hint, key=f"paiement:{invoice_id}")
