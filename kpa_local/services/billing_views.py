"""What billing services hand back: frozen plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kpa_local.domain.billing import (
    INVOICE_STATUSES,
    KIND_TITLES,
    QUOTE_STATUSES,
    DocumentContent,
    ShownStatus,
    StoredStatus,
)
from kpa_local.domain.money import Money
from kpa_local.domain.platform_statuses import STATUS_LABELS


def status_label(status: ShownStatus) -> str:
    """The French label of a status."""
    return QUOTE_STATUSES.get(status) or INVOICE_STATUSES.get(status, status)


@dataclass(frozen=True)
class DocumentRow:
    """One document in a list."""

    id: int
    kind: str
    number: str | None
    issue_date: date | None
    client_name: str
    title: str
    total: Money
    balance: Money
    status: ShownStatus
    due_date: date | None
    days_late: int = 0

    @property
    def kind_label(self) -> str:
        """`Facture`, `Devis`…"""
        return KIND_TITLES[self.kind]

    @property
    def status_label(self) -> str:
        """`Payée`, `En retard`…"""
        return status_label(self.status)


@dataclass(frozen=True)
class DocumentQuery:
    """Which documents a list shows, and which page."""

    family: str = "factures"  # "devis" or "factures" (invoices, deposits, credit notes)
    status: str = ""
    client_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    overdue_only: bool = False
    search: str = ""
    offset: int = 0
    limit: int = 100


@dataclass(frozen=True)
class DocumentsPage:
    """One page of a document list, and how many match in all."""

    rows: tuple[DocumentRow, ...]
    total_count: int
    query: DocumentQuery


@dataclass(frozen=True)
class PaymentView:
    """A payment received."""

    id: int
    paid_on: date
    amount: Money
    method: str
    reference: str


@dataclass(frozen=True)
class LinkView:
    """Another document linked to this one."""

    id: int
    kind: str
    number: str | None
    issue_date: date | None
    total: Money


@dataclass(frozen=True)
class StatusView:
    """One status of a document on the CAE's e-invoicing platform."""

    day: date
    status: str
    reason: str

    @property
    def label(self) -> str:
        """`Déposée`, `Rejetée`…"""
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class DocumentDetail:
    """A document with all it shows and what follows from it."""

    id: int
    kind: str
    number: str | None
    stored_status: StoredStatus
    status: ShownStatus
    client_id: int
    content: DocumentContent
    validity_days: int | None
    paid: Money
    credited: Money
    balance: Money
    payments: tuple[PaymentView, ...] = field(default_factory=tuple)
    links: tuple[LinkView, ...] = field(default_factory=tuple)
    quote_id: int | None = None
    corrects_id: int | None = None
    pdf_sha256: str | None = None
    buyer_reference: str = ""  # as typed on the document (the content has the client's service code if none)
    order_number: str = ""
    client_service_code: str = ""  # a public buyer's Chorus Pro service code, used when no reference is typed
    platform_statuses: tuple[StatusView, ...] = field(default_factory=tuple)  # oldest first

    @property
    def is_issued(self) -> bool:
        """Whether the document has its official number and is fixed (quotes: not a draft any more)."""
        return self.number is not None and self.kind != "devis"

    @property
    def is_editable(self) -> bool:
        """Whether its content may still change."""
        return self.stored_status == StoredStatus.DRAFT

    @property
    def status_label(self) -> str:
        """The status in French."""
        return status_label(self.status)


@dataclass(frozen=True)
class IssuePreview:
    """What issuing a draft would do: the number it would take, what the client will pay, the deposits taken off."""

    id: int
    kind: str
    number: str
    client_name: str
    amount: Money  # including VAT: to pay for an invoice, given back for a credit note
    deposits: Money  # the issued deposit invoices a final invoice takes off, including VAT


@dataclass(frozen=True)
class IssuedDocument:
    """What issuing gave: the number, the date and where the PDF lies."""

    id: int
    number: str
    issue_date: date
    pdf_path: str
    sha256: str
