"""The people and the activities on the command line: `kpa members list|ending|import`, `kpa activities list`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpa_local.cli.french import action_group
from kpa_local.cli.session import on_open_kpa, open_kpa
from kpa_local.domain.text import count_text, plural
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.services.context import Context
    from kpa_local.services.views import ImportReport, MemberRow


def add_member_commands(commands: Any) -> None:
    """Add `kpa members …` and `kpa activities list`."""
    members = action_group(commands, "members", "les membres")
    listing = members.add_parser("list", help="lister les membres")
    listing.add_argument(
        "--search", default="", metavar="TEXTE", help="texte à chercher (nom, e-mail, téléphone, ville)"
    )
    listing.add_argument("--left", action="store_true", help="les personnes sorties")
    listing.add_argument("--all", action="store_true", help="tout le monde")
    listing.add_argument("--ending", action="store_true", help="contrat qui finit bientôt")
    listing.set_defaults(run=on_open_kpa(_list))
    members.add_parser("ending", help="contrats qui se terminent bientôt").set_defaults(run=on_open_kpa(_ending))
    importing = members.add_parser("import", help="importer un tableau de membres (.xlsx, .ods ou CSV)")
    importing.add_argument("file", metavar="FICHIER")
    importing.add_argument(
        "--sheet", metavar="NOM", help="la feuille du classeur .xlsx ou .ods à lire (la première sinon)"
    )
    importing.add_argument("--example", action="store_true", help="écrire un fichier d'exemple à ce nom")
    importing.add_argument("--dry-run", action="store_true", help="vérifier seulement, sans enregistrer")
    importing.add_argument(
        "--only-valid", action="store_true", help="importer les lignes valables même s'il y a des erreurs"
    )
    importing.set_defaults(run=_import)

    activities = action_group(commands, "activities", "les activités")
    activities.add_parser("list", help="lister les activités").set_defaults(run=on_open_kpa(_activities))


def _list(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services import members
    from kpa_local.services.views import MemberQuery

    status = "all" if args.all else "left" if args.left else "present"
    query = MemberQuery(search=args.search, status=status, ending_soon=args.ending, limit=100_000)
    page = members.list_members(context, query)
    for row in page.rows:
        print(_member_line(row))
    print(f"{count_text(page.total, 'personne')}.")
    return 0


def _member_line(row: MemberRow) -> str:
    from kpa_local.domain.codes import ROLES, label

    left = f"sortie le {row.exit_date:%d/%m/%Y}" if row.exit_date else ""
    return f"{row.full_name:32} {label(ROLES, row.current_role):18} entrée le {row.entry_date:%d/%m/%Y} {left}"


def _ending(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.domain.codes import CONTRACT_KINDS, label
    from kpa_local.services.dashboard import ending_contracts

    ending = ending_contracts(context)
    for contract in ending:
        print(
            f"{contract.person_name:30} {label(CONTRACT_KINDS, contract.kind):20} fin le "
            f"{contract.last_day:%d/%m/%Y} (dans {contract.days_left} jours)"
        )
    print(
        f"{count_text(len(ending), 'contrat')} {plural(len(ending), 'se termine', 'se terminent')} "
        f"dans les {context.settings.members.contract_alert_days} jours."
    )
    return 0


def _import(workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa members import FILE`; with --example, the example file is written without opening the KPA."""
    if args.example:
        from kpa_local.exchange.members_csv import write_example

        write_example(Path(args.file))
        print(f"Exemple écrit dans {args.file} : ouvrez-le avec un tableur, puis remplacez les lignes.")
        return 0
    from kpa_local.services.imports import import_members

    context = open_kpa(workspace, args)
    report = import_members(
        context, Path(args.file), only_valid=args.only_valid, dry_run=args.dry_run, sheet=args.sheet
    )
    _print_import(report)
    return 0 if report.errors == 0 or report.saved else 1


def _print_import(report: ImportReport) -> None:
    if report.sheet:
        hint = " Pour en lire une autre : --sheet NOM." if report.other_sheets else ""
        print(report.sheet_text + hint)
    print("Colonnes reconnues : " + ", ".join(f"{k} → {v}" for k, v in report.recognised_columns.items()))
    if report.ignored_columns:
        print("Colonnes ignorées : " + ", ".join(report.ignored_columns))
    for row in report.rows:
        print(f"ligne {row.line:>4} · {row.name:30} · {row.outcome}")
        for message in row.messages:
            print(f"           {message}")
    print(report.message)


def _activities(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.domain.codes import ACTIVITY_CATEGORIES, label
    from kpa_local.services.activities import list_activities

    activities = list_activities(context)
    for activity in activities:
        state = "en cours" if activity.active else "arrêtée"
        print(f"{activity.name:32} {label(ACTIVITY_CATEGORIES, activity.category):22} {state}")
    print(f"{count_text(len(activities), 'activité')}.")
    return 0
