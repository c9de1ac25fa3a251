"""Reading CSV records: a record Python's reader gives up on is refused in a sentence naming its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from kpa_local.domain.errors import KpaError

_TOO_LONG = "field larger than field limit"  # the words of Python's csv module (Modules/_csv.c)


class CsvUnreadable(KpaError):
    """A CSV record that cannot be read: a cell longer than the reader's limit, or a line it cannot split."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"Ligne {line} de {source} : {problem}")


def _problem(error: csv.Error) -> str:
    if _TOO_LONG in str(error):
        limit = csv.field_size_limit()
        characters = f"{limit:_}".replace("_", "\u202f")  # 131 072, grouped the French way
        return (
            f"une case a plus de {characters} caractères ({limit // 1024} Ko), le plus long qui se lit ici ; "
            "une case aussi longue vient souvent d'un guillemet (\") jamais refermé."
        )
    return "cette ligne ne se lit pas comme du CSV (un caractère spécial s'y trouve)."


def csv_records(text: str, source: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Each record of a CSV text with the line it ends on; CsvUnreadable names the line where the unread one starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    ended = 0  # the line the last record read ends on: a quoted cell may span many lines
    try:
        for record in reader:
            ended = reader.line_num
            yield ended, record
    except csv.Error as error:
        raise CsvUnreadable(source, ended + 1, _problem(error)) from None
