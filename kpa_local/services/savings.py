"""The collective savings: a ledger that only grows, whose balance never goes below zero."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from kpa_local.db.models import SavingsEntry
from kpa_local.domain.dates import add_months
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.money import Money
from kpa_local.domain.savings import lowest_balance_with
from kpa_local.fmt import date_fr, money_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context
from kpa_local.services.work_views import SavingsLedger, SavingsLine

CONTRIBUTION = "contribution"
PURCHASE = "achat"
GRANT = "subvention"
ADJUSTMENT = "ajustement"
KINDS = {
    CONTRIBUTION: "Contribution",
    PURCHASE: "Achat collectif",
    GRANT: "Subvention ou don",
    ADJUSTMENT: "Correction",
}
# What a person may record by hand (contributions come from validated sharing-outs).
MANUAL_KINDS = (PURCHASE, GRANT, ADJUSTMENT)
CHART_MONTHS = 12


def _lines(rows: list[SavingsEntry]) -> tuple[SavingsLine, ...]:
    balance = 0
    lines = []
    for entry in rows:
        balance += entry.amount_cents
        lines.append(
            SavingsLine(
                entry.id,
                entry.day,
                entry.kind,
                entry.label,
                Money(entry.amount_cents),
                entry.decision_ref,
                Money(balance),
            )
        )
    return tuple(lines)


def _ordered(context: Context) -> list[SavingsEntry]:
    with context.database.unit_of_work() as session:
        rows = list(session.scalars(select(SavingsEntry).order_by(SavingsEntry.day, SavingsEntry.id)))
        session.expunge_all()
        return rows


def savings_ledger(context: Context, *, months: int = CHART_MONTHS) -> SavingsLedger:
    """Every entry in date order with the balance after it, and the balance at the end of the last months."""
    require(context, Permission.READ_WORK)
    lines = _lines(_ordered(context))
    today = context.today()
    first = add_months(date(today.year, today.month, 1), -(months - 1))
    monthly = []
    for index in range(months):
        start = add_months(first, index)
        end = add_months(start, 1)
        balance = next((line.balance for line in reversed(lines) if line.day < end), Money(0))
        monthly.append((start, balance))
    return SavingsLedger(lines, lines[-1].balance if lines else Money(0), tuple(monthly))


def record_savings(context: Context, kind: str, day: date | None, label: str, amount: Money, decision_ref: str) -> int:
    """Record a purchase (money out), a grant (money in) or a correction (either way; negative is out).

    `amount` is what was spent or received, always typed as a positive amount, except for a
    correction, whose sign says its direction. The balance may never go below zero, on any day.
    """
    require(context, Permission.EDIT_SAVINGS)
    problems: list[Problem] = []
    label = " ".join(label.split())
    decision_ref = " ".join(decision_ref.split())
    if kind not in MANUAL_KINDS:
        problems.append(Problem("kind", "Choisissez : achat collectif, subvention ou don, ou correction."))
    if day is None:
        problems.append(Problem("day", "Indiquez la date de l'opération."))
    elif day > context.today():
        problems.append(Problem("day", "La date est dans le futur : indiquez le jour de l'opération."))
    if not label:
        problems.append(Problem("label", "Dites ce que c'est (par exemple « Achat d'un four »)."))
    if not decision_ref:
        problems.append(Problem("decision_ref", "Indiquez la décision collective qui l'a approuvé (réunion, date)."))
    if amount.cents == 0 or (kind != ADJUSTMENT and amount.cents < 0):
        problems.append(Problem("amount", "Indiquez un montant plus grand que 0 €."))
    if problems:
        raise Refused(problems)
    assert day is not None
    signed = -amount.cents if kind == PURCHASE else amount.cents
    with context.database.unit_of_work(immediate=True) as session:
        rows = list(session.scalars(select(SavingsEntry).order_by(SavingsEntry.day, SavingsEntry.id)))
        _refuse_overdraft(rows, day, signed)
        entry = SavingsEntry(
            day=day,
            kind=kind,
            label=label[:200],
            amount_cents=signed,
            decision_ref=decision_ref[:200],
            created_at=datetime.now(),
            created_by=context.actor.name,
        )
        session.add(entry)
        session.flush()
        return entry.id


def _refuse_overdraft(rows: list[SavingsEntry], day: date, signed: int) -> None:
    """Refuse an entry after which the balance would go below zero on its day or any later day."""
    if signed >= 0:
        return
    balance, lowest = lowest_balance_with([(row.day, row.amount_cents) for row in rows], day, signed)
    if lowest < 0:
        raise Refused(
            [
                Problem(
                    "amount",
                    f"Le solde de l'épargne au {date_fr(day)} est de {money_fr(balance)} : une sortie de "
                    f"{money_fr(-signed)} le ferait passer sous zéro. Réduisez le montant ou attendez de "
                    "nouvelles contributions.",
                )
            ]
        )
