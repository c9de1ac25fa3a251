"""CSV files for spreadsheets: French separators, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Amount(str):
    """A figure the app formatted itself (`-12,50`): written as is, never neutralised."""

    __slots__ = ()


def neutralise(cell: str) -> str:
    """A text cell made inert: one starting like a formula gets a leading apostrophe."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def amount_cell(cents: int) -> Amount:
    """An amount as a French spreadsheet reads it: `1234,56`, `-12,50`."""
    sign = "-" if cents < 0 else ""
    return Amount(f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A CSV with `;` between cells (as French spreadsheets expect), every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([cell if isinstance(cell, Amount) else neutralise(cell) for cell in row])
    return buffer.getvalue()
