"""Accounts and roles: the first account, sign-in and its delays, resets, and who may do what."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kpa_local.domain.accounts import AccountForm, Actor
from kpa_local.domain.dates import Quarter
from kpa_local.domain.errors import KpaError, Refused
from kpa_local.domain.members import MemberDraft
from kpa_local.domain.money import Money
from kpa_local.domain.periods import Period
from kpa_local.services import accounts
from kpa_local.services.access import LABELS, AccessDenied, Permission
from kpa_local.services.activities import add_activity, list_activities
from kpa_local.services.audit import list_entries
from kpa_local.services.backups import backup_now
from kpa_local.services.billing_queries import list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.imports import import_members, write_import_example
from kpa_local.services.integrity import check_workspace
from kpa_local.services.interview_analysis import interview_analysis
from kpa_local.services.interviews import save_interview
from kpa_local.services.issuing import issue_document
from kpa_local.services.journals import export_journals
from kpa_local.services.members import create_member, get_member, list_members
from kpa_local.services.network_export import prepare_bundle
from kpa_local.services.payments import record_payment
from kpa_local.services.personal_data import anonymise_person
from kpa_local.services.restore import restore_backup
from kpa_local.services.savings import record_savings
from kpa_local.services.settings import save_identity
from kpa_local.services.sharing import validate_sharing
from kpa_local.services.statements import write_statements
from kpa_local.services.views import MemberQuery
from kpa_local.services.work import list_hours, record_expense
from kpa_local.services.work_views import ExpenseDraft
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, business_client, draft, open_billing
from tests.conftest import ON_SERVER, TODAY
from tests.raw_database import raw
from tests.services.interview_support import full_draft

PASSWORD = "bonjour la KPA"
T0 = datetime(2026, 11, 26, 9, 0)


def _form(name: str = "Awa Diallo", login: str = "awa", role: str = "coordination", **changes: Any) -> AccountForm:
    return replace(AccountForm(name, login, role, PASSWORD, PASSWORD), **changes)


def test_the_first_account_is_coordination_and_there_is_only_one_first(workspace: Workspace) -> None:
    assert not accounts.has_accounts(workspace)
    actor = accounts.create_first_account(workspace, _form(role="cooperant")).actor
    assert (actor.role, actor.name) == ("coordination", "Awa Diallo")
    with pytest.raises(KpaError, match="existe déjà"):
        accounts.create_first_account(workspace, _form(login="autre"))
    assert accounts.sign_in(workspace, " AWA ", PASSWORD) == actor


@pytest.mark.sqlite_file("the computer's accounts file")
def test_passwords_are_argon2id_hashes_in_a_private_file_apart_from_the_data(workspace: Workspace) -> None:
    accounts.create_first_account(workspace, _form())
    data = workspace.accounts_file.read_bytes()
    assert PASSWORD.encode() not in data and b"$argon2id$v=19$m=65536,t=3,p=1$" in data
    assert workspace.accounts_file.stat().st_mode & 0o077 == 0
    assert workspace.accounts_file.parent == workspace.database_file.parent
    assert workspace.accounts_file != workspace.database_file


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"password": "court", "confirmation": "court"}, "password"), ({"confirmation": "autre chose"}, "confirmation"),
     ({"password": "AWA", "confirmation": "AWA"}, "password"), ({"login": "a b@"}, "login"), ({"name": " "}, "name"),
     ({"role": "cooperant"}, "person_id"), ({"role": "chef"}, "role")],
)  # fmt: skip
def test_bad_account_forms_are_refused_field_by_field(context: Context, changes: dict[str, str], field: str) -> None:
    accounts.create_first_account(context.workspace, _form())
    with pytest.raises(Refused) as refusal:
        accounts.create_account(
            context, _form(**{"name": "Karim", "login": "karim", "role": "contributeur", **changes})
        )
    assert field in [problem.field for problem in refusal.value.problems]
    assert len(accounts.list_accounts(context)) == 1


def test_failures_make_sign_in_wait_longer_and_longer(workspace: Workspace) -> None:
    accounts.create_first_account(workspace, _form())
    for attempt in range(2):
        with pytest.raises(accounts.SignInRefused) as refusal:
            accounts.sign_in(workspace, "awa", "mauvais", now=T0 + timedelta(seconds=attempt))
        assert "Attendez" not in refusal.value.message
    waits = []
    moment = T0
    for _ in range(4):
        moment += timedelta(minutes=20)
        with pytest.raises(accounts.SignInRefused) as refusal:
            accounts.sign_in(workspace, "awa", "mauvais", now=moment)
        waits.append(int(refusal.value.message.split("Attendez ")[1].split(" ")[0]))
    assert waits == [5, 10, 20, 40]
    with pytest.raises(accounts.SignInRefused, match="attendez"):
        accounts.sign_in(workspace, "awa", PASSWORD, now=moment + timedelta(seconds=30))
    assert accounts.sign_in(workspace, "awa", PASSWORD, now=moment + timedelta(seconds=41)).name == "Awa Diallo"
    with pytest.raises(accounts.SignInRefused) as refusal:
        accounts.sign_in(workspace, "awa", "mauvais", now=moment + timedelta(minutes=1))
    assert "Attendez" not in refusal.value.message  # a success starts the count again


def test_an_unknown_login_gets_the_same_answer_as_a_wrong_password(workspace: Workspace) -> None:
    accounts.create_first_account(workspace, _form())
    answers = []
    for login, password in (("awa", "mauvais"), ("inconnu", PASSWORD)):
        with pytest.raises(accounts.SignInRefused) as refusal:
            accounts.sign_in(workspace, login, password)
        answers.append(refusal.value.message)
    assert answers[0] == answers[1]


def test_the_lock_says_the_password_is_wrong_as_nobody_typed_an_identifier(workspace: Workspace) -> None:
    actor = accounts.create_first_account(workspace, _form()).actor
    assert actor.account_id is not None
    with pytest.raises(accounts.SignInRefused) as refusal:
        accounts.unlock(workspace, actor.account_id, "mauvais")
    assert refusal.value.message.startswith("Mot de passe incorrect") and "Identifiant" not in refusal.value.message
    with pytest.raises(accounts.SignInRefused) as refusal:
        accounts.sign_in(workspace, "awa", "mauvais")  # typed, the identifier is never said to be the right one
    assert refusal.value.message.startswith("Identifiant ou mot de passe incorrect")
    with pytest.raises(accounts.SignInRefused, match="Attendez"):
        accounts.unlock(workspace, actor.account_id, "mauvais")  # the lock counts failures like the sign-in
    assert accounts.accounts_of(workspace).find(account_id=actor.account_id).failures == 3  # type: ignore[union-attr]


def test_sign_in_events_reach_the_audit_trail(workspace: Workspace) -> None:
    accounts.create_first_account(workspace, _form())
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in(workspace, "awa", "mauvais")
    actor = accounts.sign_in(workspace, "awa", PASSWORD)
    context = open_workspace(workspace, actor=actor)
    try:
        actions = [(entry.action, entry.record) for entry in reversed(list_entries(context, limit=500))]
    finally:
        context.close()
    account = f"compte:{actor.account_id}"
    recorded = [(action, record) for action, record in actions if action.startswith(("connexion", "compte"))]
    assert recorded == [("compte.creation", account), ("connexion.echec", account), ("connexion", account)]
    assert not accounts.accounts_of(workspace).pending_events()


def test_coordination_resets_a_forgotten_password_and_keeps_one_coordination(context: Context) -> None:
    first = accounts.create_first_account(context.workspace, _form()).actor
    karim = accounts.create_account(context, _form("Karim Haddad", "karim", "contributeur"))
    accounts.reset_password(context, karim.id, "nouveau mot de passe", "nouveau mot de passe")
    assert accounts.sign_in(context.workspace, "karim", "nouveau mot de passe").role == "contributeur"
    as_karim = replace(context, actor=Actor("Karim Haddad", "contributeur", karim.id))
    with pytest.raises(AccessDenied, match="gérer les comptes"):
        accounts.reset_password(as_karim, karim.id, "encore un autre", "encore un autre")
    with pytest.raises(KpaError, match="dernier compte de coordination"):
        accounts.set_active(context, first.account_id or 0, False)
    accounts.set_active(context, karim.id, False)
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in(context.workspace, "karim", "nouveau mot de passe")


def test_everyone_changes_their_own_password_giving_the_current_one(context: Context) -> None:
    actor = accounts.create_first_account(context.workspace, _form()).actor
    mine = replace(context, actor=actor)
    with pytest.raises(Refused, match="actuel"):
        accounts.change_own_password(mine, "mauvais", "tout nouveau mdp", "tout nouveau mdp")
    accounts.change_own_password(mine, PASSWORD, "tout nouveau mdp", "tout nouveau mdp")
    assert accounts.sign_in(context.workspace, "awa", "tout nouveau mdp") == actor


def test_every_permission_has_a_french_label() -> None:
    assert set(LABELS) == set(Permission)


# ---- The role × action matrix, written from the roles' description, through the services ----

ALLOWED = {
    "coordination": set(Permission),
    "contributeur": {
        Permission.READ_MEMBERS, Permission.EDIT_MEMBERS, Permission.IMPORT_MEMBERS, Permission.READ_OWN_PROFILE,
        Permission.READ_ACTIVITIES, Permission.READ_BILLING, Permission.EDIT_BILLING, Permission.ISSUE_INVOICES,
        Permission.RECORD_PAYMENTS, Permission.BACK_UP, Permission.CHECK, Permission.READ_WORK,
        Permission.RECORD_WORK, Permission.VALIDATE_SHARING, Permission.EDIT_SAVINGS, Permission.ALL_STATEMENTS,
        Permission.EXPORT_NETWORK, Permission.RECORD_INTERVIEWS, Permission.READ_INTERVIEWS,
    },
    "cooperant": {Permission.READ_OWN_PROFILE, Permission.READ_ACTIVITIES, Permission.READ_BILLING,
                  Permission.EDIT_BILLING, Permission.READ_WORK, Permission.RECORD_WORK, Permission.RECORD_INTERVIEWS},
}  # fmt: skip


def _past_the_door(action: Callable[[], object]) -> None:
    """Run an action whose refusal for another reason than the role (Refused) shows the role was let in."""
    with suppress(Refused):
        action()


@pytest.fixture
def office(workspace: Workspace, tmp_path: Path) -> Iterator[dict[str, Any]]:
    context = open_billing(workspace, Clock(TODAY))
    client = business_client(context)
    issued = create_document(context, draft(client))
    issue_document(context, issued)
    person = create_member(context, MemberDraft("Traoré", "Fatou", date(2026, 1, 5))).id
    left = create_member(context, MemberDraft("Sorti", "Jean", date(2020, 1, 6), exit_date=date(2021, 1, 4))).id
    example = tmp_path / "membres.csv"
    write_import_example(example)
    (tmp_path / "sauvegardes").mkdir()
    # A server's backup needs the KPA's key, which no account holds here (only the matrix restores it).
    backup = None if ON_SERVER else backup_now(context, tmp_path / "sauvegardes").path
    yield {"context": context, "client": client, "issued": issued, "person": person, "example": example,
           "backup": backup, "tmp": tmp_path, "left": left}  # fmt: skip
    context.close()


ACTIONS: dict[Permission, Callable[[Context, dict[str, Any]], object]] = {
    Permission.READ_MEMBERS: lambda c, o: list_members(c, MemberQuery()),
    Permission.EDIT_MEMBERS: lambda c, o: create_member(c, MemberDraft("Nouvel", "Arrivant", date(2026, 11, 2))),
    Permission.IMPORT_MEMBERS: lambda c, o: import_members(c, o["example"], dry_run=True),
    Permission.EDIT_SETTINGS: lambda c, o: save_identity(c, {}),
    Permission.READ_ACTIVITIES: lambda c, o: list_activities(c),
    Permission.EDIT_ACTIVITIES: lambda c, o: add_activity(c, f"Atelier {c.actor.role}", "jardinage"),
    Permission.READ_BILLING: lambda c, o: list_documents(c, DocumentQuery()),
    Permission.EDIT_BILLING: lambda c, o: create_document(c, draft(o["client"])),
    Permission.ISSUE_INVOICES: lambda c, o: issue_document(c, create_document(o["context"], draft(o["client"]))),
    Permission.RECORD_PAYMENTS: lambda c, o: record_payment(c, o["issued"], TODAY, Money(100), "virement"),
    Permission.EXPORT_JOURNALS: lambda c, o: export_journals(c, date(2026, 1, 1), TODAY, o["tmp"] / c.actor.role),
    Permission.BACK_UP: lambda c, o: backup_now(c, o["tmp"]),
    Permission.RESTORE: lambda c, o: restore_backup(c, o["backup"]),
    Permission.CHECK: lambda c, o: check_workspace(c),
    Permission.READ_AUDIT: lambda c, o: list_entries(c),
    Permission.MANAGE_ACCOUNTS: lambda c, o: accounts.list_accounts(c),
    Permission.READ_OWN_PROFILE: lambda c, o: get_member(c, o["person"]),
    Permission.ANONYMISE: lambda c, o: anonymise_person(c, o["left"]),
    Permission.READ_WORK: lambda c, o: list_hours(c, Period.parse("2026-11")),
    Permission.RECORD_WORK: lambda c, o: record_expense(
        c, ExpenseDraft(date(2026, 11, 2), f"Achat {c.actor.role}", Money(1_000), document_id=o["issued"])
    ),
    Permission.VALIDATE_SHARING: lambda c, o: _past_the_door(
        lambda: validate_sharing(c, Period.parse("2026-10"), decided_on=TODAY, decision_ref="Réunion")
    ),
    Permission.EDIT_SAVINGS: lambda c, o: record_savings(c, "subvention", TODAY, "Don", Money(100), "Réunion"),
    Permission.ALL_STATEMENTS: lambda c, o: _past_the_door(lambda: write_statements(c, Quarter(2026, 4), [o["left"]])),
    Permission.EXPORT_NETWORK: lambda c, o: prepare_bundle(c, Quarter(2026, 3)),
    Permission.RECORD_INTERVIEWS: lambda c, o: save_interview(c, full_draft()),
    Permission.READ_INTERVIEWS: lambda c, o: interview_analysis(c),
}


def test_every_permission_is_tried() -> None:
    assert set(ACTIONS) == set(Permission)


@pytest.mark.sqlite_file("backs up and restores the SQLite file")
@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("permission", list(Permission), ids=lambda permission: permission.value)
def test_the_role_action_matrix(office: dict[str, Any], role: str, permission: Permission) -> None:
    context: Context = office["context"]
    as_role = replace(context, actor=Actor(f"Compte {role}", role, 99, office["person"]))
    if permission in ALLOWED[role]:
        ACTIONS[permission](as_role, office)
    else:
        with pytest.raises(AccessDenied):
            ACTIONS[permission](as_role, office)


def test_a_cooperant_sees_their_own_record_and_nobody_else_s(office: dict[str, Any]) -> None:
    context: Context = office["context"]
    other = create_member(context, MemberDraft("Benali", "Yanis", date(2026, 2, 1))).id
    own = replace(context, actor=Actor("Fatou Traoré", "cooperant", 7, office["person"]))
    assert get_member(own, office["person"]).id == office["person"]
    with pytest.raises(AccessDenied, match="sa propre fiche"):
        get_member(own, other)
    with pytest.raises(AccessDenied):
        list_members(own, MemberQuery())
    with raw(context.workspace) as connection:
        assert connection.execute("SELECT count(*) FROM person").fetchone() == (3,)


def test_a_cooperant_sees_the_counts_of_the_dashboard_but_no_name(office: dict[str, Any]) -> None:
    from kpa_local.services.dashboard import dashboard_figures

    context: Context = office["context"]
    create_member(context, MemberDraft("Contrat", "Finissant", date(2026, 1, 5)))
    own = replace(context, actor=Actor("Fatou Traoré", "cooperant", 7, office["person"]))
    mine, everyone = dashboard_figures(own), dashboard_figures(context)
    assert mine.people_present == everyone.people_present == 2  # Fatou and the new member; Jean has left
    assert (mine.names_shown, mine.ending_contracts) == (False, ())
    assert everyone.names_shown
