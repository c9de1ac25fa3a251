"""What a quote, an invoice or a credit note says: its kinds, statuses and printed mentions.

A `DocumentContent` holds everything a document shows. When an invoice is issued its
content is frozen (stored as JSON), so that rendering it again years later, after the
settings or the client have changed, gives the very same document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kpa_local.domain.deposits import deposit_lines
from kpa_local.domain.lines import Line, Totals, compute_totals
from kpa_local.domain.money import Money

QUOTE = "devis"
INVOICE = "facture"
DEPOSIT = "acompte"
CREDIT_NOTE = "avoir"

KIND_TITLES = {
    QUOTE: "Devis",
    INVOICE: "Facture",
    DEPOSIT: "Facture d'acompte",
    CREDIT_NOTE: "Avoir",
}
INVOICE_KINDS = (INVOICE, DEPOSIT, CREDIT_NOTE)
TYPE_CODES = {INVOICE: "380", DEPOSIT: "386", CREDIT_NOTE: "381"}


class StoredStatus(StrEnum):
    """What the `document.status` column holds: a quote's or an invoice's own state."""

    DRAFT = "brouillon"
    SENT = "envoye"
    ACCEPTED = "accepte"
    REFUSED = "refuse"
    ISSUED = "emise"


class ShownStatus(StrEnum):
    """The status shown for a document, computed from its stored status, dates, payments and credit notes."""

    DRAFT = "brouillon"
    SENT = "envoye"
    ACCEPTED = "accepte"
    REFUSED = "refuse"
    EXPIRED = "expire"
    ISSUED = "emise"
    PARTLY_PAID = "partiellement_payee"
    PAID = "payee"
    LATE = "en_retard"
    CANCELLED = "annulee"


QUOTE_STATUSES = {
    ShownStatus.DRAFT: "Brouillon",
    ShownStatus.SENT: "Envoyé",
    ShownStatus.ACCEPTED: "Accepté",
    ShownStatus.REFUSED: "Refusé",
    ShownStatus.EXPIRED: "Expiré",
}
INVOICE_STATUSES = {
    ShownStatus.DRAFT: "Brouillon",
    ShownStatus.ISSUED: "Émise",
    ShownStatus.PARTLY_PAID: "Payée en partie",
    ShownStatus.PAID: "Payée",
    ShownStatus.LATE: "En retard",
    ShownStatus.CANCELLED: "Annulée (avoir)",
}
CLIENT_KINDS = {
    "particulier": "Particulier",
    "entreprise": "Entreprise",
    "association": "Association",
    "collectivite": "Collectivité",
}
BUSINESS_KINDS = ("entreprise", "association", "collectivite")
PUBLIC_KIND = "collectivite"
PAYMENT_METHODS = {"virement": "Virement", "cheque": "Chèque", "especes": "Espèces", "carte": "Carte bancaire"}
# UNTDID 4461 payment means for Factur-X.
PAYMENT_MEANS_CODES = {"virement": "30", "cheque": "20", "especes": "10", "carte": "48"}
OPERATION_KINDS = {
    "services": "Prestations de services",
    "goods": "Livraisons de biens",
    "both": "Livraisons de biens et prestations de services",
}

RECOVERY_INDEMNITY = (
    "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € "
    "(articles L441-10 et D441-5 du code de commerce)."
)
VAT_ON_DEBITS = "Option pour le paiement de la taxe d'après les débits."
FRANCHISE = "TVA non applicable, art. 293 B du CGI."
BUSINESS_ROLE = "entreprise"


@dataclass(frozen=True)
class Party:
    """A seller, a trading activity or a client, as printed."""

    name: str
    address: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = "FR"
    legal_form: str = ""
    siren: str = ""
    siret: str = ""
    rcs: str = ""
    vat_number: str = ""
    email: str = ""
    phone: str = ""
    contact: str = ""

    @property
    def address_lines(self) -> tuple[str, ...]:
        """The address as printed, line by line."""
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return tuple(line for line in (*self.address.splitlines(), town) if line.strip())


@dataclass(frozen=True)
class Reference:
    """Another document a document names: the invoice a credit note corrects, a deducted deposit."""

    number: str
    issue_date: date


@dataclass(frozen=True)
class Terms:
    """The payment and legal terms printed at the foot of a document."""

    operation_kind: str = "services"
    payment_days: int = 30
    payment_methods: tuple[str, ...] = ("virement", "cheque")
    iban: str = ""
    bic: str = ""
    late_penalty: str = ""
    escompte: str = ""
    vat_on_debits: bool = False
    franchise: bool = False
    exemption_mention: str = ""


def document_totals(lines: tuple[Line, ...] | list[Line], *, franchise: bool) -> Totals:
    """A document's totals; under the franchise en base no VAT is charged, whatever the lines' rates."""
    if franchise:
        return compute_totals(tuple(replace(line, vat_rate=Decimal(0)) for line in lines))
    return compute_totals(tuple(lines))


@dataclass(frozen=True)
class DocumentContent:
    """Everything a quote, an invoice or a credit note shows."""

    kind: str
    number: str
    issue_date: date
    seller: Party
    trading: Party
    client: Party
    client_kind: str
    lines: tuple[Line, ...]
    terms: Terms
    title: str = ""
    service_start: date | None = None
    service_end: date | None = None
    work_place: str = ""
    due_date: date | None = None
    valid_until: date | None = None
    deposit_percent: Decimal | None = None
    references: tuple[Reference, ...] = field(default_factory=tuple)
    quote_number: str = ""
    notes: str = ""
    buyer_reference: str = ""  # BT-10: the reference the buyer gave; a public buyer's service code
    order_number: str = ""  # BT-13: the buyer's order or commitment (engagement) number

    @property
    def totals(self) -> Totals:
        """The document's totals (no VAT at all under the franchise en base)."""
        return document_totals(self.lines, franchise=self.terms.franchise)

    @property
    def is_business_client(self) -> bool:
        """Whether the client buys as a business (SIREN printed, recovery indemnity owed)."""
        return self.client_kind in BUSINESS_KINDS

    @property
    def is_public_client(self) -> bool:
        """Whether the client is a public buyer (a collectivité), invoiced through Chorus Pro by its SIRET."""
        return self.client_kind == PUBLIC_KIND

    @property
    def heading(self) -> str:
        """`Facture n° FA-2026-0007`, or `Facture (brouillon)` before issue."""
        title = KIND_TITLES[self.kind]
        return f"{title} n° {self.number}" if self.number else f"{title} (brouillon, sans valeur)"

    @property
    def deposit_asked(self) -> Money | None:
        """The deposit a quote asks for, including VAT: what its deposit invoice will be, to the cent."""
        if not self.deposit_percent:
            return None
        asked = deposit_lines(self.number, self.lines, self.deposit_percent)
        return document_totals(asked, franchise=self.terms.franchise).with_vat


def legal_mentions(content: DocumentContent) -> list[str]:
    """The mentions French law asks a document to carry, in the order they are printed."""
    terms = content.terms
    mentions = [f"Nature de l'opération : {OPERATION_KINDS.get(terms.operation_kind, terms.operation_kind)}."]
    if terms.franchise:
        mentions.append(FRANCHISE)
    elif any(line.vat_rate == 0 for line in content.lines) and terms.exemption_mention:
        mentions.append(f"Exonération de TVA : {terms.exemption_mention}")
    if terms.vat_on_debits and not terms.franchise:
        mentions.append(VAT_ON_DEBITS)
    if content.kind == QUOTE:
        methods = ", ".join(PAYMENT_METHODS.get(code, code).lower() for code in terms.payment_methods)
        mentions.append(
            f"Conditions de paiement : facture payable à {terms.payment_days} jours après son émission"
            + (f", par {methods}." if methods else ".")
        )
        mentions.append("Devis gratuit. Les prix sont fermes pendant la durée de validité du devis.")
        return mentions
    if content.kind == CREDIT_NOTE:
        return mentions
    if terms.late_penalty:
        mentions.append(terms.late_penalty)
    if content.is_business_client:
        mentions.append(RECOVERY_INDEMNITY)
    if terms.escompte:
        mentions.append(terms.escompte)
    return mentions


def _encode(value: Any) -> Any:
    if isinstance(value, Money):
        return {"cents": value.cents}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    return value


def content_to_json(content: DocumentContent) -> str:
    """The content as stable JSON, for freezing an issued document."""
    return json.dumps(_encode(content), ensure_ascii=False, sort_keys=True)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _line(data: dict[str, Any]) -> Line:
    return Line(
        designation=data["designation"],
        quantity=Decimal(data["quantity"]),
        unit=data["unit"],
        unit_price=Money(data["unit_price"]["cents"]),
        vat_rate=Decimal(data["vat_rate"]),
        discount_percent=Decimal(data["discount_percent"]),
        catalogue_item_id=data["catalogue_item_id"],
        is_deduction=data["is_deduction"],
    )


def content_from_json(text: str) -> DocumentContent:
    """A frozen content read back."""
    data = json.loads(text)
    terms = data["terms"]
    return DocumentContent(
        kind=data["kind"],
        number=data["number"],
        issue_date=date.fromisoformat(data["issue_date"]),
        seller=Party(**data["seller"]),
        trading=Party(**data["trading"]),
        client=Party(**data["client"]),
        client_kind=data["client_kind"],
        lines=tuple(_line(line) for line in data["lines"]),
        terms=Terms(**{**terms, "payment_methods": tuple(terms["payment_methods"])}),
        title=data["title"],
        service_start=_date(data["service_start"]),
        service_end=_date(data["service_end"]),
        work_place=data["work_place"],
        due_date=_date(data["due_date"]),
        valid_until=_date(data["valid_until"]),
        deposit_percent=Decimal(data["deposit_percent"]) if data["deposit_percent"] is not None else None,
        references=tuple(Reference(ref["number"], date.fromisoformat(ref["issue_date"])) for ref in data["references"]),
        quote_number=data["quote_number"],
        notes=data["notes"],
        # Frozen before buyer references existed: none was printed.
        buyer_reference=data.get("buyer_reference", ""),
        order_number=data.get("order_number", ""),
    )


def is_planned(content: DocumentContent) -> bool:
    """Whether the service is still to come: a quote's, or a deposit's paid before the service."""
    return content.kind == QUOTE or (content.service_start is not None and content.service_start > content.issue_date)


def future_service_problem(kind: str, start: date | None, end: date | None, issue_day: date) -> str | None:
    """Why an invoice cannot be issued today for a service not done yet, or None.

    An invoice is issued once the service is done (code de commerce, art. L441-9); only a
    deposit invoice (acompte) is issued before it.
    """
    last = end or start
    if kind != INVOICE or last is None or last <= issue_day:
        return None
    return (
        f"La prestation est datée du {last:%d/%m/%Y}, après aujourd'hui ({issue_day:%d/%m/%Y}) : une facture "
        "s'émet une fois la prestation faite. Corrigez la date de la prestation, ou attendez ce jour-là pour "
        "émettre la facture (pour demander de l'argent avant, faites une facture d'acompte depuis le devis)."
    )


def with_number(content: DocumentContent, number: str, issue_date: date, due_date: date | None) -> DocumentContent:
    """The content as issued: its official number and dates (the service dated the issue day if no date was given)."""
    service_start = content.service_start or issue_date
    return replace(content, number=number, issue_date=issue_date, due_date=due_date, service_start=service_start)


@dataclass(frozen=True)
class OverdueInvoice:
    """An invoice a reminder letter asks to be paid."""

    number: str
    issue_date: date
    due_date: date
    total: Money
    balance: Money
    days_late: int


@dataclass(frozen=True)
class Reminder:
    """A reminder letter (relance) to a client for invoices past their due date."""

    day: date
    seller: Party
    trading: Party
    client: Party
    client_kind: str
    invoices: tuple[OverdueInvoice, ...]
    terms: Terms

    @property
    def balance(self) -> Money:
        """What the client still owes on these invoices."""
        return Money(sum(invoice.balance.cents for invoice in self.invoices))
