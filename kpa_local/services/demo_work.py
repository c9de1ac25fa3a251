"""The demo's hours, expenses, validated sharing-outs and collective savings."""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from kpa_local.db.models import Activity, Contract, Document, Expense, WorkEntry
from kpa_local.domain.dates import add_months
from kpa_local.domain.errors import Refused
from kpa_local.domain.money import Money
from kpa_local.domain.periods import Period
from kpa_local.services.context import Context
from kpa_local.services.savings import GRANT, PURCHASE, record_savings
from kpa_local.services.sharing import validate_sharing

EXPENSES = (
    ("Courses pour un buffet", "Grossiste Métro", 4_000, 18_000, "5.5"),
    ("Terreau et plants", "Jardinerie du Nord", 3_000, 9_000, "10"),
    ("Chambres à air et câbles", "Cycles Roubaix", 1_500, 6_000, "20"),
    ("Fil, boutons et fermetures", "Mercerie Lannoy", 800, 3_500, "20"),
)


def _spans(context: Context) -> list[tuple[int, date, date]]:
    """(person, first day, last day) of every contract that gives a share."""
    kinds = context.settings.sharing.rule().eligible_contracts
    today = context.today()
    with context.database.unit_of_work() as session:
        rows = session.scalars(select(Contract).where(Contract.kind.in_(kinds)))
        spans = []
        for contract in rows:
            last = contract.last_day or today
            spans.append((contract.person_id, contract.start_date, min(last, today - timedelta(days=1))))
        return spans


def fill_work(context: Context, *, seed: int = 2026) -> None:
    """Add hours week after week for the people under contract, expenses month after month,
    the sharing-outs of the last complete months, a grant and a collective purchase (once)."""
    with context.database.unit_of_work() as session:
        if session.scalar(select(WorkEntry.id).limit(1)) is not None:
            return
        activities = list(session.scalars(select(Activity.id).where(Activity.active.is_(True)).order_by(Activity.id)))
        jobs = list(session.execute(select(Document.id, Document.issue_date).where(Document.number.is_not(None))))
    if not activities:
        return
    rng = random.Random(seed)
    now = datetime.now()
    hours = []
    for person_id, first, last in _spans(context):
        day = first
        while day <= last:
            for _ in range(rng.choice((0, 0, 0, 0, 1))):  # about one day a month each
                worked = day + timedelta(days=rng.randint(0, 4))
                if worked > last:
                    continue
                job = next((job_id for job_id, issued in jobs if issued and abs((issued - worked).days) < 4), None)
                hours.append({"person_id": person_id, "activity_id": rng.choice(activities), "day": worked,
                              "minutes": rng.choice((90, 120, 150, 180, 240, 300)), "document_id": job,
                              "note": "", "created_at": now})  # fmt: skip
            day += timedelta(days=7)
    _insert_unique_days(context, hours)
    _expenses(context, rng, activities, now)
    _sharings_and_savings(context)


def _insert_unique_days(context: Context, hours: list[dict[str, object]]) -> None:
    """Hours of one person on one day are merged, so that no day goes past a plausible length."""
    merged: dict[tuple[object, object], dict[str, object]] = {}
    for row in hours:
        key = (row["person_id"], row["day"])
        if key in merged:
            continue
        merged[key] = row
    with context.database.unit_of_work() as session:
        rows = list(merged.values())
        for start in range(0, len(rows), 20_000):
            session.execute(insert(WorkEntry), rows[start : start + 20_000])


def _expenses(context: Context, rng: random.Random, activities: list[int], now: datetime) -> None:
    today = context.today()
    first = add_months(date(today.year, today.month, 1), -6)
    rows = []
    month = first
    while month < today:
        for label, supplier, low, high, rate in rng.sample(EXPENSES, 2):
            net = rng.randint(low, high)
            day = min(month + timedelta(days=rng.randint(0, 27)), today)
            vat = int(net * float(rate) / 100)
            rows.append({"day": day, "label": label, "net_cents": net, "vat_cents": vat, "supplier": supplier,
                         "receipt_ref": f"T-{rng.randint(100, 999)}", "activity_id": rng.choice(activities),
                         "document_id": None, "created_at": now})  # fmt: skip
        month = add_months(month, 1)
    with context.database.unit_of_work() as session:
        session.execute(insert(Expense), rows)


def _sharings_and_savings(context: Context) -> None:
    """A grant first, the last complete months shared out as decided on the 5th of the next month,
    then a collective purchase with part of the savings."""
    today = context.today()
    start = add_months(date(today.year, today.month, 1), -5)
    record_savings(context, GRANT, start, "Subvention de la Fondation du quartier", Money(80_000),
                   f"Conseil d'administration du {start:%d/%m/%Y}")  # fmt: skip
    month = start
    while add_months(month, 1) + timedelta(days=4) <= today:
        decided = add_months(month, 1) + timedelta(days=4)
        with suppress(Refused):  # a month with nothing to share stays open, as it would in a KPA
            validate_sharing(context, Period.month(month.year, month.month), decided_on=decided,
                             decision_ref=f"Réunion de la KPA du {decided:%d/%m/%Y}")  # fmt: skip
        month = add_months(month, 1)
    bought = today - timedelta(days=10)
    record_savings(context, PURCHASE, bought, "Achat d'un four professionnel pour le traiteur", Money(45_000),
                   f"Réunion de la KPA du {bought:%d/%m/%Y}")  # fmt: skip
