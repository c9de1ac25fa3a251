"""Accounts: the first one, signing in (with growing delays after failures), creating and resetting.

Passwords are hashed with argon2id (64 MiB, 3 passes, 1 lane: above OWASP's minimum,
about 0.2 s here). The accounts file only helps to unlock: its slot gives the database key
(an encrypted KPA), then sign-in believes the database's copy of the account alone
(services/account_records.py): its role, name, member and state, its password hash, its
failures. Any difference with the file is refused and written into the audit trail.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from kpa_local.db import cipher
from kpa_local.db.accounts import AccountRow, AccountsFile, PendingEvent
from kpa_local.domain.accounts import (
    ACCOUNT_ROLES,
    COORDINATION,
    AccountForm,
    Actor,
    form_problems,
    normal_login,
    password_problems,
    wait_after,
)
from kpa_local.domain.errors import KpaError, NotFound, Problem, Refused
from kpa_local.domain.text import french_key
from kpa_local.services import account_records as records
from kpa_local.services import encryption
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import Change, append, record_action
from kpa_local.services.context import Context
from kpa_local.services.server_accounts import ServerAccounts, accounts_store
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from sqlalchemy.orm import Session

WRONG = "Identifiant ou mot de passe incorrect : vérifiez-les (majuscules comprises) et réessayez."
# On the lock the account is known (nobody typed its identifier): only its password can be wrong.
WRONG_PASSWORD = "Mot de passe incorrect : vérifiez-le (majuscules comprises) et réessayez."
CLOSED = "Ce compte a été fermé : une autre personne peut se connecter, ou demandez à la coordination de le rouvrir."
MISMATCH = "Ce compte ne correspond pas à ce que la KPA a enregistré : demandez à la coordination de le vérifier."
FILE_LOST = (
    "Le fichier des comptes de ce poste a disparu, mais la KPA a déjà ses données et ses comptes : aucun premier "
    "compte ne peut être créé. La coordination le reconstruit avec la clé de secours de la KPA "
    "(kpa accounts recover IDENTIFIANT)."
)
SIGN_IN_FAILED = "connexion.echec"
SIGNED_IN = "connexion"
_hasher: PasswordHasher | None = None
_dummy_hash = ""


class SignInRefused(KpaError):
    """A sign-in that did not succeed, with what to do."""


@dataclass(frozen=True)
class AccountView:
    """An account as the accounts screen shows it."""

    id: int
    login: str
    name: str
    role: str
    role_label: str
    active: bool
    person_id: int | None


def hasher() -> PasswordHasher:
    """The argon2id hasher (loaded on first use)."""
    global _hasher, _dummy_hash
    if _hasher is None:
        from argon2 import PasswordHasher, Type

        _hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1, type=Type.ID)
        _dummy_hash = _hasher.hash("kpa-local-mot-de-passe-factice")
    return _hasher


def _now() -> str:
    return datetime.now().isoformat(sep=" ", timespec="seconds")


def accounts_of(workspace: Workspace) -> AccountsFile | ServerAccounts:
    """The workspace's accounts: its accounts file, or the server's database."""
    return accounts_store(workspace)


def has_accounts(workspace: Workspace) -> bool:
    """Whether the first account has been created (in the accounts file, or in the KPA's database)."""
    return accounts_of(workspace).exists() or records.holds_accounts(workspace)


def _kept_rows(workspace: Workspace) -> list[AccountRow]:
    """Every account as the database keeps it (as the file says, before the first copy), by name."""
    rows = records.all_rows(workspace) or accounts_of(workspace).all()
    return sorted(rows, key=lambda row: french_key(row.name))


def _kept(workspace: Workspace, account_id: int) -> AccountRow | None:
    """One account as the database keeps it (as the file says, before the first copy)."""
    copy = records.find(workspace, account_id)
    return copy.row if copy.ready else accounts_of(workspace).find(account_id=account_id)


def _actor(row: AccountRow) -> Actor:
    return Actor(name=row.name, role=row.role, account_id=row.id, person_id=row.person_id)


def _values(form: AccountForm) -> dict[str, object]:
    now = _now()
    return {
        "login": normal_login(form.login), "name": " ".join(form.name.split()), "role": form.role,
        "password_hash": hasher().hash(form.password), "person_id": form.person_id, "created_at": now,
        "password_changed_at": now,
    }  # fmt: skip


@dataclass(frozen=True)
class FirstAccount:
    """The first account, and the recovery key of the new encrypted database (to show once)."""

    actor: Actor
    recovery_key: str | None


def create_first_account(workspace: Workspace, form: AccountForm) -> FirstAccount:
    """The first account of a workspace, always coordination; refused once any account exists.

    A KPA whose database does not exist yet is encrypted: its key is made and wrapped for
    this account (refused where SQLCipher cannot be loaded). An older KPA whose database
    already exists stays as it is until coordination encrypts it.
    """
    first = replace(form, role=COORDINATION)
    problems = form_problems(first)
    if problems:
        raise Refused(problems)
    accounts = accounts_of(workspace)
    if not accounts.exists() and records.holds_accounts(workspace):
        raise KpaError(FILE_LOST)
    # A new KPA gets its key: it encrypts its database file, or on a server the backups the app writes.
    encrypt = not workspace.database_file.exists()
    if encrypt and not encryption.on_server(workspace):
        cipher.sqlcipher()  # refuse before anything is written
    values = _values(first)
    account_id = accounts.insert(values, only_if_empty=True)
    if account_id is None:
        raise KpaError("Le premier compte existe déjà : connectez-vous avec lui.")
    recovery = encryption.start(workspace, account_id, first.password) if encrypt else None
    records.insert(workspace, {"id": account_id, **values})  # else the database's first opening copies it
    accounts.note("compte.creation", _now(), account_id)
    row = accounts.find(account_id=account_id)
    assert row is not None
    return FirstAccount(_actor(row), recovery)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="seconds")


def _verifies(password_hash: str, password: str) -> bool:
    from argon2.exceptions import VerificationError

    try:
        return bool(hasher().verify(password_hash, password))
    except VerificationError:
        return False


def _rebuild_plain_file(workspace: Workspace) -> None:
    """A plain KPA whose accounts file was lost: the database holds everything, the file is written again."""
    if accounts_of(workspace).exists() or encryption.is_encrypted(workspace):
        return
    with suppress(cipher.Locked):
        if records.all_rows(workspace):
            records.rebuild_file(workspace)


def _refuse_while_blocked(told: AccountRow, kept: AccountRow | None, moment: datetime) -> None:
    """The later of the two ends of a wait (the file's, the database's): erasing one erases nothing."""
    ends = [end for end in (told.blocked_until, kept.blocked_until if kept else None) if end]
    if ends and datetime.fromisoformat(max(ends)) > moment:
        seconds = int((datetime.fromisoformat(max(ends)) - moment).total_seconds()) + 1
        raise SignInRefused(f"Trop d'essais manqués : attendez {seconds} secondes avant de réessayer.")


def _password_opens(workspace: Workspace, told: AccountRow, kept: AccountRow | None, password: str) -> bool:
    """Whether the password is the account's: the database's hash (plain KPA), or the key's slot (encrypted)."""
    if not encryption.is_encrypted(workspace):
        return _verifies(kept.password_hash if kept else told.password_hash, password)
    try:
        return encryption.unlock(workspace, told.id, password)
    except encryption.NoKeyForAccount as error:
        if _verifies(told.password_hash, password):
            raise SignInRefused(error.message) from None
        return False


def _count_failure(workspace: Workspace, told: AccountRow, kept: AccountRow | None, moment: datetime) -> str:
    """One more failure, in the file and (when it can be written) in the database; the wait it brings."""
    failures = max(told.failures, kept.failures if kept else 0) + 1
    wait = wait_after(failures)
    changes = {"failures": failures, "blocked_until": _stamp(moment + wait)}
    accounts_of(workspace).update(told.id, changes, SIGN_IN_FAILED, _stamp(moment))
    if kept is not None:  # a plain KPA; an encrypted one cannot be written without the password
        records.update(workspace, told.id, changes)
    return f" Attendez {int(wait.total_seconds())} secondes avant de réessayer." if wait else ""


def _refuse_differences(workspace: Workspace, told: AccountRow, copy: records.Copy, password: str) -> None:
    """Refuse an account the file tells otherwise than the database; the journal says what differed."""
    fields = records.differences(copy.row, told)
    encrypted = encryption.is_encrypted(workspace)
    if not fields and copy.row is not None and encrypted and not _verifies(copy.row.password_hash, password):
        fields = ("password_hash",)  # the slot opened, but the database's hash is another password's
    if not fields:
        return
    records.record_mismatch(workspace, told, fields, copy.row)
    raise SignInRefused(MISMATCH)


def sign_in(workspace: Workspace, login: str, password: str, now: datetime | None = None) -> Actor:
    """The account whose password this is, as the database keeps it; the same sentence for any wrong pair."""
    return _sign_in(workspace, login, password, now or datetime.now(), WRONG)


def _sign_in(workspace: Workspace, login: str, password: str, moment: datetime, wrong: str) -> Actor:
    """Sign in, saying `wrong` when the password does not open the account."""
    accounts = accounts_of(workspace)
    _rebuild_plain_file(workspace)
    told = accounts.find(login=normal_login(login))
    if told is None or not told.active:
        hasher()
        _verifies(_dummy_hash, password)  # the same time as a real check
        if not accounts.exists() and records.holds_accounts(workspace):
            raise SignInRefused(FILE_LOST)
        accounts.note(SIGN_IN_FAILED, _stamp(moment))
        raise SignInRefused(WRONG)
    plain = not encryption.is_encrypted(workspace)
    copy = records.find(workspace, told.id) if plain else records.Copy(False, None)
    _refuse_while_blocked(told, copy.row, moment)
    if not _password_opens(workspace, told, copy.row, password):
        raise SignInRefused(wrong + _count_failure(workspace, told, copy.row, moment))
    try:
        if not plain:
            copy = records.find(workspace, told.id)
        if copy.ready:
            _refuse_differences(workspace, told, copy, password)
            _refuse_while_blocked(told, copy.row, moment)
    except BaseException:
        encryption.lock(workspace)  # the key unwrapped is forgotten: no session was opened
        raise
    changes: dict[str, object] = {"failures": 0, "blocked_until": None}
    kept = copy.row or told  # before the first copy, the file as it was (see records.copy_file_once)
    if hasher().check_needs_rehash(kept.password_hash):
        changes["password_hash"] = hasher().hash(password)
    accounts.update(told.id, changes, SIGNED_IN, _stamp(moment))
    records.update(workspace, told.id, changes)
    return _actor(kept)


def unlock(workspace: Workspace, account_id: int, password: str) -> Actor:
    """The same account again, after its password (the screen lock), with the same waits after failures."""
    row = accounts_of(workspace).find(account_id=account_id)
    if row is None or not row.active:
        raise SignInRefused(CLOSED)
    return _sign_in(workspace, row.login, password, datetime.now(), WRONG_PASSWORD)


def write_pending_events(context: Context) -> None:
    """Copy the sign-in events kept in the accounts file (on a server: its table) into the audit trail.

    On a server the events are read and removed in the transaction that appends them, under the write
    lock: two computers opening at once write each event once.
    """
    accounts = accounts_of(context.workspace)
    if not accounts.pending_events():
        return
    from sqlalchemy import delete

    from kpa_local.db.models import AccountEvent

    names = {row.id: row.name for row in _kept_rows(context.workspace)}
    with context.database.unit_of_work(immediate=True) as session:
        events = _events_in(session) if context.database.on_server else accounts.pending_events()
        for event in events:
            who = Actor(name=names.get(event.account_id or 0, "identifiant inconnu"), account_id=event.account_id)
            record = f"compte:{event.account_id}" if event.account_id else "identifiant inconnu"
            append(session.connection(), who, [Change(event.action, record, (f"le {event.at}",))])
        if events and context.database.on_server:
            session.execute(delete(AccountEvent).where(AccountEvent.id <= events[-1].id))
    if events and not context.database.on_server:
        accounts.forget_events(events[-1].id)


def _events_in(session: Session) -> list[PendingEvent]:
    from sqlalchemy import select

    from kpa_local.db.models import AccountEvent

    rows = session.execute(select(AccountEvent).order_by(AccountEvent.id)).scalars()
    return [PendingEvent(row.id, row.at, row.account_id, row.action) for row in rows]


def _view(row: AccountRow) -> AccountView:
    return AccountView(
        row.id, row.login, row.name, row.role, ACCOUNT_ROLES.get(row.role, row.role), row.active, row.person_id
    )


def list_accounts(context: Context) -> list[AccountView]:
    """Every account (coordination only)."""
    require(context, Permission.MANAGE_ACCOUNTS)
    return [_view(row) for row in _kept_rows(context.workspace)]


def _person_exists(context: Context, person_id: int) -> bool:
    from kpa_local.db.models import Person

    with context.database.unit_of_work() as session:
        return session.get(Person, person_id) is not None


def create_account(context: Context, form: AccountForm) -> AccountView:
    """A new account, created by coordination."""
    require(context, Permission.MANAGE_ACCOUNTS)
    problems = form_problems(form)
    accounts = accounts_of(context.workspace)
    if not problems and accounts.find(login=normal_login(form.login)) is not None:
        problems.append(Problem("login", "Cet identifiant est déjà pris : ajoutez une initiale ou un chiffre."))
    if form.person_id is not None and not _person_exists(context, form.person_id):
        problems.append(Problem("person_id", f"Aucune fiche ne porte le numéro {form.person_id} : "
                                             "voyez le numéro sur la fiche de la personne (Membres)."))  # fmt: skip
    if problems:
        raise Refused(problems)
    if encryption.is_encrypted(context.workspace) and not encryption.is_unlocked(context.workspace):
        raise KpaError("La KPA est verrouillée : connectez-vous avec un compte de coordination, puis recommencez.")
    values = _values(form)
    account_id = accounts.insert(values)
    assert account_id is not None
    records.insert(context.workspace, {"id": account_id, **values})
    slot = encryption.slot_for(context.workspace, account_id, form.password)
    if slot is not None:
        accounts.put_slots(slot)
    record_action(context, "compte.creation", f"compte:{account_id}", ("login", "name", "role", "password"))
    row = _kept(context.workspace, account_id)
    assert row is not None
    return _view(row)


def _account(context: Context, account_id: int) -> AccountRow:
    row = _kept(context.workspace, account_id)
    if row is None:
        raise NotFound("Ce compte n'existe pas.")
    return row


def reset_password(context: Context, account_id: int, password: str, confirmation: str) -> None:
    """A forgotten password replaced by coordination; the failures are forgotten too."""
    require(context, Permission.MANAGE_ACCOUNTS)
    row = _account(context, account_id)
    problems = password_problems(password, confirmation, row.login)
    if problems:
        raise Refused(problems)
    _set_password(context.workspace, account_id, password, {"failures": 0, "blocked_until": None})
    record_action(context, "compte.mot_de_passe", f"compte:{account_id}", ("password",))


def _set_password(
    workspace: Workspace, account_id: int, password: str, more: dict[str, object] | None = None, event: str = ""
) -> None:
    """A new password: its hash and, for an encrypted KPA, the database key wrapped for it, saved together."""
    changes = {"password_hash": hasher().hash(password), "password_changed_at": _now(), **(more or {})}
    slot = encryption.slot_for(workspace, account_id, password)
    accounts_of(workspace).update(account_id, changes, event or None, _now() if event else "", slot=slot)
    records.update(workspace, account_id, changes)


def recover_account(workspace: Workspace, recovery_key: str, login: str, password: str, confirmation: str) -> None:
    """Every password lost, or the accounts file: the recovery key opens the KPA and gives one account a new password.

    A lost accounts file is written again from the database first; the account is opened again
    as the database keeps it, its failures forgotten; the event goes to the audit trail.
    """
    accounts = accounts_of(workspace)
    if not accounts.exists() and records.holds_accounts(workspace):
        encryption.unlock_with_recovery(workspace, recovery_key)
        records.rebuild_file(workspace)
    row = accounts.find(login=normal_login(login))
    if row is None:
        raise KpaError(f"Aucun compte n'a l'identifiant « {login} » : vérifiez-le (kpa accounts list le montre).")
    problems = password_problems(password, confirmation, row.login)
    if problems:
        raise Refused(problems)
    encryption.unlock_with_recovery(workspace, recovery_key)
    kept = records.find(workspace, row.id)
    if kept.ready and kept.row is None:
        raise KpaError(f"La KPA n'a pas de compte « {login} » : choisissez un compte qu'elle connaît.")
    # What the database keeps is written back into the file (a role or a name changed by hand there).
    healed = {name: getattr(kept.row, name) for name in ("login", "name", "role", "person_id")} if kept.row else {}
    more = {"failures": 0, "blocked_until": None, "active": 1, **healed}
    _set_password(workspace, row.id, password, more, "compte.secours")


def check_password(workspace: Workspace, account_id: int, password: str) -> None:
    """Refuse a password that is not the account's own (before an action that needs it)."""
    from argon2.exceptions import VerificationError

    row = _kept(workspace, account_id)
    try:
        hasher().verify(row.password_hash if row else _dummy_hash, password)
    except VerificationError:
        raise Refused([Problem("password", "Ce n'est pas votre mot de passe : retapez-le.")]) from None
    if row is None:
        raise NotFound("Ce compte n'existe pas.")


def change_own_password(context: Context, current: str, password: str, confirmation: str) -> None:
    """Anyone changes their own password, giving the current one first."""
    from argon2.exceptions import VerificationError

    if context.actor.account_id is None:
        raise KpaError("Ce poste n'est pas connecté à un compte.")
    row = _account(context, context.actor.account_id)
    try:
        hasher().verify(row.password_hash, current)
    except VerificationError:
        raise Refused([Problem("current", "Le mot de passe actuel n'est pas le bon.")]) from None
    problems = password_problems(password, confirmation, row.login)
    if problems:
        raise Refused(problems)
    _set_password(context.workspace, row.id, password)
    record_action(context, "compte.mot_de_passe", f"compte:{row.id}", ("password",))


def set_active(context: Context, account_id: int, active: bool) -> None:
    """Close an account (or open it again); the last coordination account stays open."""
    require(context, Permission.MANAGE_ACCOUNTS)
    row = _account(context, account_id)
    if not active and row.role == COORDINATION:
        others = [other for other in _kept_rows(context.workspace) if other.role == COORDINATION
                  and other.active and other.id != account_id]  # fmt: skip
        if not others:
            raise KpaError("C'est le dernier compte de coordination : créez-en un autre avant de fermer celui-ci.")
    accounts_of(context.workspace).update(account_id, {"active": int(active)})
    records.update(context.workspace, account_id, {"active": int(active)})
    record_action(context, "compte.ouverture" if active else "compte.fermeture", f"compte:{account_id}", ("active",))
