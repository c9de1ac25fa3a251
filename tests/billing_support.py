"""Helpers for billing tests: a workspace whose seller identity is complete, and sample drafts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from kpa_local.config import save_sections
from kpa_local.domain.lines import Line
from kpa_local.domain.money import Money
from kpa_local.services.clients import save_client
from kpa_local.services.context import Context
from kpa_local.services.demo import DEMO_KPA, DEMO_PORTAGE
from kpa_local.services.documents import DocumentDraft
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace

BILLING = {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}


class Clock:
    """A clock a test can move forward."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def open_billing(workspace: Workspace, clock: Clock, **billing: Any) -> Context:
    """The workspace with the demo's seller identity and bank details, opened on the clock."""
    save_sections(
        workspace.config_file,
        {
            "kpa": {k: v for k, v in DEMO_KPA.items() if k != "code"},
            "portage": DEMO_PORTAGE,
            "billing": {**BILLING, **billing},
        },
    )
    return open_workspace(workspace, clock=clock)


def business_client(context: Context, **changes: str) -> int:
    """A business client with its SIREN."""
    form = {
        "kind": "entreprise",
        "name": "Boulangerie Léa & Fils",
        "address": "4 rue du Fontenoy",
        "postal_code": "59100",
        "city": "Roubaix",
        "siren": "552100554",
        **changes,
    }
    return save_client(context, form).id


def person_client(context: Context) -> int:
    """A private person."""
    form = {"kind": "particulier", "name": "Mme Hélène Dupont", "address": "3 rue Pierre", "postal_code": "59100",
            "city": "Roubaix"}  # fmt: skip
    return save_client(context, form).id


def line(designation: str = "Repas du midi", quantity: str = "10", price_cents: int = 1250, rate: str = "10",
         discount: str = "0") -> Line:  # fmt: skip
    """A line of a document."""
    return Line(designation, Decimal(quantity), "repas", Money(price_cents), Decimal(rate), Decimal(discount))


def draft(client_id: int, kind: str = "facture", *lines: Line, **changes: Any) -> DocumentDraft:
    """A draft with the given lines (two lines at two rates by default)."""
    chosen = lines or (line(), line("Service", "3,5".replace(",", "."), 2800, "20"))
    return DocumentDraft(kind=kind, client_id=client_id, lines=tuple(chosen), title="Buffet", **changes)


def accepted_quote(context: Context, *lines: Line) -> tuple[int, int, int]:
    """A quote asking a 30 % deposit, sent and accepted: the quote, its final invoice draft and its deposit draft.

    Its lines are a meal at 10 % and a service at 20 % unless given.
    """
    from kpa_local.services.documents import create_document, invoice_from_quote, set_quote_status

    chosen = lines or (line("Repas", "1", 10_001, "10"), line("Service", "1", 35_262, "20"))
    quote = create_document(context, draft(business_client(context), "devis", *chosen, deposit_percent=Decimal(30)))
    set_quote_status(context, quote, "envoye")
    set_quote_status(context, quote, "accepte")
    invoice, deposit = invoice_from_quote(context, quote)
    assert deposit is not None
    return quote, invoice, deposit


def change_settings(workspace: Workspace, changes: dict[str, dict[str, Any]]) -> None:
    """Change the KPA's settings between two openings: in kpa.toml, and on the server when the KPA is on one
    (there the server's shared settings are the KPA's, whatever a computer's file says)."""
    from kpa_local.db.engine import Database
    from kpa_local.services.server_accounts import server_url
    from kpa_local.services.shared_settings import save_shared

    url = server_url(workspace)
    if url is None:
        save_sections(workspace.config_file, changes)
        return
    database = Database(url)
    try:
        save_shared(workspace, database, changes)
    finally:
        database.dispose()
