"""After the database was replaced by an older copy: re-enter the lost documents from their PDFs, resume the series.

Coordination decides (« kpa check --recover »). Each document issued since the copy is
re-created from the Factur-X data of its own PDF in invoices/ — same number, same date, same
lines and totals, its PDF's fingerprint — and written in the journal as re-entered. A number
whose PDF is missing or unreadable stays a gap, explained in the journal. Each series then
resumes after the highest number ever issued: a number is never given twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpa_local.db.models import Client, Document, FrozenContent, NumberSeries
from kpa_local.documents.facturx_read import UnreadableInvoice, content_from_pdf
from kpa_local.domain.billing import DocumentContent, StoredStatus, content_to_json
from kpa_local.domain.marks import LostRange
from kpa_local.domain.numbering import format_number
from kpa_local.files import FileRefused, read_bounded
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import Change, append
from kpa_local.services.content import refresh_search_text, set_lines
from kpa_local.services.context import Context
from kpa_local.services.marks import check_rollback, issued_pdfs, read_marks, save_marks


@dataclass(frozen=True)
class RecoveryReport:
    """What a recovery did: the numbers re-entered, those left as gaps (and why), where each series resumes."""

    reentered: tuple[str, ...]
    gaps: tuple[tuple[str, str], ...]
    resumed_after: tuple[str, ...]
    journal_cut: str


def _client(session: Session, content: DocumentContent) -> int:
    """The client of the same name, or a new one made from the PDF's buyer."""
    party = content.client
    found = session.scalars(select(Client.id).where(Client.name == party.name).order_by(Client.id)).first()
    if found is not None:
        return int(found)
    client = Client(
        kind=content.client_kind, name=party.name[:200], address=party.address[:300],
        postal_code=party.postal_code[:10], city=party.city[:100], country=(party.country or "FR")[:2],
        siren=party.siren[:9], siret=party.siret[:14], vat_number=party.vat_number[:20], created_at=datetime.now(),
    )  # fmt: skip
    session.add(client)
    session.flush()
    return client.id


def _document_numbered(session: Session, number: str) -> int | None:
    """The document that bears a number (the invoice a credit note corrects, the quote a deposit comes from)."""
    return session.scalars(select(Document.id).where(Document.number == number)).first()


def _reenter(session: Session, content: DocumentContent, lost: LostRange, seq: int, digest: str) -> None:
    """The issued document again, as its PDF shows it (a draft first: issued rows cannot change)."""
    document = Document(
        kind=content.kind, status=StoredStatus.DRAFT, client_id=_client(session, content), title=content.title,
        work_place=content.work_place, notes=content.notes, buyer_reference=content.buyer_reference[:100],
        order_number=content.order_number[:50], created_at=datetime.now(),
    )  # fmt: skip
    session.add(document)
    set_lines(document, content.lines, franchise=content.terms.franchise)
    session.flush()
    corrected = [ref.number for ref in content.references]
    corrects_id = _document_numbered(session, corrected[0]) if corrected else None
    quote_id = _document_numbered(session, content.quote_number) if content.quote_number else None
    with session.no_autoflush:  # one UPDATE gives it its number: an issued row cannot change afterwards
        document.corrects_id, document.quote_id = corrects_id, quote_id
        document.number, document.series, document.year, document.seq = content.number, lost.prefix, lost.year, seq
        document.issue_date, document.due_date = content.issue_date, content.due_date
        document.service_start, document.service_end = content.service_start, content.service_end
        document.status = StoredStatus.ISSUED
        document.pdf_sha256 = digest
        document.issued_at = datetime.now()
        refresh_search_text(session, document)
        session.add(FrozenContent(document_id=document.id, content_json=content_to_json(content)))
    session.flush()


def _resume(session: Session, lost: LostRange, last_day: date) -> None:
    """Move the series' counter to the highest number ever issued, one number at a time (as its trigger asks)."""
    row = session.get(NumberSeries, (lost.prefix, lost.year))
    if row is None:
        session.add(NumberSeries(series=lost.prefix, year=lost.year, last_seq=lost.last_seq, last_issue_date=last_day))
        session.flush()
        return
    first_step = True
    while row.last_seq < lost.last_seq:
        row.last_seq += 1
        if first_step:
            row.last_issue_date = max(row.last_issue_date, last_day)
            first_step = False
        session.flush()


def recover(context: Context) -> RecoveryReport:
    """Re-enter from their PDFs the documents the database lost, then resume each series after its highest number."""
    require(context, Permission.RESTORE)
    rollback = check_rollback(context)
    if rollback is None:
        return RecoveryReport((), (), (), "")
    pdfs = issued_pdfs(context)
    pattern = context.settings.billing.number_format
    reentered: list[str] = []
    gaps: list[tuple[str, str]] = []
    changes: list[Change] = []
    with context.database.unit_of_work(immediate=True) as session:
        for lost in rollback.lost:
            last_day = date.min
            for seq in range(lost.first_seq, lost.last_seq + 1):
                path = pdfs.get((lost.prefix, lost.year, seq))
                number = format_number(pattern, lost.prefix, lost.year or context.today().year, seq)
                try:
                    content, digest = _read(path, number)
                except UnreadableInvoice as unreadable:
                    gaps.append((number, unreadable.message))
                    changes.append(Change("serie.trou", number, (unreadable.message,)))
                    continue
                _reenter(session, content, lost, seq, digest)
                last_day = max(last_day, content.issue_date)
                reentered.append(number)
                changes.append(Change(f"{content.kind}.ressaisie", number, ("depuis son PDF",)))
            _resume(session, lost, last_day if last_day != date.min else context.today())
            changes.append(Change("serie.reprise", f"{lost.prefix} {lost.year or ''}".strip(),
                                  (f"après {lost.last_number}",)))  # fmt: skip
        saved = read_marks(context.workspace).journal
        if rollback.journal_text and saved is not None:
            changes.append(Change("journal.coupe", f"jusqu'à l'entrée n° {saved.last_id}", ("reprise décidée",)))
        append(session.connection(), context.actor, changes)
    save_marks(context, anchor_journal=True)
    return RecoveryReport(
        tuple(reentered), tuple(gaps), tuple(lost.last_number for lost in rollback.lost), rollback.journal_text
    )


def _read(path: Path | None, number: str) -> tuple[DocumentContent, str]:
    if path is None:
        raise UnreadableInvoice(f"Le PDF de {number} n'est pas dans le dossier invoices/.")
    from kpa_local.documents.facturx_read import MAX_PDF_BYTES

    try:
        pdf = read_bounded(path, MAX_PDF_BYTES)  # bounded while reading: the file may be anything
    except FileRefused as error:
        raise UnreadableInvoice(f"Le PDF de {number} ne se lit pas : {error.message}") from None
    except OSError as error:  # a disk that fails in the middle of the read
        raise UnreadableInvoice(f"Le PDF de {number} ne se lit pas ({error.strerror}).") from None
    return content_from_pdf(pdf, number), hashlib.sha256(pdf).hexdigest()


def recovery_lines(report: RecoveryReport) -> list[str]:
    """What a recovery did, in French, one sentence a line."""
    if not (report.reentered or report.gaps or report.journal_cut):
        return ["La base n'est en retard sur aucun témoin : il n'y a rien à reprendre."]
    lines = [f"{number} ressaisie depuis son PDF." for number in report.reentered]
    lines += [
        f"{number} n'a pas pu être ressaisie : {reason} Le numéro reste un trou, expliqué dans le journal."
        for number, reason in report.gaps
    ]
    if report.journal_cut:
        lines.append(f"Journal : {report.journal_cut} ; la coupure est écrite dans le journal.")
    if report.reentered:
        lines.append(
            "Les paiements enregistrés depuis la copie ne sont pas dans les PDF : vérifiez ce qui reste dû sur "
            "ces factures et enregistrez-les à nouveau."
        )
    if report.resumed_after:
        lines.append(f"La numérotation reprend après {', '.join(report.resumed_after)}.")
    return lines
