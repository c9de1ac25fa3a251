"""one person once: the identity of a person (folded names and birth date) is unique

Two imports of the same spreadsheet at once could record every person twice. From this
revision the identity key is unique. People already recorded twice are not deleted (only
a person can tell whether two records are the same human being): the record with the
lowest id keeps its key, each later one gets a fourth field `|doublon-<id>` after it, which
keeps the key unique and marks the record. `kpa check` names every marked record beside
the one it repeats; editing a marked record keeps its mark while its name and birth date
stay the same. Going back down removes the marks and the constraint.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The same as kpa_local.domain.members.DUPLICATE_MARK, written here as it was when this ran.
DUPLICATE_MARK = "|doublon-"


def upgrade() -> None:
    bind = op.get_bind()
    repeated = bind.execute(
        sa.text(
            "SELECT id, identity_key FROM person WHERE identity_key IN "
            "(SELECT identity_key FROM person GROUP BY identity_key HAVING count(*) > 1) ORDER BY identity_key, id"
        )
    ).fetchall()
    first_seen: set[str] = set()
    for person_id, key in repeated:
        if key not in first_seen:
            first_seen.add(key)
            continue
        bind.execute(
            sa.text("UPDATE person SET identity_key = :marked WHERE id = :id"),
            {"marked": f"{key}{DUPLICATE_MARK}{person_id}", "id": person_id},
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_identity_key")
        batch_op.create_index("ix_person_identity_key", ["identity_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_identity_key")
        batch_op.create_index("ix_person_identity_key", ["identity_key"], unique=False)
    op.get_bind().execute(
        sa.text(
            "UPDATE person SET identity_key = substr(identity_key, 1, instr(identity_key, :mark) - 1) "
            "WHERE instr(identity_key, :mark) > 0"
        ),
        {"mark": DUPLICATE_MARK},
    )
