"""Hours worked and expenses: entered several at once, all saved or none."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kpa_local.db.french_order import french
from kpa_local.db.models import Activity, Document, Expense, Person, WorkEntry
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.periods import Period
from kpa_local.domain.work import MINUTES_A_DAY, hours_text
from kpa_local.fmt import date_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context
from kpa_local.services.rows import get_or_refuse
from kpa_local.services.shared_periods import validated_period_of
from kpa_local.services.work_views import ExpenseDraft, ExpenseRow, HoursDraft, HoursRow


def person_label(person: Person) -> str:
    """« Awa DIALLO »: how shares, hours and statements name a person."""
    return f"{person.first_name} {person.last_name.upper()}".strip()


def _job(session: Session, document_id: int | None, field: str, problems: list[Problem]) -> Document | None:
    if document_id is None:
        return None
    document = session.get(Document, document_id)
    if document is None:
        problems.append(Problem(field, "Ce devis ou cette facture n'existe plus : choisissez un autre travail."))
    return document


def record_hours(context: Context, drafts: Sequence[HoursDraft]) -> tuple[int, ...]:
    """Save hours for one or several people at once; if one line is wrong, nothing is saved.

    Problems name their line (`ligne3.minutes`) so that a screen shows each beside its field; a day
    past 24 hours names the last line of that person and day (`ligne3.day_total`).
    """
    require(context, Permission.RECORD_WORK)
    if not drafts:
        raise Refused([Problem(None, "Aucune heure à enregistrer : remplissez au moins une ligne.")])
    problems: list[Problem] = []
    today = context.today()
    with context.database.unit_of_work(immediate=True) as session:
        per_day: dict[tuple[int, date], int] = defaultdict(int)
        names: dict[int, str] = {}
        last_line: dict[tuple[int, date], str] = {}  # a day over 24 h is said beside its last line
        for index, draft in enumerate(drafts, start=1):
            line = f"ligne{index}"
            person = session.get(Person, draft.person_id) if draft.person_id is not None else None
            if person is None:
                problems.append(Problem(f"{line}.person", f"Ligne {index} : choisissez la personne qui a travaillé."))
            else:
                names[person.id] = person_label(person)
            activity = session.get(Activity, draft.activity_id) if draft.activity_id is not None else None
            if activity is None:
                problems.append(Problem(f"{line}.activity", f"Ligne {index} : choisissez l'activité."))
            elif not activity.active:
                problems.append(
                    Problem(
                        f"{line}.activity",
                        f"Ligne {index} : l'activité « {activity.name} » est fermée ; "
                        "choisissez une activité en cours ou rouvrez-la.",
                    )
                )
            if draft.day is None:
                problems.append(Problem(f"{line}.day", f"Ligne {index} : indiquez le jour travaillé."))
            elif draft.day > today:
                problems.append(
                    Problem(
                        f"{line}.day",
                        f"Ligne {index} : le {date_fr(draft.day)} n'est pas encore passé ; "
                        "les heures se notent une fois faites.",
                    )
                )
            if not 0 < draft.minutes <= MINUTES_A_DAY:
                problems.append(Problem(f"{line}.minutes", f"Ligne {index} : la durée va d'une minute à 24 heures."))
            _job(session, draft.document_id, f"{line}.document", problems)
            if person is not None and draft.day is not None and draft.minutes > 0:
                per_day[person.id, draft.day] += draft.minutes
                last_line[person.id, draft.day] = line
        for (person_id, day), minutes in sorted(per_day.items()):
            already = int(
                session.scalar(
                    select(func.coalesce(func.sum(WorkEntry.minutes), 0)).where(
                        WorkEntry.person_id == person_id, WorkEntry.day == day
                    )
                )
                or 0
            )
            if already + minutes > MINUTES_A_DAY:
                noted = f" (déjà {hours_text(already)} notées)" if already else ""
                problems.append(
                    Problem(
                        f"{last_line[person_id, day]}.day_total",
                        f"{names[person_id]} aurait {hours_text(already + minutes)} le {date_fr(day)}"
                        f"{noted} : une journée n'a que 24 heures, vérifiez les durées.",
                    )
                )
        if problems:
            raise Refused(problems)
        entries = [
            WorkEntry(
                person_id=draft.person_id,
                activity_id=draft.activity_id,
                day=draft.day,
                minutes=draft.minutes,
                document_id=draft.document_id,
                note=" ".join(draft.note.split())[:200],
                created_at=datetime.now(),
            )
            for draft in drafts
        ]
        session.add_all(entries)
        session.flush()
        return tuple(entry.id for entry in entries)


def delete_hours(context: Context, entry_id: int) -> None:
    """Remove hours typed by mistake, unless a validated sharing-out already counted them."""
    require(context, Permission.RECORD_WORK)
    with context.database.unit_of_work(immediate=True) as session:
        entry = get_or_refuse(session, WorkEntry, entry_id, "Ces heures ont déjà été supprimées.")
        period = validated_period_of(session, entry.day)
        if period is not None:
            raise Refused(
                [
                    Problem(
                        None,
                        f"La répartition {period.of_label} est validée et compte ces heures : elles restent. "
                        "Corrigez par une régularisation sur une période suivante.",
                    )
                ]
            )
        session.delete(entry)


def list_hours(
    context: Context,
    period: Period,
    *,
    person_id: int | None = None,
    document_id: int | None = None,
) -> tuple[HoursRow, ...]:
    """Hours of a period, for everyone, one person or one job, by day then person."""
    require(context, Permission.READ_WORK)
    with context.database.unit_of_work() as session:
        query = (
            select(WorkEntry, Person, Activity.name, Document.number)
            .join(Person, Person.id == WorkEntry.person_id)
            .join(Activity, Activity.id == WorkEntry.activity_id)
            .outerjoin(Document, Document.id == WorkEntry.document_id)
            .where(WorkEntry.day >= period.start, WorkEntry.day <= period.end)
            .order_by(WorkEntry.day, french(Person.last_name), french(Person.first_name), WorkEntry.id)
        )
        if person_id is not None:
            query = query.where(WorkEntry.person_id == person_id)
        if document_id is not None:
            query = query.where(WorkEntry.document_id == document_id)
        return tuple(
            HoursRow(
                entry.id,
                entry.day,
                person.id,
                person_label(person),
                activity,
                entry.minutes,
                number or (f"devis en préparation n° {entry.document_id}" if entry.document_id else ""),
                entry.note,
            )
            for entry, person, activity, number in session.execute(query)
        )


def record_expense(context: Context, draft: ExpenseDraft) -> int:
    """Save an expense tied to a job or an activity."""
    require(context, Permission.RECORD_WORK)
    problems: list[Problem] = []
    label = " ".join(draft.label.split())
    if draft.day is None:
        problems.append(Problem("day", "Indiquez la date de la dépense (celle du ticket ou de la facture)."))
    elif draft.day > context.today():
        problems.append(Problem("day", "La date de la dépense est dans le futur : indiquez celle du ticket."))
    if not label:
        problems.append(Problem("label", "Dites ce qui a été acheté (par exemple « Farine et œufs »)."))
    if draft.net.cents <= 0:
        problems.append(Problem("net", "Le montant hors TVA doit être plus grand que 0 €."))
    if draft.vat.cents < 0:
        problems.append(Problem("vat", "La TVA ne peut pas être négative : mettez 0 s'il n'y en a pas."))
    elif draft.net.cents > 0 and draft.vat.cents > draft.net.cents:
        problems.append(Problem("vat", "La TVA dépasse le montant hors TVA : vérifiez les deux montants du ticket."))
    if draft.activity_id is None and draft.document_id is None:
        problems.append(Problem("activity", "Choisissez le travail (devis ou facture) ou l'activité de cette dépense."))
    with context.database.unit_of_work(immediate=True) as session:
        if draft.activity_id is not None and session.get(Activity, draft.activity_id) is None:
            problems.append(Problem("activity", "Cette activité n'existe plus : choisissez-en une autre."))
        _job(session, draft.document_id, "document", problems)
        if problems:
            raise Refused(problems)
        expense = Expense(
            day=draft.day,
            label=label[:200],
            net_cents=draft.net.cents,
            vat_cents=draft.vat.cents,
            supplier=" ".join(draft.supplier.split())[:200],
            receipt_ref=" ".join(draft.receipt_ref.split())[:60],
            activity_id=draft.activity_id,
            document_id=draft.document_id,
            created_at=datetime.now(),
        )
        session.add(expense)
        session.flush()
        return expense.id


def list_expenses(context: Context, period: Period) -> tuple[ExpenseRow, ...]:
    """Expenses of a period, by date."""
    from kpa_local.domain.money import Money

    require(context, Permission.READ_WORK)
    with context.database.unit_of_work() as session:
        query = (
            select(Expense, Activity.name, Document.number)
            .outerjoin(Activity, Activity.id == Expense.activity_id)
            .outerjoin(Document, Document.id == Expense.document_id)
            .where(Expense.day >= period.start, Expense.day <= period.end)
            .order_by(Expense.day, Expense.id)
        )
        return tuple(
            ExpenseRow(
                e.id,
                e.day,
                e.label,
                Money(e.net_cents),
                Money(e.vat_cents),
                e.supplier,
                e.receipt_ref,
                number or activity or "",
            )
            for e, activity, number in session.execute(query)
        )


def people_for_hours(context: Context, day: date) -> tuple[tuple[int, str], ...]:
    """The people in the KPA on a day who may record hours (coopérant·es and bénévoles), by name."""
    from kpa_local.db.models import RoleSpell

    require(context, Permission.READ_WORK)
    with context.database.unit_of_work() as session:
        people = session.scalars(
            select(Person)
            .join(RoleSpell, RoleSpell.person_id == Person.id)
            .where(
                RoleSpell.role.in_(("cooperant", "benevole")),
                RoleSpell.start_date <= day,
                (RoleSpell.end_date.is_(None)) | (RoleSpell.end_date >= day),
                Person.entry_date <= day,
                (Person.exit_date.is_(None)) | (Person.exit_date >= day),
            )
            .distinct()
            .order_by(french(Person.first_name), french(Person.last_name))
        )
        return tuple((person.id, person_label(person)) for person in people)


def jobs_for_hours(context: Context, since: date) -> tuple[tuple[int, str], ...]:
    """Quotes and invoices written since a day, newest first, as « FA-2026-0003 · Client · subject »."""
    from kpa_local.db.models import Client

    require(context, Permission.READ_WORK)
    with context.database.unit_of_work() as session:
        rows = session.execute(
            select(Document.id, Document.number, Document.kind, Client.name, Document.title)
            .join(Client, Client.id == Document.client_id)
            .where((Document.issue_date >= since) | Document.issue_date.is_(None), Document.kind != "avoir")
            .order_by(Document.id.desc())
        )
        return tuple(
            (doc_id, " · ".join(part for part in (number or f"{kind} en préparation", client, title) if part))
            for doc_id, number, kind, client, title in rows
        )
