"""Reading a table from a spreadsheet: its CSV export (encoding, separator) or a sheet of an .xlsx or .ods workbook.

Both end the same way: the first row that is not empty gives the header, empty rows are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kpa_local.domain.errors import KpaError
from kpa_local.domain.text import fold
from kpa_local.exchange.csv_encoding import decode_csv, is_utf16
from kpa_local.exchange.csv_rows import CsvUnreadable, csv_records
from kpa_local.exchange.workbook import read_workbook
from kpa_local.exchange.workbook_files import BINARY, CSV, DAMAGED, kind_named, kind_of, refusal
from kpa_local.files import read_bounded

MAX_IMPORT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Sheet:
    """The header and the data rows of a table, with the line number of each row (its row in a workbook's sheet).

    `encoding` and `delimiter` are a CSV file's; a workbook's sheet has a name, among the names of all its sheets.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    encoding: str
    delimiter: str
    sheet_name: str = ""
    sheet_names: tuple[str, ...] = ()


_DELIMITERS = (";", ",", "\t")  # Excel in France, elsewhere, and its « Texte Unicode »; the first wins a tie


def delimiter_of(first_line: str) -> str:
    """The separator the header line uses most: « ; », « , » or a tab (« ; » when it has none)."""
    return max(_DELIMITERS, key=first_line.count)


def _not_csv(path: Path) -> KpaError:
    return KpaError(
        f"{path.name} n'est ni un fichier CSV ni un classeur .xlsx ou .ods : ouvrez-le dans le tableur, faites "
        "« Enregistrer sous » et choisissez le format « Classeur Excel (.xlsx) » ou « CSV UTF-8 », puis recommencez."
    )


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """Read a CSV file, or one sheet of a workbook (its first one unless `sheet_name` names another)."""
    raw = read_bounded(path, MAX_IMPORT_BYTES)
    if not raw:
        raise KpaError(f"Le fichier {path.name} est vide.")
    if kind_named(path) != CSV:
        book = read_workbook(raw, path, sheet_name)
        return _sheet(
            book.records,
            empty=f"La feuille « {book.name} » de {path.name} ne contient que des cases vides.",
            encoding="",
            delimiter="",
            sheet_name=book.name,
            sheet_names=book.names,
        )
    if sheet_name and sheet_name.strip():
        raise KpaError(
            f"{path.name} est un fichier CSV, qui n'a qu'une feuille : le nom de feuille « {sheet_name.strip()} » ne "
            "s'y applique pas. Enlevez ce nom, ou importez le classeur lui-même (.xlsx ou .ods)."
        )
    found = kind_of(raw)
    if found in (BINARY, DAMAGED):
        raise _not_csv(path)
    if found != CSV:
        raise refusal(path, CSV, found)
    return _csv_sheet(raw, path)


def _csv_sheet(raw: bytes, path: Path) -> Sheet:
    if b"\x00" in raw and not is_utf16(raw):
        raise _not_csv(path)
    text, encoding = decode_csv(raw, path.name)
    if "\x00" in text:
        raise _not_csv(path)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise KpaError(f"Le fichier {path.name} est vide.")
    delimiter = delimiter_of(first)
    try:
        return _sheet(
            csv_records(text, path.name, delimiter),
            empty=f"Le fichier {path.name} ne contient que des cases vides.",
            encoding=encoding,
            delimiter=delimiter,
        )
    except CsvUnreadable as unreadable:
        raise KpaError(
            f"{unreadable.message} Corrigez cette ligne dans le tableur, enregistrez de nouveau en CSV, puis "
            "recommencez : rien n'a été importé."
        ) from None


def _sheet(records: Iterable[tuple[int, Sequence[str]]], *, empty: str, encoding: str, delimiter: str,
           sheet_name: str = "", sheet_names: tuple[str, ...] = ()) -> Sheet:  # fmt: skip
    """The header (the first row not empty) and the rows after it that are not empty either."""
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = tuple(cell.strip() for cell in record)
            continue
        rows.append((line, tuple(record)))
    if header is None:
        raise KpaError(empty)
    return Sheet(header=header, rows=tuple(rows), encoding=encoding, delimiter=delimiter, sheet_name=sheet_name,
                 sheet_names=sheet_names)  # fmt: skip


def header_key(header: str) -> str:
    """A column's title as it is compared with known spellings: no accents, no capitals, no punctuation."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(header)).split())
