"""Typed SQLAlchemy models of a KPA's data."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model, with a naming convention that migrations can rely on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Secret(Base):
    """A random secret of the workspace (the network pseudonym key); it never leaves the database."""

    __tablename__ = "secret"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Partner(Base):
    """An organisation that orients people to the KPA (Mission locale, centre social…)."""

    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))


class Person(Base):
    """A member of the KPA: identity, the profile the network counts, and the path."""

    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_identity_key", "identity_key", unique=True),
        Index("ix_person_last_name_first_name", "last_name", "first_name"),
        CheckConstraint("exit_date IS NULL OR exit_date >= entry_date", name="exit_after_entry"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(10))
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    qpv: Mapped[str] = mapped_column(String(10))
    single_parent: Mapped[str] = mapped_column(String(10))
    international_protection: Mapped[str] = mapped_column(String(10))
    rqth: Mapped[str] = mapped_column(String(10))
    education: Mapped[str] = mapped_column(String(20))
    ft_registered_at_entry: Mapped[str] = mapped_column(String(10))
    ft_registered_since: Mapped[date | None] = mapped_column(Date)
    ft_registered_during: Mapped[bool] = mapped_column(default=False)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    entry_date: Mapped[date] = mapped_column(Date, index=True)
    planned_duration: Mapped[str] = mapped_column(String(10))
    exit_date: Mapped[date | None] = mapped_column(Date, index=True)
    exit_situation: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Lower-case name without accents, e-mail, phone and city: what search-as-you-type scans.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Normalised name and birth date, to find the same person again on import; unique: a person is
    # recorded once (one recorded twice before it was unique carries domain.members.DUPLICATE_MARK).
    identity_key: Mapped[str] = mapped_column(String(250))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    partner: Mapped[Partner | None] = relationship()
    roles: Mapped[list[RoleSpell]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="RoleSpell.start_date"
    )
    contracts: Mapped[list[Contract]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Contract.start_date"
    )
    steps: Mapped[list[PathStep]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PathStep.start_date"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Consent.kind"
    )


class RoleSpell(Base):
    """A role a person held from one day to another (open-ended while it lasts)."""

    __tablename__ = "role_spell"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="roles")


class Contract(Base):
    """A contract (CAPE, CESA, volontariat, bénévole adhérent) and its dates."""

    __tablename__ = "contract"
    __table_args__ = (CheckConstraint("cape_terms >= 1", name="cape_terms_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    cape_terms: Mapped[int] = mapped_column(Integer, default=1)
    # Planned last day: computed for a CAPE, given for the others (may be open-ended).
    end_date: Mapped[date | None] = mapped_column(Date, index=True)
    ended_early: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="contracts")

    @property
    def last_day(self) -> date | None:
        """The day the contract really ends: its early end if any, else its planned end (None: open-ended)."""
        return self.ended_early or self.end_date

    def runs_on(self, day: date) -> bool:
        """Whether the contract is running on that day."""
        return self.start_date <= day <= (self.last_day or date.max)


class PathStep(Base):
    """A step of a person's path (s'immerger, explorer, tester, s'ouvrir) and when it began."""

    __tablename__ = "path_step"
    __table_args__ = (UniqueConstraint("person_id", "step", name="uq_path_step_person_step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="steps")


class Consent(Base):
    """A consent a person gave (data processing, image rights), and when it was withdrawn."""

    __tablename__ = "consent"
    __table_args__ = (UniqueConstraint("person_id", "kind", name="uq_consent_person_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    given_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="consents")


class Activity(Base):
    """An economic activity of the KPA (a catering service, a garden…) and its network category."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    category: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(Text, default="")
    referent_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    referent: Mapped[Person | None] = relationship()


class Client(Base):
    """A client of the KPA: a person, a business, an association or a local authority."""

    __tablename__ = "client"
    __table_args__ = (Index("ix_client_name", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="FR")
    contact: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    siren: Mapped[str] = mapped_column(String(9), default="")
    siret: Mapped[str] = mapped_column(String(14), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    # A public buyer (collectivité) on Chorus Pro: the service its invoices go to, and what its
    # structure requires on every invoice (as Chorus Pro's directory says for each structure).
    service_code: Mapped[str] = mapped_column(String(100), default="")
    requires_service_code: Mapped[bool] = mapped_column(default=False)
    requires_order_number: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CatalogueItem(Base):
    """A priced service of an activity, offered on quotes and invoices."""

    __tablename__ = "catalogue_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"), index=True)
    designation: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(20))
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    vat_rate: Mapped[str] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(default=True)

    activity: Mapped[Activity | None] = relationship()


class Document(Base):
    """A quote, an invoice, a deposit invoice or a credit note.

    Once an invoice, deposit invoice or credit note has a number it is issued: triggers in
    the database refuse any change to it or its lines.
    """

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("number", name="uq_document_number"),
        UniqueConstraint("series", "year", "seq", name="uq_document_series_year_seq"),
        Index("ix_document_kind_status", "kind", "status"),
        Index("ix_document_issue_date", "issue_date"),
        CheckConstraint("total_cents >= 0", name="total_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    number: Mapped[str | None] = mapped_column(String(35))
    series: Mapped[str | None] = mapped_column(String(8))
    year: Mapped[int | None] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(Integer)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    issue_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="")
    work_place: Mapped[str] = mapped_column(String(200), default="")
    service_start: Mapped[date | None] = mapped_column(Date)
    service_end: Mapped[date | None] = mapped_column(Date)
    validity_days: Mapped[int | None] = mapped_column(Integer)
    deposit_percent: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")
    # The buyer's reference (BT-10; a public buyer's service code) and its order or commitment number (BT-13).
    buyer_reference: Mapped[str] = mapped_column(String(100), default="")
    order_number: Mapped[str] = mapped_column(String(50), default="")
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    total_net_cents: Mapped[int] = mapped_column(Integer, default=0)
    total_vat_cents: Mapped[int] = mapped_column(Integer, default=0)
    total_cents: Mapped[int] = mapped_column(Integer, default=0)
    # Number, client and subject folded to lower case without accents: what list searches look in.
    search_text: Mapped[str] = mapped_column(String(600), default="")
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    issued_at: Mapped[datetime | None] = mapped_column(DateTime)

    client: Mapped[Client] = relationship()
    lines: Mapped[list[DocumentLine]] = relationship(
        back_populates="document", order_by="DocumentLine.position", cascade="all, delete-orphan"
    )


class DocumentLine(Base):
    """One line of a document; an invoiced deposit taken off a final invoice is a deduction line."""

    __tablename__ = "document_line"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    designation: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(20))
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    discount_percent: Mapped[str] = mapped_column(String(10), default="0")
    vat_rate: Mapped[str] = mapped_column(String(5))
    net_cents: Mapped[int] = mapped_column(Integer)
    catalogue_item_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_item.id"))
    is_deduction: Mapped[bool] = mapped_column(default=False)

    document: Mapped[Document] = relationship(back_populates="lines")


class NumberSeries(Base):
    """The last number given in a series (per year when the format holds the year)."""

    __tablename__ = "number_series"

    series: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_issue_date: Mapped[date] = mapped_column(Date)


class Payment(Base):
    """Money received for an invoice."""

    __tablename__ = "payment"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class PlatformStatus(Base):
    """What the CAE's e-invoicing platform said became of an issued document, on a day; never changed nor removed.

    Read back from the platform's CSV: each document keeps the history of its statuses.
    """

    __tablename__ = "platform_status"
    __table_args__ = (Index("ix_platform_status_document_id_day", "document_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    status: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(200), default="")  # the name of the file it was read from
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(120))


class FrozenContent(Base):
    """Everything an issued document shows, fixed at issue as JSON; a trigger refuses any change.

    Kept apart from the document row so that lists scanning many documents read small rows.
    """

    __tablename__ = "frozen_content"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    content_json: Mapped[str] = mapped_column(Text)


class DocumentBalance(Base):
    """What has been paid and credited on a document, kept up to date by triggers in the database.

    Lists of tens of thousands of invoices filter on their status (paid, overdue…) without
    adding up every payment and credit note each time.
    """

    __tablename__ = "document_balance"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    paid_cents: Mapped[int] = mapped_column(Integer, server_default="0")
    credited_cents: Mapped[int] = mapped_column(Integer, server_default="0")


class AuditEntry(Base):
    """One line of the audit trail: who did what to which record, which fields (never their values).

    Chained: each entry's hash covers the previous entry's hash; triggers refuse any change.
    """

    __tablename__ = "audit_entry"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(19), index=True)
    actor: Mapped[str] = mapped_column(String(120))
    account_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60), index=True)
    record: Mapped[str] = mapped_column(String(80))
    fields: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The last entry of the audit trail, so that entries removed from its end are noticed."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class WorkEntry(Base):
    """Time a person worked on an activity one day, perhaps for a quote or an invoice (a job)."""

    __tablename__ = "work_entry"
    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes_in_a_day"),
        Index("ix_work_entry_person_id_day", "person_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    person: Mapped[Person] = relationship()
    activity: Mapped[Activity] = relationship()


class Expense(Base):
    """Something bought for a job or an activity, taken off the revenue before it is shared."""

    __tablename__ = "expense"
    __table_args__ = (CheckConstraint("net_cents > 0 AND vat_cents >= 0", name="amounts_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    label: Mapped[str] = mapped_column(String(200))
    net_cents: Mapped[int] = mapped_column(Integer)
    vat_cents: Mapped[int] = mapped_column(Integer, default=0)
    supplier: Mapped[str] = mapped_column(String(200), default="")
    receipt_ref: Mapped[str] = mapped_column(String(60), default="")
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Sharing(Base):
    """A validated sharing-out of a period, as decided by the KPA; triggers refuse any change.

    The figures and the rule are kept as they were at validation: a validated period is
    never computed again, a mistake is corrected by an adjustment in a later one.
    """

    __tablename__ = "sharing"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="end_after_start"),
        UniqueConstraint("period_start", name="uq_sharing_period_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    rule_json: Mapped[str] = mapped_column(Text)
    revenue_cents: Mapped[int] = mapped_column(Integer)
    expenses_cents: Mapped[int] = mapped_column(Integer)
    cae_cents: Mapped[int] = mapped_column(Integer)
    insurance_cents: Mapped[int] = mapped_column(Integer)
    savings_cents: Mapped[int] = mapped_column(Integer)
    adjustment_cents: Mapped[int] = mapped_column(Integer, default=0)
    adjustment_reason: Mapped[str] = mapped_column(String(300), default="")
    shared_cents: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[date] = mapped_column(Date)
    decision_ref: Mapped[str] = mapped_column(String(200))
    validated_at: Mapped[datetime] = mapped_column(DateTime)
    validated_by: Mapped[str] = mapped_column(String(120))

    shares: Mapped[list[SharingShare]] = relationship(order_by="SharingShare.id")


class SharingShare(Base):
    """One person's share of a validated sharing-out."""

    __tablename__ = "sharing_share"
    __table_args__ = (
        UniqueConstraint("sharing_id", "person_id", name="uq_sharing_share_sharing_id_person_id"),
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sharing_id: Mapped[int] = mapped_column(ForeignKey("sharing.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    weight: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int] = mapped_column(Integer)
    odd_cent: Mapped[bool] = mapped_column(default=False)


class SharingCount(Base):
    """A payment (cash basis) or an issued document (invoice basis) counted by a validated sharing-out.

    Each is counted once: a unique payment or document per row, and triggers refuse any change.
    `net_cents` is the revenue it brought, excluding VAT (negative for a credit note).
    """

    __tablename__ = "sharing_count"
    __table_args__ = (CheckConstraint("(payment_id IS NULL) <> (document_id IS NULL)", name="payment_or_document"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sharing_id: Mapped[int] = mapped_column(ForeignKey("sharing.id"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), unique=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), unique=True)
    day: Mapped[date] = mapped_column(Date)
    net_cents: Mapped[int] = mapped_column(Integer)


class SavingsEntry(Base):
    """A line of the collective savings ledger; never changed nor removed, the balance never below zero."""

    __tablename__ = "savings_entry"
    __table_args__ = (CheckConstraint("amount_cents <> 0", name="amount_not_zero"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200))
    amount_cents: Mapped[int] = mapped_column(Integer)
    decision_ref: Mapped[str] = mapped_column(String(200))
    sharing_id: Mapped[int | None] = mapped_column(ForeignKey("sharing.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(120))


class Interview(Base):
    """An evaluation interview, in the structure of the network's kit, with the person's consent.

    An anonymous interview keeps no name nor link to a member record: only the age, gender and
    time in the KPA the report needs, taken from the record when the interview was saved.
    """

    __tablename__ = "interview"
    __table_args__ = (
        CheckConstraint("minutes IS NULL OR (minutes > 0 AND minutes <= 600)", name="minutes_in_range"),
        CheckConstraint("NOT anonymous OR (person_id IS NULL AND person_name = '')", name="anonymous_has_no_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int | None] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(200), default="")
    led_by: Mapped[str] = mapped_column(String(20))
    interviewers: Mapped[str] = mapped_column(String(200), default="")
    mode: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    person_name: Mapped[str] = mapped_column(String(200), default="")
    age: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str] = mapped_column(String(10))
    months_in_kpa: Mapped[int | None] = mapped_column(Integer)
    consent_recording: Mapped[bool] = mapped_column(default=False)
    consent_share: Mapped[bool] = mapped_column(default=False)
    anonymous: Mapped[bool] = mapped_column(default=False)
    time_answer: Mapped[str] = mapped_column(Text, default="")
    why_answer: Mapped[str] = mapped_column(Text, default="")
    elsewhere_answer: Mapped[str] = mapped_column(Text, default="")
    exercise_answer: Mapped[str] = mapped_column(Text, default="")
    after_answer: Mapped[str] = mapped_column(Text, default="")
    wants_notes: Mapped[bool] = mapped_column(default=False)
    wants_to_lead: Mapped[bool] = mapped_column(default=False)
    lived_said: Mapped[str] = mapped_column(Text, default="")
    lived_observed: Mapped[str] = mapped_column(Text, default="")
    finished: Mapped[bool] = mapped_column(default=False)
    created_by_account: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    person: Mapped[Person | None] = relationship()
    cards: Mapped[list[InterviewCard]] = relationship(order_by="InterviewCard.position", cascade="all, delete-orphan")
    passages: Mapped[list[InterviewPassage]] = relationship(
        order_by="InterviewPassage.id", cascade="all, delete-orphan"
    )


class InterviewCard(Base):
    """A card the person chose, at its place in the order they chose."""

    __tablename__ = "interview_card"
    __table_args__ = (UniqueConstraint("interview_id", "position", name="uq_interview_card_interview_id_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(100))


class InterviewPassage(Base):
    """A paragraph of notes: the card it was typed under, the card it speaks of, its effects."""

    __tablename__ = "interview_passage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"), index=True)
    typed_under: Mapped[int] = mapped_column(Integer)
    card_code: Mapped[str] = mapped_column(String(20))
    card_label: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    effects: Mapped[str] = mapped_column(String(300), default="")


class Account(Base):
    """An account as the KPA knows it: what sign-in believes (the accounts file only unlocks).

    The same number as the account's row in the accounts file; sign-in refuses any difference.
    """

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean)
    failures: Mapped[int] = mapped_column(Integer)
    blocked_until: Mapped[str | None] = mapped_column(String(19))
    created_at: Mapped[str] = mapped_column(String(19))
    password_changed_at: Mapped[str] = mapped_column(String(19))


class AccountCopy(Base):
    """Set once the accounts of the accounts file have been copied into the database (never again after)."""

    __tablename__ = "account_copy"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    copied_at: Mapped[str] = mapped_column(String(19))


class AccountEvent(Base):
    """On a server: a sign-in event not yet written into the audit trail (a computer's accounts file keeps its own)."""

    __tablename__ = "account_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(19))
    account_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))


class KeySlot(Base):
    """On a server: one wrapped copy of the KPA's key (which encrypts the server's backups)."""

    __tablename__ = "key_slot"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)


class SharedSetting(Base):
    """On a server: one section of settings that every computer of the KPA reads (its TOML text)."""

    __tablename__ = "shared_setting"

    section: Mapped[str] = mapped_column(String(40), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class DocumentPdf(Base):
    """On a server: the issued PDF itself, the legal original, whichever computer issued it."""

    __tablename__ = "document_pdf"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
