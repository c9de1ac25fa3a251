"""Where the KPA's database is: the workspace's own file, and encrypted when the KPA is.

A line of settings must not be enough to send the data elsewhere: a database named
anywhere else would be new, empty and plain, beside an encrypted KPA, and people would
type their data again in clear. The same holds for a plain file put in the place of an
encrypted KPA's database. Both are refused before anything is opened or created.
"""

from __future__ import annotations

from pathlib import Path

from kpa_local.config import Settings
from kpa_local.db import server
from kpa_local.db.cipher import SQLITE_HEADER
from kpa_local.db.engine import sqlite_url
from kpa_local.domain.errors import KpaError
from kpa_local.services.database_address import checked_address
from kpa_local.services.encryption import is_encrypted
from kpa_local.workspace import Workspace


class PlainDatabase(KpaError):
    """A plain database file where an encrypted KPA keeps its encrypted one."""


def _is_plain(path: Path) -> bool:
    """Whether the file exists and starts with SQLite's plain header."""
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_database_place(workspace: Workspace, settings: Settings) -> str:
    """The URL of the workspace's own database, once the settings and the file are found to be the KPA's.

    Raises ConfigError (naming the key and its line) for a URL other than the workspace's file,
    PlainDatabase for a plain file beside an encrypted KPA's keys.
    """
    url = checked_address(workspace, settings)
    if server.is_server_url(url):
        return _server_place(workspace, url)
    database_file = workspace.database_file
    if is_encrypted(workspace) and _is_plain(database_file):
        raise PlainDatabase(
            f"La base {database_file} n'est pas chiffrée alors que cette KPA l'est ({workspace.accounts_file} "
            "garde ses clés) : ce fichier a été mis à la place de la vraie base. Rien n'a été ouvert. "
            f"Déplacez ce fichier hors du dossier {workspace.data_dir}, puis restaurez la dernière sauvegarde "
            "(kpa restore FICHIER) ou prévenez la coordination."
        )
    return sqlite_url(database_file)


def _server_place(workspace: Workspace, url: str) -> str:
    """A server's address, once this computer can reach it and no KPA data is left in the local file."""
    missing = server.driver_missing()
    if missing:
        raise KpaError(missing)
    if workspace.database_file.is_file() and workspace.database_file.stat().st_size:
        raise KpaError(
            f"Cette KPA a encore sa base sur ce poste ({workspace.database_file}) alors que ses paramètres "
            f"désignent le serveur {server.shown_address(url)} : rien n'a été ouvert, pour que rien ne soit tapé "
            f'deux fois. Laissez url = "" dans {workspace.config_file}, puis déplacez la KPA avec kpa database '
            "move-to ADRESSE --owner ADRESSE-DU-PROPRIÉTAIRE (voir le README)."
        )
    return url
