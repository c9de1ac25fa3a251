"""Which validated sharing-out covers a day: the hours it counted may no longer change."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpa_local.db.models import Sharing
from kpa_local.domain.periods import Period


def validated_period_of(session: Session, day: date) -> Period | None:
    """The validated sharing-out that covers a day, if there is one."""
    sharing = session.scalar(select(Sharing).where(Sharing.period_start <= day, day <= Sharing.period_end))
    return Period(sharing.period_start, sharing.period_end) if sharing else None
