"""Where the KPA's database is: the workspace's own file, and encrypted when the KPA is.

A line of settings must not be enough to send the data elsewhere: a database named
anywhere else would be new, empty and plain, beside an encrypted KPA, and people would
type their data again in clear. The same holds for a plain file put in the place of an
encrypted KPA's database. Both are refused before anything is opened or created.
"""

from __future__ import annotations

from pathlib import Path

from kpa_local.config import ConfigError, Settings, key_place
from kpa_local.db import server
from kpa_local.db.cipher import SQLITE_HEADER
from kpa_local.db.engine import SQLITE_PREFIX, sqlite_url
from kpa_local.domain.errors import KpaError
from kpa_local.services.database_address import ENVIRONMENT, configured_url, from_environment
from kpa_local.services.encryption import is_encrypted
from kpa_local.workspace import Workspace


class PlainDatabase(KpaError):
    """A plain database file where an encrypted KPA keeps its encrypted one."""


def _named_file(url: str, workspace: Workspace) -> Path | None:
    """The file a SQLite URL or a bare path names (relative to the workspace), None for anything else."""
    if url.startswith(SQLITE_PREFIX):
        named = url[len(SQLITE_PREFIX) :]
    elif "://" in url or url.startswith("sqlite:"):
        return None
    else:
        named = url
    if not named or named.startswith(":memory:") or "?" in named:
        return None
    path = Path(named).expanduser()
    return path if path.is_absolute() else workspace.root / path


def url_problem(url: str, workspace: Workspace) -> str | None:
    """What is wrong with `[database] url`, as the end of a sentence after the key's place, or None."""
    url = url.strip()
    if not url:
        return None
    own = workspace.database_file
    if server.is_server_url(url):
        return server.url_problem(url)
    named = _named_file(url, workspace)
    if named is not None and named.resolve() == own.resolve():
        return None
    return (
        f"désigne une autre base que celle de la KPA ({own}) : elle serait vide et non chiffrée. "
        'Laissez url = "" ; rien n\'a été ouvert ni créé'
    )


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
    url = configured_url(workspace, settings)
    problem = url_problem(url, workspace)
    if problem is not None:
        setting = key_place(workspace.config_file, "database", "url")
        place = f"La variable {ENVIRONMENT}" if from_environment() else setting
        raise ConfigError([f"{place} {problem}."])
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
