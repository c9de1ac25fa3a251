"""The hand-over to the CAE's e-invoicing platform: every issued document of a period, as its legal original.

A folder (or one ZIP file) holds the Factur-X PDF of each invoice, deposit invoice and credit note issued in
the period — the file written at issue, checked against the SHA-256 recorded then — with a manifest of them
and, for sales to clients without a SIREN (private people), the daily totals per VAT rate that e-reporting
needs. Nothing is sent anywhere: the CAE takes the folder to its platform. Layouts: docs/facturation.md.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from kpa_local.db.models import Document
from kpa_local.domain.billing import CLIENT_KINDS, CREDIT_NOTE, INVOICE_KINDS, KIND_TITLES, DocumentContent
from kpa_local.domain.errors import KpaError
from kpa_local.domain.money import Money
from kpa_local.domain.vat import vat_label
from kpa_local.exchange.csv_safe import amount_cell, csv_text
from kpa_local.files import FileRefused, read_bounded, write_private, writing_into
from kpa_local.fmt import date_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.content import build_content
from kpa_local.services.context import Context
from kpa_local.services.issuing import pdf_path
from kpa_local.services.journals import AMOUNTS_HEADER, amount_cells, check_period

MANIFEST_NAME = "manifeste.csv"
DAILY_NAME = "e-reporting-particuliers.csv"
MANIFEST_HEADER = (
    "Fichier", "Numéro", "Type", "Date", "Client", "Genre de client", "SIREN du client", "SIRET du client",
    "Circuit", "Référence acheteur", "N° d'engagement", *AMOUNTS_HEADER, "Facture corrigée", "SHA-256",
)  # fmt: skip
DAILY_HEADER = ("Date", "Taux de TVA", "Base HT", "TVA", "Total TTC", "Nombre de documents")
E_INVOICING = "facture électronique"
E_REPORTING = "e-reporting"
PDF_LIMIT = 100 * 1024 * 1024


@dataclass(frozen=True)
class HandedDocument:
    """One issued document of the period, its legal original read and checked."""

    number: str
    kind: str
    content: DocumentContent
    pdf: bytes
    sha256: str

    @property
    def file_name(self) -> str:
        """Its file in the hand-over: its number, as in invoices/."""
        return self.number.replace("/", "_") + ".pdf"

    @property
    def reported(self) -> bool:
        """Whether it goes to e-reporting (a client without SIREN, a private person) rather than e-invoicing."""
        return not self.content.client.siren


@dataclass(frozen=True)
class Handover:
    """What was written: where, how many documents, how many of them to private people, and their total."""

    path: Path
    document_count: int
    reported_count: int
    day_rows: int
    total: Money  # including VAT, credit notes taken off


def _issued(context: Context, date_from: date, date_to: date) -> list[HandedDocument]:
    """Every document issued in the period, in issue order, its PDF the one recorded at issue."""
    handed: list[HandedDocument] = []
    with context.database.unit_of_work() as session:
        documents = session.scalars(
            select(Document)
            .where(Document.number.is_not(None), Document.kind.in_(INVOICE_KINDS))
            .where(Document.issue_date >= date_from, Document.issue_date <= date_to)
            .order_by(Document.issue_date, Document.issued_at, Document.id)
        ).all()
        rows = [
            (document.number or "", document.kind, document.issue_date or date_from, document.pdf_sha256 or "",
             build_content(session, document, context.settings, context.today()))
            for document in documents
        ]  # fmt: skip
    for number, kind, day, recorded, content in rows:
        pdf = _original(context, number, day, recorded)
        handed.append(HandedDocument(number, kind, content, pdf, recorded))
    return handed


def _original(context: Context, number: str, day: date, recorded: str) -> bytes:
    """The PDF written at issue, refused when it is missing or is not the one recorded."""
    path = pdf_path(context, number, day.year)
    redo = "lancez « kpa invoices pdfs », qui le réécrit depuis la base, puis recommencez. Rien n'a été écrit."
    try:
        pdf = read_bounded(path, PDF_LIMIT)
    except FileRefused:
        raise KpaError(f"Le PDF de {number} manque dans {path.parent} : {redo}") from None
    if hashlib.sha256(pdf).hexdigest() != recorded:
        raise KpaError(
            f"Le fichier {path} n'est plus celui émis pour {number} (son empreinte SHA-256 a changé) : ne le "
            f"remettez pas à la plateforme ; {redo}"
        )
    return pdf


def _manifest_row(document: HandedDocument) -> list[str]:
    content = document.content
    client = content.client
    corrected = content.references[0].number if document.kind == CREDIT_NOTE and content.references else ""
    return [
        document.file_name, document.number, KIND_TITLES[document.kind], date_fr(content.issue_date),
        client.name, CLIENT_KINDS.get(content.client_kind, content.client_kind), client.siren, client.siret,
        E_REPORTING if document.reported else E_INVOICING, content.buyer_reference, content.order_number,
        *amount_cells(content), corrected, document.sha256,
    ]  # fmt: skip


def daily_totals(documents: list[HandedDocument]) -> list[list[str]]:
    """The sales to private people added up per day and VAT rate (credit notes taken off), for e-reporting."""
    sums: dict[tuple[date, Decimal], list[int]] = {}
    for document in documents:
        if not document.reported:
            continue
        sign = -1 if document.kind == CREDIT_NOTE else 1
        for group in document.content.totals.groups:
            key = (document.content.issue_date, group.rate)
            base, vat, count = sums.setdefault(key, [0, 0, 0])
            sums[key] = [base + sign * group.base.cents, vat + sign * group.vat.cents, count + 1]
    return [
        [date_fr(day), vat_label(rate), amount_cell(base), amount_cell(vat), amount_cell(base + vat), str(count)]
        for (day, rate), (base, vat, count) in sorted(sums.items(), key=lambda item: (item[0][0], -item[0][1]))
    ]


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            # A fixed date: the same hand-over gives the same archive, byte for byte.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _write_folder(place: Path, files: dict[str, bytes]) -> None:
    """The folder appears whole or not at all: written beside its name, then renamed."""
    import shutil

    writing = place.with_name(f".{place.name}.en-cours")
    shutil.rmtree(writing, ignore_errors=True)  # left by a hand-over that was cut off
    for name, data in files.items():
        write_private(writing / name, data)
    writing.rename(place)


def hand_over(
    context: Context, date_from: date, date_to: date, folder: Path | None = None, *, as_zip: bool = False
) -> Handover:
    """Write the hand-over of a period for the CAE's platform: a new folder, or a ZIP file, in `folder`."""
    require(context, Permission.EXPORT_JOURNALS)
    check_period(date_from, date_to)
    documents = _issued(context, date_from, date_to)
    if not documents:
        raise KpaError(
            f"Aucune facture ni aucun avoir n'a été émis du {date_fr(date_from)} au {date_fr(date_to)} : "
            "rien à remettre à la plateforme."
        )
    stem = f"remise-plateforme_{date_from.isoformat()}_{date_to.isoformat()}"
    place = (folder or context.workspace.exports_dir) / (f"{stem}.zip" if as_zip else stem)
    if place.exists():
        raise KpaError(
            f"{place} existe déjà (une remise de la même période) : déplacez-le ou renommez-le si la plateforme "
            "l'a déjà reçu, ou choisissez un autre dossier avec --folder. Rien n'a été écrit."
        )
    day_rows = daily_totals(documents)
    files = {document.file_name: document.pdf for document in documents}
    files[MANIFEST_NAME] = ("\ufeff" + csv_text(MANIFEST_HEADER, map(_manifest_row, documents))).encode("utf-8")
    files[DAILY_NAME] = ("\ufeff" + csv_text(DAILY_HEADER, day_rows)).encode("utf-8")
    with writing_into(place.parent):
        if as_zip:
            write_private(place, _zip(files))
        else:
            _write_folder(place, files)
    record_action(context, "export.remise_plateforme", stem, (f"{len(documents)} documents",))
    total = sum((-1 if d.kind == CREDIT_NOTE else 1) * d.content.totals.with_vat.cents for d in documents)
    reported = sum(1 for document in documents if document.reported)
    return Handover(place, len(documents), reported, len(day_rows), Money(total))
