"""What a quote would bring each person if it were invoiced and paid: a simulation, nothing saved."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import func, select

from kpa_local.db.french_order import french
from kpa_local.db.models import Contract, Expense, Person
from kpa_local.domain.codes import CONTRACT_KINDS
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.money import Money
from kpa_local.domain.sharing import SharingInputs, SharingPlan, Worker, compute_sharing
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context
from kpa_local.services.documents import quote_or_refuse
from kpa_local.services.rows import get_or_refuse
from kpa_local.services.sharing import expense_total
from kpa_local.services.work import person_label


def simulate_quote(context: Context, quote_id: int, planned_minutes: Mapping[int, int]) -> SharingPlan:
    """What each person would receive if the quote were invoiced and paid, with the hours planned per person."""
    require(context, Permission.READ_WORK)
    rule = context.settings.sharing.rule()
    problems: list[Problem] = []
    with context.database.unit_of_work() as session:
        quote = quote_or_refuse(session, quote_id)
        today = context.today()
        workers = []
        for person_id, minutes in planned_minutes.items():
            person = get_or_refuse(session, Person, person_id, "Une des personnes prévues n'existe plus.")
            kinds = {
                c.kind
                for c in person.contracts
                if c.kind in rule.eligible_contracts and (c.last_day or date.max) >= today
            }
            if not kinds and minutes > 0:
                allowed = " ou ".join(CONTRACT_KINDS.get(k, k) for k in rule.eligible_contracts)
                problems.append(
                    Problem(
                        f"personne{person_id}",
                        f"{person_label(person)} n'a pas de contrat {allowed} en cours : "
                        "cette personne ne peut pas recevoir de part. Retirez ses heures de la simulation.",
                    )
                )
            if minutes < 0:
                problems.append(Problem(f"personne{person_id}", "Les heures prévues ne peuvent pas être négatives."))
            workers.append(Worker(person_id, person_label(person), max(minutes, 0)))
        if problems:
            raise Refused(problems)
        expenses = expense_total(session, context.settings.billing.franchise, Expense.document_id == quote_id)
        inputs = SharingInputs(Money(quote.total_net_cents), expenses, tuple(workers))
    return compute_sharing(rule, inputs, seed=f"devis-{quote_id}")


def people_with_a_share(context: Context, day: date) -> tuple[tuple[int, str], ...]:
    """The people whose contract on that day gives a share (by default CAPE or CESA), by first name."""
    require(context, Permission.READ_WORK)
    kinds = context.settings.sharing.rule().eligible_contracts
    with context.database.unit_of_work() as session:
        people = session.scalars(
            select(Person)
            .join(Contract, Contract.person_id == Person.id)
            .where(
                Contract.kind.in_(kinds),
                Contract.start_date <= day,
                func.coalesce(Contract.ended_early, Contract.end_date, date.max) >= day,
            )
            .distinct()
            .order_by(french(Person.first_name), french(Person.last_name))
        )
        return tuple((person.id, person_label(person)) for person in people)
