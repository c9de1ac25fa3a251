"""one KPA on a server: what each computer kept in its own files, kept in the database

On a PostgreSQL server several computers share the KPA: the sign-in events not yet in the
audit trail, the wrapped copies of the KPA's key (which encrypts the server's backups), the
settings that must be the same everywhere and the issued PDFs (the legal originals) live in
the database. On a SQLite file these tables stay empty. PostgreSQL also gets the `french`
collation that SQLite connections are given in Python.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kpa_local.db import guards

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# An issued PDF kept on the server is the legal original: added once, never changed nor removed.
GUARDS = {
    "document_pdf_no_update": "CREATE TRIGGER document_pdf_no_update BEFORE UPDATE ON document_pdf BEGIN "
    "SELECT RAISE(ABORT, 'Document émis : il ne peut plus être modifié ni supprimé ; corrigez-le par un avoir.'); END",
    "document_pdf_no_delete": "CREATE TRIGGER document_pdf_no_delete BEFORE DELETE ON document_pdf BEGIN "
    "SELECT RAISE(ABORT, 'Document émis : il ne peut plus être modifié ni supprimé ; corrigez-le par un avoir.'); END",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE COLLATION IF NOT EXISTS french (provider = icu, locale = 'fr')")
    op.create_table(
        "account_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=19), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_event")),
    )
    op.create_table(
        "key_slot",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("salt", sa.LargeBinary(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_key_slot")),
    )
    op.create_table(
        "shared_setting",
        sa.Column("section", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("section", name=op.f("pk_shared_setting")),
    )
    op.create_table(
        "document_pdf",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_document_pdf_document_id_document")),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_pdf")),
    )
    for statement in GUARDS.values():
        guards.create(statement)


def downgrade() -> None:
    for name in GUARDS:
        guards.drop(name)
    for table in ("document_pdf", "shared_setting", "key_slot", "account_event"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP COLLATION IF EXISTS french")
