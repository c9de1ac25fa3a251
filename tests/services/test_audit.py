"""The audit trail: what it records, that it holds no personal value, and that tampering is found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kpa_local.services.audit import list_entries, verify_trail
from kpa_local.services.backups import backup_now
from kpa_local.services.clients import save_client
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.integrity import check_workspace
from kpa_local.services.issuing import issue_document
from kpa_local.services.journals import export_journals
from kpa_local.services.settings import save_identity
from tests.billing_support import business_client, draft
from tests.raw_database import raw, refusals, without_guards


def _client_form(name: str) -> dict[str, str]:
    return {"kind": "particulier", "name": name, "address": "7 rue des Canaris", "postal_code": "59100",
            "city": "Roubaix", "email": "zoe.canari@example.org", "phone": "06 12 34 56 78"}  # fmt: skip


def test_changes_are_recorded_by_field_name_never_by_value(billing: Context) -> None:
    client = save_client(billing, _client_form("Zoé Canari"))
    save_client(billing, {**_client_form("Zoé Canari"), "phone": "06 98 76 54 32"}, client.id)
    added, changed = (
        list_entries(billing, action="client.ajout")[0],
        list_entries(billing, action="client.modification")[0],
    )
    assert added.record == changed.record == f"client:{client.id}"
    assert {"name", "email", "phone", "address"} <= set(added.fields)
    assert changed.fields == ("phone",)
    assert added.actor == billing.actor.name and added.at.startswith(date.today().isoformat())
    with raw(billing.workspace) as connection:
        trail = " ".join(str(row) for row in connection.execute("SELECT * FROM audit_entry").fetchall())
    for value in ("Zoé", "Canari", "zoe.canari", "06 12", "06 98", "Canaris"):
        assert value.lower() not in trail.lower(), value


@pytest.mark.sqlite_file("takes a backup of the SQLite file")
def test_sensitive_actions_are_named(billing: Context, tmp_path: Path) -> None:
    invoice = create_document(billing, draft(business_client(billing)))
    issued = issue_document(billing, invoice)
    (tmp_path / "cle").mkdir()
    backup_now(billing, tmp_path / "cle")
    export_journals(billing, date(2026, 1, 1), date(2026, 12, 31), tmp_path / "journaux")
    save_identity(billing, {"billing": {"payment_days": "45"}})
    actions = [(entry.action, entry.record, entry.fields) for entry in list_entries(billing, limit=4)]
    assert actions[0] == ("parametres.modification", "config/kpa.toml", ("billing.payment_days",))
    assert actions[1] == ("export.journaux", "2026-01-01_2026-12-31", ("ventes", "paiements"))
    assert actions[2][0] == "sauvegarde"
    assert ("facture.emission", issued.number, ("number", "issue_date")) in [
        (entry.action, entry.record, entry.fields) for entry in list_entries(billing, action="facture.")
    ]
    assert verify_trail(billing) is None


@pytest.mark.parametrize("statement", ["UPDATE audit_entry SET actor = 'x'", "DELETE FROM audit_entry",
                                       "DELETE FROM audit_head", "UPDATE audit_head SET last_id = 0"])  # fmt: skip
def test_the_database_refuses_any_change_to_the_trail(billing: Context, statement: str) -> None:
    save_client(billing, _client_form("Zoé Canari"))
    with pytest.raises(refusals()), raw(billing.workspace) as connection:
        connection.execute(statement)
    assert verify_trail(billing) is None


def _tamper(context: Context, *statements: str) -> None:
    """Raw SQL by someone who first removed the guards."""
    with raw(context.workspace, owner=True) as connection, without_guards(connection, "audit_entry", "audit_head"):
        for statement in statements:
            connection.execute(statement)


@pytest.fixture
def trail(billing: Context) -> Context:
    for index in range(8):
        save_client(billing, _client_form(f"Client {index}"))
    count = billing.database.read("SELECT count(*) FROM audit_entry")[0][0]
    assert count >= 8 and verify_trail(billing) is None
    return billing


@pytest.mark.parametrize("entry", [1, 3, 6])
@pytest.mark.parametrize("column", ["actor", "action", "record", "fields", "at"])
def test_an_altered_entry_is_named(trail: Context, entry: int, column: str) -> None:
    _tamper(trail, f"UPDATE audit_entry SET {column} = substr({column}, 1, 18) || 'x' WHERE id = {entry}")
    broken = verify_trail(trail)
    assert broken is not None and broken.entry_id == entry
    assert broken.text == f"L'entrée n° {entry} du journal a été modifiée."
    assert broken.text in [finding.problem for finding in check_workspace(trail).findings]


@pytest.mark.parametrize("entries", [(2,), (4, 5), (1,)])
def test_a_deleted_entry_is_named(trail: Context, entries: tuple[int, ...]) -> None:
    _tamper(trail, f"DELETE FROM audit_entry WHERE id IN ({', '.join(map(str, entries))})")
    broken = verify_trail(trail)
    assert broken is not None and broken.entry_id == entries[0]
    assert "supprimée" in broken.text and f"n° {entries[0]}" in broken.text


def test_entries_removed_from_the_end_or_a_removed_head_are_noticed(trail: Context) -> None:
    last = trail.database.read("SELECT max(id) FROM audit_entry")[0][0]
    _tamper(trail, f"DELETE FROM audit_entry WHERE id >= {last - 1}")
    broken = verify_trail(trail)
    assert broken is not None and broken.entry_id == last - 1
    assert broken.text == f"Entrées n° {last - 1} à {last} du journal supprimées (les dernières)."
    _tamper(trail, "DELETE FROM audit_head")
    broken = verify_trail(trail)
    assert broken is not None and "tête du journal" in broken.text
