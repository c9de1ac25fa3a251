"""audit trail

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 02:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kpa_local.db import guards

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GENESIS = "0" * 64

# The trail is append-only: no UPDATE, no DELETE; its head follows its last entry and nothing else.
GUARDS = {
    "audit_entry_no_update": "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'Le journal des actions ne se modifie pas.'); END",
    "audit_entry_no_delete": "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'Le journal des actions ne se supprime pas.'); END",
    "audit_head_follows": "CREATE TRIGGER audit_head_follows BEFORE UPDATE ON audit_head "
    "WHEN NEW.last_id != (SELECT max(id) FROM audit_entry) "
    "OR NEW.last_hash != (SELECT hash FROM audit_entry WHERE id = NEW.last_id) "
    "BEGIN SELECT RAISE(ABORT, 'La tête du journal suit sa dernière entrée.'); END",
    "audit_head_no_delete": "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
    "BEGIN SELECT RAISE(ABORT, 'La tête du journal ne se supprime pas.'); END",
}


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=19), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("record", sa.String(length=80), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.bulk_insert(head, [{"id": 1, "last_id": 0, "last_hash": GENESIS}])
    for statement in GUARDS.values():
        guards.create(statement)


def downgrade() -> None:
    for name in GUARDS:
        guards.drop(name)
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_action"))
    op.drop_table("audit_entry")
