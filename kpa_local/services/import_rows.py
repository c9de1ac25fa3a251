"""The rows of an import told apart: new, already recorded, or a repeat of an earlier row of the same file."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from kpa_local.services.views import ImportRowReport

NEW = "nouveau"
DUPLICATE = "doublon"
ERROR = "erreur"

Key = TypeVar("Key", bound=Hashable)


@dataclass
class RowSorter(Generic[Key]):
    """Sorts the valid rows of a file by their key: what is recorded already, what the file says twice."""

    known: set[Key]
    already: tuple[str, str]  # the outcome of a row recorded already, and the sentence that says it
    repeat: str  # the sentence for a repeat; {line} is the line it repeats
    first_line: dict[Key, int] = field(default_factory=dict)

    def sort(self, line: int, name: str, key: Key) -> ImportRowReport:
        """The report of a valid row; its outcome is NEW when it is to be saved."""
        if key in self.known:
            return ImportRowReport(line, name, self.already[0], (self.already[1],))
        if key in self.first_line:
            return ImportRowReport(line, name, DUPLICATE, (self.repeat.format(line=self.first_line[key]),))
        self.first_line[key] = line
        return ImportRowReport(line, name, NEW)
