"""members and their paths

Revision ID: 0001
Revises:
Create Date: 2026-11-26 06:51:29.130262
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_name")),
    )
    op.create_table(
        "secret",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_secret")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("qpv", sa.String(length=10), nullable=False),
        sa.Column("single_parent", sa.String(length=10), nullable=False),
        sa.Column("international_protection", sa.String(length=10), nullable=False),
        sa.Column("rqth", sa.String(length=10), nullable=False),
        sa.Column("education", sa.String(length=20), nullable=False),
        sa.Column("ft_registered_at_entry", sa.String(length=10), nullable=False),
        sa.Column("ft_registered_since", sa.Date(), nullable=True),
        sa.Column("ft_registered_during", sa.Boolean(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("planned_duration", sa.String(length=10), nullable=False),
        sa.Column("exit_date", sa.Date(), nullable=True),
        sa.Column("exit_situation", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("identity_key", sa.String(length=250), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("exit_date IS NULL OR exit_date >= entry_date", name=op.f("ck_person_exit_after_entry")),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_person_partner_id_partner"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_entry_date"), ["entry_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_exit_date"), ["exit_date"], unique=False)
        batch_op.create_index("ix_person_identity_key", ["identity_key"], unique=False)
        batch_op.create_index("ix_person_last_name_first_name", ["last_name", "first_name"], unique=False)

    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_consent_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
        sa.UniqueConstraint("person_id", "kind", name="uq_consent_person_kind"),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_person_id"), ["person_id"], unique=False)

    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("cape_terms", sa.Integer(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("ended_early", sa.Date(), nullable=True),
        sa.CheckConstraint("cape_terms >= 1", name=op.f("ck_contract_cape_terms_positive")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_contract_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract")),
    )
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_end_date"), ["end_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_contract_person_id"), ["person_id"], unique=False)

    op.create_table(
        "path_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_path_step_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_path_step")),
        sa.UniqueConstraint("person_id", "step", name="uq_path_step_person_step"),
    )
    with op.batch_alter_table("path_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_path_step_person_id"), ["person_id"], unique=False)

    op.create_table(
        "role_spell",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name=op.f("ck_role_spell_end_after_start")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_role_spell_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_spell")),
    )
    with op.batch_alter_table("role_spell", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_spell_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("role_spell", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_spell_person_id"))

    op.drop_table("role_spell")
    with op.batch_alter_table("path_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_path_step_person_id"))

    op.drop_table("path_step")
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_person_id"))
        batch_op.drop_index(batch_op.f("ix_contract_end_date"))

    op.drop_table("contract")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_person_id"))

    op.drop_table("consent")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_last_name_first_name")
        batch_op.drop_index("ix_person_identity_key")
        batch_op.drop_index(batch_op.f("ix_person_exit_date"))
        batch_op.drop_index(batch_op.f("ix_person_entry_date"))

    op.drop_table("person")
    op.drop_table("secret")
    op.drop_table("partner")
