"""Which columns a list shows in the room it has: the least useful dropped first, the others never cut."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ListColumn:
    """One column of a list: the room its cells need, and how much more a name may take when there is room."""

    key: str
    title: str
    room: int
    grows_to: int = 0  # a column of names: takes the room left, up to this many cells (0: fixed)


@dataclass(frozen=True)
class Fit:
    """The columns kept, in their order on screen, and the room of each."""

    keys: tuple[str, ...]
    rooms: Mapping[str, int]


def fit_columns(
    width: int,
    columns: Sequence[ListColumn],
    order: Sequence[str],
    always: int,
    needs: Mapping[str, int] | None = None,
) -> Fit:
    """The columns of a list `width` cells wide.

    `columns` are given from the one kept longest to the one dropped first; the first `always`
    are kept whatever the width. `needs` gives the cells each column's rows take (their title
    included; a name up to its `grows_to`): a column is then as wide as its rows, no wider, and
    the room it leaves goes to the names.
    """
    needs = needs or {}
    kept: list[ListColumn] = []
    rooms: dict[str, int] = {}
    used = 0
    for position, column in enumerate(columns):
        need = needs.get(column.key)
        room = column.room if need is None else (min(column.room, need) if column.grows_to else need)
        if position >= always and used + room + 2 > width:
            break
        kept.append(column)
        rooms[column.key] = room
        used += room + 2  # a space each side of every cell
    for column in kept:
        if column.grows_to:
            extra = max(0, min(needs.get(column.key, column.grows_to) - rooms[column.key], width - used))
            rooms[column.key] += extra
            used += extra
    shown = {column.key for column in kept}
    return Fit(tuple(key for key in order if key in shown), rooms)
