"""The address of the KPA's database as the settings give it (`[database] url`, or KPA_DATABASE_URL), checked
before anything is opened: the workspace's own file, or a server reached safely."""

from __future__ import annotations

import os
from pathlib import Path

from kpa_local.config import ConfigError, Settings, key_place
from kpa_local.db import server
from kpa_local.db.engine import SQLITE_PREFIX
from kpa_local.workspace import Workspace

ENVIRONMENT = "KPA_DATABASE_URL"


def configured_url(workspace: Workspace, settings: Settings) -> str:
    """The address written in the settings or in KPA_DATABASE_URL, empty for the workspace's own file."""
    del workspace  # the same for every workspace: the variable, else the settings
    return os.environ.get(ENVIRONMENT, "").strip() or settings.database.url.strip()


def from_environment() -> bool:
    """Whether KPA_DATABASE_URL gives the address (then no settings file is changed to follow it)."""
    return bool(os.environ.get(ENVIRONMENT, "").strip())


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
    if "://" in url and not url.lower().startswith("sqlite:"):
        return (
            f"n'est pas une adresse que kpa_local connaît ({url.split('://', 1)[0]}://) : pour une base sur un "
            'serveur, elle commence par postgresql:// ; pour la base de ce poste, laissez url = "". Rien n\'a '
            "été ouvert ni créé"
        )
    named = _named_file(url, workspace)
    if named is not None and named.resolve() == own.resolve():
        return None
    return (
        f"désigne une autre base que celle de la KPA ({own}) : elle serait vide et non chiffrée. "
        'Laissez url = "" ; rien n\'a été ouvert ni créé'
    )


def checked_address(workspace: Workspace, settings: Settings) -> str:
    """The configured address once found usable (ConfigError naming its place otherwise), without opening anything."""
    url = configured_url(workspace, settings)
    problem = url_problem(url, workspace)
    if problem is not None:
        setting = key_place(workspace.config_file, "database", "url")
        place = f"La variable {ENVIRONMENT}" if from_environment() else setting
        raise ConfigError([f"{place} {problem}."])
    return url
