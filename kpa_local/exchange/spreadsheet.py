"""Reading the CSV files that spreadsheets write: encoding, separator, header row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpa_local.domain.errors import KpaError
from kpa_local.exchange.csv_encoding import decode_csv, is_utf16
from kpa_local.exchange.csv_rows import CsvUnreadable, csv_records
from kpa_local.files import read_bounded

MAX_IMPORT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Sheet:
    """The header and the data rows of a CSV file, with the line number of each row."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    encoding: str
    delimiter: str


_DELIMITERS = (";", ",", "\t")  # Excel in France, elsewhere, and its « Texte Unicode »; the first wins a tie


def delimiter_of(first_line: str) -> str:
    """The separator the header line uses most: « ; », « , » or a tab (« ; » when it has none)."""
    return max(_DELIMITERS, key=first_line.count)


def _not_csv(path: Path) -> KpaError:
    return KpaError(
        f"{path.name} n'est pas un fichier CSV (c'est peut-être un classeur .xlsx) : "
        "dans le tableur, faites « Enregistrer sous » puis choisissez le format CSV."
    )


def read_sheet(path: Path) -> Sheet:
    """Read a spreadsheet's CSV export; empty lines are left out."""
    raw = read_bounded(path, MAX_IMPORT_BYTES)
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
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    try:
        for line, record in csv_records(text, path.name, delimiter):
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = tuple(cell.strip() for cell in record)
                continue
            rows.append((line, tuple(record)))
    except CsvUnreadable as unreadable:
        raise KpaError(
            f"{unreadable.message} Corrigez cette ligne dans le tableur, enregistrez de nouveau en CSV, puis "
            "recommencez : rien n'a été importé."
        ) from None
    if header is None:
        raise KpaError(f"Le fichier {path.name} ne contient que des cases vides.")
    return Sheet(header=header, rows=tuple(rows), encoding=encoding, delimiter=delimiter)
