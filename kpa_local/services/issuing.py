"""Issuing an invoice: its number, its date and its PDF are fixed in one transaction.

The write lock is taken first (BEGIN IMMEDIATE), so a second instance of the app waits
rather than reading the same last number; under that lock, issuing is refused while the
database is behind its witnesses (services.marks: it was replaced by an older copy) and when
a file already lies where the PDF goes. The PDF is rendered before the commit and written
*after* it, under a name that must not exist (an issued PDF is never replaced): if the
process dies before the commit, nothing was issued and nothing was written; if it dies
after, the database holds the number, the frozen content and the PDF's SHA-256, and the
file can be rendered again from them, identical (« kpa invoice pdf »). The marks file is
then moved to the new number.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpa_local.db.models import Document, DocumentPdf, FrozenContent
from kpa_local.documents.facturx_pdf import render_document
from kpa_local.domain.billing import (
    CREDIT_NOTE,
    DEPOSIT,
    INVOICE,
    INVOICE_KINDS,
    KIND_TITLES,
    PUBLIC_KIND,
    QUOTE,
    DocumentContent,
    StoredStatus,
    content_from_json,
    content_to_json,
    document_totals,
    future_service_problem,
    with_number,
)
from kpa_local.domain.deposits import deduction_lines
from kpa_local.domain.errors import KpaError, NotFound, Problem, Refused
from kpa_local.domain.lines import Line, check_lines
from kpa_local.domain.money import Money
from kpa_local.domain.public_buyers import PublicBuyer, missing_references
from kpa_local.files import FileRefused, file_digest, write_atomically, write_new
from kpa_local.fmt import date_fr, money_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import Change, append
from kpa_local.services.billing_views import IssuedDocument, IssuePreview
from kpa_local.services.content import build_content, line_from_row, refresh_search_text, service_dates, set_lines
from kpa_local.services.context import Context
from kpa_local.services.documents import check_credit_amount
from kpa_local.services.marks import refuse_if_rolled_back, save_marks
from kpa_local.services.numbers import next_number, peek_number
from kpa_local.services.rows import get_or_refuse


class PdfMismatch(KpaError):
    """A PDF on disk that is not the one recorded at issue."""


class PdfInTheWay(KpaError):
    """A file already lies where an issued document's PDF must be written."""


def _in_the_way(number: str, path: Path) -> PdfInTheWay:
    return PdfInTheWay(
        f"Le fichier {path} existe déjà : le PDF de {number} ne le remplacera pas (un PDF émis n'est jamais "
        "écrasé). Ne le supprimez pas : lancez « kpa check », qui dit à quel document il appartient, et "
        "prévenez la coordination."
    )


def pdf_path(context: Context, number: str, year: int, kind: str = INVOICE) -> Path:
    """Where a document's PDF lies: invoices/<year>/<number>.pdf (quotes under devis/)."""
    safe = number.replace("/", "_")
    folder = context.workspace.invoices_dir / str(year)
    return (folder / "devis" / f"{safe}.pdf") if kind == QUOTE else folder / f"{safe}.pdf"


def _digest_or_none(path: Path) -> str | None:
    """The SHA-256 of a PDF already written, None when it is not a regular file within its limit."""
    try:
        return file_digest(path)
    except FileRefused:
        return None


def _check_seller(context: Context) -> None:
    portage = context.settings.portage
    missing = [
        label
        for label, value in (
            ("le nom", portage.name),
            ("l'adresse", portage.address),
            ("la ville", portage.city),
            ("le SIRET", portage.siret),
            ("le SIREN", portage.siren),
        )
        if not value
    ]
    if not portage.vat_number and not context.settings.billing.franchise:
        missing.append("le numéro de TVA")
    if missing:
        raise Refused(
            [
                Problem(
                    None,
                    "Une facture doit porter l'identité complète de la structure de portage : "
                    f"indiquez {', '.join(missing)} dans les paramètres avant d'émettre.",
                )
            ]
        )


def _lines_at_issue(session: Session, invoice: Document) -> list[Line]:
    """The lines as issued: a final invoice deducts every issued deposit invoice of its quote."""
    lines = [line_from_row(row) for row in invoice.lines if not row.is_deduction]
    if invoice.kind != INVOICE or invoice.quote_id is None:
        return lines
    deposits = session.scalars(
        select(Document)
        .where(Document.quote_id == invoice.quote_id, Document.kind == DEPOSIT, Document.number.is_not(None))
        .order_by(Document.issue_date, Document.id)
    ).all()
    for deposit in deposits:
        designation = f"Acompte facturé, facture n° {deposit.number} du {date_fr(deposit.issue_date)}"
        lines.extend(deduction_lines(designation, [line_from_row(row) for row in deposit.lines]))
    return lines


def _prefix(context: Context, kind: str) -> str:
    billing = context.settings.billing
    return billing.credit_note_prefix if kind == CREDIT_NOTE else billing.invoice_prefix


def _draft_to_issue(session: Session, document_id: int, today: date) -> Document:
    document = get_or_refuse(session, Document, document_id, "Ce document n'existe plus.")
    if document.kind not in INVOICE_KINDS:
        raise Refused([Problem(None, "Un devis n'est pas émis : marquez-le envoyé, puis accepté.")])
    if document.number is not None:
        raise Refused([Problem(None, f"{KIND_TITLES[document.kind]} {document.number} est déjà émise.")])
    if document.client.archived:
        raise Refused([Problem(None, f"{document.client.name} est archivé : réactivez ce client pour émettre.")])
    future = future_service_problem(document.kind, *service_dates(session, document), today)
    if future:
        raise Refused([Problem("service_end" if document.service_end else "service_start", future)])
    client = document.client
    if client.kind == PUBLIC_KIND:
        buyer = PublicBuyer(client.name, client.siret, client.service_code, client.requires_service_code,
                            client.requires_order_number)  # fmt: skip
        missing = missing_references(buyer, document.buyer_reference, document.order_number)
        if missing:
            raise Refused(missing)
    return document


def issue_preview(context: Context, document_id: int) -> IssuePreview:
    """What issuing a draft would do, to confirm it: the number it would take and the amount, nothing written."""
    require(context, Permission.ISSUE_INVOICES)
    with context.database.unit_of_work() as session:
        document = _draft_to_issue(session, document_id, context.today())
        lines = _lines_at_issue(session, document)
        totals = document_totals(lines, franchise=context.settings.billing.franchise)
        deductions = [line for line in lines if line.is_deduction]
        deposits = document_totals(deductions, franchise=context.settings.billing.franchise).with_vat
        number = peek_number(
            session, _prefix(context, document.kind), context.settings.billing.number_format, context.today()
        )
        return IssuePreview(document.id, document.kind, number, document.client.name, totals.with_vat, -deposits)


def issue_question(preview: IssuePreview) -> str:
    """The question asked before issuing: the number, the amount, and that it is final."""
    if preview.kind == CREDIT_NOTE:
        return (
            f"Émettre l'avoir {preview.number} pour {preview.client_name} : {money_fr(preview.amount.cents)} "
            "en faveur du client. Un avoir émis ne peut plus être modifié : une erreur se corrige par une "
            "nouvelle facture."
        )
    what = "la facture d'acompte" if preview.kind == DEPOSIT else "la facture"
    deducted = f" (acomptes déjà facturés déduits : {money_fr(preview.deposits.cents)})" if preview.deposits else ""
    return (
        f"Émettre {what} {preview.number} pour {preview.client_name} : {money_fr(preview.amount.cents)} à payer"
        f"{deducted}. Une facture émise ne peut plus être modifiée : une erreur se corrige par un avoir."
    )


def issue_document(context: Context, document_id: int, *, expected_number: str | None = None) -> IssuedDocument:
    """Give a draft invoice, deposit invoice or credit note its number and date, and write its PDF.

    `expected_number` is the number the person confirmed: if another document took it meanwhile,
    nothing is issued and they are asked to confirm again.
    """
    require(context, Permission.ISSUE_INVOICES)
    _check_seller(context)
    today = context.today()
    with context.database.unit_of_work(immediate=True) as session:
        refuse_if_rolled_back(context)
        document = _draft_to_issue(session, document_id, today)
        set_lines(document, _lines_at_issue(session, document), franchise=context.settings.billing.franchise)
        check_lines(tuple(line_from_row(row) for row in document.lines))
        if document.kind == CREDIT_NOTE:
            check_credit_amount(session, document, Money(document.total_cents))
        number, series, year, seq = next_number(
            session, _prefix(context, document.kind), context.settings.billing.number_format, today
        )
        if expected_number is not None and number != expected_number:
            raise Refused(
                [
                    Problem(
                        None,
                        f"Le numéro {expected_number} vient d'être donné à un autre document : celui-ci prendrait "
                        f"{number}. Rien n'est émis ; relisez la confirmation et émettez de nouveau.",
                    )
                ]
            )
        due = None if document.kind == CREDIT_NOTE else today + timedelta(days=context.settings.billing.payment_days)
        content = with_number(build_content(session, document, context.settings, today), number, today, due)
        path = pdf_path(context, number, today.year)
        if path.exists():
            raise _in_the_way(number, path)
        pdf = render_document(content, _logo(context))
        digest = hashlib.sha256(pdf).hexdigest()
        document.number, document.series, document.year, document.seq = number, series, year, seq
        document.buyer_reference = content.buyer_reference  # as printed: perhaps the client's service code
        document.issue_date = today
        document.due_date = due
        document.status = StoredStatus.ISSUED
        session.add(FrozenContent(document_id=document.id, content_json=content_to_json(content)))
        document.pdf_sha256 = digest
        document.issued_at = context.database.now()  # the server's clock when computers share one
        refresh_search_text(session, document)
        session.flush()
        if context.database.on_server:  # the legal original, for every computer of the KPA
            session.add(DocumentPdf(document_id=document.id, sha256=digest, pdf=pdf))
        issued = Change(f"{document.kind}.emission", number, ("number", "issue_date"))
        append(session.connection(), context.actor, [issued])
        result = IssuedDocument(document.id, number, today, str(path), digest)
    save_marks(context)
    try:
        write_new(path, pdf)
    except FileExistsError:
        raise _in_the_way(number, path) from None
    return result


def _logo(context: Context) -> Path | None:
    logo = context.settings.billing.logo
    return (context.workspace.root / logo) if logo else None


def document_pdf(context: Context, document_id: int) -> tuple[bytes, str]:
    """The PDF of any document and its file name; an issued one is checked against its recorded hash."""
    require(context, Permission.READ_BILLING)
    with context.database.unit_of_work() as session:
        document = get_or_refuse(session, Document, document_id, "Ce document n'existe plus.")
        content = build_content(session, document, context.settings, context.today())
        issued_hash = document.pdf_sha256 if document.kind != QUOTE else None
        name = (document.number or f"brouillon-{document.id}").replace("/", "_") + ".pdf"
    pdf = render_document(content, _logo(context))
    if issued_hash and hashlib.sha256(pdf).hexdigest() != issued_hash:
        raise PdfMismatch(
            f"Le document {content.number} rendu à nouveau ne correspond plus à celui émis "
            "(la version des outils PDF a changé) : utilisez le fichier du dossier invoices/."
        )
    return pdf, name


def write_document_pdf(context: Context, document_id: int) -> Path:
    """Write (or restore) the PDF of a document on disk and return its path."""
    with context.database.unit_of_work() as session:
        document = get_or_refuse(session, Document, document_id, "Ce document n'existe plus.")
        number, kind = document.number, document.kind
        day = document.issue_date or context.today()
        stored_hash = document.pdf_sha256
    if number and kind != QUOTE:
        path = pdf_path(context, number, day.year)
        if path.is_file() and _digest_or_none(path) == stored_hash:
            keep_original(context, document_id, path.read_bytes())
            return path
        original = stored_original(context, document_id, stored_hash)
        if original is not None:  # issued on another computer: its original, from the server
            write_atomically(path, original)
            return path
    pdf, name = document_pdf(context, document_id)
    path = pdf_path(context, number, day.year, kind) if number else context.workspace.exports_dir / name
    write_atomically(path, pdf)
    return path


def stored_original(context: Context, document_id: int, stored_hash: str | None) -> bytes | None:
    """On a server, the issued PDF kept in the database, if it is still the one whose hash was recorded."""
    if not context.database.on_server or not stored_hash:
        return None
    rows = context.database.read("SELECT pdf FROM document_pdf WHERE document_id = :id", {"id": document_id})
    if not rows:
        return None
    pdf = bytes(rows[0][0])
    return pdf if hashlib.sha256(pdf).hexdigest() == stored_hash else None


def keep_original(context: Context, document_id: int, pdf: bytes) -> None:
    """On a server, keep an issued PDF found on this computer as the original, when the server has none."""
    if not context.database.on_server:
        return
    with context.database.unit_of_work() as session:
        document = session.get(Document, document_id)
        if document is None or not document.pdf_sha256 or hashlib.sha256(pdf).hexdigest() != document.pdf_sha256:
            return
        if session.get(DocumentPdf, document_id) is None:
            session.add(DocumentPdf(document_id=document_id, sha256=document.pdf_sha256, pdf=pdf))


def content_of(context: Context, document_id: int) -> DocumentContent:
    """What a document shows (frozen once issued)."""
    require(context, Permission.READ_BILLING)
    with context.database.unit_of_work() as session:
        document = get_or_refuse(session, Document, document_id, "Ce document n'existe plus.")
        return build_content(session, document, context.settings, context.today())


def document_id_by_number(context: Context, number: str) -> int:
    """The id of the document that has this number."""
    require(context, Permission.READ_BILLING)
    rows = context.database.read("SELECT id FROM document WHERE number = :number", {"number": number.strip()})
    if not rows:
        raise NotFound(f"Aucun document ne porte le numéro « {number.strip()} » : vérifiez-le (ex. FA-2026-0007).")
    return int(rows[0][0])


@dataclass(frozen=True)
class RenderReport:
    """What a batch of PDFs rendered again gave."""

    checked: int
    restored: int
    mismatched: tuple[str, ...]


def _render_frozen(job: tuple[str, str | None]) -> bytes:
    """Render one frozen content (in a worker process of a batch)."""
    content_json, logo = job
    return render_document(content_from_json(content_json), Path(logo) if logo else None)


def render_issued(
    context: Context, progress: Callable[[int, int], None] | None = None, *, processes: int | None = None
) -> RenderReport:
    """Render every issued document again from its frozen content, check it against its recorded hash,
    and write back any PDF missing from invoices/.

    Long work: the pages are drawn by several processes at once (one per processor), and progress
    is reported after each document.
    """
    require(context, Permission.READ_BILLING)
    rows = context.database.read(
        "SELECT d.id, d.number, d.issue_date, d.pdf_sha256, f.content_json "
        "FROM document d JOIN frozen_content f ON f.document_id = d.id ORDER BY d.issue_date, d.id"
    )
    logo = _logo(context)
    jobs = [(content_json, str(logo) if logo else None) for *_, content_json in rows]
    restored = 0
    mismatched: list[str] = []
    workers = processes or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 and len(jobs) > 20 else nullcontext() as pool:
        rendered = pool.map(_render_frozen, jobs, chunksize=8) if pool else map(_render_frozen, jobs)
        for index, (row, pdf) in enumerate(zip(rows, rendered, strict=True), start=1):
            _doc_id, number, issue_date, stored_hash, _ = row
            if hashlib.sha256(pdf).hexdigest() != stored_hash:
                mismatched.append(number)
            else:
                path = pdf_path(context, number, int(str(issue_date)[:4]))
                if not path.is_file() or _digest_or_none(path) != stored_hash:
                    write_atomically(path, pdf)
                    restored += 1
            if progress is not None:
                progress(index, len(rows))
    return RenderReport(len(rows), restored, tuple(mismatched))
