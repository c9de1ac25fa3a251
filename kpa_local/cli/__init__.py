"""The `kpa` command: parse, call a service, print in French. Heavy modules load only when needed."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kpa_local import __version__
from kpa_local.cli.accounts import add_account_commands
from kpa_local.cli.billing import add_billing_commands
from kpa_local.cli.french import EXIT_STATUSES, FrenchParser, whole_number
from kpa_local.cli.interviews import COMMANDS as INTERVIEW_COMMANDS
from kpa_local.cli.interviews import add_interview_commands
from kpa_local.cli.network import COMMANDS as NETWORK_COMMANDS
from kpa_local.cli.network import add_network_commands
from kpa_local.cli.prompts import ask
from kpa_local.cli.safety import add_safety_commands
from kpa_local.cli.sharing import COMMANDS as SHARING_COMMANDS
from kpa_local.cli.sharing import add_sharing_commands
from kpa_local.domain.errors import KpaError
from kpa_local.domain.text import count_text, plural
from kpa_local.exit_statuses import EXIT_DONE, EXIT_REFUSED, EXIT_UNEXPECTED, EXIT_USAGE
from kpa_local.logfile import log_to
from kpa_local.workspace import Workspace, locate

if TYPE_CHECKING:
    from kpa_local.services.context import Context
    from kpa_local.services.views import ImportReport, MemberRow


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="kpa",
        description="kpa_local : membres, activités, devis et factures d'une KPA, sur l'ordinateur du local.",
        epilog=EXIT_STATUSES,
    )
    parser.add_argument(
        "--version", action="version", version=f"kpa_local {__version__}", help="montrer la version, puis s'arrêter"
    )
    parser.add_argument(
        "--workspace", metavar="DOSSIER", help="dossier de la KPA (sinon KPA_WORKSPACE, sinon ce dépôt)"
    )
    parser.add_argument(
        "--user",
        metavar="IDENTIFIANT",
        help="le compte qui agit (sinon KPA_USER) ; mot de passe demandé ou KPA_PASSWORD",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE")

    commands.add_parser("open", help="ouvrir l'application (ce que fait « kpa » tout seul)")

    init = commands.add_parser("init", help="créer une KPA dans un dossier")
    init.add_argument("--name", metavar="NOM", help="nom de la KPA")
    init.add_argument("--code", metavar="CODE", help="code de la KPA dans le réseau (ex. roubaix-manau)")
    init.add_argument(
        "--account-name", dest="account_name", metavar="NOM", help="prénom et nom de la personne de coordination"
    )
    init.add_argument("--sheet", metavar="FICHIER.pdf", help="écrire aussi la feuille de la clé de secours à imprimer")
    init.add_argument(
        "--login", metavar="IDENTIFIANT", help="son identifiant (mot de passe demandé, ou KPA_NEW_PASSWORD)"
    )

    guide = commands.add_parser("guide", help="écrire le guide « Premiers pas » à imprimer (PDF)")
    guide.add_argument(
        "--out", default="premiers-pas.pdf", metavar="FICHIER.pdf", help="où l'écrire (par défaut ./premiers-pas.pdf)"
    )

    demo = commands.add_parser("demo", help="créer une KPA de démonstration et l'ouvrir")
    demo.add_argument("directory", nargs="?", default="demo", metavar="DOSSIER", help="par défaut ./demo")
    demo.add_argument("--no-open", action="store_true", help="créer seulement, sans ouvrir")
    demo.add_argument(
        "--people", type=whole_number(10_000), default=40, metavar="NOMBRE", help="nombre de personnes (40)"
    )
    demo.add_argument("--years", type=whole_number(50), default=2, metavar="NOMBRE", help="années d'histoire (2)")

    members = commands.add_parser("members", help="les membres").add_subparsers(
        dest="members_command", metavar="ACTION", required=True
    )
    listing = members.add_parser("list", help="lister les membres")
    listing.add_argument(
        "--search", default="", metavar="TEXTE", help="texte à chercher (nom, e-mail, téléphone, ville)"
    )
    listing.add_argument("--left", action="store_true", help="les personnes sorties")
    listing.add_argument("--all", action="store_true", help="tout le monde")
    listing.add_argument("--ending", action="store_true", help="contrat qui finit bientôt")
    members.add_parser("ending", help="contrats qui se terminent bientôt")
    importing = members.add_parser("import", help="importer un tableau de membres (CSV)")
    importing.add_argument("file", metavar="FICHIER.csv")
    importing.add_argument("--example", action="store_true", help="écrire un fichier d'exemple à ce nom")
    importing.add_argument("--dry-run", action="store_true", help="vérifier seulement, sans enregistrer")
    importing.add_argument(
        "--only-valid", action="store_true", help="importer les lignes valables même s'il y a des erreurs"
    )

    activities = commands.add_parser("activities", help="les activités").add_subparsers(
        dest="activities_command", metavar="ACTION", required=True
    )
    activities.add_parser("list", help="lister les activités")

    add_billing_commands(commands)
    add_sharing_commands(commands)
    add_interview_commands(commands)
    add_network_commands(commands)
    add_safety_commands(commands)
    add_account_commands(commands)

    config = commands.add_parser("config", help="les paramètres").add_subparsers(
        dest="config_command", metavar="ACTION", required=True
    )
    config.add_parser("check", help="vérifier config/kpa.toml")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code; every refusal is a French sentence."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a command written wrong (argparse said why)
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        return _dispatch(args)
    except KpaError as error:
        print(error.message, file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Whoever read the output stopped early (`kpa members list | head`): nothing went wrong.
        # What is left in the buffer goes nowhere, rather than fail again when Python exits.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        logging.getLogger("kpa_local").exception("Erreur inattendue")
        from kpa_local.files import is_disk_full, nearly_full
        from kpa_local.services.workspaces import DISK_FULL, UNREADABLE, is_damage

        if is_damage(error):
            print(UNREADABLE, file=sys.stderr)
            return EXIT_REFUSED
        # With no room left, SQLite may only say « disk I/O error » (it cannot make its shared-memory file).
        if is_disk_full(error) or nearly_full(locate(args.workspace).data_dir):
            print(DISK_FULL, file=sys.stderr)
            return EXIT_REFUSED
        print(
            "Une erreur inattendue s'est produite ; ce qui était déjà enregistré n'est pas perdu. "
            "Réessayez, et si cela recommence, prévenez la coordination.",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


def _guide(out: Path) -> int:
    from kpa_local.documents.guide_pdf import guide_source, render_guide
    from kpa_local.files import write_where_asked

    write_where_asked(out, render_guide(guide_source().read_text(encoding="utf-8")))
    print(f"Guide « Premiers pas » écrit dans {out} : imprimez-le, une tâche par page.")
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    workspace = locate(args.workspace)
    log_to(workspace)
    if args.command in (None, "open"):
        return _open_app(workspace)
    if args.command == "init":
        return _init(workspace, args)
    if args.command == "demo":
        return _demo(args)
    if args.command == "guide":
        return _guide(Path(args.out))
    if args.command == "config":
        from kpa_local.config import load_settings
        from kpa_local.services.database_place import check_database_place

        check_database_place(workspace, load_settings(workspace.config_file))
        print(f"Les paramètres de {workspace.config_file} sont valables.")
        return 0
    if args.command == "accounts" and args.accounts_command == "first":
        from kpa_local.cli.accounts import first_account

        return first_account(workspace, args)
    if args.command == "accounts" and args.accounts_command == "recover":
        from kpa_local.cli.accounts import recover_account

        return recover_account(workspace, args)
    if args.command == "accounts":
        from kpa_local.cli.accounts import run_accounts

        return run_accounts(_context(workspace, args), args)
    if args.command == "activities":
        return _activities(_context(workspace, args))
    if args.command == "encrypt":
        from kpa_local.cli.accounts import encrypt

        return encrypt(_context(workspace, args), args)
    if args.command in NETWORK_COMMANDS:
        from kpa_local.cli.network import run_network

        return run_network(args)
    if args.command in SHARING_COMMANDS:
        from kpa_local.cli.sharing import run_sharing

        return run_sharing(_context(workspace, args), args)
    if args.command in INTERVIEW_COMMANDS:
        from kpa_local.cli.interviews import run_interviews

        return run_interviews(_context(workspace, args), args)
    if args.command in ("invoice", "invoices", "clients"):
        from kpa_local.cli.billing import run_billing

        return run_billing(_context(workspace, args), args)
    if args.command == "restore" and not workspace.database_file.exists():
        from kpa_local.cli.accounts import restore_on_new_computer

        return restore_on_new_computer(workspace, args)
    if args.command in ("backup", "restore", "check", "audit", "privacy"):
        from kpa_local.cli.safety import run_safety

        return run_safety(_context(workspace, args), args)
    if args.command == "members":
        if args.members_command == "import" and args.example:
            from kpa_local.exchange.members_csv import write_example

            write_example(Path(args.file))
            print(f"Exemple écrit dans {args.file} : ouvrez-le avec un tableur, puis remplacez les lignes.")
            return 0
        return _members(_context(workspace, args), args)
    raise AssertionError(args.command)  # pragma: no cover - argparse refuses other commands


def _context(workspace: Workspace, args: argparse.Namespace) -> Context:
    from kpa_local.cli.accounts import signed_in
    from kpa_local.services.workspaces import open_workspace

    if not workspace.config_file.is_file():
        from kpa_local.config import missing_settings

        raise missing_settings(workspace.config_file)
    from kpa_local.services.workspaces import DamagedDatabase

    actor = signed_in(workspace, args.user)
    try:
        context = open_workspace(workspace, actor=actor)
    except DamagedDatabase as damage:
        print(damage.message, file=sys.stderr)
        return open_workspace(workspace, actor=actor, read_only=True)
    for notice in (*context.notices, *filter(None, [context.rollback])):
        print(notice, file=sys.stderr)
    return context


def _open_app(workspace: Workspace) -> int:
    if not workspace.config_file.is_file():
        from kpa_local.config import missing_settings

        raise missing_settings(workspace.config_file)
    kpa_name = workspace.kpa_name()
    workspace.make_folders()
    log_to(workspace)
    from kpa_local.tui.app import KpaApp

    app = KpaApp(workspace, kpa_name=kpa_name)
    app.run()
    return app.return_code or EXIT_DONE  # EXIT_UNEXPECTED when the app had to stop on an error (it said why)


def _activities(context: Context) -> int:
    from kpa_local.domain.codes import ACTIVITY_CATEGORIES, label
    from kpa_local.services.activities import list_activities

    activities = list_activities(context)
    for activity in activities:
        state = "en cours" if activity.active else "arrêtée"
        print(f"{activity.name:32} {label(ACTIVITY_CATEGORIES, activity.category):22} {state}")
    print(f"{count_text(len(activities), 'activité')}.")
    return 0


def _ask(prompt: str, given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        raise KpaError(f"{prompt} : donnez-le avec l'option correspondante (voir « kpa init --help »).")
    return ask(f"{prompt} : ", "La KPA n'a pas été créée.")


def _init(workspace: Workspace, args: argparse.Namespace) -> int:
    from kpa_local.services.workspaces import create_workspace, open_workspace

    if args.sheet:
        from kpa_local.files import check_place_to_write

        check_place_to_write(Path(args.sheet))
    name = _ask("Nom de la KPA", args.name)
    code = _ask("Code de la KPA dans le réseau (ex. roubaix-manau)", args.code)
    create_workspace(workspace, name=name, code=code)
    print(f"La KPA « {name} » est prête dans {workspace.root}.")
    if args.login or sys.stdin.isatty():
        from kpa_local.cli.accounts import first_account

        args.name = args.account_name
        first_account(workspace, args)
        # The database is made once the first account holds its key: encrypted from its first byte.
        open_workspace(workspace).close()
    print(f"Ouvrez-la avec : kpa --workspace {workspace.root}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from kpa_local.services.demo import build_demo

    workspace = Workspace(Path(args.directory).expanduser().resolve())
    if workspace.exists():
        print(f"La KPA de démonstration existe déjà dans {workspace.root} : elle est ouverte telle quelle.")
    else:
        if args.people < 1 or args.years < 1:
            raise KpaError("Indiquez au moins une personne et une année pour la démonstration.")
        build_demo(workspace, people=args.people, years=args.years).close()
        print(f"KPA de démonstration créée dans {workspace.root}.")
    if args.no_open:
        return 0
    return _open_app(workspace)


def _members(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services import members
    from kpa_local.services.imports import import_members
    from kpa_local.services.views import MemberQuery

    if args.members_command == "list":
        status = "all" if args.all else "left" if args.left else "present"
        query = MemberQuery(search=args.search, status=status, ending_soon=args.ending, limit=100_000)
        page = members.list_members(context, query)
        for row in page.rows:
            print(_member_line(row))
        print(f"{count_text(page.total, 'personne')}.")
        return 0
    if args.members_command == "ending":
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
    report = import_members(context, Path(args.file), only_valid=args.only_valid, dry_run=args.dry_run)
    _print_import(report)
    return 0 if report.errors == 0 or report.saved else 1


def _member_line(row: MemberRow) -> str:
    from kpa_local.domain.codes import ROLES, label

    left = f"sortie le {row.exit_date:%d/%m/%Y}" if row.exit_date else ""
    return f"{row.full_name:32} {label(ROLES, row.current_role):18} entrée le {row.entry_date:%d/%m/%Y} {left}"


def _print_import(report: ImportReport) -> None:
    print("Colonnes reconnues : " + ", ".join(f"{k} → {v}" for k, v in report.recognised_columns.items()))
    if report.ignored_columns:
        print("Colonnes ignorées : " + ", ".join(report.ignored_columns))
    for row in report.rows:
        print(f"ligne {row.line:>4} · {row.name:30} · {row.outcome}")
        for message in row.messages:
            print(f"           {message}")
    print(report.message)
