"""accounts in the database: what sign-in believes, the accounts file only unlocking

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:20:00.000000

The accounts of the accounts file are copied in once, at the first opening after this
migration (services/account_records.py, `copy_file_once`), not here: a migration does
not know where the workspace's accounts file is (a restored backup is migrated apart).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("login", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.String(length=19), nullable=True),
        sa.Column("created_at", sa.String(length=19), nullable=False),
        sa.Column("password_changed_at", sa.String(length=19), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("login", name=op.f("uq_account_login")),
    )
    op.create_table(
        "account_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("copied_at", sa.String(length=19), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_copy")),
    )


def downgrade() -> None:
    op.drop_table("account_copy")
    op.drop_table("account")
