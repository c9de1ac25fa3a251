"""The database's own guards (triggers), written once in SQLite's form and created on either engine.

On SQLite a guard is created as written. On PostgreSQL the same guard becomes a PL/pgSQL
function and a row trigger: its condition and its statements are kept word for word, its
`RAISE(ABORT, '…')` raises the same sentence as a check violation, so that the app reads the
refusal the same way on both engines. The migrations call `create` and `drop` instead of
`op.execute`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TRIGGER = re.compile(
    r"^CREATE TRIGGER (?P<name>\w+) (?P<timing>BEFORE|AFTER) (?P<event>INSERT|DELETE|UPDATE(?: OF \w+)?) "
    r"ON (?P<table>\w+)(?: WHEN (?P<when>.+?))? BEGIN (?P<body>.+?);? END$",
    re.DOTALL,
)
_RAISE = re.compile(r"SELECT RAISE\(ABORT, ('(?:[^']|'')*')\)")
CHECK_VIOLATION = "23514"
# Every guard the migrations make, by name (`kpa check` looks for each one on a server).
NAMES = (
    "audit_entry_no_delete",
    "audit_entry_no_update",
    "audit_head_follows",
    "audit_head_no_delete",
    "document_balance_credited",
    "document_balance_opened",
    "document_balance_paid",
    "document_balance_unpaid",
    "document_issued_no_delete",
    "document_issued_no_update",
    "document_line_issued_no_delete",
    "document_line_issued_no_insert",
    "document_line_issued_no_update",
    "document_pdf_no_delete",
    "document_pdf_no_update",
    "frozen_content_no_delete",
    "frozen_content_no_update",
    "number_series_forward_only",
    "number_series_no_delete",
    "platform_status_no_delete",
    "platform_status_no_update",
    "savings_entry_no_delete",
    "savings_entry_no_update",
    "savings_entry_not_below_zero",
    "sharing_count_no_delete",
    "sharing_count_no_update",
    "sharing_no_delete",
    "sharing_no_overlap",
    "sharing_no_update",
    "sharing_share_no_delete",
    "sharing_share_no_update",
)


@dataclass(frozen=True)
class Guard:
    """One trigger, as SQLite reads it."""

    name: str
    timing: str
    event: str
    table: str
    when: str
    body: str


def parse(statement: str) -> Guard:
    """The parts of a `CREATE TRIGGER` statement in the form the migrations write."""
    found = _TRIGGER.match(" ".join(statement.split()))
    if found is None:
        raise ValueError(f"trigger not in the migrations' form: {statement}")
    parts = found.groupdict()
    return Guard(parts["name"], parts["timing"], parts["event"], parts["table"], parts["when"] or "", parts["body"])


def postgresql_statements(statement: str) -> tuple[str, str]:
    """The function and the trigger that do on PostgreSQL what the SQLite trigger does."""
    guard = parse(statement)
    body = _RAISE.sub(rf"RAISE EXCEPTION USING ERRCODE = '{CHECK_VIOLATION}', MESSAGE = \1", guard.body)
    # What the row trigger hands back: the row to write (before), the row to remove (before a delete), none (after).
    result = {"AFTER": "NULL"}.get(guard.timing, "OLD" if guard.event == "DELETE" else "NEW")
    action = f"IF {guard.when} THEN {body}; END IF;" if guard.when else f"{body};"
    function = (
        f"CREATE OR REPLACE FUNCTION {guard.name}() RETURNS trigger LANGUAGE plpgsql AS $guard$ "
        f"BEGIN {action} RETURN {result}; END $guard$"
    )
    trigger = (
        f"CREATE TRIGGER {guard.name} {guard.timing} {guard.event} ON {guard.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {guard.name}()"
    )
    return function, trigger


def create(statement: str) -> None:
    """Create one guard in the database being migrated."""
    from alembic import op

    if op.get_bind().dialect.name == "postgresql":
        for part in postgresql_statements(statement):
            op.execute(part)
    else:
        op.execute(statement)


def drop(name: str) -> None:
    """Remove one guard (a downgrade)."""
    from alembic import op

    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
