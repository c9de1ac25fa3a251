"""A KPA on a PostgreSQL server: its address, its roles, its guards, its accounts shared by every computer.

The tests of the address and of the guards' translation need no server. The others need the throw-away
cluster of `KPA_TEST_SERVER` (`.ci/run` starts one) and say so when it is not there.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kpa_local.db import guards
from kpa_local.db.engine import Database, sqlite_url
from kpa_local.db.migrate import upgrade
from kpa_local.db.server import driver_url, shown_address, url_problem
from kpa_local.domain.accounts import AccountForm
from kpa_local.domain.errors import KpaError
from kpa_local.services.accounts import create_first_account, sign_in
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.integrity import check_workspace
from kpa_local.services.issuing import issue_document
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests import server_support
from tests.billing_support import business_client, draft
from tests.conftest import ON_SERVER, frozen_today
from tests.raw_database import raw, refusals, without_guards

needs_server = pytest.mark.skipif(
    not ON_SERVER, reason="sans serveur PostgreSQL de test : KPA_TEST_SERVER=postgresql://… (.ci/run en démarre un)"
)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("postgresql://kpa_app@127.0.0.1/kpa", None),
        ("postgresql://kpa_app@localhost:5433/kpa", None),
        ("postgresql://kpa_app@/kpa?host=/var/run/postgresql", None),
        ("postgresql://kpa_app@serveur.local/kpa?sslmode=verify-full", None),
        ("postgresql://kpa_app@serveur.local/kpa?sslmode=require", None),
        ("postgresql://kpa_app@serveur.local/kpa", "sans chiffrer la connexion"),
        ("postgresql://kpa_app@192.168.1.20/kpa?sslmode=prefer", "sans chiffrer la connexion"),
        ("postgresql://kpa_app@127.0.0.1", "ne nomme pas de base"),
        # libpq also takes its hosts from the query: each one is checked
        ("postgresql://kpa_app@localhost/kpa?hostaddr=192.0.2.1", "sans chiffrer la connexion"),
        ("postgresql://kpa_app@localhost/kpa?host=db.example.org", "sans chiffrer la connexion"),
        ("postgresql://kpa_app@localhost:5432,serveur:5432/kpa", "sans chiffrer la connexion"),
        ("postgresql://kpa_app@localhost/kpa?hostaddr=192.0.2.1&sslmode=verify-full", None),
    ],
)
def test_an_address_off_this_computer_must_ask_for_tls(url: str, problem: str | None) -> None:
    found = url_problem(url)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_a_password_is_never_printed_and_psycopg_opens_every_scheme() -> None:
    assert shown_address("postgresql://kpa_app:secret@serveur/kpa?sslmode=require") == (
        "postgresql://kpa_app:•••@serveur/kpa?sslmode=require"
    )
    assert driver_url("postgres://a@b/c") == driver_url("postgresql://a@b/c") == "postgresql+psycopg://a@b/c"


def test_every_guard_of_the_migrations_has_its_postgresql_form() -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "kpa.sqlite3"
        upgrade(Database(sqlite_url(file)))
        with sqlite3.connect(file) as connection:
            made = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    assert set(made) == set(guards.NAMES)
    for name, statement in made.items():
        function, trigger = guards.postgresql_statements(statement)
        assert f"FUNCTION {name}()" in function and f"TRIGGER {name} " in trigger
        assert "RAISE(ABORT" not in function  # every refusal raised in PL/pgSQL, with the same sentence
        assert ("RAISE EXCEPTION" in function) == ("RAISE(ABORT" in statement)


@needs_server
def test_the_first_account_on_a_server_is_in_its_database_and_every_computer_sees_it(workspace: Workspace) -> None:
    password = "mot de passe long"
    first = create_first_account(
        workspace, AccountForm("Camille Martin", "camille", "coordination", password, password)
    )
    assert first.recovery_key is not None  # the KPA's key, which seals the server's backups
    assert not workspace.accounts_file.exists() and not workspace.database_file.exists()  # nothing kept on the computer
    other = server_support.second_computer(workspace)
    assert sign_in(other, "camille", "mot de passe long").name == "Camille Martin"
    with raw(workspace) as connection:
        (stored,) = connection.execute("SELECT password_hash FROM account WHERE login = 'camille'").fetchone()
    assert stored.startswith("$argon2id$")


@needs_server
def test_the_app_role_cannot_change_an_issued_invoice_nor_take_its_guards_down(billing: Context) -> None:
    issued = issue_document(billing, create_document(billing, draft(business_client(billing))))
    with pytest.raises(refusals(), match="Document émis"), raw(billing.workspace) as connection:
        connection.execute("UPDATE document SET total_cents = 1 WHERE id = ?", (issued.id,))
    with pytest.raises(refusals(), match="must be owner"), raw(billing.workspace) as connection:
        connection.execute("ALTER TABLE document DISABLE TRIGGER USER")
    assert check_workspace(billing).ok


@needs_server
def test_a_guard_turned_off_by_the_owner_is_named_by_the_check(billing: Context) -> None:
    with raw(billing.workspace, owner=True) as connection:
        connection.execute("ALTER TABLE document DISABLE TRIGGER document_issued_no_update")
    problems = [finding.problem for finding in check_workspace(billing).findings]
    assert problems == ["Des protections de la base sont désactivées sur le serveur : document_issued_no_update."]


@needs_server
def test_the_owner_s_address_and_an_unprepared_database_are_refused_at_opening(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = server_support.new_database()
    _refused_at_opening(workspace, monkeypatch, server_support.owner_url(name), name, "possède les tables de la KPA")
    empty = server_support.copy_database("template1")
    _refused_at_opening(workspace, monkeypatch, server_support.app_url(empty), empty, "est vide : rien n'a été ouvert")


def _refused_at_opening(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, url: str, name: str, said: str) -> None:
    """Opening the workspace on `url` is refused with `said`; the database `name` is dropped after."""
    try:
        monkeypatch.setenv("KPA_DATABASE_URL", url)
        with pytest.raises(KpaError, match=said):
            open_workspace(workspace, clock=frozen_today)
    finally:
        server_support.drop_database(name)


@needs_server
def test_a_kpa_still_in_its_file_is_not_opened_on_a_server(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KPA_DATABASE_URL")
    open_workspace(workspace, clock=frozen_today).close()  # the KPA's data in its SQLite file
    name = server_support.new_database()
    _refused_at_opening(workspace, monkeypatch, server_support.app_url(name), name, "encore sa base sur ce poste")


@needs_server
def test_an_issued_pdf_is_kept_on_the_server_and_written_where_it_is_opened(billing: Context, tmp_path: Path) -> None:
    from kpa_local.services.issuing import pdf_path, write_document_pdf

    issued = issue_document(billing, create_document(billing, draft(business_client(billing))))
    local = pdf_path(billing, issued.number, 2026)
    local.unlink()  # as on another computer of the KPA, whose invoices/ does not have it
    assert check_workspace(billing).ok  # the original is on the server
    assert write_document_pdf(billing, issued.id) == local and hashlib.sha256(local.read_bytes()).hexdigest() == (
        issued.sha256
    )
    with pytest.raises(refusals(), match="Document émis"), raw(billing.workspace) as connection:
        connection.execute("UPDATE document_pdf SET pdf = ? WHERE document_id = ?", (b"%PDF-faux", issued.id))
    with raw(billing.workspace, owner=True) as connection, without_guards(connection, "document_pdf"):
        connection.execute("UPDATE document_pdf SET pdf = ? WHERE document_id = ?", (b"%PDF-faux", issued.id))
    problems = [finding.problem for finding in check_workspace(billing).findings]
    assert f"L'original du PDF de {issued.number} a été modifié sur le serveur." in problems


@needs_server
def test_the_kpa_s_settings_are_the_server_s_on_every_computer(billing: Context) -> None:
    from kpa_local.config import save_sections
    from kpa_local.services.settings import save_identity

    second = server_support.second_computer(billing.workspace)
    second.config_file.write_text(
        second.config_file.read_text(encoding="utf-8").replace('name = "Coop Manau"', 'name = "Autre nom"'),
        encoding="utf-8",
    )
    save_identity(billing, {"billing": {"payment_days": "45"}})
    other = open_workspace(second, clock=frozen_today)
    try:
        assert other.settings.billing.payment_days == 45 and other.settings.kpa.name == billing.settings.kpa.name
        assert any("viennent du serveur" in notice for notice in other.notices)
        assert "payment_days = 45" in second.config_file.read_text(encoding="utf-8")  # the file mirrors the server
    finally:
        other.close()
    save_sections(second.config_file, {"billing": {"payment_days": 10}})  # edited by hand on that computer
    again = open_workspace(second, clock=frozen_today)
    try:
        assert again.settings.billing.payment_days == 45
    finally:
        again.close()


def test_a_mistyped_address_reaches_nothing_and_offers_no_first_account(workspace: Workspace) -> None:
    from kpa_local.config import ConfigError, save_sections
    from kpa_local.services.accounts import has_accounts

    save_sections(workspace.config_file, {"database": {"url": "postgresl://kpa_app@127.0.0.1/kpa"}})
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("KPA_DATABASE_URL", raising=False)
        with pytest.raises(ConfigError, match="n'est pas une adresse que kpa_local connaît"):
            has_accounts(workspace)  # sign-in asks first: refused before any account could be made
        save_sections(workspace.config_file, {"database": {"url": "postgresql://kpa_app@192.0.2.1/kpa"}})
        with pytest.raises(ConfigError, match="sans chiffrer la connexion"):
            has_accounts(workspace)  # nothing connected to that server
    assert not workspace.accounts_file.exists() and not workspace.database_file.exists()


@needs_server
def test_a_server_out_of_reach_is_told_in_french(billing: Context, capsys: pytest.CaptureFixture[str]) -> None:
    from kpa_local.cli import main

    parts = urlsplit(billing.database.url)
    url = parts._replace(netloc=parts.netloc.rsplit(":", 1)[0] + ":1").geturl()  # a port nobody listens on
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KPA_DATABASE_URL", url)
        assert main(["--workspace", str(billing.workspace.root), "members", "list"]) == 1
    said = capsys.readouterr().err
    assert "Le serveur de la base de la KPA ne répond pas" in said and "inattendue" not in said
