"""Reading the CSV files that spreadsheets write: encoding, separator, header row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpa_local.domain.errors import KpaError
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


def decode(raw: bytes) -> tuple[str, str]:
    """Text of a file saved as UTF-8 (with or without BOM) or as Windows-1252, and which it was."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252"


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def read_sheet(path: Path) -> Sheet:
    """Read a spreadsheet's CSV export; empty lines are left out."""
    raw = read_bounded(path, MAX_IMPORT_BYTES)
    text, encoding = decode(raw)
    if "\x00" in text:
        raise KpaError(
            f"{path.name} n'est pas un fichier CSV (c'est peut-être un classeur .xlsx) : "
            "dans le tableur, faites « Enregistrer sous » puis choisissez le format CSV."
        )
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise KpaError(f"Le fichier {path.name} est vide.")
    delimiter = _delimiter(first)
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
