"""Preparing a KPA's database on a PostgreSQL server, and checking the role the app connects as.

Two roles on the server: the owner of the tables, whose address is given only to prepare or
update the database (`kpa init --database URL --owner URL`, `kpa database upgrade --owner URL`)
and is never written in the settings; and the app's role, written in `[database] url`, which
may read and write rows but owns nothing: it cannot drop or disable the guards that refuse a
change to an issued invoice or a validated sharing-out.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from kpa_local.db import server
from kpa_local.db.engine import Database
from kpa_local.db.migrate import HEAD_REVISION, current_revision, upgrade
from kpa_local.domain.errors import KpaError

UPGRADE = "kpa database upgrade --owner ADRESSE-DU-PROPRIÉTAIRE"


def role_of(url: str) -> str:
    """The role a server address connects as."""
    name = urlsplit(url.strip()).username
    if not name:
        raise KpaError(
            f"L'adresse {server.shown_address(url)} ne dit pas avec quel rôle se connecter : écrivez-le avant le "
            "serveur, par exemple postgresql://kpa_app@serveur/kpa."
        )
    return unquote(name)


def _quoted(role: str) -> str:
    return '"' + role.replace('"', '""') + '"'


def check_addresses(app_url: str, owner_url: str) -> None:
    """Refuse, before anything is done, an address that is not a server's or would leave the computer in clear,
    one without the role to connect as, or a computer without psycopg."""
    for address, whose in ((app_url, "de l'application"), (owner_url, "du propriétaire")):
        problem = (
            server.url_problem(address) if server.is_server_url(address) else "n'est pas une adresse postgresql://"
        )
        if problem:
            raise KpaError(f"L'adresse {whose} {problem}. Rien n'a été changé.")
    role_of(app_url)
    missing = server.driver_missing()
    if missing:
        raise KpaError(missing)


def prepare(owner_url: str, app_url: str) -> None:
    """Bring the server's database to this version's schema as its owner, and let the app's role use it."""
    check_addresses(app_url, owner_url)
    app_role = role_of(app_url)
    if app_role == role_of(owner_url):
        raise KpaError(
            "Le propriétaire des tables et le rôle de l'application doivent être deux rôles différents : sinon "
            "l'application pourrait désactiver les protections de la base. Créez un second rôle (voir le README)."
        )
    if _database_of(app_url) != _database_of(owner_url):
        raise KpaError(
            "Les deux adresses doivent désigner la même base du même serveur (seul le rôle change) : "
            f"{server.shown_address(app_url)} et {server.shown_address(owner_url)} ne le font pas. Rien n'a été changé."
        )
    owner = Database(owner_url)
    try:
        upgrade(owner)
        with owner.engine.begin() as connection:
            grants = (
                f"GRANT USAGE ON SCHEMA public TO {_quoted(app_role)}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {_quoted(app_role)}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {_quoted(app_role)}",
                # The schema's version is the owner's to move, with the tables.
                f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {_quoted(app_role)}",
            )
            for statement in grants:
                connection.exec_driver_sql(statement)
    finally:
        owner.dispose()
    app = Database(app_url)
    try:
        problem = role_problem(app)
    finally:
        app.dispose()
    if problem:  # a superuser could take the guards down: refused before any setting names it
        raise KpaError(f"{problem} Les tables sont prêtes ; rien d'autre n'a été changé.")


def _database_of(url: str) -> tuple[object, ...]:
    """Where an address leads: its hosts, its port and its database (not its role)."""
    parts = urlsplit(url.strip())
    return (tuple(server.hosts_of(url)), parts.port, parts.path.strip("/"))


def check_before_use(database: Database) -> None:
    """Refuse a server database that is not at this version's schema, or a role that owns its tables."""
    revision = current_revision(database)
    if revision != HEAD_REVISION:
        where = server.shown_address(database.url)
        state = "est vide" if revision is None else f"est à la version {revision} du schéma, pas à la {HEAD_REVISION}"
        raise KpaError(
            f"La base de la KPA sur le serveur ({where}) {state} : rien n'a été ouvert. La personne qui s'occupe "
            f"du serveur la prépare avec {UPGRADE}."
        )
    problem = role_problem(database)
    if problem:
        raise KpaError(f"{problem} Rien n'a été ouvert.")


def role_problem(database: Database) -> str | None:
    """Why the app's role may not be used (it owns the tables, or is the server's superuser), or None."""
    rows = database.read(
        "SELECT r.rolsuper, pg_has_role(current_user, t.tableowner, 'USAGE') FROM pg_roles r, pg_tables t "
        "WHERE r.rolname = current_user AND t.schemaname = 'public' AND t.tablename = 'document'"
    )
    superuser, owns = rows[0] if rows else (False, False)
    if superuser or owns:
        return (
            f"L'application se connecte au serveur avec le rôle {role_of(database.url)}, qui "
            f"{'a tous les droits sur le serveur' if superuser else 'possède les tables de la KPA'} : il pourrait "
            "désactiver les protections des factures émises. Écrivez dans la clé « database.url » le rôle de "
            "l'application, qui ne possède pas les tables (voir le README, « La KPA sur un serveur PostgreSQL »)."
        )
    return None
