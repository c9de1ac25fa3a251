"""Creating and opening a workspace: settings checked, database migrated, secret in place."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime

from kpa_local.config import check_value, load_settings, template_text
from kpa_local.db import cipher
from kpa_local.db.backup import read_facts
from kpa_local.db.engine import Database
from kpa_local.db.migrate import HEAD_REVISION, current_revision, upgrade
from kpa_local.domain.accounts import Actor
from kpa_local.domain.errors import KpaError
from kpa_local.files import write_atomically
from kpa_local.services.audit import watch
from kpa_local.services.backup_kinds import Backup, BackupFailed
from kpa_local.services.backups import list_backups, protect_workspace, startup_backup
from kpa_local.services.context import LOCAL_ACTOR, Context
from kpa_local.services.database_address import url_problem
from kpa_local.services.database_place import check_database_place
from kpa_local.services.encryption import is_encrypted
from kpa_local.services.leftovers import protect_exports, sweep_leftovers
from kpa_local.toml_files import parse_toml_document
from kpa_local.workspace import Workspace

PSEUDONYM_SECRET = "pseudonymes-reseau"


def create_workspace(workspace: Workspace, *, name: str, code: str, database_url: str = "") -> None:
    """Write the settings of a new KPA from the template and make its folders (its database on a server
    when `database_url` names one: checked before anything is written)."""
    if workspace.exists():
        raise KpaError(
            f"Le dossier {workspace.root} contient déjà une KPA ({workspace.config_file}) : "
            "choisissez un autre dossier."
        )
    for key, value in (("name", name), ("code", code)):
        wrong = check_value("kpa", key, value)
        if wrong:
            label = "Le nom de la KPA" if key == "name" else "Le code réseau"
            raise KpaError(f"{label} « {value} » {wrong}.")
    problem = url_problem(database_url, workspace)
    if problem:
        raise KpaError(f"L'adresse de la base {problem}. Rien n'a été créé.")
    import tomlkit

    document = parse_toml_document(template_text(), workspace.config_file)
    kpa = document["kpa"]
    assert isinstance(kpa, tomlkit.items.Table)
    kpa["name"] = name.strip()
    kpa["code"] = code.strip()
    database = document["database"]
    assert isinstance(database, tomlkit.items.Table)
    database["url"] = database_url.strip()
    workspace.make_folders()
    write_atomically(workspace.config_file, tomlkit.dumps(document))


class DamagedDatabase(KpaError):
    """A database file that fails SQLite's check: it may only be read, until a backup is restored."""

    def __init__(self, problem: str, newest_backup: Backup | None) -> None:
        self.problem = problem
        self.newest_backup = newest_backup
        then = (
            f"restaurez la dernière sauvegarde vérifiée : kpa restore {newest_backup.path}"
            if newest_backup
            else "restaurez une sauvegarde (kpa restore FICHIER) ; s'il n'y en a pas, prévenez la coordination"
        )
        super().__init__(f"La base de données est abîmée ({problem}). Elle n'est ouverte qu'en lecture : {then}.")


UNREADABLE = (
    "Ces informations ne peuvent pas être lues : la base de données est abîmée à cet endroit. "
    "Restaurez la dernière sauvegarde vérifiée (kpa restore FICHIER, ou demandez à la coordination)."
)

DISK_FULL = (
    "Le disque est plein : ce qui devait être enregistré ne l'a pas été, et rien n'a changé. "
    "Libérez de la place sur le disque (ou demandez à la coordination), puis recommencez."
)


def is_damage(error: BaseException) -> bool:
    """Whether an error comes from SQLite finding its file damaged."""
    cause = getattr(error, "orig", None) or error
    return (isinstance(cause, cipher.database_errors()) and "malformed" in str(cause)) or "not a database" in str(cause)


def _damage(workspace: Workspace) -> DamagedDatabase | None:
    """SQLite's quick check of the database file, before anything else touches it."""
    if not workspace.database_file.is_file() or workspace.database_file.stat().st_size == 0:
        return None
    key = cipher.key_for(workspace.database_file)
    if key is None and is_encrypted(workspace):
        raise cipher.Locked(cipher.LOCKED)
    facts = read_facts(workspace.database_file, PSEUDONYM_SECRET, quick=True, key=key)
    if facts.sound:
        return None
    verified = [backup for backup in list_backups(workspace.backups_dir) if backup.verified]
    return DamagedDatabase(facts.problems[0], verified[0] if verified else None)


def open_workspace(
    workspace: Workspace,
    *,
    actor: Actor = LOCAL_ACTOR,
    clock: Callable[[], date] = date.today,
    read_only: bool = False,
) -> Context:
    """Check the settings and the database file, back it up (daily, or before a migration), migrate it,
    hand back a context. A damaged file raises DamagedDatabase; `read_only` then opens it to be read only."""
    settings = load_settings(workspace.config_file)
    url = check_database_place(workspace, settings)
    workspace.make_folders()
    sweep_leftovers(workspace)
    protect_exports(workspace)
    database = Database(url, read_only=read_only)
    if database.on_server and clock is date.today:  # every computer dates its work by the server's day
        clock = _server_day(database)
    if read_only:
        return Context(workspace=workspace, settings=settings, database=database, actor=actor, clock=clock)
    notices: tuple[str, ...] = ()
    if database.sqlite_file == workspace.database_file:
        damage = _damage(workspace)
        if damage is not None:
            raise damage
        notices = _back_up_at_start(workspace, database, settings.kpa.code)
    if database.on_server:  # the server's owner migrates it; the app's role only checks
        from kpa_local.services.server_setup import check_before_use
        from kpa_local.services.shared_settings import settings_on_server

        check_before_use(database)
        settings, told = settings_on_server(workspace, database)
        notices += told
    else:
        upgrade(database)
    _ensure_secret(database)
    if database.sqlite_file == workspace.database_file:
        from kpa_local.services.account_records import copy_file_once

        copy_file_once(workspace)
    protect_workspace(workspace)
    context = Context(
        workspace=workspace, settings=settings, database=database, actor=actor, clock=clock, notices=notices
    )
    watch(context)
    if database.on_server:
        context.notices += _server_daily_backup(context)
    _check_witnesses(context)
    if database.on_server or workspace.accounts_file.is_file():
        from kpa_local.services.accounts import write_pending_events

        write_pending_events(context)
    _anonymise_when_due(context)
    return context


def _server_daily_backup(context: Context) -> tuple[str, ...]:
    """On a server, each computer keeps the day's first dump in its backups/ folder; one that fails is said once."""
    from kpa_local.services.backup_kinds import DAILY, BackupError
    from kpa_local.services.backups import backup_due, rotate
    from kpa_local.services.encryption import accounts_file
    from kpa_local.services.server_backups import take_server_backup

    folder = context.workspace.backups_dir
    if not backup_due(folder, context.database.now()):
        return ()
    if cipher.key_for(context.workspace.database_file) is None:
        if not accounts_file(context.workspace).slots():
            return ()  # no account yet: no key, and nothing typed to keep
        return ("La sauvegarde du jour attend qu'une personne se connecte (elle est chiffrée avec la clé de la KPA).",)
    try:
        take_server_backup(context, folder, reason=DAILY)
    except (BackupError, OSError) as failure:
        message = failure.message if isinstance(failure, BackupError) else str(failure)
        return (f"La sauvegarde du jour n'a pas pu être faite : {message} Elle sera refaite à la prochaine ouverture.",)
    rotate(folder)
    return ()


def _server_day(database: Database) -> Callable[[], date]:
    def today() -> date:
        return database.now().date()

    return today


def _check_witnesses(context: Context) -> None:
    """A database behind its marks, a backup's card or the PDFs of invoices/ is named at once."""
    from kpa_local.services.marks import check_at_opening

    rollback = check_at_opening(context)
    if rollback is not None:
        context.rollback = rollback


def _anonymise_when_due(context: Context) -> None:
    """With automatic retention, coordination's opening anonymises the records past their period."""
    from kpa_local.services.access import Permission, may

    if context.settings.retention.automatic and may(context, Permission.ANONYMISE):
        from kpa_local.services.personal_data import anonymise_due

        anonymise_due(context)


def _back_up_at_start(workspace: Workspace, database: Database, code: str) -> tuple[str, ...]:
    """The day's first backup, or one before a migration, of a database that holds data.

    A day's backup that cannot be written (a full disk) does not stop the work: it is told once,
    as a notice, and tried again at the next opening. Without the backup before a migration,
    the database is not migrated.
    """
    if not workspace.database_file.is_file() or not database.read("SELECT count(*) FROM sqlite_master")[0][0]:
        return ()
    migrating = current_revision(database) != HEAD_REVISION
    try:
        startup_backup(workspace, code=code, migrating=migrating)
    except BackupFailed as failure:
        if migrating:
            raise KpaError(
                f"{failure.message} La mise à jour de la base attend cette sauvegarde : rien n'a été changé."
            ) from None
        return (f"{failure.message} Elle sera refaite à la prochaine ouverture ; le travail peut continuer.",)
    return ()


def _ensure_secret(database: Database) -> None:
    """Give the workspace its random pseudonym secret the first time it opens."""
    if database.read("SELECT count(*) FROM secret WHERE name = :name", {"name": PSEUDONYM_SECRET})[0][0]:
        return
    from kpa_local.db.models import Secret

    with database.unit_of_work() as session:
        if session.get(Secret, PSEUDONYM_SECRET) is None:
            session.add(Secret(name=PSEUDONYM_SECRET, value=secrets.token_bytes(32), created_at=datetime.now()))
