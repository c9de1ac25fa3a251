"""The rows of a quarter's network bundle, read from the database as codes (no name, no date, no id).

members.csv: everyone who held a coopérant·e or bénévole role on a day of the quarter. Where
the network's format is silent (see docs/collecteur-bundle-v1.md): the role and the contract
are those of the last day of the quarter, or of the exit day; an exit after the quarter is
not yet an exit. activity.csv: each document's amount is split between the categories of its
lines' activities (lines without one count as `autre`) in proportion to the lines, to the
cent; an invoice is counted, with its client, in the category of its largest part; a
payment's part without VAT follows its invoice's split; remuneration and savings
contributions count in the month the KPA decided them (as the statements do).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kpa_local.db.models import (
    Activity,
    CatalogueItem,
    Contract,
    Document,
    DocumentLine,
    Partner,
    Payment,
    Person,
    RoleSpell,
    SavingsEntry,
    Secret,
    Sharing,
    WorkEntry,
)
from kpa_local.domain.codes import CONTRACT_KINDS, UNKNOWN
from kpa_local.domain.money import net_part
from kpa_local.domain.periods import Period
from kpa_local.domain.profile import age_band, departement, ft_duration_band
from kpa_local.exchange.bundle_format import hours, money, pseudonym

OTHER = "autre"
MEMBER_ROLES = ("cooperant", "benevole")
INVOICES = ("facture", "acompte")
CREDIT_NOTE = "avoir"


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def secret_of(session: Session, name: str) -> bytes:
    """The KPA's pseudonym secret (it never leaves the database)."""
    row = session.get(Secret, name)
    if row is None:  # pragma: no cover - every opened workspace has one
        raise LookupError(name)
    return bytes(row.value)


def member_rows(session: Session, period: Period, secret: bytes) -> list[dict[str, str]]:
    """One row of codes per person who held a coopérant·e or bénévole role on a day of the quarter."""
    spells = session.execute(
        select(RoleSpell.person_id, RoleSpell.role, RoleSpell.start_date, RoleSpell.end_date).where(
            RoleSpell.role.in_(MEMBER_ROLES),
            RoleSpell.start_date <= period.end,
            (RoleSpell.end_date.is_(None)) | (RoleSpell.end_date >= period.start),
        )
    ).all()
    by_person: dict[int, list[Any]] = defaultdict(list)
    for spell in spells:
        by_person[spell.person_id].append(spell)
    minutes = dict(
        session.execute(
            select(WorkEntry.person_id, func.sum(WorkEntry.minutes))
            .where(WorkEntry.day >= period.start, WorkEntry.day <= period.end)
            .group_by(WorkEntry.person_id)
        ).all()
    )
    rows = []
    people = session.scalars(
        select(Person)
        .options(selectinload(Person.contracts), selectinload(Person.partner))
        .where(Person.id.in_(by_person), Person.entry_date <= period.end)
    )
    for person in people:
        left = person.exit_date if person.exit_date and person.exit_date <= period.end else None
        last_day = left or period.end
        spell = max(
            by_person[person.id],
            key=lambda s: (s.start_date <= last_day and (s.end_date is None or s.end_date >= last_day), s.start_date),
        )
        contract = _contract_on(person.contracts, last_day)
        partner: Partner | None = person.partner
        rows.append(
            {
                "pid": pseudonym(secret, person.id),
                "role": spell.role,
                "contract": contract,
                "gender": person.gender or UNKNOWN,
                "age_band": age_band(person.birth_date, person.entry_date),
                "departement": departement(person.postal_code),
                "qpv": person.qpv or UNKNOWN,
                "single_parent": person.single_parent or UNKNOWN,
                "international_protection": person.international_protection or UNKNOWN,
                "rqth": person.rqth or UNKNOWN,
                "education": person.education or UNKNOWN,
                "ft_registered_at_entry": person.ft_registered_at_entry or UNKNOWN,
                "ft_duration_band": ft_duration_band(
                    person.ft_registered_at_entry, person.ft_registered_since, person.entry_date
                ),
                "ft_registered_during": "oui" if person.ft_registered_during else "non",
                "mission_locale": "oui" if partner is not None and partner.kind == "mission_locale" else "non",
                "entry_month": _month(person.entry_date),
                "planned_duration": person.planned_duration or UNKNOWN,
                "exit_month": _month(left) if left else "",
                "exit_situation": (person.exit_situation or UNKNOWN) if left else "",
                "hours_quarter": hours(int(minutes.get(person.id, 0))),
            }
        )
    return rows


def _contract_on(contracts: Iterable[Contract], day: date) -> str:
    """The contract running on a day (the latest begun if several), as the format names it."""
    running = [contract for contract in contracts if contract.runs_on(day)]
    if not running:
        return "autre"
    kind = max(running, key=lambda c: c.start_date).kind
    return kind if kind in CONTRACT_KINDS else "autre"


def _split(amount: int, weights: dict[str, int]) -> dict[str, int]:
    """An amount shared between categories in proportion to their weights, exactly (largest remainders)."""
    positive = {category: weight for category, weight in weights.items() if weight > 0}
    if not positive:
        return {OTHER: amount}
    total = sum(positive.values())
    exact = {category: Fraction(amount * weight, total) for category, weight in positive.items()}
    parts = {category: int(value) if value >= 0 else -int(-value) for category, value in exact.items()}
    left = amount - sum(parts.values())
    step = 1 if left > 0 else -1
    for category in sorted(exact, key=lambda c: (-abs(exact[c] - parts[c]), c))[: abs(left)]:
        parts[category] += step
    return parts


def _document_splits(session: Session, document_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each document, the weight (net of its lines) of each activity category."""
    weights: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if not document_ids:
        return weights
    rows = session.execute(
        select(DocumentLine.document_id, DocumentLine.net_cents, Activity.category)
        .outerjoin(CatalogueItem, CatalogueItem.id == DocumentLine.catalogue_item_id)
        .outerjoin(Activity, Activity.id == CatalogueItem.activity_id)
        .where(DocumentLine.document_id.in_(document_ids), DocumentLine.is_deduction.is_(False))
    )
    for document_id, net, category in rows:
        weights[document_id][category or OTHER] += int(net)
    return weights


def activity_rows(session: Session, period: Period) -> list[dict[str, str]]:
    """One row per month and category with revenue or hours, and a `total` row per month."""
    documents = session.execute(
        select(Document.id, Document.kind, Document.issue_date, Document.client_id, Document.total_net_cents,
               Document.total_cents)
        .where(Document.number.is_not(None), Document.kind.in_((*INVOICES, CREDIT_NOTE)))
    ).all()  # fmt: skip
    payments = session.execute(
        select(Payment.invoice_id, Payment.paid_on, Payment.amount_cents).where(
            Payment.paid_on >= period.start, Payment.paid_on <= period.end
        )
    ).all()
    in_period = [d for d in documents if d.issue_date and period.contains(d.issue_date)]
    wanted = sorted({d.id for d in in_period} | {p.invoice_id for p in payments})
    weights = _document_splits(session, wanted)
    by_id = {d.id: d for d in documents}
    figures: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    clients: dict[tuple[str, str], set[int]] = defaultdict(set)
    people: dict[tuple[str, str], set[int]] = defaultdict(set)
    for document in in_period:
        month = _month(document.issue_date)
        sign = -1 if document.kind == CREDIT_NOTE else 1
        parts = _split(document.total_net_cents, weights[document.id])
        for category, cents in parts.items():
            figures[month, category]["invoiced"] += sign * cents
        if document.kind in INVOICES:
            main = max(parts, key=lambda c: (parts[c], c))
            figures[month, main]["invoices"] += 1
            clients[month, main].add(document.client_id)
            clients[month, "total"].add(document.client_id)
    for payment in payments:
        invoice = by_id.get(payment.invoice_id)
        if invoice is None or not invoice.total_cents:
            continue
        net = net_part(payment.amount_cents, invoice.total_net_cents, invoice.total_cents)
        for category, cents in _split(net, weights[invoice.id]).items():
            figures[_month(payment.paid_on), category]["collected"] += cents
    for day, worked, person_id, category in session.execute(
        select(WorkEntry.day, WorkEntry.minutes, WorkEntry.person_id, Activity.category)
        .join(Activity, Activity.id == WorkEntry.activity_id)
        .where(WorkEntry.day >= period.start, WorkEntry.day <= period.end)
    ):
        month = _month(day)
        figures[month, category]["minutes"] += worked
        people[month, category].add(person_id)
        people[month, "total"].add(person_id)
    return _rows(session, period, figures, clients, people)


def _rows(
    session: Session,
    period: Period,
    figures: dict[tuple[str, str], Counter[str]],
    clients: dict[tuple[str, str], set[int]],
    people: dict[tuple[str, str], set[int]],
) -> list[dict[str, str]]:
    shared = Counter(
        {
            _month(decided): int(cents)
            for decided, cents in session.execute(
                select(Sharing.decided_on, func.sum(Sharing.shared_cents))
                .where(Sharing.decided_on >= period.start, Sharing.decided_on <= period.end)
                .group_by(Sharing.decided_on)
            )
        }
    )
    savings = session.execute(select(SavingsEntry.day, SavingsEntry.kind, SavingsEntry.amount_cents)).all()
    rows = []
    for month in period.months():
        code = _month(month.start)
        total: Counter[str] = Counter()
        for (row_month, category), values in sorted(figures.items()):
            if row_month != code or not (values["invoiced"] or values["collected"] or values["minutes"]):
                continue
            total.update(values)
            rows.append(_row(code, category, values, len(clients[code, category]), len(people[code, category])))
        contribution = sum(c for day, kind, c in savings if kind == "contribution" and month.contains(day))
        balance = sum(c for day, _kind, c in savings if day <= month.end)
        row = _row(code, "total", total, len(clients[code, "total"]), len(people[code, "total"]))
        # The total's hours are the sum of the rows' rounded hours, as the format asks, to the hundredth.
        row["hours"] = money(sum(int(r["hours"].replace(".", "")) for r in rows if r["month"] == code))
        row.update(remuneration=money(shared[code]), savings_contribution=money(contribution),
                   savings_balance=money(balance))  # fmt: skip
        rows.append(row)
    return rows


def _row(month: str, category: str, values: Counter[str], client_count: int, people_count: int) -> dict[str, str]:
    return {
        "month": month,
        "activity": category,
        "revenue_invoiced_ht": money(values["invoiced"]),
        "revenue_collected_ht": money(values["collected"]),
        "invoices": str(values["invoices"]),
        "clients": str(client_count),
        "hours": hours(values["minutes"]),
        "people": str(people_count),
        "remuneration": "",
        "savings_contribution": "",
        "savings_balance": "",
    }
