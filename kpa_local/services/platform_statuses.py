"""What the CAE's e-invoicing platform says became of each document: read back from its CSV, kept as a history.

The file is checked row by row and saved all at once or not at all, like the members import: one row in
error and nothing is recorded. A status already recorded (same document, status, day and reason) is
recognised and left as it is, so the same file can be read twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpa_local.db.models import Document, PlatformStatus
from kpa_local.domain.billing import INVOICE_KINDS, QUOTE
from kpa_local.domain.text import count_text, plural
from kpa_local.exchange.platform_csv import StatusRow, read_statuses_file
from kpa_local.fmt import date_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.billing_views import StatusView
from kpa_local.services.context import Context
from kpa_local.services.import_rows import ERROR, NEW, RowSorter
from kpa_local.services.views import ImportRowReport

KNOWN = "déjà connu"


@dataclass(frozen=True)
class StatusImport:
    """The row-by-row report of a statuses file, and what was recorded."""

    rows: tuple[ImportRowReport, ...]
    recorded: int
    known: int
    errors: int
    saved: bool
    message: str


@dataclass(frozen=True)
class _Issued:
    id: int
    kind: str
    issue_date: date


def _documents(session: Session, numbers: set[str]) -> dict[str, _Issued]:
    found = session.execute(
        select(Document.id, Document.number, Document.kind, Document.issue_date).where(Document.number.in_(numbers))
    ).all()
    return {number: _Issued(id_, kind, day) for id_, number, kind, day in found if number and day}


def _problems(row: StatusRow, document: _Issued | None) -> list[str]:
    problems = list(row.problems)
    if not row.number:
        return problems
    if document is None:
        problems.append(f"aucune facture ni aucun avoir émis ne porte le numéro « {row.number} » : vérifiez-le.")
    elif document.kind == QUOTE or document.kind not in INVOICE_KINDS:
        problems.append(f"« {row.number} » est un devis : la plateforme ne reçoit que les factures et les avoirs.")
    elif row.day is not None and row.day < document.issue_date:
        problems.append(
            f"le {date_fr(row.day)} est avant l'émission de {row.number} ({date_fr(document.issue_date)}) : "
            "vérifiez la date."
        )
    return problems


def import_statuses(context: Context, path: Path, *, dry_run: bool = False) -> StatusImport:
    """Check every row of the platform's statuses file; record the new statuses unless one row is wrong."""
    require(context, Permission.RECORD_PAYMENTS)
    rows = read_statuses_file(path, today=context.today())
    with context.database.unit_of_work(immediate=not dry_run) as session:
        documents = _documents(session, {row.number for row in rows if row.number})
        ids = [document.id for document in documents.values()]
        known = {
            (status.document_id, status.status, status.day, status.reason)
            for status in session.scalars(select(PlatformStatus).where(PlatformStatus.document_id.in_(ids)))
        }
        reports: list[ImportRowReport] = []
        sorter = RowSorter(known, (KNOWN, "Ce statut est déjà enregistré."), "Même statut qu'à la ligne {line}.")
        to_save: list[tuple[int, StatusRow]] = []
        for row in rows:
            document = documents.get(row.number)
            problems = _problems(row, document)
            if problems or document is None or row.status is None or row.day is None:
                reports.append(ImportRowReport(row.line, row.number, ERROR, tuple(problems)))
                continue
            reports.append(sorter.sort(row.line, row.number, (document.id, row.status, row.day, row.reason)))
            if reports[-1].outcome == NEW:
                to_save.append((document.id, row))
        errors = sum(1 for report in reports if report.outcome == ERROR)
        save = not dry_run and errors == 0 and bool(to_save)
        if save:
            now = datetime.now()
            for document_id, row in to_save:
                assert row.status is not None and row.day is not None
                session.add(PlatformStatus(document_id=document_id, status=row.status, day=row.day, reason=row.reason,
                                           source=path.name[:200], recorded_at=now,
                                           recorded_by=context.actor.name))  # fmt: skip
    already = sum(1 for report in reports if report.outcome == KNOWN)
    return StatusImport(
        rows=tuple(reports),
        recorded=len(to_save) if save else 0,
        known=already,
        errors=errors,
        saved=save,
        message=_summary(len(to_save), already, errors, save=save, dry_run=dry_run),
    )


def _summary(new: int, known: int, errors: int, *, save: bool, dry_run: bool) -> str:
    parts = [count_text(new, "nouveau statut", "nouveaux statuts")]
    if known:
        parts.append(count_text(known, "statut déjà enregistré", "statuts déjà enregistrés"))
    if errors:
        parts.append(count_text(errors, "ligne refusée", "lignes refusées"))
    counts = ", ".join(parts) + "."
    if dry_run:
        return f"Vérification seulement, rien n'a été enregistré : {counts}"
    if errors:
        fix = plural(errors, "la ligne refusée", "les lignes refusées")
        return f"Rien n'a été enregistré : {counts} Corrigez {fix} dans le fichier, puis recommencez."
    if save:
        return f"Suivi enregistré : {counts}"
    return f"Rien de nouveau à enregistrer : {counts}"


def statuses_of(session: Session, document_id: int) -> tuple[StatusView, ...]:
    """The history of a document on the platform, oldest first."""
    statuses = session.scalars(
        select(PlatformStatus)
        .where(PlatformStatus.document_id == document_id)
        .order_by(PlatformStatus.day, PlatformStatus.id)
    )
    return tuple(StatusView(status.day, status.status, status.reason) for status in statuses)
