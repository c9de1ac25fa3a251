"""Alembic environment: runs on the connection that kpa_local hands over."""

from __future__ import annotations

from alembic import context

from kpa_local.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by the alembic command line
    raise RuntimeError("Les migrations se lancent avec « kpa », qui leur passe la connexion.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
