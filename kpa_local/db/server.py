"""A KPA on a PostgreSQL server: its address, the protection it needs, the lock computers share.

Several office computers use the same database there. What SQLite guarantees with its one
file (one writer at a time, the file's key) the server guarantees otherwise: numbering and the
audit trail take one transaction lock that the other computers wait for, and an address that
leaves the computer must ask for TLS.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kpa_local.domain.errors import KpaError

SCHEMES = ("postgresql:", "postgresql+psycopg:", "postgres:")
DRIVER_SCHEME = "postgresql+psycopg"
# The one lock every computer takes before numbering or appending to the audit trail:
# `pg_advisory_xact_lock`, released with its transaction (a killed process releases it too).
WRITE_LOCK = 0x4B50_4131  # « KPA1 »
LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")
SAFE_SSL_MODES = ("require", "verify-ca", "verify-full")
INSTALL = "installez la partie serveur de kpa_local : pip install 'kpa_local[postgres]'"


class ServerProblem(KpaError):
    """A server address that cannot be used as it is, with what to do."""


def is_server_url(url: str) -> bool:
    """Whether `[database] url` names a PostgreSQL server."""
    return url.strip().lower().startswith(SCHEMES)


def driver_url(url: str) -> str:
    """The address SQLAlchemy opens with psycopg 3, whichever PostgreSQL scheme was written."""
    rest = url.strip().split(":", 1)[1]
    return f"{DRIVER_SCHEME}:{rest}"


def hosts_of(url: str) -> list[str]:
    """Every host libpq may connect to for this address: before the `/`, and in `?host=` and `?hostaddr=`
    (each a list separated by commas); empty for the local socket."""
    parts = urlsplit(url.strip())
    query = parse_qs(parts.query)
    named = [host for value in (*query.get("host", ()), *query.get("hostaddr", ())) for host in value.split(",")]
    netloc = parts.netloc.rsplit("@", 1)[-1]
    written = [item.rsplit(":", 1)[0].strip("[]") if item.count(":") <= 1 or item.startswith("[") else item
               for item in netloc.split(",")] if netloc else []  # fmt: skip
    hosts = [host.strip() for host in (*written, *named) if host.strip()]
    # Without a host in the address, libpq takes the environment's (PGHOST, PGHOSTADDR), else the local socket.
    return hosts or [host for name in ("PGHOST", "PGHOSTADDR") for host in os.environ.get(name, "").split(",") if host]


def _ssl_mode(url: str) -> str:
    modes = parse_qs(urlsplit(url.strip()).query).get("sslmode")
    return modes[-1] if modes else ""


def url_problem(url: str) -> str | None:
    """What is wrong with a server address, as the end of a sentence after the key's place, or None."""
    parts = urlsplit(url.strip())
    if not (parts.path or "").strip("/"):
        return "ne nomme pas de base : ajoutez son nom à la fin, par exemple postgresql://kpa@serveur/kpa"
    # A Unix socket (a folder) is the computer itself.
    far = [host for host in hosts_of(url) if not host.startswith("/") and host.lower() not in LOCAL_HOSTS]
    if far and _ssl_mode(url) not in SAFE_SSL_MODES:
        return (
            f"désigne le serveur {far[0]} sans chiffrer la connexion : les noms et les montants passeraient en "
            "clair sur le réseau. Ajoutez ?sslmode=verify-full (ou require) à la fin de l'adresse, après avoir "
            "activé TLS sur le serveur"
        )
    return None


def driver_missing() -> str | None:
    """The sentence to show when psycopg is not installed, or None."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return f"La base de la KPA est sur un serveur PostgreSQL, mais ce poste ne sait pas s'y connecter : {INSTALL}."
    return None


def shown_address(url: str) -> str:
    """The address without its password, to be printed."""
    parts = urlsplit(url.strip())
    if parts.password is None:
        return url.strip()
    netloc = parts.netloc.replace(f":{parts.password}@", ":•••@")
    return parts._replace(netloc=netloc).geturl()


def take_write_lock(connection: Any) -> None:
    """Wait for the other computers' numbering or audit append, until this transaction ends."""
    from sqlalchemy import text

    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
