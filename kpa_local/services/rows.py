"""Reading one row by its key, or refusing with a French sentence when it is gone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from kpa_local.domain.errors import NotFound

Row = TypeVar("Row")


def get_or_refuse(
    session: Session, model: type[Row], key: object, message: str, *, options: Sequence[ORMOption] | None = None
) -> Row:
    """The row of `model` with this primary key; `NotFound(message)` when there is none (any more)."""
    row = session.get(model, key, options=options)
    if row is None:
        raise NotFound(message)
    return row
