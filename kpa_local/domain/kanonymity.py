"""k-anonymity of the network bundle's members, reached by local suppression (spec collecteur v1, §3).

Rows are grouped by the values of their quasi-identifiers, `*` (a suppressed value) being a
value of its own; every group must hold at least k rows, except the group whose
quasi-identifiers are all `*`. Finding the fewest cells to suppress is NP-hard in general, so
this is a greedy method in the spirit of sdcMicro's local suppression, which in practice
suppresses few cells and never any when the rows are already k-anonymous:

1. Rows in groups of k or more are never touched.
2. The rows of groups that are too small are taken one at a time — those with the fewest
   suppressed values first, then the smallest group (a fixed order, so that the same rows
   always give the same result), so that rows already moved wait for others to join them. For such a row, one more
   cell is suppressed: the quasi-identifier whose suppression puts the row with the most
   others — the rows already holding that pattern, plus the rows still too rare that would
   hold it by suppressing the same quasi-identifier (so that rare rows gather together
   rather than each losing a different value); at equal counts, the quasi-identifier listed
   last in the configuration (the least telling one goes first).
3. The groups are counted again after each cell, so that rows made alike by earlier
   suppressions gather and stop needing more. A row suppressed in every quasi-identifier is
   in the exempt group.

Then no positive disclosure of sensitive attributes: when every row of a group holds `oui`
for a sensitive attribute, that attribute becomes `*` on every row of the group.

Last, no disclosure through the months: a sensitive value (`oui` or `non`) stays only on rows whose
group on the quasi-identifiers plus the linked columns (the entry and exit months) holds at least k
rows; elsewhere it becomes `*`. Whoever knows when a person arrived could otherwise read it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

SUPPRESSED = "*"
YES = "oui"

Row = Mapping[str, str]
AnyRow = TypeVar("AnyRow", bound=Row)


@dataclass(frozen=True)
class Suppression:
    """The rows made k-anonymous, and what it cost."""

    rows: tuple[dict[str, str], ...]
    suppressed_cells: int  # quasi-identifier cells and sensitive cells replaced by `*`
    fully_suppressed_rows: int  # rows whose quasi-identifiers are all `*`
    hidden_by_months: int = 0  # of the suppressed cells: sensitive values the months would give away


def _key(row: Row, quasi: Sequence[str]) -> tuple[str, ...]:
    return tuple(row[column] for column in quasi)


def _without(row: Row, quasi: Sequence[str], column: str) -> tuple[str, ...]:
    """The row's quasi-identifiers with one more suppressed."""
    return tuple(SUPPRESSED if c == column else row[c] for c in quasi)


def small_groups(rows: Sequence[Row], quasi: Sequence[str], k: int) -> list[tuple[str, ...]]:
    """The groups (by quasi-identifier values) of fewer than k rows, the exempt all-`*` group aside."""
    counts = Counter(_key(row, quasi) for row in rows)
    exempt = tuple(SUPPRESSED for _ in quasi)
    return [key for key, size in counts.items() if size < k and key != exempt]


def is_k_anonymous(rows: Sequence[Row], quasi: Sequence[str], k: int) -> bool:
    """Whether every group but the all-`*` one holds at least k rows."""
    return not small_groups(rows, quasi, k)


def suppress(
    rows: Sequence[Row], quasi: Sequence[str], k: int, sensitive: Sequence[str] = (), linked: Sequence[str] = ()
) -> Suppression:
    """Rows made k-anonymous on `quasi` by replacing as few values as this method can with `*`; the
    sensitive values hidden where a whole group says `oui`, and where `quasi` plus `linked` single out
    fewer than k rows."""
    table = [dict(row) for row in rows]
    keys = [_key(row, quasi) for row in table]  # kept up to date: rows are re-read only when they change
    counts = Counter(keys)
    exempt = tuple(SUPPRESSED for _ in quasi)
    cells = 0
    while True:
        small = sorted(
            (key for key, size in counts.items() if size < k and key != exempt),
            key=lambda key: (key.count(SUPPRESSED), counts[key], key),
        )
        if not small:
            break
        target = small[0]
        too_small = set(small)
        at_risk = [index for index, key in enumerate(keys) if key in too_small]
        chosen = next(index for index in at_risk if keys[index] == target)
        row = table[chosen]
        options = []
        for position, column in enumerate(quasi):
            if row[column] == SUPPRESSED:
                continue
            new_key = _without(row, quasi, column)
            joining = sum(
                1 for index in at_risk
                if index != chosen and table[index][column] != SUPPRESSED
                and _without(table[index], quasi, column) == new_key
            )  # fmt: skip
            options.append((counts[new_key] + joining, position, column, new_key))
        _, _, column, new_key = max(options)
        counts[target] -= 1
        if counts[target] == 0:
            del counts[target]
        counts[new_key] += 1
        row[column] = SUPPRESSED
        keys[chosen] = new_key
        cells += 1
    cells += _hide_sensitive(table, quasi, sensitive)
    through_months = _hide_in_small_groups(table, (*quasi, *linked), sensitive, k) if linked else 0
    fully = sum(1 for row in table if _key(row, quasi) == exempt)
    return Suppression(tuple(table), cells + through_months, fully, through_months)


def groups_of(rows: Sequence[AnyRow], columns: Sequence[str]) -> dict[tuple[str, ...], list[AnyRow]]:
    """The rows grouped by their values in `columns`, `*` being a value of its own."""
    groups: dict[tuple[str, ...], list[AnyRow]] = {}
    for row in rows:
        groups.setdefault(_key(row, columns), []).append(row)
    return groups


def _hide_in_small_groups(table: list[dict[str, str]], columns: Sequence[str], sensitive: Sequence[str], k: int) -> int:
    """In each group on `columns` of fewer than k rows, every sensitive value not yet `*` becomes `*`."""
    cells = 0
    sizes = Counter(_key(row, columns) for row in table)
    for row in table:
        if sizes[_key(row, columns)] < k:
            for column in sensitive:
                if row[column] != SUPPRESSED:
                    row[column] = SUPPRESSED
                    cells += 1
    return cells


def _hide_sensitive(table: list[dict[str, str]], quasi: Sequence[str], sensitive: Sequence[str]) -> int:
    """In each group where every row says `oui` for a sensitive attribute, replace it by `*`."""
    cells = 0
    for members in groups_of(table, quasi).values():
        for column in sensitive:
            if all(row[column] == YES for row in members):
                for row in members:
                    row[column] = SUPPRESSED
                cells += len(members)
    return cells
