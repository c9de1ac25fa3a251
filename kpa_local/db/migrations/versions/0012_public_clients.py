"""public clients: a collectivité's Chorus Pro service code and what it requires; a document's buyer references

A client of the public kind gets its Chorus Pro service code and two ticks, as Chorus Pro's directory
gives them for each public structure: whether its invoices must carry a service code, and whether they
must carry an engagement (order) number. A quote or an invoice gets the buyer's reference (BT-10) and the
order or commitment number (BT-13). The columns are added in place (ALTER TABLE … ADD COLUMN): the
document table is not rebuilt, so the triggers that refuse any change to an issued document stay as
they are and guard the new columns too.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-04 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

CLIENT_COLUMNS: tuple[sa.Column[object], ...] = (
    sa.Column("service_code", sa.String(length=100), nullable=False, server_default=""),
    sa.Column("requires_service_code", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("requires_order_number", sa.Boolean(), nullable=False, server_default=sa.false()),
)
DOCUMENT_COLUMNS: tuple[sa.Column[object], ...] = (
    sa.Column("buyer_reference", sa.String(length=100), nullable=False, server_default=""),
    sa.Column("order_number", sa.String(length=50), nullable=False, server_default=""),
)


def upgrade() -> None:
    for column in CLIENT_COLUMNS:
        op.add_column("client", column)
    for column in DOCUMENT_COLUMNS:
        op.add_column("document", column)


def downgrade() -> None:
    # Dropped in place too (SQLite 3.35 and later): rebuilding the document table would take its guards down,
    # and other tables point to it.
    for table, columns in (("document", DOCUMENT_COLUMNS), ("client", CLIENT_COLUMNS)):
        for column in columns:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
