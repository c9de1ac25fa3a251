"""Accounts on the command line: signing in as an account, and `kpa accounts …` for coordination.

The command line acts as an account, like the screens: the login comes from `--user` or
the KPA_USER environment variable (else it is asked), the password from KPA_PASSWORD
(for scripts) or is asked without being shown. New passwords are asked twice, or taken
from KPA_NEW_PASSWORD; the recovery key from KPA_RECOVERY_KEY.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpa_local.cli.french import record_number
from kpa_local.cli.prompts import ask, ask_secret
from kpa_local.domain.errors import KpaError
from kpa_local.domain.text import count_text
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.domain.accounts import AccountForm, Actor
    from kpa_local.services.context import Context

NO_ACCOUNT = (
    "Aucun compte n'existe encore dans cette KPA : ouvrez l'application (« kpa ») pour créer le premier compte "
    "de coordination, ou faites « kpa accounts first »."
)


NOT_CREATED = "Aucun compte n'a été créé."


def add_account_commands(commands: Any) -> None:
    """Add `kpa accounts …`."""
    accounts = commands.add_parser("accounts", help="les comptes des personnes qui utilisent ce poste").add_subparsers(
        dest="accounts_command", metavar="ACTION", required=True
    )
    first = accounts.add_parser("first", help="créer le premier compte (coordination) d'une KPA qui n'en a pas")
    first.add_argument("--name", metavar="NOM", help="prénom et nom")
    first.add_argument("--login", metavar="IDENTIFIANT", help="identifiant (ex. : nadia.b)")
    first.add_argument("--sheet", metavar="FICHIER.pdf", help="écrire aussi la feuille de la clé de secours à imprimer")
    recover = accounts.add_parser(
        "recover", help="tous les mots de passe perdus : ouvrir la KPA avec la clé de secours (KPA_RECOVERY_KEY) "
        "et donner un nouveau mot de passe à un compte"
    )  # fmt: skip
    recover.add_argument("login", metavar="IDENTIFIANT")
    accounts.add_parser("list", help="lister les comptes")
    encrypt = commands.add_parser(
        "encrypt", help="chiffrer la base d'une KPA créée avant le chiffrement (coordination ; une sauvegarde d'abord)"
    )
    encrypt.add_argument("--sheet", metavar="FICHIER.pdf", help="écrire aussi la feuille de la clé de secours")
    add = accounts.add_parser("add", help="créer un compte")
    add.add_argument("--name", required=True, metavar="NOM", help="prénom et nom")
    add.add_argument("--login", required=True, metavar="IDENTIFIANT", help="identifiant (ex. : nadia.b)")
    add.add_argument("--role", required=True, choices=["coordination", "contributeur", "cooperant"])
    add.add_argument(
        "--person", type=record_number, metavar="FICHE", help="pour un·e coopérant·e : le numéro de sa fiche"
    )
    reset = accounts.add_parser("reset", help="donner un nouveau mot de passe à un compte (mot de passe oublié)")
    reset.add_argument("login", metavar="IDENTIFIANT")
    close = accounts.add_parser("close", help="fermer un compte (la personne ne peut plus se connecter)")
    close.add_argument("login", metavar="IDENTIFIANT")
    reopen = accounts.add_parser("open", help="rouvrir un compte fermé")
    reopen.add_argument("login", metavar="IDENTIFIANT")


def _secret(variable: str, prompt: str) -> str:
    if os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():
        raise KpaError(f"{prompt} : tapez-le dans un terminal, ou donnez-le par la variable {variable}.")
    return ask_secret(f"{prompt} : ")


def _new_password() -> tuple[str, str]:
    if os.environ.get("KPA_NEW_PASSWORD"):
        return os.environ["KPA_NEW_PASSWORD"], os.environ["KPA_NEW_PASSWORD"]
    password = _secret("KPA_NEW_PASSWORD", "Nouveau mot de passe (8 caractères au moins)")
    return password, _secret("KPA_NEW_PASSWORD", "Le même, encore une fois")


def signed_in(workspace: Workspace, user: str | None) -> Actor:
    """The account the command acts as, after checking its password."""
    from kpa_local.services.accounts import has_accounts, sign_in

    if not has_accounts(workspace):
        raise KpaError(NO_ACCOUNT)
    login = user or os.environ.get("KPA_USER") or ""
    if not login:
        if not sys.stdin.isatty():
            raise KpaError("Identifiant : donnez-le avec --user ou la variable KPA_USER.")
        login = ask("Identifiant : ")
    return sign_in(workspace, login, _secret("KPA_PASSWORD", "Mot de passe"))


def _form(args: argparse.Namespace, role: str) -> AccountForm:
    from kpa_local.domain.accounts import AccountForm

    password, confirmation = _new_password()
    return AccountForm(args.name or "", args.login or "", role, password, confirmation, getattr(args, "person", None))


def first_account(workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa accounts first`: the coordination account of a KPA that has none."""
    from kpa_local.services.accounts import create_first_account

    _check_sheet(getattr(args, "sheet", None))
    for option in ("name", "login"):
        if not getattr(args, option) and sys.stdin.isatty():
            setattr(args, option, ask(f"{'Prénom et nom' if option == 'name' else 'Identifiant'} : ", NOT_CREATED))
    first = create_first_account(workspace, _form(args, "coordination"))
    print(f"Compte de coordination créé pour {first.actor.name}. Connectez-vous avec l'identifiant {args.login}.")
    if first.recovery_key:
        _show_recovery_key(workspace, first.recovery_key, getattr(args, "sheet", None))
    return 0


def _check_sheet(sheet: str | None) -> None:
    """A recovery sheet that could not be written is refused before the account or the key is made."""
    if sheet:
        from kpa_local.files import check_place_to_write

        check_place_to_write(Path(sheet))


def _show_recovery_key(workspace: Workspace, recovery_key: str, sheet: str | None) -> None:
    """Print the recovery key once, and its sheet as a PDF where asked (a USB key to print from, say)."""
    print(
        "\nLa base de données de la KPA est chiffrée. Voici sa CLÉ DE SECOURS, montrée cette fois seulement :\n\n"
        f"    {recovery_key}\n\n"
        "Recopiez-la ou imprimez-la, puis rangez-la sous clé, loin de l'ordinateur : si tous les mots de passe\n"
        "étaient perdus, elle seule permettrait d'ouvrir la KPA (kpa accounts recover IDENTIFIANT)."
    )
    if sheet:
        from datetime import date

        from kpa_local.documents.recovery_pdf import render_recovery_sheet
        from kpa_local.files import write_where_asked

        write_where_asked(Path(sheet), render_recovery_sheet(workspace.kpa_name(), date.today(), recovery_key))
        print(f"Feuille à imprimer écrite : {sheet} (effacez-la une fois imprimée).")


def encrypt(context: Context, args: argparse.Namespace) -> int:
    """`kpa encrypt`: the database of an older KPA encrypted, its backups too."""
    from kpa_local.services.encrypting import encrypt_existing

    _check_sheet(args.sheet)
    print("Sauvegarde, puis chiffrement de la base…", flush=True)
    done = encrypt_existing(context, _secret("KPA_PASSWORD", "Votre mot de passe, encore une fois"))
    print(f"La base est chiffrée. La sauvegarde d'avant est gardée (chiffrée elle aussi) : {done.safety_copy}.")
    print(
        f"{count_text(done.backups_encrypted, 'sauvegarde chiffrée', 'sauvegardes chiffrées')} "
        f"dans {context.workspace.backups_dir}."
    )
    if done.accounts_without_key:
        print(
            "Ces comptes ont besoin d'un nouveau mot de passe pour ouvrir la KPA chiffrée (kpa accounts reset "
            f"IDENTIFIANT) : {', '.join(done.accounts_without_key)}."
        )
    print("Les copies déjà faites sur une clé USB restent en clair : effacez-les et refaites-les.")
    _show_recovery_key(context.workspace, done.recovery_key, args.sheet)
    return 0


def restore_on_new_computer(workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa restore FILE` in a KPA without data yet: a backup brought from another computer."""
    from kpa_local.services.restore import restore_on_new_computer
    from kpa_local.services.workspaces import open_workspace

    if not workspace.config_file.is_file():
        from kpa_local.config import missing_settings

        raise missing_settings(workspace.config_file)
    file = Path(args.file)
    if os.environ.get("KPA_RECOVERY_KEY") or not (args.user or os.environ.get("KPA_USER")):
        recovery = _secret("KPA_RECOVERY_KEY", "Clé de secours de la KPA (ou relancez avec --user IDENTIFIANT)")
        restore_on_new_computer(workspace, file, recovery_key=recovery)
    else:
        login = args.user or os.environ["KPA_USER"]
        restore_on_new_computer(workspace, file, login=login, password=_secret("KPA_PASSWORD", "Mot de passe"))
    open_workspace(workspace).close()  # brought up to date, its first backup here taken
    print(f"La sauvegarde {file.name} est installée sur cet ordinateur : connectez-vous comme avant.")
    return 0


def recover_account(workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa accounts recover LOGIN`: the recovery key opens the KPA and gives the account a new password."""
    from kpa_local.services.accounts import recover_account

    recovery_key = _secret("KPA_RECOVERY_KEY", "Clé de secours (sur la feuille imprimée)")
    password, confirmation = _new_password()
    recover_account(workspace, recovery_key, args.login, password, confirmation)
    print(f"Nouveau mot de passe enregistré pour {args.login.strip().lower()} : connectez-vous avec lui.")
    return 0


def run_accounts(context: Context, args: argparse.Namespace) -> int:
    """`kpa accounts list|add|reset|close|open`."""
    from kpa_local.services import accounts

    command = args.accounts_command
    if command == "list":
        for view in accounts.list_accounts(context):
            state = "" if view.active else "  (fermé)"
            print(f"{view.login:20} {view.name:30} {view.role_label}{state}")
        return 0
    if command == "add":
        view = accounts.create_account(context, _form(args, args.role))
        print(f"Compte créé : {view.login} ({view.role_label}).")
        return 0
    found = {view.login: view for view in accounts.list_accounts(context)}.get(args.login.strip().lower())
    if found is None:
        raise KpaError(f"Aucun compte n'a l'identifiant « {args.login} » : voyez « kpa accounts list ».")
    if command == "reset":
        accounts.reset_password(context, found.id, *_new_password())
        print(f"Nouveau mot de passe enregistré pour {found.login} : donnez-le-lui de vive voix.")
    else:
        accounts.set_active(context, found.id, command == "open")
        print(f"Compte {found.login} {'rouvert' if command == 'open' else 'fermé'}.")
    return 0
