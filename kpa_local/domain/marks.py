"""High-water marks: the highest number each series ever gave, and the head of the journal.

They are kept outside the database (a file beside it, every backup's card, the issued PDFs)
as witnesses: a database that is behind one of them was replaced by an older copy. A
witness can only make the app more careful; it never grants anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

FORMAT = 1
SeriesKey = tuple[str, int]  # (prefix, year; 0 when the series never starts again)


@dataclass(frozen=True)
class SeriesMark:
    """The highest number a series gave, and its place in the series."""

    seq: int
    number: str


@dataclass(frozen=True)
class JournalMark:
    """The last entry of the journal: its number and its hash."""

    last_id: int
    last_hash: str


@dataclass(frozen=True)
class Marks:
    """What a witness saw: the top of each series, and the journal's head (None if it does not know)."""

    series: Mapping[SeriesKey, SeriesMark]
    journal: JournalMark | None = None

    def to_json(self) -> dict[str, Any]:
        """The marks as plain JSON values."""
        return {
            "format": FORMAT,
            "series": [
                {"prefix": prefix, "year": year, "seq": mark.seq, "number": mark.number}
                for (prefix, year), mark in sorted(self.series.items())
            ],
            "journal": _journal_json(self.journal),
        }


NO_MARKS = Marks({})


def _journal_json(journal: JournalMark | None) -> dict[str, Any] | None:
    return None if journal is None else {"last_id": journal.last_id, "hash": journal.last_hash}


def marks_from_json(data: Any) -> Marks:
    """Marks read back; anything malformed is left out (a witness that cannot be read says nothing)."""
    if not isinstance(data, dict):
        return NO_MARKS
    series: dict[SeriesKey, SeriesMark] = {}
    for row in data.get("series") or ():
        try:
            key = (str(row["prefix"]), int(row["year"]))
            series[key] = SeriesMark(int(row["seq"]), str(row["number"]))
        except (KeyError, TypeError, ValueError):
            continue
    journal = None
    head = data.get("journal")
    if isinstance(head, dict):
        try:
            journal = JournalMark(int(head["last_id"]), str(head["hash"]))
        except (KeyError, TypeError, ValueError):
            journal = None
    return Marks(series, journal)


def marks_text(marks: Marks) -> str:
    """The marks as the text of their file."""
    return json.dumps(marks.to_json(), indent=2, ensure_ascii=False) + "\n"


def highest(witnesses: Iterable[Mapping[SeriesKey, SeriesMark]]) -> dict[SeriesKey, SeriesMark]:
    """The top of each series over several witnesses."""
    top: dict[SeriesKey, SeriesMark] = {}
    for series in witnesses:
        for key, mark in series.items():
            if key not in top or mark.seq > top[key].seq:
                top[key] = mark
    return top


@dataclass(frozen=True)
class LostRange:
    """Numbers a witness saw given, that the database no longer knows."""

    prefix: str
    year: int
    first_seq: int
    first_number: str
    last_seq: int
    last_number: str


def lost_ranges(database: Mapping[SeriesKey, int], witnessed: Mapping[SeriesKey, SeriesMark],
                number_of: Any) -> list[LostRange]:  # fmt: skip
    """The ranges a witness is ahead of the database by; `number_of(prefix, year, seq)` writes a number."""
    lost = []
    for key, mark in sorted(witnessed.items()):
        known = database.get(key, 0)
        if mark.seq > known:
            prefix, year = key
            first, last = number_of(prefix, year, known + 1), mark.number or number_of(prefix, year, mark.seq)
            lost.append(LostRange(prefix, year, known + 1, first, mark.seq, last))
    return lost


def range_text(lost: LostRange, noun: tuple[str, str]) -> str:
    """« les factures FA-2026-0008 à FA-2026-0011 manquent », or « la facture FA-2026-0011 manque »."""
    one, many = noun
    if lost.first_seq == lost.last_seq:
        return f"{one} {lost.last_number} manque"
    return f"{many} {lost.first_number} à {lost.last_number} manquent"
