"""`kpa database upgrade --owner ADRESSE` and `kpa database move-to ADRESSE --owner ADRESSE`: a KPA on a server."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from kpa_local.cli.french import action_group
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.services.context import Context

OWNER_HELP = "l'adresse postgresql:// du rôle qui possède les tables (elle n'est jamais enregistrée)"


def add_database_commands(commands: Any) -> None:
    """Add `kpa database upgrade`."""
    database = action_group(commands, "database", "la base de données de la KPA sur un serveur PostgreSQL")
    upgrade = database.add_parser("upgrade", help="préparer ou mettre à jour la base du serveur")
    upgrade.add_argument("--owner", required=True, metavar="ADRESSE", help=OWNER_HELP)
    upgrade.set_defaults(run=_upgrade)
    move = database.add_parser("move-to", help="déplacer la KPA de ce poste vers un serveur PostgreSQL")
    move.add_argument("url", metavar="ADRESSE", help="l'adresse postgresql:// du rôle de l'application sur le serveur")
    move.add_argument("--owner", required=True, metavar="ADRESSE", help=OWNER_HELP)
    move.add_argument("--yes", action="store_true", help="ne pas demander de confirmation (scripts)")
    move.set_defaults(run=_move)


def prepare_server(url: str, owner_url: str) -> None:
    """Prepare the server's database named by the app's address `url`, as `owner_url`, and say so."""
    from kpa_local.db import server
    from kpa_local.services.server_setup import prepare, role_of

    prepare(owner_url, url)
    print(
        f"La base de la KPA sur le serveur ({server.shown_address(url)}) est prête : le rôle {role_of(url)} "
        "peut s'y connecter, sans posséder les tables."
    )


def _server_address(workspace: Workspace) -> str:
    from kpa_local.config import load_settings
    from kpa_local.db import server
    from kpa_local.domain.errors import KpaError
    from kpa_local.services.database_address import configured_url

    url = configured_url(workspace, load_settings(workspace.config_file))
    if not server.is_server_url(url):
        raise KpaError(
            f"Cette KPA garde sa base sur ce poste ({workspace.database_file}) : il n'y a rien à préparer sur un "
            f"serveur. Écrivez d'abord l'adresse du serveur dans {workspace.config_file} ([database] url = \"…\")."
        )
    return url


def _upgrade(workspace: Workspace, args: argparse.Namespace) -> int:
    prepare_server(_server_address(workspace), args.owner)
    return 0


def _move(workspace: Workspace, args: argparse.Namespace) -> int:
    from kpa_local.cli.session import on_open_kpa

    return on_open_kpa(_move_open, close=True)(workspace, args)


def _move_open(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.cli.prompts import confirm
    from kpa_local.db.server import shown_address
    from kpa_local.services.moving import move_to_server

    where = shown_address(args.url)
    if not args.yes:
        print(f"Les données de la KPA vont être copiées sur le serveur ({where}), vérifiées ligne par ligne,")
        print("après une sauvegarde ; le fichier de ce poste est ensuite gardé à part, sans être effacé.")
        if not confirm("Déplacer ? Tapez « oui » pour confirmer : ", "Rien n'a été changé.", yes=("oui",)):
            return 1
    report = move_to_server(context, args.url, args.owner)
    print(f"{report.rows} lignes copiées et vérifiées : la KPA est maintenant sur le serveur ({where}).")
    print(f"Sauvegarde d'avant : {report.safety_copy.path}. Le fichier de ce poste est gardé dans {report.kept_file}.")
    print("Sur les autres postes, copiez config/kpa.toml de celui-ci.")
    return 0
