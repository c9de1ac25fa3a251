"""Who acts, in which workspace, on which day: what every service call is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from kpa_local.config import Settings
from kpa_local.db.engine import Database
from kpa_local.domain.accounts import Actor
from kpa_local.workspace import Workspace

# Until accounts exist, the single local user of the office computer acts.
LOCAL_ACTOR = Actor(name="Poste du local")


@dataclass
class Context:
    """An opened workspace: settings, database, the acting person and the clock."""

    workspace: Workspace
    settings: Settings
    database: Database
    actor: Actor = LOCAL_ACTOR
    clock: Callable[[], date] = field(default=date.today)
    # What the opening has to tell once, without stopping the work (the day's backup that failed).
    notices: tuple[str, ...] = ()
    # What the opening found that every face should say at once (a database older than its witnesses).
    rollback: str | None = None

    def today(self) -> date:
        """Today's date, as the workspace's clock tells it (frozen in tests)."""
        return self.clock()

    def close(self) -> None:
        """Release the database connections."""
        self.database.dispose()
