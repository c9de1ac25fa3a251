"""platform statuses: what the CAE's e-invoicing platform said became of each issued document

One row per status read back from the platform's CSV (déposée, rejetée with its reason, mise à
disposition, encaissée), with its day: the history of a document on the platform. Rows are only
ever added: triggers refuse any change or removal.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 09:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kpa_local.db import guards

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

GUARDS = {
    "platform_status_no_update": "CREATE TRIGGER platform_status_no_update BEFORE UPDATE ON platform_status BEGIN "
    "SELECT RAISE(ABORT, 'Un statut reçu de la plateforme ne se modifie pas : importez le suivant.'); END",
    "platform_status_no_delete": "CREATE TRIGGER platform_status_no_delete BEFORE DELETE ON platform_status BEGIN "
    "SELECT RAISE(ABORT, 'Un statut reçu de la plateforme ne se supprime pas.'); END",
}


def upgrade() -> None:
    op.create_table(
        "platform_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_platform_status_document_id_document")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_status")),
    )
    with op.batch_alter_table("platform_status", schema=None) as batch_op:
        batch_op.create_index("ix_platform_status_document_id_day", ["document_id", "day"], unique=False)
    for statement in GUARDS.values():
        guards.create(statement)


def downgrade() -> None:
    for name in GUARDS:
        guards.drop(name)
    with op.batch_alter_table("platform_status", schema=None) as batch_op:
        batch_op.drop_index("ix_platform_status_document_id_day")
    op.drop_table("platform_status")
