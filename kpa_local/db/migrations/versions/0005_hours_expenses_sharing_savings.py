"""hours, expenses, sharing out and savings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 07:20:45.944397
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kpa_local.db import guards

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _refuse(name: str, when: str, table: str, message: str, condition: str = "") -> tuple[str, str]:
    where = f" WHEN {condition}" if condition else ""
    return name, f"CREATE TRIGGER {name} BEFORE {when} ON {table}{where} BEGIN SELECT RAISE(ABORT, '{message}'); END"


# A validated sharing-out and its shares never change, and no two cover the same day; the savings
# ledger is append-only and its balance never goes below zero. The services refuse all this with
# a sentence first; these guards keep it true whatever writes to the file.
GUARDS = dict(
    [
        _refuse("sharing_no_update", "UPDATE", "sharing", "Une répartition validée ne se modifie pas."),
        _refuse("sharing_no_delete", "DELETE", "sharing", "Une répartition validée ne se supprime pas."),
        _refuse(
            "sharing_no_overlap",
            "INSERT",
            "sharing",
            "Cette période recoupe une répartition déjà validée.",
            "EXISTS (SELECT 1 FROM sharing s WHERE s.period_start <= NEW.period_end "
            "AND NEW.period_start <= s.period_end)",
        ),
        _refuse("sharing_share_no_update", "UPDATE", "sharing_share", "Une part validée ne se modifie pas."),
        _refuse("sharing_share_no_delete", "DELETE", "sharing_share", "Une part validée ne se supprime pas."),
        _refuse("savings_entry_no_update", "UPDATE", "savings_entry", "Une écriture d''épargne ne se modifie pas."),
        _refuse("savings_entry_no_delete", "DELETE", "savings_entry", "Une écriture d''épargne ne se supprime pas."),
        _refuse(
            "savings_entry_not_below_zero",
            "INSERT",
            "savings_entry",
            "Le solde de l''épargne collective ne peut pas passer sous zéro.",
            "(SELECT coalesce(sum(amount_cents), 0) FROM savings_entry) + NEW.amount_cents < 0",
        ),
    ]
)


def upgrade() -> None:
    op.create_table(
        "sharing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("rule_json", sa.Text(), nullable=False),
        sa.Column("revenue_cents", sa.Integer(), nullable=False),
        sa.Column("expenses_cents", sa.Integer(), nullable=False),
        sa.Column("cae_cents", sa.Integer(), nullable=False),
        sa.Column("insurance_cents", sa.Integer(), nullable=False),
        sa.Column("savings_cents", sa.Integer(), nullable=False),
        sa.Column("adjustment_cents", sa.Integer(), nullable=False),
        sa.Column("adjustment_reason", sa.String(length=300), nullable=False),
        sa.Column("shared_cents", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decision_ref", sa.String(length=200), nullable=False),
        sa.Column("validated_at", sa.DateTime(), nullable=False),
        sa.Column("validated_by", sa.String(length=120), nullable=False),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_sharing_end_after_start")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing")),
        sa.UniqueConstraint("period_start", name="uq_sharing_period_start"),
    )
    op.create_table(
        "savings_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("decision_ref", sa.String(length=200), nullable=False),
        sa.Column("sharing_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.CheckConstraint("amount_cents <> 0", name=op.f("ck_savings_entry_amount_not_zero")),
        sa.ForeignKeyConstraint(["sharing_id"], ["sharing.id"], name=op.f("fk_savings_entry_sharing_id_sharing")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_savings_entry")),
        sa.UniqueConstraint("sharing_id", name=op.f("uq_savings_entry_sharing_id")),
    )
    with op.batch_alter_table("savings_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_savings_entry_day"), ["day"], unique=False)

    op.create_table(
        "sharing_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sharing_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("weight", sa.String(length=20), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("odd_cent", sa.Boolean(), nullable=False),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_sharing_share_amount_not_negative")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_sharing_share_person_id_person")),
        sa.ForeignKeyConstraint(["sharing_id"], ["sharing.id"], name=op.f("fk_sharing_share_sharing_id_sharing")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_share")),
        sa.UniqueConstraint("sharing_id", "person_id", name="uq_sharing_share_sharing_id_person_id"),
    )
    with op.batch_alter_table("sharing_share", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharing_share_person_id"), ["person_id"], unique=False)

    op.create_table(
        "expense",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("net_cents", sa.Integer(), nullable=False),
        sa.Column("vat_cents", sa.Integer(), nullable=False),
        sa.Column("supplier", sa.String(length=200), nullable=False),
        sa.Column("receipt_ref", sa.String(length=60), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("net_cents > 0 AND vat_cents >= 0", name=op.f("ck_expense_amounts_positive")),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], name=op.f("fk_expense_activity_id_activity")),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_expense_document_id_document")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense")),
    )
    with op.batch_alter_table("expense", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expense_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expense_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_expense_document_id"), ["document_id"], unique=False)

    op.create_table(
        "work_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("minutes > 0 AND minutes <= 1440", name=op.f("ck_work_entry_minutes_in_a_day")),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], name=op.f("fk_work_entry_activity_id_activity")),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_work_entry_document_id_document")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_work_entry_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_entry")),
    )
    with op.batch_alter_table("work_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_entry_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_entry_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_entry_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_work_entry_person_id_day", ["person_id", "day"], unique=False)

    for statement in GUARDS.values():
        guards.create(statement)


def downgrade() -> None:
    for name in GUARDS:
        guards.drop(name)
    with op.batch_alter_table("work_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_work_entry_person_id_day")
        batch_op.drop_index(batch_op.f("ix_work_entry_document_id"))
        batch_op.drop_index(batch_op.f("ix_work_entry_day"))
        batch_op.drop_index(batch_op.f("ix_work_entry_activity_id"))

    op.drop_table("work_entry")
    with op.batch_alter_table("expense", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expense_document_id"))
        batch_op.drop_index(batch_op.f("ix_expense_day"))
        batch_op.drop_index(batch_op.f("ix_expense_activity_id"))

    op.drop_table("expense")
    with op.batch_alter_table("sharing_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_share_person_id"))

    op.drop_table("sharing_share")
    with op.batch_alter_table("savings_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_savings_entry_day"))

    op.drop_table("savings_entry")
    op.drop_table("sharing")
