"""`kpa database upgrade --owner ADRESSE`: a KPA's database on a server prepared by the owner of its tables."""

from __future__ import annotations

import argparse
from typing import Any

from kpa_local.cli.french import action_group
from kpa_local.workspace import Workspace

OWNER_HELP = "l'adresse postgresql:// du rôle qui possède les tables (elle n'est jamais enregistrée)"


def add_database_commands(commands: Any) -> None:
    """Add `kpa database upgrade`."""
    database = action_group(commands, "database", "la base de données de la KPA sur un serveur PostgreSQL")
    upgrade = database.add_parser("upgrade", help="préparer ou mettre à jour la base du serveur")
    upgrade.add_argument("--owner", required=True, metavar="ADRESSE", help=OWNER_HELP)
    upgrade.set_defaults(run=_upgrade)


def prepare_server(workspace: Workspace, owner_url: str) -> None:
    """Prepare the server named in the settings as `owner_url`, and say so."""
    from kpa_local.config import load_settings
    from kpa_local.db import server
    from kpa_local.domain.errors import KpaError
    from kpa_local.services.database_place import configured_url
    from kpa_local.services.server_setup import prepare, role_of

    url = configured_url(workspace, load_settings(workspace.config_file))
    if not server.is_server_url(url):
        raise KpaError(
            f"Cette KPA garde sa base sur ce poste ({workspace.database_file}) : il n'y a rien à préparer sur un "
            f"serveur. Écrivez d'abord l'adresse du serveur dans {workspace.config_file} ([database] url = \"…\")."
        )
    for address, whose in ((url, "de l'application"), (owner_url, "du propriétaire")):
        problem = (
            server.url_problem(address) if server.is_server_url(address) else "n'est pas une adresse postgresql://"
        )
        if problem:
            raise KpaError(f"L'adresse {whose} {problem}. Rien n'a été changé.")
    missing = server.driver_missing()
    if missing:
        raise KpaError(missing)
    prepare(owner_url, url)
    print(
        f"La base de la KPA sur le serveur ({server.shown_address(url)}) est prête : le rôle {role_of(url)} "
        "peut s'y connecter, sans posséder les tables."
    )


def _upgrade(workspace: Workspace, args: argparse.Namespace) -> int:
    prepare_server(workspace, args.owner)
    return 0
