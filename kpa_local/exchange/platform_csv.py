"""The CSV files of the hand-over to the CAE's e-invoicing platform: the statuses it sends back, read row by row.

The statuses file has a header row naming four columns, in any order and in any of the spellings below:
the document's number, its status, the status's date and, for a rejection, the reason. A row is read
into a `StatusRow` carrying what is wrong with it; nothing here knows which numbers exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kpa_local.domain.dates import DateError, parse_date
from kpa_local.domain.errors import KpaError
from kpa_local.domain.platform_statuses import REASON_LENGTH, REJECTED, accepted_words, status_of
from kpa_local.exchange.spreadsheet import header_key, read_sheet

COLUMNS = {
    "number": ("numero", "numero de facture", "n facture", "no facture", "facture", "numero de document",
               "invoice number", "invoice", "number", "invoice id"),
    "status": ("statut", "etat", "status", "statut de la facture", "lifecycle status"),
    "day": ("date", "date du statut", "date de statut", "status date", "date statut"),
    "reason": ("motif", "raison", "motif du rejet", "commentaire", "reason", "comment", "message"),
}  # fmt: skip
REQUIRED = ("number", "status", "day")
COLUMN_LABELS = {"number": "Numéro", "status": "Statut", "day": "Date", "reason": "Motif"}
_ISO_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


@dataclass(frozen=True)
class StatusRow:
    """One row of the platform's file, as read: what it says and what is wrong with it."""

    line: int
    number: str
    status: str | None
    day: date | None
    reason: str
    problems: tuple[str, ...] = ()


def _columns(header: tuple[str, ...], source: str) -> dict[str, int]:
    known = {header_key(spelling): name for name, spellings in COLUMNS.items() for spelling in spellings}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = known.get(header_key(cell))
        if name and name not in found:
            found[name] = index
    missing = [COLUMN_LABELS[name] for name in REQUIRED if name not in found]
    if missing:
        raise KpaError(
            f"La première ligne de {source} doit nommer les colonnes Numéro, Statut et Date (et Motif pour un "
            f"rejet) ; il manque : {', '.join(missing)}. Rien n'a été importé."
        )
    return found


def _day(text: str, today: date) -> tuple[date | None, str | None]:
    moment = _ISO_MOMENT.match(text.strip())
    try:
        day = parse_date(moment[1] if moment else text, today=today)
    except DateError as error:
        return None, error.message
    if day is None:
        return None, "la date manque (JJ/MM/AAAA)."
    if day > today:
        return None, f"le {day:%d/%m/%Y} est après aujourd'hui : vérifiez la date."
    return day, None


def _row(line: int, record: tuple[str, ...], columns: dict[str, int], today: date) -> StatusRow:
    def cell(name: str) -> str:
        index = columns.get(name)
        return " ".join(record[index].split()) if index is not None and index < len(record) else ""

    problems: list[str] = []
    number, said, reason = cell("number"), cell("status"), cell("reason")
    if not number:
        problems.append("le numéro de la facture manque.")
    status = status_of(said)
    if status is None:
        shown = f"« {said} »" if said else "rien"
        problems.append(f"le statut dit {shown} : il doit être {accepted_words()}.")
    day, date_problem = _day(cell("day"), today)
    if date_problem:
        problems.append(date_problem)
    if status == REJECTED and not reason:
        problems.append("une facture rejetée a un motif : recopiez-le dans la colonne Motif.")
    if len(reason) > REASON_LENGTH:
        problems.append(f"le motif a {len(reason)} caractères : {REASON_LENGTH} au plus.")
    return StatusRow(line, number, status, day, reason, tuple(problems))


def read_statuses_file(path: Path, *, today: date) -> tuple[StatusRow, ...]:
    """Every row of the platform's statuses file, each with what is wrong with it."""
    sheet = read_sheet(path)
    columns = _columns(sheet.header, path.name)
    return tuple(_row(line, record, columns, today) for line, record in sheet.rows)
