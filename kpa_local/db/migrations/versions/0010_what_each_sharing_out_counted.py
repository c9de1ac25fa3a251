"""what each sharing-out counted: the payments or issued documents a validated sharing-out took in

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-03 08:10:00.000000
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from kpa_local.db import guards

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

# What a validated sharing-out counted never changes: each payment or document is counted once.
GUARDS = {
    "sharing_count_no_update": "CREATE TRIGGER sharing_count_no_update BEFORE UPDATE ON sharing_count BEGIN "
    "SELECT RAISE(ABORT, 'Ce qu''une répartition validée a compté ne se modifie pas.'); END",
    "sharing_count_no_delete": "CREATE TRIGGER sharing_count_no_delete BEFORE DELETE ON sharing_count BEGIN "
    "SELECT RAISE(ABORT, 'Ce qu''une répartition validée a compté ne se supprime pas.'); END",
}


def upgrade() -> None:
    op.create_table(
        "sharing_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sharing_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("net_cents", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(payment_id IS NULL) <> (document_id IS NULL)", name=op.f("ck_sharing_count_payment_or_document")
        ),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_sharing_count_document_id_document")),
        sa.ForeignKeyConstraint(["payment_id"], ["payment.id"], name=op.f("fk_sharing_count_payment_id_payment")),
        sa.ForeignKeyConstraint(["sharing_id"], ["sharing.id"], name=op.f("fk_sharing_count_sharing_id_sharing")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_count")),
        sa.UniqueConstraint("document_id", name=op.f("uq_sharing_count_document_id")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_sharing_count_payment_id")),
    )
    with op.batch_alter_table("sharing_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharing_count_sharing_id"), ["sharing_id"], unique=False)
    _count_what_was_validated()
    for statement in GUARDS.values():
        guards.create(statement)


def _count_what_was_validated() -> None:
    """Sharing-outs validated before this table existed counted what was dated in their period and recorded
    before their validation; what was recorded later was counted nowhere and goes to the next period."""
    from kpa_local.domain.sharing_counting import payment_net_cents

    bind = op.get_bind()
    sharings = bind.execute(sa.text("SELECT id, period_start, period_end, rule_json, validated_at FROM sharing"))
    rows: list[dict[str, object]] = []
    for sharing_id, start, end, rule_text, validated_at in sharings.all():
        basis = json.loads(rule_text).get("basis", "paiements")
        window = {"start": start, "end": end, "at": validated_at}
        if basis == "paiements":
            payments = bind.execute(
                sa.text(
                    "SELECT p.id, p.paid_on, p.amount_cents, d.total_net_cents, d.total_cents, "
                    "(SELECT coalesce(sum(e.amount_cents), 0) FROM payment e WHERE e.invoice_id = p.invoice_id "
                    "AND e.id < p.id) FROM payment p JOIN document d ON d.id = p.invoice_id "
                    "WHERE p.paid_on BETWEEN :start AND :end AND p.created_at <= :at"
                ),
                window,
            )
            for payment_id, day, paid, net, total, before in payments.all():
                net_cents = payment_net_cents(int(before), int(paid), int(net), int(total))
                rows.append({"sharing_id": sharing_id, "payment_id": payment_id, "document_id": None, "day": day,
                             "net_cents": net_cents})  # fmt: skip
        else:
            documents = bind.execute(
                sa.text(
                    "SELECT id, issue_date, CASE WHEN kind = 'avoir' THEN -total_net_cents ELSE total_net_cents END "
                    "FROM document WHERE kind IN ('facture', 'acompte', 'avoir') AND number IS NOT NULL "
                    "AND issue_date BETWEEN :start AND :end AND coalesce(issued_at, created_at) <= :at"
                ),
                window,
            )
            for document_id, day, net_cents in documents.all():
                rows.append({"sharing_id": sharing_id, "payment_id": None, "document_id": document_id, "day": day,
                             "net_cents": int(net_cents)})  # fmt: skip
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO sharing_count (sharing_id, payment_id, document_id, day, net_cents) "
                "VALUES (:sharing_id, :payment_id, :document_id, :day, :net_cents)"
            ),
            rows,
        )


def downgrade() -> None:
    for name in GUARDS:
        guards.drop(name)
    with op.batch_alter_table("sharing_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_count_sharing_id"))
    op.drop_table("sharing_count")
