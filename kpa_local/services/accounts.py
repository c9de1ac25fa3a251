"""Accounts: the first one, signing in (with growing delays after failures), creating and resetting.

Passwords are hashed with argon2id (64 MiB, 3 passes, 1 lane: above OWASP's minimum,
about 0.2 s here). Sign-in works on the accounts file alone, before the KPA's database
is opened, so that it can later unlock a key for that database.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from kpa_local.db import cipher
from kpa_local.db.accounts import AccountRow, AccountsFile
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
from kpa_local.services import encryption
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import Change, append, record_action
from kpa_local.services.context import Context
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from argon2 import PasswordHasher

WRONG = "Identifiant ou mot de passe incorrect : vérifiez-les (majuscules comprises) et réessayez."
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


def accounts_of(workspace: Workspace) -> AccountsFile:
    """The workspace's accounts file."""
    return AccountsFile(workspace.accounts_file)


def has_accounts(workspace: Workspace) -> bool:
    """Whether the first account has been created."""
    return accounts_of(workspace).exists()


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
    encrypt = not workspace.database_file.exists()
    if encrypt:
        cipher.sqlcipher()  # refuse before anything is written
    accounts = accounts_of(workspace)
    account_id = accounts.insert(_values(first), only_if_empty=True)
    if account_id is None:
        raise KpaError("Le premier compte existe déjà : connectez-vous avec lui.")
    recovery = encryption.start(workspace, account_id, first.password) if encrypt else None
    accounts.note("compte.creation", _now(), account_id)
    row = accounts.find(account_id=account_id)
    assert row is not None
    return FirstAccount(_actor(row), recovery)


def sign_in(workspace: Workspace, login: str, password: str, now: datetime | None = None) -> Actor:
    """The account whose password this is; refused with the same sentence for any wrong pair."""
    from argon2.exceptions import VerificationError

    moment = now or datetime.now()
    accounts = accounts_of(workspace)
    row = accounts.find(login=normal_login(login))
    if row is None or not row.active:
        with suppress(VerificationError):
            hasher().verify(_dummy_hash, password)  # the same time as a real check
        accounts.note(SIGN_IN_FAILED, moment.isoformat(sep=" ", timespec="seconds"))
        raise SignInRefused(WRONG)
    if row.blocked_until and datetime.fromisoformat(row.blocked_until) > moment:
        seconds = int((datetime.fromisoformat(row.blocked_until) - moment).total_seconds()) + 1
        raise SignInRefused(f"Trop d'essais manqués : attendez {seconds} secondes avant de réessayer.")
    stamp = moment.isoformat(sep=" ", timespec="seconds")
    try:
        hasher().verify(row.password_hash, password)
    except VerificationError:
        failures = row.failures + 1
        blocked = moment + wait_after(failures)
        accounts.update(
            row.id, {"failures": failures, "blocked_until": blocked.isoformat(sep=" ", timespec="seconds")},
            SIGN_IN_FAILED, stamp,
        )  # fmt: skip
        wait = wait_after(failures)
        then = f" Attendez {int(wait.total_seconds())} secondes avant de réessayer." if wait else ""
        raise SignInRefused(WRONG + then) from None
    try:
        encryption.unlock(workspace, row.id, password)
    except KpaError as error:
        raise SignInRefused(error.message) from None
    changes: dict[str, object] = {"failures": 0, "blocked_until": None}
    if hasher().check_needs_rehash(row.password_hash):
        changes["password_hash"] = hasher().hash(password)
    accounts.update(row.id, changes, SIGNED_IN, stamp)
    return _actor(row)


def unlock(workspace: Workspace, account_id: int, password: str) -> Actor:
    """The same account again, after its password (the screen lock)."""
    row = accounts_of(workspace).find(account_id=account_id)
    if row is None:
        raise SignInRefused(WRONG)
    return sign_in(workspace, row.login, password)


def write_pending_events(context: Context) -> None:
    """Copy the sign-in events kept in the accounts file into the audit trail."""
    accounts = accounts_of(context.workspace)
    events = accounts.pending_events()
    if not events:
        return
    names = {row.id: row.name for row in accounts.all()}
    with context.database.unit_of_work(immediate=True) as session:
        for event in events:
            who = Actor(name=names.get(event.account_id or 0, "identifiant inconnu"), account_id=event.account_id)
            record = f"compte:{event.account_id}" if event.account_id else "identifiant inconnu"
            append(session.connection(), who, [Change(event.action, record, (f"le {event.at}",))])
    accounts.forget_events(events[-1].id)


def _view(row: AccountRow) -> AccountView:
    return AccountView(
        row.id, row.login, row.name, row.role, ACCOUNT_ROLES.get(row.role, row.role), row.active, row.person_id
    )


def list_accounts(context: Context) -> list[AccountView]:
    """Every account (coordination only)."""
    require(context, Permission.MANAGE_ACCOUNTS)
    return [_view(row) for row in accounts_of(context.workspace).all()]


def create_account(context: Context, form: AccountForm) -> AccountView:
    """A new account, created by coordination."""
    require(context, Permission.MANAGE_ACCOUNTS)
    problems = form_problems(form)
    accounts = accounts_of(context.workspace)
    if not problems and accounts.find(login=normal_login(form.login)) is not None:
        problems.append(Problem("login", "Cet identifiant est déjà pris : ajoutez une initiale ou un chiffre."))
    if problems:
        raise Refused(problems)
    if encryption.is_encrypted(context.workspace) and not encryption.is_unlocked(context.workspace):
        raise KpaError("La KPA est verrouillée : connectez-vous avec un compte de coordination, puis recommencez.")
    account_id = accounts.insert(_values(form))
    assert account_id is not None
    slot = encryption.slot_for(context.workspace, account_id, form.password)
    if slot is not None:
        accounts.put_slots(slot)
    record_action(context, "compte.creation", f"compte:{account_id}", ("login", "name", "role", "password"))
    row = accounts.find(account_id=account_id)
    assert row is not None
    return _view(row)


def _account(context: Context, account_id: int) -> AccountRow:
    row = accounts_of(context.workspace).find(account_id=account_id)
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


def recover_account(workspace: Workspace, recovery_key: str, login: str, password: str, confirmation: str) -> None:
    """Every password lost: the recovery key opens the KPA and gives one account a new password.

    The account is opened again and its failures forgotten; the event goes to the audit trail.
    """
    accounts = accounts_of(workspace)
    row = accounts.find(login=normal_login(login))
    if row is None:
        raise KpaError(f"Aucun compte n'a l'identifiant « {login} ».")
    problems = password_problems(password, confirmation, row.login)
    if problems:
        raise Refused(problems)
    encryption.unlock_with_recovery(workspace, recovery_key)
    _set_password(workspace, row.id, password, {"failures": 0, "blocked_until": None, "active": 1}, "compte.secours")


def check_password(workspace: Workspace, account_id: int, password: str) -> None:
    """Refuse a password that is not the account's own (before an action that needs it)."""
    from argon2.exceptions import VerificationError

    row = accounts_of(workspace).find(account_id=account_id)
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
        others = [other for other in accounts_of(context.workspace).all() if other.role == COORDINATION
                  and other.active and other.id != account_id]  # fmt: skip
        if not others:
            raise KpaError("C'est le dernier compte de coordination : créez-en un autre avant de fermer celui-ci.")
    accounts_of(context.workspace).update(account_id, {"active": int(active)})
    record_action(context, "compte.ouverture" if active else "compte.fermeture", f"compte:{account_id}", ("active",))
