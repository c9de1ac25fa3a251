"""The sharing-out part of the `kpa` command: preview and validate a period, savings, statements."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kpa_local.cli.french import action_group, record_number
from kpa_local.cli.prompts import confirm
from kpa_local.cli.session import on_open_kpa
from kpa_local.domain.text import count_text

if TYPE_CHECKING:
    from kpa_local.domain.money import Money
    from kpa_local.domain.periods import Period
    from kpa_local.services.context import Context
    from kpa_local.services.work_views import SharingPreview

PERIOD_HELP = "un mois (« octobre 2026 », 2026-10) ou un trimestre (« T4 2026 », 2026Q4)"


def add_sharing_commands(commands: Any) -> None:
    """Add `kpa share preview|validate|list|request`, `kpa statements`, `kpa savings` and `kpa export`."""
    share = action_group(commands, "share", "la répartition des recettes")
    preview = share.add_parser("preview", help="montrer le calcul d'une période, sans rien enregistrer")
    validate = share.add_parser("validate", help="enregistrer la décision de la KPA pour une période (définitif)")
    for parser in (preview, validate):
        parser.add_argument("--period", required=True, metavar="PÉRIODE", help=PERIOD_HELP)
        parser.add_argument("--adjustment", default="", metavar="MONTANT", help="régularisation, par exemple -120,50")
        parser.add_argument("--reason", default="", metavar="TEXTE", help="ce que corrige la régularisation")
    validate.add_argument(
        "--confirm-large-adjustment",
        action="store_true",
        help="confirmer une régularisation plus grande que ce que la période partage sans elle",
    )
    validate.add_argument("--decided-on", required=True, metavar="JJ/MM/AAAA", help="jour de la décision collective")
    validate.add_argument("--decision", required=True, metavar="TEXTE", help="par exemple « Réunion du 05/11/2026 »")
    preview.set_defaults(run=on_open_kpa(_preview))
    validate.set_defaults(run=on_open_kpa(_validate))
    share.add_parser("list", help="les répartitions validées").set_defaults(run=on_open_kpa(_list))
    request = share.add_parser(
        "request", help="la demande de versement à la CAE d'une répartition validée (PDF et CSV pour la paie)"
    )
    request.add_argument("--period", required=True, metavar="PÉRIODE", help=f"la période validée : {PERIOD_HELP}")
    request.add_argument("--folder", metavar="DOSSIER", help="où écrire (sinon exports/)")
    request.set_defaults(run=on_open_kpa(_request))

    statements = commands.add_parser("statements", help="relevés trimestriels des personnes (PDF)")
    statements.add_argument("--quarter", required=True, metavar="TRIMESTRE", help="par exemple « T3 2026 » ou 2026Q3")
    statements.add_argument(
        "--person", type=record_number, action="append", metavar="N", help="numéro de fiche (sinon tout le monde)"
    )
    statements.set_defaults(run=on_open_kpa(_statements))

    savings = commands.add_parser("savings", help="le registre de l'épargne collective et son solde")
    savings.set_defaults(run=on_open_kpa(_savings))

    export = commands.add_parser("export", help="l'envoi trimestriel anonymisé au réseau (ZIP dans exports/)")
    export.add_argument(
        "--quarter", metavar="TRIMESTRE", help="par exemple « T3 2026 » ou 2026Q3 (sinon le dernier trimestre fini)"
    )
    export.add_argument("--show", action="store_true", help="montrer chaque ligne de chaque fichier")
    export.add_argument("--yes", action="store_true", help="écrire sans demander (scripts)")
    export.set_defaults(run=on_open_kpa(_export))


def _period_and_adjustment(args: argparse.Namespace) -> tuple[Period, Money]:
    from kpa_local.domain.money import parse_amount
    from kpa_local.domain.periods import Period
    from kpa_local.domain.sharing import NOTHING

    period = Period.parse(args.period)
    return period, parse_amount(args.adjustment, "la régularisation") if args.adjustment.strip() else NOTHING


def _preview(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services.sharing import preview_sharing

    period, adjustment = _period_and_adjustment(args)
    _print(context, preview_sharing(context, period, adjustment, args.reason))
    return 0


def _validate(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.cli.billing import day_argument
    from kpa_local.domain.errors import Refused
    from kpa_local.services.sharing import validate_sharing
    from kpa_local.services.sharing_guard import AdjustmentToConfirm

    period, adjustment = _period_and_adjustment(args)
    decided_on = day_argument(args.decided_on, context)

    def validate(confirmed: bool) -> SharingPreview:
        return validate_sharing(context, period, decided_on=decided_on, decision_ref=args.decision,
                                adjustment=adjustment, reason=args.reason,
                                large_adjustment_confirmed=confirmed)  # fmt: skip

    try:
        preview = validate(args.confirm_large_adjustment)
    except AdjustmentToConfirm as question:
        if not sys.stdin.isatty():
            raise Refused(
                [replace(problem, message=f"{problem.message} Ajoutez --confirm-large-adjustment pour le confirmer.")
                 for problem in question.problems]
            ) from None  # fmt: skip
        print(question.message)
        if not confirm("Confirmer cette régularisation ? (o/n) ", "Rien n'a été validé."):
            return 1
        preview = validate(True)
    _print(context, preview)
    return 0


def _print(context: Context, preview: SharingPreview) -> None:
    from kpa_local.domain.work import hours_text
    from kpa_local.fmt import date_fr, money_fr
    from kpa_local.services.sharing_text import STEP_LABELS, method_sentence, notice_sentence, step_explanation

    rule = preview.rule
    plan = preview.plan
    state = (
        f"validée le {date_fr(preview.decided_on)} ({preview.decision_ref})"
        if preview.validated
        else "aperçu, rien n'est enregistré"
    )
    print(f"Répartition {preview.period.of_label} — {state}")
    for step in plan.steps:
        explanation = step_explanation(step, rule, adjustment_reason=preview.adjustment_reason, late=preview.late)
        amount = money_fr(step.amount.cents)
        print(f"  {STEP_LABELS[step.kind]:32} {amount:>14}   reste {money_fr(step.remaining.cents):>14}  {explanation}")
    notice = notice_sentence(plan)
    if notice:
        print(notice)
        return
    print(
        f"À partager : {money_fr(plan.shared.cents)}. {method_sentence(rule) if not preview.validated else ''}".rstrip()
    )
    for share in plan.shares:
        odd = "  (+1 centime)" if share.odd_cent else ""
        print(f"  {share.name:32} {hours_text(share.minutes):>9} {money_fr(share.amount.cents):>14}{odd}")
    for worker in plan.left_out:
        print(f"  {worker.name:32} sans part : {worker.reason}")


def _list(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.fmt import date_fr, money_fr
    from kpa_local.services.sharing import list_sharings

    sharings = list_sharings(context)
    for sharing in sharings:
        print(f"{sharing.period.code:8} {sharing.period.label:22} {money_fr(sharing.shared.cents):>14} partagés "
              f"entre {sharing.people} ; épargne {money_fr(sharing.savings.cents)} ; décidée le "
              f"{date_fr(sharing.decided_on)} ({sharing.decision_ref})")  # fmt: skip
    print(f"{count_text(len(sharings), 'répartition validée', 'répartitions validées')}.")
    return 0


def _request(context: Context, args: argparse.Namespace) -> int:
    from pathlib import Path

    from kpa_local.domain.periods import Period
    from kpa_local.services.payroll import write_payroll_request

    period = Period.parse(args.period)
    written = write_payroll_request(context, period, Path(args.folder) if args.folder else None)
    print(f"Demande de versement {period.of_label} ({written.request.reference}) : {written.summary}.")
    print(f"  PDF : {written.pdf_path}")
    print(f"  CSV pour la paie : {written.csv_path}")
    return 0


def _statements(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.domain.periods import parse_quarter
    from kpa_local.services.statements import write_statements

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():  # a line written again and again: for a person at the screen, not for a file
            print(
                f"\r{done}/{count_text(total, 'relevé')}", end="" if done < total else "\n", file=sys.stderr, flush=True
            )

    paths = write_statements(context, parse_quarter(args.quarter), args.person, progress)
    print(f"{count_text(len(paths), 'relevé écrit', 'relevés écrits')} dans {paths[0].parent}.")
    return 0


def _savings(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.fmt import date_fr, money_fr
    from kpa_local.services.savings import KINDS, savings_ledger

    ledger = savings_ledger(context)
    for line in ledger.lines:
        print(f"{date_fr(line.day)}  {KINDS[line.kind]:30} {money_fr(line.amount.cents):>14} "
              f"solde {money_fr(line.balance.cents):>14}  {line.label} ({line.decision_ref})")  # fmt: skip
    print(f"Solde de l'épargne collective : {money_fr(ledger.balance.cents)}.")
    return 0


def _export(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.domain.periods import parse_quarter
    from kpa_local.exchange.bundle_labels import column_label, columns_in_words, months_sentence
    from kpa_local.services.network_export import (
        check_quarter_ended,
        last_complete_quarter,
        prepare_bundle,
        write_bundle,
    )

    quarter = parse_quarter(args.quarter) if args.quarter else last_complete_quarter(context)
    check_quarter_ended(context, quarter)
    bundle = prepare_bundle(context, quarter)
    privacy = bundle.manifest["privacy"]
    assert isinstance(privacy, dict)
    print(f"Ce qui quittera l'ordinateur : {bundle.name}")
    for name, rows in sorted(bundle.rows.items()):
        print(f"  {name} : {count_text(len(rows) - 1, 'ligne')}")
        if args.show:
            print("    Colonnes : " + ", ".join(f"{code} ({column_label(code)})" for code in rows[0]))
            for row in rows:
                print("    " + ",".join(row))
    print(
        f"  Anonymat : k = {privacy['k']} sur {columns_in_words(privacy['quasi_identifiers'])} ; "
        f"{count_text(bundle.suppressed_cells, 'case masquée', 'cases masquées')} par « * », "
        f"{count_text(bundle.fully_suppressed_rows, 'ligne')} entièrement."
    )
    if bundle.hidden_by_months:
        print("  " + months_sentence(bundle.hidden_by_months, privacy["sensitive"], privacy["k"]))
    if not args.yes and not confirm("Écrire ce fichier ? (o/n) ", "Rien n'a été écrit."):
        return 1
    print(f"Écrit : {write_bundle(context, bundle)}")
    return 0
