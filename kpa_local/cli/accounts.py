"""Accounts on the command line: `kpa accounts …` for coordination, and `kpa encrypt`.

New passwords are asked twice, or taken from KPA_NEW_PASSWORD; the recovery key from KPA_RECOVERY_KEY.
(Signing in is in session.py.)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpa_local.cli.french import action_group, record_number
from kpa_local.cli.prompts import ask
from kpa_local.cli.session import on_open_kpa, secret
from kpa_local.domain.errors import KpaError
from kpa_local.domain.protection import key_opens, key_protects, server_duty
from kpa_local.domain.text import count_text
from kpa_local.services.server_accounts import server_url
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.domain.accounts import AccountForm
    from kpa_local.services.accounts import AccountView
    from kpa_local.services.context import Context

NOT_CREATED = "Aucun compte n'a été créé."


def add_account_commands(commands: Any) -> None:
    """Add `kpa accounts …`."""
    accounts = action_group(commands, "accounts", "les comptes des personnes qui utilisent ce poste")
    first = accounts.add_parser("first", help="créer le premier compte (coordination) d'une KPA qui n'en a pas")
    first.add_argument("--name", metavar="NOM", help="prénom et nom")
    first.add_argument("--login", metavar="IDENTIFIANT", help="identifiant (ex. : nadia.b)")
    first.add_argument("--sheet", metavar="FICHIER.pdf", help="écrire aussi la feuille de la clé de secours à imprimer")
    first.set_defaults(run=first_account)
    recover = accounts.add_parser(
        "recover", help="tous les mots de passe perdus : ouvrir la KPA avec la clé de secours (KPA_RECOVERY_KEY) "
        "et donner un nouveau mot de passe à un compte"
    )  # fmt: skip
    recover.add_argument("login", metavar="IDENTIFIANT")
    recover.set_defaults(run=_recover)
    accounts.add_parser("list", help="lister les comptes").set_defaults(run=on_open_kpa(_list))
    encrypt = commands.add_parser(
        "encrypt", help="chiffrer la base d'une KPA créée avant le chiffrement (coordination ; une sauvegarde d'abord)"
    )
    encrypt.add_argument("--sheet", metavar="FICHIER.pdf", help="écrire aussi la feuille de la clé de secours")
    encrypt.set_defaults(run=on_open_kpa(_encrypt))
    add = accounts.add_parser("add", help="créer un compte")
    add.add_argument("--name", required=True, metavar="NOM", help="prénom et nom")
    add.add_argument("--login", required=True, metavar="IDENTIFIANT", help="identifiant (ex. : nadia.b)")
    add.add_argument("--role", required=True, choices=["coordination", "contributeur", "cooperant"])
    add.add_argument(
        "--person", type=record_number, metavar="FICHE", help="pour un·e coopérant·e : le numéro de sa fiche"
    )
    add.set_defaults(run=on_open_kpa(_add))
    reset = accounts.add_parser("reset", help="donner un nouveau mot de passe à un compte (mot de passe oublié)")
    reset.add_argument("login", metavar="IDENTIFIANT")
    reset.set_defaults(run=on_open_kpa(_reset))
    close = accounts.add_parser("close", help="fermer un compte (la personne ne peut plus se connecter)")
    close.add_argument("login", metavar="IDENTIFIANT")
    close.set_defaults(run=on_open_kpa(_close))
    reopen = accounts.add_parser("open", help="rouvrir un compte fermé")
    reopen.add_argument("login", metavar="IDENTIFIANT")
    reopen.set_defaults(run=on_open_kpa(_reopen))


def _new_password() -> tuple[str, str]:
    if os.environ.get("KPA_NEW_PASSWORD"):
        return os.environ["KPA_NEW_PASSWORD"], os.environ["KPA_NEW_PASSWORD"]
    password = secret("KPA_NEW_PASSWORD", "Nouveau mot de passe (8 caractères au moins)")
    return password, secret("KPA_NEW_PASSWORD", "Le même, encore une fois")


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
    on_server = server_url(workspace) is not None
    print(
        "\n"
        + " ".join(filter(None, (f"{key_protects(on_server)}.", server_duty(on_server))))
        + f"\nVoici la CLÉ DE SECOURS de la KPA, montrée cette fois seulement :\n\n    {recovery_key}\n\n"
        "Recopiez-la ou imprimez-la, puis rangez-la sous clé, loin de l'ordinateur : si tous les mots de passe\n"
        f"étaient perdus, elle seule permettrait d'{key_opens(on_server)} (kpa accounts recover IDENTIFIANT)."
    )
    if sheet:
        from datetime import date

        from kpa_local.documents.recovery_pdf import render_recovery_sheet
        from kpa_local.files import write_where_asked

        sheet_pdf = render_recovery_sheet(workspace.kpa_name(), date.today(), recovery_key, on_server=on_server)
        write_where_asked(Path(sheet), sheet_pdf)
        print(f"Feuille à imprimer écrite : {sheet} (effacez-la une fois imprimée).")


def _encrypt(context: Context, args: argparse.Namespace) -> int:
    """`kpa encrypt`: the database of an older KPA encrypted, its backups too."""
    from kpa_local.services.encrypting import encrypt_existing

    _check_sheet(args.sheet)
    print("Sauvegarde, puis chiffrement de la base…", flush=True)
    done = encrypt_existing(context, secret("KPA_PASSWORD", "Votre mot de passe, encore une fois"))
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


def _recover(workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa accounts recover LOGIN`: the recovery key opens the KPA and gives the account a new password."""
    from kpa_local.services.accounts import recover_account

    recovery_key = secret("KPA_RECOVERY_KEY", "Clé de secours (sur la feuille imprimée)")
    password, confirmation = _new_password()
    recover_account(workspace, recovery_key, args.login, password, confirmation)
    print(f"Nouveau mot de passe enregistré pour {args.login.strip().lower()} : connectez-vous avec lui.")
    return 0


def _list(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.services.accounts import list_accounts

    for view in list_accounts(context):
        state = "" if view.active else "  (fermé)"
        print(f"{view.login:20} {view.name:30} {view.role_label}{state}")
    return 0


def _add(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services.accounts import create_account

    view = create_account(context, _form(args, args.role))
    print(f"Compte créé : {view.login} ({view.role_label}).")
    return 0


def _account_named(context: Context, login: str) -> AccountView:
    from kpa_local.services.accounts import list_accounts

    found = {view.login: view for view in list_accounts(context)}.get(login.strip().lower())
    if found is None:
        raise KpaError(f"Aucun compte n'a l'identifiant « {login} » : voyez « kpa accounts list ».")
    return found


def _reset(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services.accounts import reset_password

    found = _account_named(context, args.login)
    reset_password(context, found.id, *_new_password())
    print(f"Nouveau mot de passe enregistré pour {found.login} : donnez-le-lui de vive voix.")
    return 0


def _close(context: Context, args: argparse.Namespace) -> int:
    return _set_active(context, args.login, active=False)


def _reopen(context: Context, args: argparse.Namespace) -> int:
    return _set_active(context, args.login, active=True)


def _set_active(context: Context, login: str, *, active: bool) -> int:
    from kpa_local.services.accounts import set_active

    found = _account_named(context, login)
    set_active(context, found.id, active)
    print(f"Compte {found.login} {'rouvert' if active else 'fermé'}.")
    return 0
