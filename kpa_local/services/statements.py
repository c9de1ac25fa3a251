"""Quarterly statements (relevés trimestriels): for one person or everyone, as PDFs in exports/."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpa_local.db.french_order import french
from kpa_local.db.models import Person, Sharing, SharingShare, WorkEntry
from kpa_local.domain.dates import Quarter
from kpa_local.domain.errors import NotFound, Problem, Refused
from kpa_local.domain.money import Money
from kpa_local.domain.periods import Period
from kpa_local.domain.statements import DecidedShare, Statement, StatementMonth
from kpa_local.files import write_private
from kpa_local.services.access import Permission, may, require, require_person
from kpa_local.services.context import Context
from kpa_local.services.work import person_label

Progress = Callable[[int, int], None]
# Below this many statements, drawing them in this process is quicker than starting others.
POOL_THRESHOLD = 24


def _month_of(day: date) -> date:
    return date(day.year, day.month, 1)


def _statements(session: Session, context: Context, quarter: Quarter, ids: Sequence[int] | None) -> list[Statement]:
    period = Period.quarter(quarter)
    hours = select(WorkEntry.person_id, WorkEntry.day, WorkEntry.minutes).where(
        WorkEntry.day >= period.start, WorkEntry.day <= period.end
    )
    shares = (
        select(SharingShare.person_id, Sharing.period_start, Sharing.period_end, Sharing.decided_on,
               SharingShare.amount_cents)
        .join(Sharing, Sharing.id == SharingShare.sharing_id)
        .where(Sharing.decided_on >= period.start, Sharing.decided_on <= period.end)
        .order_by(Sharing.decided_on, Sharing.period_start)
    )  # fmt: skip
    if ids is not None:
        hours = hours.where(WorkEntry.person_id.in_(ids))
        shares = shares.where(SharingShare.person_id.in_(ids))
    minutes: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for person_id, day, worked in session.execute(hours):
        minutes[person_id][_month_of(day)] += worked
    decided: dict[int, dict[date, list[DecidedShare]]] = defaultdict(lambda: defaultdict(list))
    for person_id, start, end, decided_on, cents in session.execute(shares):
        label = Period(start, end).label
        decided[person_id][_month_of(decided_on)].append(DecidedShare(label, decided_on, Money(cents)))
    wanted = set(ids) if ids is not None else set(minutes) | set(decided)
    people = session.scalars(
        select(Person).where(Person.id.in_(wanted)).order_by(french(Person.last_name), french(Person.first_name))
    )
    settings = context.settings
    portage = settings.portage
    town = f"{portage.postal_code} {portage.city}".strip()
    cae_address = ", ".join(part for part in (*portage.address.splitlines(), town) if part.strip())
    return [
        Statement(
            kpa_name=settings.kpa.name,
            cae_name=settings.portage.name,
            cae_siret=settings.portage.siret,
            cae_address=cae_address,
            person_id=person.id,
            person_name=person_label(person),
            quarter_label=period.label,
            quarter_code=quarter.label,
            months=tuple(
                StatementMonth(
                    month.start, minutes[person.id].get(month.start, 0), tuple(decided[person.id].get(month.start, ()))
                )
                for month in period.months()
            ),
            issued_on=context.today(),
        )
        for person in people
    ]


def statement_for(context: Context, person_id: int, quarter: Quarter) -> Statement:
    """The statement of one person (a coopérant·e may ask for their own)."""
    require(context, Permission.READ_WORK)
    require_person(context, person_id)
    with context.database.unit_of_work() as session:
        statements = _statements(session, context, quarter, [person_id])
    if not statements:
        raise NotFound("Cette personne n'existe plus.")
    return statements[0]


def _render(statement: Statement) -> bytes:
    from kpa_local.documents.statement_pdf import render_statement

    return render_statement(statement)


def require_cae(context: Context, document: str = "Un relevé") -> None:
    """Refuse a document for the sums the CAE pays (`document`: « Un relevé ») while the CAE has no name or SIRET."""
    portage = context.settings.portage
    missing = [label for label, value in (("le nom", portage.name), ("le SIRET", portage.siret)) if not value]
    if missing:
        raise Refused(
            [
                Problem(
                    None,
                    f"{document} doit nommer la coopérative (CAE) qui verse les sommes : indiquez "
                    f"{' et '.join(missing)} de la structure de portage dans les paramètres, puis recommencez.",
                )
            ]
        )


def statement_path(context: Context, statement: Statement) -> Path:
    """exports/releves-2026Q3/releve-2026Q3-12.pdf: the person's number, never their name, in the file's name."""
    folder = context.workspace.exports_dir / f"releves-{statement.quarter_code}"
    return folder / f"releve-{statement.quarter_code}-{statement.person_id}.pdf"


def write_statements(
    context: Context,
    quarter: Quarter,
    person_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
    *,
    processes: int | None = None,
) -> tuple[Path, ...]:
    """Write the statements of the quarter (of everyone who worked or received a share, or of the people
    named), one PDF per person; progress is reported after each one. Return their paths."""
    require(context, Permission.READ_WORK)
    own = context.actor.person_id
    if person_ids != [own] and not may(context, Permission.ALL_STATEMENTS):
        require(context, Permission.ALL_STATEMENTS)
    require_cae(context)
    with context.database.unit_of_work() as session:
        if person_ids is not None:
            known = set(session.scalars(select(Person.id).where(Person.id.in_(person_ids))))
            if missing := [pid for pid in person_ids if pid not in known]:
                raise NotFound(f"Aucune personne n'a le numéro {missing[0]}.")
        statements = _statements(session, context, quarter, person_ids)
    if not statements:
        raise Refused(
            [
                Problem(
                    None,
                    f"Personne n'a d'heures ni de part décidée au {Period.quarter(quarter).label} : "
                    "il n'y a pas de relevé à écrire.",
                )
            ]
        )
    workers = processes or os.cpu_count() or 1
    paths = []
    use_pool = workers > 1 and (processes is not None or len(statements) > POOL_THRESHOLD)
    with ProcessPoolExecutor(max_workers=workers) if use_pool else nullcontext() as pool:
        rendered = pool.map(_render, statements, chunksize=4) if pool else map(_render, statements)
        for index, (statement, pdf) in enumerate(zip(statements, rendered, strict=True), start=1):
            path = statement_path(context, statement)
            write_private(path, pdf)
            paths.append(path)
            if progress is not None:
                progress(index, len(statements))
    return tuple(paths)


def people_with_work(context: Context, quarter: Quarter) -> int:
    """How many people would get a statement for the quarter."""
    require(context, Permission.READ_WORK)
    period = Period.quarter(quarter)
    rows = context.database.read(
        "SELECT count(*) FROM (SELECT person_id FROM work_entry WHERE day BETWEEN :start AND :end "
        "UNION SELECT s.person_id FROM sharing_share s JOIN sharing r ON r.id = s.sharing_id "
        "WHERE r.decided_on BETWEEN :start AND :end)",
        {"start": period.start.isoformat(), "end": period.end.isoformat()},
    )
    return int(rows[0][0])
