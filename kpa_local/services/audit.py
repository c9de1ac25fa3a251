"""The audit trail: every change of data and every sensitive action, chained and append-only.

Changes made through the services are recorded by a hook run after each flush, in the same
transaction: who, when, which record, which fields — never the values. Sensitive actions
(issue, backup, restore, export, settings…) are recorded by name with `record_action`.
`verify_trail` names the first altered or missing entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kpa_local.domain.accounts import Actor
from kpa_local.domain.audit import Break, Entry, entry_hash, first_break
from kpa_local.domain.audit_words import actions_matching
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

# Tables kept by the database itself or by the trail: their rows are not changes anyone made.
# The trail itself, what triggers keep, and what a server keeps for every computer (written apart from
# the units of work: sign-in events, key slots, shared settings, issued PDFs).
UNAUDITED = {"audit_entry", "audit_head", "document_balance", "account_event", "key_slot", "shared_setting",
             "document_pdf"}  # fmt: skip
OPERATIONS = {"insert": "ajout", "update": "modification", "delete": "suppression"}


@dataclass(frozen=True)
class Change:
    """An action on a record, with the names of the fields it set or changed."""

    action: str
    record: str = ""
    fields: tuple[str, ...] = ()


def append(connection: Connection, actor: Actor, changes: Iterable[Change]) -> None:
    """Add entries after the last one, chained, and move the trail's head (within the caller's transaction)."""
    from sqlalchemy import insert, select, text, update

    from kpa_local.db.models import AuditEntry, AuditHead

    if connection.dialect.name == "postgresql":
        # Computers append one after the other; the trail is dated by the server's clock, not each computer's.
        from kpa_local.db.server import take_write_lock

        take_write_lock(connection)
        moment = connection.execute(text("SELECT LOCALTIMESTAMP(0)")).scalar_one()
    else:
        moment = datetime.now()
    last_id, previous = connection.execute(select(AuditHead.last_id, AuditHead.last_hash)).one()
    at = moment.isoformat(sep=" ", timespec="seconds")
    for change in changes:
        last_id += 1
        entry = Entry(last_id, at, actor.name, actor.account_id, change.action, change.record, change.fields)
        digest = entry_hash(previous, entry)
        connection.execute(
            insert(AuditEntry).values(
                id=entry.id,
                at=at,
                actor=entry.actor,
                account_id=entry.account_id,
                action=entry.action,
                record=entry.record,
                fields=json.dumps(list(entry.fields)),
                prev_hash=previous,
                hash=digest,
            )
        )
        previous = digest
    connection.execute(update(AuditHead).where(AuditHead.id == 1).values(last_id=last_id, last_hash=previous))


def _changed_fields(instance: Any) -> tuple[str, ...]:
    from sqlalchemy import inspect

    state = inspect(instance)
    return tuple(sorted(attr.key for attr in state.mapper.column_attrs if state.attrs[attr.key].history.has_changes()))


def _set_fields(instance: Any) -> tuple[str, ...]:
    from sqlalchemy import inspect

    state = inspect(instance)
    return tuple(sorted(attr.key for attr in state.mapper.column_attrs if getattr(instance, attr.key) is not None))


def _record_of(instance: Any) -> str:
    from sqlalchemy import inspect

    key = inspect(instance).mapper.primary_key_from_instance(instance)
    return f"{instance.__tablename__}:{'/'.join(str(part) for part in key)}"


def changes_in(session: Session) -> list[Change]:
    """What a flush is about to make permanent, table by table."""
    changes = []
    for instance in session.new:
        if instance.__tablename__ not in UNAUDITED:
            changes.append(Change(f"{instance.__tablename__}.ajout", _record_of(instance), _set_fields(instance)))
    for instance in session.dirty:
        fields = _changed_fields(instance) if instance.__tablename__ not in UNAUDITED else ()
        if fields:
            changes.append(Change(f"{instance.__tablename__}.modification", _record_of(instance), fields))
    for instance in session.deleted:
        if instance.__tablename__ not in UNAUDITED:
            changes.append(Change(f"{instance.__tablename__}.suppression", _record_of(instance)))
    return sorted(changes, key=lambda change: (change.record, change.action))


def watch(context: Context) -> None:
    """Record, from now on, every change made through this context's units of work."""

    def record(session: Session) -> None:
        changes = changes_in(session)
        if changes:
            append(session.connection(), context.actor, changes)

    context.database.flush_hooks.append(record)


def record_action(context: Context, action: str, record: str = "", fields: tuple[str, ...] = ()) -> None:
    """Record a sensitive action on its own (a backup, an export, a settings change…)."""
    with context.database.unit_of_work(immediate=True) as session:
        append(session.connection(), context.actor, [Change(action, record, fields)])


def list_entries(
    context: Context, *, action: str = "", words: str = "", limit: int = 50, offset: int = 0
) -> list[Entry]:
    """The newest entries first, of one action (or prefix, `facture.`), of the actions said in `words`, or of all."""
    require(context, Permission.READ_AUDIT)
    parameters: dict[str, object] = {
        "action": action, "prefix": action + "%" if action.endswith(".") else "", "limit": limit, "offset": offset
    }  # fmt: skip
    said = ""
    if words.strip():
        codes = actions_matching(words)
        if not codes:
            return []
        parameters.update({f"said{index}": code for index, code in enumerate(codes)})
        said = f"AND action IN ({', '.join(f':said{index}' for index in range(len(codes)))}) "
    rows = context.database.read(
        "SELECT id, at, actor, account_id, action, record, fields FROM audit_entry "
        f"WHERE (:action = '' OR action = :action OR action LIKE :prefix) {said}"
        "ORDER BY id DESC LIMIT :limit OFFSET :offset",
        parameters,
    )
    return [
        Entry(id_, at, actor, account, act, record, _names(fields))
        for id_, at, actor, account, act, record, fields in rows
    ]


def _names(fields: str) -> tuple[str, ...]:
    try:
        return tuple(str(name) for name in json.loads(fields))
    except (ValueError, TypeError):
        return (str(fields),)


def verify_trail(context: Context, *, witnesses: bool = True) -> Break | None:
    """The first altered or missing entry of the trail, or None when it is whole.

    With `witnesses`, a trail whose end was cut, or a database behind the invoices issued (it was
    replaced by an older copy, the trail's head with it), is named from the marks kept outside
    the database (services.marks).
    """
    require(context, Permission.CHECK)
    rows = context.database.read(
        "SELECT id, at, actor, account_id, action, record, fields, prev_hash, hash FROM audit_entry ORDER BY id"
    )
    entries = []
    for id_, at, actor, account_id, action, record, fields, prev_hash, digest in rows:
        entries.append((Entry(id_, at, actor, account_id, action, record, _names(fields)), prev_hash, digest))
    head = context.database.read("SELECT last_id, last_hash FROM audit_head WHERE id = 1")
    if not head:
        return Break(0, "La tête du journal, qui garde sa dernière entrée, a été supprimée.")
    broken = first_break(entries, (int(head[0][0]), str(head[0][1])))
    if broken is not None or not witnesses:
        return broken
    from kpa_local.services.marks import check_rollback

    rollback = check_rollback(context)
    if rollback is None:
        return None
    return Break(int(head[0][0]) + 1, f"{rollback.text} {rollback.action}")
