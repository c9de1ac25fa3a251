"""The billing part of the `kpa` command: invoices, journals and PDFs for scripts and the accountant."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpa_local.cli.french import action_group, record_number
from kpa_local.cli.prompts import confirm
from kpa_local.cli.session import on_open_kpa
from kpa_local.domain.billing import ShownStatus
from kpa_local.domain.errors import KpaError
from kpa_local.domain.text import count_text, plural

if TYPE_CHECKING:
    from kpa_local.services.context import Context


def add_billing_commands(commands: Any) -> None:
    """Add `kpa invoice …`, `kpa invoices …` and `kpa clients list`."""
    invoice = action_group(commands, "invoice", "une facture, un devis ou un avoir")
    pdf = invoice.add_parser("pdf", help="écrire le PDF d'un document (par son numéro)")
    pdf.add_argument("number", metavar="NUMÉRO", help="par exemple FA-2026-0007")
    pdf.add_argument("--out", metavar="FICHIER", help="où l'écrire (sinon dans invoices/)")
    pdf.set_defaults(run=on_open_kpa(_pdf))
    issue = invoice.add_parser("issue", help="émettre une facture brouillon (définitif)")
    issue.add_argument(
        "id",
        type=record_number,
        metavar="BROUILLON",
        help="son numéro interne (voir « kpa invoices list »)",
    )
    issue.add_argument("--yes", action="store_true", help="émettre sans demander confirmation (scripts)")
    issue.set_defaults(run=on_open_kpa(_issue))
    pay = invoice.add_parser("pay", help="enregistrer un paiement")
    pay.add_argument("number", metavar="NUMÉRO")
    pay.add_argument("--amount", required=True, metavar="MONTANT", help="par exemple 120,50")
    pay.add_argument("--method", required=True, choices=["virement", "cheque", "especes", "carte"])
    pay.add_argument("--date", metavar="JJ/MM/AAAA", help="jour du paiement (aujourd'hui sinon)")
    pay.add_argument("--reference", default="", metavar="TEXTE", help="numéro du chèque, libellé du virement…")
    pay.set_defaults(run=on_open_kpa(_pay))

    invoices = action_group(commands, "invoices", "les factures")
    listing = invoices.add_parser("list", help="lister les factures et avoirs (ou les devis)")
    listing.add_argument("--quotes", action="store_true", help="les devis au lieu des factures")
    listing.add_argument(
        "--status",
        default="",
        metavar="ÉTAT",
        help=f"{ShownStatus.DRAFT}, {ShownStatus.ISSUED}, {ShownStatus.PAID}, {ShownStatus.LATE}…",
    )
    listing.add_argument("--overdue", action="store_true", help="seulement ce qui est en retard")
    listing.add_argument("--search", default="", metavar="TEXTE", help="numéro, client ou objet")
    listing.set_defaults(run=on_open_kpa(_list))
    export = invoices.add_parser("export", help="journaux des ventes et des paiements pour le comptable (CSV)")
    _period_and_folder(export)
    export.set_defaults(run=on_open_kpa(_journals))
    fec = invoices.add_parser("fec", help="écritures comptables de la période au format FEC, pour le comptable")
    _period_and_folder(fec, last_day="le dernier jour, qui nomme le fichier")
    fec.set_defaults(run=on_open_kpa(_fec))
    handover = invoices.add_parser(
        "handover", help="remettre à la plateforme de la CAE les factures et avoirs émis de la période (Factur-X)"
    )
    _period_and_folder(handover)
    handover.add_argument("--zip", dest="as_zip", action="store_true", help="un seul fichier ZIP plutôt qu'un dossier")
    handover.set_defaults(run=on_open_kpa(_handover))
    statuses = invoices.add_parser("statuses", help="lire les statuts que la plateforme de la CAE renvoie (CSV)")
    statuses.add_argument("file", metavar="FICHIER", help="le CSV de la plateforme : numéro, statut, date, motif")
    statuses.add_argument("--check", action="store_true", help="vérifier seulement, sans rien enregistrer")
    statuses.set_defaults(run=on_open_kpa(_statuses))
    pdfs = invoices.add_parser("pdfs", help="vérifier et réécrire les PDF de tous les documents émis")
    pdfs.set_defaults(run=on_open_kpa(_pdfs))

    clients = action_group(commands, "clients", "les clients")
    clients.add_parser("list", help="lister les clients").set_defaults(run=on_open_kpa(_clients))


def day_argument(text: str | None, context: Context) -> date:
    from kpa_local.domain.dates import parse_date

    if not text:
        return context.today()
    day = parse_date(text, today=context.today())
    if day is None:
        raise KpaError("Indiquez une date (JJ/MM/AAAA).")
    return day


def _clients(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.services.clients import list_clients

    clients = list_clients(context)
    for client in clients:
        print(
            f"{client.name:40} {client.kind_label:14} {client.city:20} {count_text(client.document_count, 'document')}"
        )
    print(f"{count_text(len(clients), 'client')}.")
    return 0


def _issue(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services import issuing

    preview = issuing.issue_preview(context, args.id)
    print(issuing.issue_question(preview))
    # A script (no terminal, or --yes) issues at once; a person at the keyboard is asked once more.
    if not args.yes and sys.stdin.isatty() and not confirm("Émettre ? (o/n) ", "Rien n'a été émis."):
        return 1
    issued = issuing.issue_document(context, args.id, expected_number=preview.number)
    print(f"Facture {issued.number} émise le {issued.issue_date:%d/%m/%Y} : {issued.pdf_path}")
    return 0


def _pdf(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.files import write_where_asked
    from kpa_local.services import issuing

    document_id = issuing.document_id_by_number(context, args.number)
    if args.out:
        pdf, _ = issuing.document_pdf(context, document_id)
        write_where_asked(Path(args.out), pdf)
        print(f"PDF écrit dans {args.out}.")
    else:
        print(f"PDF écrit dans {issuing.write_document_pdf(context, document_id)}.")
    return 0


def _pay(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.domain.money import parse_amount
    from kpa_local.fmt import money_fr
    from kpa_local.services.billing_queries import get_document
    from kpa_local.services.issuing import document_id_by_number
    from kpa_local.services.payments import record_payment

    document_id = document_id_by_number(context, args.number)
    record_payment(
        context, document_id, day_argument(args.date, context), parse_amount(args.amount), args.method, args.reference
    )
    detail = get_document(context, document_id)
    print(f"Paiement enregistré sur {args.number} ; reste à payer : {money_fr(detail.balance.cents)}.")
    return 0


def _journals(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services.journals import export_journals

    folder = Path(args.folder) if args.folder else None
    files = export_journals(context, day_argument(args.date_from, context), day_argument(args.date_to, context), folder)
    print(f"Journal des ventes : {files.sales_path} ({count_text(files.sales_count, 'ligne')}).")
    print(f"Journal des paiements : {files.payments_path} ({count_text(files.payments_count, 'ligne')}).")
    return 0


def _period_and_folder(command: argparse.ArgumentParser, last_day: str | None = None) -> None:
    """--from and --to, the period's first and last days, and --folder, where to write."""
    command.add_argument("--from", dest="date_from", required=True, metavar="JJ/MM/AAAA")
    command.add_argument("--to", dest="date_to", required=True, metavar="JJ/MM/AAAA", help=last_day)
    command.add_argument("--folder", metavar="DOSSIER", help="où écrire (sinon exports/)")


def _fec(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.fmt import money_fr
    from kpa_local.services.fec import export_fec

    folder = Path(args.folder) if args.folder else None
    written = export_fec(context, day_argument(args.date_from, context), day_argument(args.date_to, context), folder)
    print(
        f"Écritures comptables : {written.path} ({count_text(written.entry_count, 'écriture')}, "
        f"{count_text(written.line_count, 'ligne')}, {money_fr(written.total.cents)} au débit comme au crédit)."
    )
    return 0


def _handover(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.fmt import money_fr
    from kpa_local.services.handover import hand_over

    folder = Path(args.folder) if args.folder else None
    start, end = day_argument(args.date_from, context), day_argument(args.date_to, context)
    handed = hand_over(context, start, end, folder, as_zip=args.as_zip)
    print(
        f"Remise à la plateforme : {handed.path} ({count_text(handed.document_count, 'document')}, "
        f"{money_fr(handed.total.cents)} TTC avoirs déduits)."
    )
    print(
        f"Dont {count_text(handed.reported_count, 'document')} à des clients sans SIREN, "
        f"en {count_text(handed.day_rows, 'ligne')} de totaux par jour et par taux pour l'e-reporting."
    )
    return 0


def _statuses(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services.import_rows import ERROR
    from kpa_local.services.platform_statuses import import_statuses

    report = import_statuses(context, Path(args.file), dry_run=args.check)
    for row in report.rows:
        if row.outcome == ERROR:
            print(f"Ligne {row.line} ({row.name or 'sans numéro'}) : {' '.join(row.messages)}")
    print(report.message)
    return 1 if report.errors else 0


def _pdfs(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.services.issuing import render_issued

    report = render_issued(context, _progress_bar)
    print(
        f"\n{count_text(report.checked, 'PDF vérifié', 'PDF vérifiés')}, "
        f"{report.restored} {plural(report.restored, 'réécrit', 'réécrits')}."
    )
    for number in report.mismatched:
        print(f"{number} : le PDF rendu à nouveau diffère de celui émis ; gardez le fichier d'origine.")
    return 1 if report.mismatched else 0


def _list(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.fmt import date_fr, money_fr
    from kpa_local.services.billing_queries import list_documents
    from kpa_local.services.billing_views import DocumentQuery

    query = DocumentQuery(family="devis" if args.quotes else "factures", status=args.status,
                          overdue_only=args.overdue, search=args.search, limit=100_000)  # fmt: skip
    page = list_documents(context, query)
    for row in page.rows:
        number = row.number or f"(brouillon {row.id})"
        print(f"{number:16} {date_fr(row.issue_date):10} {row.client_name[:30]:30} "
              f"{money_fr(row.total.cents):>14} {row.status_label}")  # fmt: skip
    print(f"{count_text(page.total_count, 'document')}.")
    return 0


def _progress_bar(done: int, total: int) -> None:
    if not sys.stdout.isatty():  # drawn again and again: for a person at the screen, not for a file
        return
    width = 30
    filled = width * done // max(total, 1)
    sys.stdout.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
    sys.stdout.flush()
