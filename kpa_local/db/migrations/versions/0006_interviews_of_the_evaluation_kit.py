"""interviews of the evaluation kit: the interview, the cards chosen, the passages of notes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:00:11.186032
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("led_by", sa.String(length=20), nullable=False),
        sa.Column("interviewers", sa.String(length=200), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("months_in_kpa", sa.Integer(), nullable=True),
        sa.Column("consent_recording", sa.Boolean(), nullable=False),
        sa.Column("consent_share", sa.Boolean(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("time_answer", sa.Text(), nullable=False),
        sa.Column("why_answer", sa.Text(), nullable=False),
        sa.Column("elsewhere_answer", sa.Text(), nullable=False),
        sa.Column("exercise_answer", sa.Text(), nullable=False),
        sa.Column("after_answer", sa.Text(), nullable=False),
        sa.Column("wants_notes", sa.Boolean(), nullable=False),
        sa.Column("wants_to_lead", sa.Boolean(), nullable=False),
        sa.Column("lived_said", sa.Text(), nullable=False),
        sa.Column("lived_observed", sa.Text(), nullable=False),
        sa.Column("finished", sa.Boolean(), nullable=False),
        sa.Column("created_by_account", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "NOT anonymous OR (person_id IS NULL AND person_name = '')", name=op.f("ck_interview_anonymous_has_no_name")
        ),
        sa.CheckConstraint(
            "minutes IS NULL OR (minutes > 0 AND minutes <= 600)", name=op.f("ck_interview_minutes_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_interview_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview")),
    )
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interview_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_interview_person_id"), ["person_id"], unique=False)

    op.create_table(
        "interview_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_interview_card_interview_id_interview"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_card")),
        sa.UniqueConstraint("interview_id", "position", name="uq_interview_card_interview_id_position"),
    )
    op.create_table(
        "interview_passage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("typed_under", sa.Integer(), nullable=False),
        sa.Column("card_code", sa.String(length=20), nullable=False),
        sa.Column("card_label", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("effects", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_interview_passage_interview_id_interview"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_passage")),
    )
    with op.batch_alter_table("interview_passage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interview_passage_interview_id"), ["interview_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("interview_passage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interview_passage_interview_id"))

    op.drop_table("interview_passage")
    op.drop_table("interview_card")
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interview_person_id"))
        batch_op.drop_index(batch_op.f("ix_interview_held_on"))

    op.drop_table("interview")
